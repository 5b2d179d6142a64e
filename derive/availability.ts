// Availability: replica counts, requests, zone spread, rollout strategy, the HPA values and the
// PodDisruptionBudgets. Label facts: Portkey chart 1.7.7 `_helpers.tpl` (docs/upstream-facts.md#chart-names-labels): gateway pods
// carry name/instance; dataservice pods carry the same plus `app.kubernetes.io/component`.
import type { Autoscaling, Config, Resources } from "./inputs";
import type { Names } from "./names";

export const NAME_LABEL = "app.kubernetes.io/name";
export const INSTANCE_LABEL = "app.kubernetes.io/instance";
export const COMPONENT_LABEL = "app.kubernetes.io/component";
/** The chart's `portkeyenterprise.name` (no nameOverride: a managed value). */
const CHART_NAME = "gateway";
export const ZONE_LABEL = "topology.kubernetes.io/zone";
export const HOSTNAME_LABEL = "kubernetes.io/hostname";

export interface LabelSelector {
    matchLabels: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: "DoesNotExist"; values?: never }>;
}

export interface DisruptionBudgetSpec {
    /** Object name, and which Deployment's pods it guards. */
    name: string;
    role: "gateway" | "dataservice";
    minAvailable: number;
    selector: LabelSelector;
}

/** Segments of a stack name that mean production; `nonprod` or `preprod` is not one. */
const PRODUCTION_SEGMENTS = ["prod", "production", "prd"];

/**
 * Whether a stack gets production defaults: a segment of its name (split on '-', '_' and '.') is
 * prod, production or prd, in any case, or it protects its resources.
 */
export function isProductionLike(stack: string, protect: boolean): boolean {
    return protect || stack.split(/[-_.]/).some((segment) => PRODUCTION_SEGMENTS.includes(segment.toLowerCase()));
}

/** Default replica count of a stack: 2 for production-like stacks, else 1. */
export function defaultReplicas(stack: string, protect: boolean): number {
    return isProductionLike(stack, protect) ? 2 : 1;
}

/** Default gateway budget: one pod below the floor the count can fall to (the HPA's min when it scales). */
export function defaultGatewayMinAvailable(replicas: number, autoscaling: Pick<Autoscaling, "enabled" | "min">): number {
    return (autoscaling.enabled ? autoscaling.min : replicas) - 1;
}

/**
 * Pods a rolling update of the dataservice may take down: the chart sets no strategy, so the
 * Kubernetes default maxUnavailable 25% (rounded down) applies.
 */
export function dataserviceRolloutUnavailable(replicas: number): number {
    return Math.floor(replicas / 4);
}

/** Default dataservice budget: what stays up both in a drain (one pod out) and in a rollout. */
export function defaultDataserviceMinAvailable(replicas: number): number {
    return replicas - Math.max(1, dataserviceRolloutUnavailable(replicas));
}

/** Gateway pods only: the gateway Deployment's own selector also matches the dataservice pods. */
export function gatewayPodSelector(names: Names): LabelSelector {
    return {
        matchLabels: { [NAME_LABEL]: CHART_NAME, [INSTANCE_LABEL]: names.release },
        matchExpressions: [{ key: COMPONENT_LABEL, operator: "DoesNotExist" }],
    };
}

/** Dataservice pods: the chart's component label is `<fullname>-dataservice`. */
export function dataservicePodSelector(names: Names): LabelSelector {
    return { matchLabels: { [NAME_LABEL]: CHART_NAME, [INSTANCE_LABEL]: names.release, [COMPONENT_LABEL]: `${names.fullname}-dataservice` } };
}

/**
 * Spread over zones, then nodes. Zones are soft (ScheduleAnyway) so a lost or full zone never
 * leaves replacements Pending; nodes are hard but ignore tainted and cordoned nodes (Honor), so a
 * drain or an unreachable node does not count as a domain. `pod-template-hash` keeps the
 * surge pod of a rollout from skewing the count of the old ReplicaSet.
 */
export function topologySpread(selector: LabelSelector): Array<Record<string, unknown>> {
    const common = { maxSkew: 1, labelSelector: selector, matchLabelKeys: ["pod-template-hash"], nodeTaintsPolicy: "Honor" };
    return [
        { ...common, topologyKey: ZONE_LABEL, whenUnsatisfiable: "ScheduleAnyway" },
        { ...common, topologyKey: HOSTNAME_LABEL, whenUnsatisfiable: "DoNotSchedule" },
    ];
}

/** Kubernetes `resources` of a container: limits only where set. */
export function resourceRequirements(r: Resources): Record<string, unknown> {
    const limits = Object.fromEntries(Object.entries(r.limits).filter(([, v]) => v !== undefined));
    return { requests: { ...r.requests }, ...(Object.keys(limits).length > 0 ? { limits } : {}) };
}

/** The chart's `autoscaling` values. Memory is off (0 renders no metric): Node.js memory seldom falls back, so it would only scale up. */
export function autoscalingValues(a: Autoscaling): Record<string, unknown> {
    if (!a.enabled) return { enabled: false };
    return { enabled: true, minReplicas: a.min, maxReplicas: a.max, targetCPUUtilizationPercentage: a.targetCPU, targetMemoryUtilizationPercentage: 0 };
}

/** A surge pod must be ready before an old one goes, so restarts and upgrades never lose capacity. */
export const GATEWAY_STRATEGY = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } as const;

/** The chart probes readiness every 60s; 10s takes a failing pod out of the Service within 30s. */
export const READINESS_PERIOD_SECONDS = 10;

/** Chart values for replicas, requests, spread, strategy, readiness and the HPA. */
export function availabilityValues(cfg: Config, names: Names): Record<string, unknown> {
    const g = cfg.gateway;
    const ds = g.dataservice;
    return {
        ...(g.autoscaling.enabled ? {} : { replicaCount: g.replicas }),
        autoscaling: autoscalingValues(g.autoscaling),
        resources: resourceRequirements(g.resources),
        strategy: GATEWAY_STRATEGY,
        readinessProbe: { periodSeconds: READINESS_PERIOD_SECONDS },
        topologySpreadConstraints: topologySpread(gatewayPodSelector(names)),
        ...(ds.enabled
            ? {
                  dataservice: {
                      deployment: {
                          replicas: ds.replicas,
                          resources: resourceRequirements(ds.resources),
                          topologySpreadConstraints: topologySpread(dataservicePodSelector(names)),
                      },
                  },
              }
            : {}),
    };
}

/** The budgets the program creates; none for a Deployment whose budget is 0 (one replica). */
export function disruptionBudgets(cfg: Config, names: Names): DisruptionBudgetSpec[] {
    const out: DisruptionBudgetSpec[] = [];
    if (cfg.gateway.minAvailable > 0)
        out.push({ name: names.gatewayDeployment, role: "gateway", minAvailable: cfg.gateway.minAvailable, selector: gatewayPodSelector(names) });
    const ds = cfg.gateway.dataservice;
    if (ds.enabled && names.dataserviceDeployment && ds.minAvailable > 0) {
        out.push({ name: names.dataserviceDeployment, role: "dataservice", minAvailable: ds.minAvailable, selector: dataservicePodSelector(names) });
    }
    return out;
}
