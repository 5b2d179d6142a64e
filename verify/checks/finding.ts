// Constructors for findings, so each check reads as expected / found / fix.
import { Finding } from "../types";

export function pass(id: string, expected: string, found: string): Finding {
    return { id, status: "pass", expected, found };
}

export function fail(id: string, expected: string, found: string, fix: string): Finding {
    return { id, status: "fail", expected, found, fix };
}

export function notApplicable(id: string, why: string): Finding {
    return { id, status: "n/a", expected: why, found: "-" };
}

export function list(xs: string[], none = "none"): string {
    return xs.length === 0 ? none : xs.join(", ");
}

/** Go duration (e.g. "1h", "3600s", "1h0m0s") in seconds; undefined when not one. */
export function goDurationSeconds(d: string): number | undefined {
    const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/.exec(d);
    if (!m || d === "") return undefined;
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
