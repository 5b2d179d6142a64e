// Go durations (time.ParseDuration, golang/go src/time/format.go), the one parser: the stack config's
// poll interval, the driver's `rotationPollInterval` value and the flag `npm run verify` reads back.

/** Go's time.Duration holds at most 2^63-1 nanoseconds (2562047h47m16.854775807s). */
export const MAX_GO_DURATION_NS = (1n << 63n) - 1n;

const NS_PER = { h: 3_600_000_000_000n, m: 60_000_000_000n, s: 1_000_000_000n } as const;

/** Nanoseconds of one decimal part ("1.5" of unit h), truncated as Go truncates past the nanosecond. */
function partNanoseconds(number: string, perUnit: bigint): bigint {
    // Without a fraction, BigInt("") is 0n over 10^0.
    const [whole, fraction = ""] = number.split(".");
    return BigInt(whole) * perUnit + (BigInt(fraction) * perUnit) / 10n ** BigInt(fraction.length);
}

/**
 * A duration of hours, minutes and seconds in that order, each a decimal number ("1h30m",
 * "1h0m0s" as Go prints it, "16.5s"): its length in nanoseconds and whether every part is whole.
 * Undefined for any other text (signs, other units, spaces, the empty string).
 */
export function parseDuration(text: string): { nanoseconds: bigint; whole: boolean } | undefined {
    const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
    if (!m || text === "") return undefined;
    const parts: Array<[string | undefined, bigint]> = [
        [m[1], NS_PER.h],
        [m[2], NS_PER.m],
        [m[3], NS_PER.s],
    ];
    const nanoseconds = parts.reduce((sum, [n, per]) => sum + (n === undefined ? 0n : partNanoseconds(n, per)), 0n);
    return { nanoseconds, whole: !text.includes(".") };
}

/** The durations the stack config accepts: whole hours, minutes and seconds in that order ("1h30m"), in nanoseconds. */
export function durationNanoseconds(text: string): bigint | undefined {
    const d = parseDuration(text);
    return d?.whole ? d.nanoseconds : undefined;
}

/** A whole duration in seconds, the form the driver's flag documents ("1h" → "3600s"). */
export function durationSeconds(text: string): string {
    const ns = durationNanoseconds(text);
    if (ns === undefined) throw new Error(`not a duration: ${text}`);
    return `${ns / NS_PER.s}s`;
}
