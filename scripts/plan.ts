// npm run plan -- --stack <name> [--config <key>=<value>]... [--config-path] [--secret-json <file>] [--json] [--out <dir>]
// npm run plan:update   (rewrites plans/<stack>.yaml for every shipped stack)
//
// Runs the real program (index.ts) under Pulumi's mocks: no CLI, no credentials, no network.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Io, PROCESS_IO } from "./io";
import program = require("../index");
import { parseConfig } from "../config";
import { FakeCloudOptions } from "../offline/fakeCloud";
import { helmReleases, kubernetesManifests, renderJson, renderYaml } from "../offline/render";
import { Plan, runProgram } from "../offline/run";
import { listStacks, loadStackConfig, ROOT } from "../offline/stackConfig";

export const PLANS_DIR = path.join(ROOT, "plans");
const GET_SECRET_VERSION = "aws:secretsmanager/getSecretVersion:getSecretVersion";

interface Args {
    stack?: string;
    config: string[];
    configPath: boolean;
    json: boolean;
    out?: string;
    /** File holding the adopted secret's current value (SecretString) to check the stack against. */
    secretJson?: string;
    update: boolean;
}

const USAGE = "usage: npm run plan -- --stack <name> [--config <key>=<value>]... [--config-path] [--secret-json <file>] [--json] [--out <dir>]";

/** A flag's name for messages; anything that does not look like one is named by position only. */
function flagName(arg: string, position: number): string {
    const name = arg.split("=")[0];
    return /^--?[A-Za-z][A-Za-z-]{0,30}$/.test(name) ? name : `argument #${position}`;
}

/** A `--config` entry; without `=` the next word would be its value, so refuse it without echoing either. */
function configEntry(v: string, position: number): string {
    if (!v.includes("=")) throw new Error(`--config (argument #${position}) takes key=value; the value was not echoed`);
    return v;
}

export function parseArgs(argv: string[]): Args {
    const args: Args = { config: [], configPath: false, json: false, update: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const pos = i + 1;
        const next = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${flagName(a, pos)} needs a value`);
            return v;
        };
        if (a === "--stack" || a === "-s") args.stack = next();
        else if (a.startsWith("--stack=")) args.stack = a.slice(8);
        else if (a === "--config" || a === "-c") args.config.push(configEntry(next(), pos + 1));
        else if (a.startsWith("--config=")) args.config.push(configEntry(a.slice(9), pos));
        else if (a === "--config-path") args.configPath = true;
        else if (a === "--json") args.json = true;
        else if (a === "--out") args.out = next();
        else if (a.startsWith("--out=")) args.out = a.slice(6);
        else if (a === "--secret-json") args.secretJson = next();
        else if (a.startsWith("--secret-json=")) args.secretJson = a.slice(14);
        else if (a === "--update") args.update = true;
        else if (a.startsWith("-")) throw new Error(`unknown option ${flagName(a, pos)}\n${USAGE}`);
        else throw new Error(`unexpected positional argument (#${pos}); --config takes key=value\n${USAGE}`);
    }
    return args;
}

/** Lists the files below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => !e.isDirectory())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

const OUT_MANIFEST = ".plan-out.json";

/**
 * The files an earlier run wrote to `dir` (listed in its manifest); undefined when `dir` is absent
 * or empty. Refuses, naming a file, when the directory holds anything else, so a mistyped --out
 * never deletes someone's files.
 */
export function earlierRunFiles(dir: string): string[] | undefined {
    if (!fs.existsSync(dir)) return undefined;
    const present = filesBelow(dir);
    if (present.length === 0) return undefined;
    const manifest = path.join(dir, OUT_MANIFEST);
    const written = new Set<string>(fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as string[]) : []);
    const foreign = present.find((f) => f !== OUT_MANIFEST && !written.has(f));
    if (foreign !== undefined || !fs.existsSync(manifest)) {
        throw new Error(`--out ${dir} holds files the plan command did not write (e.g. ${foreign ?? present[0]}); choose an empty or new directory`);
    }
    return [...written];
}

/** Empties `dir` of what an earlier run wrote; refuses as `earlierRunFiles` does. */
export function clearOutDir(dir: string): void {
    const written = earlierRunFiles(dir);
    if (written === undefined) return;
    for (const f of written) fs.rmSync(path.join(dir, f), { force: true });
    fs.rmSync(path.join(dir, OUT_MANIFEST));
    for (const d of fs.readdirSync(dir))
        if (fs.statSync(path.join(dir, d)).isDirectory() && filesBelow(path.join(dir, d)).length === 0) fs.rmSync(path.join(dir, d), { recursive: true });
}

type WriteFile = (rel: string, text: string, mode?: number) => void;

/** Per Helm release: values.yaml, release.yaml and a template.sh that renders it with real Helm. */
function writeHelmFiles(plan: Plan, write: WriteFile): void {
    for (const r of helmReleases(plan)) {
        write(path.join(r.resource, "values.yaml"), YAML.stringify(r.values, { lineWidth: 0 }));
        write(
            path.join(r.resource, "release.yaml"),
            YAML.stringify({ release: r.release, chart: r.chart, repository: r.repo, version: r.version, namespace: r.namespace }),
        );
        write(
            path.join(r.resource, "template.sh"),
            `#!/bin/sh\n# Renders the manifests of release ${r.release} exactly as planned.\ncd "$(dirname "$0")" && exec helm template ${r.release} ${r.chart} --repo ${r.repo} --version ${r.version} --namespace ${r.namespace} -f values.yaml "$@"\n`,
            0o755,
        );
    }
}

export const MANIFESTS_DIR = "manifests";

/**
 * Writes what `--out` promises: the Helm files of each release and, under manifests/, every
 * Kubernetes object the program registers. Clears an earlier run's files first.
 */
export function writeOutFiles(dir: string, plan: Plan): void {
    clearOutDir(dir);
    const written: string[] = [];
    const write: WriteFile = (rel, text, mode) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text, mode === undefined ? undefined : { mode });
        written.push(rel);
    };
    writeHelmFiles(plan, write);
    for (const m of kubernetesManifests(plan)) write(path.join(MANIFESTS_DIR, m.file), m.text);
    fs.writeFileSync(path.join(dir, OUT_MANIFEST), JSON.stringify(written.sort(), null, 1) + "\n");
}

/**
 * The adopted secret's value from a `--secret-json` file, for the fake cloud to answer with.
 * Errors name the file, never its content (JSON.parse's own message quotes it).
 */
export function adoptedSecretFromFile(file: string): FakeCloudOptions {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new Error(`--secret-json ${file}: cannot be read`);
    }
    try {
        JSON.parse(text);
    } catch {
        throw new Error(
            `--secret-json ${file}: is not valid JSON (its content is not shown). Fix: give the secret's SecretString, e.g. from aws secretsmanager get-secret-value --query SecretString --output text`,
        );
    }
    return { adoptedSecretJson: text };
}

/** Plans a stack. The program's own messages name keys, never values (a test seeds canaries to prove it). */
export async function planStack(
    stack: string,
    overrides: string[] = [],
    paths = false,
    root = ROOT,
    warn?: (w: string) => void,
    cloud: FakeCloudOptions = {},
): Promise<Plan> {
    const stackConfig = loadStackConfig(stack, root, overrides, paths);
    for (const w of stackConfig.warnings ?? []) warn?.(w);
    const plan = await runProgram(program, stackConfig, undefined, cloud);
    // The program has validated this config already; parsed again here only for its sizing report.
    const sizing = parseConfig(stackConfig.config, new Set(stackConfig.secretKeys), stack, new Set(stackConfig.undecrypted)).sizing;
    return sizing ? { ...plan, sizing } : plan;
}

/** Rewrites plans/<stack>.yaml for every stack; a failing stack is named and the others still run. */
export async function updatePlans(root = ROOT, plansDir = PLANS_DIR, io: Io = PROCESS_IO): Promise<boolean> {
    fs.mkdirSync(plansDir, { recursive: true });
    let ok = true;
    for (const stack of listStacks(root)) {
        const file = path.join(plansDir, `${stack}.yaml`);
        try {
            fs.writeFileSync(file, renderYaml(await planStack(stack, [], false, root, (w) => io.err(`warning: stack ${stack}: ${w}`))));
            io.out(`wrote ${path.relative(root, file)}\n`);
        } catch (e) {
            ok = false;
            io.err(`error: stack ${stack}: ${(e as Error).message} (${path.relative(root, file)} left unchanged)`);
        }
    }
    return ok;
}

/** What makes a stack's plan: planStack, or in tests one that reuses plans already made. */
export type Planner = typeof planStack;

async function planCommand(argv: string[], io: Io, planner: Planner): Promise<boolean> {
    const args = parseArgs(argv);
    if (args.update) return updatePlans(ROOT, PLANS_DIR, io);
    if (!args.stack) throw new Error(`--stack is required (stacks here: ${listStacks().join(", ")})`);
    const warn = (w: string) => io.err(`warning: ${w}`);
    const cloud = args.secretJson === undefined ? {} : adoptedSecretFromFile(args.secretJson);
    // A directory --out must not touch is refused before the plan runs, not after.
    if (args.out) earlierRunFiles(path.resolve(args.out));
    const plan = await planner(args.stack, args.config, args.configPath, ROOT, warn, cloud);
    if (args.secretJson !== undefined && !plan.calls.includes(GET_SECRET_VERSION))
        warn("--secret-json is unused: the stack creates its secret, or secret.checkKeys is false");
    if (args.out) writeOutFiles(path.resolve(args.out), plan);
    io.out(args.json ? renderJson(plan) : renderYaml(plan));
    return true;
}

/** Runs the command on `argv`; returns the exit code (0, or 1 with `error: …` on stderr). */
export async function runPlan(argv: string[], io: Io = PROCESS_IO, planner: Planner = planStack): Promise<number> {
    try {
        return (await planCommand(argv, io, planner)) ? 0 : 1;
    } catch (e) {
        io.err(`error: ${(e as Error).message}`);
        return 1;
    }
}

if (require.main === module) {
    runPlan(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: Error) => {
            console.error(`error: ${e.message}`);
            process.exitCode = 1;
        },
    );
}
