// The gateway benchmark's figures, derived from what each phase measured (docs/capacity.md,
// "Measured figures"). CPU figures come from the processes' CPU time (load/gateway/procfs.ts),
// never from wall time.

/** CPU seconds each side spent during a phase, and the phase's wall time. */
export interface Usage {
    wallSeconds: number;
    gatewayCpuSeconds: number;
    /** The load client and the mock provider together: the side that must not be the bottleneck. */
    clientCpuSeconds: number;
    /** When the gateway has a CPU of its own: what everything else used of that CPU (other processes, the hypervisor). */
    othersOnGatewayCpuSeconds?: number;
}

export interface Latency {
    p50Ms: number;
    p99Ms: number;
}

/** Non-streaming chat completions, closed-loop at a concurrency or at a fixed rate. */
export interface RequestPhase {
    name: string;
    target: "mock" | "gateway";
    concurrency: number;
    rate?: number;
    /** Fixed rate only: whether the load tool reached the rate (load/report.ts). */
    rateReached?: boolean;
    completed: number;
    errors: number;
    errorKinds: Record<string, number>;
    latency: Latency;
    usage: Usage;
}

export interface StreamPhase {
    streams: number;
    completed: number;
    errors: number;
    errorKinds: Record<string, number>;
    /** Chunks per completed stream the client counted, averaged; the mock sends a fixed number. */
    chunksPerStream: number;
    ttfc: Latency;
    duration: Latency;
    usage: Usage;
}

export interface MemoryPhase {
    openStreams: number;
    /** Streams read to their end: all of them, or the RSS did not hold that many open streams. */
    completed: number;
    errors: number;
    errorKinds: Record<string, number>;
    idleRssKiB: number;
    /** The highest VmRSS sampled while the streams were open. */
    loadedRssKiB: number;
}

/** Above this share of its core, the client and mock may have slowed the run, not the gateway. */
export const CLIENT_SATURATION_SHARE = 0.9;

/** Above this share of the gateway's CPU used by anything else, the gateway did not have its core to itself. */
export const OTHERS_ON_GATEWAY_CPU_SHARE = 0.1;

/** The fixed-rate phase runs at this fraction of the highest closed-loop throughput: below saturation. */
export const FIXED_RATE_FRACTION = 0.5;

export const share = (cpuSeconds: number, wallSeconds: number): number => (wallSeconds > 0 ? cpuSeconds / wallSeconds : NaN);

export const throughput = (p: { completed: number; usage: Usage }): number => share(p.completed, p.usage.wallSeconds);

/** Completed requests per second of the gateway's CPU time; undefined when it used none (the mock-only phase). */
export function requestsPerCpuSecond(p: RequestPhase): number | undefined {
    return p.target === "gateway" && p.usage.gatewayCpuSeconds > 0 ? p.completed / p.usage.gatewayCpuSeconds : undefined;
}

export function clientSaturated(u: Usage): boolean {
    return share(u.clientCpuSeconds, u.wallSeconds) > CLIENT_SATURATION_SHARE;
}

/** The rate of the fixed-rate phase, from the closed-loop phases through the gateway. */
export function fixedRate(closedLoop: RequestPhase[]): number {
    const best = Math.max(0, ...closedLoop.filter((p) => p.target === "gateway").map(throughput));
    return Math.max(1, Math.floor(best * FIXED_RATE_FRACTION));
}

/** Gateway latency minus the mock's own, both at concurrency 1. */
export function addedLatency(phases: RequestPhase[]): Latency | undefined {
    const at1 = (target: RequestPhase["target"]) => phases.find((p) => p.target === target && p.concurrency === 1 && p.rate === undefined);
    const [gw, mock] = [at1("gateway"), at1("mock")];
    if (!gw || !mock) return undefined;
    return { p50Ms: gw.latency.p50Ms - mock.latency.p50Ms, p99Ms: gw.latency.p99Ms - mock.latency.p99Ms };
}

export interface StreamsPerCore {
    streams: number;
    ttfcP99Ms: number;
    gatewayCpuShare: number;
}

/** The largest stream level that completed without errors with a time-to-first-chunk p99 within the bound. */
export function streamsPerCore(levels: StreamPhase[], ttfcP99BoundMs: number): StreamsPerCore | undefined {
    const ok = levels.filter((l) => l.errors === 0 && l.completed > 0 && l.ttfc.p99Ms <= ttfcP99BoundMs);
    if (ok.length === 0) return undefined;
    const best = ok.reduce((a, b) => (b.streams > a.streams ? b : a));
    return { streams: best.streams, ttfcP99Ms: best.ttfc.p99Ms, gatewayCpuShare: share(best.usage.gatewayCpuSeconds, best.usage.wallSeconds) };
}

/** RSS grown per open stream; NaN unless every stream of the phase was read to its end. */
export function memoryPerStreamKiB(m: MemoryPhase): number {
    return m.openStreams > 0 && m.completed === m.openStreams ? (m.loadedRssKiB - m.idleRssKiB) / m.openStreams : NaN;
}

const kinds = (m: Record<string, number>) =>
    Object.entries(m)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ");

const timeouts = (m: Record<string, number>) => m.timeout ?? 0;

/**
 * Why streaming did not work, each a failure of the run rather than a figure: any stream error but a
 * timeout (an HTTP error, a reset, a stream without `data: [DONE]`, as when the gateway's headers are
 * immutable), any error at the lowest level, a level where nothing completed, short streams, and
 * errors but timeouts in the memory phase.
 */
export function streamFailures(levels: StreamPhase[], chunksSent: number, memory?: MemoryPhase): string[] {
    const out: string[] = [];
    if (memory && memory.errors > timeouts(memory.errorKinds)) out.push(`memory phase: ${memory.errors} failed (${kinds(memory.errorKinds)})`);
    levels.forEach((l, i) => {
        if (l.errors > (i === 0 ? 0 : timeouts(l.errorKinds))) out.push(`${l.streams} streams: ${l.errors} failed (${kinds(l.errorKinds)})`);
        if (l.completed === 0) out.push(`${l.streams} streams: none completed`);
        else if (l.chunksPerStream < chunksSent)
            out.push(`${l.streams} streams: ${l.chunksPerStream.toFixed(1)} chunks per stream, the mock sent ${chunksSent}`);
    });
    return out;
}

/** Streams that timed out above the lowest level, or in the memory phase: more than the gateway kept up with here, a figure, not a failure. */
export function streamOverloads(levels: StreamPhase[], memory?: MemoryPhase): string[] {
    const out = levels.slice(1).flatMap((l) => (timeouts(l.errorKinds) > 0 ? [`${l.streams} streams: ${timeouts(l.errorKinds)} timed out`] : []));
    if (memory && timeouts(memory.errorKinds) > 0) out.push(`memory phase: ${timeouts(memory.errorKinds)} of ${memory.openStreams} streams timed out`);
    return out;
}

export function gatewayCpuShared(u: Usage): boolean {
    return share(u.othersOnGatewayCpuSeconds ?? 0, u.wallSeconds) > OTHERS_ON_GATEWAY_CPU_SHARE;
}

const percent = (cpu: number | undefined, wall: number) => `${(100 * share(cpu ?? 0, wall)).toFixed(0)}%`;

/** Why the run's figures do not describe the gateway: a phase whose client side had no spare CPU, or whose gateway shared its CPU. */
export function invalidReasons(phases: { name: string; usage: Usage }[]): string[] {
    const out: string[] = [];
    for (const { name, usage: u } of phases) {
        if (clientSaturated(u))
            out.push(`${name}: client and mock used ${percent(u.clientCpuSeconds, u.wallSeconds)} of their core (limit ${100 * CLIENT_SATURATION_SHARE}%)`);
        if (gatewayCpuShared(u))
            out.push(
                `${name}: other processes used ${percent(u.othersOnGatewayCpuSeconds, u.wallSeconds)} of the gateway's CPU (limit ${100 * OTHERS_ON_GATEWAY_CPU_SHARE}%)`,
            );
    }
    return out;
}
