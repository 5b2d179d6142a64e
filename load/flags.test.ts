// Expected routing headers: Portkey-AI/gateway v1.15.2 `src/globals.ts` and
// `src/middlewares/requestValidator/index.ts` (docs/upstream-facts.md#portkey-routing-headers).
import * as assert from "assert";
import { parseMockFlags, parseLoadFlags } from "./flags";

const BASE = ["--url", "http://127.0.0.1:8787", "--concurrency", "8", "--duration", "5"];
const problemsOf = (argv: string[]) => parseLoadFlags(argv).problems;
const oneProblem = (argv: string[], ...parts: string[]) => {
    const problems = problemsOf(argv);
    assert.strictEqual(problems.length, 1, problems.join("\n"));
    for (const part of parts) assert.ok(problems[0].includes(part), `${JSON.stringify(problems[0])} should include ${JSON.stringify(part)}`);
};

describe("parseLoadFlags", () => {
    it("reads a closed-loop run with its two limits", () => {
        const f = parseLoadFlags([...BASE, "--requests", "100"]);
        assert.deepStrictEqual(f.problems, []);
        assert.deepStrictEqual(f.options, { url: "http://127.0.0.1:8787", concurrency: 8, durationSeconds: 5, requests: 100 });
        assert.strictEqual(f.json, false);
    });

    it("reads --flag=value, --rate, --json, --model, --max-tokens and --timeout", () => {
        const f = parseLoadFlags([
            "--url=http://gw:8787",
            "--concurrency=2",
            "--duration=0.5",
            "--rate",
            "200",
            "--json",
            "--model",
            "m",
            "--max-tokens",
            "4",
            "--timeout",
            "3",
        ]);
        assert.deepStrictEqual(f.problems, []);
        assert.deepStrictEqual(f.options, {
            url: "http://gw:8787",
            concurrency: 2,
            durationSeconds: 0.5,
            rate: 200,
            model: "m",
            maxTokens: 4,
            timeoutSeconds: 3,
        });
        assert.strictEqual(f.json, true);
    });

    it("turns --provider-host into the Portkey routing headers, which --header may override", () => {
        const f = parseLoadFlags([
            ...BASE,
            "--stream",
            "--provider-host",
            "http://127.0.0.1:9000/v1",
            "--header",
            "Authorization: Bearer sk-given",
            "--header",
            "x-trace:a:b",
        ]);
        assert.deepStrictEqual(f.problems, []);
        assert.strictEqual(f.options.stream, true);
        assert.deepStrictEqual(f.options.headers, {
            "x-portkey-provider": "openai",
            "x-portkey-custom-host": "http://127.0.0.1:9000/v1",
            authorization: "Bearer sk-given",
            "x-trace": "a:b",
        });
    });

    it("names each missing required flag", () => {
        const problems = problemsOf([]);
        assert.deepStrictEqual(
            problems.map((p) => p.split(" ")[0]),
            ["--url", "--concurrency", "--duration"],
        );
        assert.ok(problems.every((p) => p.includes("is required")));
    });

    it("refuses an unknown flag, pointing to --help", () =>
        oneProblem([...BASE, "--connections", "3"], "--connections is not a flag of npm run load", "--help"));

    it("refuses a flag without its value", () => oneProblem([...BASE, "--requests"], "--requests needs a value"));

    it("refuses a flag followed by another flag instead of its value", () =>
        oneProblem(["--url", "--concurrency", "2", "--duration", "1"], "--url needs a value"));

    it("refuses a value that is not a number, quoting it", () => oneProblem([...BASE, "--requests", "ten"], '--requests takes a number (got "ten")'));

    it("refuses a fractional or zero concurrency", () => {
        oneProblem(["--url", "http://a", "--concurrency", "1.5", "--duration", "1"], "--concurrency must be a whole number of at least 1");
        oneProblem(["--url", "http://a", "--concurrency", "0", "--duration", "1"], "--concurrency must be a whole number of at least 1 (got 0)");
    });

    it("refuses a duration of 0 or over an hour, saying how to fix it", () => {
        oneProblem(["--url", "http://a", "--concurrency", "1", "--duration", "0"], "--duration must be a number of seconds above 0");
        oneProblem(["--url", "http://a", "--concurrency", "1", "--duration", "36000"], "--duration must be at most 3600 seconds", "shorter runs");
    });

    it("refuses a URL that is not http(s)", () =>
        oneProblem(["--url", "127.0.0.1:8787", "--concurrency", "1", "--duration", "1"], "--url must be an http:// or https:// URL"));

    it("refuses --rate with --stream, saying which to drop", () =>
        oneProblem([...BASE, "--stream", "--rate", "10"], "--rate applies to non-streaming runs", "drop --stream"));

    it("refuses a header without a name", () => oneProblem([...BASE, "--header", "novalue"], "--header takes name:value", '"novalue"'));

    it("refuses a provider host that is not a URL", () =>
        oneProblem([...BASE, "--provider-host", "127.0.0.1:9000"], "--provider-host must be the provider's base URL with /v1"));

    it("asks for nothing else with --help", () =>
        assert.deepStrictEqual(parseLoadFlags(["--help"]), { ...parseLoadFlags(["--help"]), help: true, problems: [] }));
});

describe("parseMockFlags", () => {
    it("reads the mock's port, pacing and host", () => {
        const f = parseMockFlags(["--port", "9000", "--chunks", "5", "--interval-ms", "0", "--first-chunk-ms", "20", "--host", "::1"]);
        assert.deepStrictEqual(f.problems, []);
        assert.deepStrictEqual(f.options, { port: 9000, chunks: 5, chunkIntervalMs: 0, firstChunkDelayMs: 20, host: "::1" });
    });

    it("names the flag of an option out of range", () => {
        assert.deepStrictEqual(parseMockFlags(["--chunks", "0"]).problems, ["--chunks must be a whole number of at least 1 (got 0)"]);
        assert.deepStrictEqual(parseMockFlags(["--port", "70000"]).problems, ["--port must be a whole number from 0 to 65535 (got 70000)"]);
        assert.deepStrictEqual(parseMockFlags(["--interval", "5"]).problems, ["--interval is not a flag of npm run load:mock; see --help for the flags"]);
    });
});
