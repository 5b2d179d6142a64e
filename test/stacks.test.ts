// Every shipped stack loads and validates, its committed plan is current, and the plan command
// behaves as documented.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseConfig } from "../config";
import { renderYaml } from "../offline/render";
import { listStacks, loadStackConfig, ROOT } from "../offline/stackConfig";
import { capturedIo } from "../scripts/io";
import { PLANS_DIR, runPlan } from "../scripts/plan";
import { reusingPlanner, shippedPlan } from "./testing";
import { parsedYamlFile } from "./parsedYaml";
import { tempDir } from "./tempDir";

const STACKS = listStacks();

/** The plan command in this process, as `npm run plan` runs it minus the process start-up. */
async function runPlanCli(args: string[]) {
    const io = capturedIo();
    const status = await runPlan(args, io, reusingPlanner);
    return { status, stdout: io.stdout, stderr: io.stderr };
}

describe("shipped stacks", () => {
    // Other stacks may be added (Pulumi.<new>.yaml); every test below iterates over those present.
    it("include dev, staging and prod", () => {
        for (const s of ["dev", "staging", "prod"]) assert.ok(STACKS.includes(s), `Pulumi.${s}.yaml is missing`);
    });

    for (const stack of STACKS) {
        it(`${stack}: loads and validates`, () => {
            const s = loadStackConfig(stack);
            const cfg = parseConfig(s.config, new Set(s.secretKeys), stack);
            assert.ok(cfg.awsKeys.length > 0);
        });

        it(`${stack}: committed plan matches a fresh one`, async () => {
            const file = path.join(PLANS_DIR, `${stack}.yaml`);
            assert.ok(fs.existsSync(file), `plans/${stack}.yaml is missing: run \`npm run plan:update\` and commit it`);
            const fresh = renderYaml(await shippedPlan(stack));
            const committed = fs.readFileSync(file, "utf8");
            assert.ok(fresh === committed, `plans/${stack}.yaml is out of date: run \`npm run plan:update\` and commit the diff`);
        });

        it(`${stack}: no resource shares its parent component's bare name`, () => {
            // A reviewer reads names without types: a component and its child must not look alike.
            const resources = parsedYamlFile(path.join(PLANS_DIR, `${stack}.yaml`)).resources as Array<{ name: string; parent?: string }>;
            assert.deepStrictEqual(
                resources.filter((r) => r.parent !== undefined && r.name === r.parent).map((r) => r.name),
                [],
            );
        });
    }

    it("cover every mode, both identities, both cluster sources, both secret sources and rotation", () => {
        const cfgs = STACKS.map((st) => {
            const s = loadStackConfig(st);
            return parseConfig(s.config, new Set(s.secretKeys), st);
        });
        assert.deepStrictEqual(new Set(cfgs.map((c) => c.secretsMode)), new Set(["partial", "full", "mount-only"]));
        assert.deepStrictEqual(new Set(cfgs.map((c) => c.identity)), new Set(["irsa", "pod-identity"]));
        assert.deepStrictEqual(new Set(cfgs.map((c) => c.cluster.create)), new Set([true, false]));
        assert.deepStrictEqual(new Set(cfgs.map((c) => c.secret.existing === undefined)), new Set([true, false]));
        assert.ok(cfgs.some((c) => c.rotation.enabled && c.rotation.reloader !== "none"));
        const prod = cfgs[STACKS.indexOf("prod")];
        assert.strictEqual(prod.cluster.create, false);
        assert.ok(prod.secret.existing);
        assert.ok(prod.gateway.dataservice.enabled);
    });

    it("staging: lists, and never judges, what only AWS knows (its cluster, its load balancer's subnets, its adopted secret's keys, its last deployment)", async () => {
        // Pulumi.staging.yaml runs on the existing platform-nonprod (IRSA), gives loadBalancerSubnetIds for an
        // internal ALB (so the last deployment decides a compute switch) and adopts portkey/staging/gateway by name.
        const p = await shippedPlan("staging");
        assert.deepStrictEqual(
            p.notCheckedOffline.map((l) => l.split(":")[0]),
            ["cluster.compute", "cluster.name", "endpoint.loadBalancerSubnetIds", "endpoint.loadBalancerSubnetIds", "secretKeys"],
        );
        assert.ok(p.notCheckedOffline.some((l) => l.includes("EKS cluster platform-nonprod exists") && l.includes("IAM OIDC provider")));
    });
});

describe("stack config loading", () => {
    it("turns encrypted values into placeholders and marks their keys secret", () => {
        const s = loadStackConfig("dev");
        assert.deepStrictEqual(JSON.parse(s.config["portkey-gateway:secretValues"]), {
            ANTHROPIC_API_KEY: "[secret]",
            OPENAI_API_KEY: "[secret]",
            ORGANISATIONS_TO_SYNC: "[secret]",
            PORTKEY_CLIENT_AUTH: "[secret]",
        });
        assert.deepStrictEqual(s.secretKeys, ["portkey-gateway:imageCredentials", "portkey-gateway:secretValues"]);
        assert.strictEqual(s.config["portkey-gateway:namespace"], "portkeyai", "Pulumi.yaml defaults apply");
    });

    it("ship every secret value encrypted, never as plaintext", () => {
        // At run time Pulumi marks the whole key secret if any one value is; only the file shows each.
        for (const stack of STACKS) {
            const file = parsedYamlFile(path.join(ROOT, `Pulumi.${stack}.yaml`));
            for (const key of ["portkey-gateway:secretValues", "portkey-gateway:imageCredentials"]) {
                for (const [k, v] of Object.entries<any>(file.config[key] ?? {})) {
                    assert.ok(v && typeof v === "object" && "secure" in v, `${stack}: ${key}.${k} is plaintext`);
                }
            }
        }
    });

    it("applies overrides as pulumi --config does: keys literally, paths only with --config-path", () => {
        // pulumi/pulumi pkg/cmd/pulumi/project/newcmd/config.go parseConfig + SaveConfig: the entries build a
        // fresh map whose top-level keys replace the stack's, and config/map.go Map.Set coerces path leaves.
        const literal = loadStackConfig("dev", ROOT, ["cluster.minSize=3"]);
        assert.strictEqual(literal.config["portkey-gateway:cluster.minSize"], "3");
        // A path below a string replaces it (object.go Set COMPAT); Pulumi.yaml declares namespace a string.
        assert.throws(
            () => loadStackConfig("dev", ROOT, ["namespace.x=1"], true),
            /^Error: Stack 'dev' with configuration key 'namespace' must be of type 'string'$/,
        );
        const s = loadStackConfig(
            "dev",
            ROOT,
            ["secretsMode=mount-only", "cluster.minSize=3", "portkey-gateway:secretKeys[0]=OPENAI_API_KEY", "aws:region=eu-central-1"],
            true,
        );
        assert.strictEqual(s.config["portkey-gateway:secretsMode"], "mount-only");
        assert.deepStrictEqual(JSON.parse(s.config["portkey-gateway:cluster"]), { minSize: 3 }, "the whole cluster object is replaced; 3 is a number");
        assert.deepStrictEqual(JSON.parse(s.config["portkey-gateway:secretKeys"]), ["OPENAI_API_KEY"]);
        assert.strictEqual(s.region, "eu-central-1");
    });
});

describe("npm run plan", () => {
    it("fails on bad config with the program's message and a non-zero exit", async () => {
        const r = await runPlanCli(["--stack", "dev", "--config", "secretsMode=sync"]);
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /portkey-gateway:secretsMode: is not one of the accepted values\. Fix: use one of partial, full, mount-only\./);
        assert.strictEqual(r.stdout, "");
    });

    it("prints JSON and writes a helm-template-ready file set per release", async () => {
        const out = tempDir("plan-");
        const r = await runPlanCli(["--stack", "staging", "--json", "--out", out]);
        assert.strictEqual(r.status, 0, r.stderr);
        const plan = JSON.parse(r.stdout);
        assert.ok(Array.isArray(plan.resources) && plan.resources.length > 10);
        assert.strictEqual(plan.outputs.secretProviderClassName, "portkey-gateway-aws-secrets");
        assert.deepStrictEqual(fs.readdirSync(out).sort(), [
            ".plan-out.json",
            "manifests",
            "portkey-addons-reloader",
            "portkey-addons-secrets-store-csi-driver",
            "portkey-addons-secrets-store-csi-driver-provider-aws",
            "portkey-gateway-release",
            "portkey-lbc-release",
        ]);
        const release = YAML.parse(fs.readFileSync(path.join(out, "portkey-gateway-release", "release.yaml"), "utf8"));
        assert.deepStrictEqual(release, {
            release: "portkey",
            chart: "gateway",
            repository: "https://portkey-ai.github.io/helm",
            version: "1.7.7",
            namespace: "portkeyai",
        });
        const values = YAML.parse(fs.readFileSync(path.join(out, "portkey-gateway-release", "values.yaml"), "utf8"));
        assert.strictEqual(values.environment.data.OPENAI_API_KEY, "/mnt/secrets-store/OPENAI_API_KEY");
        const script = fs.readFileSync(path.join(out, "portkey-gateway-release", "template.sh"), "utf8");
        assert.match(
            script,
            /helm template portkey gateway --repo https:\/\/portkey-ai\.github\.io\/helm --version 1\.7\.7 --namespace portkeyai -f values\.yaml/,
        );
        fs.rmSync(out, { recursive: true });
    });

    it("prints byte for byte the committed plan", async () => {
        const r = await runPlanCli(["--stack", "prod"]);
        assert.strictEqual(r.stdout, fs.readFileSync(path.join(PLANS_DIR, "prod.yaml"), "utf8"));
    });
});
