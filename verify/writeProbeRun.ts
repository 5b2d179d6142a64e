// `npm run verify -- --write-probe`, the run: create the probe pod, wait for it (bounded), read its
// phase, exit code and log, and delete it whatever happened. The only writes verify makes, and only
// with the flag: one pod (created, then deleted) and one marker object in the log bucket.
import type * as k8s from "@kubernetes/client-node";
import { randomBytes } from "crypto";
import { ExpectedState } from "./expected";
import { loadKubeConfig, LiveOptions } from "./live";
import { Finding, Observed } from "./types";
import {
    markerKey,
    ProbeOutcome,
    ProbePod,
    ProbeRun,
    probeTarget,
    WRITE_PROBE_CONTAINER,
    WRITE_PROBE_DEADLINE_SECONDS,
    WRITE_PROBE_ID,
    writeProbeFinding,
    writeProbeNotApplicable,
    writeProbePod,
} from "./writeProbe";
import { fail } from "./checks/finding";

/** What the run reads of the pod. */
export interface ProbePodState {
    phase: string;
    exitCode?: number;
    /** The container's waiting reason (ErrImagePull, ImagePullBackOff, …). */
    waitingReason?: string;
}

/** The four calls the run makes; the client-node one is `clientProbeApi`. A failed call throws (with `code` = HTTP status when the server answered). */
export interface ProbePodApi {
    create(pod: ProbePod): Promise<void>;
    read(name: string): Promise<ProbePodState>;
    log(name: string): Promise<string>;
    remove(name: string): Promise<void>;
}

export interface ProbeClock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: ProbeClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** How long verify waits: the pod's own deadline plus room to be scheduled and report. */
export const WAIT_MS = (WRITE_PROBE_DEADLINE_SECONDS + 30) * 1000;
export const POLL_MS = 2000;
/** The probe prints a few short lines; a longer log is cut, never echoed. */
export const LOG_LIMIT_BYTES = 4096;
const IMAGE_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName"]);

function statusOf(e: unknown): number | undefined {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === "number" ? code : undefined;
}

async function created(api: ProbePodApi, pod: ProbePod): Promise<ProbeOutcome | undefined> {
    try {
        await api.create(pod);
        return undefined;
    } catch (e) {
        const body = (e as { body?: unknown }).body;
        const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
        return { kind: "created-not", status: statusOf(e), podSecurity: text.includes("violates PodSecurity") };
    }
}

async function waited(api: ProbePodApi, name: string, clock: ProbeClock): Promise<ProbeOutcome> {
    const until = clock.now() + WAIT_MS;
    let state: ProbePodState = { phase: "Unknown" };
    for (;;) {
        try {
            state = await api.read(name);
        } catch {
            // A transient read error: the deadline below still bounds the wait.
        }
        if (state.phase === "Succeeded" || state.phase === "Failed") break;
        if (state.waitingReason && IMAGE_REASONS.has(state.waitingReason)) return { kind: "image", reason: state.waitingReason };
        if (clock.now() >= until) return { kind: "timeout", phase: state.phase };
        await clock.sleep(POLL_MS);
    }
    let log = "";
    try {
        log = await api.log(name);
    } catch {
        // No log: the finding says the phase and exit code.
    }
    return { kind: "finished", phase: state.phase, exitCode: state.exitCode, log: log.slice(0, LOG_LIMIT_BYTES) };
}

/** Creates the pod, waits, reads, and always deletes it (a pod that was never created answers 404, which is fine). */
export async function runWriteProbe(api: ProbePodApi, pod: ProbePod, clock: ProbeClock = REAL_CLOCK): Promise<ProbeRun> {
    const name = pod.metadata.name;
    let outcome: ProbeOutcome;
    let leftBehind = false;
    try {
        outcome = (await created(api, pod)) ?? (await waited(api, name, clock));
    } finally {
        try {
            await api.remove(name);
        } catch (e) {
            leftBehind = statusOf(e) !== 404;
        }
    }
    return { outcome, leftBehind };
}

/** The four calls over @kubernetes/client-node's CoreV1Api. */
export function clientProbeApi(core: k8s.CoreV1Api, namespace: string): ProbePodApi {
    return {
        create: async (pod) => {
            await core.createNamespacedPod({ namespace, body: pod as unknown as k8s.V1Pod });
        },
        read: async (name) => {
            const p = await core.readNamespacedPod({ namespace, name });
            const cs = p.status?.containerStatuses?.find((c) => c.name === WRITE_PROBE_CONTAINER);
            return { phase: p.status?.phase ?? "Unknown", exitCode: cs?.state?.terminated?.exitCode, waitingReason: cs?.state?.waiting?.reason };
        },
        log: (name) => core.readNamespacedPodLog({ namespace, name, container: WRITE_PROBE_CONTAINER, limitBytes: LOG_LIMIT_BYTES }),
        remove: async (name) => {
            await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
        },
    };
}

/**
 * A fresh marker key and pod name. The name never starts with a Deployment's name and a dash, so no
 * check of a concurrent verify takes the probe for one of the gateway's pods (verify/live.ts reads
 * the namespace's pods by that prefix).
 */
export function probeNames(now = new Date(), nonce = randomBytes(4).toString("hex")): { key: string; pod: string } {
    return { key: markerKey(now, nonce), pod: `verify-write-probe-${nonce}` };
}

/** `--write-probe` on a live cluster: N/A without `logStore`, else one run and its finding. */
export async function writeProbe(e: ExpectedState, o: Observed, opts: LiveOptions, api?: ProbePodApi, clock?: ProbeClock): Promise<Finding> {
    const t = probeTarget(e, o);
    if (t === undefined) return writeProbeNotApplicable("the stack sets no logStore: nothing writes to S3 on the gateway's role");
    if (typeof t === "string")
        return fail(WRITE_PROBE_ID, "the log bucket the gateway writes to", t, "run `pulumi up`, then verify again (see identity.logStore)");
    const names = probeNames();
    let podApi = api;
    if (!podApi) {
        const client = await import("@kubernetes/client-node");
        const { kc } = loadKubeConfig(client, opts, e.kubeconfigCommand);
        podApi = clientProbeApi(kc.makeApiClient(client.CoreV1Api), e.namespace);
    }
    const run = await runWriteProbe(podApi, writeProbePod(t, names.key, names.pod), clock);
    return writeProbeFinding(t, names.key, names.pod, run);
}
