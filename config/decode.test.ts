import * as assert from "assert";
import { decodeRaw, PROVIDER_NAMESPACES } from "./decode";
import { Problems } from "./problems";
import { assertWellFormed } from "./testing";

function decode(raw: Record<string, string>, secretKeys: string[] = []): [ReturnType<typeof decodeRaw>, string[]] {
    const p = new Problems();
    const out = decodeRaw(raw, new Set(secretKeys), p);
    assertWellFormed(p.list);
    return [out, p.list];
}
const TOP_KEYS =
    "secretsMode, identity, namespace, createNamespace, protect, cluster, addons, rotation, secret, secretValues, secretKeys, env, logStore, bedrock, gateway, endpoint, imageCredentials";

describe("PROVIDER_NAMESPACES", () => {
    it("are the providers the program uses, and Pulumi's", () =>
        assert.deepStrictEqual([...PROVIDER_NAMESPACES], ["aws", "kubernetes", "eks", "awsx", "pulumi"]));
});

describe("decodeRaw", () => {
    it("parses JSON of objects, lists, numbers and booleans; keeps declared strings as text", () => {
        const [out, list] = decode({
            "portkey-gateway:namespace": "2024",
            "portkey-gateway:secretsMode": "full",
            "portkey-gateway:cluster": '{"minSize":3}',
            "portkey-gateway:createNamespace": "false",
            "portkey-gateway:secretKeys": '["A"]',
        });
        assert.deepStrictEqual(out, {
            values: { namespace: "2024", secretsMode: "full", cluster: { minSize: 3 }, createNamespace: false, secretKeys: ["A"] },
            region: undefined,
        });
        assert.deepStrictEqual(list, []);
    });
    it("keeps text that is not JSON as text", () => assert.deepStrictEqual(decode({ "portkey-gateway:cluster": "{oops" })[0].values, { cluster: "{oops" }));
    it("reads aws:region and ignores other provider keys", () => {
        const raw: Record<string, string> = {
            "aws:region": "eu-west-1",
            "kubernetes:context": "x",
            "eks:a": "1",
            "awsx:b": "1",
            "pulumi:tags": "{}",
            "aws:profile": "p",
        };
        assert.deepStrictEqual(decode(raw), [{ values: {}, region: "eu-west-1" }, []]);
    });
    it("ignores keys without a namespace", () => assert.deepStrictEqual(decode({ secretsMode: "full" }), [{ values: {}, region: undefined }, []]));
    it("reports a key in a namespace nothing reads", () =>
        assert.deepStrictEqual(decode({ "portkey:namespace": "x" }), [
            { values: {}, region: undefined },
            [
                "portkey:namespace: the namespace \"portkey\" is neither this project's (portkey-gateway) nor a provider's (aws, kubernetes, eks, awsx, pulumi), so nothing reads it. Fix: rename it to portkey-gateway:namespace (`pulumi config rm 'portkey:namespace'`, then `pulumi config set namespace …`).",
            ],
        ]));
    it("reports an unknown project key, listing the declared ones", () =>
        assert.deepStrictEqual(decode({ "portkey-gateway:secretMode": "full" }), [
            { values: {}, region: undefined },
            [`portkey-gateway:secretMode: unknown config key. Fix: remove it (\`pulumi config rm secretMode\`), or use one of ${TOP_KEYS}.`],
        ]));
    it("reports a secret key set without --secret", () => {
        const [out, list] = decode({ "portkey-gateway:secretValues": '{"A":"x"}', "portkey-gateway:imageCredentials": '{"username":"u"}' });
        assert.deepStrictEqual(out.values, { secretValues: { A: "x" }, imageCredentials: { username: "u" } });
        assert.deepStrictEqual(list, [
            "portkey-gateway:secretValues: holds plaintext in the stack file. Fix: set every value with `pulumi config set --secret --path 'secretValues.<field>' <value>`.",
            "portkey-gateway:imageCredentials: holds plaintext in the stack file. Fix: set every value with `pulumi config set --secret --path 'imageCredentials.<field>' <value>`.",
        ]);
    });
    it("accepts secret keys marked secret, and plain keys unmarked", () =>
        assert.deepStrictEqual(decode({ "portkey-gateway:secretValues": '{"A":"x"}', "portkey-gateway:env": "{}" }, ["portkey-gateway:secretValues"])[1], []));
    it("reports an empty or malformed region", () => {
        const fix = "Fix: set it with `pulumi config set aws:region <region>`, such as us-east-1.";
        assert.deepStrictEqual(decode({ "aws:region": "" }), [{ values: {}, region: undefined }, [`aws:region: is empty. ${fix}`]]);
        assert.deepStrictEqual(decode({ "aws:region": "Frankfurt" }), [{ values: {}, region: undefined }, [`aws:region: is not an AWS region code. ${fix}`]]);
    });
    it("reads the region from the map's own keys only", () => {
        const raw = Object.create({ "aws:region": "moon" }) as Record<string, string>;
        assert.deepStrictEqual(decode(raw), [{ values: {}, region: undefined }, []]);
    });
});
