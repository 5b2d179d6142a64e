// Constructors for findings, so each check reads as expected / found / fix.
import { Finding, Observed } from "../types";

export function pass(id: string, expected: string, found: string): Finding {
    return { id, status: "pass", expected, found };
}

export function fail(id: string, expected: string, found: string, fix: string): Finding {
    return { id, status: "fail", expected, found, fix };
}

export function notApplicable(id: string, why: string): Finding {
    return { id, status: "n/a", expected: why, found: "-" };
}

/** Whether the source never read `kind`: a bundle written before verify read it (verify/bundle.ts). */
export function wasUnread(o: Pick<Observed, "unread">, kind: string): boolean {
    return o.unread?.includes(kind) ?? false;
}

/** The N/A of a check whose kind the source never read: not a failure, and how to get the objects. */
export function unreadFinding(id: string, kind: string): Finding {
    return notApplicable(id, `the bundle has no ${kind} objects (written before verify read them): write it again with --dump to check them`);
}

export function list(xs: string[], none = "none"): string {
    return xs.length === 0 ? none : xs.join(", ");
}
