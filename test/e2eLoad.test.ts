// e2e/load-hpa.sh, the e2e run's load step (docs/e2e.md "The load step"), run by bash against a
// stand-in kubectl that answers from fixtures in the Kubernetes API's shapes (test/e2eLoadScript.ts):
// it waits for the HPA to read metrics, applies manifests that pass the API schema and the restricted
// Pod Security profile, runs the load tool and the mock with flags they accept, and fails, naming what
// to look at, when metrics, the scale-out, the scale-in or the Job do not come.
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { restrictedViolations, SecurityPodSpec } from "../derive/podSecurity";
import { parseLoadFlags, parseMockFlags } from "../load/flags";
import { Spawned, spawned, startedEarly } from "./spawned";
import { afterReads, deployment, healthy, hpa, LoadRun, loadReads, loadReport, ScriptRun, startLoadScripts } from "./e2eLoadScript";
import { schemaProblems } from "./kubeSchema";
import { tempDir } from "./tempDir";

/** Every run the tests read, by name: the script runs them all side by side the first time a test needs one. */
const RUNS = {
    healthy: () => ({ fixtures: healthy() }),
    // Random bytes do not compress: 1 MiB of them stays above the limit.
    bigBundle: () => ({ fixtures: healthy(), bundle: { "load.js": crypto.randomBytes(1 << 20), "mock.js": "x" } }),
    neverMetrics: () => ({ fixtures: { reads: [{ hpa: hpa(), deployment: deployment(2) }], logs: "" } }),
    noHpa: () => ({ fixtures: { reads: [{ deployment: deployment(2) }], logs: "" } }),
    flatHpa: () => ({ fixtures: { reads: [{ hpa: hpa({ cpu: 5, min: 2, max: 2 }) }], logs: "" } }),
    noScaleOut: () => ({ fixtures: healthy({ load: loadReads([deployment(2), deployment(2)]), after: afterReads([deployment(2)]) }) }),
    lateScaleOut: () => ({
        fixtures: healthy({
            load: loadReads([deployment(2), deployment(2)]),
            after: afterReads([deployment(2), deployment(3, 2), deployment(2, 3), deployment(2, 2)]),
        }),
    }),
    noScaleIn: () => ({ fixtures: healthy({ after: afterReads([deployment(4)]) }) }),
    mockNotReady: () => ({ fixtures: healthy(), env: { KUBECTL_FAIL: "rollout" } }),
    jobFailed: () => ({ fixtures: healthy({ load: loadReads([deployment(2), deployment(4)], "Failed"), logs: "npm run load: connect ECONNREFUSED\n" }) }),
    jobNeverEnds: () => ({ fixtures: healthy({ load: loadReads([deployment(4)], "running"), after: [] }) }),
    refused: () => ({ fixtures: healthy({ logs: loadReport(54000, 0, { "400": 54000 }) }) }),
    onePercentFailed: () => ({ fixtures: healthy({ logs: loadReport(1000, 989, { "502": 11 }) }) }),
} satisfies Record<string, () => LoadRun>;

// Started as this file loads, so bash runs the batch while the tests before these run.
const names = Object.keys(RUNS) as Array<keyof typeof RUNS>;
let batch: Record<string, ScriptRun> | undefined;
const started = startLoadScripts(names.map((n) => RUNS[n]())).then((results) => {
    batch = Object.fromEntries(names.map((n, i) => [n, results[i]]));
});
// Settled (and a failure reported) by each describe's `before`, whenever the batch ends.
started.catch(() => undefined);
const batchEnded = () => started;
const run = (name: keyof typeof RUNS): ScriptRun => {
    assert.ok(batch, "the batch is awaited in a before hook");
    return batch[name];
};
const healthyRun = () => run("healthy");

const verbs = (r: ScriptRun) => r.calls.map((c) => c.slice(0, 2).join(" "));
const kind = (r: ScriptRun, k: string) => r.applied.find((o) => o.kind === k)!;
/** The argv after `node <file>` of a workload's main container. */
const argsOf = (podSpec: any) => (podSpec.containers[0].command as string[]).slice(2);

describe("e2e load step (e2e/load-hpa.sh): a healthy run", () => {
    before(batchEnded);
    it("waits for metrics, loads, sees 4 replicas and then 2 again, prints the report, and cleans up", () => {
        const r = healthyRun();
        assert.strictEqual(r.status, 0, r.output);
        assert.match(r.output, /HPA portkey-gateway: 2 to 4 replicas at 50% CPU/);
        assert.match(r.output, /reads CPU metrics: 8% of requests \(target 50%\), ScalingActive True/);
        assert.match(r.output, /scaled out: the HPA asked for more than 2 replicas under load/);
        assert.match(r.output, /scaled back in to 2 replicas/);
        // The report, from the first line of the JSON on, and its one-line summary.
        assert.match(r.output, /::group::load report \(Job e2e-load: Complete\)\n\{\n {2}"mode": "fixed-rate"/);
        assert.doesNotMatch(r.output, /a warning on stderr/);
        assert.match(r.output, /load: 54000 requests in 180 s, 53460 answered 2xx, 299 per second/);
        assert.ok(
            r.namespaces.every((n) => n === "portkeyai"),
            r.namespaces.join(","),
        );
        const order = [
            "create configmap",
            "apply -f",
            "rollout status",
            "apply -f",
            "logs job/e2e-load",
            "describe hpa",
            "delete job,deployment,service,configmap",
        ];
        let at = -1;
        for (const v of order) {
            at = verbs(r).indexOf(v, at + 1);
            assert.ok(at >= 0, `${v} after the previous step: ${verbs(r).join(" | ")}`);
        }
        assert.deepStrictEqual(r.calls.at(-1), [
            "delete",
            "job,deployment,service,configmap",
            "-l",
            "app.kubernetes.io/part-of=portkey-e2e-load",
            "--ignore-not-found",
            "--wait=false",
        ]);
    });

    // autoscaling/v2: the HPA reads metrics once currentMetrics holds the CPU utilisation and ScalingActive is True.
    it("starts the load only once the HPA reads CPU metrics with ScalingActive True: not on a memory figure alone, nor on a CPU figure while not active", () => {
        const r = healthyRun();
        const firstApply = r.calls.findIndex((c) => c[0] === "apply");
        assert.deepStrictEqual(
            r.calls.slice(0, firstApply).filter((c) => c[0] === "get"),
            Array(4).fill(["get", "hpa/portkey-gateway", "deployment/portkey-gateway", "job/e2e-load", "--ignore-not-found", "-o", "json"]),
        );
        assert.match(r.output, /the HPA: .*CPU -% .*ScalingActive False FailedGetResourceMetric/);
        assert.match(r.output, /metrics, read 1: .*CPU -% .*ScalingActive True ValidMetricFound/);
        assert.match(r.output, /metrics, read 2: .*CPU 8% .*ScalingActive False ScalingDisabled/);
    });

    it("puts the bundle, compressed, in a ConfigMap it creates rather than applies, labelled for the clean-up", () => {
        const r = healthyRun();
        assert.deepStrictEqual(Object.keys(r.configMapFiles).sort(), ["load.js.gz", "mock.js.gz"]);
        assert.strictEqual(zlib.gunzipSync(r.configMapFiles["load.js.gz"]).toString(), 'console.log("load");\n');
        assert.ok(!r.calls.some((c) => c[0] === "apply" && c.includes("configmap")));
        assert.ok(r.calls.some((c) => c.join(" ") === "label configmap e2e-load-bundle app.kubernetes.io/part-of=portkey-e2e-load"));
    });

    it("refuses a bundle a ConfigMap cannot hold (1 MiB), before creating anything", () => {
        const r = run("bigBundle");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /::error::the load bundle is \d+ bytes compressed, more than a ConfigMap holds \(1048576\)/);
        assert.ok(!verbs(r).includes("create configmap"));
    });
});

describe("e2e load step: the objects it applies", () => {
    before(batchEnded);
    const objects = () => healthyRun().applied;

    // kubernetes-models 4.5.1 (Kubernetes 1.33) for these GA kinds: an older schema accepts less, never more.
    it("are a Deployment and a Service for the mock and a Job for the load, valid against the Kubernetes API schema", () => {
        assert.deepStrictEqual(
            objects().map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`),
            ["apps/v1/Deployment/e2e-llm-mock", "v1/Service/e2e-llm-mock", "batch/v1/Job/e2e-load"],
        );
        for (const o of objects()) assert.deepStrictEqual(schemaProblems(o, "1.33", false), [], `${o.kind}`);
    });

    // kubernetes/pod-security-admission policy/check_*.go (derive/podSecurity.ts), as the program's own pods.
    it("run pods the restricted Pod Security profile admits, with no API token and resources bounded", () => {
        for (const o of objects().filter((x) => x.kind !== "Service")) {
            const spec = o.spec.template.spec;
            assert.deepStrictEqual(restrictedViolations(spec as SecurityPodSpec), [], o.kind);
            assert.strictEqual(spec.securityContext.runAsUser, 1000, "the node image's user `node`");
            assert.strictEqual(spec.automountServiceAccountToken, false);
            for (const c of [...spec.initContainers, ...spec.containers]) {
                assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true, c.name);
                assert.ok(c.resources.requests.cpu && c.resources.limits.memory, c.name);
                assert.strictEqual(c.image.split("@")[0], "docker.io/library/node:22.23.3-alpine3.24", c.name);
                assert.match(c.image, /@sha256:[0-9a-f]{64}$/, c.name);
            }
        }
    });

    it("bound the Job: one attempt, a deadline above the load's duration, and removal after it ends", () => {
        const j = kind(healthyRun(), "Job");
        const load = parseLoadFlags(argsOf(j.spec.template.spec));
        assert.strictEqual(j.spec.backoffLimit, 0);
        assert.strictEqual(j.spec.template.spec.restartPolicy, "Never");
        assert.ok(j.spec.activeDeadlineSeconds > load.options.durationSeconds, `${j.spec.activeDeadlineSeconds}`);
        assert.ok(j.spec.ttlSecondsAfterFinished > 0);
    });

    /** The init container's command run by Node on the run's ConfigMap files, in a directory standing for its volumes; `app`: what it left in /app. */
    const unpack = (r: ScriptRun): Promise<Spawned & { app: string[] }> => {
        const [init] = kind(r, "Job").spec.template.spec.initContainers;
        const dir = tempDir("unpack-");
        for (const d of ["bundle", "app"]) fs.mkdirSync(path.join(dir, d));
        for (const [k, v] of Object.entries(r.configMapFiles)) fs.writeFileSync(path.join(dir, "bundle", k), v);
        const code = String(init.command[2]).replace(/"\/(bundle|app)\/"/g, (_, d: string) => JSON.stringify(path.join(dir, d) + "/"));
        return spawned(process.execPath, ["-e", code])
            .then((run) => ({ ...run, app: fs.readdirSync(path.join(dir, "app")).sort() }))
            .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    };
    // Started once the batch ends, while other tests run.
    const unpacked = startedEarly(started.then(() => unpack(healthyRun())));
    it("the init container unpacks exactly the files the ConfigMap holds, where the main container runs them", async () => {
        const spec = kind(healthyRun(), "Job").spec.template.spec;
        const [init] = spec.initContainers;
        const run = await unpacked;
        assert.strictEqual(run.status, 0, run.stderr);
        assert.deepStrictEqual(run.app, ["load.js", "mock.js"]);
        const mounts = (c: any) => Object.fromEntries(c.volumeMounts.map((m: any) => [m.name, m.mountPath]));
        assert.deepStrictEqual(mounts(init), { bundle: "/bundle", app: "/app" });
        assert.deepStrictEqual(mounts(spec.containers[0]), { app: "/app", tmp: "/tmp" });
        assert.strictEqual(spec.containers[0].command[1], "/app/load.js");
        assert.deepStrictEqual(spec.volumes, [
            { name: "bundle", configMap: { name: "e2e-load-bundle" } },
            { name: "app", emptyDir: { sizeLimit: "32Mi" } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
        ]);
    });

    // load/flags.ts: the flags `npm run load` and `npm run load:mock` take.
    it("the load tool gets flags it accepts: the gateway's Service, a fixed rate, routed to the mock's Service", () => {
        const r = healthyRun();
        const load = parseLoadFlags(argsOf(kind(r, "Job").spec.template.spec));
        assert.deepStrictEqual(load.problems, []);
        assert.strictEqual(load.json, true, "--json: the script reads the report");
        assert.strictEqual(load.options.url, "http://portkey-gateway.portkeyai.svc.cluster.local:8787");
        assert.strictEqual(load.options.headers?.["x-portkey-custom-host"], "http://e2e-llm-mock.portkeyai.svc.cluster.local:8080/v1");
        assert.strictEqual(load.options.headers?.["x-portkey-provider"], "openai");
        assert.ok(load.options.rate! > 0 && load.options.requests! <= load.options.rate! * load.options.durationSeconds);
        const mock = parseMockFlags(argsOf(kind(r, "Deployment").spec.template.spec));
        assert.deepStrictEqual(mock.problems, []);
        assert.strictEqual(mock.options.host, "0.0.0.0", "reachable through its Service, not on loopback only");
        const service = kind(r, "Service");
        assert.deepStrictEqual(
            service.spec.ports.map((p: any) => p.targetPort),
            [mock.options.port],
        );
        assert.strictEqual(kind(r, "Deployment").spec.template.metadata.labels["app.kubernetes.io/name"], service.spec.selector["app.kubernetes.io/name"]);
        // Ready once it listens, so the load starts against a mock that answers; the Job has no probe.
        assert.deepStrictEqual(kind(r, "Deployment").spec.template.spec.containers[0].readinessProbe.tcpSocket, { port: mock.options.port });
        assert.strictEqual(kind(r, "Job").spec.template.spec.containers[0].readinessProbe, undefined);
    });
});

describe("e2e load step: what it fails on", () => {
    before(batchEnded);
    it("an HPA that never reads metrics: fails after 10 reads 30 s apart (5 min) naming the condition and metrics-server, and runs no load", () => {
        const r = run("neverMetrics");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(
            r.output,
            /::error::HPA portkey-gateway in portkeyai read no CPU metrics in 300 s \(ScalingActive False FailedGetResourceMetric: the HPA was unable to compute the replica count: .*\): check metrics-server \(kubectl get apiservice v1beta1\.metrics\.k8s\.io\)/,
        );
        assert.strictEqual(r.reads, 1 + 10);
        assert.deepStrictEqual(r.applied, []);
        assert.ok(verbs(r).includes("delete job,deployment,service,configmap"), "cleans up whatever it made");
    });

    it("no HPA at all, or one that cannot grow: fails at once", () => {
        const none = run("noHpa");
        assert.strictEqual(none.status, 1);
        assert.match(none.output, /::error::no HPA portkey-gateway in portkeyai: the e2e stack sets gateway\.autoscaling\.enabled/);
        const flat = run("flatHpa");
        assert.strictEqual(flat.status, 1);
        assert.match(flat.output, /cannot scale out: maxReplicas 2 is not above minReplicas 2/);
        assert.deepStrictEqual([none.reads, none.applied, flat.reads, flat.applied], [1, [], 1, []]);
    });

    it("no scale-out during the load nor within a minute after it: fails naming the HPA", () => {
        const r = run("noScaleOut");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /::error::the HPA did not scale portkey-gateway out under load: it stayed at 2 replicas/);
        // Four reads for metrics, two while the Job ran, then two more (one minute) after it.
        assert.strictEqual(r.reads, 4 + 2 + 2);
        assert.ok(verbs(r).includes("describe hpa"));
    });

    it("a scale-out seen only after the load ended still counts; 2 replicas wanted while a third pod still runs is not yet the scale-in", () => {
        const r = run("lateScaleOut");
        assert.strictEqual(r.status, 0, r.output);
        assert.match(r.output, /after the load, read 2: replicas 3 wanted, 2 running/);
        assert.match(r.output, /scale-in, read 1: replicas 2 wanted, 3 running/);
        assert.strictEqual(r.reads, 4 + 2 + 2 + 2);
    });

    // Chart 1.7.7 scales down after a 300 s window by one pod per 60 s: 4 → 3 at 300 s, 3 → 2 at 360 s;
    // 120 s more for the metrics to fall after the load. 480 s in reads 30 s apart.
    it("no scale-in: fails after the HPA's stabilisation window, its policy's steps and two minutes (16 reads)", () => {
        const r = run("noScaleIn");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /::error::portkey-gateway did not come back to 2 replicas within 480 s of the load's end/);
        assert.strictEqual(r.reads, 4 + 3 + 16);
    });

    it("a mock provider that never becomes ready: fails with its logs, before any load", () => {
        const r = run("mockNotReady");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /::error::the mock provider e2e-llm-mock did not become ready in 180s/);
        assert.ok(verbs(r).includes("logs deployment/e2e-llm-mock"));
        assert.deepStrictEqual(
            r.applied.map((o) => o.kind),
            ["Deployment", "Service"],
        );
    });

    it("a failed Job: fails after printing its log, and cleans up", () => {
        const r = run("jobFailed");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /::group::load report \(Job e2e-load: Failed\)/);
        assert.match(r.output, /::error::the load Job failed; its log is above \(kubectl describe job e2e-load -n portkeyai\)/);
        assert.doesNotMatch(r.output, /scaled out/);
        assert.strictEqual(r.calls.at(-1)![0], "delete");
    });

    it("a Job that never ends: fails after its deadline and a minute (16 reads)", () => {
        const r = run("jobNeverEnds");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /::error::the load Job did not end within 480 s/);
        assert.strictEqual(r.reads, 4 + 16);
    });

    // Portkey-AI/gateway v1.15.2 src/middlewares/requestValidator/index.ts: an untrusted .local custom host is answered 400.
    it("requests the gateway refused: fails, pointing at TRUSTED_CUSTOM_HOSTS", () => {
        const r = run("refused");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(
            r.output,
            /::error::the load's requests did not reach the mock through the gateway: \{"completed":54000,"ok":0,"errors":\{"total":54000,"byStatus":\{"400":54000\}/,
        );
        assert.match(r.output, /TRUSTED_CUSTOM_HOSTS does not list e2e-llm-mock\.portkeyai\.svc\.cluster\.local/);
        assert.strictEqual(run("onePercentFailed").status, 1, "more than 1% failed");
    });
});
