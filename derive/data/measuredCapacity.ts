// The open-source gateway's per-core figures, with what ran to produce them. Every sized setting
// (the HPA's ceiling and CPU target, the CPU request, the replica count) is derived from this one
// constant (derive/capacity.ts), so replacing the figures here re-derives every stack; the docs
// quote them in docs/availability.md#sizing-from-the-figures.

/** What produced a set of figures: enough for a reader to run it again and compare. */
export interface FiguresProvenance {
    /** Where the numbers come from. */
    source: string;
    /** `@portkey-ai/gateway` version, the one the `open-source` image pins (derive/image.ts). */
    gatewayVersion: string;
    image: "open-source";
    /** Node.js the gateway ran under (the image's `node:<major>-alpine`). */
    node: string;
    /** Dependency versions the gateway resolved, as the image's lockfile pins them. */
    dependencies: Readonly<Record<string, string>>;
    cpuModel: string;
    date: string;
    command: string;
}

/** Memory of one gateway process; absent until measured. */
export interface MemoryFigures {
    /** Working set of an idle gateway, in MiB. */
    idleMiB: number;
    /** Working set each open stream adds, in KiB. */
    perStreamKiB: number;
}

export interface GatewayFigures {
    provenance: FiguresProvenance;
    /** Small non-streaming chat completions per CPU-second of the gateway process. */
    requestsPerCoreSecond: number;
    /** How the request figure was measured. */
    requestsMeasuredAt: string;
    /** Concurrent streams one core carries within `streamsLatency`. */
    streamsPerCore: number;
    /** The latency the stream figure holds to. */
    streamsLatency: string;
    /** Undefined: not measured, so memory is not derived. */
    memory: MemoryFigures | undefined;
}

/**
 * The figures of issue 26's trial (the gateway pinned to one core of a 2-core machine, a local
 * OpenAI-shaped mock, loopback, keep-alive clients), until the benchmark replaces them:
 * 900-930 completions a second at 16-64 connections (the low end is kept), and 200 concurrent
 * streams at a time-to-first-chunk p99 of 710 ms (500 streams: p50 404 ms; 1,000: p50 965 ms).
 * The trial stated no CPU model, date or memory figure.
 */
export const OPEN_SOURCE_FIGURES: GatewayFigures = {
    provenance: {
        source: "issue 26 text, replaced by the benchmark's figures",
        gatewayVersion: "1.15.2",
        image: "open-source",
        node: "20",
        dependencies: { hono: "4.9.7", "@hono/node-server": "1.13.5" },
        cpuModel: "not stated (one core of a 2-core machine)",
        date: "not stated",
        command: "npm run bench:gateway",
    },
    requestsPerCoreSecond: 900,
    requestsMeasuredAt: "small non-streaming chat completions, 16-64 connections",
    streamsPerCore: 200,
    streamsLatency: "time to first chunk p99 710 ms (20 chunks 50 ms apart)",
    memory: undefined,
};
