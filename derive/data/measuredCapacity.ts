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
 * `npm run bench:gateway` on 2026-12-05 (docs/capacity.md, "Recorded figures"): the gateway alone
 * on one CPU, client and mocks on the other, loopback. Three valid runs gave 838, 997 and 945
 * requests per CPU-second and 111.3, 144.2 and 130.7 KiB per open stream; these are the third run,
 * the median of both. Requests: its best closed-loop phase (16 connections; 1 connection gave 752,
 * 64 gave 886 per CPU-second). Streams: of the levels 100, 200 and 500, the largest whose time to
 * first chunk p99 stayed within 500 ms (200 streams: 377 ms at 55% of the core; 500 streams:
 * 1,199 ms), in all three runs, so the figure is a floor between 200 and 500.
 */
export const OPEN_SOURCE_FIGURES: GatewayFigures = {
    provenance: {
        source: "recorded in docs/capacity.md, 2026-12-05",
        gatewayVersion: "1.15.2",
        image: "open-source",
        node: "v20.20.2",
        dependencies: { hono: "4.9.7", "@hono/node-server": "1.13.5" },
        cpuModel: "Intel(R) Xeon(R) Processor (one of 2 CPUs, kernel 6.18.44)",
        date: "2026-12-05",
        command: "npm run bench:gateway",
    },
    requestsPerCoreSecond: 945,
    requestsMeasuredAt: "small non-streaming chat completions, 16 connections closed-loop",
    streamsPerCore: 200,
    streamsLatency: "time to first chunk p99 within 500 ms (377 ms measured; 20 chunks 50 ms apart)",
    memory: { idleMiB: 111.9, perStreamKiB: 130.7 },
};
