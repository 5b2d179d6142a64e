// An incremental reader of a server-sent event stream, fed the bytes as they arrive, split at any
// point (inside a line, a CRLF pair or a multi-byte character). It keeps what the load tool needs:
// each event's data (docs/upstream-facts.md#sse-event-stream).

/** One dispatched event: its data lines joined with "\n", and its `event` field if any. */
export interface SseEvent {
    event?: string;
    data: string;
}

export interface SseParser {
    /** Feeds the next bytes; returns the events they complete, in order. */
    push(bytes: Uint8Array): SseEvent[];
}

export function sseParser(): SseParser {
    const decoder = new TextDecoder("utf-8");
    let pending = "";
    // A CR ended the previous push: an LF starting this one belongs to the same line end.
    let afterCr = false;
    let data: string[] = [];
    let event: string | undefined;

    function line(text: string, out: SseEvent[]): void {
        if (text === "") {
            if (data.length > 0) out.push(event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") });
            data = [];
            event = undefined;
            return;
        }
        if (text.startsWith(":")) return;
        const colon = text.indexOf(":");
        const field = colon < 0 ? text : text.slice(0, colon);
        let value = colon < 0 ? "" : text.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "data") data.push(value);
        else if (field === "event") event = value;
    }

    return {
        push(bytes) {
            let text = pending + decoder.decode(bytes, { stream: true });
            if (afterCr && text.startsWith("\n")) text = text.slice(1);
            afterCr = false;
            const out: SseEvent[] = [];
            let start = 0;
            for (let i = 0; i < text.length; i++) {
                const c = text.charCodeAt(i);
                if (c !== 10 && c !== 13) continue;
                line(text.slice(start, i), out);
                if (c === 13) {
                    if (i + 1 === text.length) afterCr = true;
                    else if (text.charCodeAt(i + 1) === 10) i++;
                }
                start = i + 1;
            }
            pending = text.slice(start);
            return out;
        },
    };
}
