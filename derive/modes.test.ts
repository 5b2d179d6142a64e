import * as assert from "assert";
import { MODES, secretFilePath } from "./modes";

/** The env values a stack sets, without the chart null defaults given as "". */
function literals(data: unknown): Record<string, unknown> {
    return Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== ""));
}
import { gatewayNames } from "./names";
import { MODE_NAMES, testConfig } from "./testing";

describe("secretFilePath", () => {
    // ASCP writes each jmesPath objectAlias as a file directly under the mount (docs/upstream-facts.md#ascp-objects).
    it("is the mount path joined with the key", () => {
        assert.strictEqual(secretFilePath(testConfig(), "REDIS_URL"), "/mnt/secrets-store/REDIS_URL");
        assert.strictEqual(secretFilePath(testConfig({ gateway: { mountPath: "/var/run/portkey" } }), "K"), "/var/run/portkey/K");
    });

    it("drops trailing slashes of the mount path and nothing else", () => {
        assert.strictEqual(secretFilePath(testConfig({ gateway: { mountPath: "/mnt/x//" } }), "K"), "/mnt/x/K");
        assert.strictEqual(secretFilePath(testConfig({ gateway: { mountPath: "/mnt/x/" } }), "K"), "/mnt/x/K");
    });
});

describe("MODES", () => {
    it("syncs a Kubernetes Secret in partial and full, not in mount-only", () => {
        assert.deepStrictEqual(
            MODE_NAMES.map((m) => [m, MODES[m].syncsSecret]),
            [
                ["partial", true],
                ["full", true],
                ["mount-only", false],
            ],
        );
    });

    // docs/upstream-facts.md#chart-env-modes, "explicit" mode: create false + existingSecret + non-empty secretKeys.
    it("partial: AWS keys as secretKeyRefs into the synced Secret, literals sorted in data", () => {
        const cfg = testConfig({ env: { LOG_LEVEL: "info", CACHE_STORE: "redis" }, awsKeys: ["REDIS_URL", "OPENAI_API_KEY"] });
        const env = MODES.partial.environment(cfg, gatewayNames(cfg));
        assert.deepStrictEqual(
            { ...env, data: literals(env.data) },
            {
                create: false,
                existingSecret: "portkey-gateway-aws-secrets",
                secretKeys: ["REDIS_URL", "OPENAI_API_KEY"],
                data: { CACHE_STORE: "redis", LOG_LEVEL: "info" },
            },
        );
        const keys = Object.keys(env.data as object);
        assert.deepStrictEqual(keys, [...keys].sort(), "data keys sorted");
        // A copy: the chart values never alias the config.
        assert.notStrictEqual(env.secretKeys, cfg.awsKeys);
        assert.notStrictEqual(env.data, cfg.env);
    });

    it("full: every key from the synced Secret, no literals", () => {
        const cfg = testConfig({ secretsMode: "full", env: {}, gateway: { syncedSecretName: "gw-env" } });
        const env = MODES.full.environment(cfg, gatewayNames(cfg));
        assert.deepStrictEqual(
            { ...env, data: literals(env.data) },
            {
                create: false,
                existingSecret: "gw-env",
                secretKeys: ["OPENAI_API_KEY", "REDIS_URL"],
                data: {},
            },
        );
    });

    // Chart 1.7.7 _helpers.tpl `portkeyenterprise.commonEnvMap`: explicit mode renders `$value | toString`,
    // so a null default of values.yaml `environment.data` becomes "<nil>"; SERVER_MODE "<nil>" turns
    // off the gateway port (`gateway.enabled`), leaving the Service without ports.
    for (const mode of ["partial", "full"] as const) {
        it(`${mode}: gives the chart's null defaults as "", but never over an AWS key or a literal`, () => {
            const cfg = testConfig({ secretsMode: mode, env: { SERVER_MODE: "all" }, awsKeys: ["PORTKEY_CLIENT_AUTH"] });
            const data = MODES[mode].environment(cfg, gatewayNames(cfg)).data as Record<string, string>;
            assert.strictEqual(data.LOG_STORE, "");
            assert.strictEqual(data.ORGANISATIONS_TO_SYNC, "");
            assert.strictEqual(data.MCP_GATEWAY_BASE_URL, "");
            assert.strictEqual(data.SERVER_MODE, "all");
            assert.ok(!("PORTKEY_CLIENT_AUTH" in data), "an AWS key stays a secretKeyRef only");
            // Keys with a non-null chart default keep it: the program does not set them.
            for (const k of ["PORT", "CACHE_STORE", "REDIS_URL", "ANALYTICS_STORE", "SERVICE_NAME", "MCP_PORT", "REDIS_TLS_ENABLED"])
                assert.ok(!(k in data), k);
            const bare = testConfig({ secretsMode: mode, env: {} });
            assert.strictEqual((MODES[mode].environment(bare, gatewayNames(bare)).data as Record<string, string>).SERVER_MODE, "");
        });
    }

    // docs/upstream-facts.md#chart-env-modes: create true + secret false puts `data` in a ConfigMap; a path value makes the
    // gateway read the file (docs/upstream-facts.md#gateway-file-values).
    it("mount-only: a ConfigMap of literals and file paths, sorted", () => {
        const cfg = testConfig({ secretsMode: "mount-only", env: { LOG_LEVEL: "info" }, gateway: { mountPath: "/var/run/portkey" } });
        const env = MODES["mount-only"].environment(cfg, gatewayNames(cfg));
        assert.deepStrictEqual(env, {
            create: true,
            secret: false,
            data: { LOG_LEVEL: "info", OPENAI_API_KEY: "/var/run/portkey/OPENAI_API_KEY", REDIS_URL: "/var/run/portkey/REDIS_URL" },
        });
        assert.deepStrictEqual(Object.keys(env.data as object), ["LOG_LEVEL", "OPENAI_API_KEY", "REDIS_URL"]);
        assert.deepStrictEqual(cfg.env, { LOG_LEVEL: "info" }, "config unchanged");
    });

    // docs/upstream-facts.md#reloader-annotations: Reloader watches the synced Secret, or the class with its CSI integration.
    it("reloads on the synced Secret, or on the SecretProviderClass in mount-only", () => {
        const names = { ...gatewayNames(testConfig()), syncedSecret: "synced", secretProviderClass: "spc" };
        assert.deepStrictEqual(MODES.partial.reloadAnnotation(names), ["secret.reloader.stakater.com/reload", "synced"]);
        assert.deepStrictEqual(MODES.full.reloadAnnotation(names), ["secret.reloader.stakater.com/reload", "synced"]);
        assert.deepStrictEqual(MODES["mount-only"].reloadAnnotation(names), ["secretproviderclass.reloader.stakater.com/reload", "spc"]);
    });
});
