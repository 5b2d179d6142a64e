// The end-to-end stack template (e2e/Pulumi.e2e.template.yaml) plans offline like a shipped stack,
// once copied into place and configured the way .github/workflows/e2e.yml does it.
import program = require("../index");
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { parseConfig } from "../config";
import { Plan, runProgram } from "../offline/run";
import { listStacks, loadStackConfig, readYamlFile, ROOT, StackConfig } from "../offline/stackConfig";
import { find, T, unwrap } from "./testing";

const TEMPLATE = path.join(ROOT, "e2e/Pulumi.e2e.template.yaml");
const STACK = "e2e-1234567890";

/**
 * The template after the workflow's "Configure the stack" step: `pulumi config set --path` edits
 * the copied file in place, and a value set with `--secret` is stored as `secure:` ciphertext.
 */
function configuredTemplate(mode: string): string {
    const doc = YAML.parseDocument(fs.readFileSync(TEMPLATE, "utf8"));
    doc.setIn(["config", "portkey-gateway:cluster", "name"], `portkey-${STACK}`);
    doc.setIn(["config", "portkey-gateway:secret", "name"], `portkey/${STACK}/gateway`);
    doc.setIn(["config", "portkey-gateway:secretsMode"], mode);
    doc.setIn(["config", "portkey-gateway:secretValues"], doc.createNode({ E2E_CHECK_VALUE: { secure: "v1:AAAAAAAAAAAAAAAAAAAAAA==:ciphertext" } }));
    return doc.toString();
}

/** The configured template in a project directory as Pulumi.<stack>.yaml, loaded as the CLI would. */
function e2eStack(mode = "partial"): StackConfig {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-template-"));
    try {
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, `Pulumi.${STACK}.yaml`), configuredTemplate(mode));
        return loadStackConfig(STACK, dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const plans = new Map<string, Promise<Plan>>();
function e2ePlan(mode = "partial"): Promise<Plan> {
    if (!plans.has(mode)) plans.set(mode, runProgram(program, e2eStack(mode)));
    return plans.get(mode)!;
}

describe("e2e stack template", () => {
    it("is not a shipped stack: no Pulumi.<stack>.yaml, no secure values, and copies named e2e-* are never listed", () => {
        assert.ok(fs.existsSync(TEMPLATE));
        assert.ok(!listStacks().some((s) => s.startsWith("e2e")), listStacks().join(", "));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-list-"));
        try {
            for (const f of ["Pulumi.dev.yaml", `Pulumi.${STACK}.yaml`]) fs.writeFileSync(path.join(dir, f), "config: {}\n");
            assert.deepStrictEqual(listStacks(dir), ["dev"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.ok(!fs.readFileSync(TEMPLATE, "utf8").includes("secure:"), "a fresh stack cannot decrypt committed secure: values");
        assert.ok(readYamlFile(TEMPLATE) instanceof Map);
    });

    for (const mode of ["partial", "full", "mount-only"]) {
        it(`validates and plans in ${mode} mode, as the run configures it`, async () => {
            const s = e2eStack(mode);
            assert.strictEqual(parseConfig(s.config, new Set(s.secretKeys), STACK).secretsMode, mode);
            const p = await e2ePlan(mode);
            assert.ok(find(p, T.release, "portkey-gateway-release"));
        });
    }

    it("creates a cluster in a VPC of its own, unprotected, on small nodes", async () => {
        const p = await e2ePlan();
        assert.ok(find(p, "awsx:ec2:Vpc"));
        const cluster = find(p, T.cluster);
        assert.strictEqual(cluster.options?.protect, false);
        assert.strictEqual(cluster.inputs.name, `portkey-${STACK}`);
        assert.deepStrictEqual(find(p, T.nodeGroup).inputs.instanceTypes, ["t3.medium"]);
    });

    it("creates its secret unprotected and deleted without a recovery window", async () => {
        const p = await e2ePlan();
        const secret = find(p, T.secret);
        assert.strictEqual(secret.options?.protect, false);
        assert.strictEqual(secret.inputs.recoveryWindowInDays, 0);
        assert.strictEqual(secret.inputs.name, `portkey/${STACK}/gateway`);
    });

    it("runs the open-source image, probed on the path it serves, so no Portkey credentials are needed", async () => {
        const v = find(await e2ePlan(), T.release, "portkey-gateway-release").inputs.values as any;
        // Portkey-AI/gateway src/index.ts (v1.15.2): GET / answers 200; the chart's /v1/health does not exist there.
        assert.strictEqual(v.images.gatewayImage.repository, "docker.io/portkeyai/gateway");
        assert.strictEqual(v.livenessProbe.httpGet.path, "/");
        assert.strictEqual(v.readinessProbe.httpGet.path, "/");
        assert.deepStrictEqual(v.imagePullSecrets, []);
    });

    it("tags every AWS resource with the run's stack", async () => {
        const p = await e2ePlan();
        const provider = find(p, "pulumi:providers:aws");
        assert.deepStrictEqual(JSON.parse(unwrap<string>(provider.inputs.defaultTags)).tags, { "pulumi:project": "portkey-gateway", "pulumi:stack": STACK });
        assert.deepStrictEqual(
            p.resources.filter((r) => r.custom && r.type.startsWith("aws:") && r.provider !== provider.name).map((r) => r.name),
            [],
        );
    });
});
