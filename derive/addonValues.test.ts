import * as assert from "assert";
import { addonChartValues, reloadAnnotations } from "./addonValues";
import { gatewayNames } from "./names";
import { MODE_NAMES, testConfig } from "./testing";
import type { ConfigOverrides } from "./testing";

// docs/upstream-facts.md#ascp-token-audiences: ASCP 3.x needs both audiences; docs/upstream-facts.md#ascp-chart: ASCP installs
// its own driver unless told not to;
// with no tolerations its DaemonSet skips tainted nodes.
const TOKEN_REQUESTS = [{ audience: "sts.amazonaws.com" }, { audience: "pods.eks.amazonaws.com" }];
const AWS_PROVIDER = { "secrets-store-csi-driver": { install: false }, tolerations: [{ operator: "Exists" }] };

describe("addonChartValues", () => {
    it("rotation off: driver with sync RBAC, no rotation, both audiences; no Reloader", () => {
        assert.deepStrictEqual(addonChartValues(testConfig()), {
            csiDriver: { syncSecret: { enabled: true }, enableSecretRotation: false, tokenRequests: TOKEN_REQUESTS },
            awsProvider: AWS_PROVIDER,
            reloader: undefined,
        });
    });

    it("installs the sync RBAC (syncSecret.enabled) only when the mode syncs a Secret", () => {
        assert.deepStrictEqual(
            MODE_NAMES.map((m) => (addonChartValues(testConfig({ secretsMode: m })).csiDriver as any).syncSecret),
            [{ enabled: true }, { enabled: true }, { enabled: false }],
        );
    });

    it("rotation on: the poll interval in seconds, and Reloader only when installed", () => {
        const on = (rotation: ConfigOverrides["rotation"], mode: ConfigOverrides["secretsMode"] = "partial") =>
            addonChartValues(testConfig({ secretsMode: mode, rotation: { enabled: true, ...rotation } }));
        assert.deepStrictEqual(on({ pollInterval: "30m", reloader: "existing" }), {
            csiDriver: { syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: "1800s", tokenRequests: TOKEN_REQUESTS },
            awsProvider: AWS_PROVIDER,
            reloader: undefined,
        });
        assert.strictEqual(on({ reloader: "none" }).reloader, undefined);
        assert.deepStrictEqual(on({ reloader: "install" }).reloader, { reloader: { watchGlobally: true } });
        assert.deepStrictEqual(on({ reloader: "install" }, "full").reloader, { reloader: { watchGlobally: true } });
        // docs/upstream-facts.md#reloader-csi-integration: chart value reloader.enableCSIIntegration.
        assert.deepStrictEqual(on({ reloader: "install" }, "mount-only").reloader, { reloader: { watchGlobally: true, enableCSIIntegration: true } });
    });
});

describe("reloadAnnotations", () => {
    const annotate = (o: ConfigOverrides) => {
        const cfg = testConfig(o);
        return reloadAnnotations(cfg, gatewayNames(cfg));
    };

    it("annotates nothing when rotation is off or Reloader is none", () => {
        assert.strictEqual(annotate({}), undefined);
        assert.strictEqual(annotate({ rotation: { enabled: true, reloader: "none" } }), undefined);
        // Validation rejects Reloader without rotation; nothing would ever change, so no annotation.
        assert.strictEqual(annotate({ rotation: { enabled: false, reloader: "install" } }), undefined);
    });

    for (const reloader of ["install", "existing"] as const) {
        // docs/upstream-facts.md#reloader-annotations: secret.reloader.stakater.com/reload: <secret>, or for mount-only
        // secretproviderclass.reloader.stakater.com/reload: <spc>.
        it(`Reloader ${reloader}: annotates the gateway Deployment per mode`, () => {
            const rotation = { enabled: true, reloader };
            assert.deepStrictEqual(annotate({ rotation }), { "portkey-gateway": { "secret.reloader.stakater.com/reload": "portkey-gateway-aws-secrets" } });
            assert.deepStrictEqual(annotate({ rotation, secretsMode: "full", gateway: { syncedSecretName: "gw-env" } }), {
                "portkey-gateway": { "secret.reloader.stakater.com/reload": "gw-env" },
            });
            assert.deepStrictEqual(annotate({ rotation, secretsMode: "mount-only" }), {
                "portkey-gateway": { "secretproviderclass.reloader.stakater.com/reload": "portkey-gateway-aws-secrets" },
            });
        });
    }

    it("annotates the dataservice Deployment too when it is on", () => {
        assert.deepStrictEqual(
            annotate({
                rotation: { enabled: true, reloader: "install" },
                secretsMode: "mount-only",
                gateway: { releaseName: "edge", dataservice: { enabled: true } },
            }),
            {
                "edge-gateway": { "secretproviderclass.reloader.stakater.com/reload": "edge-gateway-aws-secrets" },
                "edge-gateway-dataservice": { "secretproviderclass.reloader.stakater.com/reload": "edge-gateway-aws-secrets" },
            },
        );
    });
});
