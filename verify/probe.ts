// `npm run verify -- --probe`: one GET of the health path through the endpoint, from where the
// command runs (so it needs a network that the load balancer's inbound CIDRs admit).
import { ExpectedState } from "./expected";
import { fail, notApplicable, pass } from "./checks/finding";
import { Finding } from "./types";

/** What the probe needs of `fetch`: the status of one GET, or a thrown error. */
export type Fetch = (url: string, init: { method: "GET"; signal: AbortSignal }) => Promise<{ status: number }>;

export const PROBE_TIMEOUT_MS = 10_000;

/** The URL the probe calls: the endpoint and the load balancer's health-check path. */
export function probeUrl(e: ExpectedState): string {
    return `${e.endpoint.url}${e.endpoint.healthPath}`;
}

export async function probeFinding(e: ExpectedState, fetchFn: Fetch): Promise<Finding> {
    const id = "endpoint.probe";
    if (e.endpoint.type === "cluster")
        return notApplicable(id, `endpoint.type cluster: reachable only inside the cluster (from a pod of an allowed namespace: curl ${probeUrl(e)})`);
    const url = probeUrl(e);
    const expected = `GET ${url} answers 200`;
    try {
        const r = await fetchFn(url, { method: "GET", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
        if (r.status === 200) return pass(id, expected, "200");
        return fail(
            id,
            expected,
            `HTTP ${r.status}`,
            "the load balancer answers but the gateway does not: check the target group's health and the gateway's pods",
        );
    } catch (err) {
        return fail(
            id,
            expected,
            `no answer (${(err as Error).name})`,
            "check the DNS record of endpoint.hostname, that this machine's address is in endpoint.inboundCidrs, and that the certificate covers the name",
        );
    }
}
