// The command line of `npm run load`, parsed into a run's options or into messages that name the
// flag, say what was wrong and how to fix it.
import type { MockProviderOptions } from "./mockProvider";
import { isHttpUrl, mockOptionProblems, optionProblems } from "./options";
import { gatewayHeaders } from "./request";
import type { LoadOptions } from "./run";

export const USAGE = `npm run load -- --url <gateway base URL> --concurrency N --duration S [options]

  --url URL              the gateway's base URL; requests go to <URL>/v1/chat/completions
  --concurrency N        connections (with --rate: the most in flight; with --stream: concurrent streams)
  --duration S           stop after S seconds (whichever limit comes first)
  --requests N           stop after N requests (streams started, with --stream)
  --rate R               fixed rate, open loop: a request every 1/R s, latency counted from its scheduled time
  --stream               streaming completions; reports time to first chunk and between chunks
  --provider-host URL    route through the Portkey gateway to this OpenAI-compatible base URL
                         (with /v1, as npm run load:mock prints it)
  --header name:value    an extra request header (repeatable; a later one wins)
  --model M, --max-tokens N, --timeout S (default 10)
  --json                 print the full report as JSON instead of the table
`;

export interface ParsedFlags {
    options: LoadOptions;
    json: boolean;
    help: boolean;
}

const FLAG_OF: Record<keyof LoadOptions, string> = {
    url: "--url",
    concurrency: "--concurrency",
    durationSeconds: "--duration",
    requests: "--requests",
    rate: "--rate",
    stream: "--stream",
    headers: "--header",
    model: "--model",
    maxTokens: "--max-tokens",
    timeoutSeconds: "--timeout",
};
const NUMERIC = {
    "--concurrency": "concurrency",
    "--duration": "durationSeconds",
    "--requests": "requests",
    "--rate": "rate",
    "--max-tokens": "maxTokens",
    "--timeout": "timeoutSeconds",
} as const satisfies Record<string, keyof LoadOptions>;
const LOAD_FLAGS: FlagSpec = {
    command: "npm run load",
    valued: new Set([...Object.keys(NUMERIC), "--url", "--model", "--header", "--provider-host"]),
    switches: new Set(["--stream", "--json", "--help"]),
};
/** An HTTP field name: RFC 9110's token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

interface Raw {
    values: Map<string, string[]>;
    switches: Set<string>;
    problems: string[];
}

/** A command's flags: those that take a value, and switches. */
interface FlagSpec {
    command: string;
    valued: Set<string>;
    switches: Set<string>;
}

/** Splits argv into flag values (`--flag value` or `--flag=value`); unknown flags and missing values are problems. */
function tokens(argv: string[], spec: FlagSpec): Raw {
    const raw: Raw = { values: new Map(), switches: new Set(), problems: [] };
    for (let i = 0; i < argv.length; i++) {
        const eq = argv[i].startsWith("--") ? argv[i].indexOf("=") : -1;
        const [flag, inline] = eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
        if (spec.switches.has(flag)) {
            if (inline === undefined) raw.switches.add(flag);
            else raw.problems.push(`${flag} takes no value: give ${flag} alone, or leave it out`);
        } else if (spec.valued.has(flag)) {
            const value = inline ?? argv[i + 1];
            if (value === undefined || (inline === undefined && value.startsWith("--"))) raw.problems.push(`${flag} needs a value: ${flag} <value>`);
            else raw.values.set(flag, [...(raw.values.get(flag) ?? []), value]);
            if (inline === undefined && value !== undefined && !value.startsWith("--")) i++;
        } else {
            raw.problems.push(`${flag} is not a flag of ${spec.command}; see --help for the flags`);
            // An unknown flag's value, if it has one, is not reported as a second unknown word.
            if (flag.startsWith("--") && inline === undefined && argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) i++;
        }
    }
    return raw;
}

function numbersOf<K extends string>(raw: Raw, flags: Record<string, K>, problems: string[]): Partial<Record<K, number>> {
    const out: Partial<Record<K, number>> = {};
    for (const [flag, key] of Object.entries(flags)) {
        const v = raw.values.get(flag)?.at(-1);
        if (v === undefined) continue;
        if (v.trim() === "" || !Number.isFinite(Number(v))) problems.push(`${flag} takes a number (got ${JSON.stringify(v)})`);
        else out[key] = Number(v);
    }
    return out;
}

function header(text: string, problems: string[]): [string, string] | undefined {
    const colon = text.indexOf(":");
    const name = colon < 0 ? "" : text.slice(0, colon).trim();
    if (TOKEN.test(name)) return [name.toLowerCase(), text.slice(colon + 1).trim()];
    problems.push(`--header takes name:value, e.g. --header "x-request-source: load" (got ${JSON.stringify(text)})`);
    return undefined;
}

function headersOf(raw: Raw, problems: string[]): Record<string, string> | undefined {
    const host = raw.values.get("--provider-host")?.at(-1);
    const out: Record<string, string> = {};
    if (host !== undefined) {
        if (isHttpUrl(host)) Object.assign(out, gatewayHeaders(host));
        else problems.push(`--provider-host must be the provider's base URL with /v1, as npm run load:mock prints it (got ${JSON.stringify(host)})`);
    }
    for (const h of raw.values.get("--header") ?? []) {
        const kv = header(h, problems);
        if (kv) out[kv[0]] = kv[1];
    }
    return Object.keys(out).length > 0 ? out : undefined;
}

/** Parses `npm run load` arguments; `problems` is empty when the run may start (or when --help was asked). */
export function parseLoadFlags(argv: string[]): ParsedFlags & { problems: string[] } {
    const raw = tokens(argv, LOAD_FLAGS);
    const problems = [...raw.problems];
    const n = numbersOf(raw, NUMERIC, problems);
    const headers = headersOf(raw, problems);
    const options: LoadOptions = {
        url: raw.values.get("--url")?.at(-1) ?? "",
        concurrency: n.concurrency ?? NaN,
        durationSeconds: n.durationSeconds ?? NaN,
        ...(n.requests === undefined ? {} : { requests: n.requests }),
        ...(n.rate === undefined ? {} : { rate: n.rate }),
        ...(raw.switches.has("--stream") ? { stream: true } : {}),
        ...(headers === undefined ? {} : { headers }),
        ...(raw.values.has("--model") ? { model: raw.values.get("--model")!.at(-1)! } : {}),
        ...(n.maxTokens === undefined ? {} : { maxTokens: n.maxTokens }),
        ...(n.timeoutSeconds === undefined ? {} : { timeoutSeconds: n.timeoutSeconds }),
    };
    const help = raw.switches.has("--help");
    // A flag already reported (unreadable, without its value) is not reported again as missing or out of range.
    const reported = new Set(problems.map((p) => p.split(" ")[0]));
    const required = (["--url", "--concurrency", "--duration"] as const).filter((f) => !raw.values.has(f) && !reported.has(f));
    for (const f of required) problems.push(`${f} is required: ${USAGE.split("\n")[0]}`);
    for (const f of required) reported.add(f);
    const given = optionProblems(options, (k) => FLAG_OF[k]).filter((p) => !reported.has(p.split(" ")[0]));
    return { options, json: raw.switches.has("--json"), help, problems: help ? [] : [...problems, ...given] };
}

export const MOCK_USAGE = `npm run load:mock -- [--port P] [--host H] [--chunks N] [--interval-ms M] [--first-chunk-ms F]

  Starts the OpenAI-shaped mock provider and prints its base URL (pass it to npm run load as
  --provider-host). Defaults: 127.0.0.1, any free port, 20 chunks 50 ms apart, first chunk after one interval.
`;

const MOCK_NUMERIC = {
    "--port": "port",
    "--chunks": "chunks",
    "--interval-ms": "chunkIntervalMs",
    "--first-chunk-ms": "firstChunkDelayMs",
} as const satisfies Record<string, keyof MockProviderOptions>;

const MOCK_FLAGS: FlagSpec = { command: "npm run load:mock", valued: new Set([...Object.keys(MOCK_NUMERIC), "--host"]), switches: new Set(["--help"]) };

/** Parses `npm run load:mock` arguments into the mock's options. */
export function parseMockFlags(argv: string[]): { options: MockProviderOptions; help: boolean; problems: string[] } {
    const raw = tokens(argv, MOCK_FLAGS);
    const problems = [...raw.problems];
    const n = numbersOf(raw, MOCK_NUMERIC, problems);
    const host = raw.values.get("--host")?.at(-1);
    const options: MockProviderOptions = { ...n, ...(host === undefined ? {} : { host }) };
    const flagOf = Object.fromEntries(Object.entries(MOCK_NUMERIC).map(([f, k]) => [k, f])) as Record<keyof MockProviderOptions, string>;
    // An unreadable number is not among the options, so it is reported once.
    const ranges = mockOptionProblems(options, (k) => flagOf[k]);
    const help = raw.switches.has("--help");
    return { options, help, problems: help ? [] : [...problems, ...ranges] };
}
