// The fixed-rate mode's arithmetic: an open-loop schedule of evenly spaced requests, when each is
// due, when one counts as late, and which times its percentiles are taken over. Pure: times are
// milliseconds from the run's start. Autocannon's own rate limit sends in bursts
// (docs/upstream-facts.md#autocannon-rate-bursts), hence this schedule.

/** Request i is due at i/R seconds after the start. */
export function scheduledAtMs(i: number, rate: number): number {
    return (i * 1000) / rate;
}

/** The requests a run schedules: every i/R before the duration ends, and no more than `requests`. */
export function scheduleCount(rate: number, durationSeconds: number, requests?: number): number {
    const durationMs = durationSeconds * 1000;
    // ceil(R * D) is the count of i with i/R < D; the loop corrects a float rounding either way.
    let n = Math.ceil(rate * durationSeconds);
    while (n > 0 && scheduledAtMs(n - 1, rate) >= durationMs) n--;
    while (scheduledAtMs(n, rate) < durationMs) n++;
    return Math.min(n, requests ?? Infinity);
}

/** How many of the `total` scheduled requests are due `elapsedMs` after the start (due: scheduled at or before it). */
export function dueCount(elapsedMs: number, rate: number, total: number): number {
    // The estimate is exact but for float rounding, which the loops correct (before the start too: 0).
    let n = Math.min(total, Math.floor((elapsedMs * rate) / 1000) + 1);
    while (n > 0 && scheduledAtMs(n - 1, rate) > elapsedMs) n--;
    while (n < total && scheduledAtMs(n, rate) <= elapsedMs) n++;
    return n;
}

/**
 * A request is late when it leaves after the next one was due: one interval (1000/R ms), and never
 * under 1 ms, the least delay a Node timer waits (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args).
 */
export function lateAfterMs(rate: number): number {
    return Math.max(1, 1000 / rate);
}

export function isLate(scheduledMs: number, sentMs: number, rate: number): boolean {
    return sentMs - scheduledMs > lateAfterMs(rate);
}

/** One answered request: when it was due, when it left (a free connection), when its whole response arrived. */
export interface Timing {
    scheduledMs: number;
    sentMs: number;
    doneMs: number;
}

/**
 * The two samples a fixed-rate run reports: latency from the scheduled time (what a caller arriving
 * on schedule waits, queueing included: no coordinated omission) and service time from the send.
 */
export function pacedSamples(timings: readonly Timing[]): { fromSchedule: number[]; service: number[] } {
    return {
        fromSchedule: timings.map((t) => t.doneMs - t.scheduledMs),
        service: timings.map((t) => t.doneMs - t.sentMs),
    };
}

/** How the schedule was kept: requests scheduled, sent, queued for a free connection, late, and not answered by the deadline. */
export interface Pacing {
    scheduled: number;
    sent: number;
    /** Sent later than due because every connection was busy. */
    queued: number;
    /** Sent more than `lateAfterMs` after due, whatever the reason (queueing, a busy event loop). */
    late: number;
    lateAfterMs: number;
    /** Due but never sent: still queued at the deadline. */
    dropped: number;
    /** Sent but still unanswered at the deadline: aborted, neither measured nor errors. */
    cutOff: number;
}

/** The share of scheduled requests that must leave on time (and none dropped) for the rate to count as offered. */
export const ON_TIME_SHARE = 0.95;

/** Whether the run offered its rate: nothing dropped and at least ON_TIME_SHARE of the schedule sent on time. */
export function rateKept(p: Pick<Pacing, "scheduled" | "late" | "dropped">): boolean {
    return p.dropped === 0 && p.scheduled - p.late >= ON_TIME_SHARE * p.scheduled;
}
