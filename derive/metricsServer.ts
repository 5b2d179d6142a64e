// The resource metrics API (`metrics.k8s.io`) the gateway's HPA reads: the upstream metrics-server
// chart, pinned (docs/upstream-facts.md#metrics-server-chart), and why not the EKS community add-on
// (docs/availability.md, "The metrics API").
import { topologySpread } from "./availability";
import { ADDONS_NAMESPACE } from "./constants";

/** Where metrics-server comes from: the program installs the chart, or the cluster already serves the API. */
export const METRICS_SERVER_SOURCES = ["install", "existing"] as const;
export type MetricsServerSource = (typeof METRICS_SERVER_SOURCES)[number];

export const METRICS_SERVER_CHART = { chart: "metrics-server", repo: "https://kubernetes-sigs.github.io/metrics-server/" } as const;

/** The release, in kube-system; the chart names its objects after it. */
export const METRICS_SERVER = { release: "metrics-server", namespace: ADDONS_NAMESPACE } as const;

/** The APIService metrics-server registers, which `verify` reads. */
export const METRICS_API_SERVICE = "v1beta1.metrics.k8s.io";

/** The oldest Kubernetes minor each app line of the chart supports (kubernetes-sigs/metrics-server README, compatibility matrix). */
export const METRICS_SERVER_MIN_KUBERNETES: Readonly<Record<string, string>> = { "0.8": "1.31" };

/** App line of each pinned chart version (kubernetes-sigs/metrics-server charts/metrics-server/Chart.yaml `appVersion`). */
export const METRICS_SERVER_APP_LINE: Readonly<Record<string, string>> = { "3.13.1": "0.8" };

/** Replicas: two where the stack looks like production (one can be drained while the other serves), else one. */
export function metricsServerReplicas(productionLike: boolean): number {
    return productionLike ? 2 : 1;
}

/** Whether a Kubernetes minor ("1.31") is at least another. */
function minorAtLeast(a: string, b: string): boolean {
    const [x, y] = [a, b].map((v) => v.split(".").map(Number));
    return x[0] !== y[0] ? x[0] > y[0] : x[1] >= y[1];
}

/** Why the pinned chart cannot run on `kubernetesMinor`, or undefined when it can. */
export function metricsServerVersionProblem(chartVersion: string, kubernetesMinor: string): string | undefined {
    const line = METRICS_SERVER_APP_LINE[chartVersion];
    if (line === undefined) return `metrics-server chart ${chartVersion} has no recorded app version`;
    const min = METRICS_SERVER_MIN_KUBERNETES[line];
    return minorAtLeast(kubernetesMinor, min) ? undefined : `metrics-server ${line}.x needs Kubernetes ${min} or later`;
}

/**
 * Chart values. The chart's defaults are one replica and no budget; with two, a budget of one
 * keeps the API up through a drain, and the pods spread over nodes (and zones where they can).
 */
export function metricsServerValues(replicas: number): Record<string, unknown> {
    if (replicas < 2) return { replicas };
    const selector = { matchLabels: { "app.kubernetes.io/name": METRICS_SERVER.release, "app.kubernetes.io/instance": METRICS_SERVER.release } };
    return {
        replicas,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        topologySpreadConstraints: topologySpread(selector),
    };
}
