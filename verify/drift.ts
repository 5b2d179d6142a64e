// Drift: the difference between an object the program applies and the same object read back from
// the cluster. Pure. One comparison for every kind, shaped by data: which lists are keyed by what
// (KUBERNETES_LIST_KEYS), which fields the API server fills in or controllers own (ALLOWED), and,
// per object, where the comparison is exact rather than a subset (ExactRule). Values only AWS knows
// (a load balancer subnet's ID, and its CIDR unless verify is given it) stand in the expected object
// as AWS_FACTS tokens.
import * as YAML from "yaml";
import { cpuMillicores, memoryBytes } from "../config/quantity";

/** A path in an object: object keys as they are, list items as `[key=value,…]` (keyed) or `[*]` (atomic). */
export type Path = string[];

export interface Difference {
    /** Where, e.g. `spec.ingress` or `metadata.annotations["alb.ingress.kubernetes.io/scheme"]`. */
    path: string;
    /** JSON of the value the stack derives, or `(absent)`. */
    expected: string;
    found: string;
}

/** A field the comparison accepts whatever the stack says: a default the server fills, or a field another owner writes. */
export interface Allowed {
    /** Kinds it applies to; `*` for any. */
    kinds: string[] | "*";
    /** Segments, each a glob (`*`); `[*]` is any list item. */
    path: string[];
    /** A default: accepted where the stack leaves the field out and the live object holds this value. Without it, the field is ignored. */
    value?: unknown;
    /** Ignored only where the stack sets no value (a field another owner takes over when the stack leaves it). */
    whenUnset?: true;
    /** Who writes it. */
    owner: string;
    why: string;
}

/**
 * Where the comparison is exact: every field under `path` the live object has must be one the stack
 * derives (or an allowed default). With `keys`, only the keys of the map at `path` that match the glob.
 * Everywhere else the live object may hold more than the stack sets (labels others add, defaults).
 */
export interface ExactRule {
    path: string[];
    /** Only these keys of the map at `path`; on a keyed list, its items (`[name=x]`): none more than derived. */
    keys?: string;
    why: string;
}

/**
 * Keys of the list-map lists the program's objects contain, as the Kubernetes API declares them
 * (`+listType=map` / `+listMapKey` in kubernetes/api v0.35.0 core/v1/types.go: PodSpec containers,
 * initContainers, ephemeralContainers, volumes, imagePullSecrets, topologySpreadConstraints; Container env, ports,
 * volumeMounts; ServiceSpec ports). Every other list is atomic: compared whole, in any order.
 * A key a list item leaves out takes the API's default (`protocol: TCP`).
 */
export const KUBERNETES_LIST_KEYS: Record<string, string[]> = {
    containers: ["name"],
    initContainers: ["name"],
    ephemeralContainers: ["name"],
    volumes: ["name"],
    imagePullSecrets: ["name"],
    topologySpreadConstraints: ["topologyKey", "whenUnsatisfiable"],
    "containers.env": ["name"],
    "containers.ports": ["containerPort", "protocol"],
    "containers.volumeMounts": ["mountPath"],
    "initContainers.env": ["name"],
    "initContainers.ports": ["containerPort", "protocol"],
    "initContainers.volumeMounts": ["mountPath"],
    "Service:spec.ports": ["port", "protocol"],
};

const KEY_DEFAULTS: Record<string, unknown> = { protocol: "TCP" };

/** Defaults the API server fills in and fields other owners write: the comparison accepts them (each with why). */
export const ALLOWED: readonly Allowed[] = [
    ...["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"].map(
        (f): Allowed => ({ kinds: "*", path: ["metadata", f], owner: "the API server", why: "bookkeeping of every object, set on write" }),
    ),
    {
        kinds: "*",
        path: ["metadata", "finalizers"],
        owner: "controllers",
        why: "the load balancer controller holds its objects until it removed the AWS resources",
    },
    { kinds: "*", path: ["metadata", "ownerReferences"], owner: "the garbage collector's clients", why: "not part of what the program applies" },
    { kinds: "*", path: ["status"], owner: "controllers", why: "observed state, not desired state" },
    {
        kinds: ["NetworkPolicy"],
        path: ["spec", "policyTypes"],
        value: ["Ingress"],
        owner: "the API server",
        why: "defaults to Ingress when there are no egress rules (kubernetes/api networking/v1/types.go)",
    },
    {
        kinds: ["NetworkPolicy"],
        path: ["spec", "*", "[*]", "ports", "[*]", "protocol"],
        value: "TCP",
        owner: "the API server",
        why: "a port's protocol defaults to TCP",
    },
    { kinds: ["Service"], path: ["spec", "ports", "*", "protocol"], value: "TCP", owner: "the API server", why: "a port's protocol defaults to TCP" },
    {
        kinds: ["IngressClass"],
        path: ["spec", "parameters", "scope"],
        value: "Cluster",
        owner: "the API server",
        why: "a parameters reference without a scope is cluster-scoped (docs/upstream-facts.md#k8s-list-keys)",
    },
    {
        kinds: ["HorizontalPodAutoscaler"],
        path: ["spec", "behavior", "*", "selectPolicy"],
        value: "Max",
        owner: "the API server",
        why: "a scaling rule without selectPolicy uses the largest change its policies allow (kubernetes/api autoscaling/v2/types.go HPAScalingRules)",
    },
    { kinds: ["Service"], path: ["spec", "sessionAffinity"], value: "None", owner: "the API server", why: "ServiceSpec default" },
    {
        kinds: ["Service"],
        path: ["spec", "ports", "*", "nodePort"],
        owner: "the API server",
        why: "allocated for a NodePort or LoadBalancer Service; the type itself is drift.exposure's or the load balancer's spec",
    },
    { kinds: ["Service"], path: ["spec", "internalTrafficPolicy"], value: "Cluster", owner: "the API server", why: "ServiceSpec default" },
    {
        kinds: ["Service"],
        path: ["spec", "externalTrafficPolicy"],
        value: "Cluster",
        owner: "the API server",
        why: "ServiceSpec default for a LoadBalancer Service",
    },
    ...["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"].map((f): Allowed => ({
        kinds: ["Service"],
        path: ["spec", f],
        owner: "the API server",
        why: "allocated from the cluster's service range and IP families",
    })),
    {
        kinds: ["Deployment"],
        path: ["metadata", "annotations", "deployment.kubernetes.io/revision"],
        owner: "the Deployment controller",
        why: "counts rollouts",
    },
    {
        kinds: ["Deployment"],
        path: ["spec", "replicas"],
        whenUnset: true,
        owner: "the HorizontalPodAutoscaler",
        why: "with autoscaling on the stack sets no count and the HPA sets it; a fixed count is compared",
    },
    {
        kinds: ["Deployment"],
        path: ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"],
        owner: "`kubectl rollout restart`",
        why: "a restart stamps the pod template",
    },
    {
        kinds: ["Deployment"],
        path: ["spec", "template", "metadata", "annotations", "reloader.stakater.com/*"],
        owner: "Reloader",
        why: "Reloader's annotations strategy marks the template when it rolls the Deployment",
    },
    {
        kinds: ["Deployment"],
        path: ["spec", "template", "spec", "containers", "*", "env", "[name=STAKATER_*]"],
        owner: "Reloader",
        why: "Reloader's env-vars strategy adds STAKATER_<name>_<kind> to roll the Deployment",
    },
];

/** A value only AWS knows, as it stands in an expected object, and the shape a live value must have. */
export interface AwsFact {
    token: string;
    pattern: string;
}

/**
 * A load-balancer subnet's CIDR when verify is not given it (`--lb-cidrs`): the stack never names it
 * (the program looks it up in EC2), and no pattern tells a subnet's block from a whole VPC's (a /16 may
 * be either), so it matches any block a subnet can have, IPv4 from /16 to /28
 * (docs/upstream-facts.md#vpc-subnet-sizes), and the drift checks report which blocks as not checked.
 */
export const UNCHECKED_CIDR = "⟨a load-balancer subnet's CIDR, not checked without --lb-cidrs⟩";

/** The smallest prefix length a VPC subnet's IPv4 block has (docs/upstream-facts.md#vpc-subnet-sizes). */
export const SUBNET_MIN_PREFIX = 16;

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

export const AWS_FACTS = {
    subnetId: { token: "⟨a load-balancer subnet's ID⟩", pattern: "subnet-[0-9a-f]{8,17}" },
    subnetCidr: { token: UNCHECKED_CIDR, pattern: `${OCTET}(?:\\.${OCTET}){3}/(?:1[6-9]|2[0-8])` },
} as const satisfies Record<string, AwsFact>;

/** An IPv4 block `a.b.c.d/n` as its first address and prefix length; undefined for anything else (IPv6 included). */
export function ipv4Block(cidr: string): { base: number; bits: number } | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32) return undefined;
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    const size = 2 ** (32 - bits);
    return { base: address - (address % size), bits };
}

/** Whether every address of `inner` is in `outer` (IPv4 only: anything else is not provably within). */
export function cidrWithin(inner: string, outer: string): boolean {
    const [i, o] = [ipv4Block(inner), ipv4Block(outer)];
    if (!i || !o || i.bits < o.bits) return false;
    return i.base - (i.base % 2 ** (32 - o.bits)) === o.base;
}

const FACTS: AwsFact[] = Object.values(AWS_FACTS);

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a live string equals an expected one, each AWS fact token matching a value of its shape. */
export function stringMatches(expected: string, found: string): boolean {
    const used = FACTS.filter((f) => expected.includes(f.token));
    if (used.length === 0) return expected === found;
    let source = escapeRegExp(expected);
    for (const f of used) source = source.split(escapeRegExp(f.token)).join(f.pattern);
    return new RegExp(`^${source}$`).test(found);
}

/** Each glob's compiled pattern, kept for one comparison: it matches the same few globs against every path. */
type Patterns = Map<string, RegExp>;

function globMatches(patterns: Patterns, glob: string, s: string): boolean {
    if (glob === s) return true;
    let pattern = patterns.get(glob);
    if (pattern === undefined) {
        pattern = new RegExp(`^${glob.split("*").map(escapeRegExp).join(".*")}$`);
        patterns.set(glob, pattern);
    }
    return pattern.test(s);
}

function pathMatches(ctx: Ctx, pattern: string[], path: Path): boolean {
    return pattern.length === path.length && pattern.every((g, i) => globMatches(ctx.patterns, g, path[i]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Two JSON values equal (object keys in any order). */
function jsonEqual(a: unknown, b: unknown): boolean {
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
    if (isPlainObject(a) && isPlainObject(b)) {
        const ka = Object.keys(a).filter((k) => a[k] !== undefined);
        const kb = Object.keys(b).filter((k) => b[k] !== undefined);
        return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
    }
    return a === b;
}

/** How the path reads in a finding: `spec.ports[port=443,protocol=TCP].targetPort`, `metadata.labels["a/b"]`. */
export function pathText(path: Path): string {
    return path
        .map((seg, i) => (seg.startsWith("[") ? seg : /^[A-Za-z_$][\w$]*$/.test(seg) ? `${i === 0 ? "" : "."}${seg}` : `[${JSON.stringify(seg)}]`))
        .join("");
}

const MAX_VALUE_TEXT = 300;

export function valueText(v: unknown): string {
    if (v === undefined) return "(absent)";
    const t = JSON.stringify(v);
    return t.length > MAX_VALUE_TEXT ? `${t.slice(0, MAX_VALUE_TEXT)}…` : t;
}

/** What the comparison of one object needs besides the two values. */
export interface CompareSpec {
    kind: string;
    exact: ExactRule[];
    /** Paths of strings holding JSON (a SecretProviderClass's `objects`), compared parsed. */
    parsed?: string[][];
    allowed?: readonly Allowed[];
}

interface Ctx extends CompareSpec {
    out: Difference[];
    patterns: Patterns;
}

function allowedAt(ctx: Ctx, path: Path): Allowed | undefined {
    return (ctx.allowed ?? ALLOWED).find((a) => (a.kinds === "*" || a.kinds.includes(ctx.kind)) && pathMatches(ctx, a.path, path));
}

/** Whether everything under `path` is compared exactly. */
function exactUnder(ctx: Ctx, path: Path): boolean {
    return ctx.exact.some((r) => r.keys === undefined && r.path.length <= path.length && r.path.every((g, i) => globMatches(ctx.patterns, g, path[i])));
}

/** Key globs of the map at `path` that are exact there. */
function exactKeysAt(ctx: Ctx, path: Path): string[] {
    return ctx.exact.filter((r) => r.keys !== undefined && pathMatches(ctx, r.path, path)).map((r) => r.keys!);
}

/** The list-map keys of the list at `path`, or undefined for an atomic list. */
export function listKeys(kind: string, path: Path): string[] | undefined {
    const names = path.filter((s) => !s.startsWith("["));
    return (
        KUBERNETES_LIST_KEYS[`${kind}:${names.join(".")}`] ?? KUBERNETES_LIST_KEYS[names.slice(-2).join(".")] ?? KUBERNETES_LIST_KEYS[names[names.length - 1]]
    );
}

function itemKey(item: unknown, keys: string[]): string {
    const o = isPlainObject(item) ? item : {};
    // List map keys are scalars (strings and integers in kubernetes/api core/v1/types.go).
    return `[${keys.map((k) => `${k}=${String((o[k] ?? KEY_DEFAULTS[k] ?? "") as string | number | boolean)}`).join(",")}]`;
}

const QUANTITY_PARSERS: Record<string, (q: string) => number | undefined> = { cpu: cpuMillicores, memory: memoryBytes, "ephemeral-storage": memoryBytes };

/** Whether two quantities of a resource (`cpu`, `memory`) are the same amount: `1000m` = `1`, `1Gi` = `1024Mi`. */
export function sameQuantity(resource: string, a: string, b: string): boolean {
    const parse = QUANTITY_PARSERS[resource];
    if (!parse) return false;
    const [x, y] = [parse(a), parse(b)];
    return x !== undefined && x === y;
}

/** A quantity under `resources.requests|limits`, compared by value. */
function quantitiesEqual(path: Path, a: string, b: string): boolean {
    const n = path.length;
    return path[n - 3] === "resources" && ["requests", "limits"].includes(path[n - 2]) && sameQuantity(path[n - 1], a, b);
}

/**
 * A string of data as its reader parses it: JSON as the program writes it (cheap), else YAML as a person
 * may write it (ASCP reads a SecretProviderClass's `objects` with sigs.k8s.io/yaml, which takes both:
 * docs/upstream-facts.md#ascp-objects); a text that is neither stays as it is.
 */
export function parsedData(text: unknown): unknown {
    if (typeof text !== "string") return text;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        try {
            return YAML.parse(text) as unknown;
        } catch {
            return text;
        }
    }
}

function parsedValue(ctx: Ctx, path: Path, v: unknown): unknown {
    return typeof v === "string" && ctx.parsed?.some((p) => pathMatches(ctx, p, path)) ? parsedData(v) : v;
}

function report(ctx: Ctx, path: Path, expected: unknown, found: unknown): void {
    ctx.out.push({ path: pathText(path), expected: valueText(expected), found: valueText(found) });
}

/**
 * Annotations the load balancer controller reads as a list of values, split on commas and trimmed
 * (kubernetes-sigs/aws-load-balancer-controller v3.5.0 pkg/annotations/parser.go
 * `splitCommaSeparatedString`), where order means nothing: the ALB's inbound CIDRs and subnets, the NLB's
 * subnets. (`certificate-arn` is such a list too, but its first certificate is the default one.)
 */
export const UNORDERED_LIST_ANNOTATIONS = [
    "alb.ingress.kubernetes.io/inbound-cidrs",
    "alb.ingress.kubernetes.io/subnets",
    "service.beta.kubernetes.io/aws-load-balancer-subnets",
];

/** Two values of an unordered list annotation hold the same items, each expected item (AWS facts included) matching one found. */
function sameUnorderedList(path: Path, exp: string, found: string): boolean {
    if (path.length !== 3 || path[0] !== "metadata" || path[1] !== "annotations" || !UNORDERED_LIST_ANNOTATIONS.includes(path[2])) return false;
    const items = (v: string) =>
        v
            .split(",")
            .map((x) => x.trim())
            .filter((x) => x !== "");
    const left = items(found);
    const want = items(exp);
    if (want.length !== left.length) return false;
    // Concrete items first, so an AWS fact does not take an item a concrete one needs.
    const hasFact = (w: string) => FACTS.some((f) => w.includes(f.token));
    const ordered = [...want.filter((w) => !hasFact(w)), ...want.filter(hasFact)];
    for (const w of ordered) {
        const at = left.findIndex((f) => stringMatches(w, f));
        if (at < 0) return false;
        left.splice(at, 1);
    }
    return true;
}

function compareScalar(ctx: Ctx, path: Path, exp: unknown, found: unknown): void {
    if (
        typeof exp === "string" &&
        typeof found === "string" &&
        (stringMatches(exp, found) || quantitiesEqual(path, exp, found) || sameUnorderedList(path, exp, found))
    )
        return;
    if (exp !== found) report(ctx, path, exp, found);
}

function compareObject(ctx: Ctx, path: Path, exp: Record<string, unknown>, found: Record<string, unknown>): void {
    for (const k of Object.keys(exp)) compareAt(ctx, [...path, k], exp[k], found[k]);
    const exact = exactUnder(ctx, path);
    const keyGlobs = exactKeysAt(ctx, path);
    for (const k of Object.keys(found)) {
        // A key the stack holds (even as undefined) was compared by the loop above.
        if (Object.hasOwn(exp, k)) continue;
        if (exact || keyGlobs.some((g) => globMatches(ctx.patterns, g, k))) compareAt(ctx, [...path, k], undefined, found[k]);
    }
}

function compareKeyed(ctx: Ctx, path: Path, keys: string[], exp: unknown[], found: unknown[]): void {
    const byKey = new Map(found.map((f) => [itemKey(f, keys), f]));
    for (const e of exp) compareAt(ctx, [...path, itemKey(e, keys)], e, byKey.get(itemKey(e, keys)));
    // Exact under the list, or exact in its items (`keys` on the list: no item more, each compared as derived).
    const itemGlobs = exactKeysAt(ctx, path);
    if (!exactUnder(ctx, path) && itemGlobs.length === 0) return;
    const expKeys = new Set(exp.map((e) => itemKey(e, keys)));
    for (const [k, f] of byKey)
        if (!expKeys.has(k) && (exactUnder(ctx, path) || itemGlobs.some((g) => globMatches(ctx.patterns, g, k)))) compareAt(ctx, [...path, k], undefined, f);
}

/** Whether `found` matches `exp` under the same rules (used to pair the items of an atomic list). */
function matches(ctx: Ctx, path: Path, exp: unknown, found: unknown): boolean {
    const probe: Ctx = { ...ctx, out: [] };
    compareAt(probe, path, exp, found);
    return probe.out.length === 0;
}

function hasToken(v: unknown): boolean {
    return FACTS.some((f) => JSON.stringify(v ?? null).includes(f.token));
}

/** An atomic list is owned whole: the same items (in any order), each matching one expected item. */
function compareAtomic(ctx: Ctx, path: Path, exp: unknown[], found: unknown[]): void {
    const itemPath = [...path, "[*]"];
    const unused = new Set(found.map((_, i) => i));
    // Items with an AWS fact go last, so a concrete item never takes the live item another matches exactly.
    const order = [...exp.filter((e) => !hasToken(e)), ...exp.filter(hasToken)];
    const unmatched = order.filter((e) => {
        const i = [...unused].find((j) => matches(ctx, itemPath, e, found[j]));
        if (i === undefined) return true;
        unused.delete(i);
        return false;
    });
    if (unmatched.length > 0 || unused.size > 0) report(ctx, path, exp, found);
}

function compareList(ctx: Ctx, path: Path, exp: unknown[], found: unknown): void {
    if (!Array.isArray(found)) return report(ctx, path, exp, found);
    const keys = listKeys(ctx.kind, path);
    if (keys) compareKeyed(ctx, path, keys, exp, found);
    else compareAtomic(ctx, path, exp, found);
}

function compareAt(ctx: Ctx, path: Path, expRaw: unknown, foundRaw: unknown): void {
    const allowed = allowedAt(ctx, path);
    if (allowed && !Object.hasOwn(allowed, "value") && (!allowed.whenUnset || expRaw === undefined)) return;
    const exp = parsedValue(ctx, path, expRaw);
    const found = parsedValue(ctx, path, foundRaw);
    if (exp === undefined || exp === null) {
        if (found === undefined || found === null || (allowed && jsonEqual(allowed.value, found))) return;
        return report(ctx, path, undefined, found);
    }
    if (found === undefined || found === null) {
        if (allowed && jsonEqual(allowed.value, exp)) return;
        // An empty map is stored as no map (omitempty): compare what is under it, which is nothing.
        if (isPlainObject(exp) && Object.keys(exp).length === 0) return compareObject(ctx, path, exp, {});
        return report(ctx, path, exp, undefined);
    }
    if (Array.isArray(exp)) return compareList(ctx, path, exp, found);
    if (isPlainObject(exp)) return isPlainObject(found) ? compareObject(ctx, path, exp, found) : report(ctx, path, exp, found);
    compareScalar(ctx, path, exp, found);
}

/** Every difference between the object the stack derives and the live one, under `spec`'s rules. */
export function compareObjects(spec: CompareSpec, expected: Record<string, unknown>, found: Record<string, unknown>): Difference[] {
    const ctx: Ctx = { ...spec, out: [], patterns: new Map() };
    compareAt(ctx, [], expected, found);
    return ctx.out;
}

/** Whether a live value equals the expected one exactly (AWS facts, defaults and list keys as above). */
export function sameValue(kind: string, expected: unknown, found: unknown): boolean {
    return compareObjects({ kind, exact: [{ path: [], why: "the whole value" }] }, { v: expected }, { v: found }).length === 0;
}
