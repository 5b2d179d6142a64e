// What verify expects of scaling: the chart's HPA as the program's values render it, the metrics API
// it reads, and what adds nodes when pods cannot be scheduled. Pure.
import type { StackConfig } from "../config";
import { nodeGroupScales, CLUSTER_AUTOSCALER } from "../derive/clusterAutoscaler";
import { usesAutoMode } from "../derive/compute";
import type { GatewaySpec } from "../derive/inputs";
import { METRICS_API_SERVICE, METRICS_SERVER } from "../derive/metricsServer";
import type { Names } from "../derive/names";
import type { AppliedObject } from "./expected";

/**
 * What adds nodes: the Cluster Autoscaler the stack installs, a created node group that cannot grow,
 * EKS Auto Mode's node pools (created or existing, as `cluster.compute` declares), or the platform team's cluster.
 */
export type CapacitySource = "cluster-autoscaler" | "fixed-node-group" | "auto-mode" | "platform";

export interface ExpectedScaling {
    /** The chart's HPA (named `<fullname>`) and the Deployment it scales, with autoscaling on. */
    hpa?: { name: string; deployment: string };
    /** Where the resource metrics API comes from: the stack's metrics-server release, or the cluster's own. */
    metricsApi: { name: string; source: "install" | "existing"; release: string; namespace: string };
    capacity: CapacitySource;
    /** The Cluster Autoscaler's Deployment (chart 9.59.0 names it `<release>-aws-cluster-autoscaler`) and its label. */
    clusterAutoscaler: { namespace: string; nameLabel: string };
    /** Seconds after a rollout (or the HPA's creation) during which an HPA without metrics, or a Pending pod, is still settling. */
    settleSeconds: number;
}

/** An HPA shows `<unknown>` for a minute or two after it or its pods start; nodes take a few minutes to join. */
export const SETTLE_SECONDS = 300;

/**
 * The scaling behaviour the chart renders from its `autoscaling.behavior` defaults, which the program
 * leaves as they are (docs/upstream-facts.md#hpa-scale-down): up by 2 pods or 100% per 2 s without a
 * window, down by 1 pod per 60 s after a 300 s window. The API server adds `selectPolicy: Max`.
 */
export const CHART_HPA_BEHAVIOR = {
    scaleUp: {
        stabilizationWindowSeconds: 0,
        policies: [
            { type: "Pods", value: 2, periodSeconds: 2 },
            { type: "Percent", value: 100, periodSeconds: 2 },
        ],
    },
    scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
};

/**
 * The chart's HPA as its template renders the program's values: target, bounds, the CPU metric (the
 * memory metric is off) and the behaviour. Portkey-AI/helm charts/portkey-gateway/templates/gateway/hpa.yaml, chart 1.7.7.
 */
export function chartHpa(cfg: GatewaySpec, names: Names): AppliedObject[] | undefined {
    const a = cfg.gateway.autoscaling;
    if (!a.enabled) return undefined;
    return [
        {
            metadata: { name: names.fullname, namespace: cfg.namespace },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: names.gatewayDeployment },
                minReplicas: a.min,
                maxReplicas: a.max,
                metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: a.targetCPU } } }],
                behavior: structuredClone(CHART_HPA_BEHAVIOR),
            },
        },
    ];
}

export function expectedScaling(config: StackConfig, cfg: GatewaySpec, names: Names): ExpectedScaling {
    const c = config.cluster;
    return {
        hpa: cfg.gateway.autoscaling.enabled ? { name: names.fullname, deployment: names.gatewayDeployment } : undefined,
        metricsApi: { name: METRICS_API_SERVICE, source: config.addons.metricsServer, release: METRICS_SERVER.release, namespace: METRICS_SERVER.namespace },
        capacity: usesAutoMode(cfg) ? "auto-mode" : !c.create ? "platform" : nodeGroupScales(c) ? "cluster-autoscaler" : "fixed-node-group",
        clusterAutoscaler: { namespace: CLUSTER_AUTOSCALER.namespace, nameLabel: "aws-cluster-autoscaler" },
        settleSeconds: SETTLE_SECONDS,
    };
}
