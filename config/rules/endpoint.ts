// Rules of the endpoint (docs/endpoint.md): what a load-balancer type needs, a certificate the
// load balancer can use, subnets it can live in, MCP routing, and the chart values it manages.
import { usesAutoMode } from "../../derive/compute";
import { MAX_DEREGISTRATION_DELAY_SECONDS, preStopSleepSeconds, serverMode, SLEEP_ACTION_MIN_KUBERNETES, TLS_POLICY } from "../../derive/endpoint";
import { atLeastVersion, NLB_SECURITY_GROUP_MIN_VERSION, POLICY_PARTITIONS } from "../../derive/loadBalancerController";
import { partitionOfRegion } from "../../derive/partition";
import { arnFields } from "../grammar";
import { isPlainObject, own } from "../schema";
import { valueAt } from "./gateway";
import { Rule, RuleInput } from "./rule";

function loadBalancerType(s: RuleInput["s"]): boolean {
    return s.endpoint.type !== "cluster";
}

/** Whether the stack wrote `endpoint.<key>` (an invalid value is reported by its own check, not as missing). */
function endpointKeyWritten(raw: Record<string, unknown>, key: string): boolean {
    const e = own(raw, "endpoint");
    return isPlainObject(e) && own(e, key) !== undefined;
}

/** Whether the stack wrote a non-empty `endpoint.<key>` list (its items are checked where it is declared). */
function writtenList(raw: Record<string, unknown>, key: string): boolean {
    const e = own(raw, "endpoint");
    const v = isPlainObject(e) ? own(e, key) : undefined;
    return Array.isArray(v) && v.length > 0;
}

export const loadBalancerNeedsItsSettings: Rule = ({ s, raw }, p) => {
    if (!loadBalancerType(s)) return;
    const t = s.endpoint.type;
    const missing = (key: "certificateArn" | "hostname") => s.endpoint[key] === undefined && !endpointKeyWritten(raw, key);
    if (missing("certificateArn"))
        p.add(
            "endpoint.certificateArn",
            `is required with endpoint.type ${t}: TLS ends at the load balancer`,
            "issue or import a certificate for endpoint.hostname in ACM in the stack's region and set its ARN",
        );
    if (missing("hostname"))
        p.add(
            "endpoint.hostname",
            `is required with endpoint.type ${t}: it is the name callers use`,
            "set the DNS name the platform team points at the load balancer",
        );
    if (s.endpoint.inboundCidrs.length === 0 && !writtenList(raw, "inboundCidrs"))
        p.add(
            "endpoint.inboundCidrs",
            `is required with endpoint.type ${t}; without it the load balancer would admit every address that can route to it`,
            "list the CIDR blocks of the callers' networks",
        );
    if (s.addons.loadBalancerController === "none" && !usesAutoMode(s))
        p.add(
            "addons.loadBalancerController",
            `endpoint.type ${t} needs the AWS Load Balancer Controller`,
            "set it to install, or to existing when the cluster already runs one (see docs/endpoint.md)",
        );
};

export const certificateInStackRegion: Rule = ({ s, region }, p) => {
    const arn = s.endpoint.certificateArn;
    const f = arn === undefined ? undefined : arnFields(arn);
    if (f === undefined || region === undefined) return;
    if (f.partition !== partitionOfRegion(region) || f.region !== region)
        p.add(
            "endpoint.certificateArn",
            "is not in the stack's region and partition (aws:region); a load balancer can only use an ACM certificate of its own region",
            "import or issue the certificate in ACM in the stack's region and use that ARN",
        );
};

/** A created VPC gets load-balancer subnets; any other network must name them. */
export const loadBalancerSubnetsKnown: Rule = ({ s }, p) => {
    if (!loadBalancerType(s) || s.endpoint.loadBalancerSubnetIds !== undefined) return;
    if (s.cluster.create && s.cluster.vpcId === undefined) return;
    p.add(
        "endpoint.loadBalancerSubnetIds",
        "is required with a load-balancer endpoint on a VPC the program does not create: the NetworkPolicy admits exactly these subnets",
        "list the VPC's load-balancer subnets (tagged kubernetes.io/role/internal-elb, see docs/endpoint.md)",
    );
};

/**
 * An ALB needs subnets in at least two zones (docs/upstream-facts.md#lbc-given-subnets); two IDs is the
 * least that can be. Their zones are known only to EC2: the cloud rule loadBalancerSubnetsOnePerZone
 * (config/rules/cloud.ts) checks them at preview.
 */
export const albSubnetsInTwoZones: Rule = ({ s }, p) => {
    const ids = s.endpoint.loadBalancerSubnetIds;
    if (s.endpoint.type === "internal-alb" && ids !== undefined && new Set(ids).size < 2)
        p.add(
            "endpoint.loadBalancerSubnetIds",
            "lists fewer than two subnets; an ALB needs subnets in at least two zones",
            "list one subnet in each of two or more zones",
        );
};

/** NLBs cannot route by host; Portkey's ECS module requires an ALB for SERVER_MODE all. */
export const mcpNeedsAlb: Rule = ({ s }, p) => {
    const mode = serverMode({ env: s.env ?? {} });
    if (s.endpoint.type === "internal-nlb" && (mode === "all" || mode === "mcp"))
        p.add(
            "endpoint.type",
            "is internal-nlb while the gateway serves MCP (env.SERVER_MODE all or mcp); an NLB cannot route MCP by host name",
            "use internal-alb, which serves MCP on mcp.<endpoint.hostname>, or remove SERVER_MODE",
        );
};

/** Chart values the endpoint sets: the gateway's Service, the Ingress, and the other Services' types. */
export const ENDPOINT_VALUE_PATHS = ["service", "ingress", "mcpService.type", "redis.serviceType"] as const;

export const endpointValuesUntouched: Rule = ({ s }, p) => {
    for (const path of ENDPOINT_VALUE_PATHS.filter((m) => valueAt(s.gateway.values, m) !== undefined))
        p.add(
            `gateway.values.${path}`,
            "is managed by the endpoint: every Service the chart renders is ClusterIP, and the program registers the Ingress or load-balancer Service",
            "remove it from gateway.values and set the endpoint.* keys instead (docs/endpoint.md)",
        );
};

/**
 * A stopping gateway pod waits in preStop while the load balancer lets go of it; Kubernetes kills
 * it when the grace period ends, so the grace period must be longer than the wait, and the wait is
 * the program's (`extraContainerConfig.lifecycle`). The target group drains for the whole grace
 * period, so it is at most what ELB takes (docs/upstream-facts.md#lb-deregistration-lag).
 */
export const graceOutlastsPreStop: Rule = ({ s }, p) => {
    const sleep = preStopSleepSeconds(s.endpoint);
    if (sleep === undefined) return;
    const grace = valueAt(s.gateway.values, "terminationGracePeriodSeconds");
    if (typeof grace === "number" && grace <= sleep)
        p.add(
            "gateway.values.terminationGracePeriodSeconds",
            `is not above the gateway's preStop delay of ${sleep} seconds with endpoint.type ${s.endpoint.type}, so Kubernetes would kill pods while the load balancer still sends them calls`,
            `set it above ${sleep}, or remove it (the program then gives ${sleep} seconds and 30 more for calls in flight)`,
        );
    if (typeof grace === "number" && grace > MAX_DEREGISTRATION_DELAY_SECONDS)
        p.add(
            "gateway.values.terminationGracePeriodSeconds",
            `is above ${MAX_DEREGISTRATION_DELAY_SECONDS} seconds, the longest deregistration delay a target group takes, and the target group keeps a stopping pod's calls for the whole grace period`,
            `set it to ${MAX_DEREGISTRATION_DELAY_SECONDS} or less`,
        );
    if (valueAt(s.gateway.values, "extraContainerConfig.lifecycle") !== undefined)
        p.add(
            "gateway.values.extraContainerConfig.lifecycle",
            "is managed with a load-balancer endpoint: the program sets the preStop delay that keeps a stopping pod serving while the load balancer lets go of it",
            "remove it from gateway.values (docs/endpoint.md)",
        );
};

/** Minor version as a number pair, for ordering ("1.30" → [1, 30]). */
function minor(v: string): [number, number] {
    const [a, b] = v.split(".").map(Number);
    return [a, b];
}

/** The preStop delay is the lifecycle `sleep` handler, on by default from Kubernetes 1.30 (docs/upstream-facts.md#k8s-sleep-action). */
export const sleepActionAvailable: Rule = ({ s }, p) => {
    if (!loadBalancerType(s)) return;
    const key = s.cluster.create ? "cluster.version" : "cluster.kubernetesVersion";
    const version = s.cluster.create ? s.cluster.version : s.cluster.kubernetesVersion;
    if (typeof version !== "string" || !/^1\.\d+$/.test(version)) return;
    const [have, need] = [minor(version), minor(SLEEP_ACTION_MIN_KUBERNETES)];
    if (have[0] === need[0] && have[1] < need[1])
        p.add(
            key,
            `is below ${SLEEP_ACTION_MIN_KUBERNETES}: with endpoint.type ${s.endpoint.type} the gateway's pods wait in a preStop sleep handler, which Kubernetes turns on by default from ${SLEEP_ACTION_MIN_KUBERNETES}`,
            `upgrade the cluster to ${SLEEP_ACTION_MIN_KUBERNETES} or later (docs/upgrading.md) and set the version it runs`,
        );
};

export const controllerPolicyRecorded: Rule = ({ s, region }, p) => {
    if (s.addons.loadBalancerController !== "install" || usesAutoMode(s) || region === undefined) return;
    const partition = partitionOfRegion(region);
    if (!POLICY_PARTITIONS.includes(partition))
        p.add(
            "addons.loadBalancerController",
            `the program records the controller's IAM policy for the partitions ${POLICY_PARTITIONS.join(", ")}, not for the stack's region`,
            "set it to existing and install the controller with its policy for your partition",
        );
};

/**
 * An NLB with ip targets enforces endpoint.inboundCidrs only through its own security group, which
 * controllers before v2.6.0 never create (docs/upstream-facts.md#lbc-nlb-security-groups): the
 * stack states the existing controller's version, and the plan refuses an older one.
 */
export const existingControllerEnforcesNlbSourceRanges: Rule = ({ s }, p) => {
    if (s.endpoint.type !== "internal-nlb" || s.addons.loadBalancerController !== "existing" || usesAutoMode(s)) return;
    const version = s.addons.loadBalancerControllerVersion;
    const check = "`kubectl get deployment -A -l app.kubernetes.io/name=aws-load-balancer-controller -o jsonpath='{..image}'` shows it";
    if (version === undefined)
        p.add(
            "addons.loadBalancerControllerVersion",
            `is required with endpoint.type internal-nlb and an existing controller: only v${NLB_SECURITY_GROUP_MIN_VERSION} or later enforces endpoint.inboundCidrs on an NLB with ip targets`,
            `set it to the controller's image tag (${check})`,
        );
    else if (atLeastVersion(version, NLB_SECURITY_GROUP_MIN_VERSION) === false)
        p.add(
            "addons.loadBalancerControllerVersion",
            `is below v${NLB_SECURITY_GROUP_MIN_VERSION}: that controller gives an NLB no security group, so endpoint.inboundCidrs would not be enforced and every address that routes to the NLB could call the gateway`,
            `upgrade the cluster's controller to v${NLB_SECURITY_GROUP_MIN_VERSION} or later and set the new tag, or use addons.loadBalancerController install`,
        );
};

/**
 * EKS Auto Mode documents no way to choose its load balancers' TLS policy, and an open AWS request
 * asks for one (docs/upstream-facts.md#auto-mode-tls-policy): the program would set the policy it
 * sets through the controller and could not tell whether the listener took it, or took
 * ELBSecurityPolicy-2016-08, which still accepts TLS 1.0. Refused until AWS documents the setting.
 */
export const autoModeTlsPolicyUnknown: Rule = ({ s }, p) => {
    if (!loadBalancerType(s) || !usesAutoMode(s)) return;
    p.add(
        "endpoint.type",
        `is ${s.endpoint.type} while cluster.compute is auto-mode: EKS Auto Mode documents no way to set a load balancer's TLS policy, so its TLS listener could keep ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1, instead of ${TLS_POLICY}`,
        'use endpoint.type cluster (callers inside the cluster), or cluster.compute node-group with addons.loadBalancerController install or existing (docs/endpoint.md, "EKS Auto Mode")',
    );
};

export const namespacesListedOnce: Rule = ({ s }, p) => {
    const list = s.endpoint.allowedNamespaces;
    if (new Set(list).size !== list.length) p.add("endpoint.allowedNamespaces", "lists a namespace more than once", "list each namespace once");
    if (list.includes(s.namespace))
        p.add("endpoint.allowedNamespaces", "lists the gateway's own namespace, which is always admitted", "remove it from the list");
};

export const ENDPOINT_RULES: Rule[] = [
    loadBalancerNeedsItsSettings,
    certificateInStackRegion,
    loadBalancerSubnetsKnown,
    albSubnetsInTwoZones,
    mcpNeedsAlb,
    endpointValuesUntouched,
    graceOutlastsPreStop,
    sleepActionAvailable,
    controllerPolicyRecorded,
    existingControllerEnforcesNlbSourceRanges,
    autoModeTlsPolicyUnknown,
    namespacesListedOnce,
];
