// The fixed-rate mode on loopback, bounded by request count (or a deadline of a few tens of ms with
// a server that holds its answers). Expected counts follow from the schedule docs/capacity.md
// states ("Closed-loop and fixed-rate"): request i due i/R seconds after the start.
import * as assert from "assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startMockProvider, type MockProvider } from "./mockProvider";
import { runLoad } from "./run";

/** A server that answers the first request after `holdFirstMs` (never, when undefined) and the others at once. */
async function holdingServer(holdFirstMs?: number): Promise<{ url: string; close(): Promise<void> }> {
    let seen = 0;
    const server = http.createServer((req, res) => {
        const answer = () => res.writeHead(200, { "content-type": "application/json" }).end("{}");
        req.resume();
        if (seen++ > 0) answer();
        else if (holdFirstMs !== undefined) setTimeout(answer, holdFirstMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => {
            server.closeAllConnections();
            return new Promise((resolve) => server.close(() => resolve()));
        },
    };
}

describe("runLoad at a fixed rate", () => {
    let mock: MockProvider;
    let base: string;
    before(async () => {
        mock = await startMockProvider({});
        base = mock.url.replace(/\/v1$/, "");
    });
    after(() => mock.close());

    it("sends every scheduled request once, measuring each from its scheduled time and from its send", async () => {
        const before = mock.served().requests;
        const r = await runLoad({ url: base, concurrency: 4, durationSeconds: 30, requests: 30, rate: 2000 });
        assert.strictEqual(r.mode, "fixed-rate");
        assert.strictEqual(r.rate, 2000);
        assert.strictEqual(r.concurrency, 4);
        assert.strictEqual(mock.served().requests - before, 30);
        assert.strictEqual(r.completed, 30);
        assert.strictEqual(r.ok, 30);
        assert.deepStrictEqual([r.latency?.count, r.serviceTime?.count], [30, 30]);
        assert.deepStrictEqual([r.pacing?.scheduled, r.pacing?.sent, r.pacing?.dropped, r.pacing?.cutOff], [30, 30, 0, 0]);
        // A request leaves at or after its time, so each percentile from the schedule is at least the service time's.
        for (const k of ["p50", "p90", "p99", "max"] as const) assert.ok(r.latency![k] >= r.serviceTime![k], k);
        // The last request is due 29/2000 s after the start; throughput divides by the time to the last answer.
        assert.ok(r.elapsedSeconds >= 29 / 2000, String(r.elapsedSeconds));
        assert.strictEqual(r.throughput, 30 / r.elapsedSeconds);
        assert.strictEqual(typeof r.rateReached, "boolean");
        assert.deepStrictEqual(r.errors, { total: 0, byStatus: {}, byKind: {} });
    });

    it("queues requests due while every connection is busy, and counts them late", async () => {
        const server = await holdingServer(30);
        try {
            // 1000/s: requests 1..9 are due 1..9 ms after the start, while the first is held 30 ms on the only connection.
            const r = await runLoad({ url: server.url, concurrency: 1, durationSeconds: 30, requests: 10, rate: 1000 });
            assert.strictEqual(r.completed, 10);
            assert.deepStrictEqual([r.pacing?.sent, r.pacing?.queued, r.pacing?.lateAfterMs], [10, 9, 1]);
            // The nine queued ones are late; the first too when the loop starts it over 1 ms behind its time (a busy machine).
            assert.ok([9, 10].includes(r.pacing?.late ?? -1), `late ${r.pacing?.late}`);
            assert.strictEqual(r.rateReached, false);
        } finally {
            await server.close();
        }
    });

    it("at the deadline, drops the requests still waiting and cuts off the one in flight, neither an error", async () => {
        const server = await holdingServer();
        try {
            // 1000/s for 50 ms: 50 requests scheduled; the first never answers, so the other 49 never leave.
            const r = await runLoad({ url: server.url, concurrency: 1, durationSeconds: 0.05, rate: 1000 });
            const { late, ...pacing } = r.pacing!;
            assert.deepStrictEqual(pacing, { scheduled: 50, sent: 1, queued: 0, lateAfterMs: 1, dropped: 49, cutOff: 1 });
            // Only the one request sent can be late, when the loop starts it over 1 ms behind its time (a busy machine).
            assert.ok(late === 0 || late === 1, `late ${late}`);
            assert.strictEqual(r.completed, 0);
            assert.strictEqual(r.throughput, 0);
            assert.strictEqual(r.rateReached, false);
            assert.deepStrictEqual(r.errors, { total: 0, byStatus: {}, byKind: {} });
        } finally {
            await server.close();
        }
    });

    it("counts non-2xx answers by status and resets by kind", async () => {
        const refused = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 6, rate: 5000, headers: { "x-mock-status": "503" } });
        assert.deepStrictEqual([refused.completed, refused.ok], [6, 0]);
        assert.deepStrictEqual(refused.errors, { total: 6, byStatus: { "503": 6 }, byKind: {} });
        const reset = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 6, rate: 5000, headers: { "x-mock-reset": "1" } });
        assert.strictEqual(reset.completed, 0);
        assert.deepStrictEqual(reset.errors, { total: 6, byStatus: {}, byKind: { reset: 6 } });
    });
});
