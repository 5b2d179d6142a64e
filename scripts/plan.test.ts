// The plan command never echoes a value from its command line, keeps --out safe, and names the
// stack that fails in plan:update.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";
import { capturedIo } from "./io";
import { reusingPlanner } from "../test/testing";
import { adoptedSecretFromFile, clearOutDir, parseArgs, runPlan, updatePlans } from "./plan";
import { tempDir } from "../test/tempDir";

const CANARY = "sk-CANARY-51c0de-never-print";

/** The plan command in this process, as `npm run plan` runs it minus the process start-up. */
async function runPlanCli(args: string[]) {
    const io = capturedIo();
    const status = await runPlan(args, io, reusingPlanner);
    return { status, stdout: io.stdout, stderr: io.stderr };
}

describe("plan command: values never echoed", () => {
    const failing: Array<[string[], RegExp]> = [
        [["--stack", "dev", "--config", "secretValues.KEY", CANARY], /--config \(argument #4\) takes key=value/],
        [["--stack", "dev", "--config", CANARY], /--config \(argument #4\) takes key=value/],
        [["--stack", "dev", `--config=${CANARY}`], /--config \(argument #3\) takes key=value/],
        [["--stack", "dev", CANARY], /unexpected positional argument \(#3\)/],
        [["--stack", "dev", `--${CANARY}`], /unknown option argument #3/],
        [["--stack", "dev", "--config", `createNamespace=${CANARY}`], /Stack 'dev' with configuration key 'createNamespace' must be of type 'boolean'/],
        [["--stack", "dev", "--config-path", "--config", `cluster.minSize[3]=${CANARY}`], /portkey-gateway:cluster\.minSize: expected a whole number/],
        [
            ["--stack", "dev", "--config-path", "--config", `cluster.minSize.x=1`, "--config", `cluster.minSize[0]=${CANARY}`],
            /--config #2 \(key cluster\.minSize\[0\]\): .*key for a map must be a string/,
        ],
        [["--stack", "dev", "--config", `secretsMode=${CANARY}`], /portkey-gateway:secretsMode: is not one of the accepted values/],
    ];
    for (const [args, re] of failing) {
        it(`fails without echoing: ${args.map((a) => a.replace(CANARY, "<canary>")).join(" ")}`, async () => {
            const r = await runPlanCli(args);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, re);
            assert.ok(!r.stderr.includes(CANARY) && !r.stdout.includes(CANARY), r.stderr);
        });
    }

    it("parses --config key=value in both spellings", () => {
        assert.deepStrictEqual(parseArgs(["-s", "dev", "--config", "a=1", "--config=b=2", "--config-path"]).config, ["a=1", "b=2"]);
    });
});

describe("plan command: --out", () => {
    it("clears what an earlier run wrote, and refuses a directory holding other files", async () => {
        const out = tempDir("plan-out-");
        assert.strictEqual((await runPlanCli(["--stack", "staging", "--out", out])).status, 0);
        fs.mkdirSync(path.join(out, "stale-release"));
        fs.writeFileSync(path.join(out, "stale-release", "values.yaml"), "x: 1\n");
        const manifest = JSON.parse(fs.readFileSync(path.join(out, ".plan-out.json"), "utf8"));
        fs.writeFileSync(path.join(out, ".plan-out.json"), JSON.stringify([...manifest, "stale-release/values.yaml"]));
        assert.strictEqual((await runPlanCli(["--stack", "staging", "--out", out])).status, 0);
        assert.ok(!fs.existsSync(path.join(out, "stale-release")), "a release of an earlier run is gone");
        fs.writeFileSync(path.join(out, "notes.txt"), "mine\n");
        // Refused before the plan runs: the config error the plan would report is never reached.
        const r = await runPlanCli(["--stack", "staging", "--config", "secretsMode=bogus", "--out", out]);
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /holds files the plan command did not write \(e\.g\. notes\.txt\)/);
        assert.doesNotMatch(r.stderr, /secretsMode/);
        assert.ok(fs.existsSync(path.join(out, "notes.txt")));
        fs.rmSync(out, { recursive: true });
    });

    it("writes every Kubernetes object as a manifest and drops those an earlier stack's run left", async () => {
        const out = tempDir("plan-out-");
        assert.strictEqual((await runPlanCli(["--stack", "dev", "--out", out])).status, 0);
        assert.deepStrictEqual(fs.readdirSync(path.join(out, "manifests")).sort(), [
            "portkey-endpoint-callers.yaml",
            "portkey-endpoint-redis.yaml",
            "portkey-gateway-image-pull.yaml",
            "portkey-gateway-reload-portkey-gateway.yaml",
            "portkey-namespace.yaml",
            "portkey-spc-class.yaml",
        ]);
        // README "Running it for real": prod's namespace already exists, so the program registers none.
        assert.strictEqual((await runPlanCli(["--stack", "prod", "--out", out])).status, 0);
        const prod = fs.readdirSync(path.join(out, "manifests"));
        assert.ok(prod.includes("portkey-spc-class.yaml"));
        assert.ok(!prod.includes("portkey-namespace.yaml"), "dev's Namespace manifest is gone");
        assert.ok(!prod.includes("portkey-gateway-image-pull.yaml"), "dev's pull Secret manifest is gone");
        fs.rmSync(out, { recursive: true });
    });

    it("refuses a non-empty directory without a manifest", () => {
        const out = tempDir("plan-out-");
        fs.writeFileSync(path.join(out, "a.txt"), "x");
        assert.throws(() => clearOutDir(out), /did not write \(e\.g\. a\.txt\)/);
        fs.rmSync(out, { recursive: true });
    });
});

describe("plan:update", () => {
    it("names the failing stack, writes the others and reports failure", async () => {
        const root = tempDir("plan-update-");
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.staging.yaml"), path.join(root, "Pulumi.good.yaml"));
        fs.writeFileSync(path.join(root, "Pulumi.bad.yaml"), `config:\n  portkey-gateway:createNamespace: ${CANARY}\n`);
        fs.writeFileSync(
            path.join(root, "Pulumi.worse.yaml"),
            `config:\n  aws:region: us-east-1\n  portkey-gateway:secretsMode: ${CANARY}\n  portkey-gateway:secretValues: {A: {secure: v1:x}}\n`,
        );
        const io = capturedIo();
        const ok = await updatePlans(root, path.join(root, "plans"), io);
        const errors = io.stderr.trimEnd().split(/\n(?=error: )/);
        const logs = io.stdout.trimEnd().split("\n");
        assert.strictEqual(ok, false);
        assert.strictEqual(
            errors[0],
            "error: stack bad: Stack 'bad' with configuration key 'createNamespace' must be of type 'boolean' (plans/bad.yaml left unchanged)",
        );
        assert.match(errors[1], /^error: stack worse: .*secretsMode: is not one of the accepted values/s);
        assert.strictEqual(errors.length, 2);
        assert.ok(!errors.join("\n").includes(CANARY));
        assert.deepStrictEqual(logs, ["wrote plans/good.yaml"]);
        assert.ok(fs.existsSync(path.join(root, "plans", "good.yaml")));
        fs.rmSync(root, { recursive: true });
    });
});

describe("plan command: --secret-json", () => {
    // The staging stack adopts portkey/staging/gateway and mounts these keys (Pulumi.staging.yaml).
    const STAGING_KEYS = ["PORTKEY_CLIENT_AUTH", "ORGANISATIONS_TO_SYNC", "OPENAI_API_KEY", "REDIS_URL"];
    let dir: string;
    before(() => {
        dir = tempDir("secret-json-");
    });
    after(() => fs.rmSync(dir, { recursive: true }));
    const write = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
    };

    it("fails the plan on a missing key, naming it and never a value", async () => {
        const file = write("missing.json", JSON.stringify(Object.fromEntries(STAGING_KEYS.filter((k) => k !== "REDIS_URL").map((k) => [k, CANARY]))));
        const r = await runPlanCli(["--stack", "staging", "--secret-json", file]);
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /the adopted secret portkey\/staging\/gateway lacks keys the gateway mounts as strings: REDIS_URL \(missing\)/);
        assert.ok(!r.stderr.includes(CANARY) && !r.stdout.includes(CANARY), r.stderr);
    });

    it("passes with every key a string, printing no value", async () => {
        const file = write("ok.json", JSON.stringify(Object.fromEntries(STAGING_KEYS.map((k) => [k, CANARY]))));
        const r = await runPlanCli(["--stack", "staging", `--secret-json=${file}`]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /type: kubernetes:secrets-store\.csi\.x-k8s\.io\/v1:SecretProviderClass/);
        assert.ok(!r.stderr.includes(CANARY) && !r.stdout.includes(CANARY));
        assert.ok(!r.stdout.includes('- "secretKeys: '), "a declared value is checked, not listed as unchecked");
    });

    it("without it, plans and names the check pulumi preview makes instead of judging an invented value", async () => {
        const r = await runPlanCli(["--stack", "staging"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(
            r.stdout,
            /^notCheckedOffline:\n(?: {2}- .*\n)*? {2}- "secretKeys: that portkey\/staging\/gateway holds each mounted key as a string \(Secrets Manager GetSecretValue\)"$/m,
        );
    });

    it("refuses a file that is not JSON or cannot be read, naming the file and never its content", () => {
        const file = write("bad.json", `{"OPENAI_API_KEY": ${CANARY}}`);
        assert.throws(
            () => adoptedSecretFromFile(file),
            (e: Error) => e.message.startsWith(`--secret-json ${file}: is not valid JSON`) && !e.message.includes(CANARY),
        );
        assert.throws(() => adoptedSecretFromFile(path.join(dir, "absent.json")), /--secret-json .*absent\.json: cannot be read/);
        assert.deepStrictEqual(adoptedSecretFromFile(write("good.json", "{}")), { adoptedSecretJson: "{}" });
    });

    it("is parsed in both spellings", () => {
        assert.strictEqual(parseArgs(["--secret-json", "a.json"]).secretJson, "a.json");
        assert.strictEqual(parseArgs(["--secret-json=b.json"]).secretJson, "b.json");
    });
});
