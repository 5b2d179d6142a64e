// Rules of the availability profile: a budget that still lets a node drain, an HPA that can
// measure CPU and has room to scale, limits no lower than requests, a dataservice budget a
// rolling update keeps. Messages name keys, never values (docs/upstream-facts.md#chart-availability-defaults
// on HPAs without requests).
import { dataserviceRolloutUnavailable } from "../../derive/availability";
import type { Settings } from "../declaration";
import { cpuMillicores, memoryBytes } from "../quantity";
import { Rule } from "./rule";

type ResourceSettings = Settings["gateway"]["resources"];

export const gatewayBudgetBelowReplicas: Rule = ({ s }, p) => {
    const g = s.gateway;
    const floor = g.autoscaling.enabled ? g.autoscaling.min : g.replicas;
    if (g.minAvailable >= floor) {
        const of = g.autoscaling.enabled ? "gateway.autoscaling.min" : "gateway.replicas";
        p.add(
            "gateway.minAvailable",
            `is not below ${of}, so the budget would block every node drain`,
            `lower gateway.minAvailable below ${of} (or to 0 for no budget), or raise ${of}`,
        );
    }
};

export const autoscalingRangeInOrder: Rule = ({ s }, p) => {
    const a = s.gateway.autoscaling;
    if (a.enabled && a.max < a.min)
        p.add("gateway.autoscaling.max", "is below gateway.autoscaling.min", "set gateway.autoscaling.max to at least gateway.autoscaling.min");
};

export const autoscalingNeedsCpuRequest: Rule = ({ s }, p) => {
    if (s.gateway.autoscaling.enabled && cpuMillicores(s.gateway.resources.requests.cpu) === 0) {
        p.add(
            "gateway.resources.requests.cpu",
            "is zero while gateway.autoscaling.enabled is true: the HPA measures utilisation against the CPU request and cannot scale without one",
            'set a CPU request such as "500m", or turn autoscaling off',
        );
    }
};

/** Keys whose limit is below the request, for one container's resources at `at`. */
function limitsBelowRequests(r: ResourceSettings, at: string): string[] {
    const below = (parse: (q: string) => number | undefined, limit: string | undefined, request: string) =>
        limit !== undefined && (parse(limit) ?? 0) < (parse(request) ?? 0);
    return [
        ...(below(cpuMillicores, r.limits.cpu, r.requests.cpu) ? [`${at}.limits.cpu`] : []),
        ...(below(memoryBytes, r.limits.memory, r.requests.memory) ? [`${at}.limits.memory`] : []),
    ];
}

export const limitsCoverRequests: Rule = ({ s }, p) => {
    const keys = [
        ...limitsBelowRequests(s.gateway.resources, "gateway.resources"),
        ...(s.gateway.dataservice.enabled ? limitsBelowRequests(s.gateway.dataservice.resources, "gateway.dataservice.resources") : []),
    ];
    for (const key of keys) {
        const request = key.replace(".limits.", ".requests.");
        p.add(key, `is below ${request}, which Kubernetes rejects`, `raise ${key} to at least ${request}, or lower the request`);
    }
};

export const dataserviceBudgetFits: Rule = ({ s }, p) => {
    const d = s.gateway.dataservice;
    if (!d.enabled || d.minAvailable === 0) return;
    if (d.minAvailable >= d.replicas) {
        p.add(
            "gateway.dataservice.minAvailable",
            "is not below gateway.dataservice.replicas, so the budget would block every node drain",
            "lower gateway.dataservice.minAvailable below gateway.dataservice.replicas (or to 0 for no budget)",
        );
    } else if (d.minAvailable > d.replicas - dataserviceRolloutUnavailable(d.replicas)) {
        p.add(
            "gateway.dataservice.minAvailable",
            "is above what a rolling update keeps (the chart's Deployment uses the Kubernetes default maxUnavailable of 25%), so every restart would breach the budget",
            "lower gateway.dataservice.minAvailable, or remove it to take the default",
        );
    }
};

export const AVAILABILITY_RULES: Rule[] = [
    gatewayBudgetBelowReplicas,
    autoscalingRangeInOrder,
    autoscalingNeedsCpuRequest,
    limitsCoverRequests,
    dataserviceBudgetFits,
];
