// A secret value used as a name reaches no output: the program stops at the config error, which
// quotes neither the secret nor the setting. Offline, a value set with --secret reads as the
// placeholder SECRET_PLACEHOLDER, which is no secret value: a setting holding its text is judged by
// its own rules only (config/rules/leaks.ts compares decrypted values), and a failing plan writes nothing.
import program = require("../index");
import * as assert from "assert";
import * as fs from "fs";
import { SECRET_PLACEHOLDER } from "../offline/stackConfig";
import { runProgram } from "../offline/run";
import { baseConfig, rawConfig } from "../test/testing";
import { capturedIo } from "./io";
import { runPlan } from "./plan";
import { tempDir } from "../test/tempDir";

const LEAK = /equals or contains a value set with --secret/;
const RELEASE_NAME = /portkey-gateway:gateway\.releaseName: is not a valid release name/;

async function planCli(args: string[]) {
    const io = capturedIo();
    const status = await runPlan(args, io);
    return { status, stdout: io.stdout, stderr: io.stderr };
}

describe("a secret value used as a name, through every output path", () => {
    for (const flags of [[], ["--json"]]) {
        it(`npm run plan ${flags.join(" ")} judges a name holding the placeholder's text by its own rule, not as a leak`, async () => {
            const r = await planCli(["--stack", "dev", "--config", `gateway.releaseName=p${SECRET_PLACEHOLDER}`, "--config-path", ...flags]);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, RELEASE_NAME);
            assert.doesNotMatch(r.stderr, LEAK);
            assert.strictEqual(r.stdout, "");
        });
    }

    it("npm run plan --out writes no file", async () => {
        const out = tempDir("plan-out-");
        try {
            const r = await planCli(["--stack", "dev", "--config", `gateway.releaseName=p${SECRET_PLACEHOLDER}`, "--config-path", "--out", out]);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, RELEASE_NAME);
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
