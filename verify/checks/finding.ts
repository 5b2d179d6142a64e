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
