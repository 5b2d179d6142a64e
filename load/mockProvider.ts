// An OpenAI-shaped provider on loopback for the load tool and its tests: non-streaming chat
// completions as JSON, streaming ones as server-sent `chat.completion.chunk` events ended by
// `data: [DONE]` (docs/upstream-facts.md#openai-chat-completions), paced like a model.
// A request can ask for a failure: header `x-mock-status: <code>` answers that status with an
// OpenAI-shaped error body; `x-mock-reset: 1` resets the connection without answering.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { mockOptionProblems } from "./options";

export interface MockProviderOptions {
    host?: string;
    port?: number;
    /** Chunk events per streamed completion (default 20): role first, finish_reason "stop" last. */
    chunks?: number;
    /** Milliseconds between chunks (default 50). */
    chunkIntervalMs?: number;
    /** Milliseconds before the first chunk (default: chunkIntervalMs). */
    firstChunkDelayMs?: number;
}

export interface MockProvider {
    /** The provider's base URL, e.g. http://127.0.0.1:PORT/v1 (what `x-portkey-custom-host` takes). */
    url: string;
    /** Requests answered (any status; resets not counted), and streams sent through `data: [DONE]`. */
    served(): { requests: number; streams: number };
    close(): Promise<void>;
}

export const MOCK_DEFAULTS = { chunks: 20, chunkIntervalMs: 50 } as const;

interface Pacing {
    chunks: number;
    intervalMs: number;
    firstMs: number;
}

/** One streamed chunk event: the first carries the role, the last the finish reason (openai/openai-openapi's chunk example). */
export function chunkEvent(id: string, model: string, created: number, index: number, total: number): string {
    const last = index === total - 1;
    const delta = index === 0 ? { role: "assistant", content: "" } : last ? {} : { content: "tok " };
    const chunk = { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: last ? "stop" : null }] };
    return `data: ${JSON.stringify(chunk)}\n\n`;
}

function completion(id: string, model: string, created: number): string {
    return JSON.stringify({
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: "Hello." }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
}

function sendJson(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
}

function errorBody(status: number, message: string): string {
    return JSON.stringify({ error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", param: null, code: null } });
}

function stream(res: http.ServerResponse, p: Pacing, id: string, model: string, done: () => void): void {
    const created = Math.floor(Date.now() / 1000);
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const next = () => {
        if (sent < p.chunks) {
            res.write(chunkEvent(id, model, created, sent++, p.chunks));
            timer = setTimeout(next, p.intervalMs);
        } else {
            res.end("data: [DONE]\n\n");
            done();
        }
    };
    res.on("close", () => clearTimeout(timer));
    timer = setTimeout(next, p.firstMs);
}

function parse(body: string): { model?: unknown; stream?: unknown } | undefined {
    try {
        const v = JSON.parse(body);
        return typeof v === "object" && v !== null ? v : undefined;
    } catch {
        return undefined;
    }
}

function handler(p: Pacing, counts: { requests: number; streams: number }): http.RequestListener {
    let seq = 0;
    return (req, res) => {
        const parts: Buffer[] = [];
        req.on("data", (b: Buffer) => parts.push(b));
        req.on("end", () => {
            if (req.headers["x-mock-reset"] === "1") return req.socket.resetAndDestroy();
            counts.requests++;
            const forced = Number(req.headers["x-mock-status"]);
            if (Number.isInteger(forced) && forced >= 400 && forced <= 599) return sendJson(res, forced, errorBody(forced, "mock failure on request"));
            if (req.method !== "POST" || !(req.url ?? "").endsWith("/chat/completions")) return sendJson(res, 404, errorBody(404, "not found"));
            const body = parse(Buffer.concat(parts).toString("utf8"));
            if (body === undefined) return sendJson(res, 400, errorBody(400, "body is not a JSON object"));
            const model = typeof body.model === "string" ? body.model : "mock";
            const id = `chatcmpl-mock-${++seq}`;
            if (body.stream === true) return stream(res, p, id, model, () => counts.streams++);
            sendJson(res, 200, completion(id, model, Math.floor(Date.now() / 1000)));
        });
    };
}

/** Starts the mock on host (default 127.0.0.1) and port (default 0: any free port). */
export async function startMockProvider(o: MockProviderOptions = {}): Promise<MockProvider> {
    const problems = mockOptionProblems(o, (k) => k);
    if (problems.length > 0) throw new Error(`startMockProvider: ${problems.join("; ")}`);
    const intervalMs = o.chunkIntervalMs ?? MOCK_DEFAULTS.chunkIntervalMs;
    const pacing: Pacing = { chunks: o.chunks ?? MOCK_DEFAULTS.chunks, intervalMs, firstMs: o.firstChunkDelayMs ?? intervalMs };
    const counts = { requests: 0, streams: 0 };
    const server = http.createServer({ keepAlive: true }, handler(pacing, counts));
    const host = o.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(o.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return {
        url: `http://${urlHost}:${port}/v1`,
        served: () => ({ ...counts }),
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}
