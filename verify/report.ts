// Text and JSON renderings of the findings, and the exit code they mean.
import { Finding } from "./types";

export interface Report {
    stack: string;
    source: string;
    summary: { pass: number; fail: number; "n/a": number };
    findings: Finding[];
}

export function buildReport(stack: string, source: string, findings: Finding[]): Report {
    const count = (s: Finding["status"]) => findings.filter((f) => f.status === s).length;
    return { stack, source, summary: { pass: count("pass"), fail: count("fail"), "n/a": count("n/a") }, findings };
}

const LABEL: Record<Finding["status"], string> = { pass: "PASS", fail: "FAIL", "n/a": "N/A " };

/** One line per check, then a summary line. */
export function renderText(r: Report): string {
    const width = Math.max(0, ...r.findings.map((f) => f.id.length));
    const lines = r.findings.map((f) => {
        const head = `${LABEL[f.status]}  ${f.id.padEnd(width)}  expected: ${f.expected}`;
        if (f.status === "n/a") return head;
        return `${head} | found: ${f.found}${f.fix ? ` | fix: ${f.fix}` : ""}`;
    });
    lines.push(`${r.summary.pass} passed, ${r.summary.fail} failed, ${r.summary["n/a"]} not applicable (stack ${r.stack}, ${r.source})`);
    return lines.join("\n") + "\n";
}

export function renderJson(r: Report): string {
    return JSON.stringify(r, null, 2) + "\n";
}

export const EXIT = { ok: 0, failed: 1, unreadable: 2 } as const;

export function exitCode(findings: Finding[]): number {
    return findings.some((f) => f.status === "fail") ? EXIT.failed : EXIT.ok;
}
