// The report `npm run verify` prints: one line per check (label, id padded to the longest, expected,
// then found and fix unless n/a), a summary line, JSON of the same, and the exit code. The format and
// exit codes are those of docs/operating.md ("Checking a live cluster": 0 all pass, 1 a check fails,
// 2 unreadable).
import * as assert from "assert";
import { buildReport, exitCode, EXIT, renderJson, renderText } from "./report";
import { Finding } from "./types";

const findings: Finding[] = [
    { id: "a", status: "pass", expected: "x", found: "y" },
    { id: "long.id/b", status: "fail", expected: "e", found: "f", fix: "do z" },
    { id: "c", status: "n/a", expected: "why", found: "-" },
    { id: "d", status: "fail", expected: "e2", found: "f2" },
];

describe("verify report", () => {
    it("counts each status", () => {
        const r = buildReport("dev", "bundle", findings);
        assert.deepStrictEqual(r, { stack: "dev", source: "bundle", summary: { pass: 1, fail: 2, "n/a": 1 }, findings });
    });
    it("renders one padded line per check, n/a without found, fix only when there is one", () => {
        assert.strictEqual(
            renderText(buildReport("dev", "bundle", findings)),
            [
                "PASS  a          expected: x | found: y",
                "FAIL  long.id/b  expected: e | found: f | fix: do z",
                "N/A   c          expected: why",
                "FAIL  d          expected: e2 | found: f2",
                "1 passed, 2 failed, 1 not applicable (stack dev, bundle)",
                "",
            ].join("\n"),
        );
    });
    it("an empty report is just the summary", () => {
        assert.strictEqual(renderText(buildReport("prod", "cluster", [])), "0 passed, 0 failed, 0 not applicable (stack prod, cluster)\n");
    });
    it("JSON holds the same report, indented, ending in a newline", () => {
        const r = buildReport("dev", "bundle", findings);
        const text = renderJson(r);
        assert.deepStrictEqual(JSON.parse(text), r);
        assert.ok(text.endsWith("}\n") && text.includes('\n  "stack": "dev"'), text);
    });
    it("exit code: 1 when any check fails, else 0 (n/a is not a failure)", () => {
        assert.deepStrictEqual(EXIT, { ok: 0, failed: 1, unreadable: 2 });
        assert.strictEqual(exitCode(findings), 1);
        assert.strictEqual(exitCode(findings.filter((f) => f.status !== "fail")), 0);
        assert.strictEqual(exitCode([]), 0);
    });
});
