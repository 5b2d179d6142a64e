// How callers reach the gateway (docs/endpoint.md): the NetworkPolicy selects exactly the gateway
// pods, the load balancer has an address, the controller runs, and something enforces policies.
import { atLeastVersion, NLB_SECURITY_GROUP_MIN_VERSION } from "../../derive/loadBalancerController";
import { ExpectedState } from "../expected";
import { Finding, LabelSelector, Observed, Workload } from "../types";
import { fail, list, notApplicable, pass, unreadFinding, wasUnread } from "./finding";
import { enforcementFinding } from "./networkPolicyEnforcement";
import { deploymentPods } from "./workloads";

/** Whether a label selector selects these labels (the operators NetworkPolicy selectors use). */
export function selects(sel: LabelSelector, labels: Record<string, string> = {}): boolean {
    const has = (k: string) => Object.hasOwn(labels, k);
    if (!Object.entries(sel.matchLabels ?? {}).every(([k, v]) => has(k) && labels[k] === v)) return false;
    return (sel.matchExpressions ?? []).every((x) => {
        if (x.operator === "Exists") return has(x.key);
        if (x.operator === "DoesNotExist") return !has(x.key);
        if (x.operator === "In") return has(x.key) && (x.values ?? []).includes(labels[x.key]);
        if (x.operator === "NotIn") return !has(x.key) || !(x.values ?? []).includes(labels[x.key]);
        return false;
    });
}

export function networkPolicyFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.networkPolicy";
    if (wasUnread(o, "NetworkPolicy")) return unreadFinding(id, "NetworkPolicy");
    const want = e.endpoint.networkPolicy;
    const expected = `NetworkPolicy ${want.name} selecting the gateway's pods and none of the dataservice's`;
    const np = o.networkPolicies.find((p) => p.metadata.name === want.name && p.metadata.namespace === e.namespace);
    if (!np) return fail(id, expected, `no NetworkPolicy ${want.name} in ${e.namespace}`, "run `pulumi up`");
    const sel = np.spec?.podSelector ?? {};
    const gateway = e.deployments.find((d) => d.role === "gateway")!;
    const gatewayPods = deploymentPods(e, o, gateway.name);
    const others = e.deployments.filter((d) => d.role !== "gateway").flatMap((d) => deploymentPods(e, o, d.name));
    const missed = gatewayPods.filter((p) => !selects(sel, p.metadata.labels)).map((p) => p.metadata.name);
    const extra = others.filter((p) => selects(sel, p.metadata.labels)).map((p) => p.metadata.name);
    const found = `selects ${gatewayPods.length - missed.length} of ${gatewayPods.length} gateway pods; also selects: ${list(extra)}`;
    if (missed.length === 0 && extra.length === 0 && gatewayPods.length > 0) return pass(id, expected, found);
    return fail(
        id,
        expected,
        gatewayPods.length === 0 ? "no gateway pods to select" : found,
        "run `pulumi up`: the policy's podSelector is the chart's name and instance labels with app.kubernetes.io/component absent",
    );
}

export function loadBalancerFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.loadBalancer";
    const lb = e.endpoint.loadBalancer;
    if (!lb) return notApplicable(id, `endpoint.type cluster: callers use ${e.endpoint.url}`);
    if (wasUnread(o, lb.kind)) return unreadFinding(id, lb.kind);
    const expected = `${lb.kind} ${lb.name} with a load-balancer address`;
    const objects = lb.kind === "Ingress" ? o.ingresses : o.services;
    const obj = objects.find((x) => x.metadata.name === lb.name && x.metadata.namespace === e.namespace);
    if (!obj) return fail(id, expected, `no ${lb.kind} ${lb.name} in ${e.namespace}`, "run `pulumi up`");
    const address = obj.status?.loadBalancer?.ingress?.[0];
    const name = address?.hostname ?? address?.ip;
    if (name) return pass(id, expected, `address ${name}; point the DNS record of ${e.endpoint.url} at it`);
    return fail(
        id,
        expected,
        "no address yet",
        `\`kubectl -n ${e.namespace} describe ${lb.kind.toLowerCase()} ${lb.name}\`: the controller's events name the cause (subnets, certificate, IAM)`,
    );
}

function isController(d: Workload, label: string): boolean {
    return d.metadata.labels?.["app.kubernetes.io/name"] === label;
}

/** Why no controller applies: no load balancer, or EKS Auto Mode's built-in load balancing serves it. */
function noController(e: ExpectedState): string {
    return e.endpoint.autoMode
        ? "EKS Auto Mode's built-in load balancing serves the load balancer: no controller Deployment (see endpoint.autoMode)"
        : "endpoint.type cluster: no load balancer";
}

export function controllerFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.controller";
    const c = e.endpoint.controller;
    if (!c) return notApplicable(id, noController(e));
    const expected = "the AWS Load Balancer Controller running with at least one ready replica";
    const deps = o.deployments.filter((d) => isController(d, c.label));
    const ready = deps.reduce((n, d) => n + (d.status?.readyReplicas ?? 0), 0);
    const found = deps.length === 0 ? "no Deployment labelled app.kubernetes.io/name=aws-load-balancer-controller" : `${ready} ready`;
    if (ready > 0) return pass(id, expected, found);
    const fix =
        c.source === "install"
            ? "run `pulumi up`; then `kubectl -n kube-system describe deployment/aws-load-balancer-controller`"
            : "the stack expects the platform team's controller (addons.loadBalancerController existing): ask them, or set it to install";
    return fail(id, expected, found, fix);
}

/** The controller container's image tag ("public.ecr.aws/eks/aws-load-balancer-controller:v2.7.2" → "v2.7.2"), undefined for a digest only. */
export function imageTag(image: string): string | undefined {
    const name = image.split("@")[0];
    const colon = name.lastIndexOf(":");
    return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
}

/** Whether the controller's args turn the NLBSecurityGroup feature gate off (`--feature-gates=NLBSecurityGroup=false`, any Go boolean spelling). */
export function nlbSecurityGroupsOff(args: string[]): boolean {
    return args
        .filter((a) => a.startsWith("--feature-gates="))
        .flatMap((a) => a.slice("--feature-gates=".length).split(","))
        .map((kv) => kv.split("=").map((x) => x.trim()))
        .some(([k, v]) => k === "NLBSecurityGroup" && ["0", "f", "F", "false", "FALSE", "False"].includes(v ?? ""));
}

/**
 * An NLB with ip targets enforces endpoint.inboundCidrs only through its own security group:
 * controller v2.6.0 or later, with the NLBSecurityGroup feature gate left on
 * (docs/upstream-facts.md#lbc-nlb-security-groups).
 */
export function controllerVersionFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.controllerVersion";
    const c = e.endpoint.controller;
    if (!c) return notApplicable(id, noController(e));
    if (e.endpoint.loadBalancer?.kind !== "Service") return notApplicable(id, "only an NLB needs a minimum controller version (endpoint.type internal-nlb)");
    const expected = `the AWS Load Balancer Controller at v${NLB_SECURITY_GROUP_MIN_VERSION} or later with NLB security groups on, so the NLB enforces endpoint.inboundCidrs`;
    const containers = o.deployments
        .filter((d) => isController(d, c.label))
        .flatMap((d) => (d.spec?.template?.spec?.containers ?? []).filter((x) => x.name === c.label || (x.image ?? "").includes(c.label)));
    if (containers.length === 0) return notApplicable(id, "no controller Deployment read (see endpoint.controller)");
    const tags = containers.map((x) => imageTag(x.image ?? "") ?? x.image ?? "no image");
    const old = tags.filter((t) => atLeastVersion(t, NLB_SECURITY_GROUP_MIN_VERSION) !== true);
    const gateOff = containers.some((x) => nlbSecurityGroupsOff(x.args ?? []));
    const found = `image ${list(tags)}${gateOff ? "; --feature-gates NLBSecurityGroup=false" : ""}`;
    if (old.length === 0 && !gateOff) return pass(id, expected, found);
    const fix =
        c.source === "install"
            ? "run `pulumi up --refresh`: the program installs chart 3.5.0 (controller v3.5.0) with NLB security groups on"
            : old.length > 0
              ? `ask the platform team to upgrade the controller to v${NLB_SECURITY_GROUP_MIN_VERSION} or later (an unreadable tag, such as a digest, counts as older), then set addons.loadBalancerControllerVersion to the new tag; until then the NLB admits every address that routes to it`
              : "ask the platform team to remove NLBSecurityGroup=false from the controller's --feature-gates; until then the NLB admits every address that routes to it";
    return fail(id, expected, found, fix);
}

/**
 * The controller gates every pod a load-balanced Service selects. The dataservice's pods serve no
 * load balancer, so a gate there never turns true and the pod never becomes ready.
 */
export function gateScopeFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.readinessGateScope";
    if (!e.endpoint.loadBalancer) return notApplicable(id, "endpoint.type cluster: no load balancer");
    const others = e.deployments.filter((d) => d.role !== "gateway");
    if (others.length === 0) return notApplicable(id, "no dataservice: only the gateway's pods can be gated");
    const expected = "no target-health readiness gate on the dataservice's pods, which no load balancer serves";
    const gated = others
        .flatMap((d) => deploymentPods(e, o, d.name))
        .filter((p) => (p.spec?.readinessGates ?? []).some((g) => g.conditionType.startsWith("target-health.elbv2.k8s.aws/")))
        .map((p) => p.metadata.name);
    if (gated.length === 0) return pass(id, expected, "none gated");
    return fail(
        id,
        expected,
        `gated: ${list(gated)} (they never become ready)`,
        e.endpoint.controller?.source === "existing"
            ? "ask the platform team to give the controller's pod webhook (mpod.elbv2.k8s.aws) the object selector elbv2.k8s.aws/pod-readiness-gate-inject=enabled, as the program's own installation does (docs/endpoint.md), then delete the gated pods"
            : "run `pulumi up --refresh` (the webhook's object selector and the NLB Service's selector leave the dataservice out), then delete the gated pods",
    );
}

/** Readiness gates: the controller injects them only into pods of a namespace carrying the label. */
export function namespaceLabelsFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.readinessGates";
    const want = Object.entries(e.endpoint.namespaceLabels);
    if (want.length === 0 && e.endpoint.autoMode)
        return notApplicable(id, 'EKS Auto Mode has no readiness gate: rollouts rely on the preStop delay (docs/endpoint.md, "EKS Auto Mode")');
    if (want.length === 0) return notApplicable(id, "endpoint.type cluster: no load balancer to wait for");
    const expected = `namespace ${e.namespace} labelled ${want.map(([k, v]) => `${k}=${v}`).join(", ")}`;
    if (wasUnread(o, "Namespace")) return unreadFinding(id, "Namespace");
    const ns = o.namespaces.find((n) => n.metadata.name === e.namespace);
    if (!ns) return fail(id, expected, `namespace ${e.namespace} not read`, "run `pulumi up`, or check that you may read namespaces");
    const missing = want.filter(([k, v]) => ns.metadata.labels?.[k] !== v).map(([k, v]) => `${k}=${v}`);
    if (missing.length === 0) return pass(id, expected, "labelled");
    return fail(
        id,
        expected,
        `missing ${list(missing)}`,
        `\`kubectl label namespace ${e.namespace} ${missing.join(" ")}\` (the platform team's namespace), or run \`pulumi up\` when the stack creates it; then restart the gateway`,
    );
}

/** The NLB Service of EKS Auto Mode's class (the class cannot change once the Service exists). */
function autoModeServiceFinding(e: ExpectedState, o: Observed, serviceClass: string): Finding {
    const id = "endpoint.autoMode";
    const name = e.endpoint.loadBalancer!.name;
    const expected = `Service ${name} of loadBalancerClass ${serviceClass}, which EKS Auto Mode serves`;
    if (wasUnread(o, "Service")) return unreadFinding(id, "Service");
    const svc = o.services.find((x) => x.metadata.name === name && x.metadata.namespace === e.namespace);
    const found = svc ? `loadBalancerClass ${svc.spec?.loadBalancerClass ?? "none"}` : `no Service ${name} in ${e.namespace}`;
    if (svc?.spec?.loadBalancerClass === serviceClass) return pass(id, expected, found);
    const fix = svc
        ? `a Service's loadBalancerClass cannot change: \`kubectl -n ${e.namespace} delete service ${name}\`, then \`pulumi up --refresh\` creates it with Auto Mode's class`
        : "run `pulumi up`";
    return fail(id, expected, found, fix);
}

/**
 * EKS Auto Mode builds the internal ALB from the IngressClass of controller eks.amazonaws.com/alb
 * and the IngressClassParams it names (docs/upstream-facts.md#auto-mode-alb); the drift checks
 * compare both objects field by field.
 */
export function autoModeFinding(e: ExpectedState, o: Observed): Finding {
    const id = "endpoint.autoMode";
    const a = e.endpoint.autoMode;
    if (!a)
        return notApplicable(
            id,
            e.endpoint.controller ? "the AWS Load Balancer Controller serves the load balancer" : "endpoint.type cluster: no load balancer",
        );
    if ("serviceClass" in a) return autoModeServiceFinding(e, o, a.serviceClass);
    const expected = `IngressClass ${a.ingressClass} of controller ${a.controller}, with its IngressClassParams ${a.params.name}`;
    for (const kind of ["IngressClass", "IngressClassParams"]) if (wasUnread(o, kind)) return unreadFinding(id, kind);
    const cls = o.ingressClasses.find((c) => c.metadata.name === a.ingressClass);
    const params = o.ingressClassParams.find((c) => c.metadata.name === a.params.name);
    const p = cls?.spec?.parameters;
    const ok = cls?.spec?.controller === a.controller && p?.apiGroup === a.params.apiGroup && p?.kind === a.params.kind && p?.name === a.params.name;
    const found = !cls
        ? `no IngressClass ${a.ingressClass}`
        : `controller ${cls.spec?.controller ?? "none"}, parameters ${p ? `${p.apiGroup}/${p.kind} ${p.name}` : "none"}${params ? "" : `; no IngressClassParams ${a.params.name}`}`;
    if (ok && params) return pass(id, expected, found);
    return fail(
        id,
        expected,
        found,
        "run `pulumi up --refresh`: the program creates both (an IngressClass's controller cannot change: delete the class first if it names another)",
    );
}

export function endpointFindings(e: ExpectedState, o: Observed): Finding[] {
    return [
        networkPolicyFinding(e, o),
        loadBalancerFinding(e, o),
        controllerFinding(e, o),
        autoModeFinding(e, o),
        controllerVersionFinding(e, o),
        enforcementFinding(e, o),
        namespaceLabelsFinding(e, o),
        gateScopeFinding(e, o),
    ];
}
