// The gateway grows with its traffic: the metrics API wherever an HPA is planned. Expected values:
// kubernetes-sigs/metrics-server at tag metrics-server-helm-chart-3.13.1 (charts/metrics-server/Chart.yaml,
// values.yaml `replicas`, `podDisruptionBudget`); the chart repository is the one its README names;
// docs/availability.md ("The metrics API").
import * as assert from "assert";
import { all, baseConfig, find, plan, policy, shippedPlan, T } from "./testing";

const releaseOf = (p: Awaited<ReturnType<typeof plan>>, name: string) => all(p, T.release).find((r) => r.inputs.name === name);

describe("program: the metrics API", () => {
    it("an existing cluster with an HPA and addons.metricsServer install gets the pinned chart in kube-system, two replicas and a budget where protect is on", async () => {
        const p = await plan(baseConfig({ addons: { metricsServer: "install" }, gateway: { autoscaling: { enabled: true } } }));
        const r = find(p, T.release, "portkey-metrics-server-release");
        assert.deepStrictEqual(
            [r.inputs.name, r.inputs.chart, r.inputs.version, (r.inputs.repositoryOpts as any).repo, r.inputs.namespace],
            ["metrics-server", "metrics-server", "3.13.1", "https://kubernetes-sigs.github.io/metrics-server/", "kube-system"],
        );
        const v = r.inputs.values as any;
        assert.strictEqual(v.replicas, 2);
        assert.deepStrictEqual(v.podDisruptionBudget, { enabled: true, minAvailable: 1 });
        // The gateway's release (and its HPA) comes after the API.
        assert.ok(find(p, "portkey:gateway:GatewayRelease", "portkey-gateway").dependsOn.includes("portkey-metrics-server-release"));
    });
    it("an existing cluster declares its own by default: nothing installed", async () => {
        const p = await plan(baseConfig({ gateway: { autoscaling: { enabled: true } } }));
        assert.strictEqual(releaseOf(p, "metrics-server"), undefined);
    });
});

describe("program: nodes that follow the pods", () => {
    // Expected values: kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0 (chart name, repository,
    // values) and tag cluster-autoscaler-1.36.1; pulumi/pulumi-eks v4.3.0 nodejs/eks/nodes/nodegroup.ts
    // (ignoreScalingChanges); Pulumi.dev.yaml (minSize 1, maxSize 3, Kubernetes 1.36 by default).
    it("dev: its node group grows, so the Cluster Autoscaler is installed with its own role and `up` leaves the group's size alone", async () => {
        const p = await shippedPlan("dev");
        const r = find(p, T.release, "portkey-cluster-autoscaler-release");
        assert.deepStrictEqual(
            [r.inputs.name, r.inputs.chart, r.inputs.version, (r.inputs.repositoryOpts as any).repo, r.inputs.namespace],
            ["cluster-autoscaler", "cluster-autoscaler", "9.59.0", "https://kubernetes.github.io/autoscaler", "kube-system"],
        );
        const v = r.inputs.values as any;
        assert.deepStrictEqual([v.autoDiscovery.clusterName, v.awsRegion, v.image.tag], ["portkey-dev", "us-east-1", "v1.36.1"]);
        assert.match(v.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /role\/portkey-cluster-autoscaler-iam$/);
        const doc = policy(p, T.rolePolicy, "portkey-cluster-autoscaler-policy", "policy");
        // The AWS EKS best-practices guide's condition (docs/upstream-facts.md#cluster-autoscaler-iam).
        assert.deepStrictEqual(doc.Statement[0].Condition, {
            StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", "aws:ResourceTag/k8s.io/cluster-autoscaler/portkey-dev": "owned" },
        });
        const trust = policy(p, T.role, "portkey-cluster-autoscaler-iam", "assumeRolePolicy");
        assert.match(JSON.stringify(trust), /system:serviceaccount:kube-system:cluster-autoscaler"/);
        assert.strictEqual(find(p, T.nodeGroup).inputs.ignoreScalingChanges, true);
    });
    it("a node group that cannot grow (maxSize = minSize) gets no autoscaler, and `up` keeps its size", async () => {
        const p = await plan(baseConfig({ cluster: { create: true, minSize: 2, desiredSize: 2, maxSize: 2 } }));
        assert.strictEqual(releaseOf(p, "cluster-autoscaler"), undefined);
        assert.strictEqual(find(p, T.nodeGroup).inputs.ignoreScalingChanges, false);
    });
    it("an existing cluster's nodes are the platform team's: no autoscaler", async () => {
        const p = await plan(baseConfig({ gateway: { autoscaling: { enabled: true } } }));
        assert.strictEqual(releaseOf(p, "cluster-autoscaler"), undefined);
    });
});
