// Expected values: the WHATWG HTML standard's event stream rules
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation, and its
// examples), and the chat completion stream example of openai/openai-openapi `openapi.yaml`
// (docs/upstream-facts.md#openai-chat-completions).
import * as assert from "assert";
import fc from "fast-check";
import { sseParser, type SseEvent } from "./sse";

const bytes = (s: string) => new TextEncoder().encode(s);
const parseAll = (s: string) => sseParser().push(bytes(s));

describe("sseParser", () => {
    it("joins a multi-line data field with line feeds (the standard's stock-ticker example)", () => {
        assert.deepStrictEqual(parseAll("data: YHOO\ndata: +2\ndata: 10\n\n"), [{ data: "YHOO\n+2\n10" }]);
    });

    it("skips comment lines, drops one space after the colon only, and keeps a line without a colon as an empty field", () => {
        assert.deepStrictEqual(parseAll(": keep-alive\ndata:first\n\ndata:  second\n\ndata\n\n"), [{ data: "first" }, { data: " second" }, { data: "" }]);
    });

    it("dispatches only on a blank line: an unfinished event is held back", () => {
        const p = sseParser();
        assert.deepStrictEqual(p.push(bytes("data: a\n")), []);
        assert.deepStrictEqual(p.push(bytes("\n")), [{ data: "a" }]);
    });

    it("ends lines at CRLF, LF or CR alike", () => {
        assert.deepStrictEqual(parseAll("data: a\r\n\r\ndata: b\r\rdata: c\n\n"), [{ data: "a" }, { data: "b" }, { data: "c" }]);
    });

    it("ignores fields other than data and event", () => {
        assert.deepStrictEqual(parseAll("id: 7\nretry: 10\ndata: a\n\n"), [{ data: "a" }]);
    });

    it("joins the data lines of a typed event too", () => {
        assert.deepStrictEqual(parseAll("event: x\ndata: a\ndata: b\n\n"), [{ event: "x", data: "a\nb" }]);
    });

    it("keeps the event field, and an event with no data is not dispatched", () => {
        assert.deepStrictEqual(parseAll("event: done\ndata: [DONE]\n\nevent: ping\n\n"), [{ event: "done", data: "[DONE]" }]);
    });

    it("reads an OpenAI chat completion stream: chunks, then data: [DONE]", () => {
        const chunk = '{"id":"chatcmpl-123","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}';
        assert.deepStrictEqual(parseAll(`data: ${chunk}\n\ndata: [DONE]\n\n`), [{ data: chunk }, { data: "[DONE]" }]);
    });

    it("gives the same events however the bytes are split: inside lines, CRLF pairs and multi-byte characters", () => {
        const text = fc.string({ unit: fc.constantFrom("a", "é", "€", "😀", ":", " ", "{", "}"), maxLength: 12 });
        const eol = fc.constantFrom("\n", "\r\n", "\r");
        const event = fc.record({ lines: fc.array(text, { minLength: 1, maxLength: 3 }), eol });
        fc.assert(
            fc.property(fc.array(event, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (events, cuts) => {
                const wire = bytes(events.map((e) => e.lines.map((l) => `data: ${l}${e.eol}`).join("") + e.eol).join(""));
                const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
                const p = sseParser();
                const got: SseEvent[] = [];
                let from = 0;
                for (const at of [...points, wire.length]) {
                    got.push(...p.push(wire.subarray(from, at)));
                    from = at;
                }
                assert.deepStrictEqual(
                    got,
                    events.map((e) => ({ data: e.lines.join("\n") })),
                );
            }),
        );
    });
});
