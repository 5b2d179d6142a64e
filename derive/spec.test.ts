import * as assert from "assert";
import { gatewaySpec } from "./spec";

describe("gatewaySpec", () => {
    it("applies the documented defaults to a minimal caller", () => {
        assert.deepStrictEqual(
            JSON.parse(JSON.stringify(gatewaySpec({ secret: { values: { A: "a" } }, cluster: { create: { name: "c" } } }))),
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
                        image: "enterprise",
                        // docs/availability.md: two replicas and a budget of one unless told otherwise.
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
                    // docs/versions.md: the default Kubernetes version is 1.36.
                    cluster: { name: "c", kubernetesVersion: "1.36", compute: "node-group" },
                }),
            ),
        );
    });
    it("takes no keys from the values of an adopted secret, and keeps what the caller gives", () => {
        const s = gatewaySpec({
            secret: { existing: "team/p", values: { A: "a" } },
            cluster: { existingName: "c" },
            rotation: { enabled: true },
            awsKeys: undefined,
        });
        assert.deepStrictEqual(s.awsKeys, []);
        assert.strictEqual(s.rotation.reloader, "install");
        const given = gatewaySpec({
            secret: {},
            cluster: { existingName: "c" },
            awsKeys: ["B"],
            rotation: { enabled: true, reloader: "existing", pollInterval: "2h" },
            gateway: { dataservice: { enabled: true } },
        });
        assert.deepStrictEqual(given.awsKeys, ["B"]);
        assert.deepStrictEqual(given.rotation, { enabled: true, pollInterval: "2h", reloader: "existing" });
        assert.strictEqual(given.gateway.dataservice.enabled, true);
        assert.deepStrictEqual(gatewaySpec({ secret: {}, cluster: { existingName: "c" } }).awsKeys, []);
    });
    it("lists each key from AWS once, in the order first given (the chart renders one env var per entry)", () => {
        assert.deepStrictEqual(gatewaySpec({ secret: {}, cluster: { existingName: "c" }, awsKeys: ["B", "A", "B"] }).awsKeys, ["B", "A"]);
    });
    it("names the cluster as commands must: created or existing by name, from another stack through its output", () => {
        const name = (cluster: Parameters<typeof gatewaySpec>[0]["cluster"]) => gatewaySpec({ secret: {}, cluster }).cluster.name;
        assert.strictEqual(name({ create: { name: "made" } }), "made");
        assert.strictEqual(name({ existingName: "there" }), "there");
        assert.strictEqual(name({ fromStack: { name: "acme/eks/prod" } }), "$(pulumi stack output clusterName)");
    });
    it("reads the failover region and its key from the replica", () => {
        const s = gatewaySpec({ secret: { replica: { region: "us-west-2", kmsKeyArn: "k" } }, cluster: { existingName: "c" } });
        assert.deepStrictEqual([s.secret.failoverRegion, s.secret.failoverKmsKeyArn], ["us-west-2", "k"]);
    });
});
