// Mount and sandbox failures of the gateway's pods, each matched to a known cause and its fix.
// "Recent" means events of the Deployments' pods that the API still keeps (events expire, 1h by default).
import { ExpectedState } from "../expected";
import { KnownCause, matchKnownCause } from "../knownCauses";
import { Finding, KubeEvent, Observed } from "../types";
import { fail, pass } from "./finding";

export const FAILURE_REASONS = ["FailedMount", "FailedAttachVolume", "FailedCreatePodSandBox", "FailedCreatePodContainer"];
const MAX_MESSAGE = 300;

export function gatewayFailureEvents(e: ExpectedState, o: Observed): KubeEvent[] {
    const prefixes = e.deployments.map((d) => `${d.name}-`);
    return o.events.filter(
        (ev) =>
            (ev.involvedObject?.namespace ?? ev.metadata.namespace) === e.namespace &&
            ev.involvedObject?.kind === "Pod" &&
            prefixes.some((p) => (ev.involvedObject?.name ?? "").startsWith(p)) &&
            FAILURE_REASONS.includes(ev.reason ?? ""),
    );
}

function summary(events: KubeEvent[]): string {
    const pods = [...new Set(events.map((ev) => ev.involvedObject?.name ?? "?"))];
    const count = events.reduce((n, ev) => n + (ev.count ?? 1), 0);
    const first = events[0];
    const message = (first.message ?? "").replace(/\s+/g, " ");
    return `${count} ${first.reason} event(s) on ${pods.join(", ")}: ${message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message}`;
}

export function eventFindings(e: ExpectedState, o: Observed): Finding[] {
    const expected = `no ${FAILURE_REASONS.join("/")} events on the gateway's pods`;
    const events = gatewayFailureEvents(e, o);
    if (events.length === 0) return [pass("events", expected, "none")];
    const groups = new Map<string, { cause?: KnownCause; events: KubeEvent[] }>();
    for (const ev of events) {
        const cause = matchKnownCause(ev.message ?? "");
        const key = cause?.id ?? "unrecognised";
        const g = groups.get(key) ?? { cause, events: [] };
        g.events.push(ev);
        groups.set(key, g);
    }
    return [...groups.entries()].map(([key, g]) =>
        fail(
            `events.${key}`,
            expected,
            g.cause ? `${summary(g.events)} → cause: ${g.cause.cause}` : summary(g.events),
            g.cause?.fix ??
                "not a known cause: read the message, and the driver and ASCP logs on the pod's node (`kubectl -n kube-system logs -l app=secrets-store-csi-driver-provider-aws`)",
        ),
    );
}
