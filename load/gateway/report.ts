// The benchmark's output: what ran, each phase, the derived figures and the verdict, as a table a
// reader can check and as JSON (docs/capacity.md, "Measured figures").
import {
    addedLatency,
    invalidReasons,
    memoryPerStreamKiB,
    requestsPerCpuSecond,
    share,
    streamFailures,
    streamOverloads,
    streamsPerCore,
    throughput,
    type Latency,
    type MemoryPhase,
    type RequestPhase,
    type StreamPhase,
    type StreamsPerCore,
    type Usage,
} from "./figures";

/** What ran: versions, machine, and how the processes were placed. */
export interface Environment {
    date: string;
    command: string;
    cpuModel: string;
    cpus: number;
    kernel: string;
    gatewayVersion: string;
    /** The Node that ran the gateway, `node -v`. */
    gatewayNode: string;
    /** The Node that ran the client and the mock. */
    clientNode: string;
    /** Installed versions of the packages the figures depend on most (hono, @hono/node-server). */
    packages: Record<string, string>;
    /** Whether the dependencies are the image's lockfile versions (npm overrides) or what npm resolved. */
    imageVersions: boolean;
    /** "taskset: gateway on CPU 1, client and mock on CPU 0", or why the processes were not pinned. */
    placement: string;
}

export interface BenchResult {
    environment: Environment;
    ttfcP99BoundMs: number;
    chunksPerStream: number;
    chunkIntervalMs: number;
    requests: RequestPhase[];
    streams: StreamPhase[];
    memory?: MemoryPhase;
}

export interface Figures {
    /** The best requests per gateway CPU-second among the phases through the gateway. */
    requestsPerCpuSecond?: number;
    addedLatency?: Latency;
    streamsPerCore?: StreamsPerCore;
    memoryPerStreamKiB?: number;
    /** Phases whose client side was saturated: the run does not measure the gateway. */
    invalid: string[];
    /** Streaming did not work: the run failed. */
    streamFailures: string[];
    /** Streams that timed out where the load was more than the gateway kept up with. */
    streamOverloads: string[];
}

export function figures(r: BenchResult): Figures {
    const perCpu = r.requests.map(requestsPerCpuSecond).filter((x): x is number => x !== undefined);
    return {
        requestsPerCpuSecond: perCpu.length ? Math.max(...perCpu) : undefined,
        addedLatency: addedLatency(r.requests),
        streamsPerCore: streamsPerCore(r.streams, r.ttfcP99BoundMs),
        memoryPerStreamKiB: r.memory ? memoryPerStreamKiB(r.memory) : undefined,
        // Straight to the mock at one connection, nothing but the client and mock bounds the loop, so
        // they are always busy there; only the phases through the gateway are judged.
        invalid: invalidReasons([
            ...r.requests.filter((p) => p.target === "gateway"),
            ...r.streams.map((s) => ({ name: `${s.streams} streams`, usage: s.usage })),
        ]),
        streamFailures: streamFailures(r.streams, r.chunksPerStream, r.memory),
        streamOverloads: streamOverloads(r.streams, r.memory),
    };
}

/** The verdict line, and the exit code that goes with it: 1 when streaming failed, 2 when the run is invalid (load/gateway/figures.ts invalidReasons). */
export function verdict(f: Figures): { line: string; exitCode: number } {
    if (f.streamFailures.length) return { line: `FAILED: streaming through the gateway did not work: ${f.streamFailures.join("; ")}`, exitCode: 1 };
    if (f.invalid.length) return { line: `INVALID: these figures do not describe the gateway alone: ${f.invalid.join("; ")}`, exitCode: 2 };
    return { line: "VALID: streams completed; in every phase the client and mock had spare CPU and nothing else ran on the gateway's CPU", exitCode: 0 };
}

const num = (x: number | undefined, digits = 0) => (x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits));
const pct = (cpu: number, wall: number) => `${num(100 * share(cpu, wall))}%`;
const others = (u: Usage) => (u.othersOnGatewayCpuSeconds === undefined ? "-" : pct(u.othersOnGatewayCpuSeconds, u.wallSeconds));

/** Rows of cells, left column left-aligned, the rest right-aligned, two spaces apart. */
export function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
    return rows
        .map((r) =>
            r
                .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

function requestRows(phases: RequestPhase[]): string[][] {
    const head = ["phase", "conns", "rate/s", "done", "errors", "req/s", "p50 ms", "p99 ms", "gateway CPU", "req/CPU-s", "client CPU", "others"];
    return [
        head,
        ...phases.map((p) => [
            p.name,
            String(p.concurrency),
            p.rate === undefined ? "-" : `${p.rate}${p.rateReached === false ? " (missed)" : ""}`,
            String(p.completed),
            String(p.errors),
            num(throughput(p)),
            num(p.latency.p50Ms, 1),
            num(p.latency.p99Ms, 1),
            p.target === "gateway" ? pct(p.usage.gatewayCpuSeconds, p.usage.wallSeconds) : "-",
            num(requestsPerCpuSecond(p)),
            pct(p.usage.clientCpuSeconds, p.usage.wallSeconds),
            others(p.usage),
        ]),
    ];
}

function streamRows(levels: StreamPhase[]): string[][] {
    const head = ["streams", "done", "errors", "chunks", "TTFC p50", "TTFC p99", "whole p50", "whole p99", "gateway CPU", "client CPU", "others"];
    return [
        head,
        ...levels.map((l) => [
            String(l.streams),
            String(l.completed),
            String(l.errors),
            num(l.chunksPerStream, 1),
            num(l.ttfc.p50Ms),
            num(l.ttfc.p99Ms),
            num(l.duration.p50Ms),
            num(l.duration.p99Ms),
            pct(l.usage.gatewayCpuSeconds, l.usage.wallSeconds),
            pct(l.usage.clientCpuSeconds, l.usage.wallSeconds),
            others(l.usage),
        ]),
    ];
}

function headline(r: BenchResult, f: Figures): string[] {
    const spc = f.streamsPerCore;
    const mem = r.memory;
    return [
        `requests per gateway CPU-second (best phase): ${num(f.requestsPerCpuSecond)}`,
        `added latency over the mock at 1 connection: p50 ${num(f.addedLatency?.p50Ms, 2)} ms, p99 ${num(f.addedLatency?.p99Ms, 2)} ms`,
        spc
            ? `concurrent streams per core at TTFC p99 <= ${r.ttfcP99BoundMs} ms: ${spc.streams} (TTFC p99 ${num(spc.ttfcP99Ms)} ms, gateway CPU ${num(100 * spc.gatewayCpuShare)}%)`
            : `concurrent streams per core at TTFC p99 <= ${r.ttfcP99BoundMs} ms: none of the levels run stayed within it`,
        mem
            ? `memory per open stream: ${num(f.memoryPerStreamKiB, 1)} KiB (gateway RSS ${num(mem.idleRssKiB / 1024, 1)} MiB idle, ${num(mem.loadedRssKiB / 1024, 1)} MiB with ${mem.openStreams} open)`
            : "memory per open stream: not measured",
        ...(f.streamOverloads.length ? [`more than the gateway kept up with here (timeouts, not counted as failures): ${f.streamOverloads.join("; ")}`] : []),
    ];
}

export function renderTable(r: BenchResult): string {
    const e = r.environment;
    const f = figures(r);
    return [
        `@portkey-ai/gateway ${e.gatewayVersion} (${Object.entries(e.packages)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}) on node ${e.gatewayNode}; client and mock on node ${e.clientNode}`,
        e.imageVersions
            ? "dependencies: the image's lockfile versions (npm overrides)"
            : "dependencies: NOT the image's: what npm resolves today (--no-overrides)",
        `${e.cpuModel}, ${e.cpus} CPUs, kernel ${e.kernel}; ${e.placement}; ${e.date}`,
        `command: ${e.command}`,
        "",
        "Non-streaming chat completions (CPU columns: CPU seconds per wall second, from /proc; others: what else ran on the gateway's CPU; the client side is not judged on the mock-direct row)",
        table(requestRows(r.requests)),
        "",
        `Streaming: the mock sends ${r.chunksPerStream} chunks ${r.chunkIntervalMs} ms apart; times in ms`,
        table(streamRows(r.streams)),
        "",
        ...headline(r, f),
        "",
        verdict(f).line,
    ].join("\n");
}

export function renderJson(r: BenchResult): string {
    const f = figures(r);
    return JSON.stringify({ ...r, figures: f, verdict: verdict(f).line }, null, 2);
}
