import * as assert from "assert";
import { benchPlan, DEFAULT_OPTIONS, parseOptions, streamBound } from "./plan";

describe("gateway bench: options and phases", () => {
    it("defaults to a full run installed in /tmp/gw-bench, run by /usr/bin/node, streams stated at TTFC p99 500 ms", () => {
        assert.deepStrictEqual(parseOptions([]), {
            quick: false,
            json: false,
            dir: "/tmp/gw-bench",
            node: "/usr/bin/node",
            ttfcP99BoundMs: 500,
            overrides: true,
        });
    });
    it("reads every flag", () => {
        assert.deepStrictEqual(parseOptions(["--quick", "--json", "--dir", "/var/tmp/g", "--node", "/opt/node20/bin/node", "--ttfc-p99-ms", "750"]), {
            quick: true,
            json: true,
            dir: "/var/tmp/g",
            node: "/opt/node20/bin/node",
            ttfcP99BoundMs: 750,
            overrides: true,
        });
    });
    it("installs without overrides only when asked, and then into a directory of its own unless --dir is given", () => {
        assert.deepStrictEqual([parseOptions(["--no-overrides"]).overrides, parseOptions(["--no-overrides"]).dir], [false, "/tmp/gw-bench-unpinned"]);
        assert.strictEqual(parseOptions(["--no-overrides", "--dir", "/tmp/x"]).dir, "/tmp/x");
    });
    it("refuses an unknown flag, a missing value and a bound that is not a positive number", () => {
        assert.throws(() => parseOptions(["--fast"]), /unknown argument --fast[\s\S]*npm run bench:gateway/);
        assert.throws(() => parseOptions(["--dir"]), /--dir needs a value/);
        assert.throws(() => parseOptions(["--dir", "--json"]), /--dir needs a value/);
        assert.throws(() => parseOptions(["--ttfc-p99-ms", "0"]), /positive/);
        assert.throws(() => parseOptions(["--ttfc-p99-ms", "soon"]), /positive/);
        assert.strictEqual(DEFAULT_OPTIONS.quick, false);
    });
    it("measures what the issue asks in a full run: 1, 16, 64 connections; 100, 200, 500 streams of 20 chunks 50 ms apart", () => {
        const p = benchPlan(false);
        assert.deepStrictEqual(p.concurrencies, [1, 16, 64]);
        assert.deepStrictEqual(p.streamLevels, [100, 200, 500]);
        assert.deepStrictEqual(p.stream, { chunks: 20, chunkIntervalMs: 50 });
    });
    it("bounds every phase by a duration and a request count, and measures at one connection and at least one stream level, quick or not", () => {
        for (const quick of [true, false]) {
            const p = benchPlan(quick);
            for (const b of [p.warmup, p.requests]) assert.ok(b.seconds > 0 && b.maxRequests > 0, JSON.stringify(b));
            assert.ok(p.streamSeconds > 0 && p.memory.streams > 0);
            assert.ok(p.concurrencies.includes(1) && p.concurrencies.length > 1);
            assert.ok(p.streamLevels.length > 0);
        }
    });
    it("keeps a quick run to a few seconds of phases", () => {
        const p = benchPlan(true);
        const seconds = p.warmup.seconds + (p.concurrencies.length + 2) * p.requests.seconds + p.streamLevels.length * p.streamSeconds;
        assert.ok(seconds <= 10, `${seconds} s`);
        assert.deepStrictEqual(p.stream, benchPlan(false).stream);
    });
    it("ends a streaming level by a count of whole rounds, with twice the time as the outer bound", () => {
        // 20 chunks 50 ms apart: a 1 s stream; a 10 s level -> 10 rounds of 100 streams, 20 s at most.
        assert.deepStrictEqual(streamBound(benchPlan(false), 100), { seconds: 20, maxRequests: 1000 });
        // 1.5 s quick level: one round.
        assert.deepStrictEqual(streamBound(benchPlan(true), 50), { seconds: 3, maxRequests: 50 });
        // 40 chunks 50 ms apart: a 2 s stream; a 10 s level -> 5 rounds.
        assert.deepStrictEqual(streamBound({ ...benchPlan(false), stream: { chunks: 40, chunkIntervalMs: 50 } }, 10), { seconds: 20, maxRequests: 50 });
    });
    it("holds the memory phase's streams open longer than a standard stream, so they are all open when sampled", () => {
        for (const quick of [true, false]) {
            const p = benchPlan(quick);
            assert.ok(p.memory.chunks * p.memory.chunkIntervalMs > p.stream.chunks * p.stream.chunkIntervalMs);
        }
    });
});
