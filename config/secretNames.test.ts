// A secret value must never become a name, key, label, path, annotation or output: names are
// printed in the plan, its JSON, the --out files, the stack outputs and the cluster. README
// ("Secret values never appear in plaintext outside the secret itself"); issue rule: secret values
// of 8 characters or more, never saying which secret matched, never quoting a setting.
import * as assert from "assert";
import { CONFIG } from "./declaration";
import { Fields } from "./schema";
import { assertNotEchoed, onMinimal, problemsOf } from "./testing";

const SECRET = "tok-4f9e2a7c1b";
const ENV_SECRET = "TOKEN_ABC12345";
const leak = (key: string, which = "") =>
    `portkey-gateway:${key}: ${which}equals or contains a value set with --secret (secretValues or imageCredentials), and this setting becomes a name, key, label, path or output that is printed in plaintext. Fix: ${
        which.startsWith("has a key") ? "rename that key so it holds no secret value" : "choose a value that holds no secret value"
    }.`;

/** The problems of MINIMAL plus `cfg`, with SECRET as a secret value; none may quote a secret. */
function check(cfg: Record<string, unknown>, secretValues: Record<string, string> = { OPENAI_API_KEY: SECRET }): string[] {
    const list = problemsOf(onMinimal({ secretValues, ...cfg }));
    for (const s of Object.values(secretValues)) assertNotEchoed(list, s);
    return list;
}

describe("a secret value used as a name", () => {
    const named: Array<[string, Record<string, unknown>]> = [
        ["namespace", { namespace: SECRET }],
        ["gateway.releaseName", { gateway: { releaseName: SECRET } }],
        ["secret.name", { secret: { name: `portkey/${SECRET}` } }],
        ["gateway.mountPath", { gateway: { mountPath: `/mnt/${SECRET}` } }],
        ["gateway.serviceAccountName", { gateway: { serviceAccountName: SECRET } }],
        ["gateway.syncedSecretName", { gateway: { syncedSecretName: `${SECRET}.synced` } }],
        ["cluster.name", { cluster: { name: SECRET } }],
        ["cluster.fromStack", { cluster: { fromStack: `org/project/${SECRET}` } }],
    ];
    for (const [key, cfg] of named) {
        it(`rejects it in ${key}, quoting neither`, () => assert.deepStrictEqual(check(cfg), [leak(key)]));
    }
    it("rejects it as an item of a list, naming the item", () => {
        assert.deepStrictEqual(check({ gateway: { imagePullSecrets: ["registry-a", SECRET] } }), [leak("gateway.imagePullSecrets", "item 1 ")]);
    });
    it("rejects it as an env key, even an invalid one, without quoting the key", () => {
        assert.deepStrictEqual(check({ env: { [ENV_SECRET]: "1" } }, { OPENAI_API_KEY: ENV_SECRET }), [leak("env", "has a key that ")]);
        // The decoder's own problem names the key (env.<key>); it is withheld, the leak is reported.
        assert.deepStrictEqual(check({ env: { [`${SECRET}-x`]: "1" } }), [leak("env", "has a key that ")]);
    });
    it("rejects a secretKeys entry equal to a secret value, without the rules that quote keys", () => {
        assert.deepStrictEqual(check({ secretKeys: ["OPENAI_API_KEY", ENV_SECRET] }, { OPENAI_API_KEY: ENV_SECRET }), [leak("secretKeys", "item 1 ")]);
    });
    it("rejects a secretValues key that holds another secret value", () => {
        assert.deepStrictEqual(check({}, { OPENAI_API_KEY: ENV_SECRET, [ENV_SECRET]: "another-value-1" }), [leak("secretValues", "has a key that ")]);
    });
    it("compares registry credentials too, but not the registry's public address", () => {
        const imageCredentials = { registry: "https://registry.example.com", username: "robot-account-7", password: "p4ssw0rd-long" };
        assert.deepStrictEqual(check({ imageCredentials, namespace: "robot-account-7" }), [leak("namespace")]);
        assert.deepStrictEqual(check({ imageCredentials, gateway: { releaseName: "registry" } }), []);
    });
    it("ignores secret values under 8 characters, so short common words never block a name", () => {
        assert.deepStrictEqual(check({ namespace: "gateway" }, { OPENAI_API_KEY: "gateway" }), []);
        assert.deepStrictEqual(check({ namespace: "gateway1" }, { OPENAI_API_KEY: "gateway1" }), [leak("namespace")]);
    });
    it("also catches a default that equals a secret value", () => {
        // The default mount path is /mnt/secrets-store (README config reference).
        assert.deepStrictEqual(check({}, { OPENAI_API_KEY: "secrets-store" }), [leak("gateway.mountPath")]);
    });
});

/** Every text or text-list setting of the declaration, by its dotted key. */
function textSettings(fields: Fields, prefix = ""): string[] {
    return Object.entries(fields).flatMap(([k, f]) => {
        if (f.kind === "section") return f.secret ? [] : textSettings(f.fields, `${prefix}${k}.`);
        return (f.type === "string" || f.type === "array") && !f.secret ? [`${prefix}${k}`] : [];
    });
}

/** A config with `value` at the dotted key. */
function at(key: string, value: unknown): Record<string, unknown> {
    return key.split(".").reduceRight<unknown>((v, part) => ({ [part]: v }), value) as Record<string, unknown>;
}

describe("every text setting", () => {
    const keys = textSettings(CONFIG as Fields).filter((k) => k !== "secretKeys");
    it("is found (the declaration has text settings in every section)", () => {
        for (const k of [
            "namespace",
            "cluster.vpcId",
            "cluster.fromStackOutputs.kubeconfig",
            "secret.existing",
            "gateway.dataservice.serviceAccountName",
            "rotation.pollInterval",
        ])
            assert.ok(keys.includes(k), k);
    });
    for (const key of keys) {
        it(`${key}: a secret value in it is reported on the key and never quoted`, () => {
            const decl = key.split(".").reduce<any>((f, part) => (f.fields ?? f)[part], CONFIG);
            const value = decl.type === "array" ? [SECRET] : SECRET;
            const list = check(at(key, value));
            const expected = decl.type === "array" ? leak(key, "item 0 ") : leak(key);
            assert.ok(list.includes(expected), `${key}:\n${list.join("\n")}`);
        });
    }
});
