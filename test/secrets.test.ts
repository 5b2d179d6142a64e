// Secret values exist in plaintext nowhere but the secret itself: seed canaries, run every mode,
// and search every registered input and every stack output for them.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseConfig } from "../config";
import { renderJson, renderYaml } from "../offline/render";
import { isWrappedSecret, Plan, redact } from "../offline/run";
import { writeOutFiles } from "../scripts/plan";
import { find, plan, rawConfig, T } from "./testing";
import { tempDir } from "./tempDir";

const CANARIES = {
    OPENAI_API_KEY: "canary-openai-7f3a9c",
    REDIS_URL: "redis://canary-redis-51be02:6379",
    PORTKEY_CLIENT_AUTH: "canary-client-auth-d41c",
    ORGANISATIONS_TO_SYNC: "canary-orgs-0c94e7",
};
const PULL_PASSWORD = "canary-registry-pass-88e1";
const ALL = [...Object.values(CANARIES), PULL_PASSWORD, Buffer.from(`acme:${PULL_PASSWORD}`).toString("base64")];

function configFor(secretsMode: string) {
    return {
        secretsMode,
        secretValues: CANARIES,
        env: secretsMode === "full" ? undefined : { LOG_LEVEL: "info" },
        gateway: { dataservice: { enabled: true } },
        imageCredentials: { username: "acme", password: PULL_PASSWORD },
        rotation: { enabled: true },
    };
}

function leaks(p: Plan): string[] {
    const found: string[] = [];
    for (const r of p.resources) {
        const text = JSON.stringify(redact(r.inputs));
        for (const c of ALL) if (text.includes(c)) found.push(`${r.type} ${r.name}`);
    }
    const outputs = JSON.stringify(p.outputs);
    for (const c of ALL) if (outputs.includes(c)) found.push("stack outputs");
    return found;
}

for (const mode of ["partial", "full", "mount-only"]) {
    describe(`secret values stay secret (${mode})`, () => {
        let p: Plan;
        before(async () => {
            p = await plan(configFor(mode));
        });

        it("appear in no input or output outside values marked secret", () => {
            assert.deepStrictEqual(leaks(p), []);
        });

        it("appear in neither rendered plan nor any file --out writes", () => {
            const out = tempDir("plan-canary-");
            try {
                writeOutFiles(out, p);
                const texts = [
                    renderYaml(p),
                    renderJson(p),
                    ...fs
                        .readdirSync(out, { recursive: true, encoding: "utf8" })
                        .filter((f) => fs.statSync(path.join(out, f)).isFile())
                        .map((f) => fs.readFileSync(path.join(out, f), "utf8")),
                ];
                assert.ok(fs.existsSync(path.join(out, "manifests", "portkey-gateway-image-pull.yaml")), "the pull Secret's manifest is written");
                for (const c of ALL) assert.ok(!texts.some((t) => t.includes(c)), `a rendered file leaks ${c}`);
            } finally {
                fs.rmSync(out, { recursive: true });
            }
        });

        it("are present, marked secret, in the secret's value and the pull secret only", () => {
            const holders = p.resources.filter((r) => ALL.some((c) => JSON.stringify(r.inputs).includes(c))).map((r) => r.name);
            assert.deepStrictEqual(holders.sort(), ["portkey-gateway-image-pull", "portkey-secret-value"]);
            const secretString = find(p, T.secretVersion).inputs.secretString;
            assert.ok(isWrappedSecret(secretString));
            assert.deepStrictEqual(JSON.parse(secretString.value as string), CANARIES);
            const pull = find(p, T.k8sSecret).inputs.stringData;
            assert.ok(isWrappedSecret(pull));
            assert.match(
                JSON.parse((pull.value as Record<string, string>)[".dockerconfigjson"]).auths["https://index.docker.io/v1/"].password,
                new RegExp(PULL_PASSWORD),
            );
        });
    });
}

describe("secret values in error messages", () => {
    it("are never echoed, even when the config around them is wrong", () => {
        const raw = rawConfig({
            ...configFor("partial"),
            secretsMode: "bogus",
            secretKeys: ["OPENAI_API_KEY", "MISSING"],
            env: { REDIS_URL: CANARIES.REDIS_URL },
        });
        try {
            parseConfig(raw.config, new Set(raw.secretKeys), "test");
            assert.fail("expected a ConfigError");
        } catch (e) {
            assert.ok(e instanceof ConfigError);
            assert.ok(e.problems.length >= 3, e.message);
            for (const c of ALL) assert.ok(!e.message.includes(c), `message leaks ${c}`);
        }
    });
});
