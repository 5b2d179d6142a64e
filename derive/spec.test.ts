import * as assert from "assert";
import { gatewaySpec } from "./spec";

describe("gatewaySpec", () => {
    it("applies the README's defaults to a minimal caller", () => {
        assert.deepStrictEqual(
            JSON.parse(JSON.stringify(gatewaySpec({ secret: { valueKeys: ["A"] }, clusterName: "c" }))),
            JSON.parse(
                JSON.stringify({
                    secretsMode: "partial",
                    identity: "irsa",
                    namespace: "portkeyai",
                    awsKeys: ["A"],
                    env: {},
                    secret: {
                        name: "portkey/gateway/config",
                        existing: undefined,
                        kmsKeyArn: undefined,
                        failoverRegion: undefined,
                        failoverKmsKeyArn: undefined,
                    },
                    rotation: { enabled: false, pollInterval: "1h", reloader: "none" },
                    gateway: {
                        releaseName: "portkey",
                        chartVersion: "1.7.7",
                        serviceAccountName: undefined,
                        mountPath: "/mnt/secrets-store",
                        syncedSecretName: undefined,
                        imagePullSecrets: [],
                        values: {},
                        // The README's Availability section: two replicas and a budget of one unless told otherwise.
                        replicas: 2,
                        autoscaling: { enabled: false, min: 2, max: 6, targetCPU: 70 },
                        minAvailable: 1,
                        resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
                        dataservice: {
                            enabled: false,
                            serviceAccountName: undefined,
                            replicas: 2,
                            minAvailable: 1,
                            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
                        },
                    },
                    imageCredentials: undefined,
                    endpoint: { type: "cluster", inboundCidrs: [], allowedNamespaces: [], idleTimeoutSeconds: 600 },
                    cluster: { name: "c" },
                }),
            ),
        );
    });
    it("takes no keys from the values of an adopted secret, and keeps what the caller gives", () => {
        const s = gatewaySpec({ secret: { existing: "team/p", valueKeys: ["A"] }, clusterName: "c", rotation: { enabled: true }, awsKeys: undefined });
        assert.deepStrictEqual(s.awsKeys, []);
        assert.strictEqual(s.rotation.reloader, "install");
        const given = gatewaySpec({
            secret: {},
            clusterName: "c",
            awsKeys: ["B"],
            rotation: { enabled: true, reloader: "existing", pollInterval: "2h" },
            gateway: { dataservice: { enabled: true } },
        });
        assert.deepStrictEqual(given.awsKeys, ["B"]);
        assert.deepStrictEqual(given.rotation, { enabled: true, pollInterval: "2h", reloader: "existing" });
        assert.strictEqual(given.gateway.dataservice.enabled, true);
        assert.deepStrictEqual(gatewaySpec({ secret: {}, clusterName: "c" }).awsKeys, []);
    });
});
