// The load tool's entry for other code: one bounded run against a gateway (or the mock), reported
// as data. The run ends at whichever comes first: `durationSeconds` or `requests` requests.
import { runCannon } from "./cannon";
import { optionProblems } from "./options";
import { runPaced } from "./paced";
import type { LoadReport } from "./report";
import { runStreams } from "./streams";

export type { LoadReport } from "./report";

export interface LoadOptions {
    /** The gateway's base URL; requests go to `<url>/v1/chat/completions`. */
    url: string;
    /** Connections (closed-loop), the most requests in flight (fixed-rate), or concurrent streams. */
    concurrency: number;
    /** The run's time limit. */
    durationSeconds: number;
    /** The run's request limit (streams started, in stream mode). */
    requests?: number;
    /** Fixed-rate mode: requests per second, evenly spaced, open loop (non-streaming only); closed-loop without it. */
    rate?: number;
    stream?: boolean;
    /** Extra request headers (e.g. the Portkey routing headers, request/gatewayHeaders). */
    headers?: Record<string, string>;
    model?: string;
    maxTokens?: number;
    /** Seconds without a response (or, streaming, between two reads) before a request counts as a timeout; default 10. */
    timeoutSeconds?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Runs the load and reports it; refuses options that are out of range, naming each. */
export async function runLoad(o: LoadOptions): Promise<LoadReport> {
    const problems = optionProblems(o, (name) => name);
    if (problems.length > 0) throw new Error(`runLoad: ${problems.join("; ")}`);
    const full = { ...o, timeoutSeconds: o.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS };
    if (o.stream === true) return runStreams(full);
    return full.rate === undefined ? runCannon(full) : runPaced({ ...full, rate: full.rate });
}
