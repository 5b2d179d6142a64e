// Counting what a run saw, shared by the non-streaming and streaming runs.
import { completionsUrl, requestHeaders } from "./request";
import type { LoadReport } from "./report";
import { transportErrorKind } from "./report";
import type { LoadOptions } from "./run";

export interface Tally {
    byStatus: Record<string, number>;
    byKind: Record<string, number>;
    status(code: number): void;
    kind(k: string): void;
    transport(e: unknown): void;
    errors(): LoadReport["errors"];
}

export function tally(): Tally {
    const byStatus: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
    const t: Tally = {
        byStatus,
        byKind,
        status: (code) => void (byStatus[code] = (byStatus[code] ?? 0) + 1),
        kind: (k) => void (byKind[k] = (byKind[k] ?? 0) + 1),
        transport: (e) => t.kind(transportErrorKind(e)),
        errors: () => ({ total: sum(byStatus) + sum(byKind), byStatus, byKind }),
    };
    return t;
}

/** The fields of a report that restate what was asked. */
export function askedFields(
    o: LoadOptions,
    concurrency: number,
): Pick<LoadReport, "url" | "concurrency" | "durationSeconds" | "requests" | "rate" | "headerNames"> {
    return {
        url: completionsUrl(o.url),
        concurrency,
        durationSeconds: o.durationSeconds,
        ...(o.requests === undefined ? {} : { requests: o.requests }),
        ...(o.rate === undefined ? {} : { rate: o.rate }),
        headerNames: Object.keys(requestHeaders(o.headers)).sort(),
    };
}
