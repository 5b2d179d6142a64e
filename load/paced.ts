// Fixed-rate load, open loop: request i leaves at i/R seconds whatever the earlier ones are doing
// (load/pacing.ts), through one keep-alive undici Agent of at most `concurrency` connections
// (docs/upstream-facts.md#undici-versions). A request due while every connection is busy waits for
// one, and its latency still counts from when it was due. The run ends when every scheduled request
// is answered, or at the deadline: queued requests are dropped, those in flight aborted (cut off).
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { dueCount, isLate, lateAfterMs, pacedSamples, rateKept, scheduleCount, scheduledAtMs, type Pacing, type Timing } from "./pacing";
import type { LoadReport } from "./report";
import { chatRequestBody, completionsUrl, requestHeaders } from "./request";
import type { LoadOptions } from "./run";
import { summarize } from "./stats";
import { askedFields, tally, type Tally } from "./tally";

type PacedOptions = LoadOptions & { rate: number; timeoutSeconds: number };

interface Run {
    o: PacedOptions;
    /** The most requests in flight (and connections). */
    cap: number;
    total: number;
    url: string;
    headers: Record<string, string>;
    body: string;
    agent: Agent;
    deadline: AbortController;
    t0: number;
    /** Requests due so far; those from `sent` up to it wait for a connection. */
    due: number;
    sent: number;
    inFlight: number;
    timer?: NodeJS.Timeout;
    t: Tally;
    timings: Timing[];
    pacing: Pacing;
    lastDoneMs: number;
    settle: () => void;
}

const clock = (run: Run) => performance.now() - run.t0;

async function send(run: Run, i: number, waited: boolean): Promise<void> {
    const scheduledMs = scheduledAtMs(i, run.o.rate);
    const sentMs = clock(run);
    run.inFlight++;
    if (waited) run.pacing.queued++;
    if (isLate(scheduledMs, sentMs, run.o.rate)) run.pacing.late++;
    try {
        const res = await request(run.url, { method: "POST", headers: run.headers, body: run.body, dispatcher: run.agent, signal: run.deadline.signal });
        await res.body.arrayBuffer();
        run.lastDoneMs = clock(run);
        run.timings.push({ scheduledMs, sentMs, doneMs: run.lastDoneMs });
        if (res.statusCode < 200 || res.statusCode >= 300) run.t.status(res.statusCode);
    } catch (e) {
        if (run.deadline.signal.aborted) run.pacing.cutOff++;
        else run.t.transport(e);
    }
    run.inFlight--;
    pump(run, true);
}

/** Sends due requests while a connection is free; `waited`: they were due before this moment (a connection just freed). */
function pump(run: Run, waited: boolean): void {
    while (run.inFlight < run.cap && run.sent < run.due && !run.deadline.signal.aborted) void send(run, run.sent++, waited);
    if (run.inFlight === 0 && (run.sent === run.total || run.deadline.signal.aborted)) run.settle();
}

function tick(run: Run): void {
    if (run.deadline.signal.aborted) return;
    run.due = dueCount(clock(run), run.o.rate, run.total);
    // Those already waiting go first; a request that finds no free connection at its time waits.
    if (run.sent < run.due) pump(run, false);
    if (run.due < run.total) run.timer = setTimeout(() => tick(run), Math.max(0, scheduledAtMs(run.due, run.o.rate) - clock(run)));
}

function stop(run: Run): void {
    clearTimeout(run.timer);
    run.due = run.total;
    run.deadline.abort();
    if (run.inFlight === 0) run.settle();
}

export async function runPaced(o: PacedOptions): Promise<LoadReport> {
    const cap = Math.min(o.concurrency, o.requests ?? Infinity);
    const timeoutMs = o.timeoutSeconds * 1000;
    let settle = () => {};
    const finished = new Promise<void>((resolve) => (settle = resolve));
    const run: Run = {
        o,
        cap,
        total: scheduleCount(o.rate, o.durationSeconds, o.requests),
        url: completionsUrl(o.url),
        headers: requestHeaders(o.headers),
        body: chatRequestBody({ ...o, stream: false }),
        agent: new Agent({ connections: cap, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 }),
        deadline: new AbortController(),
        t0: performance.now(),
        due: 0,
        sent: 0,
        inFlight: 0,
        lastDoneMs: 0,
        settle: () => settle(),
        t: tally(),
        timings: [],
        pacing: { scheduled: 0, sent: 0, queued: 0, late: 0, lateAfterMs: lateAfterMs(o.rate), dropped: 0, cutOff: 0 },
    };
    const deadline = setTimeout(() => stop(run), o.durationSeconds * 1000);
    tick(run);
    await finished;
    const elapsedMs = run.timings.length > 0 ? run.lastDoneMs : clock(run);
    clearTimeout(deadline);
    clearTimeout(run.timer);
    await run.agent.close();
    return pacedReport(run, elapsedMs / 1000);
}

function pacedReport(run: Run, elapsedSeconds: number): LoadReport {
    const { fromSchedule, service } = pacedSamples(run.timings);
    const pacing: Pacing = { ...run.pacing, scheduled: run.total, sent: run.sent, dropped: run.total - run.sent };
    const errors = run.t.errors();
    const completed = run.timings.length;
    return {
        mode: "fixed-rate",
        ...askedFields(run.o, run.cap),
        elapsedSeconds,
        completed,
        ok: completed - Object.values(errors.byStatus).reduce((a, b) => a + b, 0),
        throughput: elapsedSeconds > 0 ? completed / elapsedSeconds : 0,
        latency: summarize(fromSchedule),
        serviceTime: summarize(service),
        pacing,
        rateReached: rateKept(pacing),
        errors,
    };
}
