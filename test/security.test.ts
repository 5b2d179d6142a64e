// The security posture the program sets (docs/security.md), as registered under mocks.
import * as assert from "assert";
import { baseConfig, find, gatewayValues, plan, rejects, T } from "./testing";

const PSA = "pod-security.kubernetes.io/";

describe("security: the namespace the program creates", () => {
    it("enforces, warns and audits restricted at the created cluster's version when the chart's Redis is off", async () => {
        const p = await plan(baseConfig({ env: { CACHE_STORE: "aws-elastic-cache" }, cluster: { version: "1.33" } }));
        const labels = (find(p, T.namespace).inputs.metadata as any).labels;
        // kubernetes/pod-security-admission v0.33.13 api/constants.go label names; versions "v1.x".
        for (const mode of ["enforce", "warn", "audit"]) {
            assert.strictEqual(labels[`${PSA}${mode}`], "restricted");
            assert.strictEqual(labels[`${PSA}${mode}-version`], "v1.33");
        }
    });

    it("is baseline with the chart's Redis (CACHE_STORE redis, the chart's default)", async () => {
        for (const env of [{ LOG_LEVEL: "info" }, { CACHE_STORE: "redis" }]) {
            const labels = (find(await plan(baseConfig({ env })), T.namespace).inputs.metadata as any).labels;
            assert.strictEqual(labels[`${PSA}enforce`], "baseline", JSON.stringify(env));
        }
    });

    it("pins an existing cluster's declared version (cluster.kubernetesVersion)", async () => {
        const p = await plan(baseConfig({ cluster: { create: false, name: "shared", kubernetesVersion: "1.32" }, env: { CACHE_STORE: "x" } }));
        assert.strictEqual((find(p, T.namespace).inputs.metadata as any).labels[`${PSA}enforce-version`], "v1.32");
    });

    it("is not created, and so not labelled, with createNamespace false", async () => {
        const p = await plan(baseConfig({ createNamespace: false, cluster: { create: false, name: "shared" } }));
        assert.strictEqual(
            p.resources.find((r) => r.type === T.namespace),
            undefined,
        );
    });
});

describe("security: the pods", () => {
    it("run with the restricted security contexts and no gateway token, and the dataservice's pod template is patched", async () => {
        const p = await plan(baseConfig({ gateway: { replicas: 2, dataservice: { enabled: true, replicas: 2 } } }));
        const v = gatewayValues(p);
        const container = {
            runAsNonRoot: true,
            runAsUser: 1000,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        };
        const pod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
        assert.deepStrictEqual([v.podSecurityContext, v.securityContext], [pod, container]);
        assert.deepStrictEqual([v.dataservice.deployment.podSecurityContext, v.dataservice.deployment.securityContext], [pod, container]);
        assert.strictEqual(v.serviceAccount.automount, false);
        const patch = find(p, T.deploymentPatch, "portkey-gateway-pod-portkey-gateway-dataservice");
        assert.deepStrictEqual(patch.inputs.spec, { template: { spec: { automountServiceAccountToken: false } } });
        assert.deepStrictEqual((patch.inputs.metadata as any).name, "portkey-gateway-dataservice");
        assert.deepStrictEqual(patch.dependsOn, ["portkey-gateway-release"]);
    });

    it("registers no pod-template patch without the dataservice", async () => {
        const p = await plan(baseConfig());
        assert.deepStrictEqual(
            p.resources.filter((r) => r.type === T.deploymentPatch && r.name.includes("-pod-")),
            [],
        );
    });
});

describe("security: config", () => {
    it("rejects a security context in gateway.values", () =>
        rejects(baseConfig({ gateway: { values: { securityContext: { runAsUser: 0 } } } }), "gateway.values.securityContext", /restricted/));
    it("rejects cluster.kubernetesVersion on a created cluster, and one that is not a minor version", () => {
        rejects(baseConfig({ cluster: { kubernetesVersion: "1.33" } }), "cluster.kubernetesVersion", /cluster.version/);
        rejects(baseConfig({ cluster: { create: false, name: "shared", kubernetesVersion: "v1.33" } }), "cluster.kubernetesVersion", /minor version/);
    });
});
