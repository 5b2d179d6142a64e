import * as assert from "assert";
import { gatewayNames } from "./names";
import { secretObjectName, secretProviderClassSpec } from "./secretProviderClass";
import { IDENTITY_NAMES, MODE_NAMES, testConfig } from "./testing";
import type { ConfigOverrides } from "./testing";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/portkey-AbCdEf";

function spec(o: ConfigOverrides = {}) {
    const cfg = testConfig(o);
    return secretProviderClassSpec(cfg, gatewayNames(cfg), "eu-west-1");
}

describe("secretObjectName", () => {
    it("is the created secret's name, or the adopted name or ARN", () => {
        assert.strictEqual(secretObjectName(testConfig()), "portkey/gateway/config");
        assert.strictEqual(secretObjectName(testConfig({ secret: { existing: "team/portkey" } })), "team/portkey");
        assert.strictEqual(secretObjectName(testConfig({ secret: { existing: ARN } })), ARN);
    });
});

describe("secretProviderClassSpec", () => {
    // docs/upstream-facts.md#spc-shape, docs/upstream-facts.md#ascp-objects: provider aws; parameters are strings, `objects` a YAML/JSON string; the whole
    // secret is a file (objectAlias) plus one file per jmesPath alias.
    it("mounts the whole secret and one file per AWS key, in the stack's region (partial, IRSA)", () => {
        const s = spec();
        assert.deepStrictEqual(s, {
            provider: "aws",
            parameters: {
                region: "eu-west-1",
                objects:
                    '[{"objectName":"portkey/gateway/config","objectType":"secretsmanager","objectAlias":"secret.json",' +
                    '"jmesPath":[{"path":"OPENAI_API_KEY","objectAlias":"OPENAI_API_KEY"},{"path":"REDIS_URL","objectAlias":"REDIS_URL"}]}]',
            },
            // secretObjects: type always set; objectName is the mounted file name (the alias).
            secretObjects: [
                {
                    secretName: "portkey-gateway-aws-secrets",
                    type: "Opaque",
                    data: [
                        { objectName: "OPENAI_API_KEY", key: "OPENAI_API_KEY" },
                        { objectName: "REDIS_URL", key: "REDIS_URL" },
                    ],
                },
            ],
        });
    });

    for (const mode of MODE_NAMES) {
        for (const identity of IDENTITY_NAMES) {
            it(`${mode} × ${identity}: syncs only when the mode does, usePodIdentity only with Pod Identity`, () => {
                const s = spec({ secretsMode: mode, identity, awsKeys: ["K"], gateway: { syncedSecretName: mode === "mount-only" ? undefined : "synced" } });
                assert.deepStrictEqual(
                    s.parameters,
                    identity === "pod-identity"
                        ? { region: "eu-west-1", objects: s.parameters.objects, usePodIdentity: "true" }
                        : { region: "eu-west-1", objects: s.parameters.objects },
                );
                assert.deepStrictEqual(
                    s.secretObjects,
                    mode === "mount-only" ? undefined : [{ secretName: "synced", type: "Opaque", data: [{ objectName: "K", key: "K" }] }],
                );
                assert.ok(!("secretObjects" in s) || mode !== "mount-only");
            });
        }
    }

    it("names an adopted secret by name or by ARN", () => {
        for (const existing of ["team/portkey", ARN]) {
            const objects = JSON.parse(spec({ secret: { existing } }).parameters.objects);
            assert.strictEqual(objects[0].objectName, existing);
        }
    });
});

// docs/upstream-facts.md#ascp-failover and ASCP (aws/secrets-store-csi-driver-provider-aws) provider/secret_descriptor.go: failoverRegion is a class parameter; a
// failoverObject needs an objectAlias; an ARN objectName carries the primary region and the
// failoverObject ARN the failover region; a name (with objectType) is looked up in each region.
describe("secretProviderClassSpec with a failover region", () => {
    const objectsOf = (o: ConfigOverrides) => JSON.parse(spec(o).parameters.objects);

    it("names the failover region and the replica's ARN (same name and suffix, failover region)", () => {
        const s = spec({ secret: { existing: ARN, failoverRegion: "us-west-2" } });
        assert.strictEqual(s.parameters.failoverRegion, "us-west-2");
        assert.deepStrictEqual(JSON.parse(s.parameters.objects)[0].failoverObject, {
            objectName: "arn:aws:secretsmanager:us-west-2:123456789012:secret:team/portkey-AbCdEf",
        });
        assert.strictEqual(JSON.parse(s.parameters.objects)[0].objectAlias, "secret.json");
    });

    it("names the replica by the same name for a created secret or one adopted by name", () => {
        assert.deepStrictEqual(objectsOf({ secret: { failoverRegion: "us-west-2" } })[0].failoverObject, { objectName: "portkey/gateway/config" });
        assert.deepStrictEqual(objectsOf({ secret: { existing: "team/portkey", failoverRegion: "us-west-2" } })[0].failoverObject, {
            objectName: "team/portkey",
        });
    });

    it("has neither without a failover region", () => {
        const s = spec({ secret: { existing: ARN } });
        assert.ok(!("failoverRegion" in s.parameters));
        assert.ok(!("failoverObject" in JSON.parse(s.parameters.objects)[0]));
    });
});
