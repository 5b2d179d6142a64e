// Phases for the gateway benchmark's tests.
import type { StreamPhase, Usage } from "./figures";

export const usage = (wallSeconds: number, gatewayCpuSeconds: number, clientCpuSeconds: number): Usage => ({
    wallSeconds,
    gatewayCpuSeconds,
    clientCpuSeconds,
});

/** A streaming level of 10 s: 9 rounds completed, 20 chunks each, the gateway busy 1% per 10 streams. */
export const streamLevel = (streams: number, p99Ms: number, over: Partial<StreamPhase> = {}): StreamPhase => ({
    streams,
    completed: streams * 9,
    errors: 0,
    errorKinds: {},
    chunksPerStream: 20,
    ttfc: { p50Ms: 55, p99Ms },
    duration: { p50Ms: 1005, p99Ms: 1200 },
    usage: usage(10, streams / 100, 2),
    ...over,
});
