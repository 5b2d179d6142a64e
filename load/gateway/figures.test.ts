import * as assert from "assert";
import {
    addedLatency,
    CLIENT_SATURATION_SHARE,
    clientSaturated,
    fixedRate,
    invalidReasons,
    memoryPerStreamKiB,
    requestsPerCpuSecond,
    streamFailures,
    streamOverloads,
    streamsPerCore,
    share,
    throughput,
    type RequestPhase,
} from "./figures";
import { streamLevel as level, usage } from "./testing";

const req = (over: Partial<RequestPhase>): RequestPhase => ({
    name: "gateway c=16",
    target: "gateway",
    concurrency: 16,
    completed: 9000,
    errors: 0,
    errorKinds: {},
    latency: { p50Ms: 15, p99Ms: 40 },
    usage: usage(10, 9, 4),
    ...over,
});

describe("gateway bench: derived figures", () => {
    it("counts requests per second of the gateway's CPU time, not of wall time", () => {
        // 9,000 requests in 10 s of wall time on 9 s of CPU: 1,000 per CPU-second, 900 per wall second.
        assert.strictEqual(requestsPerCpuSecond(req({})), 1000);
        assert.strictEqual(throughput(req({})), 900);
    });
    it("has no requests-per-CPU figure for the phase straight to the mock, nor for a gateway that used no CPU", () => {
        assert.strictEqual(requestsPerCpuSecond(req({ target: "mock" })), undefined);
        assert.strictEqual(requestsPerCpuSecond(req({ usage: usage(10, 0, 1) })), undefined);
    });
    it("has no share of a phase that took no wall time", () => {
        assert.ok(Number.isNaN(share(1, 0)));
        assert.strictEqual(share(3, 4), 0.75);
    });
    it("calls a client side saturated above 90% of its core, and says which phase", () => {
        assert.strictEqual(CLIENT_SATURATION_SHARE, 0.9);
        assert.strictEqual(clientSaturated(usage(10, 5, 9)), false);
        assert.strictEqual(clientSaturated(usage(10, 5, 9.1)), true);
        assert.deepStrictEqual(invalidReasons([req({ name: "a", usage: usage(10, 5, 9.5) }), req({ name: "b" })]), [
            "a: client and mock used 95% of their core (limit 90%)",
        ]);
    });
    it("calls the gateway's CPU shared when anything else used more than 10% of it, and says which phase", () => {
        assert.deepStrictEqual(invalidReasons([req({ name: "a", usage: { ...usage(10, 5, 1), othersOnGatewayCpuSeconds: 1 } })]), []);
        assert.deepStrictEqual(invalidReasons([req({ name: "b", usage: { ...usage(10, 5, 1), othersOnGatewayCpuSeconds: 1.2 } })]), [
            "b: other processes used 12% of the gateway's CPU (limit 10%)",
        ]);
    });
    it("runs the fixed-rate phase at half the best closed-loop throughput through the gateway, at least 1/s", () => {
        const phases = [req({ completed: 1000 }), req({ completed: 9001 }), req({ target: "mock", completed: 100000 })];
        assert.strictEqual(fixedRate(phases), 450);
        assert.strictEqual(fixedRate([req({ completed: 0 })]), 1);
        assert.strictEqual(fixedRate([]), 1);
    });
    it("takes added latency as gateway minus mock at one connection, closed-loop", () => {
        const phases = [
            req({ target: "mock", concurrency: 1, latency: { p50Ms: 0.2, p99Ms: 0.5 } }),
            req({ concurrency: 1, rate: 50, latency: { p50Ms: 100, p99Ms: 100 } }),
            req({ concurrency: 1, latency: { p50Ms: 1.5, p99Ms: 10.5 } }),
        ];
        assert.deepStrictEqual(addedLatency(phases), { p50Ms: 1.3, p99Ms: 10 });
        assert.deepStrictEqual(addedLatency([...phases].reverse()), { p50Ms: 1.3, p99Ms: 10 });
        assert.deepStrictEqual(addedLatency([req({ latency: { p50Ms: 50, p99Ms: 50 } }), ...phases]), { p50Ms: 1.3, p99Ms: 10 });
        assert.strictEqual(addedLatency(phases.slice(1)), undefined);
    });
    it("states streams per core as the largest error-free level within the TTFC p99 bound, with the gateway's CPU share", () => {
        const levels = [level(100, 120), level(200, 450), level(500, 900), level(300, 400, { errors: 1 })];
        assert.deepStrictEqual(streamsPerCore(levels, 500), { streams: 200, ttfcP99Ms: 450, gatewayCpuShare: 0.2 });
        assert.deepStrictEqual(streamsPerCore(levels, 1000)?.streams, 500);
        assert.strictEqual(streamsPerCore(levels, 100), undefined);
        assert.strictEqual(streamsPerCore([level(100, 10, { completed: 0 })], 500), undefined);
        // A p99 equal to the bound is within it; the largest level wins whatever the order.
        assert.strictEqual(streamsPerCore([level(500, 300), level(100, 10), level(200, 500)], 500)?.streams, 500);
        assert.strictEqual(streamsPerCore([level(200, 500), level(100, 10)], 500)?.streams, 200);
    });
    it("divides the RSS grown with the streams open by their number", () => {
        assert.strictEqual(memoryPerStreamKiB({ openStreams: 500, completed: 500, errors: 0, errorKinds: {}, idleRssKiB: 80_000, loadedRssKiB: 105_000 }), 50);
        assert.ok(Number.isNaN(memoryPerStreamKiB({ openStreams: 0, completed: 0, errors: 0, errorKinds: {}, idleRssKiB: 1, loadedRssKiB: 2 })));
    });
    it("has no memory figure when the phase's streams did not all complete, and fails the run", () => {
        const m = { openStreams: 500, completed: 499, errors: 1, errorKinds: { reset: 1 }, idleRssKiB: 80_000, loadedRssKiB: 105_000 };
        assert.ok(Number.isNaN(memoryPerStreamKiB(m)));
        assert.deepStrictEqual(streamFailures([], 20, m), ["memory phase: 1 failed (reset 1)"]);
        const slow = { ...m, errorKinds: { timeout: 1 } };
        assert.deepStrictEqual([streamFailures([], 20, slow), streamOverloads([], slow)], [[], ["memory phase: 1 of 500 streams timed out"]]);
    });
    it("takes timeouts above the lowest level as more load than the gateway kept up with, not as a failure", () => {
        const levels = [level(100, 1), level(200, 1), level(500, 1, { errors: 268, errorKinds: { timeout: 268 } })];
        assert.deepStrictEqual(streamFailures(levels, 20), []);
        assert.deepStrictEqual(streamOverloads(levels), ["500 streams: 268 timed out"]);
        // At the lowest level a timeout is a failure; so is any other kind at any level.
        const low = [level(100, 1, { errors: 1, errorKinds: { timeout: 1 } }), level(500, 1, { errors: 2, errorKinds: { timeout: 1, incomplete: 1 } })];
        assert.deepStrictEqual(streamFailures(low, 20), ["100 streams: 1 failed (timeout 1)", "500 streams: 2 failed (timeout 1, incomplete 1)"]);
        assert.deepStrictEqual(streamOverloads(low), ["500 streams: 1 timed out"]);
    });
    it("fails streaming on any error, on a level where nothing completed, and on short streams", () => {
        assert.deepStrictEqual(streamFailures([level(100, 1), level(200, 1)], 20), []);
        assert.deepStrictEqual(
            streamFailures(
                [level(100, 1, { errors: 900, errorKinds: { "HTTP 500": 890, timeout: 10 }, completed: 0 }), level(200, 1, { chunksPerStream: 1 })],
                20,
            ),
            ["100 streams: 900 failed (HTTP 500 890, timeout 10)", "100 streams: none completed", "200 streams: 1.0 chunks per stream, the mock sent 20"],
        );
    });
});
