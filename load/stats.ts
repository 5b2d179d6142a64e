// Percentiles of measured times: nearest rank on the sorted sample, so every figure is a value that
// was measured (no interpolation between two requests).

/** A distribution of times in milliseconds. `count` 0 means nothing was measured (all figures 0). */
export interface Summary {
    count: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
}

/**
 * The p-th percentile (0 < p <= 100) of an ascending sample by nearest rank: the smallest value
 * with at least p% of the sample at or below it. An empty sample gives 0.
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
    const n = sortedAscending.length;
    if (n === 0) return 0;
    const rank = Math.ceil((p / 100) * n);
    return sortedAscending[Math.min(n, Math.max(1, rank)) - 1];
}

/** p50, p90, p99 and max of a sample, in the sample's unit. The sample is not modified. */
export function summarize(values: ArrayLike<number>): Summary {
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    return {
        count: n,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: n === 0 ? 0 : sorted[n - 1],
    };
}
