// Expected shapes: openai/openai-openapi `openapi.yaml` (`CreateChatCompletionResponse`,
// `CreateChatCompletionStreamResponse` and its example: role in the first delta, finish_reason
// "stop" in the last), streams ended by `data: [DONE]` (docs/upstream-facts.md#openai-chat-completions).
import * as assert from "assert";
import { startMockProvider, type MockProvider } from "./mockProvider";
import { sseParser } from "./sse";

async function post(mock: MockProvider, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${mock.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

describe("startMockProvider", () => {
    let mock: MockProvider;
    before(async () => (mock = await startMockProvider({ chunks: 4, chunkIntervalMs: 0, firstChunkDelayMs: 0 })));
    after(() => mock.close());

    it("serves on loopback at a free port, its URL ending in /v1", () => assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/));

    it("answers a non-streaming request with a chat.completion of one assistant message", async () => {
        const res = await post(mock, { model: "gpt-x", messages: [{ role: "user", content: "hi" }] });
        assert.strictEqual(res.status, 200);
        const body = await res.json();
        assert.strictEqual(body.object, "chat.completion");
        assert.strictEqual(body.model, "gpt-x");
        assert.strictEqual(body.choices[0].message.role, "assistant");
        assert.strictEqual(body.choices[0].finish_reason, "stop");
    });

    it("streams `chunks` chat.completion.chunk events, role first and finish_reason last, then data: [DONE]", async () => {
        const res = await post(mock, { model: "gpt-x", stream: true });
        assert.strictEqual(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
        const events = sseParser().push(new Uint8Array(await res.arrayBuffer()));
        assert.strictEqual(events.at(-1)?.data, "[DONE]");
        const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
        assert.strictEqual(chunks.length, 4);
        assert.ok(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id && c.model === "gpt-x"));
        assert.strictEqual(chunks[0].choices[0].delta.role, "assistant");
        assert.deepStrictEqual(
            chunks.map((c) => c.choices[0].finish_reason),
            [null, null, null, "stop"],
        );
    });

    it("answers the status a request asks for with an OpenAI-shaped error", async () => {
        const res = await post(mock, { model: "m" }, { "x-mock-status": "429" });
        assert.strictEqual(res.status, 429);
        assert.strictEqual(typeof (await res.json()).error.message, "string");
    });

    it("refuses a body that is not JSON, and another path", async () => {
        const bad = await fetch(`${mock.url}/chat/completions`, { method: "POST", body: "not json" });
        assert.strictEqual(bad.status, 400);
        await bad.arrayBuffer();
        const other = await fetch(`${mock.url}/models`);
        assert.strictEqual(other.status, 404);
        await other.arrayBuffer();
    });

    it("counts requests answered and streams finished", async () => {
        const before = mock.served();
        await (await post(mock, { model: "m" })).arrayBuffer();
        await (await post(mock, { model: "m", stream: true })).arrayBuffer();
        assert.deepStrictEqual(mock.served(), { requests: before.requests + 2, streams: before.streams + 1 });
    });

    it("refuses options out of range, naming them", async () => {
        await assert.rejects(startMockProvider({ chunks: 0 }), /chunks must be a whole number of at least 1/);
    });
});
