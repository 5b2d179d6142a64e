// What runs the cluster's nodes, created or existing: managed node groups, or EKS Auto Mode, whose
// built-in load balancing, networking and Pod Identity replace the self-managed controller, the
// vpc-cni add-on's settings and the agent add-on (docs/availability.md, "Nodes that follow the pods").
import type { GatewaySpec } from "./inputs";

export const COMPUTE_TYPES = ["node-group", "auto-mode"] as const;
export type ComputeType = (typeof COMPUTE_TYPES)[number];

/** Whether the cluster (created or existing, as `cluster.compute` declares it) runs EKS Auto Mode. */
export function usesAutoMode(spec: Pick<GatewaySpec, "cluster">): boolean {
    return spec.cluster.compute === "auto-mode";
}
