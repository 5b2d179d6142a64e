// Bad config fails before anything is registered, with one message naming the key and the fix.
import * as assert from "assert";
import { ConfigError, parseConfig } from "../config";
import { baseConfig, OPEN_SOURCE_IMAGE, plan, rawConfig, TestConfig } from "./harness";

function problems(cfg: TestConfig): string[] {
    const raw = rawConfig(cfg);
    try {
        parseConfig(raw.config, new Set(raw.secretKeys), "test");
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems;
    }
    assert.fail("expected the config to be rejected");
}

/** Asserts exactly one problem, on `key`, matching `what`, with a fix. */
function rejects(cfg: TestConfig, key: string, what: RegExp) {
    const list = problems(cfg);
    assert.strictEqual(list.length, 1, list.join("\n"));
    assert.ok(list[0].startsWith(`portkey-gateway:${key}: `), list[0]);
    assert.match(list[0], what);
    assert.match(list[0], /Fix: .+\.$/);
}

describe("config validation", () => {
    it("accepts the minimal config and applies the documented defaults", () => {
        const raw = rawConfig(baseConfig());
        const cfg = parseConfig(raw.config, new Set(raw.secretKeys), "test");
        assert.strictEqual(cfg.secretsMode, "partial");
        assert.strictEqual(cfg.identity, "irsa");
        assert.strictEqual(cfg.namespace, "portkeyai");
        assert.strictEqual(cfg.secret.name, "portkey/gateway/config");
        assert.strictEqual(cfg.gateway.mountPath, "/mnt/secrets-store");
        assert.deepStrictEqual(cfg.awsKeys, ["OPENAI_API_KEY", "REDIS_URL"]);
        assert.strictEqual(cfg.rotation.enabled, false);
        assert.strictEqual(cfg.rotation.reloader, "none");
    });

    it("rejects an unknown mode", () => rejects(baseConfig({ secretsMode: "sync" }), "secretsMode", /is not one of the accepted values\. Fix: use one of partial, full, mount-only/));
    it("rejects an unknown identity", () => rejects(baseConfig({ identity: "keys" }), "identity", /one of irsa, pod-identity/));
    it("rejects a key that is not an env var name", () => rejects(baseConfig({ env: { "LOG-LEVEL": "x" } }), "env.LOG-LEVEL", /not an environment variable name/));
    it("rejects a secretKeys entry that is not an env var name", () =>
        rejects(baseConfig({ secretKeys: ["OPENAI_API_KEY", "REDIS_URL", "9LIVES"] }), "secretKeys", /item 2 is not an environment variable name/));
    it("rejects an AWS key with no value in a created secret", () =>
        rejects(baseConfig({ secretKeys: ["OPENAI_API_KEY", "REDIS_URL", "ANTHROPIC_API_KEY"] }), "secretValues.ANTHROPIC_API_KEY", /no value for it \(its mount would fail\)/));
    it("rejects a secret value that would be stored but never used", () =>
        rejects(baseConfig({ secretKeys: ["OPENAI_API_KEY"] }), "secretValues.REDIS_URL", /no env var uses it/));
    it("rejects a non-string secret value without echoing it", () => {
        const list = problems(baseConfig({ secretValues: { OPENAI_API_KEY: 12345, REDIS_URL: "r" } }));
        assert.strictEqual(list.length, 1, list.join("\n"));
        assert.match(list[0], /^portkey-gateway:secretValues\.OPENAI_API_KEY: expected a string value, got a number/);
        assert.ok(!list.join("\n").includes("12345"));
    });
    it("rejects a non-string literal", () => rejects(baseConfig({ env: { PORT: 8787 } }), "env.PORT", /expected a string value, got a number/));
    it("rejects literal values in full mode", () => rejects(baseConfig({ secretsMode: "full" }), "env", /full mode takes every value from AWS.*LOG_LEVEL/));
    it("rejects a key that is both literal and from AWS", () =>
        rejects(baseConfig({ env: { REDIS_URL: "redis://plain" } }), "env.REDIS_URL", /literal value and also comes from AWS/));
    it("rejects a relative mount path", () => rejects(baseConfig({ gateway: { mountPath: "secrets" } }), "gateway.mountPath", /not an absolute path/));
    it("rejects a secret name with bad characters", () => rejects(baseConfig({ secret: { name: "portkey gateway" } }), "secret.name", /characters a secret name cannot have/));
    it("rejects a secret name ending in - and six characters", () => rejects(baseConfig({ secret: { name: "portkey-config-abcdef" } }), "secret.name", /ends in '-' and six characters/));
    it("rejects a malformed secret ARN", () =>
        rejects({ secret: { existing: "arn:aws:secretsmanager:eu-west-1:1234:secret:x" }, secretKeys: ["A"], gateway: { values: OPEN_SOURCE_IMAGE } }, "secret.existing", /not a Secrets Manager secret ARN/));
    it("rejects a malformed KMS key ARN", () => rejects(baseConfig({ secret: { kmsKeyArn: "alias/portkey" } }), "secret.kmsKeyArn", /not a KMS key ARN/));
    it("rejects an existing cluster without a name", () => rejects(baseConfig({ cluster: { create: false } }), "cluster.name", /existing cluster needs its name/));
    it("rejects node group settings on an existing cluster", () =>
        rejects(baseConfig({ cluster: { create: false, name: "c", minSize: 3 } }), "cluster.minSize", /only applies to a cluster the program creates/));
    it("rejects a dataservice-only setting with the dataservice off", () =>
        rejects(baseConfig({ gateway: { dataservice: { serviceAccountName: "ds" } } }), "gateway.dataservice.serviceAccountName", /the dataservice is off/));
    it("reports an unknown top-level key", () => rejects(baseConfig({ secretMode: "full" }), "secretMode", /unknown config key/));
    it("reports an unknown nested key", () => rejects(baseConfig({ gateway: { releasename: "x" } }), "gateway.releasename", /unknown setting/));
    it("rejects secret values set without --secret", () => {
        const raw = rawConfig(baseConfig());
        assert.throws(() => parseConfig(raw.config, new Set(), "test"), /portkey-gateway:secretValues: holds plaintext in the stack file\. Fix: .*--secret/);
    });
    it("rejects secretValues for an adopted secret", () =>
        rejects(baseConfig({ secret: { existing: "prod/portkey" }, secretKeys: ["OPENAI_API_KEY"], env: {} }), "secretValues", /the secret is adopted/));
    it("rejects an adopted secret with no keys listed", () => rejects({ secret: { existing: "prod/portkey" }, gateway: { values: OPEN_SOURCE_IMAGE } }, "secretKeys", /no key comes from AWS/));
    it("rejects escape-hatch values that override managed wiring", () =>
        rejects(baseConfig({ gateway: { values: { environment: { create: true } } } }), "gateway.values.environment", /managed by the program/));
    it("rejects a floating chart version", () => rejects(baseConfig({ gateway: { chartVersion: "^1.7" } }), "gateway.chartVersion", /not an exact chart version/));
    it("rejects a synced Secret name in mount-only mode", () =>
        rejects(baseConfig({ secretsMode: "mount-only", gateway: { syncedSecretName: "x" } }), "gateway.syncedSecretName", /mount-only mode creates no Kubernetes Secret/));
    it("rejects a recovery window AWS does not allow", () => rejects(baseConfig({ secret: { recoveryWindowInDays: 3 } }), "secret.recoveryWindowInDays", /3 is not allowed/));
    it("rejects an adopted secret ARN from another region", () =>
        rejects({ secret: { existing: "arn:aws:secretsmanager:us-east-1:111122223333:secret:p-Ab12Cd" }, secretKeys: ["A"], gateway: { values: OPEN_SOURCE_IMAGE } }, "secret.existing", /is in region us-east-1 but the stack deploys to eu-west-1 \(aws:region\)/));
    it("rejects a KMS key from another region", () =>
        rejects(baseConfig({ secret: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } }), "secret.kmsKeyArn", /is in region us-east-1/));
    it("rejects keys the chart needs at render time coming from AWS", () =>
        rejects({ secretValues: { CACHE_STORE: "redis", A: "x" }, gateway: { values: OPEN_SOURCE_IMAGE } }, "secretKeys", /CACHE_STORE cannot come from AWS: the chart reads it from its values while rendering/));
    it("rejects a secret value copied into a literal", () =>
        rejects(baseConfig({ env: { LOG_LEVEL: "info", BACKUP_URL: "redis://r:6379" } }), "env.BACKUP_URL", /contains a value set with --secret \(secretValues or imageCredentials\)/));
    it("rejects a secret value copied into the escape hatch, without echoing it", () => {
        const list = problems(baseConfig({ gateway: { values: { extraEnv: [{ name: "K", value: "redis://r:6379" }] } } }));
        assert.strictEqual(list.length, 1, list.join("\n"));
        assert.match(list[0], /^portkey-gateway:gateway\.values: contains a value set with --secret/);
        assert.ok(!list[0].includes("redis://r:6379"));
    });
    it("rejects a release name longer than Helm allows", () => rejects(baseConfig({ gateway: { releaseName: "a".repeat(54) } }), "gateway.releaseName", /54 characters long/));
    it("rejects / and non-normalised mount paths", () => {
        rejects(baseConfig({ gateway: { mountPath: "/" } }), "gateway.mountPath", /not a normalised directory/);
        rejects(baseConfig({ gateway: { mountPath: "/mnt/./s" } }), "gateway.mountPath", /not a normalised directory/);
    });
    it("rejects a zero poll interval", () => rejects(baseConfig({ rotation: { enabled: true, pollInterval: "0s" } }), "rotation.pollInterval", /is zero/));
    it("keeps a numeric-looking namespace as text", () => {
        const raw = rawConfig(baseConfig({ namespace: "2024" }));
        assert.strictEqual(parseConfig(raw.config, new Set(raw.secretKeys), "t").namespace, "2024");
    });
    it("rejects creating a namespace that always exists", () => rejects(baseConfig({ namespace: "default" }), "createNamespace", /the namespace is one that always exists/));
    it("rejects an empty instance type list", () => rejects(baseConfig({ cluster: { instanceTypes: [] } }), "cluster.instanceTypes", /is empty/));
    it("rejects add-on chart versions when the add-ons are not installed", () =>
        rejects(baseConfig({ addons: { install: false, csiDriverChartVersion: "1.6.0" } }), "addons.csiDriverChartVersion", /addons\.install is false/));
    it("names the Pod Identity agent setting that does not apply", () =>
        rejects(baseConfig({ cluster: { podIdentityAgentVersion: "v1" } }), "cluster.podIdentityAgentVersion", /apply only with identity pod-identity/));
    it("names the Reloader chart version that does not apply", () =>
        rejects(baseConfig({ rotation: { enabled: true, reloader: "existing", reloaderChartVersion: "2.2.16" } }), "rotation.reloaderChartVersion", /only applies when the program installs Reloader/));
    it("reports an over-long secret name as too long", () => rejects(baseConfig({ secret: { name: "a".repeat(513) } }), "secret.name", /513 characters long/));
    it("lists every problem in one message", () => {
        const list = problems(baseConfig({ secretsMode: "nope", gateway: { mountPath: "rel" }, cluster: { create: false } }));
        assert.deepStrictEqual(list.map((l) => l.split(":").slice(0, 2).join(":")), [
            "portkey-gateway:secretsMode",
            "portkey-gateway:cluster.name",
            "portkey-gateway:gateway.mountPath",
        ]);
    });

    it("fails the program before any resource is registered, naming the key", async () => {
        await assert.rejects(plan(baseConfig({ secretsMode: "sync" })), (e: Error) => {
            assert.match(e.message, /portkey-gateway:secretsMode: is not one of the accepted values/);
            return true;
        });
    });
});
