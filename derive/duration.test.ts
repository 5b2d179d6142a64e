// The one Go-duration parser (golang/go src/time/format.go, ParseDuration; the driver reads its
// --rotation-poll-interval flag with it).
import * as assert from "assert";
import fc from "fast-check";
import * as g from "./duration";
import { durationSeconds, parseDuration } from "./duration";

describe("durationNanoseconds", () => {
    const part = (n: bigint | undefined, unit: string) => (n === undefined ? "" : `${n}${unit}`);
    const n = fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: undefined });
    it("is the arithmetic of h, m and s", () =>
        fc.assert(
            fc.property(n, n, n, (h, m, s) => {
                const text = part(h, "h") + part(m, "m") + part(s, "s");
                fc.pre(text !== "");
                const want = (((h ?? 0n) * 60n + (m ?? 0n)) * 60n + (s ?? 0n)) * 1_000_000_000n;
                return g.durationNanoseconds(text) === want;
            }),
        ));
    it("reads the examples of the README", () => {
        assert.strictEqual(g.durationNanoseconds("1h"), 3_600_000_000_000n);
        assert.strictEqual(g.durationNanoseconds("1h30m"), 5_400_000_000_000n);
        assert.strictEqual(g.durationNanoseconds("30m"), 1_800_000_000_000n);
        assert.strictEqual(g.durationNanoseconds("90s"), 90_000_000_000n);
        assert.strictEqual(g.durationNanoseconds("0s"), 0n);
    });
    it("rejects other forms", () => {
        for (const v of ["", "1", "1d", "1m1h", "1s1m", "1.5h", "-1h", "1h ", " 1h", "1H", "h", "1h1h", "100ms", "1hm"])
            assert.strictEqual(g.durationNanoseconds(v), undefined, v);
    });
    it("reads the last whole second Go accepts (golang/go src/time/format.go: 2562047h47m16.854775807s)", () => {
        assert.strictEqual(g.durationNanoseconds("2562047h47m16s"), 9_223_372_036_000_000_000n);
        assert.strictEqual(g.durationNanoseconds("2562047h47m17s"), 9_223_372_037_000_000_000n);
    });
});

describe("MAX_GO_DURATION_NS", () => {
    it("is 2^63-1 ns (Go time.Duration is an int64; math.MaxInt64)", () => assert.strictEqual(g.MAX_GO_DURATION_NS, 9_223_372_036_854_775_807n));
});

describe("durationSeconds", () => {
    // The driver's rotationPollInterval is a Go duration; config accepts h, m, s parts in that order.
    it("converts each part and their sum", () => {
        assert.strictEqual(durationSeconds("1h"), "3600s");
        assert.strictEqual(durationSeconds("30m"), "1800s");
        assert.strictEqual(durationSeconds("90s"), "90s");
        assert.strictEqual(durationSeconds("1h30m"), "5400s");
        assert.strictEqual(durationSeconds("2h3m4s"), "7384s");
        assert.strictEqual(durationSeconds("10m15s"), "615s");
    });

    it("rejects anything else, naming it", () => {
        for (const bad of ["", "soon", "1d", "1.5h", "1m1h", "x1h", "1hx", "1h 30m", "-1h", "h"]) {
            assert.throws(() => durationSeconds(bad), new RegExp(`^Error: not a duration: ${bad.replace(/[.]/g, "\\.")}$`), bad);
        }
    });

    it("for any h/m/s duration: seconds = 3600h + 60m + s", () => {
        const part = fc.option(fc.nat({ max: 100000 }), { nil: undefined });
        fc.assert(
            fc.property(part, part, part, (h, m, s) => {
                const text = `${h === undefined ? "" : `${h}h`}${m === undefined ? "" : `${m}m`}${s === undefined ? "" : `${s}s`}`;
                fc.pre(text !== "");
                assert.strictEqual(durationSeconds(text), `${(h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)}s`);
            }),
        );
    });
});

describe("parseDuration", () => {
    it("reads Go's own printing of a duration (time.Duration.String: 1h0m0s) and the driver's default 2m", () => {
        assert.deepStrictEqual(parseDuration("1h0m0s"), { nanoseconds: 3_600_000_000_000n, whole: true });
        assert.deepStrictEqual(parseDuration("3600s"), { nanoseconds: 3_600_000_000_000n, whole: true });
        assert.deepStrictEqual(parseDuration("2m"), { nanoseconds: 120_000_000_000n, whole: true });
    });
    it("reads decimal parts, truncating below the nanosecond, and marks them not whole", () => {
        assert.deepStrictEqual(parseDuration("1.5h"), { nanoseconds: 5_400_000_000_000n, whole: false });
        assert.deepStrictEqual(parseDuration("2562047h47m16.854775807s"), { nanoseconds: g.MAX_GO_DURATION_NS, whole: false });
        assert.deepStrictEqual(parseDuration("0.0000000019s"), { nanoseconds: 1n, whole: false });
        assert.deepStrictEqual(parseDuration("1m0.5s"), { nanoseconds: 60_500_000_000n, whole: false });
        assert.deepStrictEqual(parseDuration("0.25h"), { nanoseconds: 900_000_000_000n, whole: false });
        assert.deepStrictEqual(parseDuration("1.25m"), { nanoseconds: 75_000_000_000n, whole: false });
    });
    it("rejects what the program neither writes nor reads back: other units, orders, signs, spaces", () => {
        for (const v of ["", "100ms", "1us", "1m1h", "-1h", "+1h", "1h ", "1H", "h", "1d"]) assert.strictEqual(parseDuration(v), undefined, v);
    });
    it("agrees with durationNanoseconds on whole durations", () =>
        fc.assert(
            fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 59 }), fc.nat({ max: 59 }), (h, m, s) => {
                const text = `${h}h${m}m${s}s`;
                return parseDuration(text)?.nanoseconds === g.durationNanoseconds(text);
            }),
        ));
});
