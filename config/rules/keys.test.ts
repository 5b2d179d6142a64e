import * as assert from "assert";
import { assertNotEchoed, ruleInput, run, Overrides } from "../testing";
import { createdSecretHoldsExactlyTheKeys, literalsFitTheMode, mountOnlyKeysReadAsFiles, secretKeysWellFormed, someKeyFromAws } from "./keys";

describe("secretKeysWellFormed", () => {
    const check = (secretKeys?: string[]) => run(secretKeysWellFormed, ruleInput({ secretKeys }));
    it("rejects each name that is not an env var name, by index", () => {
        const list = check(["OK", "9LIVES", "a-b"]);
        assert.deepStrictEqual(list, [
            "portkey-gateway:secretKeys: item 1 is not an environment variable name (letters, digits and _, not starting with a digit). Fix: rename the key here and in the secret.",
            "portkey-gateway:secretKeys: item 2 is not an environment variable name (letters, digits and _, not starting with a digit). Fix: rename the key here and in the secret.",
        ]);
        assertNotEchoed(list, "9LIVES");
        assertNotEchoed(list, "a-b");
    });
    it("rejects a key listed twice", () =>
        assert.deepStrictEqual(check(["A", "B", "A"]), ["portkey-gateway:secretKeys: lists a key more than once. Fix: list each key once."]));
    it("accepts distinct names, and no list", () => {
        assert.deepStrictEqual(check(["A", "B"]), []);
        assert.deepStrictEqual(check(undefined), []);
    });
});

describe("someKeyFromAws", () => {
    it("asks a created secret for values", () =>
        assert.deepStrictEqual(run(someKeyFromAws, ruleInput({ secretValues: undefined })), [
            "portkey-gateway:secretKeys: no key comes from AWS Secrets Manager. Fix: add values with `pulumi config set --secret --path 'secretValues.<KEY>' <value>`.",
        ]));
    it("asks an adopted secret for its keys", () =>
        assert.deepStrictEqual(run(someKeyFromAws, ruleInput({ secret: { existing: "prod/portkey" }, secretValues: undefined })), [
            "portkey-gateway:secretKeys: no key comes from AWS Secrets Manager. Fix: list the keys of the existing secret with `pulumi config set --path 'secretKeys[0]' <KEY>`.",
        ]));
    it("is silent when a key comes from AWS, or when the listed names are reported as malformed", () => {
        assert.deepStrictEqual(run(someKeyFromAws, ruleInput()), []);
        assert.deepStrictEqual(run(someKeyFromAws, ruleInput({ secret: { existing: "p" }, secretKeys: ["A"] })), []);
        assert.deepStrictEqual(run(someKeyFromAws, ruleInput({ secret: { existing: "p" }, secretKeys: ["9X"] })), []);
    });
});

describe("createdSecretHoldsExactlyTheKeys", () => {
    const check = (over: Overrides, raw: Record<string, unknown> = { secretValues: over.secretValues }) =>
        run(createdSecretHoldsExactlyTheKeys, ruleInput(over, raw));
    it("rejects values for an adopted secret", () =>
        assert.deepStrictEqual(check({ secret: { existing: "prod/portkey" }, secretKeys: ["A"], secretValues: { A: "x" } }), [
            "portkey-gateway:secretValues: values are set but the secret is adopted (secret.existing is set), so the program cannot write them. Fix: remove secretValues and put the values in the existing secret, or remove secret.existing.",
        ]));
    it("accepts an adopted secret without values", () =>
        assert.deepStrictEqual(check({ secret: { existing: "prod/portkey" }, secretKeys: ["A"], secretValues: undefined }, {}), []));
    it("rejects a listed key without a value (ASCP fails the whole mount on a missing jmesPath)", () =>
        assert.deepStrictEqual(check({ secretKeys: ["A", "B"], secretValues: { A: "x" } }), [
            "portkey-gateway:secretValues.B: secretKeys lists B but the secret the program creates has no value for it (its mount would fail). Fix: set it with `pulumi config set --secret --path 'secretValues.B' <value>`, or remove B from secretKeys.",
        ]));
    it("counts a written value even when it was dropped as malformed", () => {
        assert.deepStrictEqual(check({ secretKeys: ["A"], secretValues: {} }, { secretValues: { A: 1 } }), []);
        assert.deepStrictEqual(check({ secretKeys: ["A"], secretValues: {} }, { secretValues: null }).length, 1);
        assert.deepStrictEqual(check({ secretKeys: ["A"], secretValues: {} }, { secretValues: "A" }).length, 1);
        assert.deepStrictEqual(check({ secretKeys: ["toString"], secretValues: {} }, { secretValues: {} }).length, 1);
        assert.deepStrictEqual(check({ secretKeys: ["length"], secretValues: {} }, { secretValues: "abc" }).length, 1);
    });
    it("rejects a value no env var uses", () =>
        assert.deepStrictEqual(check({ secretKeys: ["A"], secretValues: { A: "x", B: "y" } }), [
            "portkey-gateway:secretValues.B: is stored in the secret but no env var uses it (secretKeys does not list B). Fix: add B to secretKeys, or remove it with `pulumi config rm --path 'secretValues.B'`.",
        ]));
    it("accepts exactly the keys", () => assert.deepStrictEqual(check({ secretKeys: ["A"], secretValues: { A: "x" } }), []));
    it("allows a JSON of 65536 bytes, not one more (Secrets Manager: SecretString up to 65,536 bytes)", () => {
        // {"A":"…"} is 8 bytes around the value; "é" is 2 bytes in UTF-8.
        const sized = (value: string) => check({ secretValues: { A: value } });
        assert.deepStrictEqual(sized("x".repeat(65536 - 8)), []);
        const big = ["portkey-gateway:secretValues: the secret's JSON is larger than the 64 KiB Secrets Manager allows. Fix: move large values elsewhere."];
        assert.deepStrictEqual(sized("x".repeat(65536 - 7)), big);
        assert.deepStrictEqual(sized("é".repeat(40000)), big);
    });
});

describe("literalsFitTheMode", () => {
    const check = (over: Overrides) => run(literalsFitTheMode, ruleInput(over));
    it("rejects literals in full mode except the render keys", () => {
        assert.deepStrictEqual(check({ secretsMode: "full", env: { LOG_LEVEL: "info", PORT: "8787", DEBUG: "1" } }), [
            "portkey-gateway:env: full mode takes every value from AWS Secrets Manager, but literal values are set for LOG_LEVEL, DEBUG. Fix: move those values into the secret, or use secretsMode partial (only PORT, MCP_PORT, SERVER_MODE and CACHE_STORE may be literals in full mode).",
        ]);
        assert.deepStrictEqual(check({ secretsMode: "full", env: { PORT: "8787", MCP_PORT: "8788", SERVER_MODE: "x", CACHE_STORE: "redis" } }), []);
        assert.deepStrictEqual(check({ secretsMode: "full" }), []);
    });
    it("accepts literals in partial mode", () => assert.deepStrictEqual(check({ env: { LOG_LEVEL: "info" } }), []));
    it("rejects a key that is both literal and from AWS", () =>
        assert.deepStrictEqual(check({ env: { OPENAI_API_KEY: "plain" } }), [
            "portkey-gateway:env.OPENAI_API_KEY: OPENAI_API_KEY has a literal value and also comes from AWS (secretKeys). Fix: remove env.OPENAI_API_KEY, or remove OPENAI_API_KEY from secretKeys.",
        ]));
    it("rejects render keys from AWS (README: the chart reads them while rendering)", () => {
        assert.deepStrictEqual(check({ secretValues: { CACHE_STORE: "redis" } }), [
            "portkey-gateway:secretKeys: CACHE_STORE cannot come from AWS: the chart reads it from its values while rendering (ports, server mode, whether to deploy Redis). Fix: remove CACHE_STORE from secretKeys and secretValues, and set it in env.",
        ]);
        assert.deepStrictEqual(check({ secret: { existing: "p" }, secretKeys: ["PORT"] }), [
            "portkey-gateway:secretKeys: PORT cannot come from AWS: the chart reads it from its values while rendering (ports, server mode, whether to deploy Redis). Fix: remove PORT from secretKeys, and set it in env.",
        ]);
    });
    it("reads the env's own keys only", () => assert.deepStrictEqual(check({ secret: { existing: "p" }, secretKeys: ["constructor"], env: {} }), []));
});

describe("mountOnlyKeysReadAsFiles", () => {
    // The open-source gateway 1.15.2 reads from a file, and then uses, only TRUSTED_CUSTOM_HOSTS,
    // AWS_ENDPOINT_DOMAIN, AZURE_AUTHORITY_HOST, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE
    // (Portkey-AI/gateway v1.15.2 src/utils/env.ts and its Environment(c) readers; docs/upstream-facts.md#gateway-file-values).
    const open = { repository: "portkeyai/gateway" };
    const check = (over: Overrides) => run(mountOnlyKeysReadAsFiles, ruleInput({ secretsMode: "mount-only", ...over }));
    const values = (tag?: string) => ({ image: "open-source", values: { images: { gatewayImage: tag === undefined ? open : { ...open, tag } } } }) as never;
    it("refuses a key the open-source image would receive as the path, listing the keys it reads and the fix", () => {
        const list = check({ secretKeys: ["OPENAI_API_KEY", "AZURE_CLIENT_ID", "REDIS_URL"], gateway: values() });
        assert.deepStrictEqual(list, [
            "portkey-gateway:secretKeys: OPENAI_API_KEY, REDIS_URL would reach the open-source gateway as the file's path, not its value: in mount-only mode each key from AWS is a path, and this image reads only TRUSTED_CUSTOM_HOSTS, AWS_ENDPOINT_DOMAIN, AZURE_AUTHORITY_HOST, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE from a file. Fix: use secretsMode partial (the env var then holds the value), or list in secretKeys only keys the image reads as files.",
        ]);
    });
    it("refuses keys it reads from a file but never reads back (the AWS_ASSUME_ROLE_* keys, PORT) and keys of created secrets", () => {
        assert.strictEqual(check({ secretKeys: ["AWS_ASSUME_ROLE_ACCESS_KEY_ID"], gateway: values() }).length, 1);
        assert.strictEqual(check({ secretKeys: undefined, secretValues: { OPENAI_API_KEY: "sk" }, gateway: values() }).length, 1);
    });
    it("accepts the six keys the 1.15.2 image reads from files, the pinned tag named or not", () => {
        const six = ["TRUSTED_CUSTOM_HOSTS", "AWS_ENDPOINT_DOMAIN", "AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"];
        assert.deepStrictEqual(check({ secretKeys: six, gateway: values() }), []);
        assert.deepStrictEqual(check({ secretKeys: six, gateway: values("1.15.2") }), []);
    });
    it("refuses mount-only on an open-source tag without a list, naming the key and where the list goes", () => {
        const list = check({ secretKeys: ["AZURE_CLIENT_ID"], gateway: values("1.16.0") });
        assert.strictEqual(list.length, 1);
        assert.match(list[0], /^portkey-gateway:gateway\.values\.images\.gatewayImage\.tag: names an open-source gateway version without a list/);
        assert.match(list[0], /Fix: use secretsMode partial, or the tag 1\.15\.2, or .*OPEN_SOURCE_FILE_KEYS in derive\/image\.ts\.$/);
    });
    it("does not apply to the enterprise image, nor outside mount-only", () => {
        assert.deepStrictEqual(check({ secretKeys: ["OPENAI_API_KEY"], gateway: { image: "enterprise", values: {} } as never }), []);
        assert.deepStrictEqual(run(mountOnlyKeysReadAsFiles, ruleInput({ secretsMode: "partial", secretKeys: ["OPENAI_API_KEY"], gateway: values() })), []);
    });
});
