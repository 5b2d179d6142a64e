// Sizing from the figures: a declared peak, per-core figures and a headroom → the cores the peak
// needs, the HPA's CPU target, the pod's CPU request, the pods at the peak and the ceiling.
// The formula is docs/availability.md#sizing-from-the-figures; every step is kept as a line of
// arithmetic for the plan. Integer arithmetic (BigInt) where a ceiling is taken, so a result that
// is exactly whole is never rounded up by a floating-point remainder.

/** One gateway process runs its JavaScript on one event loop: it uses about one core (docs/upstream-facts.md#gateway-one-process). */
export const CORE_MILLICORES = 1000;
/** The smallest derived CPU request: against less, the HPA's percentage flaps (docs/availability.md, "Sizing requests and limits"). */
export const MIN_CPU_REQUEST_MILLICORES = 100;
/** The most replicas `gateway.autoscaling.max` accepts. */
export const MAX_HPA_REPLICAS = 1000;
/** The most replicas `gateway.replicas` accepts. */
export const MAX_FIXED_REPLICAS = 100;
/** Derived CPU requests are whole multiples of this. */
export const CPU_REQUEST_STEP_MILLICORES = 50;
/**
 * Headroom when the stack states none: a target of 71%, near the 70% the HPA ran before; the HPA
 * acts only beyond 10% over its target, and the rest of the core carries the rise while pods start.
 */
export const DEFAULT_HEADROOM_PERCENT = 40;

export interface Peak {
    requestsPerSecond?: number;
    concurrentStreams?: number;
}

export interface PerCore {
    requestsPerSecond: number;
    concurrentStreams: number;
}

export interface SizingInput {
    peak: Peak;
    perCore: PerCore;
    headroomPercent: number;
    /** The fewest pods: `autoscaling.min`, or the replica floor without an HPA. */
    floor: number;
    /** CPU target set by the stack; derived from the headroom when absent. */
    targetCPU?: number;
    /** CPU request set by the stack, in millicores; derived when absent. */
    cpuMillicores?: number;
    /** Memory figures of one process; memory is derived only with them and a stream peak. */
    memory?: { idleMiB: number; perStreamKiB: number };
}

export interface Sizing {
    /** Cores the peak uses at 100% of a core, to the nearest hundredth (display only). */
    coresAtPeak: number;
    targetCPU: number;
    cpuMillicores: number;
    podsAtPeak: number;
    /** The HPA's `max`, or the replica count: never below the floor. */
    ceiling: number;
    memory?: { requestMiB: number; limitMiB: number };
    /** The arithmetic, one line a step. */
    steps: string[];
}

/** ceil(a / b) of non-negative integers. */
function ceilDiv(a: bigint, b: bigint): bigint {
    return (a + b - 1n) / b;
}

/** The peak's demand as one fraction of cores: (R·s + S·r) / (r·s). */
function demand(peak: Peak, perCore: PerCore): { num: bigint; den: bigint } {
    const r = BigInt(perCore.requestsPerSecond);
    const s = BigInt(perCore.concurrentStreams);
    return { num: BigInt(peak.requestsPerSecond ?? 0) * s + BigInt(peak.concurrentStreams ?? 0) * r, den: r * s };
}

/** The HPA target that leaves `headroom`% above a pod's share before its core is full: floor(100·100 / (100 + h)). */
export function targetFromHeadroom(headroomPercent: number): number {
    return Math.floor(10000 / (100 + headroomPercent));
}

/**
 * The CPU request, in millicores, that carries the peak on the floor's pods at the target, rounded
 * up to 50m, kept between 100m and one core: ceil50(cores · 1000 · 100 / (floor · target)).
 */
export function derivedCpuMillicores(peak: Peak, perCore: PerCore, floor: number, targetCPU: number): number {
    const d = demand(peak, perCore);
    const step = BigInt(CPU_REQUEST_STEP_MILLICORES);
    const needed = Number(ceilDiv(d.num * 100000n, d.den * BigInt(floor) * BigInt(targetCPU) * step) * step);
    return Math.min(CORE_MILLICORES, Math.max(MIN_CPU_REQUEST_MILLICORES, needed));
}

/** Pods that carry the peak at the target, each serving at most one core: ceil(cores · 100 / (min(request, 1000m)/1000 · target)). */
export function podsAtPeak(peak: Peak, perCore: PerCore, cpuMillicores: number, targetCPU: number): number {
    const d = demand(peak, perCore);
    const perPod = BigInt(Math.min(cpuMillicores, CORE_MILLICORES));
    return Number(ceilDiv(d.num * 100n * BigInt(CORE_MILLICORES), d.den * perPod * BigInt(targetCPU)));
}

/** Cores at the peak, for display: R/r + S/s to the nearest hundredth. */
function displayCores(peak: Peak, perCore: PerCore): number {
    const d = demand(peak, perCore);
    return Number((d.num * 200n + d.den) / (2n * d.den)) / 100;
}

/**
 * Memory of a pod: the request holds the idle process and its share of the peak's streams at the
 * ceiling; the limit holds the peak's streams plus headroom on the floor's pods (the HPA scales on
 * CPU and may not see a surge of waiting streams), and at least twice the request.
 */
export function derivedMemory(streams: number, ceiling: number, floor: number, headroomPercent: number, m: { idleMiB: number; perStreamKiB: number }) {
    const mib = (perPod: number) => Math.ceil(m.idleMiB + (m.perStreamKiB * perPod) / 1024);
    const requestMiB = mib(Math.ceil(streams / ceiling));
    const limitMiB = Math.max(2 * requestMiB, mib(Math.ceil((streams * (100 + headroomPercent)) / 100 / floor)));
    return { requestMiB, limitMiB };
}

function demandLine(peak: Peak, perCore: PerCore, cores: number): string {
    const terms = [
        ...(peak.requestsPerSecond !== undefined ? [`${peak.requestsPerSecond} requests/s / ${perCore.requestsPerSecond} per core-second`] : []),
        ...(peak.concurrentStreams !== undefined ? [`${peak.concurrentStreams} streams / ${perCore.concurrentStreams} per core`] : []),
    ];
    return `cores at peak = ${terms.join(" + ")} = ${cores}`;
}

/** The sizing of one stack, with its arithmetic. */
export function sizing(input: SizingInput): Sizing {
    const { peak, perCore, headroomPercent: h, floor } = input;
    const coresAtPeak = displayCores(peak, perCore);
    const targetCPU = input.targetCPU ?? targetFromHeadroom(h);
    const cpuMillicores = input.cpuMillicores ?? derivedCpuMillicores(peak, perCore, floor, targetCPU);
    const pods = podsAtPeak(peak, perCore, cpuMillicores, targetCPU);
    const ceiling = Math.max(floor, pods);
    const steps = [
        demandLine(peak, perCore, coresAtPeak),
        input.targetCPU === undefined
            ? `CPU target = floor(100 × 100 / (100 + ${h} headroom)) = ${targetCPU}%`
            : `CPU target = ${targetCPU}% (set by the stack)`,
        input.cpuMillicores === undefined
            ? `CPU request = ${coresAtPeak} cores / (${floor} pods × ${targetCPU}%), up to 50m, within 100m-1000m = ${cpuMillicores}m`
            : `CPU request = ${cpuMillicores}m (set by the stack)`,
        `pods at peak = ceil(${coresAtPeak} cores / (${Math.min(cpuMillicores, CORE_MILLICORES)}m × ${targetCPU}%)) = ${pods}`,
        `ceiling = max(floor ${floor}, ${pods}) = ${ceiling}`,
        `CPU the nodes reserve at the ceiling = ${ceiling} pods × ${cpuMillicores}m = ${(ceiling * cpuMillicores) / CORE_MILLICORES} cores (one pod more during a rollout)`,
    ];
    const streams = peak.concurrentStreams;
    if (input.memory === undefined || streams === undefined) return { coresAtPeak, targetCPU, cpuMillicores, podsAtPeak: pods, ceiling, steps };
    const memory = derivedMemory(streams, ceiling, floor, h, input.memory);
    steps.push(
        `memory request = ${input.memory.idleMiB}Mi idle + ${input.memory.perStreamKiB}Ki × ceil(${streams} streams / ${ceiling} pods) = ${memory.requestMiB}Mi`,
        `memory limit = max(2 × request, ${input.memory.idleMiB}Mi + ${input.memory.perStreamKiB}Ki × ceil(${streams} × (100 + ${h})% / ${floor} pods)) = ${memory.limitMiB}Mi`,
    );
    return { coresAtPeak, targetCPU, cpuMillicores, podsAtPeak: pods, ceiling, memory, steps };
}
