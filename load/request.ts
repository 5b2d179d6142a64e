// What the load tool sends: an OpenAI-shaped chat completion request
// (docs/upstream-facts.md#openai-chat-completions), and the headers that have the Portkey gateway
// route it to a given OpenAI-compatible host (docs/upstream-facts.md#portkey-routing-headers).

export const COMPLETIONS_PATH = "/v1/chat/completions";
export const DEFAULT_MODEL = "gpt-4o-mini";
export const DEFAULT_MAX_TOKENS = 16;
/** Sent when the caller gives no Authorization of its own: the gateway forwards it, the mock ignores it. */
export const PLACEHOLDER_AUTHORIZATION = "Bearer load-test-placeholder";

/** The completions URL under a gateway's base URL (a trailing slash on the base is dropped). */
export function completionsUrl(base: string): string {
    return base.replace(/\/+$/, "") + COMPLETIONS_PATH;
}

/** The JSON body of one chat completion request. */
export function chatRequestBody(o: { model?: string; maxTokens?: number; stream?: boolean }): string {
    return JSON.stringify({
        model: o.model ?? DEFAULT_MODEL,
        messages: [{ role: "user", content: "Say hello." }],
        max_tokens: o.maxTokens ?? DEFAULT_MAX_TOKENS,
        stream: o.stream === true,
    });
}

/** The headers that route a request through the Portkey gateway to an OpenAI-compatible host (its base URL, with `/v1`). */
export function gatewayHeaders(providerHost: string): Record<string, string> {
    return { "x-portkey-provider": "openai", "x-portkey-custom-host": providerHost, authorization: PLACEHOLDER_AUTHORIZATION };
}

/** The headers of every request: JSON content, then the given ones (names lower-cased; a later one wins). */
export function requestHeaders(given: Record<string, string> = {}): Record<string, string> {
    const out: Record<string, string> = { "content-type": "application/json" };
    for (const [k, v] of Object.entries(given)) out[k.toLowerCase()] = v;
    return out;
}
