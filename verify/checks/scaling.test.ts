// The scaling checks against healthy installs and installs broken one way each. Facts: an HPA that
// cannot read the resource metrics API has ScalingActive=False with reason FailedGetResourceMetric and
// Warning events FailedGetResourceMetric (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go);
// the scheduler marks a pod it cannot place PodScheduled=False, reason Unschedulable, with a message such
// as "0/2 nodes are available: 2 Insufficient cpu" (kubernetes/kubernetes pkg/scheduler/schedule_one.go);
// metrics-server registers APIService v1beta1.metrics.k8s.io (kubernetes-sigs/metrics-server chart 3.13.1).
// Stacks: prod autoscales from 3 on the platform team's cluster (Pulumi.prod.yaml); dev's created node
// group grows from 1 to 3, so the Cluster Autoscaler is its capacity source (Pulumi.dev.yaml).
import * as assert from "assert";
import { shippedSizing } from "../../test/capacityFormula";
import { isHpaEvent } from "../live";
import { groupObjects } from "../observed";
import { clusterAutoscalerDeployment, metricsApiService } from "../scalingTesting";
import { autoModeState, edit, healthyObjects, obj, stackState, without } from "../testing";
import { ExpectedState } from "../expected";
import { Finding, KubeObject, Observed } from "../types";
import { driftFindings } from "./drift";
import { capacityFinding, hpaFinding, metricsApiFinding, pendingFindings, scalingFindings } from "./scaling";

/** prod's HPA ceiling by the docs' sizing formula over its peak and the figures (docs/availability.md, "Sizing from the figures"). */
const PROD_CEILING = shippedSizing("prod").ceiling;

const HPA = "portkey-gateway";
const READ_AT = "2026-01-05T12:00:00Z";
/** The fixture's objects were created at 10:00; two hours later everything has settled. */
const observed = (objects: KubeObject[], readAt: string | undefined = READ_AT): Observed => ({ ...groupObjects(objects), ...(readAt ? { readAt } : {}) });

function finding(findings: Finding[], id: string): Finding {
    const f = findings.find((x) => x.id === id);
    assert.ok(f, `no finding ${id} in ${findings.map((x) => x.id).join(", ")}`);
    return f;
}

/** The healthy install with its first gateway pod Pending since `created`, Unschedulable for want of CPU. */
function pendingGatewayPod(e: ExpectedState, created: string): KubeObject[] {
    const pod = healthyObjects(e).find((o) => o.kind === "Pod" && o.metadata.name.startsWith("portkey-gateway-"))!.metadata.name;
    return edit(healthyObjects(e), "Pod", pod, (p: any) => {
        p.metadata.creationTimestamp = created;
        p.status = {
            phase: "Pending",
            conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient cpu." }],
        };
    });
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
        const pending = (created: string) => pendingGatewayPod(e, created);
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
        assert.match(f.found, new RegExp(`spec\\.maxReplicas: expected ${PROD_CEILING}, found 50`));
        assert.match(f.fix!, /helm -n portkey upgrade portkey/);
        assert.strictEqual(finding(driftFindings(e, groupObjects(healthyObjects(e))), `drift.hpa/${HPA}`).status, "pass");
    });

    // docs/upstream-facts.md#hpa-scale-down: the chart renders its behavior defaults; the API server adds selectPolicy Max.
    for (const [what, change, path] of [
        ["scale-up turned off (selectPolicy Disabled)", (h: any) => (h.spec.behavior.scaleUp.selectPolicy = "Disabled"), "spec.behavior.scaleUp.selectPolicy"],
        [
            "a faster scale-down (10 pods per 15 s)",
            (h: any) => (h.spec.behavior.scaleDown.policies = [{ type: "Pods", value: 10, periodSeconds: 15 }]),
            "spec.behavior.scaleDown.policies",
        ],
        ["no scale-down window", (h: any) => (h.spec.behavior.scaleDown.stabilizationWindowSeconds = 0), "spec.behavior.scaleDown.stabilizationWindowSeconds"],
        [
            "a scale-up window added by hand",
            (h: any) => (h.spec.behavior.scaleUp.stabilizationWindowSeconds = 600),
            "spec.behavior.scaleUp.stabilizationWindowSeconds",
        ],
        ["scale-down turned off", (h: any) => (h.spec.behavior.scaleDown.selectPolicy = "Disabled"), "spec.behavior.scaleDown.selectPolicy"],
    ] as const)
        it(`drift: the HPA's behavior changed by hand fails: ${what}`, () => {
            const e = stackState("prod");
            const f = finding(driftFindings(e, groupObjects(edit(healthyObjects(e), "HorizontalPodAutoscaler", HPA, change))), `drift.hpa/${HPA}`);
            assert.strictEqual(f.status, "fail");
            assert.ok(f.found.startsWith(`${path}: expected `), f.found);
        });

    it("drift: the selectPolicy the API server fills in is no drift, whichever rule it is on", () => {
        const e = stackState("prod");
        const hpa = healthyObjects(e).find((o) => o.kind === "HorizontalPodAutoscaler") as any;
        assert.deepStrictEqual(
            [hpa.spec.behavior.scaleUp.selectPolicy, hpa.spec.behavior.scaleDown.selectPolicy],
            ["Max", "Max"],
            "stored as the API server does",
        );
        const without = edit(healthyObjects(e), "HorizontalPodAutoscaler", HPA, (h: any) => void delete h.spec.behavior.scaleDown.selectPolicy);
        assert.strictEqual(finding(driftFindings(e, groupObjects(without)), `drift.hpa/${HPA}`).status, "pass");
    });
});

// Exact findings, per docs/availability.md "Checking scaling" and docs/upstream-facts.md#hpa-without-metrics.
describe("verify checks: scaling, exact findings", () => {
    const EXISTING_FIX =
        "the cluster has no working metrics-server (addons.metricsServer is existing): ask the platform team to install it, or set addons.metricsServer to install and run `pulumi up`";
    const INSTALL_FIX =
        "metrics-server is the stack's (release metrics-server in kube-system): `kubectl -n kube-system get deploy,pods -l app.kubernetes.io/instance=metrics-server` and `kubectl get apiservice v1beta1.metrics.k8s.io -o yaml` show why it is not serving; `pulumi up` reinstalls it";
    const API_EXPECTED = "APIService v1beta1.metrics.k8s.io (metrics-server) Available, so the HPA can read CPU";
    const api = (status: unknown, name = "v1beta1.metrics.k8s.io") =>
        obj("apiregistration.k8s.io/v1", "APIService", name, undefined, status === undefined ? {} : { status });

    it("scaling.metrics-api: the APIService's Available condition, with the fix for where metrics-server comes from", () => {
        const prod = stackState("prod");
        const install = stackState("prod");
        install.scaling.metricsApi.source = "install";
        const rest = without(healthyObjects(prod), "APIService");
        const cases: [string, typeof prod, KubeObject[], Finding][] = [
            [
                "Available=True",
                prod,
                [...rest, metricsApiService(true)],
                { id: "scaling.metrics-api", status: "pass", expected: API_EXPECTED, found: "Available=True (Passed: all checks passed)" },
            ],
            [
                "missing (another APIService only), existing",
                prod,
                [...rest, api({ conditions: [{ type: "Available", status: "True" }] }, "v1beta1.custom.metrics.k8s.io")],
                {
                    id: "scaling.metrics-api",
                    status: "fail",
                    expected: API_EXPECTED,
                    found: "no APIService v1beta1.metrics.k8s.io: nothing serves the resource metrics API",
                    fix: EXISTING_FIX,
                },
            ],
            [
                "missing, installed by the stack",
                install,
                rest,
                {
                    id: "scaling.metrics-api",
                    status: "fail",
                    expected: API_EXPECTED,
                    found: "no APIService v1beta1.metrics.k8s.io: nothing serves the resource metrics API",
                    fix: INSTALL_FIX,
                },
            ],
            [
                "no status",
                install,
                [...rest, api(undefined)],
                { id: "scaling.metrics-api", status: "fail", expected: API_EXPECTED, found: "Available=unknown", fix: INSTALL_FIX },
            ],
            [
                "Available=False with a reason, no message",
                install,
                [...rest, api({ conditions: [{ type: "Available", status: "False", reason: "FailedDiscoveryCheck" }] })],
                { id: "scaling.metrics-api", status: "fail", expected: API_EXPECTED, found: "Available=False (FailedDiscoveryCheck)", fix: INSTALL_FIX },
            ],
            [
                "Available=Unknown without reason",
                prod,
                [...rest, api({ conditions: [{ type: "Available", status: "Unknown", message: "ignored without a reason" }] })],
                { id: "scaling.metrics-api", status: "fail", expected: API_EXPECTED, found: "Available=Unknown", fix: EXISTING_FIX },
            ],
        ];
        for (const [name, e, objs, want] of cases) assert.deepStrictEqual(metricsApiFinding(e, observed(objs)), want, name);
        assert.deepStrictEqual(metricsApiFinding(stackState("dev"), observed([])), {
            id: "scaling.metrics-api",
            status: "n/a",
            expected: "the gateway does not autoscale (gateway.autoscaling.enabled is false)",
            found: "-",
        });
        const unreadApi = { ...observed(rest), unread: ["APIService"] };
        assert.deepStrictEqual(metricsApiFinding(prod, unreadApi), {
            id: "scaling.metrics-api",
            status: "n/a",
            expected: "the bundle has no APIService objects (written before verify read them): write it again with --dump to check them",
            found: "-",
        });
        // Another kind unread does not hide the APIService.
        assert.strictEqual(metricsApiFinding(prod, { ...observed(rest), unread: ["HorizontalPodAutoscaler"] }).status, "fail");
    });

    const HPA_ID = `scaling.hpa/${HPA}`;
    const HPA_EXPECTED = "HorizontalPodAutoscaler portkey/portkey-gateway reading CPU from the metrics API (ScalingActive=True)";
    const DESCRIBE_FIX = "`kubectl -n portkey describe hpa portkey-gateway` shows the HPA's conditions and events";
    const METRICS_FIX = `the HPA cannot read metrics from metrics-server: ${EXISTING_FIX}`;
    const withHpa = (objects: KubeObject[], change: (h: any) => void) => edit(objects, "HorizontalPodAutoscaler", HPA, change);
    let events = 0;
    const event = (rest: Record<string, unknown>) =>
        obj("v1", "Event", `${HPA}.e${++events}`, "portkey", { type: "Warning", lastTimestamp: "2026-01-05T11:59:00Z", ...rest });
    const hpaRef = { kind: "HorizontalPodAutoscaler", name: HPA, namespace: "portkey" };

    it("scaling.hpa: the found text from ScalingActive, the replicas and the metrics events; the fix by the reason", () => {
        const e = stackState("prod");
        const base = healthyObjects(e);
        const inactive = (c: Record<string, unknown>) =>
            withHpa(base, (h) => {
                h.status.conditions[1] = { type: "ScalingActive", ...c };
            });
        const cases: [string, KubeObject[], Partial<Finding>][] = [
            ["no status at all", withHpa(base, (h) => delete h.status), { found: "ScalingActive=unknown, replicas ? → ?", fix: DESCRIBE_FIX }],
            [
                "ScalingActive=False without reason or message",
                inactive({ status: "False" }),
                { found: "ScalingActive=False (?: ), replicas 3 → 3", fix: DESCRIBE_FIX },
            ],
            [
                "ScalingActive=Unknown",
                inactive({ status: "Unknown", reason: "FailedGetResourceMetric" }),
                { found: "ScalingActive=Unknown, replicas 3 → 3", fix: METRICS_FIX },
            ],
            [
                "FailedComputeMetricsReplicas as the reason names metrics-server",
                inactive({ status: "False", reason: "FailedComputeMetricsReplicas", message: "m" }),
                { found: "ScalingActive=False (FailedComputeMetricsReplicas: m), replicas 3 → 3", fix: METRICS_FIX },
            ],
            [
                "another reason with both metrics events names metrics-server; other events are not counted",
                [
                    ...inactive({ status: "False", reason: "InvalidSelector", message: "m" }),
                    event({ involvedObject: hpaRef, reason: "FailedGetResourceMetric", message: "first" }),
                    event({ involvedObject: { ...hpaRef, namespace: undefined }, reason: "FailedComputeMetricsReplicas" }),
                    event({ involvedObject: hpaRef, reason: "FailedGetResourceMetric", message: "third" }),
                ],
                {
                    found: "ScalingActive=False (InvalidSelector: m); events FailedGetResourceMetric, FailedComputeMetricsReplicas: first, replicas 3 → 3",
                    fix: METRICS_FIX,
                },
            ],
            [
                "a metrics event without a message",
                [
                    ...inactive({ status: "False", reason: "InvalidSelector", message: "m" }),
                    event({ involvedObject: hpaRef, reason: "FailedComputeMetricsReplicas" }),
                ],
                { found: "ScalingActive=False (InvalidSelector: m); events FailedComputeMetricsReplicas: , replicas 3 → 3", fix: METRICS_FIX },
            ],
            ["ScalingActive=True", base, { status: "pass", expected: HPA_EXPECTED, found: "ScalingActive=True, replicas 3 → 3" }],
            [
                "ScalingActive=True, no replica counts",
                withHpa(base, (h) => {
                    delete h.status.currentReplicas;
                    h.status.desiredReplicas = 5;
                }),
                { status: "pass", found: "ScalingActive=True, replicas ? → 5" },
            ],
            [
                "ScalingActive=True, only the current count",
                withHpa(base, (h) => {
                    h.status.currentReplicas = 4;
                    delete h.status.desiredReplicas;
                }),
                { status: "pass", found: "ScalingActive=True, replicas 4 → ?" },
            ],
        ];
        const invalid = inactive({ status: "False", reason: "InvalidSelector", message: "m", lastTransitionTime: "2026-01-05T11:00:00Z" });
        const notCounted: [string, Record<string, unknown>][] = [
            ["another namespace's HPA", { involvedObject: { ...hpaRef, namespace: "other" }, reason: "FailedGetResourceMetric" }],
            ["a pod of the name", { involvedObject: { ...hpaRef, kind: "Pod" }, reason: "FailedGetResourceMetric" }],
            ["another HPA", { involvedObject: { ...hpaRef, name: "someone-else" }, reason: "FailedGetResourceMetric" }],
            ["another reason", { involvedObject: hpaRef, reason: "SuccessfulRescale" }],
            ["no involved object", { reason: "FailedGetResourceMetric" }],
            ["a second before the condition changed", { involvedObject: hpaRef, reason: "FailedGetResourceMetric", lastTimestamp: "2026-01-05T10:59:59Z" }],
        ];
        for (const [name, ev] of notCounted)
            cases.push([
                `not counted: ${name}`,
                [...invalid, event(ev)],
                { found: "ScalingActive=False (InvalidSelector: m), replicas 3 → 3", fix: DESCRIBE_FIX },
            ]);
        cases.push([
            "counted: logged as the condition changed",
            [...invalid, event({ involvedObject: hpaRef, reason: "FailedGetResourceMetric", message: "x", lastTimestamp: "2026-01-05T11:00:00Z" })],
            { found: "ScalingActive=False (InvalidSelector: m); events FailedGetResourceMetric: x, replicas 3 → 3", fix: METRICS_FIX },
        ]);
        for (const [name, objs, want] of cases) {
            const [f] = hpaFinding(e, observed(objs));
            const full =
                want.status === "pass"
                    ? { id: HPA_ID, status: "pass", expected: HPA_EXPECTED, ...want }
                    : { id: HPA_ID, status: "fail", expected: HPA_EXPECTED, ...want };
            assert.deepStrictEqual(f, full, name);
        }
    });

    it("scaling.hpa: a missing HPA (or one of the name in another namespace, or another name) fails with pulumi up", () => {
        const e = stackState("prod");
        const rest = without(healthyObjects(e), "HorizontalPodAutoscaler");
        const hpa = healthyObjects(e).find((o) => o.kind === "HorizontalPodAutoscaler")!;
        const elsewhere = { ...hpa, metadata: { ...hpa.metadata, namespace: "other" } };
        const renamed = { ...hpa, metadata: { ...hpa.metadata, name: "other" } };
        for (const objs of [rest, [...rest, elsewhere], [...rest, renamed]])
            assert.deepStrictEqual(hpaFinding(e, observed(objs)), [
                {
                    id: HPA_ID,
                    status: "fail",
                    expected: HPA_EXPECTED,
                    found: "no HorizontalPodAutoscaler portkey-gateway in portkey",
                    fix: "the gateway chart renders it with gateway.autoscaling.enabled: run `pulumi up`",
                },
            ]);
        assert.deepStrictEqual(hpaFinding(e, { ...observed(rest), unread: ["HorizontalPodAutoscaler"] }), [
            {
                id: HPA_ID,
                status: "n/a",
                expected: "the bundle has no HorizontalPodAutoscaler objects (written before verify read them): write it again with --dump to check them",
                found: "-",
            },
        ]);
    });

    it("scaling.hpa settles for 300 s after the HPA or the gateway's newest ReplicaSet was created, not another's", () => {
        const e = stackState("prod");
        const down = noMetrics(healthyObjects(e));
        const set = (name: string, namespace: string, created: string, owners?: { kind: string; name: string }[]): KubeObject => {
            const r = obj("apps/v1", "ReplicaSet", name, namespace);
            return { ...r, metadata: { ...r.metadata, creationTimestamp: created, ...(owners ? { ownerReferences: owners } : {}) } } as KubeObject;
        };
        const created = (at: string) => withHpa(down, (h) => (h.metadata.creationTimestamp = at));
        const status = (objs: KubeObject[], readAt?: string) => {
            const [f] = hpaFinding(e, observed(objs, readAt));
            return f.status === "n/a" ? f.expected.replace(/^settling: .*, (\d+ s after)/, "$1") : f.status;
        };
        const settling = (s: number) => `${s} s after the HPA or a rollout started (allowed 300 s); run verify again`;
        const recent = "2026-01-05T11:59:00Z";
        const cases: [string, KubeObject[], string | undefined, string][] = [
            [
                "the HPA 60 s old, older ReplicaSets",
                [...created(recent), set("portkey-gateway-old", "portkey", "2026-01-05T09:00:00Z", [{ kind: "Deployment", name: HPA }])],
                READ_AT,
                settling(60),
            ],
            [
                "a gateway ReplicaSet 60 s old",
                [...down, set("portkey-gateway-new", "portkey", recent, [{ kind: "Deployment", name: HPA }])],
                READ_AT,
                settling(60),
            ],
            [
                "the dataservice's ReplicaSet 60 s old",
                [...down, set("ds-new", "portkey", recent, [{ kind: "Deployment", name: "portkey-gateway-dataservice" }])],
                READ_AT,
                "fail",
            ],
            [
                "a ReplicaSet of that name in another namespace",
                [...down, set("portkey-gateway-new", "other", recent, [{ kind: "Deployment", name: HPA }])],
                READ_AT,
                "fail",
            ],
            ["a ReplicaSet without owners", [...down, set("portkey-gateway-new", "portkey", recent)], READ_AT, "fail"],
            ["a ReplicaSet with an empty owner list", [...down, set("portkey-gateway-new", "portkey", recent, [])], READ_AT, "fail"],
            ["exactly 300 s", created("2026-01-05T11:55:00Z"), READ_AT, "fail"],
            ["299 s", created("2026-01-05T11:55:01Z"), READ_AT, settling(299)],
            ["no read time", created(recent), "", "fail"],
        ];
        for (const [name, objs, readAt, want] of cases) assert.strictEqual(status(objs, readAt), want, name);
    });

    const CA_EXPECTED = "the Cluster Autoscaler ready, to add nodes when gateway pods cannot be scheduled";
    const CA_FIX = "`kubectl -n kube-system describe deploy -l app.kubernetes.io/name=aws-cluster-autoscaler` and its logs; `pulumi up` reinstalls it";
    const CA = "cluster-autoscaler-aws-cluster-autoscaler";

    it("scaling.capacity: the autoscaler's Deployment by namespace and label, its readiness, and each capacity source", () => {
        const dev = stackState("dev");
        const rest = without(healthyObjects(dev), "Deployment", CA);
        const ca = (change: (d: any) => void) => edit([clusterAutoscalerDeployment(1)], "Deployment", CA, change)[0];
        const cases: [string, KubeObject[], Partial<Finding>][] = [
            ["ready 1 of 2", [...rest, ca((d) => (d.spec.replicas = 2))], { status: "pass", found: `Cluster Autoscaler kube-system/${CA} ready 1/2` }],
            [
                "no spec, no status",
                [...rest, ca((d) => (delete d.spec, delete d.status))],
                { status: "fail", found: `Cluster Autoscaler kube-system/${CA} ready 0/1`, fix: CA_FIX },
            ],
            ["not found", rest, { status: "fail", found: "no Cluster Autoscaler found", fix: CA_FIX }],
            [
                "in another namespace",
                [...rest, ca((d) => (d.metadata.namespace = "other"))],
                { status: "fail", found: "no Cluster Autoscaler found", fix: CA_FIX },
            ],
            [
                "another label",
                [...rest, ca((d) => (d.metadata.labels["app.kubernetes.io/name"] = "x"))],
                { status: "fail", found: "no Cluster Autoscaler found", fix: CA_FIX },
            ],
        ];
        for (const [name, objs, want] of cases)
            assert.deepStrictEqual(capacityFinding(dev, observed(objs)), { id: "scaling.capacity", expected: CA_EXPECTED, ...want }, name);
        const fixed = stackState("dev");
        fixed.scaling.capacity = "fixed-node-group";
        assert.deepStrictEqual(capacityFinding(fixed, observed(rest)), {
            id: "scaling.capacity",
            status: "pass",
            expected: "what adds nodes: none: the created node group cannot grow (cluster.maxSize equals cluster.minSize)",
            found: "no Cluster Autoscaler found",
        });
        assert.deepStrictEqual(capacityFinding(stackState("prod"), observed([])), {
            id: "scaling.capacity",
            status: "pass",
            expected: "what adds nodes: the platform team's cluster",
            found: "no Cluster Autoscaler found",
        });
        const installs = stackState("dev");
        installs.scaling.capacity = "platform";
        assert.deepStrictEqual(capacityFinding(installs, observed(healthyObjects(dev))).expected, "what adds nodes: the platform team's cluster");
        const caStack = stackState("prod");
        caStack.scaling.capacity = "cluster-autoscaler";
        assert.strictEqual(capacityFinding(caStack, observed([])).expected, CA_EXPECTED);
    });

    it("scaling.pending: Pending and Unschedulable only; all the stuck pods named; settling only under the autoscaler and only while every one is young", () => {
        const e = stackState("prod");
        e.scaling.capacity = "cluster-autoscaler";
        const base = [...healthyObjects(e), clusterAutoscalerDeployment(1)];
        const pods = base.filter((o) => o.kind === "Pod" && o.metadata.name.startsWith("portkey-gateway-5d8f7c9b4-")).map((o) => o.metadata.name);
        const unschedulable = { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient cpu." };
        const pod = (objects: KubeObject[], name: string, created: string | undefined, status: unknown) =>
            edit(objects, "Pod", name, (p: any) => {
                if (created) p.metadata.creationTimestamp = created;
                p.status = status;
            });
        const stuck = (objects: KubeObject[], name: string, created?: string, c: Record<string, unknown> = unschedulable) =>
            pod(objects, name, created, { phase: "Pending", conditions: [c] });
        const capacity = "Cluster Autoscaler kube-system/cluster-autoscaler-aws-cluster-autoscaler ready 1/1";
        const caFix = `the Cluster Autoscaler adds a node unless the node group is at cluster.maxSize or the pod fits no instance type: raise cluster.maxSize or choose larger cluster.instanceTypes, or lower gateway.autoscaling.max or the requests (found: ${capacity})`;
        const young = "2026-01-05T11:58:00Z";
        const old = "2026-01-05T11:00:00Z";
        const gateway = (objects: KubeObject[]) => pendingFindings(e, observed(objects))[0];
        const oneFound = `1 Pending (${pods[0]}): 0/2 nodes are available: 2 Insufficient cpu.; capacity: ${capacity}`;
        const cases: [string, KubeObject[], Finding][] = [
            ["none", base, { id: "scaling.pending/portkey-gateway", status: "pass", expected: "no pod the scheduler cannot place", found: "none Pending" }],
            [
                "a pod without status, a Running pod with the condition, a Pending pod gated rather than unschedulable",
                stuck(pod(pod(base, pods[0], old, undefined), pods[1], old, { phase: "Running", conditions: [unschedulable] }), pods[2], old, {
                    ...unschedulable,
                    reason: "SchedulingGated",
                }),
                { id: "scaling.pending/portkey-gateway", status: "pass", expected: "no pod the scheduler cannot place", found: "none Pending" },
            ],
            [
                "a Pending pod the scheduler has not seen yet (no conditions)",
                pod(base, pods[0], old, { phase: "Pending" }),
                { id: "scaling.pending/portkey-gateway", status: "pass", expected: "no pod the scheduler cannot place", found: "none Pending" },
            ],
            [
                "old",
                stuck(base, pods[0], old),
                { id: "scaling.pending/portkey-gateway", status: "fail", expected: "no pod the scheduler cannot place", found: oneFound, fix: caFix },
            ],
            [
                "no creation time",
                stuck(base, pods[0]),
                { id: "scaling.pending/portkey-gateway", status: "fail", expected: "no pod the scheduler cannot place", found: oneFound, fix: caFix },
            ],
            [
                "exactly 300 s",
                stuck(base, pods[0], "2026-01-05T11:55:00Z"),
                { id: "scaling.pending/portkey-gateway", status: "fail", expected: "no pod the scheduler cannot place", found: oneFound, fix: caFix },
            ],
            [
                "one young, one old, the second without a message",
                stuck(stuck(base, pods[0], young), pods[1], old, { ...unschedulable, message: undefined }),
                {
                    id: "scaling.pending/portkey-gateway",
                    status: "fail",
                    expected: "no pod the scheduler cannot place",
                    found: `2 Pending (${pods[0]}, ${pods[1]}): 0/2 nodes are available: 2 Insufficient cpu.; capacity: ${capacity}`,
                    fix: caFix,
                },
            ],
            [
                "young, the first without a message",
                stuck(stuck(base, pods[0], young, { ...unschedulable, message: undefined }), pods[1], "2026-01-05T11:55:01Z"),
                {
                    id: "scaling.pending/portkey-gateway",
                    status: "n/a",
                    expected: `settling: 2 Pending (${pods[0]}, ${pods[1]}): Unschedulable; capacity: ${capacity}; a new node takes minutes (allowed 300 s); run verify again`,
                    found: "-",
                },
            ],
        ];
        for (const [name, objs, want] of cases) assert.deepStrictEqual(gateway(objs), want, name);

        const youngOne = stuck(base, pods[0], young);
        const fixed = stackState("prod");
        fixed.scaling.capacity = "fixed-node-group";
        assert.deepStrictEqual(
            pendingFindings(fixed, observed(youngOne))[0].fix,
            "nothing adds nodes: raise cluster.maxSize above cluster.minSize (the program then installs the Cluster Autoscaler), or lower the replicas or requests",
        );
        assert.deepStrictEqual(
            pendingFindings(stackState("prod"), observed(youngOne))[0].fix,
            `the cluster has no room: ask the platform team for capacity (${capacity}), or lower the replicas or requests`,
        );
        assert.deepStrictEqual(pendingFindings(e, observed(without(base, "Deployment", "portkey-gateway-dataservice")))[1], {
            id: "scaling.pending/portkey-gateway-dataservice",
            status: "n/a",
            expected: "no Deployment portkey-gateway-dataservice (see workloads.rollout/portkey-gateway-dataservice)",
            found: "-",
        });
    });
});

// EKS Auto Mode (docs/upstream-facts.md#auto-mode-builtin-pools, #eks-auto-pending-pods, #auto-mode-node-label): its
// node pools add nodes for pods the scheduler cannot place; the built-in general-purpose pool is on-demand amd64
// C, M or R of generation 5 or newer; a NodePool's spec.limits caps it; `kubectl get nodeclaims` shows launches;
// its nodes are labelled eks.amazonaws.com/compute-type=auto. cluster.compute declares it for an existing cluster.
describe("verify checks: scaling under EKS Auto Mode", () => {
    const AUTO_EXPECTED =
        "what adds nodes: EKS Auto Mode's node pools, for pods the scheduler cannot place (its nodes are labelled eks.amazonaws.com/compute-type=auto)";

    it("is the capacity source of a created and an existing Auto Mode cluster, and passes with its nodes", () => {
        for (const stack of ["dev", "prod"] as const) {
            const e = autoModeState(stack);
            assert.strictEqual(e.scaling.capacity, "auto-mode", stack);
            assert.deepStrictEqual(capacityFinding(e, observed(healthyObjects(e))), {
                id: "scaling.capacity",
                status: "pass",
                expected: AUTO_EXPECTED,
                found: "EKS Auto Mode; 2 of 2 nodes labelled eks.amazonaws.com/compute-type=auto",
            });
        }
    });

    it("fails when no node carries Auto Mode's label (the cluster runs node groups, or its pools launch nothing)", () => {
        const e = autoModeState("prod");
        const unlabelled = healthyObjects(e).map((o) =>
            o.kind !== "Node"
                ? o
                : { ...o, metadata: { ...o.metadata, labels: { "topology.kubernetes.io/zone": "us-east-1a", "eks.amazonaws.com/compute-type": "hybrid" } } },
        );
        const f = capacityFinding(e, observed([...unlabelled, obj("v1", "Node", "ip-10-0-3-30.ec2.internal")]));
        assert.deepStrictEqual([f.status, f.found], ["fail", "EKS Auto Mode; 0 of 3 nodes labelled eks.amazonaws.com/compute-type=auto"]);
        assert.match(f.fix!, /`kubectl get nodepools` and `kubectl get nodeclaims`.*set cluster\.compute to node-group/);
    });

    it("a Pending gateway pod settles while young, then fails with the built-in pool's shapes, the NodePool limit and nodeclaims", () => {
        const e = autoModeState("dev");
        const pending = (created: string) => pendingGatewayPod(e, created);
        assert.strictEqual(pendingFindings(e, observed(pending("2026-01-05T11:58:00Z")))[0].status, "n/a");
        const f = pendingFindings(e, observed(pending("2026-01-05T11:00:00Z")))[0];
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /capacity: EKS Auto Mode; 2 of 2 nodes labelled/);
        for (const part of [
            "general-purpose pool runs only on-demand amd64 C, M or R instances of generation 5 or newer",
            "spec.limits",
            "`kubectl get nodeclaims`",
            `\`kubectl -n ${e.namespace} describe pod <pod>\``,
            "Lower the requests or gateway.autoscaling.max",
        ])
            assert.ok(f.fix!.includes(part), `${part} in ${f.fix}`);
        assert.doesNotMatch(f.fix!, /cluster\.maxSize|Cluster Autoscaler/);
    });
});
