// The load tool's report, and its table. Pure: a report in, text out.
import { ON_TIME_SHARE, type Pacing } from "./pacing";
import type { Summary } from "./stats";

/**
 * What one run measured. Times are milliseconds, rates per second.
 * - `mode`: `closed-loop` (each connection sends the next request when the last returns),
 *   `fixed-rate` (open loop: request i is due i/`rate` seconds after the start, whatever the others
 *   do, load/pacing.ts), or `stream` (each of `concurrency` streams starts the next when it ends).
 * - `concurrency`: connections (or streams) actually used, in fixed-rate mode the most requests in
 *   flight; below the one asked when `requests` is smaller.
 * - `completed`: responses received, any status (stream mode: streams read to `data: [DONE]`).
 * - `ok`: of those, 2xx (stream mode: equal to `completed`).
 * - `elapsedSeconds`: from the start to the last response (or the deadline), what `throughput` divides by.
 * - `throughput`: `completed / elapsedSeconds`.
 * - `latency`: request to whole response, every response (non-streaming modes); in fixed-rate
 *   mode from the request's scheduled time, so time spent waiting for a connection counts.
 * - `serviceTime` (fixed-rate only): from the request's actual send to its whole response.
 * - `pacing` (fixed-rate only): how the schedule was kept (load/pacing.ts `Pacing`): requests
 *   scheduled, sent, `queued` for a free connection, `late` (sent more than `lateAfterMs` after
 *   due), `dropped` (never sent by the deadline) and `cutOff` (in flight at the deadline, aborted).
 * - `stream`: per stream, request to first `chat.completion.chunk` (`firstChunk`), the gaps between
 *   consecutive chunks over all streams (`chunkGap`), request to `data: [DONE]` (`duration`), the
 *   chunks read, and the streams still open at the deadline (`cutOff`, aborted, not errors).
 * - `errors.byStatus`: non-2xx responses by HTTP status; `errors.byKind`: requests that got no
 *   response (`timeout`, `reset`, `refused`, or the error's code), and in stream mode streams that
 *   ended without `data: [DONE]` (`incomplete`) or carried an event that is not a chunk (`bad-event`).
 * - `rateReached` (fixed-rate only): whether the rate was offered: nothing dropped and at least 95%
 *   of the requests sent on time. When not, the tool or its connections held the load back.
 * - `headerNames`: the request headers sent, by name only (values may hold keys).
 */
export interface LoadReport {
    mode: "closed-loop" | "fixed-rate" | "stream";
    url: string;
    concurrency: number;
    durationSeconds: number;
    requests?: number;
    rate?: number;
    headerNames: string[];
    elapsedSeconds: number;
    completed: number;
    ok: number;
    throughput: number;
    latency?: Summary;
    serviceTime?: Summary;
    pacing?: Pacing;
    stream?: { firstChunk: Summary; chunkGap: Summary; duration: Summary; chunks: number; cutOff: number };
    rateReached?: boolean;
    errors: { total: number; byStatus: Record<string, number>; byKind: Record<string, number> };
}

/** The kind of a request's transport failure: node and undici error codes, and autocannon's timeout. */
export function transportErrorKind(e: unknown): string {
    const err = e as { code?: unknown; message?: unknown; name?: unknown };
    const code = typeof err?.code === "string" ? err.code : undefined;
    if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET") return "reset";
    if (code === "ECONNREFUSED") return "refused";
    if (code !== undefined && /TIMEOUT|ETIMEDOUT/.test(code)) return "timeout";
    if (code === undefined && err?.message === "request timed out") return "timeout";
    return code ?? (typeof err?.name === "string" && err.name !== "Error" ? err.name : "other");
}

/** Three significant figures (whole milliseconds from 100 up), judged after rounding: 99.99 shows as 100. */
const ms = (v: number) => (v >= 99.95 ? v.toFixed(0) : v >= 9.995 ? v.toFixed(1) : v.toFixed(2));

function summaryRow(label: string, s: Summary): string[] {
    if (s.count === 0) return [label, "-", "-", "-", "-", "0"];
    return [label, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), String(s.count)];
}

function columns(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")).join("\n");
}

function counts(label: string, m: Record<string, number>): string {
    const entries = Object.entries(m).sort(([a], [b]) => a.localeCompare(b));
    return `${label}: ${entries.length === 0 ? "none" : entries.map(([k, v]) => `${k} ${v}`).join(", ")}`;
}

function headline(r: LoadReport): string[] {
    const bounds = [`${r.durationSeconds} s`, r.requests === undefined ? undefined : `${r.requests} requests`].filter((x) => x !== undefined);
    const mode = r.mode === "fixed-rate" ? `fixed-rate ${r.rate} req/s (open loop), up to` : r.mode + ",";
    const unit = r.mode === "stream" ? "streams" : "requests";
    return [
        `${mode} ${r.concurrency} ${r.mode === "stream" ? "concurrent stream" : "connection"}${r.concurrency === 1 ? "" : "s"}, at most ${bounds.join(" or ")}: POST ${r.url}`,
        `${r.completed} ${unit} completed (${r.ok} ok) in ${r.elapsedSeconds.toFixed(2)} s: ${r.throughput.toFixed(1)} ${unit}/s`,
    ];
}

function pacingLine(p: Pacing): string {
    return (
        `scheduled ${p.scheduled}, sent ${p.sent}: ${p.queued} waited for a free connection, ${p.late} sent over ${ms(p.lateAfterMs)} ms late; ` +
        `dropped (unsent at the deadline) ${p.dropped}, cut off (in flight at the deadline) ${p.cutOff}`
    );
}

/** The report as a table a reader can check: counts, then latency rows in milliseconds, then errors. */
export function loadReportTable(r: LoadReport): string {
    const rows: string[][] = [["ms", "p50", "p90", "p99", "max", "samples"]];
    if (r.latency) rows.push(summaryRow(r.serviceTime ? "latency (from schedule)" : "latency", r.latency));
    if (r.serviceTime) rows.push(summaryRow("service time", r.serviceTime));
    if (r.stream) {
        rows.push(
            summaryRow("first chunk", r.stream.firstChunk),
            summaryRow("between chunks", r.stream.chunkGap),
            summaryRow("whole stream", r.stream.duration),
        );
    }
    const lines = [...headline(r), "", columns(rows), ""];
    if (r.stream) lines.push(`chunks read: ${r.stream.chunks}; streams open at the deadline (cut off): ${r.stream.cutOff}`);
    if (r.pacing) lines.push(pacingLine(r.pacing));
    if (r.rateReached === false) {
        lines.push(
            `rate not offered (requests dropped, or under ${ON_TIME_SHARE * 100}% sent on time): the connections or the client held the load back; add --concurrency or lower --rate`,
        );
    }
    lines.push(`errors: ${r.errors.total}`, `  ${counts("by HTTP status", r.errors.byStatus)}`, `  ${counts("by kind", r.errors.byKind)}`);
    return lines.join("\n") + "\n";
}
