// A secret value used as a name reaches no output: the plan, its --json form, the --out files and
// the stack outputs all stop at the config error, which quotes neither the secret nor the setting.
// Offline, every value set with --secret is the placeholder SECRET_PLACEHOLDER (8 characters), so a
// setting holding it stands for one holding a real secret.
import program = require("../index");
import * as assert from "assert";
import * as fs from "fs";
import { SECRET_PLACEHOLDER } from "../offline/stackConfig";
import { runProgram } from "../offline/run";
import { baseConfig, rawConfig } from "../test/testing";
import { capturedIo } from "./io";
import { runPlan } from "./plan";
import { tempDir } from "../test/tempDir";

const LEAK = /portkey-gateway:gateway\.releaseName: equals or contains a value set with --secret/;

async function planCli(args: string[]) {
    const io = capturedIo();
    const status = await runPlan(args, io);
    return { status, stdout: io.stdout, stderr: io.stderr };
}

describe("a secret value used as a name, through every output path", () => {
    it("is the placeholder of 8 characters, so the rule compares it", () => assert.strictEqual(SECRET_PLACEHOLDER.length, 8));

    for (const flags of [[], ["--json"]]) {
        it(`npm run plan ${flags.join(" ")} fails and prints no secret`, async () => {
            const r = await planCli(["--stack", "dev", "--config", `gateway.releaseName=p${SECRET_PLACEHOLDER}`, "--config-path", ...flags]);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, LEAK);
            assert.ok(!r.stdout.includes(SECRET_PLACEHOLDER) && !r.stderr.includes(SECRET_PLACEHOLDER), r.stderr);
        });
    }

    it("npm run plan --out writes no file", async () => {
        const out = tempDir("plan-out-");
        try {
            const r = await planCli(["--stack", "dev", "--config", `gateway.releaseName=p${SECRET_PLACEHOLDER}`, "--config-path", "--out", out]);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, LEAK);
            assert.deepStrictEqual(fs.readdirSync(out), []);
        } finally {
            fs.rmSync(out, { recursive: true });
        }
    });

    it("the program registers nothing and exports no output", async () => {
        const secret = "s3cret-value-of-a-key";
        const seen: string[] = [];
        const cfg = baseConfig({ secretValues: { OPENAI_API_KEY: secret }, namespace: secret });
        await assert.rejects(
            runProgram(program, rawConfig(cfg), (type) => seen.push(type)),
            (e: Error) => /portkey-gateway:namespace: equals or contains a value set with --secret/.test(e.message) && !e.message.includes(secret),
        );
        assert.deepStrictEqual(
            seen.filter((t) => t !== "pulumi:pulumi:Stack"),
            [],
        );
    });
});
