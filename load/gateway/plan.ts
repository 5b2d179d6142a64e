// What `npm run bench:gateway` runs: its options, and the phases of a full and a quick run. Every
// phase is bounded by a duration and a request count, whichever ends first.

export interface BenchOptions {
    quick: boolean;
    json: boolean;
    /** Where the gateway is installed, outside the repository. */
    dir: string;
    /** The Node binary that runs the gateway: the image's major (load/gateway/pins.ts). */
    node: string;
    ttfcP99BoundMs: number;
    /** Install with the image's lockfile versions (npm overrides); without, what npm resolves today. */
    overrides: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = { quick: false, json: false, dir: "/tmp/gw-bench", node: "/usr/bin/node", ttfcP99BoundMs: 500, overrides: true };

/** Where an install without overrides goes unless --dir says otherwise, so it never replaces the pinned one. */
export const UNPINNED_DIR = "/tmp/gw-bench-unpinned";

export const USAGE = `npm run bench:gateway -- [--quick] [--json] [--dir <install dir>] [--node <node 20 binary>] [--ttfc-p99-ms <bound>] [--no-overrides]
  --quick         a smoke run of a few seconds (figures not for publishing)
  --json          print the result as JSON instead of a table
  --dir           where @portkey-ai/gateway is installed (default ${DEFAULT_OPTIONS.dir})
  --node          the Node binary that runs the gateway, of the image's major (default ${DEFAULT_OPTIONS.node})
  --ttfc-p99-ms   the time-to-first-chunk p99 the streams-per-core figure is stated at (default ${DEFAULT_OPTIONS.ttfcP99BoundMs})
  --no-overrides  install what npm resolves today instead of the image's versions (into ${UNPINNED_DIR} unless --dir): not the image`;

/** The options from the command line; throws with the usage on anything it does not know. */
export function parseOptions(argv: string[]): BenchOptions {
    const o = { ...DEFAULT_OPTIONS };
    let dir: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value\n${USAGE}`);
            return v;
        };
        if (a === "--quick") o.quick = true;
        else if (a === "--json") o.json = true;
        else if (a === "--dir") dir = value();
        else if (a === "--node") o.node = value();
        else if (a === "--ttfc-p99-ms") o.ttfcP99BoundMs = positive(a, value());
        else if (a === "--no-overrides") o.overrides = false;
        else throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
    return { ...o, dir: dir ?? (o.overrides ? DEFAULT_OPTIONS.dir : UNPINNED_DIR) };
}

function positive(flag: string, v: string): number {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number of milliseconds, got ${v}`);
    return n;
}

export interface Bound {
    seconds: number;
    maxRequests: number;
}

export interface BenchPlan {
    warmup: Bound;
    /** Closed-loop non-streaming phases, direct to the mock at 1 and through the gateway at each. */
    concurrencies: number[];
    requests: Bound;
    /** The fixed-rate phase's connections; its rate comes from the closed-loop phases. */
    fixedRateConcurrency: number;
    /** The mock's stream: `chunks` chunks `chunkIntervalMs` apart. */
    stream: { chunks: number; chunkIntervalMs: number };
    streamLevels: number[];
    streamSeconds: number;
    /** Streams held open (slower chunks, so they stay open) while the gateway's RSS is sampled. */
    memory: { streams: number; chunks: number; chunkIntervalMs: number };
}

/** A 1 s completion: 20 chunks 50 ms apart, as in the issue that asked for these figures. */
const STREAM = { chunks: 20, chunkIntervalMs: 50 };

export function benchPlan(quick: boolean): BenchPlan {
    if (quick)
        return {
            warmup: { seconds: 0.5, maxRequests: 500 },
            concurrencies: [1, 16],
            requests: { seconds: 1, maxRequests: 2_000 },
            fixedRateConcurrency: 16,
            stream: STREAM,
            streamLevels: [20, 50],
            streamSeconds: 1.5,
            memory: { streams: 50, chunks: 20, chunkIntervalMs: 100 },
        };
    return {
        warmup: { seconds: 3, maxRequests: 5_000 },
        concurrencies: [1, 16, 64],
        requests: { seconds: 10, maxRequests: 50_000 },
        fixedRateConcurrency: 64,
        stream: STREAM,
        streamLevels: [100, 200, 500],
        streamSeconds: 10,
        memory: { streams: 500, chunks: 40, chunkIntervalMs: 200 },
    };
}

/**
 * A streaming level's bounds: a count of whole rounds (every slot runs one stream after another for
 * about `streamSeconds`), so the level ends by count with every stream read to its end; the time
 * bound, twice that, only stops a gateway too slow to finish them (those streams are cut off).
 */
export function streamBound(plan: BenchPlan, streams: number): Bound {
    const perStreamSeconds = (plan.stream.chunks * plan.stream.chunkIntervalMs) / 1000;
    const rounds = Math.max(1, Math.floor(plan.streamSeconds / perStreamSeconds));
    return { seconds: 2 * plan.streamSeconds, maxRequests: streams * rounds };
}
