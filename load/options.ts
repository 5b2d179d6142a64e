// The rules on a load run's options, worded for whoever gave them: `--flag` on the command line,
// the option's name in code.
import type { MockProviderOptions } from "./mockProvider";
import type { LoadOptions } from "./run";

/** Upper bounds that catch a typo (an extra zero) before it becomes an hour-long run. */
export const LIMITS = { concurrency: 10_000, durationSeconds: 3_600, timeoutSeconds: 600 } as const;

type Name = (option: keyof LoadOptions) => string;

function positiveInt(v: number | undefined, label: string, max?: number): string | undefined {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < 1) return `${label} must be a whole number of at least 1 (got ${v})`;
    if (max !== undefined && v > max) return `${label} must be at most ${max} (got ${v}); split a bigger run`;
    return undefined;
}

function positive(v: number | undefined, label: string, max: number): string | undefined {
    if (v === undefined) return undefined;
    if (!Number.isFinite(v) || v <= 0) return `${label} must be a number of seconds above 0 (got ${v})`;
    if (v > max) return `${label} must be at most ${max} seconds (got ${v}); run several shorter runs`;
    return undefined;
}

/** Whether a text is an absolute http:// or https:// URL. */
export function isHttpUrl(text: string): boolean {
    try {
        const u = new URL(text);
        return u.protocol === "http:" || u.protocol === "https:";
    } catch {
        return false;
    }
}

function urlProblem(url: string, label: string): string | undefined {
    if (isHttpUrl(url)) return undefined;
    return `${label} must be an http:// or https:// URL, the gateway's base without /v1 (got ${JSON.stringify(url)})`;
}

/** What is wrong with a run's options; empty when it may run. */
export function optionProblems(o: LoadOptions, name: Name): string[] {
    const problems = [
        urlProblem(o.url, name("url")),
        positiveInt(o.concurrency, name("concurrency"), LIMITS.concurrency),
        positive(o.durationSeconds, name("durationSeconds"), LIMITS.durationSeconds),
        positiveInt(o.requests, name("requests")),
        positiveInt(o.rate, name("rate")),
        positiveInt(o.maxTokens, name("maxTokens")),
        positive(o.timeoutSeconds, name("timeoutSeconds"), LIMITS.timeoutSeconds),
    ];
    if (o.stream === true && o.rate !== undefined) {
        problems.push(
            `${name("rate")} applies to non-streaming runs; drop it, or drop ${name("stream")} (streams run closed-loop: ${name("concurrency")} at a time)`,
        );
    }
    return problems.filter((p): p is string => p !== undefined);
}

function nonNegativeInt(v: number | undefined, label: string, max: number): string | undefined {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < 0 || v > max) return `${label} must be a whole number from 0 to ${max} (got ${v})`;
    return undefined;
}

/** What is wrong with the mock provider's options; empty when it may start. */
export function mockOptionProblems(o: MockProviderOptions, name: (option: keyof MockProviderOptions) => string): string[] {
    return [
        nonNegativeInt(o.port, name("port"), 65_535),
        positiveInt(o.chunks, name("chunks"), 100_000),
        nonNegativeInt(o.chunkIntervalMs, name("chunkIntervalMs"), 60_000),
        nonNegativeInt(o.firstChunkDelayMs, name("firstChunkDelayMs"), 60_000),
    ].filter((p): p is string => p !== undefined);
}
