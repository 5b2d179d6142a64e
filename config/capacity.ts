// Sizing from the figures, applied to the resolved settings: each sized setting the stack did not
// set takes the value derived from `gateway.capacity` (derive/capacity.ts) and the per-core
// figures; a setting the stack set wins, and the report warns where it falls short of the peak.
// The report is what the plan shows (docs/availability.md, "Sizing from the figures").
import { defaultGatewayMinAvailable } from "../derive/availability";
import { CORE_MILLICORES, MAX_FIXED_REPLICAS, MAX_HPA_REPLICAS, Peak, PerCore, Sizing, sizing } from "../derive/capacity";
import { GatewayFigures, OPEN_SOURCE_FIGURES } from "../derive/data/measuredCapacity";
import type { Settings } from "./declaration";
import { Problems } from "./problems";
import { cpuMillicores } from "./quantity";
import { isPlainObject, own } from "./schema";

type Gateway = Settings["gateway"];
type Capacity = NonNullable<Gateway["capacity"]>;

export interface FigureUsed {
    value: number;
    source: string;
}

/** The sizing of a stack as the plan shows it. */
export interface CapacityReport {
    peak: Peak;
    perCore: { requestsPerSecond?: FigureUsed; concurrentStreams?: FigureUsed };
    headroomPercent: number;
    /** Set when the figures are the open-source gateway's and the stack runs the enterprise image. */
    bound?: string;
    arithmetic: string[];
    /** Each sized setting with its value and where it comes from. */
    settings: Record<string, string>;
    warnings: string[];
}

const BY_STACK = "set by the stack";
const DERIVED = "derived";

/** Whether the stack wrote `gateway.<path>` (a default is not written). */
function written(raw: Record<string, unknown>, path: string[]): boolean {
    let at: unknown = raw.gateway;
    for (const k of path) at = isPlainObject(at) ? own(at, k) : undefined;
    return at !== undefined;
}

/** Where the open-source figures come from, in one line. */
export function figuresSource(f: GatewayFigures): string {
    const p = f.provenance;
    const deps = Object.entries(p.dependencies)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
    return `${p.image} gateway ${p.gatewayVersion} on Node ${p.node} (${deps}), \`${p.command}\`: ${p.source}`;
}

/** The per-core figures a stack sizes with: its own where it gives them, else the open-source gateway's. */
function figuresOf(c: Capacity, f: GatewayFigures): { perCore: PerCore; used: CapacityReport["perCore"]; openSource: boolean } {
    const stack = c.perCore;
    const pick = (mine: number | undefined, theirs: number, key: string, what: string): FigureUsed =>
        mine !== undefined
            ? { value: mine, source: `${BY_STACK} (gateway.capacity.perCore.${key})` }
            : { value: theirs, source: `${what}; ${figuresSource(f)}` };
    const r = pick(stack.requestsPerSecond, f.requestsPerCoreSecond, "requestsPerSecond", f.requestsMeasuredAt);
    const s = pick(stack.concurrentStreams, f.streamsPerCore, "concurrentStreams", f.streamsLatency);
    const used = {
        ...(c.peakRequestsPerSecond !== undefined ? { requestsPerSecond: r } : {}),
        ...(c.peakConcurrentStreams !== undefined ? { concurrentStreams: s } : {}),
    };
    const openSource =
        (c.peakRequestsPerSecond !== undefined && stack.requestsPerSecond === undefined) ||
        (c.peakConcurrentStreams !== undefined && stack.concurrentStreams === undefined);
    return { perCore: { requestsPerSecond: r.value, concurrentStreams: s.value }, used, openSource };
}

const UPPER_BOUND =
    "upper bound: the figures are the open-source gateway's, and the enterprise image does more per request, so each pod serves less than they say and the ceiling is a lower bound; measure the stack's own gateway with `npm run load` and set gateway.capacity.perCore";

/** The sizing of `g` from its declared peak, with the settings the stack wrote taken as given. */
function sizingOf(g: Gateway, raw: Record<string, unknown>, f: GatewayFigures): { result: Sizing; figures: ReturnType<typeof figuresOf> } {
    const c = g.capacity!;
    const figures = figuresOf(c, f);
    const scaling = g.autoscaling.enabled;
    const result = sizing({
        peak: { requestsPerSecond: c.peakRequestsPerSecond, concurrentStreams: c.peakConcurrentStreams },
        perCore: figures.perCore,
        headroomPercent: c.headroomPercent,
        floor: scaling ? g.autoscaling.min : g.replicas,
        targetCPU: scaling && written(raw, ["autoscaling", "targetCPU"]) ? g.autoscaling.targetCPU : undefined,
        cpuMillicores: written(raw, ["resources", "requests", "cpu"]) ? cpuMillicores(g.resources.requests.cpu) : undefined,
        // The open-source process's memory says nothing safe about the enterprise image's, which does
        // more per request: a limit derived from it could kill those pods (docs/availability.md#streams-and-the-hpas-signal).
        memory: g.image === "enterprise" ? undefined : f.memory,
    });
    return { result, figures };
}

/**
 * Quantities in the form the API server stores them (whole cores without `m`, whole GiB as `Gi`),
 * so `npm run verify` finds on the live Deployment the very text the stack derives.
 */
export function cpuQuantity(millicores: number): string {
    return millicores % 1000 === 0 ? `${millicores / 1000}` : `${millicores}m`;
}
export function memoryQuantity(mib: number): string {
    return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** `gateway` with the derived values wherever the stack wrote none, and its budget's default following the count. */
function sized(g: Gateway, raw: Record<string, unknown>, r: Sizing): Gateway {
    const mine = (path: string[]) => written(raw, path);
    const a = g.autoscaling;
    // The sizing took a target the stack set as given, so r.targetCPU is then that target.
    const autoscaling = a.enabled ? { ...a, max: mine(["autoscaling", "max"]) ? a.max : r.ceiling, targetCPU: r.targetCPU } : a;
    const replicas = a.enabled || mine(["replicas"]) ? g.replicas : r.ceiling;
    const req = g.resources.requests;
    const lim = g.resources.limits;
    const resources = {
        requests: {
            cpu: mine(["resources", "requests", "cpu"]) ? req.cpu : cpuQuantity(r.cpuMillicores),
            memory: r.memory && !mine(["resources", "requests", "memory"]) ? memoryQuantity(r.memory.requestMiB) : req.memory,
        },
        limits: { ...lim, memory: r.memory && !mine(["resources", "limits", "memory"]) ? memoryQuantity(r.memory.limitMiB) : lim.memory },
    };
    const minAvailable = mine(["minAvailable"]) ? g.minAvailable : defaultGatewayMinAvailable(replicas, autoscaling);
    return { ...g, autoscaling, replicas, resources, minAvailable };
}

/** What the plan lists per sized setting: the value, and whether the stack set it or it was derived. */
function settingsOf(g: Gateway, raw: Record<string, unknown>, memoryDerived: boolean, f: GatewayFigures): Record<string, string> {
    const from = (path: string[]) => (written(raw, path) ? BY_STACK : DERIVED);
    const notDerived =
        f.memory === undefined
            ? "not derived: no measured memory figure"
            : g.image === "enterprise"
              ? "not derived: the memory figures are the open-source gateway's, not the enterprise image's"
              : "not derived: memory follows gateway.capacity.peakConcurrentStreams, which is not declared";
    const memory = (path: string[]) => (written(raw, path) ? BY_STACK : memoryDerived ? DERIVED : notDerived);
    const a = g.autoscaling;
    return {
        ...(a.enabled
            ? {
                  "gateway.autoscaling.min": `${a.min} (the floor, ${written(raw, ["autoscaling", "min"]) ? BY_STACK : "default"})`,
                  "gateway.autoscaling.max": `${a.max} (${from(["autoscaling", "max"])})`,
                  "gateway.autoscaling.targetCPU": `${a.targetCPU} (${from(["autoscaling", "targetCPU"])})`,
              }
            : { "gateway.replicas": `${g.replicas} (${from(["replicas"])})` }),
        "gateway.resources.requests.cpu": `${g.resources.requests.cpu} (${from(["resources", "requests", "cpu"])})`,
        "gateway.resources.requests.memory": `${g.resources.requests.memory} (${memory(["resources", "requests", "memory"])})`,
        "gateway.resources.limits.memory": `${g.resources.limits.memory} (${memory(["resources", "limits", "memory"])})`,
    };
}

/** Where settings the stack wrote fall short of the declared peak. */
function warningsOf(g: Gateway, r: Sizing): string[] {
    const out: string[] = [];
    const count = g.autoscaling.enabled ? { key: "gateway.autoscaling.max", value: g.autoscaling.max } : { key: "gateway.replicas", value: g.replicas };
    if (count.value < r.podsAtPeak)
        out.push(
            `${count.key} is ${count.value}, below the ${r.podsAtPeak} pods gateway.capacity's peak needs: raise it, or remove it to take the derived value`,
        );
    // A derived request is at most one core, so only a request the stack set can be above it.
    if ((cpuMillicores(g.resources.requests.cpu) ?? 0) > CORE_MILLICORES)
        out.push(
            `gateway.resources.requests.cpu is above 1000m, but one gateway process uses about one core: the rest is reserved and never used${g.autoscaling.enabled ? ", and the HPA's utilisation of the request stays low, so it scales late or never" : ""}; remove it to take the derived request`,
        );
    return out;
}

/**
 * The settings with `gateway.capacity`'s sizing applied, and the report the plan shows; the
 * settings unchanged and no report when no peak is declared. A ceiling beyond what the count
 * accepts is a problem naming `gateway.capacity`.
 */
export function applyCapacity(
    s: Settings,
    raw: Record<string, unknown>,
    p: Problems,
    f: GatewayFigures = OPEN_SOURCE_FIGURES,
): { s: Settings; report?: CapacityReport } {
    const c = s.gateway.capacity;
    if (c === undefined || (c.peakRequestsPerSecond === undefined && c.peakConcurrentStreams === undefined)) return { s };
    const { result, figures } = sizingOf(s.gateway, raw, f);
    const limit = s.gateway.autoscaling.enabled ? ["gateway.autoscaling.max", MAX_HPA_REPLICAS] : ["gateway.replicas", MAX_FIXED_REPLICAS];
    if (result.ceiling > (limit[1] as number)) {
        p.add(
            "gateway.capacity",
            `needs ${result.ceiling} pods for its peak, more than ${limit[0]} accepts (${limit[1]})`,
            "check the peak and the per-core figures, or split the traffic over more than one stack",
        );
        return { s };
    }
    const gateway = sized(s.gateway, raw, result);
    const report: CapacityReport = {
        peak: {
            ...(c.peakRequestsPerSecond !== undefined ? { requestsPerSecond: c.peakRequestsPerSecond } : {}),
            ...(c.peakConcurrentStreams !== undefined ? { concurrentStreams: c.peakConcurrentStreams } : {}),
        },
        perCore: figures.used,
        headroomPercent: c.headroomPercent,
        ...(figures.openSource && s.gateway.image === "enterprise" ? { bound: UPPER_BOUND } : {}),
        arithmetic: result.steps,
        settings: settingsOf(gateway, raw, result.memory !== undefined, f),
        warnings: warningsOf(gateway, result),
    };
    return { s: { ...s, gateway }, report };
}
