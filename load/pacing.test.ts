// The open-loop schedule as docs/capacity.md ("Closed-loop and fixed-rate") states it: request i is
// due i/R seconds after the start, for every i/R before the duration ends and up to the request
// limit; late means sent after the next request was due, and at least Node's 1 ms least timer delay
// (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args).
import * as assert from "assert";
import fc from "fast-check";
import { dueCount, isLate, lateAfterMs, pacedSamples, rateKept, scheduleCount, scheduledAtMs } from "./pacing";

describe("scheduledAtMs", () => {
    it("spaces requests 1000/R ms apart from 0", () => {
        assert.deepStrictEqual(
            [0, 1, 2, 9].map((i) => scheduledAtMs(i, 10)),
            [0, 100, 200, 900],
        );
        assert.strictEqual(scheduledAtMs(3, 4), 750);
    });
});

describe("scheduleCount", () => {
    it("counts the i with i/R before the duration's end", () => {
        assert.strictEqual(scheduleCount(10, 1), 10, "0, 100, ... 900 ms; 1000 ms is the end");
        assert.strictEqual(scheduleCount(3, 0.5), 2, "0 and 333 ms; 667 ms is past 500");
        assert.strictEqual(scheduleCount(3, 1), 3);
        assert.strictEqual(scheduleCount(1, 0.001), 1, "the first request is due at once");
    });

    it("holds where R * D rounds: 25/s for 0.28 s (7.000000000000001) and 200/s for 2.015 s (2015.0000000000002 ms)", () => {
        assert.strictEqual(scheduleCount(25, 0.28), 7, "request 7 is due at 280 ms, the end");
        assert.strictEqual(scheduleCount(200, 2.015), 404, "request 403 is due at 2015 ms, before 2015.0000000000002");
    });

    it("stops at the request limit", () => {
        assert.strictEqual(scheduleCount(1000, 30, 20), 20);
        assert.strictEqual(scheduleCount(10, 1, 50), 10);
    });

    it("schedules exactly the requests before the end: the last inside it, the next outside", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0.001, max: 60, noNaN: true }), (rate, seconds) => {
                const n = scheduleCount(rate, seconds);
                assert.ok(n >= 1 && scheduledAtMs(n - 1, rate) < seconds * 1000);
                assert.ok(scheduledAtMs(n, rate) >= seconds * 1000);
            }),
        );
    });
});

describe("dueCount", () => {
    it("counts the requests due at or before a moment", () => {
        assert.strictEqual(dueCount(0, 10, 10), 1);
        assert.strictEqual(dueCount(99.9, 10, 10), 1);
        assert.strictEqual(dueCount(100, 10, 10), 2);
        assert.strictEqual(dueCount(950, 10, 10), 10);
    });

    it("holds where elapsed * R rounds: exactly at a request's time, and just before it", () => {
        assert.strictEqual(dueCount(scheduledAtMs(15, 7), 7, 100), 16, "request 15 at 2142.8571428571427 ms is due then");
        assert.strictEqual(scheduledAtMs(5, 7), 714.2857142857143);
        assert.strictEqual(dueCount(714.2857142857142, 7, 100), 5, "request 5 is not due yet");
    });

    it("is 0 before the start and never above the schedule", () => {
        assert.strictEqual(dueCount(-1, 10, 10), 0);
        assert.strictEqual(dueCount(60_000, 10, 10), 10);
    });

    it("agrees with the schedule: the last counted is due, the next is not", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 100_000 }),
                fc.double({ min: 0, max: 60_000, noNaN: true }),
                fc.integer({ min: 1, max: 1_000_000 }),
                (rate, at, total) => {
                    const n = dueCount(at, rate, total);
                    assert.ok(n >= 1 && n <= total);
                    assert.ok(scheduledAtMs(n - 1, rate) <= at);
                    assert.ok(n === total || scheduledAtMs(n, rate) > at);
                },
            ),
        );
    });
});

describe("lateness", () => {
    it("allows one interval, and never under 1 ms", () => {
        assert.strictEqual(lateAfterMs(10), 100);
        assert.strictEqual(lateAfterMs(1000), 1);
        assert.strictEqual(lateAfterMs(5000), 1);
    });

    it("calls a request late once it leaves after that allowance", () => {
        assert.strictEqual(isLate(100, 200, 10), false);
        assert.strictEqual(isLate(100, 200.5, 10), true);
        assert.strictEqual(isLate(0, 1, 5000), false);
        assert.strictEqual(isLate(0, 1.01, 5000), true);
    });
});

describe("pacedSamples", () => {
    it("measures latency from when a request was due and service time from when it left", () => {
        const s = pacedSamples([
            { scheduledMs: 0, sentMs: 0, doneMs: 2 },
            { scheduledMs: 10, sentMs: 25, doneMs: 27 },
        ]);
        assert.deepStrictEqual(s, { fromSchedule: [2, 17], service: [2, 2] });
    });
});

describe("rateKept", () => {
    it("holds with nothing dropped and at least 95% on time", () => {
        assert.strictEqual(rateKept({ scheduled: 100, late: 5, dropped: 0 }), true);
        assert.strictEqual(rateKept({ scheduled: 100, late: 6, dropped: 0 }), false);
        assert.strictEqual(rateKept({ scheduled: 100, late: 0, dropped: 1 }), false);
    });
});
