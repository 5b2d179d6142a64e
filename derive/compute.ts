// What runs the cluster's nodes, created or existing: managed node groups, or EKS Auto Mode, whose
// built-in load balancing, networking and Pod Identity replace the self-managed controller, the
// vpc-cni add-on's settings and the agent add-on (docs/availability.md, "Nodes that follow the pods").
import type { GatewaySpec } from "./inputs";

export const COMPUTE_TYPES = ["node-group", "auto-mode"] as const;
export type ComputeType = (typeof COMPUTE_TYPES)[number];

/** Whether the cluster (created or existing, as `cluster.compute` declares it) runs EKS Auto Mode. */
export function usesAutoMode(spec: { cluster: Pick<GatewaySpec["cluster"], "compute"> }): boolean {
    return spec.cluster.compute === "auto-mode";
}

/** The output that records the compute a deployment ran with; the next deployment reads it back (program/previousDeployment.ts). */
export const COMPUTE_OUTPUT = "clusterCompute";

/** An output every deployment has exported, before and since `clusterCompute` (index.ts). */
const DEPLOYED_OUTPUT = "releaseName";

/**
 * The compute the previous deployment ran, or undefined before the first. A deployment that exported
 * no `clusterCompute` predates it, when the program refused auto-mode on a cluster it creates and ran
 * every load balancer with the self-managed controller: it ran node-group.
 */
export function previousCompute(outputs: Record<string, unknown>): ComputeType | undefined {
    const v = outputs[COMPUTE_OUTPUT];
    if (v === undefined) return outputs[DEPLOYED_OUTPUT] === undefined ? undefined : "node-group";
    return COMPUTE_TYPES.find((t) => t === v);
}

/** The output a deployment with a load-balancer endpoint exports (and one without does not). */
export const LOAD_BALANCER_OUTPUT = "loadBalancerHostname";

/** Whether the previous deployment had a load-balancer endpoint. */
export function previousHadLoadBalancer(outputs: Record<string, unknown>): boolean {
    return outputs[LOAD_BALANCER_OUTPUT] !== undefined;
}

export interface ComputeSwitch {
    /** The cluster the program creates (its node group and security groups change), or an existing one. */
    created: boolean;
    /** A load-balancer endpoint before and after, whose load balancer belongs to one controller. */
    loadBalancer: boolean;
    compute: ComputeType;
}

const SWITCH_DOC = 'docs/availability.md, "Switching between node-group and auto-mode"';

/**
 * Why a deployment that changes `cluster.compute` is refused, or undefined when it does not change it
 * or changes nothing the program owns. A created cluster would lose its managed node group and, with
 * pulumi-eks's `skipDefaultSecurityGroups` following `autoMode`, its security groups in one step; a
 * load balancer cannot move between the self-managed controller and Auto Mode's
 * (docs/upstream-facts.md#auto-mode-migration).
 */
export function computeSwitchRefusal(now: ComputeSwitch, previous: ComputeType | undefined): string | undefined {
    if (previous === undefined || previous === now.compute) return undefined;
    const key = `cluster.compute: is ${now.compute}, but the stack's last deployment ran ${previous}`;
    if (now.created)
        return `${key}; on a cluster the program created that one \`pulumi up\` would remove the managed node group with the pods on it and pulumi-eks's cluster and node security groups, which the cluster was created with. Fix: set cluster.compute back to ${previous}, and move to ${now.compute} with a new stack as ${SWITCH_DOC} describes.`;
    if (now.loadBalancer)
        return `${key}; the endpoint's load balancer would move between the self-managed AWS Load Balancer Controller and Auto Mode's, which AWS does not support in place (a new load balancer with a new hostname replaces it). Fix: set cluster.compute back to ${previous} until callers can move, and follow ${SWITCH_DOC}.`;
    return undefined;
}
