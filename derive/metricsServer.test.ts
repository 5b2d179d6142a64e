// Expected values from kubernetes-sigs/metrics-server at tag metrics-server-helm-chart-3.13.1:
// charts/metrics-server/values.yaml (replicas, podDisruptionBudget), templates/pdb.yaml and
// _helpers.tpl (selector labels name/instance), README.md "Compatibility Matrix" (0.8.x: 1.31+).
import * as assert from "assert";
import { metricsServerReplicas, metricsServerValues, metricsServerVersionProblem } from "./metricsServer";

describe("metricsServerValues", () => {
    it("one replica: only the count, no budget (a budget of one pod would block every drain)", () => {
        assert.deepStrictEqual(metricsServerValues(1), { replicas: 1 });
    });
    it("two replicas: the chart's budget on, one kept, spread over nodes by the chart's selector labels", () => {
        const v = metricsServerValues(2) as any;
        assert.strictEqual(v.replicas, 2);
        assert.deepStrictEqual(v.podDisruptionBudget, { enabled: true, minAvailable: 1 });
        const selectors = v.topologySpreadConstraints.map((c: any) => c.labelSelector.matchLabels);
        for (const s of selectors) assert.deepStrictEqual(s, { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": "metrics-server" });
        assert.deepStrictEqual(
            v.topologySpreadConstraints.map((c: any) => c.topologyKey),
            ["topology.kubernetes.io/zone", "kubernetes.io/hostname"],
        );
    });
    it("production-like stacks get two, others one", () => {
        assert.deepStrictEqual([metricsServerReplicas(true), metricsServerReplicas(false)], [2, 1]);
    });
});

describe("metricsServerVersionProblem", () => {
    it("chart 3.13.1 (app 0.8.1) runs on 1.31 and later, not on 1.30", () => {
        assert.strictEqual(metricsServerVersionProblem("3.13.1", "1.31"), undefined);
        assert.strictEqual(metricsServerVersionProblem("3.13.1", "1.36"), undefined);
        assert.strictEqual(metricsServerVersionProblem("3.13.1", "1.30"), "metrics-server 0.8.x needs Kubernetes 1.31 or later");
    });
    it("refuses a chart version with no recorded app line", () => {
        assert.match(metricsServerVersionProblem("3.99.0", "1.36")!, /no recorded app version/);
    });
});

describe("metricsServerVersionProblem across a major version", () => {
    // The minor compared as numbers, major first: 2.0 is later than 1.31, 0.99 earlier.
    it("a later major is later whatever its minor, an earlier one earlier", () => {
        assert.strictEqual(metricsServerVersionProblem("3.13.1", "2.0"), undefined);
        assert.strictEqual(metricsServerVersionProblem("3.13.1", "0.99"), "metrics-server 0.8.x needs Kubernetes 1.31 or later");
    });
});
