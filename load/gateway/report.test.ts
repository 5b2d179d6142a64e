import * as assert from "assert";
import type { RequestPhase } from "./figures";
import { figures, renderJson, renderTable, table, verdict, type BenchResult } from "./report";
import { streamLevel as lvl, usage as u } from "./testing";

const req = (name: string, target: "mock" | "gateway", concurrency: number, completed: number, p50Ms: number, p99Ms: number, gwCpu: number): RequestPhase => ({
    name,
    target,
    concurrency,
    completed,
    errors: 0,
    errorKinds: {},
    latency: { p50Ms, p99Ms },
    usage: u(10, gwCpu, 3),
});
function result(over: Partial<BenchResult> = {}): BenchResult {
    return {
        environment: {
            date: "2026-12-05T07:00:00Z",
            command: "npm run bench:gateway",
            cpuModel: "Example CPU",
            cpus: 2,
            kernel: "6.1.0",
            gatewayVersion: "1.15.2",
            gatewayNode: "v20.20.2",
            clientNode: "v22.23.3",
            packages: { hono: "4.9.7", "@hono/node-server": "1.13.5" },
            imageVersions: true,
            placement: "taskset: gateway on CPU 1, client and mock on CPU 0",
        },
        ttfcP99BoundMs: 500,
        chunksPerStream: 20,
        chunkIntervalMs: 50,
        requests: [
            req("mock c=1", "mock", 1, 50000, 0.1, 0.3, 0),
            req("gateway c=1", "gateway", 1, 5000, 1.3, 11, 6),
            req("gateway c=64", "gateway", 64, 9000, 60, 90, 9.5),
        ],
        streams: [lvl(100, 200), lvl(200, 700)],
        memory: { openStreams: 500, completed: 500, errors: 0, errorKinds: {}, idleRssKiB: 100 * 1024, loadedRssKiB: 150 * 1024 },
        ...over,
    };
}

describe("gateway bench: report", () => {
    it("derives the headline figures from the phases", () => {
        const f = figures(result());
        assert.strictEqual(Math.round(f.requestsPerCpuSecond!), Math.round(9000 / 9.5));
        assert.strictEqual(f.addedLatency!.p99Ms, 10.7);
        assert.deepStrictEqual(f.streamsPerCore, { streams: 100, ttfcP99Ms: 200, gatewayCpuShare: 0.1 });
        assert.strictEqual(f.memoryPerStreamKiB, (50 * 1024) / 500);
        assert.deepStrictEqual([f.invalid, f.streamFailures, f.streamOverloads], [[], [], []]);
    });
    it("is valid (exit 0) when streams worked and the client had spare CPU", () => {
        assert.deepStrictEqual(verdict(figures(result())).exitCode, 0);
    });
    it("fails (exit 1) when streams errored, before judging the client side", () => {
        const r = result({ streams: [lvl(100, 200, { errors: 100, errorKinds: { "HTTP 500": 100 }, completed: 0 })] });
        r.requests[0].usage = u(10, 0, 9.9);
        const v = verdict(figures(r));
        assert.strictEqual(v.exitCode, 1);
        assert.strictEqual(v.line, "FAILED: streaming through the gateway did not work: 100 streams: 100 failed (HTTP 500 100); 100 streams: none completed");
    });
    it("does not judge the client side of the phase straight to the mock, which only the client and mock bound", () => {
        const r = result();
        r.requests[0].usage = u(10, 0, 10);
        assert.deepStrictEqual(figures(r).invalid, []);
        r.requests[1].usage = u(10, 5, 9.5);
        assert.deepStrictEqual(figures(r).invalid, ["gateway c=1: client and mock used 95% of their core (limit 90%)"]);
    });
    it("marks the run invalid (exit 2) when a phase's client side was saturated", () => {
        const r = result();
        r.streams[1].usage = u(10, 4, 9.5);
        const v = verdict(figures(r));
        assert.strictEqual(v.exitCode, 2);
        assert.match(v.line, /^INVALID: these figures do not describe the gateway alone: 200 streams: client and mock used 95% of their core/);
        r.streams[0].usage = u(10, 4, 9.5);
        assert.match(verdict(figures(r)).line, /: 100 streams: client .*; 200 streams: client /);
    });
    it("prints what ran, every phase and the figures a reader can check", () => {
        const r = result();
        r.requests[2].usage.othersOnGatewayCpuSeconds = 0.4;
        const text = renderTable(r);
        for (const s of [
            "@portkey-ai/gateway 1.15.2 (hono 4.9.7, @hono/node-server 1.13.5) on node v20.20.2",
            "Example CPU, 2 CPUs, kernel 6.1.0; taskset: gateway on CPU 1, client and mock on CPU 0",
            "command: npm run bench:gateway",
            "dependencies: the image's lockfile versions (npm overrides)",
            "requests per gateway CPU-second (best phase): 947",
            "added latency over the mock at 1 connection: p50 1.20 ms, p99 10.70 ms",
            "concurrent streams per core at TTFC p99 <= 500 ms: 100 (TTFC p99 200 ms, gateway CPU 10%)",
            "memory per open stream: 102.4 KiB (gateway RSS 100.0 MiB idle, 150.0 MiB with 500 open)",
            "VALID: streams completed; in every phase the client and mock had spare CPU and nothing else ran on the gateway's CPU",
        ])
            assert.ok(text.includes(s), `missing ${s}\n${text}`);
        assert.ok(
            text.includes(
                "\n\nNon-streaming chat completions (CPU columns: CPU seconds per wall second, from /proc; others: what else ran on the gateway's CPU; the client side is not judged on the mock-direct row)\nphase ",
            ),
        );
        assert.match(text, /^phase +conns +rate\/s +done +errors +req\/s +p50 ms +p99 ms +gateway CPU +req\/CPU-s +client CPU +others$/m);
        assert.ok(text.includes("\n\nStreaming: the mock sends 20 chunks 50 ms apart; times in ms\nstreams "));
        assert.match(text, /^streams +done +errors +chunks +TTFC p50 +TTFC p99 +whole p50 +whole p99 +gateway CPU +client CPU +others$/m);
        assert.match(text, /\n\nrequests per gateway CPU-second[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n\nVALID/);
        assert.match(text, /gateway c=64 +64 +- +9000 +0 +900 +60\.0 +90\.0 +95% +947 +30% +4%$/m);
        assert.match(text, /mock c=1 +1 +- +50000 +0 +5000 +0\.1 +0\.3 +- +- +30% +-$/m);
        assert.match(text, /^200 +1800 +0 +20\.0 +55 +700 +1005 +1200 +20% +20% +-$/m);
    });
    it("says when the dependencies are not the image's, and when a fixed rate was missed", () => {
        const r = result();
        r.environment.imageVersions = false;
        r.requests.push({ ...r.requests[2], name: "gateway fixed rate", rate: 450, rateReached: false });
        const text = renderTable(r);
        assert.ok(text.includes("dependencies: NOT the image's: what npm resolves today (--no-overrides)"));
        assert.match(text, /gateway fixed rate +64 +450 \(missed\)/);
        r.requests[3].rateReached = true;
        assert.match(renderTable(r), /gateway fixed rate +64 +450 +9000/);
    });
    it("prints - for a figure it could not derive: no mock phase, streams of the memory phase that did not complete", () => {
        const r = result({ requests: result().requests.slice(1) });
        r.memory!.completed = 499;
        const text = renderTable(r);
        assert.ok(text.includes("added latency over the mock at 1 connection: p50 - ms, p99 - ms"), text);
        assert.ok(text.includes("memory per open stream: - KiB"), text);
    });
    it("says which levels timed out, and stays valid", () => {
        const r = result();
        r.streams[1] = lvl(200, 700, { errors: 3, errorKinds: { timeout: 3 } });
        const text = renderTable(r);
        assert.ok(text.includes("more than the gateway kept up with here (timeouts, not counted as failures): 200 streams: 3 timed out\n"), text);
        r.memory = { ...r.memory!, completed: 498, errors: 2, errorKinds: { timeout: 2 } };
        assert.ok(renderTable(r).includes("200 streams: 3 timed out; memory phase: 2 of 500 streams timed out\n"));
        assert.strictEqual(verdict(figures(r)).exitCode, 0);
        assert.ok(!renderTable(result()).includes("kept up with"));
    });
    it("says when no level stayed within the bound, and when memory was not measured", () => {
        const text = renderTable(result({ streams: [lvl(100, 900)], memory: undefined }));
        assert.ok(text.includes("TTFC p99 <= 500 ms: none of the levels run stayed within it"));
        assert.ok(text.includes("memory per open stream: not measured"));
    });
    it("gives the same result, figures and verdict as JSON", () => {
        const j = JSON.parse(renderJson(result()));
        assert.strictEqual(j.environment.gatewayNode, "v20.20.2");
        assert.strictEqual(j.requests.length, 3);
        assert.strictEqual(j.figures.streamsPerCore.streams, 100);
        assert.match(j.verdict, /^VALID/);
    });
    it("aligns columns: first left, the rest right", () => {
        assert.strictEqual(
            table([
                ["a", "bb"],
                ["ccc", "d"],
            ]),
            "a    bb\nccc   d",
        );
        assert.strictEqual(
            table([
                ["a", "b"],
                ["c", ""],
            ]),
            "a  b\nc",
        );
    });
});
