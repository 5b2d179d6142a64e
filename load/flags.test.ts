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

    it("takes a value that starts with -- when given with =", () => {
        const f = parseLoadFlags([...BASE, "--model=--odd"]);
        assert.deepStrictEqual(f.problems, []);
        assert.strictEqual(f.options.model, "--odd");
    });

    it("trims a header's name and value, and keeps colons in the value", () => {
        assert.deepStrictEqual(parseLoadFlags([...BASE, "--header", " X-A : b:c "]).options.headers, { "x-a": "b:c" });
    });

    it("refuses a header whose name is not an HTTP token", () => {
        oneProblem([...BASE, "--header", "bad name: 1"], "--header takes name:value");
        oneProblem([...BASE, "--header", "@x: 1"], "--header takes name:value");
    });

    it("refuses a blank number", () => oneProblem([...BASE, "--requests", " "], '--requests takes a number (got " ")'));

    it("names the flag of each option out of range", () => {
        oneProblem([...BASE, "--requests", "0"], "--requests must be a whole number of at least 1 (got 0)");
        oneProblem([...BASE, "--rate", "2.5"], "--rate must be a whole number of at least 1 (got 2.5)");
        oneProblem([...BASE, "--max-tokens", "0"], "--max-tokens must be a whole number of at least 1");
        oneProblem([...BASE, "--timeout", "601"], "--timeout must be at most 600 seconds");
        oneProblem(["--url", "http://a", "--concurrency", "10001", "--duration", "1"], "--concurrency must be at most 10000 (got 10001)");
        assert.deepStrictEqual(problemsOf(["--url", "https://a", "--concurrency", "10000", "--duration", "3600", "--timeout", "600"]), []);
    });

    it("refuses a value given to a switch", () => oneProblem([...BASE, "--json=false"], "--json takes no value"));

    it("reports an unknown flag once, with its value, and still reads the flags after it", () => {
        const f = parseLoadFlags([...BASE, "--bogus", "3", "--json", "--bogus2", "--stream", "--bogus3=1", "stray", "a=b"]);
        assert.deepStrictEqual(f.problems, [
            "--bogus is not a flag of npm run load; see --help for the flags",
            "--bogus2 is not a flag of npm run load; see --help for the flags",
            "--bogus3 is not a flag of npm run load; see --help for the flags",
            "stray is not a flag of npm run load; see --help for the flags",
            "a=b is not a flag of npm run load; see --help for the flags",
        ]);
        assert.strictEqual(f.json, true);
        assert.strictEqual(f.options.stream, true);
    });

    it("names each missing required flag", () => {
        const problems = problemsOf([]);
        assert.deepStrictEqual(
            problems.map((p) => p.split(" ")[0]),
            ["--url", "--concurrency", "--duration"],
        );
        assert.ok(problems.every((p) => p.includes("is required: npm run load -- --url <gateway base URL> --concurrency N --duration S")));
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

    it("refuses a URL that is not http(s)", () => {
        oneProblem(["--url", "127.0.0.1:8787", "--concurrency", "1", "--duration", "1"], "--url must be an http:// or https:// URL");
        oneProblem(
            ["--url", "ftp://gw", "--concurrency", "1", "--duration", "1"],
            '--url must be an http:// or https:// URL, the gateway\'s base without /v1 (got "ftp://gw")',
        );
    });

    it("refuses --rate with --stream, saying which to drop", () =>
        oneProblem([...BASE, "--stream", "--rate", "10"], "--rate applies to non-streaming runs", "drop --stream", "--concurrency at a time"));

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

    it("gives the defaults' options when no flag is given, and nothing to fix with --help", () => {
        assert.deepStrictEqual(parseMockFlags([]), { options: {}, help: false, problems: [] });
        assert.deepStrictEqual(parseMockFlags(["--help", "--chunks", "0"]).problems, []);
        assert.strictEqual(parseMockFlags(["--help"]).help, true);
    });

    it("reports an unreadable number once", () => {
        assert.deepStrictEqual(parseMockFlags(["--chunks", "x"]).problems, ['--chunks takes a number (got "x")']);
    });

    it("names the flag of an option out of range", () => {
        assert.deepStrictEqual(parseMockFlags(["--interval-ms", "-1"]).problems, ["--interval-ms must be a whole number from 0 to 60000 (got -1)"]);
        assert.deepStrictEqual(parseMockFlags(["--first-chunk-ms", "1.5"]).problems, ["--first-chunk-ms must be a whole number from 0 to 60000 (got 1.5)"]);
        assert.deepStrictEqual(parseMockFlags(["--port", "65535"]).problems, []);
        assert.deepStrictEqual(parseMockFlags(["--chunks", "0"]).problems, ["--chunks must be a whole number of at least 1 (got 0)"]);
        assert.deepStrictEqual(parseMockFlags(["--port", "70000"]).problems, ["--port must be a whole number from 0 to 65535 (got 70000)"]);
        assert.deepStrictEqual(parseMockFlags(["--interval", "5"]).problems, ["--interval is not a flag of npm run load:mock; see --help for the flags"]);
    });
});
