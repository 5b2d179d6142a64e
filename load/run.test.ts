// The load tool against the mock provider on loopback, bounded by request count. Expected figures
// follow from the mock's pacing (chunks per stream) and the request limit; the OpenAI stream format
// is docs/upstream-facts.md#openai-chat-completions, autocannon's limits
// docs/upstream-facts.md#autocannon-options.
import * as assert from "assert";
import { startMockProvider, type MockProvider } from "./mockProvider";
import { runLoad } from "./run";

const CHUNKS = 5;

describe("runLoad", () => {
    let mock: MockProvider;
    let base: string;
    before(async () => {
        mock = await startMockProvider({ chunks: CHUNKS, chunkIntervalMs: 0, firstChunkDelayMs: 0 });
        base = mock.url.replace(/\/v1$/, "");
    });
    after(() => mock.close());

    it("closed-loop: stops at the request limit, every response measured", async () => {
        const before = mock.served().requests;
        const r = await runLoad({ url: base, concurrency: 4, durationSeconds: 30, requests: 12 });
        assert.strictEqual(r.mode, "closed-loop");
        assert.strictEqual(r.requests, 12);
        assert.ok(!("rate" in r) && !("rateReached" in r) && !("serviceTime" in r) && !("pacing" in r));
        assert.strictEqual(r.completed, 12);
        assert.strictEqual(r.ok, 12);
        assert.strictEqual(r.latency?.count, 12);
        assert.strictEqual(mock.served().requests - before, 12);
        assert.ok(r.throughput > 0 && r.latency.p50 <= r.latency.p90 && r.latency.p99 <= r.latency.max);
        assert.deepStrictEqual(r.errors, { total: 0, byStatus: {}, byKind: {} });
    });

    it("fixed-rate: paced open loop (load/paced.test.ts), with its rate, service time and pacing", async () => {
        const r = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 20, rate: 1000 });
        assert.strictEqual(r.mode, "fixed-rate");
        assert.strictEqual(r.rate, 1000);
        assert.strictEqual(r.completed, 20);
        assert.ok(r.serviceTime && r.pacing && typeof r.rateReached === "boolean");
    });

    it("uses no more connections than requests allowed", async () => {
        const r = await runLoad({ url: base, concurrency: 16, durationSeconds: 30, requests: 3 });
        assert.strictEqual(r.concurrency, 3);
        assert.strictEqual(r.completed, 3);
    });

    it("counts non-2xx answers by status", async () => {
        const r = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 4, headers: { "x-mock-status": "429" } });
        assert.strictEqual(r.completed, 4);
        assert.strictEqual(r.ok, 0);
        assert.deepStrictEqual(r.errors, { total: 4, byStatus: { "429": 4 }, byKind: {} });
    });

    it("counts connections reset without an answer as resets", async () => {
        const r = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 4, headers: { "x-mock-reset": "1" } });
        assert.strictEqual(r.completed, 0);
        assert.deepStrictEqual(r.errors, { total: 4, byStatus: {}, byKind: { reset: 4 } });
    });

    it("stream: reads each stream to data: [DONE], one first-chunk time per stream and chunks - 1 gaps", async () => {
        const before = mock.served().streams;
        const r = await runLoad({ url: base, concurrency: 4, durationSeconds: 30, requests: 8, stream: true });
        assert.strictEqual(r.mode, "stream");
        assert.strictEqual(r.completed, 8);
        assert.strictEqual(mock.served().streams - before, 8);
        assert.strictEqual(r.stream?.chunks, 8 * CHUNKS);
        assert.strictEqual(r.stream.firstChunk.count, 8);
        assert.strictEqual(r.stream.chunkGap.count, 8 * (CHUNKS - 1));
        assert.strictEqual(r.stream.duration.count, 8);
        assert.strictEqual(r.stream.cutOff, 0);
        assert.ok(r.stream.firstChunk.p50 <= r.stream.duration.p50);
        assert.deepStrictEqual(r.errors, { total: 0, byStatus: {}, byKind: {} });
    });

    it("stream: counts refused streams by status and reset ones by kind", async () => {
        const refused = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 4, stream: true, headers: { "x-mock-status": "500" } });
        assert.deepStrictEqual(refused.errors, { total: 4, byStatus: { "500": 4 }, byKind: {} });
        assert.strictEqual(refused.completed, 0);
        const reset = await runLoad({ url: base, concurrency: 2, durationSeconds: 30, requests: 4, stream: true, headers: { "x-mock-reset": "1" } });
        assert.deepStrictEqual(reset.errors, { total: 4, byStatus: {}, byKind: { reset: 4 } });
    });

    it("stream: at the deadline, aborts the open streams and counts them as cut off, not as errors", async () => {
        const slow = await startMockProvider({ chunks: 2, firstChunkDelayMs: 60_000 });
        try {
            const r = await runLoad({ url: slow.url.replace(/\/v1$/, ""), concurrency: 3, durationSeconds: 0.05, requests: 3, stream: true });
            assert.strictEqual(r.stream?.cutOff, 3);
            assert.strictEqual(r.completed, 0);
            assert.strictEqual(r.errors.total, 0);
        } finally {
            await slow.close();
        }
    });

    it("reports header names, never their values", async () => {
        const r = await runLoad({ url: base, concurrency: 1, durationSeconds: 30, requests: 1, headers: { authorization: "Bearer sk-canary-value" } });
        assert.deepStrictEqual(r.headerNames, ["authorization", "content-type"]);
        assert.ok(!JSON.stringify(r).includes("sk-canary-value"));
    });

    it("refuses options out of range before sending anything, naming each", async () => {
        await assert.rejects(runLoad({ url: base, concurrency: 0, durationSeconds: 30, stream: true, rate: 5 }), (e: Error) => {
            assert.match(e.message, /concurrency must be a whole number of at least 1/);
            assert.match(e.message, /rate applies to non-streaming runs/);
            return true;
        });
    });
});
