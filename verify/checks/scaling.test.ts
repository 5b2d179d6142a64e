// The scaling checks against healthy installs and installs broken one way each. Facts: an HPA that
// cannot read the resource metrics API has ScalingActive=False with reason FailedGetResourceMetric and
// Warning events FailedGetResourceMetric (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go);
// the scheduler marks a pod it cannot place PodScheduled=False, reason Unschedulable, with a message such
// as "0/2 nodes are available: 2 Insufficient cpu" (kubernetes/kubernetes pkg/scheduler/schedule_one.go);
// metrics-server registers APIService v1beta1.metrics.k8s.io (kubernetes-sigs/metrics-server chart 3.13.1).
// Stacks: prod autoscales from 3 on the platform team's cluster (Pulumi.prod.yaml); dev's created node
// group grows from 1 to 3, so the Cluster Autoscaler is its capacity source (Pulumi.dev.yaml).
import * as assert from "assert";
import { isHpaEvent } from "../live";
import { groupObjects } from "../observed";
import { clusterAutoscalerDeployment, metricsApiService } from "../scalingTesting";
import { edit, healthyObjects, obj, stackState, without } from "../testing";
import { Finding, KubeObject, Observed } from "../types";
import { driftFindings } from "./drift";
import { scalingFindings } from "./scaling";

const HPA = "portkey-gateway";
const READ_AT = "2026-01-05T12:00:00Z";
/** The fixture's objects were created at 10:00; two hours later everything has settled. */
const observed = (objects: KubeObject[], readAt: string | undefined = READ_AT): Observed => ({ ...groupObjects(objects), ...(readAt ? { readAt } : {}) });

function finding(findings: Finding[], id: string): Finding {
    const f = findings.find((x) => x.id === id);
    assert.ok(f, `no finding ${id} in ${findings.map((x) => x.id).join(", ")}`);
    return f;
}

const noMetrics = (objects: KubeObject[]) =>
    edit(objects, "HorizontalPodAutoscaler", HPA, (h: any) => {
        h.status.conditions[1] = {
            type: "ScalingActive",
            status: "False",
            reason: "FailedGetResourceMetric",
            message:
                "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)",
        };
    });

describe("verify checks: scaling", () => {
    it("a healthy prod install passes: the metrics API available, the HPA reading CPU, the platform's capacity, nothing Pending", () => {
        const e = stackState("prod");
        const f = scalingFindings(e, observed(healthyObjects(e)));
        assert.deepStrictEqual(
            f.map((x) => [x.id, x.status]),
            [
                ["scaling.metrics-api", "pass"],
                [`scaling.hpa/${HPA}`, "pass"],
                ["scaling.capacity", "pass"],
                ["scaling.pending/portkey-gateway", "pass"],
                ["scaling.pending/portkey-gateway-dataservice", "pass"],
            ],
        );
        assert.match(finding(f, "scaling.capacity").expected, /the platform team's cluster/);
    });

    it("no metrics API fails, naming metrics-server and, on an existing cluster, addons.metricsServer", () => {
        const e = stackState("prod");
        const f = finding(scalingFindings(e, observed(without(healthyObjects(e), "APIService"))), "scaling.metrics-api");
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /no APIService v1beta1\.metrics\.k8s\.io/);
        assert.match(f.fix!, /metrics-server.*addons\.metricsServer to install/);
        const down = [...without(healthyObjects(e), "APIService"), metricsApiService(false)];
        assert.match(finding(scalingFindings(e, observed(down)), "scaling.metrics-api").found, /^Available=False \(ServiceNotFound/);
    });

    it("an HPA that cannot read metrics fails after the settling time, naming metrics-server; within it, N/A", () => {
        const e = stackState("prod");
        const f = finding(scalingFindings(e, observed(noMetrics(healthyObjects(e)))), `scaling.hpa/${HPA}`);
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /^ScalingActive=False \(FailedGetResourceMetric: .*pods\.metrics\.k8s\.io/);
        assert.match(f.fix!, /cannot read metrics from metrics-server/);
        const early = finding(scalingFindings(e, observed(noMetrics(healthyObjects(e)), "2026-01-05T10:01:30Z")), `scaling.hpa/${HPA}`);
        assert.strictEqual(early.status, "n/a");
        assert.match(early.expected, /^settling: .* 90 s after the HPA or a rollout started \(allowed 300 s\)/);
    });

    // A new HPA or new pods log FailedGetResourceMetric in their first minute and events stay about an
    // hour (kube-apiserver --event-ttl, default 1h): only events since ScalingActive last changed count.
    const metricsEvent = (namespace: string, at: string) =>
        obj("v1", "Event", `${HPA}.17f1`, namespace, {
            involvedObject: { kind: "HorizontalPodAutoscaler", name: HPA, namespace },
            reason: "FailedGetResourceMetric",
            message: "failed to get cpu utilization: unable to get metrics for resource cpu",
            type: "Warning",
            firstTimestamp: at,
            lastTimestamp: at,
        });
    const scalingActive = (objects: KubeObject[], status: string, reason: string, since: string) =>
        edit(objects, "HorizontalPodAutoscaler", HPA, (h: any) => {
            h.status.conditions[1] = { ...h.status.conditions[1], status, reason, lastTransitionTime: since };
        });

    it("a healthy HPA passes despite metrics failure events from before ScalingActive turned True", () => {
        const e = stackState("prod");
        const objs = [
            ...scalingActive(healthyObjects(e), "True", "ValidMetricFound", "2026-01-05T11:01:00Z"),
            metricsEvent(e.namespace, "2026-01-05T11:00:30Z"),
        ];
        const f = finding(scalingFindings(e, observed(objs)), `scaling.hpa/${HPA}`);
        assert.deepStrictEqual([f.status, f.found], ["pass", "ScalingActive=True, replicas 3 → 3"]);
    });

    it("ScalingActive=False with a metrics failure event since fails naming metrics-server; an older event is not blamed", () => {
        const e = stackState("prod");
        const down = scalingActive(noMetrics(healthyObjects(e)), "False", "FailedGetResourceMetric", "2026-01-05T11:00:00Z");
        const f = finding(scalingFindings(e, observed([...down, metricsEvent(e.namespace, "2026-01-05T11:59:00Z")])), `scaling.hpa/${HPA}`);
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /events FailedGetResourceMetric/);
        assert.match(f.fix!, /cannot read metrics from metrics-server/);
        // False for another reason (kubernetes/kubernetes horizontal.go: InvalidSelector) with a stale metrics event.
        const other = scalingActive(healthyObjects(e), "False", "InvalidSelector", "2026-01-05T11:00:00Z");
        const g = finding(scalingFindings(e, observed([...other, metricsEvent(e.namespace, "2026-01-05T10:59:00Z")])), `scaling.hpa/${HPA}`);
        assert.strictEqual(g.status, "fail");
        assert.doesNotMatch(g.found, /events/);
        assert.match(g.fix!, /describe hpa portkey-gateway/);
    });

    it("a missing HPA fails", () => {
        const e = stackState("prod");
        const gone = finding(scalingFindings(e, observed(without(healthyObjects(e), "HorizontalPodAutoscaler"))), `scaling.hpa/${HPA}`);
        assert.strictEqual(gone.status, "fail");
    });

    it("live reads keep the HPA's events: it is named <fullname>, not <deployment>-…", () => {
        const e = stackState("prod");
        const ev = (kind: string, name: string) => obj("v1", "Event", "x", e.namespace, { involvedObject: { kind, name } });
        assert.strictEqual(isHpaEvent(e, ev("HorizontalPodAutoscaler", HPA)), true);
        assert.strictEqual(isHpaEvent(e, ev("HorizontalPodAutoscaler", "someone-else")), false);
        assert.strictEqual(isHpaEvent(stackState("dev"), ev("HorizontalPodAutoscaler", HPA)), false);
    });

    it("a stack without an HPA: the metrics API is N/A and there is no HPA finding", () => {
        const e = stackState("dev");
        const f = scalingFindings(e, observed(healthyObjects(e)));
        assert.strictEqual(finding(f, "scaling.metrics-api").status, "n/a");
        assert.ok(!f.some((x) => x.id.startsWith("scaling.hpa/")));
    });

    it("dev: the Cluster Autoscaler is the capacity source; not ready fails", () => {
        const e = stackState("dev");
        const ok = finding(scalingFindings(e, observed(healthyObjects(e))), "scaling.capacity");
        assert.deepStrictEqual([ok.status, ok.found], ["pass", "Cluster Autoscaler kube-system/cluster-autoscaler-aws-cluster-autoscaler ready 1/1"]);
        const objs = [...without(healthyObjects(e), "Deployment", "cluster-autoscaler-aws-cluster-autoscaler"), clusterAutoscalerDeployment(0)];
        assert.strictEqual(finding(scalingFindings(e, observed(objs)), "scaling.capacity").status, "fail");
    });

    it("a gateway pod the scheduler cannot place fails with its reason and the capacity found; a young one under the autoscaler is settling", () => {
        const e = stackState("dev");
        const pod = healthyObjects(e).find((o) => o.kind === "Pod" && o.metadata.name.startsWith("portkey-gateway-"))!.metadata.name;
        const pending = (created: string) =>
            edit(healthyObjects(e), "Pod", pod, (p: any) => {
                p.metadata.creationTimestamp = created;
                p.status = {
                    phase: "Pending",
                    conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient cpu." }],
                };
            });
        const f = finding(scalingFindings(e, observed(pending("2026-01-05T11:00:00Z"))), "scaling.pending/portkey-gateway");
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /^1 Pending \(.*\): 0\/2 nodes are available: 2 Insufficient cpu\.; capacity: Cluster Autoscaler .* ready 1\/1$/);
        assert.match(f.fix!, /raise cluster\.maxSize/);
        assert.strictEqual(finding(scalingFindings(e, observed(pending("2026-01-05T11:58:00Z"))), "scaling.pending/portkey-gateway").status, "n/a");
    });

    it("a bundle written before verify read HPAs and APIServices: their checks are N/A", () => {
        const e = stackState("prod");
        const o = { ...observed(healthyObjects(e)), unread: ["HorizontalPodAutoscaler", "APIService"] };
        const f = scalingFindings(e, o);
        assert.strictEqual(finding(f, "scaling.metrics-api").status, "n/a");
        assert.strictEqual(finding(f, `scaling.hpa/${HPA}`).status, "n/a");
    });

    it("drift: the HPA's bounds changed by hand fail, fixed by a forced release upgrade", () => {
        const e = stackState("prod");
        const objs = edit(healthyObjects(e), "HorizontalPodAutoscaler", HPA, (h: any) => (h.spec.maxReplicas = 50));
        const f = finding(driftFindings(e, groupObjects(objs)), `drift.hpa/${HPA}`);
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /spec\.maxReplicas: expected 9, found 50/);
        assert.match(f.fix!, /helm -n portkey upgrade portkey/);
        assert.strictEqual(finding(driftFindings(e, groupObjects(healthyObjects(e))), `drift.hpa/${HPA}`).status, "pass");
    });
});
