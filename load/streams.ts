// Streaming load: `concurrency` streams at a time through one keep-alive undici Agent, each
// reading the server-sent events (docs/upstream-facts.md#openai-chat-completions) and starting the
// next stream when it ends, until the request count or the deadline.
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import type { LoadReport } from "./report";
import { chatRequestBody, completionsUrl, requestHeaders } from "./request";
import type { LoadOptions } from "./run";
import { sseParser } from "./sse";
import { summarize } from "./stats";
import { askedFields, tally, type Tally } from "./tally";

interface Samples {
    firstChunk: number[];
    chunkGap: number[];
    duration: number[];
    chunks: number;
    cutOff: number;
}

/** What one stream's events came to: whether `data: [DONE]` arrived, and whether every other event was a chunk. */
interface Reading {
    done: boolean;
    badEvent: boolean;
}

async function readEvents(body: AsyncIterable<Uint8Array>, t0: number, s: Samples): Promise<Reading> {
    const parser = sseParser();
    const r: Reading = { done: false, badEvent: false };
    let last: number | undefined;
    for await (const bytes of body) {
        const now = performance.now();
        for (const ev of parser.push(bytes)) {
            if (ev.data === "[DONE]") r.done = true;
            else if (!isChunk(ev.data)) r.badEvent = true;
            else {
                s.chunks++;
                if (last === undefined) s.firstChunk.push(now - t0);
                else s.chunkGap.push(now - last);
                last = now;
            }
        }
    }
    return r;
}

function isChunk(data: string): boolean {
    try {
        return (JSON.parse(data) as { object?: unknown }).object === "chat.completion.chunk";
    } catch {
        return false;
    }
}

interface Run {
    o: LoadOptions;
    agent: Agent;
    headers: Record<string, string>;
    body: string;
    deadline: AbortController;
    t: Tally;
    s: Samples;
}

async function oneStream(run: Run): Promise<void> {
    const t0 = performance.now();
    try {
        const res = await request(completionsUrl(run.o.url), {
            method: "POST",
            headers: run.headers,
            body: run.body,
            dispatcher: run.agent,
            signal: run.deadline.signal,
        });
        if (res.statusCode < 200 || res.statusCode >= 300) {
            await res.body.dump();
            return run.t.status(res.statusCode);
        }
        const r = await readEvents(res.body, t0, run.s);
        if (r.badEvent) run.t.kind("bad-event");
        else if (!r.done) run.t.kind("incomplete");
        else run.s.duration.push(performance.now() - t0);
    } catch (e) {
        if (run.deadline.signal.aborted) run.s.cutOff++;
        else run.t.transport(e);
    }
}

export async function runStreams(o: LoadOptions & { timeoutSeconds: number }): Promise<LoadReport> {
    const concurrency = Math.min(o.concurrency, o.requests ?? Infinity);
    const timeoutMs = o.timeoutSeconds * 1000;
    const agent = new Agent({ connections: concurrency, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 });
    const run: Run = {
        o,
        agent,
        headers: requestHeaders(o.headers),
        body: chatRequestBody({ ...o, stream: true }),
        deadline: new AbortController(),
        t: tally(),
        s: { firstChunk: [], chunkGap: [], duration: [], chunks: 0, cutOff: 0 },
    };
    let started = 0;
    const start = performance.now();
    const timer = setTimeout(() => run.deadline.abort(), o.durationSeconds * 1000);
    const worker = async () => {
        while (!run.deadline.signal.aborted && started < (o.requests ?? Infinity)) {
            started++;
            await oneStream(run);
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsedSeconds = (performance.now() - start) / 1000;
    clearTimeout(timer);
    await agent.close();
    return streamReport(o, concurrency, elapsedSeconds, run);
}

function streamReport(o: LoadOptions, concurrency: number, elapsedSeconds: number, run: Run): LoadReport {
    const completed = run.s.duration.length;
    return {
        mode: "stream",
        ...askedFields(o, concurrency),
        elapsedSeconds,
        completed,
        ok: completed,
        throughput: elapsedSeconds > 0 ? completed / elapsedSeconds : 0,
        stream: {
            firstChunk: summarize(run.s.firstChunk),
            chunkGap: summarize(run.s.chunkGap),
            duration: summarize(run.s.duration),
            chunks: run.s.chunks,
            cutOff: run.s.cutOff,
        },
        errors: run.t.errors(),
    };
}
