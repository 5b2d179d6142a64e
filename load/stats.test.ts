// Expected values: the nearest-rank method (https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method):
// the p-th percentile of n ordered values is the value at rank ceil(p/100 * n).
import * as assert from "assert";
import fc from "fast-check";
import { percentile, summarize } from "./stats";

describe("percentile", () => {
    it("takes the nearest rank: the worked example 15, 20, 35, 40, 50", () => {
        const xs = [15, 20, 35, 40, 50];
        assert.strictEqual(percentile(xs, 5), 15);
        assert.strictEqual(percentile(xs, 30), 20);
        assert.strictEqual(percentile(xs, 40), 20);
        assert.strictEqual(percentile(xs, 50), 35);
        assert.strictEqual(percentile(xs, 100), 50);
    });

    it("gives 0 for an empty sample", () => assert.strictEqual(percentile([], 50), 0));

    it("is always a value of the sample, and at least p% of the sample is at or below it", () => {
        fc.assert(
            fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, p) => {
                const sorted = [...xs].sort((a, b) => a - b);
                const v = percentile(sorted, p);
                assert.ok(sorted.includes(v));
                assert.ok(sorted.filter((x) => x <= v).length >= (p / 100) * sorted.length - 1e-9);
            }),
        );
    });
});

describe("summarize", () => {
    it("gives p50, p90, p99 and max of 1..100 as 50, 90, 99, 100, whatever the order", () => {
        const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
        assert.deepStrictEqual(summarize(xs), { count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
        assert.strictEqual(xs[0], 100, "the sample is not sorted in place");
    });

    it("sorts numerically, not as text", () => assert.deepStrictEqual(summarize([10, 9, 100, 2]), { count: 4, p50: 9, p90: 100, p99: 100, max: 100 }));

    it("reports an empty sample as count 0", () => assert.deepStrictEqual(summarize([]), { count: 0, p50: 0, p90: 0, p99: 0, max: 0 }));
});
