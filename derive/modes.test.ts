import * as assert from "assert";
import { MODES, secretFilePath } from "./modes";
import { gatewayNames } from "./names";
import { MODE_NAMES, testConfig } from "./testConfig";

describe("secretFilePath", () => {
    // ASCP writes each jmesPath objectAlias as a file directly under the mount (facts.md §2).
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
            [["partial", true], ["full", true], ["mount-only", false]],
        );
    });

    // facts.md §1, "explicit mode": create false + existingSecret + non-empty secretKeys.
    it("partial: AWS keys as secretKeyRefs into the synced Secret, literals sorted in data", () => {
        const cfg = testConfig({ env: { LOG_LEVEL: "info", CACHE_STORE: "redis" }, awsKeys: ["REDIS_URL", "OPENAI_API_KEY"] });
        const env = MODES.partial.environment(cfg, gatewayNames(cfg));
        assert.deepStrictEqual(env, {
            create: false,
            existingSecret: "portkey-gateway-aws-secrets",
            secretKeys: ["REDIS_URL", "OPENAI_API_KEY"],
            data: { CACHE_STORE: "redis", LOG_LEVEL: "info" },
        });
        assert.deepStrictEqual(Object.keys(env.data as object), ["CACHE_STORE", "LOG_LEVEL"]);
        // A copy: the chart values never alias the config.
        assert.notStrictEqual(env.secretKeys, cfg.awsKeys);
        assert.notStrictEqual(env.data, cfg.env);
    });

    it("full: every key from the synced Secret, no literals", () => {
        const cfg = testConfig({ secretsMode: "full", env: {}, gateway: { syncedSecretName: "gw-env" } });
        assert.deepStrictEqual(MODES.full.environment(cfg, gatewayNames(cfg)), {
            create: false,
            existingSecret: "gw-env",
            secretKeys: ["OPENAI_API_KEY", "REDIS_URL"],
            data: {},
        });
    });

    // facts.md §1: create true + secret false puts `data` in a ConfigMap; a path value makes the
    // gateway read the file (src/utils/env.ts).
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

    // facts.md §2: Reloader watches the synced Secret, or the class with its CSI integration.
    it("reloads on the synced Secret, or on the SecretProviderClass in mount-only", () => {
        const names = { ...gatewayNames(testConfig()), syncedSecret: "synced", secretProviderClass: "spc" };
        assert.deepStrictEqual(MODES.partial.reloadAnnotation(names), ["secret.reloader.stakater.com/reload", "synced"]);
        assert.deepStrictEqual(MODES.full.reloadAnnotation(names), ["secret.reloader.stakater.com/reload", "synced"]);
        assert.deepStrictEqual(MODES["mount-only"].reloadAnnotation(names), ["secretproviderclass.reloader.stakater.com/reload", "spc"]);
    });
});
