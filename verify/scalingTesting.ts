// Fixtures of a healthy scaling setup for the verify tests: the chart's HPA reading CPU, the
// metrics API Available, the Cluster Autoscaler ready where the stack installs it. HPA fields as
// kubernetes autoscaling/v2 and the chart's template give them (Portkey-AI/helm
// charts/portkey-gateway/templates/gateway/hpa.yaml, chart 1.7.7: the behavior block); the
// autoscaler's Deployment name and label as kubernetes/autoscaler chart 9.59.0 renders them.
import type { ExpectedState } from "./expected";
import { serverMetadata } from "./testing";
import type { KubeObject } from "./types";

export const CHART_BEHAVIOR = {
    scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
            { type: "Pods", value: 2, periodSeconds: 2 },
            { type: "Percent", value: 100, periodSeconds: 2 },
        ],
    },
    scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
};

const ACTIVE = [
    { type: "AbleToScale", status: "True", reason: "ReadyForNewScale" },
    {
        type: "ScalingActive",
        status: "True",
        reason: "ValidMetricFound",
        message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
    },
    { type: "ScalingLimited", status: "False", reason: "DesiredWithinRange" },
];

/** The metrics API's APIService as metrics-server registers it (kubernetes-sigs/metrics-server chart 3.13.1 templates/apiservice.yaml). */
export function metricsApiService(available: boolean): KubeObject {
    return {
        apiVersion: "apiregistration.k8s.io/v1",
        kind: "APIService",
        metadata: { name: "v1beta1.metrics.k8s.io" },
        spec: { service: { name: "metrics-server", namespace: "kube-system" }, group: "metrics.k8s.io", version: "v1beta1" },
        status: {
            conditions: [
                available
                    ? { type: "Available", status: "True", reason: "Passed", message: "all checks passed" }
                    : { type: "Available", status: "False", reason: "ServiceNotFound", message: 'service/metrics-server in "kube-system" is not present' },
            ],
        },
    } as KubeObject;
}

export function clusterAutoscalerDeployment(ready: number): KubeObject {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name: "cluster-autoscaler-aws-cluster-autoscaler",
            namespace: "kube-system",
            labels: { "app.kubernetes.io/instance": "cluster-autoscaler", "app.kubernetes.io/name": "aws-cluster-autoscaler" },
        },
        spec: { replicas: 1 },
        status: { replicas: 1, readyReplicas: ready, availableReplicas: ready },
    } as KubeObject;
}

/** Healthy scaling objects of the expected state. */
export function scalingObjects(e: ExpectedState): KubeObject[] {
    const out: KubeObject[] = [];
    for (const hpa of e.applied.hpa ?? []) {
        // The stack's numbers; the shape as the chart's template renders it (Portkey-AI/helm charts/portkey-gateway
        // templates/gateway/hpa.yaml, chart 1.7.7), written here rather than taken from the expected object.
        const numbers = hpa.spec as { minReplicas: number; maxReplicas: number; metrics: Array<{ resource: { target: { averageUtilization: number } } }> };
        const min = numbers.minReplicas;
        out.push({
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata: { name: hpa.metadata.name, namespace: e.namespace, ...serverMetadata(hpa.metadata.name) },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: e.deployments[0].name },
                minReplicas: min,
                maxReplicas: numbers.maxReplicas,
                metrics: [
                    {
                        type: "Resource",
                        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: numbers.metrics[0].resource.target.averageUtilization } },
                    },
                ],
                behavior: CHART_BEHAVIOR,
            },
            status: { currentReplicas: min, desiredReplicas: min, conditions: ACTIVE },
        } as KubeObject);
    }
    if (e.scaling.hpa) out.push(metricsApiService(true));
    if (e.scaling.capacity === "cluster-autoscaler") out.push(clusterAutoscalerDeployment(1));
    return out;
}
