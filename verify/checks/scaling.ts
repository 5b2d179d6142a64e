// Scaling: the resource metrics API the HPA reads, the HPA reading it, what adds nodes, and gateway
// pods the scheduler cannot place. An HPA without metrics shows `<unknown>` for a minute or two after
// it or its pods start, and a new node takes minutes, so both get a bounded settling time
// (docs/upstream-facts.md#hpa-without-metrics, docs/availability.md "Checking scaling").
import type { ExpectedState } from "../expected";
import type { CapacitySource } from "../scaling";
import { Condition, Finding, KubeEvent, Observed, Pod, Workload } from "../types";
import { fail, list, notApplicable, pass, unreadFinding, wasUnread } from "./finding";
import { deploymentPods, findDeployment } from "./workloads";

/** Reasons the HPA controller gives when it cannot read a resource metric (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go). */
export const METRICS_FAILURE_REASONS = ["FailedGetResourceMetric", "FailedComputeMetricsReplicas"];

function isMetricsFailure(reason: string | undefined): boolean {
    return METRICS_FAILURE_REASONS.some((r) => r === reason);
}

function condition(conditions: Condition[] | undefined, type: string): Condition | undefined {
    return conditions?.find((c) => c.type === type);
}

/** Milliseconds since the epoch; NaN when unknown or unreadable, which no comparison holds for. */
function time(t: string | undefined): number {
    return t === undefined ? NaN : Date.parse(t);
}

/** Seconds from `from` to when the objects were read; NaN when either is unknown, so never within a settling time. */
function ageSeconds(o: Observed, from: string | undefined): number {
    return (time(o.readAt) - time(from)) / 1000;
}

/** The latest start of what an HPA's metrics depend on: the HPA itself and the gateway's ReplicaSets (a rollout). */
function lastStart(e: ExpectedState, o: Observed, hpa: { metadata: { creationTimestamp?: string } }, deployment: string): string | undefined {
    const sets = o.replicaSets.filter((r) => r.metadata.namespace === e.namespace && r.metadata.ownerReferences?.some((x) => x.name === deployment));
    const times = [hpa.metadata.creationTimestamp, ...sets.map((r) => r.metadata.creationTimestamp)].filter((t): t is string => t !== undefined);
    return times.sort().at(-1);
}

function metricsServerFix(e: ExpectedState): string {
    const m = e.scaling.metricsApi;
    return m.source === "install"
        ? `metrics-server is the stack's (release ${m.release} in ${m.namespace}): \`kubectl -n ${m.namespace} get deploy,pods -l app.kubernetes.io/instance=${m.release}\` and \`kubectl get apiservice ${m.name} -o yaml\` show why it is not serving; \`pulumi up\` reinstalls it`
        : `the cluster has no working metrics-server (addons.metricsServer is existing): ask the platform team to install it, or set addons.metricsServer to install and run \`pulumi up\``;
}

export function metricsApiFinding(e: ExpectedState, o: Observed): Finding {
    const id = "scaling.metrics-api";
    const m = e.scaling.metricsApi;
    if (!e.scaling.hpa) return notApplicable(id, "the gateway does not autoscale (gateway.autoscaling.enabled is false)");
    if (wasUnread(o, "APIService")) return unreadFinding(id, "APIService");
    const expected = `APIService ${m.name} (metrics-server) Available, so the HPA can read CPU`;
    const api = o.apiServices.find((a) => a.metadata.name === m.name);
    if (!api) return fail(id, expected, `no APIService ${m.name}: nothing serves the resource metrics API`, metricsServerFix(e));
    const available = condition(api.status?.conditions, "Available");
    const found = `Available=${available?.status ?? "unknown"}${available?.reason ? ` (${available.reason}${available.message ? `: ${available.message}` : ""})` : ""}`;
    return available?.status === "True" ? pass(id, expected, found) : fail(id, expected, found, metricsServerFix(e));
}

/** When an event last happened: the newest of its timestamps (core/v1 and events.k8s.io fields). */
function eventTime(ev: KubeEvent): string | undefined {
    return ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp;
}

/**
 * The HPA's metrics failure events no older than `since` (the ScalingActive condition's last
 * transition): a new HPA or new pods log them in their first minute and events stay about an hour,
 * so an older one says nothing about the condition now (docs/upstream-facts.md#hpa-without-metrics).
 */
function hpaEvents(e: ExpectedState, o: Observed, name: string, since: string | undefined): KubeEvent[] {
    return o.events.filter(
        (ev) =>
            (ev.involvedObject?.namespace ?? ev.metadata.namespace) === e.namespace &&
            ev.involvedObject?.kind === "HorizontalPodAutoscaler" &&
            ev.involvedObject.name === name &&
            isMetricsFailure(ev.reason) &&
            !before(eventTime(ev), since),
    );
}

/** Whether `t` is known to be earlier than `since`; unknown times count as not earlier. */
function before(t: string | undefined, since: string | undefined): boolean {
    return time(t) < time(since);
}

export function hpaFinding(e: ExpectedState, o: Observed): Finding[] {
    const h = e.scaling.hpa;
    if (!h) return [];
    const id = `scaling.hpa/${h.name}`;
    if (wasUnread(o, "HorizontalPodAutoscaler")) return [unreadFinding(id, "HorizontalPodAutoscaler")];
    const expected = `HorizontalPodAutoscaler ${e.namespace}/${h.name} reading CPU from the metrics API (ScalingActive=True)`;
    const hpa = o.horizontalPodAutoscalers.find((x) => x.metadata.name === h.name && x.metadata.namespace === e.namespace);
    if (!hpa)
        return [
            fail(
                id,
                expected,
                `no HorizontalPodAutoscaler ${h.name} in ${e.namespace}`,
                "the gateway chart renders it with gateway.autoscaling.enabled: run `pulumi up`",
            ),
        ];
    const active = condition(hpa.status?.conditions, "ScalingActive");
    const replicas = `replicas ${hpa.status?.currentReplicas ?? "?"} → ${hpa.status?.desiredReplicas ?? "?"}`;
    // ScalingActive=True is the controller's verdict of its last sync; failure events only explain a failure.
    if (active?.status === "True") return [pass(id, expected, `ScalingActive=True, ${replicas}`)];
    const events = hpaEvents(e, o, h.name, active?.lastTransitionTime);
    const why =
        active?.status === "False" ? `ScalingActive=False (${active.reason ?? "?"}: ${active.message ?? ""})` : `ScalingActive=${active?.status ?? "unknown"}`;
    const eventText =
        events.length > 0 ? `; events ${list(METRICS_FAILURE_REASONS.filter((r) => events.some((ev) => ev.reason === r)))}: ${events[0].message ?? ""}` : "";
    const found = `${why}${eventText}, ${replicas}`;
    const age = ageSeconds(o, lastStart(e, o, hpa, h.deployment));
    if (age < e.scaling.settleSeconds)
        return [
            notApplicable(
                id,
                `settling: ${found}, ${Math.round(age)} s after the HPA or a rollout started (allowed ${e.scaling.settleSeconds} s); run verify again`,
            ),
        ];
    const metricsReason = isMetricsFailure(active?.reason) || events.length > 0;
    const fix = metricsReason
        ? `the HPA cannot read metrics from metrics-server: ${metricsServerFix(e)}`
        : `\`kubectl -n ${e.namespace} describe hpa ${h.name}\` shows the HPA's conditions and events`;
    return [fail(id, expected, found, fix)];
}

/** What adds nodes when the stack installs no Cluster Autoscaler and the cluster is not Auto Mode (those have their own findings). */
const CAPACITY_TEXT: Record<Exclude<CapacitySource, "cluster-autoscaler" | "auto-mode">, string> = {
    "fixed-node-group": "none: the created node group cannot grow (cluster.maxSize equals cluster.minSize)",
    platform: "the platform team's cluster",
};

/** The label on every node EKS Auto Mode manages (docs/upstream-facts.md#auto-mode-node-label). */
export const AUTO_MODE_NODE_LABEL = { key: "eks.amazonaws.com/compute-type", value: "auto" } as const;

function autoModeNodeCount(o: Observed): number {
    return o.nodes.filter((n) => n.metadata.labels?.[AUTO_MODE_NODE_LABEL.key] === AUTO_MODE_NODE_LABEL.value).length;
}

/** The Cluster Autoscaler's Deployment, ready or not. */
function autoscalerDeployment(e: ExpectedState, o: Observed): Workload | undefined {
    const ca = e.scaling.clusterAutoscaler;
    return o.deployments.find((d) => d.metadata.namespace === ca.namespace && d.metadata.labels?.["app.kubernetes.io/name"] === ca.nameLabel);
}

function capacityFound(e: ExpectedState, o: Observed): { text: string; ready: boolean } {
    if (e.scaling.capacity === "auto-mode") {
        const auto = autoModeNodeCount(o);
        return {
            text: `EKS Auto Mode; ${auto} of ${o.nodes.length} nodes labelled ${AUTO_MODE_NODE_LABEL.key}=${AUTO_MODE_NODE_LABEL.value}`,
            ready: auto > 0,
        };
    }
    const d = autoscalerDeployment(e, o);
    if (!d) return { text: "no Cluster Autoscaler found", ready: false };
    const ready = d.status?.readyReplicas ?? 0;
    return { text: `Cluster Autoscaler ${d.metadata.namespace}/${d.metadata.name} ready ${ready}/${d.spec?.replicas ?? 1}`, ready: ready > 0 };
}

export function capacityFinding(e: ExpectedState, o: Observed): Finding {
    const id = "scaling.capacity";
    const source = e.scaling.capacity;
    const found = capacityFound(e, o);
    if (source === "auto-mode") return autoModeCapacity(found);
    if (source !== "cluster-autoscaler") return pass(id, `what adds nodes: ${CAPACITY_TEXT[source]}`, found.text);
    const expected = "the Cluster Autoscaler ready, to add nodes when gateway pods cannot be scheduled";
    if (found.ready) return pass(id, expected, found.text);
    return fail(
        id,
        expected,
        found.text,
        `\`kubectl -n ${e.scaling.clusterAutoscaler.namespace} describe deploy -l app.kubernetes.io/name=${e.scaling.clusterAutoscaler.nameLabel}\` and its logs; \`pulumi up\` reinstalls it`,
    );
}

/**
 * Auto Mode's node pools add nodes for pods the scheduler cannot place; its nodes carry its label, so
 * none labelled means the cluster is not what `cluster.compute` declares (docs/upstream-facts.md#auto-mode-builtin-pools).
 */
function autoModeCapacity(found: { text: string; ready: boolean }): Finding {
    const id = "scaling.capacity";
    const expected = `what adds nodes: EKS Auto Mode's node pools, for pods the scheduler cannot place (its nodes are labelled ${AUTO_MODE_NODE_LABEL.key}=${AUTO_MODE_NODE_LABEL.value})`;
    if (found.ready) return pass(id, expected, found.text);
    return fail(
        id,
        expected,
        found.text,
        "no node is Auto Mode's: `kubectl get nodepools` and `kubectl get nodeclaims` show whether its pools launch any; if the cluster runs managed node groups instead, set cluster.compute to node-group",
    );
}

function unschedulable(p: Pod): Condition | undefined {
    if (p.status?.phase !== "Pending") return undefined;
    const c = condition(p.status.conditions, "PodScheduled");
    return c?.status === "False" && c.reason === "Unschedulable" ? c : undefined;
}

function pendingFix(e: ExpectedState, capacity: string): string {
    switch (e.scaling.capacity) {
        case "cluster-autoscaler":
            return `the Cluster Autoscaler adds a node unless the node group is at cluster.maxSize or the pod fits no instance type: raise cluster.maxSize or choose larger cluster.instanceTypes, or lower gateway.autoscaling.max or the requests (found: ${capacity})`;
        // docs/upstream-facts.md#auto-mode-builtin-pools, docs/upstream-facts.md#eks-auto-pending-pods
        case "auto-mode":
            return `EKS Auto Mode adds a node unless no pool fits the pod or its pool is at its limit: the built-in general-purpose pool runs only on-demand amd64 C, M or R instances of generation 5 or newer, so a pod requesting more than the largest of those, or selecting another architecture or capacity type, stays Pending, as does one whose NodePool is at its spec.limits; \`kubectl get nodeclaims\` and the pod's events (\`kubectl -n ${e.namespace} describe pod <pod>\`) say why. Lower the requests or gateway.autoscaling.max, or use a NodePool that fits (found: ${capacity})`;
        case "fixed-node-group":
            return "nothing adds nodes: raise cluster.maxSize above cluster.minSize (the program then installs the Cluster Autoscaler), or lower the replicas or requests";
        default:
            return `the cluster has no room: ask the platform team for capacity (${capacity}), or lower the replicas or requests`;
    }
}

export function pendingFindings(e: ExpectedState, o: Observed): Finding[] {
    return e.deployments.map((d) => {
        const id = `scaling.pending/${d.name}`;
        const expected = "no pod the scheduler cannot place";
        if (!findDeployment(e, o, d.name)) return notApplicable(id, `no Deployment ${d.name} (see workloads.rollout/${d.name})`);
        const stuck = deploymentPods(e, o, d.name).flatMap((p) => {
            const c = unschedulable(p);
            return c ? [{ pod: p, c }] : [];
        });
        if (stuck.length === 0) return pass(id, expected, "none Pending");
        const capacity = capacityFound(e, o).text;
        const found = `${stuck.length} Pending (${list(stuck.map((s) => s.pod.metadata.name))}): ${stuck[0].c.message ?? stuck[0].c.reason}; capacity: ${capacity}`;
        const ages = stuck.map((s) => ageSeconds(o, s.pod.metadata.creationTimestamp));
        const grows = e.scaling.capacity === "cluster-autoscaler" || e.scaling.capacity === "auto-mode";
        if (grows && ages.every((a) => a < e.scaling.settleSeconds))
            return notApplicable(id, `settling: ${found}; a new node takes minutes (allowed ${e.scaling.settleSeconds} s); run verify again`);
        return fail(id, expected, found, pendingFix(e, capacity));
    });
}

export function scalingFindings(e: ExpectedState, o: Observed): Finding[] {
    return [metricsApiFinding(e, o), ...hpaFinding(e, o), capacityFinding(e, o), ...pendingFindings(e, o)];
}
