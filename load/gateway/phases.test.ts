import * as assert from "assert";
import type { LoadReport } from "../report";
import { requestPhase, streamPhase, usageBetween } from "./phases";

const summary = (p50: number, p99: number) => ({ count: 10, p50, p90: p50, p99, max: p99 });
const base: LoadReport = {
    mode: "closed-loop",
    url: "http://127.0.0.1:1/v1/chat/completions",
    concurrency: 16,
    durationSeconds: 10,
    headerNames: [],
    elapsedSeconds: 10,
    completed: 1000,
    ok: 990,
    throughput: 100,
    latency: summary(12, 40),
    errors: { total: 13, byStatus: { "500": 10 }, byKind: { reset: 3 } },
};
const usage = { wallSeconds: 10, gatewayCpuSeconds: 8, clientCpuSeconds: 3 };

describe("gateway bench: a load tool report as a phase (load/report.ts)", () => {
    it("counts 2xx as completed, non-2xx responses and transport failures as errors", () => {
        const p = requestPhase("gateway c=16", "gateway", base, usage);
        assert.deepStrictEqual(p, {
            name: "gateway c=16",
            target: "gateway",
            concurrency: 16,
            completed: 990,
            errors: 13,
            errorKinds: { "HTTP 500": 10, reset: 3 },
            latency: { p50Ms: 12, p99Ms: 40 },
            usage,
        });
    });
    it("leaves out error kinds counted zero, and has no latency for a report without one", () => {
        const r: LoadReport = { ...base, latency: undefined, errors: { total: 2, byStatus: { "429": 0, "502": 2 }, byKind: { timeout: 0 } } };
        const p = requestPhase("x", "gateway", r, usage);
        assert.deepStrictEqual(p.errorKinds, { "HTTP 502": 2 });
        assert.ok(Number.isNaN(p.latency.p50Ms) && Number.isNaN(p.latency.p99Ms));
        const s = streamPhase({ ...r, mode: "stream", stream: undefined }, usage);
        assert.ok([s.ttfc.p50Ms, s.ttfc.p99Ms, s.duration.p50Ms, s.duration.p99Ms].every(Number.isNaN));
        assert.strictEqual(s.chunksPerStream, 0);
    });
    it("keeps the rate, and whether it was reached, of a fixed-rate run", () => {
        const p = requestPhase("fixed", "gateway", { ...base, mode: "fixed-rate", rate: 500, rateReached: false }, usage);
        assert.deepStrictEqual([p.rate, p.rateReached], [500, false]);
    });
    it("takes a streaming level's first-chunk and whole-stream times, and chunks per completed stream", () => {
        const r: LoadReport = {
            ...base,
            mode: "stream",
            concurrency: 200,
            completed: 400,
            ok: 400,
            latency: undefined,
            stream: { firstChunk: summary(60, 700), chunkGap: summary(50, 60), duration: summary(1010, 1700), chunks: 8000, cutOff: 0 },
            errors: { total: 0, byStatus: {}, byKind: {} },
        };
        assert.deepStrictEqual(streamPhase(r, usage), {
            streams: 200,
            completed: 400,
            errors: 0,
            errorKinds: {},
            chunksPerStream: 20,
            ttfc: { p50Ms: 60, p99Ms: 700 },
            duration: { p50Ms: 1010, p99Ms: 1700 },
            usage,
        });
        assert.strictEqual(streamPhase({ ...r, completed: 0 }, usage).chunksPerStream, 0);
    });
    it("turns two samples of CPU ticks into wall seconds and CPU seconds per side", () => {
        const a = { atMs: 1000, gatewayTicks: 500, clientTicks: 200 };
        assert.deepStrictEqual(usageBetween(a, { atMs: 11_000, gatewayTicks: 1300, clientTicks: 500 }, 100), {
            wallSeconds: 10,
            gatewayCpuSeconds: 8,
            clientCpuSeconds: 3,
        });
        assert.throws(() => usageBetween(a, { atMs: 2000, gatewayTicks: 100, clientTicks: 300 }, 100), /backwards/);
        assert.throws(() => usageBetween(a, { atMs: 2000, gatewayTicks: 600, clientTicks: 100 }, 100), /backwards/);
        assert.deepStrictEqual(usageBetween(a, { ...a, atMs: 2000 }, 100), { wallSeconds: 1, gatewayCpuSeconds: 0, clientCpuSeconds: 0 });
    });
    it("counts what else ran on the gateway's CPU: its busy ticks less the gateway's, never below zero", () => {
        const a = { atMs: 0, gatewayTicks: 500, clientTicks: 200, gatewayCpuBusyTicks: 10_000 };
        const b = { atMs: 10_000, gatewayTicks: 1300, clientTicks: 500, gatewayCpuBusyTicks: 11_000 };
        assert.strictEqual(usageBetween(a, b, 100).othersOnGatewayCpuSeconds, 2);
        assert.strictEqual(usageBetween(a, { ...b, gatewayCpuBusyTicks: 10_790 }, 100).othersOnGatewayCpuSeconds, 0);
        assert.strictEqual(usageBetween({ ...a, gatewayCpuBusyTicks: undefined }, b, 100).othersOnGatewayCpuSeconds, undefined);
        assert.strictEqual(usageBetween(a, { ...b, gatewayCpuBusyTicks: undefined }, 100).othersOnGatewayCpuSeconds, undefined);
    });
});
