// A load tool report (load/report.ts) and the CPU time around it, as one phase of the gateway benchmark.
import type { LoadReport } from "../report";
import type { RequestPhase, StreamPhase, Usage } from "./figures";

/** A run's errors by kind: `HTTP <status>` for non-2xx answers, the load tool's kind (timeout, reset, incomplete...) for the rest. */
export function errorKinds(r: LoadReport): Record<string, number> {
    const byStatus = Object.entries(r.errors.byStatus).map(([code, n]) => [`HTTP ${code}`, n] as const);
    return Object.fromEntries([...byStatus, ...Object.entries(r.errors.byKind)].filter(([, n]) => n > 0));
}

export function requestPhase(name: string, target: RequestPhase["target"], r: LoadReport, usage: Usage): RequestPhase {
    return {
        name,
        target,
        concurrency: r.concurrency,
        ...(r.rate === undefined ? {} : { rate: r.rate, rateReached: r.rateReached }),
        completed: r.ok,
        errors: r.errors.total,
        errorKinds: errorKinds(r),
        latency: { p50Ms: r.latency?.p50 ?? NaN, p99Ms: r.latency?.p99 ?? NaN },
        usage,
    };
}

/** A streaming level; chunks per stream counts the chunks of streams cut off at the deadline too, so it is an upper bound when any were. */
export function streamPhase(r: LoadReport, usage: Usage): StreamPhase {
    const s = r.stream;
    return {
        streams: r.concurrency,
        completed: r.completed,
        errors: r.errors.total,
        errorKinds: errorKinds(r),
        chunksPerStream: s && r.completed > 0 ? s.chunks / r.completed : 0,
        ttfc: { p50Ms: s?.firstChunk.p50 ?? NaN, p99Ms: s?.firstChunk.p99 ?? NaN },
        duration: { p50Ms: s?.duration.p50 ?? NaN, p99Ms: s?.duration.p99 ?? NaN },
        usage,
    };
}

/** CPU ticks of the gateway and of the client side at one moment, with the moment. */
export interface Sample {
    atMs: number;
    gatewayTicks: number;
    clientTicks: number;
    /** Busy ticks of the gateway's CPU (all processes), when it has one of its own. */
    gatewayCpuBusyTicks?: number;
}

/** The usage between two samples, at `clockTicks` ticks a second. */
export function usageBetween(a: Sample, b: Sample, clockTicks: number): Usage {
    if (b.gatewayTicks < a.gatewayTicks || b.clientTicks < a.clientTicks) throw new Error("CPU ticks went backwards: a process was replaced during the phase");
    const usage: Usage = {
        wallSeconds: (b.atMs - a.atMs) / 1000,
        gatewayCpuSeconds: (b.gatewayTicks - a.gatewayTicks) / clockTicks,
        clientCpuSeconds: (b.clientTicks - a.clientTicks) / clockTicks,
    };
    if (a.gatewayCpuBusyTicks === undefined || b.gatewayCpuBusyTicks === undefined) return usage;
    // The CPU's counters and the process's are read a moment apart: never below zero.
    const others = Math.max(0, b.gatewayCpuBusyTicks - a.gatewayCpuBusyTicks - (b.gatewayTicks - a.gatewayTicks));
    return { ...usage, othersOnGatewayCpuSeconds: others / clockTicks };
}
