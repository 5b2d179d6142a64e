// Expected values: the chat completions request of openai/openai-openapi `openapi.yaml`
// (docs/upstream-facts.md#openai-chat-completions) and the gateway's route and headers,
// Portkey-AI/gateway v1.15.2 `src/index.ts` and `src/globals.ts` (docs/upstream-facts.md#portkey-routing-headers).
import * as assert from "assert";
import { chatRequestBody, completionsUrl, gatewayHeaders, requestHeaders } from "./request";

describe("completionsUrl", () => {
    it("appends the gateway's chat completions route, with or without a trailing slash", () => {
        assert.strictEqual(completionsUrl("http://127.0.0.1:8787"), "http://127.0.0.1:8787/v1/chat/completions");
        assert.strictEqual(completionsUrl("http://gw.example//"), "http://gw.example/v1/chat/completions");
    });
});

describe("chatRequestBody", () => {
    it("sends a model, one user message, max_tokens and the stream switch", () => {
        const body = JSON.parse(chatRequestBody({ model: "m", maxTokens: 7, stream: true }));
        assert.deepStrictEqual(Object.keys(body).sort(), ["max_tokens", "messages", "model", "stream"]);
        assert.strictEqual(body.model, "m");
        assert.strictEqual(body.max_tokens, 7);
        assert.strictEqual(body.stream, true);
        assert.deepStrictEqual(
            body.messages.map((m: any) => m.role),
            ["user"],
        );
        const defaults = JSON.parse(chatRequestBody({}));
        assert.strictEqual(defaults.stream, false);
        assert.match(defaults.model, /\S/);
        assert.match(defaults.messages[0].content, /\S/);
    });
});

describe("gatewayHeaders and requestHeaders", () => {
    it("route to the openai provider at the given host, with an Authorization the gateway forwards", () => {
        const h = requestHeaders(gatewayHeaders("http://127.0.0.1:9000/v1"));
        assert.strictEqual(h["content-type"], "application/json");
        assert.strictEqual(h["x-portkey-provider"], "openai");
        assert.strictEqual(h["x-portkey-custom-host"], "http://127.0.0.1:9000/v1");
        assert.match(h.authorization, /^Bearer \S+$/);
    });

    it("lower-case the given names, so a given header replaces a default one", () => {
        assert.deepStrictEqual(requestHeaders({ "Content-Type": "application/json; charset=utf-8", "X-A": "1" }), {
            "content-type": "application/json; charset=utf-8",
            "x-a": "1",
        });
    });
});
