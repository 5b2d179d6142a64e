// Closed-loop non-streaming load through autocannon: each connection sends its next request when
// the last returns (docs/upstream-facts.md#autocannon-options). The fixed-rate mode is load/paced.ts.
import autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import type { LoadReport } from "./report";
import { chatRequestBody, completionsUrl, requestHeaders } from "./request";
import type { LoadOptions } from "./run";
import { summarize } from "./stats";
import { askedFields, tally } from "./tally";

/**
 * How often autocannon checks whether the run is over (its `sampleInt`): a run bounded by request
 * count ends at the first check after its last response, so this is the idle wait at its end. A
 * check only adds up the last interval's counts, so a short interval costs next to nothing and a
 * bounded run ends within 5 ms of its last response. Throughput is counted up to the last
 * response, not to this check.
 */
export const CHECK_INTERVAL_MS = 5;

/** The connections a run uses: at most one per request allowed (autocannon's maxOverallRequests may not be below its connections). */
export function connectionsFor(o: Pick<LoadOptions, "concurrency" | "requests">): number {
    return Math.min(o.concurrency, o.requests ?? Infinity);
}

function cannonOptions(o: LoadOptions, connections: number): autocannon.Options {
    return {
        url: completionsUrl(o.url),
        method: "POST",
        headers: requestHeaders(o.headers),
        body: chatRequestBody({ ...o, stream: false }),
        connections,
        duration: o.durationSeconds,
        ...(o.requests === undefined ? {} : { maxOverallRequests: o.requests }),
        timeout: o.timeoutSeconds,
        sampleInt: CHECK_INTERVAL_MS,
    };
}

export function runCannon(o: Omit<LoadOptions, "rate"> & { timeoutSeconds: number }): Promise<LoadReport> {
    const connections = connectionsFor(o);
    const latencies: number[] = [];
    const t = tally();
    const start = performance.now();
    let last = start;
    const report = (): LoadReport => {
        const elapsedSeconds = ((latencies.length > 0 ? last : performance.now()) - start) / 1000;
        const throughput = elapsedSeconds > 0 ? latencies.length / elapsedSeconds : 0;
        const errors = t.errors();
        return {
            mode: "closed-loop",
            ...askedFields({ ...o, rate: undefined }, connections),
            elapsedSeconds,
            completed: latencies.length,
            ok: latencies.length - Object.values(errors.byStatus).reduce((a, b) => a + b, 0),
            throughput,
            latency: summarize(latencies),
            errors,
        };
    };
    return new Promise((resolve, reject) => {
        const instance = autocannon(cannonOptions(o, connections), (err: Error | null) => (err ? reject(err) : resolve(report())));
        instance.on("response", (_client, statusCode, _bytes, responseTime) => {
            last = performance.now();
            latencies.push(responseTime);
            if (statusCode < 200 || statusCode >= 300) t.status(statusCode);
        });
        instance.on("reqError", (e) => t.transport(e));
    });
}
