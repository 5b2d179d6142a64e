// e2e/load-hpa.sh run for real by bash, against a stand-in `kubectl` that records every call (and
// what `apply -f -` reads) and answers reads from fixtures: each kind of object has a sequence of
// JSON answers, one per read, the last repeated once the sequence is spent. No sleeps: the script's
// pause between reads is set to 0, and its budgets are counted in reads.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ROOT } from "../offline/stackConfig";
import { CHART_BEHAVIOR } from "../verify/scalingTesting";
import { BatchCommand, Ended, startBatch } from "./e2eScript";

export const SCRIPT = path.join(ROOT, "e2e/load-hpa.sh");

/** One read of the cluster: the objects `kubectl get hpa/… deployment/… job/… --ignore-not-found` finds (absent: not found). */
export interface Read {
    hpa?: unknown;
    deployment?: unknown;
    job?: unknown;
}

/** The answers of the stand-in `kubectl`: one snapshot per read, the last repeated once they are spent. */
export interface Fixtures {
    reads: Read[];
    /** What `kubectl logs job/e2e-load` prints. */
    logs: string;
}

export interface ScriptRun {
    status: number | null;
    output: string;
    /** Every kubectl command line, without the leading `-n <namespace>`. */
    calls: string[][];
    /** The namespace each call named. */
    namespaces: string[];
    /** The objects `kubectl apply -f -` read, in order. */
    applied: Array<Record<string, any>>;
    /** How many reads of the HPA, the Deployment and the Job together the script made. */
    reads: number;
    /** The files `kubectl create configmap --from-file` named, read when it ran: key → bytes. */
    configMapFiles: Record<string, Buffer>;
}

/**
 * The stand-in kubectl, a bash function the script's bash imports from its environment
 * (`BASH_FUNC_kubectl%%`): a call costs the script a fork at most, no exec, and an answer is one file
 * read whole (`$(<file)`). It runs inside the script's shell, so every variable it sets is local, it
 * returns rather than exits, and no command in it fails (the script runs with `set -eu`).
 * `get hpa/… deployment/… job/…` answers the next read as a List; the verb in KUBECTL_FAIL fails.
 */
const STUB = [
    "() {",
    '  local ns="" n=0 a f',
    '  if [ "$1" = -n ]; then ns=$2; shift 2; fi',
    '  { printf \'%s\\037\' "$ns" "$@"; printf \'\\036\'; } >> "$FIX/calls"',
    '  if [ "$1" = "${KUBECTL_FAIL:-}" ]; then return 1; fi',
    '  case "$1 $2" in',
    '    "get hpa/"*)',
    '      if [ -f "$FIX/n" ]; then read -r n < "$FIX/n"; fi',
    '      n=$((n + 1)); echo "$n" > "$FIX/n"',
    '      if [ ! -f "$FIX/read.$n" ]; then n=last; fi',
    '      printf "%s\\n" "$(<"$FIX/read.$n")" ;;',
    '    "apply -f") { cat; printf "\\n---\\n"; } >> "$FIX/applied" ;;',
    '    "create configmap") for a in "$@"; do case "$a" in --from-file=*) f=${a#--from-file=}; cp "${f#*=}" "$FIX/cm.${f%%=*}" ;; esac; done ;;',
    '    "logs job/e2e-load") printf "%s\\n" "$(<"$FIX/logs")" ;;',
    '    "describe hpa") echo "Events: (described)" ;;',
    "  esac",
    "}",
].join("\n");

const list = (r: Read) => JSON.stringify({ apiVersion: "v1", kind: "List", items: [r.hpa, r.deployment, r.job].filter((x) => x !== undefined) });

/** One run of the script: its fixtures, what it adds to the script's environment, and its bundle's files (two small ones by default). */
export interface LoadRun {
    fixtures: Fixtures;
    env?: Record<string, string>;
    bundle?: Record<string, string | Buffer>;
}

const DEFAULT_BUNDLE = { "load.js": 'console.log("load");\n', "mock.js": 'console.log("mock");\n' };

/** Writes a run's fixtures and bundle under `dir`: the script on them, with the stand-in kubectl. */
function prepare(dir: string, run: LoadRun): BatchCommand {
    const fix = path.join(dir, "fix");
    const bundle = path.join(dir, "bundle");
    for (const d of [fix, bundle]) fs.mkdirSync(d, { recursive: true });
    const reads = run.fixtures.reads;
    reads.forEach((r, i) => fs.writeFileSync(path.join(fix, `read.${i + 1}`), list(r) + "\n"));
    if (reads.length > 0) fs.writeFileSync(path.join(fix, "read.last"), list(reads.at(-1)!) + "\n");
    fs.writeFileSync(path.join(fix, "logs"), run.fixtures.logs);
    for (const [f, bytes] of Object.entries(run.bundle ?? DEFAULT_BUNDLE)) fs.writeFileSync(path.join(bundle, f), bytes);
    return {
        env: { PATH: process.env.PATH ?? "", "BASH_FUNC_kubectl%%": STUB, FIX: fix, E2E_POLL_SECONDS: "0", ...run.env },
        command: [SCRIPT, bundle],
    };
}

/** What a run recorded under `dir`. */
function collect(dir: string, ended: Ended): ScriptRun {
    const fix = path.join(dir, "fix");
    const read = (f: string) => (fs.existsSync(path.join(fix, f)) ? fs.readFileSync(path.join(fix, f), "utf8") : undefined);
    const lines = (read("calls")?.split("\x1e").slice(0, -1) ?? []).map((c) => c.split("\x1f").slice(0, -1));
    const appliedText = read("applied") ?? "";
    let applied: Array<Record<string, any>> | undefined;
    const configMapFiles = Object.fromEntries(
        fs
            .readdirSync(fix)
            .filter((f) => f.startsWith("cm."))
            .map((f) => [f.slice(3), fs.readFileSync(path.join(fix, f))]),
    );
    return {
        ...ended,
        calls: lines.map((l) => l.slice(1)),
        namespaces: lines.map((l) => l[0]),
        // Parsed when a test first reads it (most runs' tests read only the output and the calls), from the text read while the files were there.
        get applied() {
            return (applied ??= YAML.parseAllDocuments(appliedText)
                .map((d) => d.toJS())
                .filter((o) => o !== null));
        },
        reads: Number(read("n") ?? 0),
        configMapFiles,
    };
}

/** Runs the script once per run, side by side in one batch, without waiting (`startBatch`). */
export function startLoadScripts(runs: LoadRun[]): Promise<ScriptRun[]> {
    return startBatch("load-hpa-", runs, prepare, collect);
}

// ---- fixtures, in the shapes of the Kubernetes API (kubernetes/api v0.35.0) ----

/**
 * The chart's HPA (Portkey-AI/helm charts/portkey-gateway templates/gateway/hpa.yaml, chart 1.7.7:
 * its default behaviour scales down after a 300 s window by one pod per 60 s) for the e2e template's
 * 2 to 4 replicas at 50% CPU, with the status an HPA controller writes (autoscaling/v2
 * HorizontalPodAutoscalerStatus: currentMetrics[].resource.current.averageUtilization and the
 * ScalingActive condition; `currentMetrics` has no omitempty, so an HPA that read nothing shows null).
 */
export function hpa(o: { cpu?: number; replicas?: number; min?: number; max?: number } = {}): Record<string, unknown> {
    const read = o.cpu !== undefined;
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "portkey-gateway", namespace: "portkeyai" },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "portkey-gateway" },
            minReplicas: o.min ?? 2,
            maxReplicas: o.max ?? 4,
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
            behavior: CHART_BEHAVIOR,
        },
        status: {
            currentReplicas: o.replicas ?? 2,
            desiredReplicas: o.replicas ?? 2,
            currentMetrics: read ? [{ type: "Resource", resource: { name: "cpu", current: { averageValue: `${o.cpu}m`, averageUtilization: o.cpu } } }] : null,
            conditions: [
                { type: "AbleToScale", status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" },
                read
                    ? {
                          type: "ScalingActive",
                          status: "True",
                          reason: "ValidMetricFound",
                          message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
                      }
                    : {
                          type: "ScalingActive",
                          status: "False",
                          reason: "FailedGetResourceMetric",
                          message:
                              "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)",
                      },
            ],
        },
    };
}

/** The gateway's Deployment: replicas the HPA asked for (spec), non-terminating pods and ready ones (status). */
export function deployment(wanted: number, running = wanted, ready = running): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "portkey-gateway", namespace: "portkeyai" },
        spec: { replicas: wanted },
        status: { replicas: running, readyReplicas: ready, availableReplicas: ready },
    };
}

/** The load Job while it runs, once complete, or failed (batch/v1 JobStatus: FailureTarget precedes Failed). */
export function job(state: "running" | "Complete" | "Failed"): Record<string, unknown> {
    const conditions =
        state === "Complete"
            ? [
                  { type: "SuccessCriteriaMet", status: "True" },
                  { type: "Complete", status: "True" },
              ]
            : state === "Failed"
              ? [
                    { type: "FailureTarget", status: "True", reason: "BackoffLimitExceeded" },
                    { type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" },
                ]
              : [];
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "e2e-load", namespace: "portkeyai" },
        status: {
            active: state === "running" ? 1 : 0,
            ...(state === "Complete" ? { succeeded: 1 } : {}),
            ...(state === "Failed" ? { failed: 1 } : {}),
            conditions,
        },
    };
}

/** The load tool's `--json` report (load/report.ts LoadReport) of a fixed-rate run. */
export function loadReport(completed: number, ok = completed, byStatus: Record<string, number> = {}): string {
    const report = {
        mode: "fixed-rate",
        url: "http://portkey-gateway.portkeyai.svc.cluster.local:8787/v1/chat/completions",
        concurrency: 32,
        durationSeconds: 180,
        requests: 54000,
        rate: 300,
        headerNames: ["authorization", "content-type", "x-portkey-custom-host", "x-portkey-provider"],
        elapsedSeconds: 180.2,
        completed,
        ok,
        throughput: completed / 180.2,
        rateReached: true,
        errors: { total: completed - ok, byStatus, byKind: {} },
    };
    return JSON.stringify(report, null, 2) + "\n";
}

// ---- runs ----

/**
 * Reads while waiting for metrics: the HPA without them (ScalingActive False, FailedGetResourceMetric),
 * then with a memory figure only (not the CPU one), then with a CPU figure but ScalingActive still
 * False, then reading them.
 */
export function metricsReads(): Read[] {
    const memoryOnly = hpa({ cpu: 8 }) as any;
    memoryOnly.status.currentMetrics = [{ type: "Resource", resource: { name: "memory", current: { averageValue: "200Mi", averageUtilization: 78 } } }];
    const stale = hpa({ cpu: 8 }) as any;
    stale.status.conditions[1] = {
        type: "ScalingActive",
        status: "False",
        reason: "ScalingDisabled",
        message: "scaling is disabled since the replica count of the target is zero",
    };
    return [hpa(), memoryOnly, stale, hpa({ cpu: 8 })].map((h) => ({ hpa: h, deployment: deployment(2) }));
}
/** Reads while the Job runs, one per Deployment state; the Job ends (`end`) at the last one. */
export function loadReads(deployments: unknown[], end: "Complete" | "Failed" | "running" = "Complete"): Read[] {
    return deployments.map((d, i) => ({ hpa: hpa({ cpu: 150 }), deployment: d, job: job(i === deployments.length - 1 ? end : "running") }));
}
/** Reads after the Job ended. */
export function afterReads(deployments: unknown[]): Read[] {
    return deployments.map((d) => ({ hpa: hpa({ cpu: 3 }), deployment: d, job: job("Complete") }));
}

/** The happy path: metrics at the third read, 2 → 4 replicas during the load, back to 2 after it; 1% of the requests failed. */
export function healthy(over: Partial<{ metrics: Read[]; load: Read[]; after: Read[]; logs: string }> = {}): Fixtures {
    const metrics = over.metrics ?? metricsReads();
    const load = over.load ?? loadReads([deployment(2), deployment(4, 2, 2), deployment(4)]);
    const after = over.after ?? afterReads([deployment(4), deployment(3, 3), deployment(2, 2)]);
    return { reads: [...metrics, ...load, ...after], logs: over.logs ?? "(node:1) a warning on stderr\n" + loadReport(54000, 53460, { "502": 540 }) };
}
