// Drift of what the program applies: each object of DRIFT_TABLE compared with the live one
// (verify/drift.ts), each difference named with its path, the two values and the fix for whoever
// manages the object; and the objects nobody declared that widen the guard rails (another
// NetworkPolicy admitting more to the gateway's pods, a NodePort or LoadBalancer Service).
// A new object is a new row: its kind, how the ExpectedState gives it, where it is exact, who manages it.
import type { AppliedObject, ExpectedState } from "../expected";
import { cidrWithin, compareObjects, Difference, ExactRule, ipv4Block, sameValue, SUBNET_MIN_PREFIX, UNCHECKED_CIDR, valueText } from "../drift";
import { isPlainObject } from "../../derive/objects";
import { KINDS } from "../observed";
import { LOAD_BALANCER_CONTROLLER, LOAD_BALANCER_CONTROLLER_CHART } from "../../derive/loadBalancerController";
import { Finding, KubeObject, LoadBalanced, Observed } from "../types";
import { selects } from "./endpoint";
import { fail, list, notApplicable, pass, unreadFinding, wasUnread } from "./finding";

/**
 * Who puts the object back (docs/upstream-facts.md#drift-fixes): the program's own resources
 * (`pulumi up --refresh`), its Patch resources (`pulumi up --refresh` too: they carry
 * `pulumi.com/patchForce`), the gateway chart (a forced release upgrade, then the program's patches
 * again), or the load balancer controller's chart the stack installs (a forced upgrade of that release).
 */
export type Manager = "program" | "patch" | "chart" | "controller";

export interface DriftRow {
    /** Finding ids are `drift.<id>/<object name>`. */
    id: string;
    kind: string;
    manager: Manager;
    /** The objects the stack derives; a string says why none applies (N/A); undefined: not this stack's kind, no finding. */
    objects: (e: ExpectedState) => AppliedObject[] | string | undefined;
    /** Where the live object may hold nothing the stack does not derive. */
    exact: ExactRule[];
    /** Paths of JSON strings compared parsed. */
    parsed?: string[][];
    /** A cluster-scoped kind: found by name alone. */
    clusterScoped?: true;
}

const SPEC_EXACT = (why: string): ExactRule => ({ path: ["spec"], why });

/** Where a chart Deployment's fields are exact: what a field or an item more would loosen. */
const CHART_DEPLOYMENT_EXACT: ExactRule[] = [
    { path: ["spec", "strategy"], why: "a rollout that may take pods down before new ones are ready loses capacity" },
    { path: ["spec"], keys: "paused", why: "a paused Deployment rolls out nothing, the program's next change included" },
    { path: ["spec", "template", "spec", "securityContext"], why: "a pod-level setting more (a user, a group, sysctls) loosens what the pods run as" },
    {
        path: ["spec", "template", "spec", "containers", "*", "securityContext"],
        why: "a capability, privilege or user more loosens what the container runs as",
    },
    { path: ["spec", "template", "spec", "containers", "*", "resources"], why: "a limit more throttles or kills the container" },
    { path: ["spec", "template", "spec", "topologySpreadConstraints"], why: "a constraint more can leave pods unschedulable" },
    { path: ["spec", "template", "spec", "volumes", "*", "csi"], why: "the secrets volume's driver, class and read-only mount" },
    ...["containers", "volumes"].map((list): ExactRule => ({
        path: ["spec", "template", "spec", list],
        keys: "*",
        why: "a container or volume more runs or mounts what the stack never chose",
    })),
    // Fields of the pod the chart renders none of: init containers, and the node's network, processes and users.
    ...["initContainers", "hostNetwork", "hostPID", "hostIPC"].map((keys): ExactRule => ({
        path: ["spec", "template", "spec"],
        keys,
        why: "an init container runs what the stack never chose; host namespaces open the node",
    })),
];

/** Deep merge of the patches of one Deployment (the Reloader annotations and the pod template fields). */
function merged(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) {
        const prev = out[k];
        out[k] =
            typeof prev === "object" && prev !== null && !Array.isArray(prev) && typeof v === "object" && v !== null && !Array.isArray(v)
                ? merged(prev as Record<string, unknown>, v as Record<string, unknown>)
                : v;
    }
    return out;
}

function patchedDeployments(e: ExpectedState): AppliedObject[] {
    const byName = new Map<string, AppliedObject>();
    for (const p of e.applied.deploymentPatches) {
        const prev = byName.get(p.object.metadata.name);
        byName.set(p.object.metadata.name, (prev ? merged(prev as never, p.object as never) : structuredClone(p.object)) as AppliedObject);
    }
    return [...byName.values()];
}

/** A cluster-scoped object of an Auto Mode ALB, `id` naming its field in `applied.autoModeClass`. */
function autoModeClassRow(id: "ingressClass" | "ingressClassParams", kind: string, why: string): DriftRow {
    const objects = (e: ExpectedState) => (e.applied.autoModeClass ? [e.applied.autoModeClass[id]] : undefined);
    return { id, kind, manager: "program", clusterScoped: true, objects, exact: [SPEC_EXACT(why)] };
}

/** Every object the program applies, one row per kind. */
export const DRIFT_TABLE: readonly DriftRow[] = [
    {
        id: "networkPolicy",
        kind: "NetworkPolicy",
        manager: "program",
        objects: (e) => e.applied.networkPolicies,
        exact: [SPEC_EXACT("a rule, peer or port more admits more callers")],
    },
    {
        id: "loadBalancer",
        kind: "Ingress",
        manager: "program",
        objects: (e) => (e.applied.loadBalancer?.kind === "Ingress" ? [e.applied.loadBalancer.object] : undefined),
        exact: [
            SPEC_EXACT("the hosts and backends the load balancer serves"),
            {
                path: ["metadata", "annotations"],
                keys: "alb.ingress.kubernetes.io/*",
                why: "the controller builds the ALB from them: scheme, inbound CIDRs, listeners, TLS",
            },
            { path: ["metadata", "annotations"], keys: "kubernetes.io/ingress.class", why: "it would hand the Ingress to another controller" },
        ],
    },
    {
        id: "loadBalancer",
        kind: "Service",
        manager: "program",
        objects: (e) => (e.applied.loadBalancer?.kind === "Service" ? [e.applied.loadBalancer.object] : undefined),
        exact: [
            SPEC_EXACT("type, source ranges and ports decide who reaches the NLB"),
            { path: ["metadata", "annotations"], keys: "service.beta.kubernetes.io/*", why: "the controller builds the NLB from them: scheme, TLS, subnets" },
        ],
    },
    // EKS Auto Mode's internal ALB (docs/upstream-facts.md#auto-mode-alb): the class and its parameters.
    autoModeClassRow("ingressClass", "IngressClass", "the controller and parameters decide who builds the ALB, and from what"),
    {
        // The load balancer controller's class, as its chart renders it (no parameters: they would override the Ingress's scheme and CIDRs).
        id: "ingressClass",
        kind: "IngressClass",
        manager: "controller",
        clusterScoped: true,
        objects: (e) => (e.applied.controllerClass ? [e.applied.controllerClass] : undefined),
        exact: [SPEC_EXACT("parameters named by the class override the Ingress's scheme, CIDRs and subnets")],
    },
    autoModeClassRow("ingressClassParams", "IngressClassParams", "scheme, subnets, certificate, namespaces and attributes of the ALB"),
    {
        id: "namespace",
        kind: "Namespace",
        manager: "program",
        objects: (e) =>
            e.applied.namespace
                ? [e.applied.namespace]
                : "the namespace is the platform team's (createNamespace: false): podSecurity and endpoint.readinessGates check its labels",
        exact: [{ path: ["metadata", "labels"], keys: "pod-security.kubernetes.io/*", why: "Pod Security Admission reads every label of its prefix" }],
    },
    {
        id: "disruptionBudget",
        kind: "PodDisruptionBudget",
        manager: "program",
        objects: (e) => (e.applied.disruptionBudgets.length > 0 ? e.applied.disruptionBudgets : "no Deployment has a budget (minAvailable 0)"),
        exact: [SPEC_EXACT("a lower minAvailable or a wider selector lets a drain take more pods")],
    },
    {
        id: "secretProviderClass",
        kind: "SecretProviderClass",
        manager: "program",
        objects: (e) => [e.applied.secretProviderClass],
        exact: [SPEC_EXACT("the secret, keys and region the pods mount")],
        parsed: [["spec", "parameters", "objects"]],
    },
    {
        id: "deploymentPatch",
        kind: "Deployment",
        manager: "patch",
        objects: (e) => (e.applied.deploymentPatches.length > 0 ? patchedDeployments(e) : "the program patches no Deployment field for this stack"),
        exact: [],
    },
    {
        id: "chart",
        kind: "Deployment",
        manager: "chart",
        objects: (e) => e.applied.chart.filter((d) => d.metadata.name === e.deployments[0].name),
        exact: [
            ...CHART_DEPLOYMENT_EXACT,
            // The gateway's pods take no API token (its ServiceAccount's automount is off), unless the template asks for one.
            {
                path: ["spec", "template", "spec"],
                keys: "automountServiceAccountToken",
                why: "a token in the pods gives them the service account's API access",
            },
        ],
    },
    {
        // The dataservice's template carries automountServiceAccountToken from the program's patch (deploymentPatch row).
        id: "chart",
        kind: "Deployment",
        manager: "chart",
        objects: (e) => {
            const others = e.applied.chart.filter((d) => d.metadata.name !== e.deployments[0].name);
            return others.length > 0 ? others : undefined;
        },
        exact: CHART_DEPLOYMENT_EXACT,
    },
    {
        id: "chartService",
        kind: "Service",
        manager: "chart",
        objects: (e) => e.applied.chartServices,
        exact: [
            { path: ["spec", "selector"], why: "another selector sends the Service's traffic to other pods" },
            ...["alb.ingress.kubernetes.io/*", "service.beta.kubernetes.io/*"].map((keys): ExactRule => ({
                path: ["metadata", "annotations"],
                keys,
                why: "the load balancer controller reads a Service's annotations before the Ingress's (target type, health checks, attributes)",
            })),
        ],
    },
    {
        id: "serviceAccount",
        kind: "ServiceAccount",
        manager: "chart",
        objects: (e) => e.applied.chartServiceAccounts,
        exact: [],
    },
    {
        // The chart's HPA (verify/scaling.ts); only with autoscaling on.
        id: "hpa",
        kind: "HorizontalPodAutoscaler",
        manager: "chart",
        objects: (e) => e.applied.hpa,
        exact: [{ path: ["spec", "behavior"], why: "a policy, window or selectPolicy changed scales the gateway slower, or not at all" }],
    },
];

function kindInfo(kind: string) {
    return KINDS.find((k) => k.kind === kind)!;
}

function stackFlag(e: ExpectedState): string {
    return `--stack ${e.stack === "" ? "<stack>" : e.stack}`;
}

/** What puts the object back, for whoever manages it; a cluster-scoped object (a Namespace, an IngressClass) is named without a namespace. */
export function driftFix(e: ExpectedState, manager: Manager, kind: string, o: AppliedObject, clusterScoped = false): string {
    const what = `${kind} ${clusterScoped ? "" : `${e.namespace}/`}${o.metadata.name}`;
    if (manager === "program")
        return `the program owns ${what}, and a plain \`pulumi up\` compares with its state, not the cluster, so it changes nothing: run \`pulumi up --refresh ${stackFlag(e)}\`, which reads the live object and puts back what the stack derives`;
    // The patches carry pulumi.com/patchForce (components/gatewayRelease.ts): a refresh finds the difference and the update takes the fields back.
    if (manager === "patch")
        return `the program patches these fields of ${what} (a DeploymentPatch, server-side apply with \`pulumi.com/patchForce\`), and a plain \`pulumi up\` compares with its state, not the cluster: run \`pulumi up --refresh ${stackFlag(e)}\`, which reads the live fields and applies the patch again, taking them back`;
    if (manager === "controller") return controllerFix(what);
    return chartFix(e, what);
}

/** A forced upgrade of the load balancer controller's release, which the stack installs, with its own values. */
function controllerFix(what: string): string {
    const c = { ...LOAD_BALANCER_CONTROLLER, ...LOAD_BALANCER_CONTROLLER_CHART };
    return (
        `the load balancer controller's chart renders ${what} (release ${c.release}), and \`pulumi up\` does not re-render an unchanged release: ` +
        `force an upgrade with the same values, \`helm -n ${c.namespace} upgrade ${c.release} ${c.chart} --repo ${c.repo} --version ${c.version} --reuse-values --force\``
    );
}

/** A forced upgrade of the release with its own values: the one way to re-render what the chart owns. */
export function chartFix(e: ExpectedState, what: string): string {
    const r = e.release;
    return (
        `the gateway chart renders ${what} (release ${r.name}), and \`pulumi up\` does not re-render an unchanged release: ` +
        `force an upgrade with the same values, \`helm -n ${e.namespace} upgrade ${r.name} ${r.chart} --repo ${r.repo} --version ${r.version} --reuse-values --force\`, ` +
        `then \`pulumi up --refresh ${stackFlag(e)}\` to re-apply the program's patches (the forced upgrade replaces the chart's objects as rendered, without the patched fields)`
    );
}

function differencesText(diffs: Difference[]): string {
    return diffs.map((d) => `${d.path}: expected ${d.expected}, found ${d.found}`).join("; ");
}

function exactText(row: DriftRow): string {
    const parts = row.exact.map((r) => (r.keys ? `${r.path[r.path.length - 1]} ${r.keys}` : r.path.join(".")));
    return parts.length === 0 ? "the fields it sets" : `exact: ${parts.join(", ")}`;
}

function objectFinding(e: ExpectedState, o: Observed, row: DriftRow, want: AppliedObject): Finding {
    const id = `drift.${row.id}/${want.metadata.name}`;
    const key = kindInfo(row.kind).key;
    const ns = row.kind === "Namespace" || row.clusterScoped ? undefined : e.namespace;
    const expected = `${row.kind} ${ns ? `${ns}/` : ""}${want.metadata.name} as the stack derives it (${exactText(row)})`;
    const live = (o[key] as KubeObject[]).find((x) => x.metadata.name === want.metadata.name && (ns === undefined || x.metadata.namespace === ns));
    const fix = driftFix(e, row.manager, row.kind, want, ns === undefined);
    if (!live) return fail(id, expected, `no ${row.kind} ${want.metadata.name}${ns ? ` in ${ns}` : ""}`, fix);
    // The live object was found in the namespace, so its namespace needs no comparing.
    const diffs = compareObjects({ kind: row.kind, exact: row.exact, parsed: row.parsed }, want as never, live as never);
    if (diffs.length === 0) return pass(id, expected, "as derived");
    return fail(id, expected, differencesText(diffs), fix);
}

/** The findings of one row: N/A when the source did not read its kind or the stack derives none. */
export function rowFindings(e: ExpectedState, o: Observed, row: DriftRow): Finding[] {
    const objects = row.objects(e);
    if (objects === undefined) return [];
    if (typeof objects === "string") return [notApplicable(`drift.${row.id}`, objects)];
    if (wasUnread(o, row.kind)) return objects.map((x) => unreadFinding(`drift.${row.id}/${x.metadata.name}`, row.kind));
    return objects.map((x) => objectFinding(e, o, row, x));
}

interface PolicyRule {
    from?: unknown[];
    ports?: Array<{ port?: unknown; protocol?: string; endPort?: unknown }>;
}

type Coverage = "within" | "more" | "unknown";

/** An ipBlock peer is within the program's rule when its block lies in one of the rule's ipBlocks (an `except` only narrows it). */
function ipBlockCoverage(peer: unknown, ours: PolicyRule): Coverage | undefined {
    const block = (p: unknown) =>
        typeof p === "object" && p !== null && Object.keys(p).length === 1 ? (p as { ipBlock?: { cidr?: unknown } }).ipBlock : undefined;
    const cidr = block(peer)?.cidr;
    if (typeof cidr !== "string") return undefined;
    const theirs = (ours.from ?? []).map((x) => block(x)).filter((b) => b !== undefined && b !== null);
    // Without the CIDRs, a block wider than any subnet's (or not IPv4) is still more than ours.
    const bits = ipv4Block(cidr)?.bits;
    if (theirs.some((b) => b.cidr === UNCHECKED_CIDR)) return bits === undefined || bits < SUBNET_MIN_PREFIX ? "more" : "unknown";
    return theirs.some((b) => !("except" in b) && typeof b.cidr === "string" && cidrWithin(cidr, b.cidr)) ? "within" : "more";
}

type Requirement = { key: string; operator: string; values?: string[] };
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] };

/**
 * Whether every set of labels `theirs` selects, `ours` selects too (label selector semantics:
 * kubernetes/apimachinery pkg/apis/meta/v1/types.go LabelSelector; an empty selector selects all).
 * Proved from the selectors alone, for the forms people write; anything else is not within.
 */
export function selectorWithin(theirs: Selector, ours: Selector): boolean {
    const labels = theirs.matchLabels ?? {};
    const exprs = theirs.matchExpressions ?? [];
    const has = (op: string, key: string) => exprs.filter((x) => x.operator === op && x.key === key);
    // The values `theirs` allows for `key`, when it pins them: a label, or an `In` list.
    const allowed = (key: string): string[] | undefined =>
        Object.hasOwn(labels, key)
            ? [labels[key]]
            : has("In", key).reduce<string[] | undefined>((acc, x) => (acc ?? x.values ?? []).filter((v) => (x.values ?? []).includes(v)), undefined);
    const requirements: Requirement[] = [
        ...Object.entries(ours.matchLabels ?? {}).map(([key, v]) => ({ key, operator: "In", values: [v] })),
        ...(ours.matchExpressions ?? []),
    ];
    return requirements.every((r) => {
        const pinned = allowed(r.key);
        if (r.operator === "In") return pinned !== undefined && pinned.every((v) => (r.values ?? []).includes(v));
        if (r.operator === "NotIn")
            return (
                (pinned !== undefined && pinned.every((v) => !(r.values ?? []).includes(v))) ||
                has("DoesNotExist", r.key).length > 0 ||
                has("NotIn", r.key).some((x) => (r.values ?? []).every((v) => (x.values ?? []).includes(v)))
            );
        if (r.operator === "Exists") return pinned !== undefined || has("Exists", r.key).length > 0;
        if (r.operator === "DoesNotExist") return has("DoesNotExist", r.key).length > 0;
        return false;
    });
}

/** A peer of another policy's rule within a peer of the program's: pods, namespaces, or both, each narrower (ipBlocks apart). */
export function peerWithin(peer: unknown, ours: unknown, namespace: string): boolean {
    const parts = (x: unknown) => (isPlainObject(x) ? (x as { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown }) : {});
    const t = parts(peer);
    const o = parts(ours);
    if (t.ipBlock !== undefined || o.ipBlock !== undefined) return false;
    // A peer without a namespaceSelector is in the policy's own namespace, which its name label alone identifies.
    const ownNamespace: Selector = { matchLabels: { "kubernetes.io/metadata.name": namespace } };
    const namespacesWithin = (tn: Selector | undefined, on: Selector | undefined) =>
        on === undefined ? selectorWithin(tn ?? ownNamespace, ownNamespace) : selectorWithin(tn ?? ownNamespace, on);
    const podsWithin = (tp: Selector | undefined, op: Selector | undefined) => op === undefined || selectorWithin(tp ?? {}, op);
    if (t.podSelector === undefined && t.namespaceSelector === undefined) return false;
    if (o.podSelector === undefined && o.namespaceSelector === undefined) return false;
    return namespacesWithin(t.namespaceSelector, o.namespaceSelector) && podsWithin(t.podSelector, o.podSelector);
}

type PolicyPort = { port?: number | string; endPort?: number; protocol?: string };

/** The port numbers a rule's port admits for a protocol: a range, or a named port resolved on the guarded pods' containers; undefined for all. */
function portNumbers(p: PolicyPort, named: Map<string, number[]>): number[] | undefined {
    if (p.port === undefined) return undefined;
    if (typeof p.port === "string") return named.get(p.port) ?? [Number.NaN];
    const end = typeof p.endPort === "number" && p.endPort >= p.port ? Math.min(p.endPort, 65535) : p.port;
    return Array.from({ length: end - p.port + 1 }, (_, i) => (p.port as number) + i);
}

/** Whether the program's ports admit every port `p` admits (protocol TCP by default, kubernetes/api networking/v1/types.go NetworkPolicyPort). */
export function portWithin(p: unknown, ours: unknown[], named: Map<string, number[]>): boolean {
    if (!isPlainObject(p)) return false;
    const theirs = p as PolicyPort;
    const protocol = theirs.protocol ?? "TCP";
    const same = ours.filter((x): x is PolicyPort => isPlainObject(x) && ((x as PolicyPort).protocol ?? "TCP") === protocol);
    if (same.some((x) => x.port === undefined)) return true;
    const wanted = portNumbers(theirs, named);
    if (wanted === undefined) return false;
    const admitted = new Set(same.flatMap((x) => portNumbers(x, named) ?? []));
    return wanted.every((n) => admitted.has(n));
}

/** Whether the program's rule admits everything `rule` admits: each of its peers within one of the rule's (ipBlocks: within one's block), each port within its ports. */
function coveredBy(rule: PolicyRule, ours: PolicyRule, namespace: string, named: Map<string, number[]>): Coverage {
    // An absent or empty `from` admits every source, an absent or empty `ports` every port: never within ours.
    const { from, ports } = rule;
    if (!Array.isArray(from) || from.length === 0 || !Array.isArray(ports) || ports.length === 0) return "more";
    if (!ports.every((p) => portWithin(p, ours.ports ?? [], named))) return "more";
    const peers = from.map((peer) =>
        (ours.from ?? []).some((x) => !JSON.stringify(x).includes(UNCHECKED_CIDR) && (sameValue("NetworkPolicy", x, peer) || peerWithin(peer, x, namespace)))
            ? "within"
            : (ipBlockCoverage(peer, ours) ?? "more"),
    );
    return peers.includes("more") ? "more" : peers.includes("unknown") ? "unknown" : "within";
}

/** The best any of the program's rules does for `rule`: within one, else not provable without the CIDRs, else more. */
function covered(rule: PolicyRule, ours: PolicyRule[], namespace: string, named: Map<string, number[]>): Coverage {
    const each = ours.map((r) => coveredBy(rule, r, namespace, named));
    return each.includes("within") ? "within" : each.includes("unknown") ? "unknown" : "more";
}

/** The pods a program's policy guards: their labels (the live pods it selects, and the labels its selector names), and their named container ports. */
function guardedPods(e: ExpectedState, o: Observed, policy: AppliedObject): { labels: Array<Record<string, string>>; named: Map<string, number[]> } {
    const selector = (policy.spec?.podSelector ?? {}) as { matchLabels?: Record<string, string> };
    const live = o.pods.filter((p) => p.metadata.namespace === e.namespace && selects(selector, p.metadata.labels ?? {}));
    const named = new Map<string, number[]>();
    for (const c of live.flatMap((p) => p.spec?.containers ?? []))
        for (const port of (c.ports ?? []) as Array<{ name?: string; containerPort?: number }>)
            if (port.name !== undefined && port.containerPort !== undefined)
                named.set(port.name, [...new Set([...(named.get(port.name) ?? []), port.containerPort])]);
    return { labels: [...live.map((p) => p.metadata.labels ?? {}), { ...(selector.matchLabels ?? {}) }], named };
}

interface Wider {
    name: string;
    /** The program's policy whose pods it also selects, when that is not the gateway's `-callers` policy. */
    guarding?: string;
    more: unknown[];
    unknown: unknown[];
}

/** The other policies selecting pods `policy` guards, each with its rules that admit more and those only the CIDRs could prove within. */
function otherPolicies(e: ExpectedState, o: Observed, policy: AppliedObject): Wider[] {
    const ours = e.applied.networkPolicies;
    const rules = (policy.spec?.ingress as PolicyRule[] | undefined) ?? [];
    const { labels, named } = guardedPods(e, o, policy);
    const guarding = policy.metadata.name === e.endpoint.networkPolicy.name ? undefined : policy.metadata.name;
    return o.networkPolicies
        .filter((p) => p.metadata.namespace === e.namespace && !ours.some((x) => x.metadata.name === p.metadata.name))
        .filter((p) => labels.some((l) => selects(p.spec?.podSelector ?? {}, l)))
        .flatMap((p) => {
            const spec = p.spec as { policyTypes?: unknown; ingress?: unknown } | undefined;
            if (Array.isArray(spec?.policyTypes) && !spec.policyTypes.includes("Ingress")) return [];
            const ingress = (Array.isArray(spec?.ingress) ? spec.ingress : []) as unknown[];
            const coverage = (r: unknown) => (typeof r !== "object" || r === null ? "more" : covered(r as PolicyRule, rules, e.namespace, named));
            const more = ingress.filter((r) => coverage(r) === "more");
            const unknown = ingress.filter((r) => coverage(r) === "unknown");
            return more.length + unknown.length > 0 ? [{ name: p.metadata.name, guarding, more, unknown }] : [];
        });
}

/** `--lb-cidrs` as the stack output gives it: the fix when verify needs the load balancer subnets' CIDRs. */
function lbCidrsFlag(e: ExpectedState): string {
    return `--lb-cidrs "$(pulumi stack output loadBalancerSubnetCidrs ${stackFlag(e)} --json | jq -r 'join(",")')"`;
}

/** Policies add up: any other policy selecting the gateway's pods must admit nothing the program's do not. */
export function extraPoliciesFinding(e: ExpectedState, o: Observed): Finding {
    const id = "drift.networkPolicies";
    const guards = e.applied.networkPolicies.map((p) => p.metadata.name).filter((n) => n !== e.endpoint.networkPolicy.name);
    const expected =
        `no other NetworkPolicy in ${e.namespace} admits more to the gateway's pods than ${e.endpoint.networkPolicy.name}` +
        guards.map((n) => `, nor more to the pods of ${n} than that policy`).join("");
    if (wasUnread(o, "NetworkPolicy")) return unreadFinding(id, "NetworkPolicy");
    // Each of the program's policies guards its pods: the gateway's (`-callers`), and the chart's Redis when it runs.
    const others = e.applied.networkPolicies.flatMap((p) => otherPolicies(e, o, p));
    const to = (w: Wider) => (w.guarding ? ` to the pods of ${w.guarding}` : "");
    const wider = others.filter((w) => w.more.length > 0);
    const names = [...new Set(wider.map((w) => w.name))];
    if (wider.length > 0)
        return fail(
            id,
            expected,
            wider.map((w) => `${w.name} also admits ${valueText(w.more)}${to(w)}`).join("; "),
            `policies add up, so each admits its own callers to the pods it selects: delete ${list(names)} (\`kubectl -n ${e.namespace} delete networkpolicy ${names.join(" ")}\`)` +
                // endpoint.allowedNamespaces widens the gateway's -callers policy only.
                (wider.some((w) => w.guarding === undefined)
                    ? `; to admit a namespace, add it to endpoint.allowedNamespaces and run \`pulumi up ${stackFlag(e)}\``
                    : ""),
        );
    if (others.length > 0)
        return notApplicable(
            id,
            `could not check ipBlocks: ${others.map((w) => `${w.name} admits ${valueText(w.unknown)}`).join("; ")}, and without the load balancer subnets' CIDRs verify cannot tell whether that is more than ${e.endpoint.networkPolicy.name} admits: pass ${lbCidrsFlag(e)}`,
        );
    return pass(id, expected, "none admits more");
}

/** Without `--lb-cidrs` the `-callers` policy's ipBlock peers are compared in number only: this says so. */
export function loadBalancerCidrsFinding(e: ExpectedState, o: Observed): Finding[] {
    const c = e.endpoint.loadBalancerCidrs;
    if (c.known || wasUnread(o, "NetworkPolicy")) return [];
    return [
        notApplicable(
            `drift.networkPolicy/${e.endpoint.networkPolicy.name}.ipBlocks`,
            `not checked: the CIDRs of the ${c.count} ipBlock peer(s) (the load balancer subnets', which only EC2 knows; the rest of the policy is compared): pass ${lbCidrsFlag(e)}`,
        ),
    ];
}

function isChartObject(e: ExpectedState, x: KubeObject): boolean {
    return x.metadata.annotations?.["meta.helm.sh/release-name"] === e.release.name || x.metadata.labels?.["app.kubernetes.io/instance"] === e.release.name;
}

/**
 * How a Service is reachable from outside the cluster: its type, or addresses it takes traffic on
 * (`externalIPs`); or, for one of the chart's, where it sends its callers instead (`ExternalName`).
 */
function opening(s: LoadBalanced, own: string | undefined, chart: string[]): string | undefined {
    const spec = s.spec as { type?: string; externalIPs?: unknown; externalName?: string } | undefined;
    const ips = Array.isArray(spec?.externalIPs) && spec.externalIPs.length > 0 ? spec.externalIPs : undefined;
    if (ips) return `Service ${s.metadata.name} has externalIPs ${valueText(ips)}`;
    if (s.metadata.name !== own && ["NodePort", "LoadBalancer"].includes(spec?.type ?? "")) return `Service ${s.metadata.name} is ${spec?.type}`;
    if (chart.includes(s.metadata.name) && spec?.type === "ExternalName")
        return `Service ${s.metadata.name} is ExternalName, sending its callers to ${spec.externalName ?? "?"}`;
    return undefined;
}

/** No Service of the namespace opens a node port, a load balancer (but the program's own) or external IPs. */
export function exposureFinding(e: ExpectedState, o: Observed): Finding {
    const id = "drift.exposure";
    const own = e.applied.loadBalancer?.kind === "Service" ? e.applied.loadBalancer.object.metadata.name : undefined;
    const expected = `no NodePort or LoadBalancer Service in ${e.namespace}${own ? ` but ${own}` : ""}, none with externalIPs, and none of the chart's Services of type ExternalName`;
    const chart = e.applied.chartServices.map((c) => c.metadata.name);
    if (wasUnread(o, "Service")) return unreadFinding(id, "Service");
    const open = o.services
        .filter((s) => s.metadata.namespace === e.namespace)
        .flatMap((s) => {
            const how = opening(s, own, chart);
            return how ? [{ s, how }] : [];
        });
    if (open.length === 0) return pass(id, expected, "none");
    const fixes = open.map(({ s }) =>
        isChartObject(e, s)
            ? chartFix(e, `Service ${e.namespace}/${s.metadata.name}`)
            : s.metadata.name === own
              ? driftFix(e, "program", "Service", e.applied.loadBalancer!.object)
              : `Service ${s.metadata.name} is not the program's: delete it (\`kubectl -n ${e.namespace} delete service ${s.metadata.name}\`) or make it ClusterIP without externalIPs, and find who made it`,
    );
    return fail(id, expected, open.map((x) => x.how).join("; "), fixes.join("; "));
}

/** The class an Ingress asks for: its `ingressClassName`, else the legacy annotation, else the cluster's default class. */
function ingressClassOf(i: LoadBalanced): string {
    const spec = i.spec as { ingressClassName?: string } | undefined;
    return spec?.ingressClassName ?? i.metadata.annotations?.["kubernetes.io/ingress.class"] ?? "the default class";
}

/** The Services an Ingress sends to: its default backend's and each path's. */
function ingressBackends(i: LoadBalanced): string[] {
    type Backend = { service?: { name?: string } };
    const spec = i.spec as { defaultBackend?: Backend; rules?: Array<{ http?: { paths?: Array<{ backend?: Backend }> } }> } | undefined;
    const backends = [spec?.defaultBackend, ...(spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    return backends.map((b) => b?.service?.name).filter((n): n is string => n !== undefined);
}

/**
 * No Ingress of the namespace to the chart's Services but the program's own: another one has a controller build a load balancer
 * (or route a shared one) to the gateway's Service, from sources the program never chose. An ALB in IP
 * mode sends from its subnets' addresses, which the `-callers` policy admits.
 */
export function ingressExposureFinding(e: ExpectedState, o: Observed): Finding {
    const id = "drift.ingresses";
    const own = e.applied.loadBalancer?.kind === "Ingress" ? e.applied.loadBalancer.object.metadata.name : undefined;
    const chart = e.applied.chartServices.map((c) => c.metadata.name);
    const expected = `no Ingress in ${e.namespace}${own ? ` but ${own}` : ""} to the chart's Services (${chart.join(", ")})`;
    if (wasUnread(o, "Ingress")) return unreadFinding(id, "Ingress");
    // An Ingress reaches Services of its own namespace only (networking/v1 IngressServiceBackend); one to another app's is not the gateway's.
    const others = o.ingresses.filter(
        (i) => i.metadata.namespace === e.namespace && i.metadata.name !== own && ingressBackends(i).some((b) => chart.includes(b)),
    );
    if (others.length === 0) return pass(id, expected, "none");
    const fixes = others.map((i) =>
        isChartObject(e, i)
            ? chartFix(e, `Ingress ${e.namespace}/${i.metadata.name}`)
            : `Ingress ${i.metadata.name} is not the program's: delete it (\`kubectl -n ${e.namespace} delete ingress ${i.metadata.name}\`) and find who made it; to serve callers outside the cluster, set endpoint.type and run \`pulumi up ${stackFlag(e)}\` (docs/endpoint.md)`,
    );
    return fail(id, expected, others.map((i) => `Ingress ${i.metadata.name} (class ${ingressClassOf(i)})`).join("; "), fixes.join("; "));
}

export function driftFindings(e: ExpectedState, o: Observed): Finding[] {
    return [
        ...DRIFT_TABLE.flatMap((row) => rowFindings(e, o, row)),
        ...loadBalancerCidrsFinding(e, o),
        extraPoliciesFinding(e, o),
        exposureFinding(e, o),
        ingressExposureFinding(e, o),
    ];
}
