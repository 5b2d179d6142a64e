// The table is read by people comparing runs: each figure must appear where its label says.
// Error codes: Node's `ECONNRESET`/`ECONNREFUSED` (https://nodejs.org/api/errors.html#common-system-errors),
// undici's `UND_ERR_*` (nodejs/undici `lib/core/errors.js`), autocannon's timeout message (its `lib/run.js`
// at v9.0.0, docs/upstream-facts.md#autocannon-options).
import * as assert from "assert";
import { loadReportTable, transportErrorKind, type LoadReport } from "./report";

/** The cells of the table row that starts with `label`: label, p50, p90, p99, max, samples. */
const rowOf = (table: string, label: string) =>
    table
        .split("\n")
        .find((l) => l.startsWith(label + "  "))
        ?.split(/\s{2,}/);

const summary = (p50: number, p90: number, p99: number, max: number, count: number) => ({ p50, p90, p99, max, count });

const closedLoop: LoadReport = {
    mode: "closed-loop",
    url: "http://127.0.0.1:8787/v1/chat/completions",
    concurrency: 16,
    durationSeconds: 10,
    requests: 5000,
    headerNames: ["content-type"],
    elapsedSeconds: 4.2,
    completed: 5000,
    ok: 4990,
    throughput: 1190.48,
    latency: summary(1.3, 4.25, 11.04, 151.7, 5000),
    errors: { total: 13, byStatus: { "429": 6, "500": 4 }, byKind: { reset: 3 } },
};

describe("loadReportTable", () => {
    it("is, whole, a headline, an aligned table and the errors", () => {
        assert.strictEqual(
            loadReportTable({
                ...closedLoop,
                requests: undefined,
                latency: summary(0.5, 9.996, 99.96, 100, 5000),
                errors: { total: 3, byStatus: { "500": 1, "429": 2 }, byKind: {} },
            }),
            [
                "closed-loop, 16 connections, at most 10 s: POST http://127.0.0.1:8787/v1/chat/completions",
                "5000 requests completed (4990 ok) in 4.20 s: 1190.5 requests/s",
                "",
                "ms        p50   p90  p99  max  samples",
                "latency  0.50  10.0  100  100     5000",
                "",
                "errors: 3",
                "  by HTTP status: 429 2, 500 1",
                "  by kind: none",
                "",
            ].join("\n"),
        );
    });

    it("states the mode, limits, target, counts and throughput", () => {
        const t = loadReportTable(closedLoop);
        assert.ok(t.startsWith("closed-loop, 16 connections, at most 10 s or 5000 requests: POST http://127.0.0.1:8787/v1/chat/completions\n"), t);
        assert.ok(t.includes("5000 requests completed (4990 ok) in 4.20 s: 1190.5 requests/s"), t);
        assert.ok(loadReportTable({ ...closedLoop, concurrency: 1 }).startsWith("closed-loop, 1 connection, at most"));
    });

    it("puts each percentile under its column, in milliseconds", () => {
        const lines = loadReportTable(closedLoop).split("\n");
        const header = lines.find((l) => l.startsWith("ms"))!.split(/\s+/);
        const row = lines.find((l) => l.startsWith("latency"))!.split(/\s+/);
        assert.deepStrictEqual(header, ["ms", "p50", "p90", "p99", "max", "samples"]);
        assert.deepStrictEqual(row, ["latency", "1.30", "4.25", "11.0", "152", "5000"]);
    });

    it("lists errors by status and by kind, and says none when there are none", () => {
        const t = loadReportTable(closedLoop);
        assert.ok(t.includes("errors: 13\n  by HTTP status: 429 6, 500 4\n  by kind: reset 3\n"), t);
        const kinds = loadReportTable({ ...closedLoop, errors: { total: 3, byStatus: {}, byKind: { timeout: 1, reset: 2 } } });
        assert.ok(kinds.includes("by kind: reset 2, timeout 1\n"), kinds);
        const clean = loadReportTable({ ...closedLoop, errors: { total: 0, byStatus: {}, byKind: {} } });
        assert.ok(clean.includes("by HTTP status: none\n  by kind: none"), clean);
    });

    it("fixed-rate: states the rate and the in-flight cap, both latency rows, and how the schedule was kept", () => {
        const fixed: LoadReport = {
            ...closedLoop,
            mode: "fixed-rate",
            rate: 2000,
            latency: summary(3.5, 8, 20, 31, 5000),
            serviceTime: summary(1.25, 2, 4, 9.5, 5000),
            pacing: { scheduled: 5000, sent: 4998, queued: 40, late: 12, lateAfterMs: 1, dropped: 2, cutOff: 3 },
            rateReached: true,
        };
        const t = loadReportTable(fixed);
        assert.ok(t.startsWith("fixed-rate 2000 req/s (open loop), up to 16 connections, at most 10 s or 5000 requests"), t);
        assert.deepStrictEqual(rowOf(t, "latency (from schedule)"), ["latency (from schedule)", "3.50", "8.00", "20.0", "31.0", "5000"]);
        assert.deepStrictEqual(rowOf(t, "service time"), ["service time", "1.25", "2.00", "4.00", "9.50", "5000"]);
        assert.ok(
            t.includes(
                "scheduled 5000, sent 4998: 40 waited for a free connection, 12 sent over 1.00 ms late; dropped (unsent at the deadline) 2, cut off (in flight at the deadline) 3\n",
            ),
            t,
        );
        assert.ok(!t.includes("not offered"), t);
        assert.ok(loadReportTable({ ...fixed, rateReached: false }).includes("rate not offered (requests dropped, or under 95% sent on time)"));
        assert.ok(!loadReportTable(closedLoop).includes("scheduled"));
    });

    it("shows the three stream rows, the chunks and the streams cut off; an empty row shows dashes", () => {
        const t = loadReportTable({
            ...closedLoop,
            mode: "stream",
            latency: undefined,
            stream: {
                firstChunk: summary(52, 60, 70, 80, 100),
                chunkGap: summary(50, 51, 55, 90, 1900),
                duration: summary(0, 0, 0, 0, 0),
                chunks: 2000,
                cutOff: 100,
            },
        });
        assert.ok(t.startsWith("stream, 16 concurrent streams"), t);
        assert.ok(t.includes("5000 streams completed"), t);
        assert.deepStrictEqual(rowOf(t, "first chunk"), ["first chunk", "52.0", "60.0", "70.0", "80.0", "100"]);
        assert.deepStrictEqual(rowOf(t, "between chunks"), ["between chunks", "50.0", "51.0", "55.0", "90.0", "1900"]);
        assert.deepStrictEqual(rowOf(t, "whole stream"), ["whole stream", "-", "-", "-", "-", "0"]);
        assert.ok(t.includes("chunks read: 2000; streams open at the deadline (cut off): 100"), t);
        assert.ok(!t.split("\n").some((l) => l.startsWith("latency")));
    });
});

describe("transportErrorKind", () => {
    it("names resets, refusals and timeouts from Node's, undici's and autocannon's errors", () => {
        assert.strictEqual(transportErrorKind(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })), "reset");
        assert.strictEqual(transportErrorKind(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })), "reset");
        assert.strictEqual(transportErrorKind(Object.assign(new Error("write"), { code: "EPIPE" })), "reset");
        assert.strictEqual(transportErrorKind(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })), "refused");
        assert.strictEqual(transportErrorKind(Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" })), "timeout");
        assert.strictEqual(transportErrorKind(Object.assign(new Error("Body Timeout Error"), { code: "UND_ERR_BODY_TIMEOUT" })), "timeout");
        assert.strictEqual(transportErrorKind(new Error("request timed out")), "timeout");
    });

    it("keeps any other code as it is, else the error's class, else other", () => {
        assert.strictEqual(transportErrorKind(Object.assign(new Error("x"), { code: "EHOSTUNREACH" })), "EHOSTUNREACH");
        assert.strictEqual(transportErrorKind(new TypeError("x")), "TypeError");
        assert.strictEqual(transportErrorKind(new Error("x")), "other");
        assert.strictEqual(transportErrorKind(undefined), "other");
    });
});
