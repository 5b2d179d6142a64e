// The Kubernetes objects of the endpoint the program registers itself: the Ingress of an internal
// ALB, the LoadBalancer Service of an internal NLB, and the NetworkPolicies of the gateway and
// the chart's Redis. Annotations: kubernetes-sigs/aws-load-balancer-controller v3.5.0,
// docs/guide/ingress/annotations.md and docs/guide/service/annotations.md.
import {
    deregistrationDelaySeconds,
    deploysChartRedis,
    gatewayPodSelector,
    gatewayPorts,
    healthCheckPath,
    HTTPS_PORT,
    loadBalancedPodLabels,
    mcpHostname,
    NLB_LOAD_BALANCER_CLASS,
    TLS_POLICY,
} from "./endpoint";
import { AUTO_MODE_LB, autoModeClassName } from "./autoModeEndpoint";
import { usesAutoMode } from "./compute";
import type { Config } from "./inputs";
import { LOAD_BALANCER_CONTROLLER } from "./loadBalancerController";
import type { Names } from "./names";

const ALB = "alb.ingress.kubernetes.io";
const NLB = "service.beta.kubernetes.io";

/** Names of the objects the endpoint adds, beside the chart's `<fullname>` objects. */
export function endpointObjectNames(names: Names) {
    return { ingress: names.fullname, nlbService: `${names.fullname}-nlb`, gatewayPolicy: `${names.fullname}-callers`, redisPolicy: `${names.fullname}-redis` };
}

function lbSettings(cfg: Config) {
    const e = cfg.endpoint;
    if (e.certificateArn === undefined || e.hostname === undefined)
        throw new Error("a load-balancer endpoint needs endpoint.certificateArn and endpoint.hostname");
    return { certificateArn: e.certificateArn, hostname: e.hostname, cidrs: e.inboundCidrs };
}

/**
 * Annotations of the internal ALB's Ingress: TLS on 443 only, ip targets, health check, who may
 * connect, where it lives. Under EKS Auto Mode the scheme, certificate, subnets and idle timeout
 * are the IngressClassParams' (derive/autoModeEndpoint.ts), which Auto Mode reads for them.
 */
export function albIngressAnnotations(cfg: Config, subnetIds: string[]): Record<string, string> {
    const { certificateArn, cidrs } = lbSettings(cfg);
    const inClassParams: Record<string, string> = usesAutoMode(cfg)
        ? {}
        : {
              [`${ALB}/scheme`]: "internal",
              [`${ALB}/certificate-arn`]: certificateArn,
              [`${ALB}/subnets`]: subnetIds.join(","),
              [`${ALB}/load-balancer-attributes`]: `idle_timeout.timeout_seconds=${cfg.endpoint.idleTimeoutSeconds}`,
          };
    return {
        ...inClassParams,
        [`${ALB}/target-type`]: "ip",
        [`${ALB}/listen-ports`]: JSON.stringify([{ HTTPS: HTTPS_PORT }]),
        [`${ALB}/ssl-policy`]: TLS_POLICY,
        [`${ALB}/healthcheck-path`]: healthCheckPath(cfg),
        // Without it an internal ALB admits 0.0.0.0/0: every address of the VPC and peered ones.
        [`${ALB}/inbound-cidrs`]: cidrs.join(","),
        [`${ALB}/target-group-attributes`]: `deregistration_delay.timeout_seconds=${deregistrationDelaySeconds(cfg)}`,
    };
}

function ingressRule(host: string, service: string, port: string) {
    return { host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service, port: { name: port } } } }] } };
}

/** The Ingress: host rules on the chart's Service ports by name; MCP host-based on `mcp.<hostname>`, as the chart and Portkey recommend. */
export function albIngress(cfg: Config, names: Names, subnetIds: string[]) {
    const { hostname } = lbSettings(cfg);
    const ports = gatewayPorts(cfg);
    const rules = [
        ...(ports.gateway !== undefined ? [ingressRule(hostname, names.fullname, "gateway")] : []),
        ...(ports.mcp !== undefined ? [ingressRule(mcpHostname(hostname), names.fullname, "mcp")] : []),
    ];
    return {
        metadata: { name: endpointObjectNames(names).ingress, namespace: cfg.namespace, annotations: albIngressAnnotations(cfg, subnetIds) },
        spec: { ingressClassName: usesAutoMode(cfg) ? autoModeClassName(cfg, names) : LOAD_BALANCER_CONTROLLER.ingressClass, rules },
    };
}

/** Annotations of the internal NLB's Service: TLS on 443 ending at the NLB, ip targets, an HTTP health check. */
export function nlbServiceAnnotations(cfg: Config, subnetIds: string[]): Record<string, string> {
    const { certificateArn } = lbSettings(cfg);
    return {
        [`${NLB}/aws-load-balancer-scheme`]: "internal",
        [`${NLB}/aws-load-balancer-nlb-target-type`]: "ip",
        [`${NLB}/aws-load-balancer-ssl-cert`]: certificateArn,
        [`${NLB}/aws-load-balancer-ssl-ports`]: String(HTTPS_PORT),
        [`${NLB}/aws-load-balancer-ssl-negotiation-policy`]: TLS_POLICY,
        [`${NLB}/aws-load-balancer-healthcheck-protocol`]: "HTTP",
        [`${NLB}/aws-load-balancer-healthcheck-path`]: healthCheckPath(cfg),
        [`${NLB}/aws-load-balancer-healthcheck-port`]: "traffic-port",
        [`${NLB}/aws-load-balancer-subnets`]: subnetIds.join(","),
        [`${NLB}/aws-load-balancer-target-group-attributes`]: `deregistration_delay.timeout_seconds=${deregistrationDelaySeconds(cfg)}`,
    };
}

/**
 * The one LoadBalancer Service: the controller's class (no mutating webhook needed), or Auto
 * Mode's (docs/upstream-facts.md#auto-mode-nlb), no NodePorts
 * (supported with ip targets, kubernetes-sigs/aws-load-balancer-controller docs/guide/service/nlb.md), source ranges from endpoint.inboundCidrs.
 * The selector adds the label only the gateway's pods carry (`loadBalancedPodLabels`).
 */
export function nlbService(cfg: Config, names: Names, subnetIds: string[]) {
    const { cidrs } = lbSettings(cfg);
    return {
        metadata: { name: endpointObjectNames(names).nlbService, namespace: cfg.namespace, annotations: nlbServiceAnnotations(cfg, subnetIds) },
        spec: {
            type: "LoadBalancer",
            loadBalancerClass: usesAutoMode(cfg) ? AUTO_MODE_LB.nlbClass : NLB_LOAD_BALANCER_CLASS,
            allocateLoadBalancerNodePorts: false,
            loadBalancerSourceRanges: cidrs,
            selector: loadBalancedPodLabels(names),
            ports: [{ name: "https", protocol: "TCP", port: HTTPS_PORT, targetPort: "gateway" }],
        },
    };
}

/**
 * Who may open connections to the gateway's pods: the namespaces in endpoint.allowedNamespaces,
 * the gateway's own namespace (the dataservice), and for a load balancer exactly its subnets (ip
 * targets see the load balancer's addresses, not a namespace). Egress stays open: the gateway
 * calls LLM providers and Portkey's control plane.
 */
export function gatewayNetworkPolicy(cfg: Config, names: Names, loadBalancerCidrs: string[]) {
    const ports = gatewayPorts(cfg);
    const from = [
        { podSelector: {} },
        ...(cfg.endpoint.allowedNamespaces.length > 0
            ? [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: cfg.endpoint.allowedNamespaces }] } }]
            : []),
        ...loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ];
    return {
        metadata: { name: endpointObjectNames(names).gatewayPolicy, namespace: cfg.namespace },
        spec: {
            podSelector: gatewayPodSelector(names),
            policyTypes: ["Ingress"],
            ingress: [{ from, ports: [ports.gateway, ports.mcp].filter((p) => p !== undefined).map((port) => ({ protocol: "TCP", port })) }],
        },
    };
}

/** The chart's Redis port (values.yaml `redis.containerPort`). */
export const CHART_REDIS_PORT = 6379;

/** Only the gateway and the dataservice (both read REDIS_URL) reach the chart's Redis; undefined when the chart deploys none. */
export function redisNetworkPolicy(cfg: Config, names: Names) {
    if (!deploysChartRedis(cfg)) return undefined;
    return {
        metadata: { name: endpointObjectNames(names).redisPolicy, namespace: cfg.namespace },
        spec: {
            podSelector: { matchLabels: { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": names.release } },
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": names.release } } }],
                    ports: [{ protocol: "TCP", port: CHART_REDIS_PORT }],
                },
            ],
        },
    };
}

/** Commands that show the endpoint after `pulumi up`: the policy, the load balancer's address, its health. */
export function endpointCommands(cfg: Config, names: Names): string[] {
    const ns = `-n ${cfg.namespace}`;
    const objects = endpointObjectNames(names);
    const cmds = [`kubectl ${ns} get networkpolicy ${objects.gatewayPolicy} ${objects.redisPolicy} --ignore-not-found`];
    if (cfg.endpoint.type === "cluster") return cmds;
    const lb = cfg.endpoint.type === "internal-alb" ? `ingress/${objects.ingress}` : `service/${objects.nlbService}`;
    cmds.push(`kubectl ${ns} get ${lb} -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'`);
    cmds.push(`curl -sS -o /dev/null -w '%{http_code}\\n' https://${cfg.endpoint.hostname}${healthCheckPath(cfg)}`);
    return cmds;
}
