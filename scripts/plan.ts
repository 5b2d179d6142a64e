// npm run plan -- --stack <name> [--config <key>=<value>]... [--config-path] [--json] [--out <dir>]
// npm run plan:update   (rewrites plans/<stack>.yaml for every shipped stack)
//
// Runs the real program (index.ts) under Pulumi's mocks: no CLI, no credentials, no network.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import program = require("../index");
import { helmReleases, renderJson, renderYaml } from "../offline/render";
import { Plan, runProgram } from "../offline/run";
import { listStacks, loadStackConfig, ROOT } from "../offline/stackConfig";

export const PLANS_DIR = path.join(ROOT, "plans");

interface Args {
    stack?: string;
    config: string[];
    configPath: boolean;
    json: boolean;
    out?: string;
    update: boolean;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { config: [], configPath: false, json: false, update: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${a} needs a value`);
            return v;
        };
        if (a === "--stack" || a === "-s") args.stack = next();
        else if (a.startsWith("--stack=")) args.stack = a.slice(8);
        else if (a === "--config" || a === "-c") args.config.push(next());
        else if (a.startsWith("--config=")) args.config.push(a.slice(9));
        else if (a === "--config-path") args.configPath = true;
        else if (a === "--json") args.json = true;
        else if (a === "--out") args.out = next();
        else if (a.startsWith("--out=")) args.out = a.slice(6);
        else if (a === "--update") args.update = true;
        else throw new Error(`unknown argument ${a}\nusage: npm run plan -- --stack <name> [--config <key>=<value>]... [--config-path] [--json] [--out <dir>]`);
    }
    return args;
}

function writeHelmFiles(dir: string, plan: Plan) {
    for (const r of helmReleases(plan)) {
        const d = path.join(dir, r.resource);
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(path.join(d, "values.yaml"), YAML.stringify(r.values, { lineWidth: 0 }));
        fs.writeFileSync(path.join(d, "release.yaml"), YAML.stringify({ release: r.release, chart: r.chart, repository: r.repo, version: r.version, namespace: r.namespace }));
        fs.writeFileSync(
            path.join(d, "template.sh"),
            `#!/bin/sh\n# Renders the manifests of release ${r.release} exactly as planned.\ncd "$(dirname "$0")" && exec helm template ${r.release} ${r.chart} --repo ${r.repo} --version ${r.version} --namespace ${r.namespace} -f values.yaml "$@"\n`,
            { mode: 0o755 },
        );
    }
}

export async function planStack(stack: string, overrides: string[] = [], paths = false) {
    return runProgram(program, loadStackConfig(stack, ROOT, overrides, paths));
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    if (args.update) {
        fs.mkdirSync(PLANS_DIR, { recursive: true });
        for (const stack of listStacks()) {
            const file = path.join(PLANS_DIR, `${stack}.yaml`);
            fs.writeFileSync(file, renderYaml(await planStack(stack)));
            console.log(`wrote ${path.relative(ROOT, file)}`);
        }
        return;
    }
    if (!args.stack) throw new Error(`--stack is required (stacks here: ${listStacks().join(", ")})`);
    const plan = await planStack(args.stack, args.config, args.configPath);
    process.stdout.write(args.json ? renderJson(plan) : renderYaml(plan));
    if (args.out) writeHelmFiles(path.resolve(args.out), plan);
}

if (require.main === module) {
    main().catch((e: Error) => {
        console.error(`error: ${e.message}`);
        process.exit(1);
    });
}
