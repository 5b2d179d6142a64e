// The endpoint under EKS Auto Mode (docs/endpoint.md, "EKS Auto Mode"): Auto Mode's built-in load
// balancing serves the Ingress and the NLB Service, so no AWS Load Balancer Controller is installed
// or required. The internal ALB's settings move from the Ingress's annotations to an
// IngressClassParams and the IngressClass naming it, both cluster-scoped and named per release
// (docs/upstream-facts.md#auto-mode-alb); the NLB takes Auto Mode's class and the annotations it
// reads (docs/upstream-facts.md#auto-mode-nlb).
import { usesAutoMode } from "./compute";
import type { Config, EndpointSpec } from "./inputs";
import type { Names } from "./names";

/** Auto Mode's built-in ALB and NLB, and the API of its IngressClassParams (docs/upstream-facts.md#auto-mode-alb). */
export const AUTO_MODE_LB = {
    albController: "eks.amazonaws.com/alb",
    nlbClass: "eks.amazonaws.com/nlb",
    paramsGroup: "eks.amazonaws.com",
    paramsApiVersion: "eks.amazonaws.com/v1",
    paramsKind: "IngressClassParams",
} as const;

/**
 * Whether the endpoint's load balancer is Auto Mode's: a load-balancer type on an Auto Mode
 * cluster. The self-managed controller then neither applies nor is needed.
 */
export function usesAutoModeLoadBalancer(spec: Pick<Config, "cluster"> & { endpoint: Pick<EndpointSpec, "type"> }): boolean {
    return spec.endpoint.type !== "cluster" && usesAutoMode(spec);
}

/**
 * The IngressClass and its IngressClassParams, one name for both: cluster-scoped, so the namespace
 * and the release's fullname make it unique per release, and never the self-managed controller's
 * `alb` (the chart's `ingressClass`, derive/loadBalancerController.ts).
 */
export function autoModeClassName(cfg: Pick<Config, "namespace">, names: Pick<Names, "fullname">): string {
    return `${cfg.namespace}-${names.fullname}`;
}

/** An attribute list as the IngressClassParams takes it (docs/upstream-facts.md#auto-mode-alb). */
function attributes(values: Record<string, string | number>): Array<{ key: string; value: string }> {
    return Object.entries(values).map(([key, value]) => ({ key, value: String(value) }));
}

/**
 * The internal ALB's settings Auto Mode reads from the IngressClassParams: internal, in exactly
 * the load-balancer subnets, the ACM certificate, the idle timeout, and only the gateway's
 * namespace may use the class, so no other team's Ingress joins or reshapes this ALB.
 */
export function autoModeIngressClassParams(cfg: Config, names: Names, subnetIds: string[]) {
    const e = cfg.endpoint;
    if (e.certificateArn === undefined) throw new Error("an Auto Mode ALB needs endpoint.certificateArn");
    return {
        apiVersion: AUTO_MODE_LB.paramsApiVersion,
        kind: AUTO_MODE_LB.paramsKind,
        metadata: { name: autoModeClassName(cfg, names) },
        spec: {
            scheme: "internal",
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": cfg.namespace } },
            subnets: { ids: subnetIds },
            certificateARNs: [e.certificateArn],
            loadBalancerAttributes: attributes({ "idle_timeout.timeout_seconds": e.idleTimeoutSeconds }),
        },
    };
}

/** The IngressClass handing the Ingress to Auto Mode, with the IngressClassParams above. */
export function autoModeIngressClass(cfg: Pick<Config, "namespace">, names: Names) {
    const name = autoModeClassName(cfg, names);
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "IngressClass",
        metadata: { name },
        spec: { controller: AUTO_MODE_LB.albController, parameters: { apiGroup: AUTO_MODE_LB.paramsGroup, kind: AUTO_MODE_LB.paramsKind, name } },
    };
}

/** The cluster-scoped objects of an Auto Mode ALB; none for any other endpoint. */
export function autoModeAlbClass(cfg: Config, names: Names, subnetIds: string[]) {
    if (cfg.endpoint.type !== "internal-alb" || !usesAutoMode(cfg)) return undefined;
    return { ingressClassParams: autoModeIngressClassParams(cfg, names, subnetIds), ingressClass: autoModeIngressClass(cfg, names) };
}
