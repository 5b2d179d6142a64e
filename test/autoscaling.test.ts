// The gateway grows with its traffic: the metrics API wherever an HPA is planned. Expected values:
// kubernetes-sigs/metrics-server at tag metrics-server-helm-chart-3.13.1 (charts/metrics-server/Chart.yaml,
// values.yaml `replicas`, `podDisruptionBudget`); the chart repository is the one its README names;
// docs/availability.md ("The metrics API").
import * as assert from "assert";
import { all, baseConfig, find, plan, T } from "./testing";

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
