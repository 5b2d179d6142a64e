// How callers reach the gateway (docs/endpoint.md): the Service type the chart renders, the
// Ingress (internal ALB) or Service (internal NLB) the AWS Load Balancer Controller serves, the
// NetworkPolicies, the namespace label and the URL callers use.
// Annotation names: kubernetes-sigs/aws-load-balancer-controller v3.5.0,
// docs/guide/ingress/annotations.md and docs/guide/service/annotations.md.
import { usesAutoMode } from "./compute";
import { gatewayHealthPath } from "./image";
import type { Config, EndpointSpec } from "./inputs";
import type { Names } from "./names";

export type { EndpointSpec, EndpointType } from "./inputs";

/**
 * The path the load balancer's health check calls. Portkey's EKS guide and its ECS module both
 * check `/v1/health` (Portkey-AI/docs-core self-hosting/hybrid-deployments/aws/eks.mdx), as do
 * the chart's probes (charts/portkey-gateway values.yaml, chart 1.7.7). The open-source image does
 * not serve it, so the path follows the image (derive/image.ts), as the probes do.
 */
export function healthCheckPath(spec: Config): string {
    return gatewayHealthPath(spec);
}

/**
 * TLS policy of both load balancers, set explicitly: both default to ELBSecurityPolicy-2016-08
 * (kubernetes-sigs/aws-load-balancer-controller@v3.5.0 docs/guide/ingress/annotations.md `ssl-policy`, `ssl-negotiation-policy`); Portkey's ECS module uses this one.
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The NLB's TLS listener idle timeout, fixed by AWS (Elastic Load Balancing, NLB listeners). */
export const NLB_TLS_IDLE_TIMEOUT_SECONDS = 350;

/** The port callers use on either load balancer. */
export const HTTPS_PORT = 443;

/**
 * Namespace label that makes the controller inject pod readiness gates; the program also puts it
 * on the gateway's pods, the ones the controller's pod webhook and the NLB Service select
 * (docs/upstream-facts.md#lbc-readiness-gates).
 */
export const READINESS_GATE_LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject";

/**
 * How long a stopping gateway container waits before it gets SIGTERM, while the load balancer
 * stops sending it new requests. Neither load balancer stops at once: an ALB has been measured
 * sending for tens of seconds after the controller deregisters a target, an NLB with ip targets
 * for about two minutes (docs/upstream-facts.md#lb-deregistration-lag).
 */
export const PRE_STOP_SLEEP_SECONDS: Readonly<Record<"internal-alb" | "internal-nlb", number>> = { "internal-alb": 60, "internal-nlb": 150 };

/** Time after the preStop delay for calls in flight to finish before the kill: Kubernetes' default grace period. */
export const IN_FLIGHT_SECONDS = 30;

/** The lifecycle `sleep` handler is on by default from Kubernetes 1.30 (docs/upstream-facts.md#k8s-sleep-action). */
export const SLEEP_ACTION_MIN_KUBERNETES = "1.30";

/** The gateway container's preStop delay; undefined without a load balancer. */
export function preStopSleepSeconds(e: Pick<EndpointSpec, "type">): number | undefined {
    return e.type === "cluster" ? undefined : PRE_STOP_SLEEP_SECONDS[e.type];
}

/** The grace period the program gives the gateway's pods: the preStop delay, then time for calls in flight. */
export function defaultTerminationGraceSeconds(e: Pick<EndpointSpec, "type">): number | undefined {
    const sleep = preStopSleepSeconds(e);
    return sleep === undefined ? undefined : sleep + IN_FLIGHT_SECONDS;
}

/** The longest `deregistration_delay.timeout_seconds` ELB takes (0 to 3600: docs/upstream-facts.md#lb-deregistration-lag). */
export const MAX_DEREGISTRATION_DELAY_SECONDS = 3600;

/**
 * The grace period the gateway's pods get behind a load balancer: the stack's
 * `gateway.values.terminationGracePeriodSeconds` (checked above the preStop delay and within
 * MAX_DEREGISTRATION_DELAY_SECONDS, config/rules/endpoint.ts), else the program's.
 */
export function effectiveTerminationGraceSeconds(spec: Pick<Config, "endpoint" | "gateway">): number | undefined {
    const grace = defaultTerminationGraceSeconds(spec.endpoint);
    if (grace === undefined) return undefined;
    const set = spec.gateway.values.terminationGracePeriodSeconds;
    return typeof set === "number" ? set : grace;
}

/**
 * How long the target group keeps a deregistering pod's calls going: the whole grace period, the
 * stack's when it sets a longer one, so the load balancer does not give up on a pod that still serves.
 */
export function deregistrationDelaySeconds(spec: Pick<Config, "endpoint" | "gateway">): number | undefined {
    return effectiveTerminationGraceSeconds(spec);
}

/** The NLB Service's class, handing it to the controller rather than the in-tree provider (kubernetes-sigs/aws-load-balancer-controller docs/guide/service/nlb.md). */
export const NLB_LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";

export function usesLoadBalancer(e: Pick<EndpointSpec, "type">): boolean {
    return e.type !== "cluster";
}

/**
 * Labels the gateway's namespace needs: readiness gates, so rollouts wait for healthy targets. EKS
 * Auto Mode has no readiness gate (docs/upstream-facts.md#auto-mode-readiness-gates): no label, and
 * the preStop delay and the deregistration delay alone cover a rollout (docs/endpoint.md, "EKS Auto Mode").
 */
export function endpointNamespaceLabels(spec: Config): Record<string, string> {
    return usesLoadBalancer(spec.endpoint) && !usesAutoMode(spec) ? { [READINESS_GATE_LABEL]: "enabled" } : {};
}

/** The chart's SERVER_MODE ("" is the gateway alone), as the chart reads it (`mcp.serverMode`). */
export function serverMode(spec: Pick<Config, "env">): string {
    return (Object.hasOwn(spec.env, "SERVER_MODE") ? spec.env.SERVER_MODE : "").trim();
}

/** Container ports of the gateway pod: PORT (default 8787) and, when MCP is served, MCP_PORT (default 8788); chart `_helpers.tpl`. */
export function gatewayPorts(spec: Pick<Config, "env">): { gateway?: number; mcp?: number } {
    const mode = serverMode(spec);
    const env = (k: string, d: string) => Number(Object.hasOwn(spec.env, k) ? spec.env[k] : d);
    return {
        gateway: mode === "" || mode === "all" ? env("PORT", "8787") : undefined,
        mcp: mode === "all" || mode === "mcp" ? env("MCP_PORT", "8788") : undefined,
    };
}

/** Whether the chart deploys its own Redis: its default CACHE_STORE is `redis` (Portkey-AI/helm charts/portkey-gateway templates/redis/service.yaml). */
export function deploysChartRedis(spec: Pick<Config, "env">): boolean {
    return (Object.hasOwn(spec.env, "CACHE_STORE") ? spec.env.CACHE_STORE : "redis") === "redis";
}

/**
 * Chart values of the endpoint: every Service the chart renders is ClusterIP (its defaults are
 * NodePort for the gateway and Redis, values.yaml), and the chart renders no Ingress: the program
 * registers the Ingress or the NLB Service itself, so load-balancer annotations never reach the
 * chart's `service.annotations`, which it copies onto the ServiceAccounts and the dataservice.
 */
export function endpointChartValues(spec: Config): Record<string, unknown> {
    const sleep = preStopSleepSeconds(spec.endpoint);
    return {
        service: { type: "ClusterIP" },
        mcpService: { type: "ClusterIP" },
        ingress: { enabled: false },
        redis: { serviceType: "ClusterIP" },
        // Chart 1.7.7 (Portkey-AI/helm) templates/gateway/deployment.yaml: `podLabels` label the gateway's pods only,
        // and `extraContainerConfig` is copied into the gateway container.
        ...(sleep === undefined
            ? {}
            : { podLabels: { [READINESS_GATE_LABEL]: "enabled" }, extraContainerConfig: { lifecycle: { preStop: { sleep: { seconds: sleep } } } } }),
    };
}

/** Chart values the stack may override (`gateway.values`, checked against the preStop delay): the grace period. */
export function endpointChartDefaults(spec: Config): Record<string, unknown> {
    const grace = defaultTerminationGraceSeconds(spec.endpoint);
    return grace === undefined ? {} : { terminationGracePeriodSeconds: grace };
}

/**
 * The NLB Service's selector: the chart's name and instance, and the label only the gateway's pods
 * carry. A Service cannot say "no component label", and the controller injects a readiness gate
 * into every pod the Service selects; a dataservice pod would wait for a target it never becomes.
 */
export function loadBalancedPodLabels(names: Names): Record<string, string> {
    return { ...gatewayPodSelector(names).matchLabels, [READINESS_GATE_LABEL]: "enabled" };
}

/** The pod labels of the gateway Deployment alone: the dataservice's pods share name and instance and add a component label (_helpers.tpl). */
export function gatewayPodSelector(names: Names) {
    return {
        matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": names.release },
        matchExpressions: [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }],
    };
}

/** The host MCP is served on with host-based routing: the chart's default `mcp.<hostname>` (Portkey-AI/helm charts/portkey-gateway templates/ingress.yaml). */
export function mcpHostname(hostname: string): string {
    return `mcp.${hostname}`;
}

/** The chart's gateway Service port (values.yaml `service.port`; the program does not change it). */
export const CHART_SERVICE_PORT = 8787;

/** The URL callers use: the Service's in-cluster name, or the load balancer's hostname. */
export function endpointUrl(spec: Config, names: Names): string {
    if (usesLoadBalancer(spec.endpoint)) return `https://${spec.endpoint.hostname}`;
    // The chart's Service serves MCP alone on the MCP container port (Portkey-AI/helm charts/portkey-gateway templates/gateway/service.yaml).
    const ports = gatewayPorts(spec);
    return `http://${names.fullname}.${spec.namespace}.svc.cluster.local:${ports.gateway !== undefined ? CHART_SERVICE_PORT : ports.mcp}`;
}
