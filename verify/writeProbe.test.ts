// `npm run verify -- --write-probe`: the probe pod passes the `restricted` Pod Security profile and
// runs under the gateway's service account; its script puts, gets and compares (run here with a
// stand-in `aws`); the run creates the pod, reads its log and deletes it whatever happens; each
// outcome maps to a finding with a fix; and the client-node calls reach a stand-in API server.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { restrictedViolations, SecurityPodSpec } from "../derive/podSecurity";
import { parseArgs } from "../scripts/verify";
import { groupObjects } from "./observed";
import { spawned, startedEarly } from "../test/spawned";
import { healthyObjects, stackState, verifyInProcess as verify } from "./testing";
import { Observed } from "./types";
import { markerKey, ProbePod, ProbeRun, probeTarget, ProbeTarget, WRITE_PROBE_SCRIPT, writeProbeFinding, writeProbePod } from "./writeProbe";
import { ProbeClock, ProbePodApi, ProbePodState, probeNames, runWriteProbe, WAIT_MS, writeProbe } from "./writeProbeRun";
import { tempDir } from "../test/tempDir";

/** prod's log bucket is `create` (Pulumi.prod.yaml), so its name comes from the gateway's env; healthyObjects gives it this one. */
const CREATED = "portkey-logs-123456789012-0a1b2c3d";
const TARGET: ProbeTarget = { namespace: "portkey", serviceAccount: "portkey-gateway", bucket: CREATED, region: "us-east-1", compute: "node-group" };
const KEY = "verify/20261205T050000Z-0a1b2c3d.txt";
const OK_LOG = "probe: put ok\nprobe: get ok\nprobe: match\n";

function prodObserved(): Observed {
    return groupObjects(healthyObjects(stackState("prod")));
}

describe("verify --write-probe: the probe pod", () => {
    const pod = writeProbePod(TARGET, KEY, "verify-write-probe-0a1b2c3d");

    it("passes the restricted Pod Security profile (the checker finds a violation once a setting is removed)", () => {
        assert.deepStrictEqual(restrictedViolations(pod.spec as SecurityPodSpec), []);
        const broken = structuredClone(pod);
        delete broken.spec.containers[0].securityContext!.allowPrivilegeEscalation;
        assert.deepStrictEqual(
            restrictedViolations(broken.spec as SecurityPodSpec).map((v) => v.check),
            ["allowPrivilegeEscalation"],
        );
    });

    it("runs once, bounded, under the gateway's service account, with no API token and a read-only root", () => {
        const s = pod.spec;
        assert.strictEqual(s.serviceAccountName, "portkey-gateway");
        assert.strictEqual(s.restartPolicy, "Never");
        assert.ok(s.activeDeadlineSeconds > 0 && s.activeDeadlineSeconds <= 300, String(s.activeDeadlineSeconds));
        assert.strictEqual(s.automountServiceAccountToken, false);
        const c = s.containers[0];
        assert.strictEqual(c.securityContext?.readOnlyRootFilesystem, true);
        assert.ok((c.securityContext?.runAsUser ?? 0) > 0);
        // The CLI's cache lives under HOME (docs/upstream-facts.md#aws-cli-image): HOME is a writable emptyDir.
        const home = c.env?.find((v) => v.name === "HOME")?.value;
        const mount = c.volumeMounts?.find((m) => m.mountPath === home);
        assert.ok(mount && s.volumes?.some((v) => v.name === mount.name && v.emptyDir !== undefined), "HOME on an emptyDir");
        assert.match(c.image!, /^public\.ecr\.aws\/aws-cli\/aws-cli:\d+\.\d+\.\d+$/);
        assert.deepStrictEqual(Object.fromEntries((c.env ?? []).filter((v) => v.name.startsWith("PROBE_")).map((v) => [v.name, v.value])), {
            PROBE_BUCKET: CREATED,
            PROBE_REGION: "us-east-1",
            PROBE_KEY: KEY,
        });
    });

    it("writes a unique key under verify/", () => {
        assert.strictEqual(markerKey(new Date("2026-12-05T05:00:00.123Z"), "0a1b2c3d"), KEY);
        assert.notStrictEqual(probeNames().key, probeNames().key);
    });

    it("is never named like a pod of the gateway's Deployments, even when the release's name holds `gateway`", () => {
        // The chart's fullname is the release name alone when it contains `gateway` (docs/upstream-facts.md, the chart's _helpers.tpl).
        const e = stackState("prod");
        e.release.name = "portkey-gateway";
        const pod = probeNames().pod;
        for (const d of e.deployments) assert.ok(!pod.startsWith(`${d.name}-`), `${pod} vs ${d.name}`);
    });
});

describe("verify --write-probe: where it writes", () => {
    it("prod (logStore.bucket create): the created bucket from the gateway's env, the stack's region, the gateway's account", () => {
        assert.deepStrictEqual(probeTarget(stackState("prod"), prodObserved()), TARGET);
    });
    it("carries cluster.compute, which decides where the Pod Identity agent comes from", () => {
        const e = { ...stackState("prod"), compute: "auto-mode" as const };
        assert.deepStrictEqual(probeTarget(e, prodObserved()), { ...TARGET, compute: "auto-mode" });
    });
    it("a stack without logStore: nothing to probe", () => {
        assert.strictEqual(probeTarget(stackState("dev"), groupObjects(healthyObjects(stackState("dev")))), undefined);
    });
    it("a created bucket whose name the gateway does not carry: says so", () => {
        const o = prodObserved();
        o.deployments = [];
        assert.match(probeTarget(stackState("prod"), o) as string, /created bucket.s name is not in Deployment portkey\/portkey-gateway/);
    });
});

/**
 * The script with a stand-in `aws` that keeps objects in a directory; `deny` answers as S3 does to a role
 * without s3:PutObject. Started at once; Node goes on running other tests while the shell runs it.
 */
function runScript(deny: boolean): Promise<{ status: number | null; log: string; stored: string[] }> {
    const dir = tempDir("write-probe-");
    const store = path.join(dir, "store");
    fs.mkdirSync(store);
    const stub = path.join(dir, "aws");
    fs.writeFileSync(
        stub,
        [
            "#!/bin/sh",
            'op=$2; shift 2; out=""',
            "while [ $# -gt 0 ]; do case $1 in --region) shift 2;; --bucket) b=$2; shift 2;; --key) k=$2; shift 2;; --body) body=$2; shift 2;; *) out=$1; shift;; esac; done",
            'f="$STUB_STORE/$(printf %s "$b/$k" | tr / _)"',
            'if [ "$op" = put-object ]; then',
            '  if [ -n "$STUB_DENY" ]; then echo "An error occurred (AccessDenied) when calling the PutObject operation: Access Denied" >&2; exit 254; fi',
            '  cp "$body" "$f"; echo \'{"ETag": "x"}\'',
            'else cp "$f" "$out"; echo "{}"; fi',
        ].join("\n"),
        { mode: 0o755 },
    );
    const script = WRITE_PROBE_SCRIPT.replaceAll("/tmp/", `${dir}/`).replaceAll("/usr/local/bin/aws", stub);
    const env = Object.fromEntries((writeProbePod(TARGET, KEY, "p").spec.containers[0].env ?? []).map((v) => [v.name, v.value ?? ""]));
    return spawned("/bin/sh", ["-c", script], { env: { PATH: process.env.PATH, ...env, STUB_STORE: store, STUB_DENY: deny ? "1" : "" } }).then((r) => ({
        status: r.status,
        log: r.stdout + r.stderr,
        stored: fs.readdirSync(store).map((f) => fs.readFileSync(path.join(store, f), "utf8")),
    }));
}

describe("verify --write-probe: the pod's script", () => {
    // Both runs started as this file loads.
    const [allowed, denied] = [false, true].map((deny) => startedEarly(runScript(deny)));
    it("puts the key's name, gets it back, compares; prints only its steps", async () => {
        const r = await allowed;
        assert.deepStrictEqual([r.status, r.log, r.stored], [0, OK_LOG, [`${KEY}\n`]]);
    });
    it("a denied put: the CLI's error line and exit 3, which the finding turns into the policy fix", async () => {
        const r = await denied;
        assert.strictEqual(r.status, 3);
        const f = writeProbeFinding(TARGET, KEY, "p", { outcome: { kind: "finished", phase: "Failed", exitCode: r.status!, log: r.log } });
        assert.deepStrictEqual([f.status, f.found], ["fail", "PutObject: AccessDenied"]);
        assert.match(f.fix!, /s3:PutObject and s3:GetObject on <bucket>\/\* with s3:ResourceAccount/);
    });
});

/** A stand-in pod API that records the calls; `states` are what successive reads return. */
function fakeApi(states: ProbePodState[], opts: { createError?: Error; log?: string; removeError?: Error } = {}) {
    const calls: string[] = [];
    const answer = <T>(call: string, value: T, error?: Error): Promise<T> => {
        calls.push(call);
        return error ? Promise.reject(error) : Promise.resolve(value);
    };
    const api: ProbePodApi = {
        create: () => answer("create", undefined, opts.createError),
        read: () => answer("read", states.length > 1 ? states.shift()! : states[0]),
        log: () => answer("log", opts.log ?? ""),
        remove: () => answer("remove", undefined, opts.removeError),
    };
    return { api, calls };
}

function fakeClock(): ProbeClock & { slept: number } {
    let t = 0;
    const c = {
        slept: 0,
        now: () => t,
        sleep: (ms: number) => {
            t += ms;
            c.slept += ms;
            return Promise.resolve();
        },
    };
    return c;
}

async function finding(api: ProbePodApi, clock = fakeClock()) {
    const run: ProbeRun = await runWriteProbe(api, writeProbePod(TARGET, KEY, "p"), clock);
    return writeProbeFinding(TARGET, KEY, "p", run);
}

describe("verify --write-probe: the run", () => {
    it("creates, waits for the pod to finish, reads the log, deletes: PASS", async () => {
        const { api, calls } = fakeApi([{ phase: "Pending" }, { phase: "Running" }, { phase: "Succeeded", exitCode: 0 }], { log: OK_LOG });
        const f = await finding(api);
        assert.deepStrictEqual([f.id, f.status, f.found], ["dataPlane.writeProbe", "pass", "written and read back"]);
        assert.deepStrictEqual(calls, ["create", "read", "read", "read", "log", "remove"]);
    });
    it("create refused (403): still deletes, and names the RBAC verify needs", async () => {
        const { api, calls } = fakeApi([{ phase: "Pending" }], { createError: Object.assign(new Error("x"), { code: 403, body: "{}" }) });
        const f = await finding(api);
        assert.deepStrictEqual(calls, ["create", "remove"]);
        assert.match(f.fix!, /create, get and delete on pods and get on pods\/log/);
    });
    it("refused by Pod Security admission: says so", async () => {
        const body = { message: 'pods "p" is forbidden: violates PodSecurity "restricted:latest"' };
        const f = await finding(fakeApi([{ phase: "Pending" }], { createError: Object.assign(new Error("x"), { code: 403, body }) }).api);
        assert.match(f.fix!, /Pod Security admission refused the pod/);
    });
    it("never finishes: stops at the bound, deletes, FAIL with where to look", async () => {
        const { api, calls } = fakeApi([{ phase: "Pending" }]);
        const clock = fakeClock();
        const f = await finding(api, clock);
        assert.ok(clock.slept >= WAIT_MS && clock.slept < WAIT_MS + 5000, String(clock.slept));
        assert.strictEqual(calls.at(-1), "remove");
        assert.deepStrictEqual([f.status, f.found], ["fail", "the pod did not finish (phase Pending)"]);
    });
    it("an image that cannot be pulled: FAIL at once, deleted", async () => {
        const { api, calls } = fakeApi([{ phase: "Pending", waitingReason: "ImagePullBackOff" }]);
        const f = await finding(api);
        assert.deepStrictEqual(calls, ["create", "read", "remove"]);
        assert.match(f.found, /ImagePullBackOff/);
    });
    it("each error the CLI prints has its own fix; the log itself is never the finding", async () => {
        const cases: Array<[string, RegExp]> = [
            ["An error occurred (NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist", /logStore\.bucket/],
            [
                "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized",
                /does not trust the gateway's service account/,
            ],
            ["An error occurred (PermanentRedirect) when calling the PutObject operation: …", /logStore\.region/],
            ['Unable to locate credentials. You can configure credentials by running "aws configure".', /eks\.amazonaws\.com\/role-arn/],
            ['Could not connect to the endpoint URL: "https://b.s3.us-east-1.amazonaws.com/…"', /NAT gateway, or VPC endpoints/],
        ];
        for (const [line, fix] of cases) {
            const f = await finding(fakeApi([{ phase: "Failed", exitCode: 3 }], { log: `${line}\nprobe: put failed\n` }).api);
            assert.strictEqual(f.status, "fail");
            assert.match(f.fix!, fix, line);
            assert.ok(!f.found.includes(line), "the log is not echoed");
        }
    });
    // awsdocs/amazon-eks-user-guide latest/ug/automode/automode.adoc (docs/upstream-facts.md#auto-mode-pod-identity):
    // "You do not have to install the EKS Pod Identity Agent on EKS Auto Mode clusters"; a node group needs the add-on.
    it("no credentials in the pod: the agent add-on is named on a node group, and not asked for under EKS Auto Mode", () => {
        const run: ProbeRun = { outcome: { kind: "finished", phase: "Failed", exitCode: 3, log: "Unable to locate credentials.\nprobe: put failed\n" } };
        const nodeGroup = writeProbeFinding(TARGET, KEY, "p", run);
        assert.match(nodeGroup.fix!, /with Pod Identity its association and the eks-pod-identity-agent add-on/);
        const auto = writeProbeFinding({ ...TARGET, compute: "auto-mode" }, KEY, "p", run);
        assert.strictEqual(auto.status, "fail");
        assert.doesNotMatch(auto.fix!, /add-on\b(?! to install)/);
        assert.match(auto.fix!, /EKS Auto Mode runs the Pod Identity agent on its nodes: no add-on to install/);
        assert.match(auto.fix!, /eks\.amazonaws\.com\/role-arn/);
    });
    it("a pod that exits 0 without the match line is not a pass", async () => {
        const f = await finding(fakeApi([{ phase: "Succeeded", exitCode: 0 }], { log: "probe: put ok\n" }).api);
        assert.strictEqual(f.status, "fail");
    });
    it("a pod that cannot be deleted: FAIL with the kubectl command, even when the probe passed", async () => {
        const err = Object.assign(new Error("x"), { code: 500 });
        const f = await finding(fakeApi([{ phase: "Succeeded", exitCode: 0 }], { log: OK_LOG, removeError: err }).api);
        assert.deepStrictEqual([f.status, f.fix], ["fail", "delete the probe pod by hand: `kubectl -n portkey delete pod p`"]);
    });
    it("a stack without logStore: N/A, no pod", async () => {
        const { api, calls } = fakeApi([{ phase: "Pending" }]);
        const f = await writeProbe(stackState("dev"), groupObjects(healthyObjects(stackState("dev"))), {}, api, fakeClock());
        assert.deepStrictEqual([f.status, calls], ["n/a", []]);
    });
});

describe("verify --write-probe: the command line", () => {
    it("off by default; --write-probe turns it on", () => {
        assert.strictEqual(parseArgs(["--stack", "prod"]).writeProbe, false);
        assert.strictEqual(parseArgs(["--stack", "prod", "--write-probe"]).writeProbe, true);
        assert.throws(() => parseArgs(["--stack", "prod", "--write-probe=yes"]), /unknown argument at position 3/);
    });
    it("refused with --from: exit 2, one line", async () => {
        const r = await verify(["--stack", "prod", "--from", os.tmpdir(), "--write-probe"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /^error: --from reads a bundle: --write-probe runs a pod in the live cluster/);
        assert.strictEqual(r.stdout, "");
    });
});

describe("verify --write-probe: through @kubernetes/client-node, against a stand-in API server", function () {
    this.timeout(30000);
    let server: http.Server;
    const requests: Array<{ method: string; url: string; body: string }> = [];
    let kubeconfig: string;

    before(async () => {
        server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (d) => (body += d));
            req.on("end", () => {
                requests.push({ method: req.method ?? "", url: req.url ?? "", body });
                const u = new URL(req.url ?? "/", "http://x");
                if (u.pathname.endsWith("/log")) {
                    res.writeHead(200, { "content-type": "text/plain" });
                    res.end(OK_LOG);
                    return;
                }
                const pod = req.method === "POST" ? JSON.parse(body) : { metadata: { name: u.pathname.split("/").at(-1), namespace: "portkey" } };
                const status = { phase: "Succeeded", containerStatuses: [{ name: "probe", state: { terminated: { exitCode: 0 } } }] };
                res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
                res.end(JSON.stringify({ apiVersion: "v1", kind: "Pod", ...pod, status }));
            });
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const port = (server.address() as { port: number }).port;
        kubeconfig = path.join(tempDir("write-probe-kube-"), "config");
        fs.writeFileSync(
            kubeconfig,
            `apiVersion: v1\nkind: Config\nclusters:\n- name: s\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\nusers:\n- name: s\n  user:\n    token: t\ncontexts:\n- name: standin\n  context:\n    cluster: s\n    user: s\ncurrent-context: standin\n`,
        );
    });
    after(() => server.close());

    it("POSTs the pod as derived, GETs it and its log, DELETEs it: PASS", async () => {
        const saved = process.env.KUBECONFIG;
        process.env.KUBECONFIG = kubeconfig;
        try {
            const f = await writeProbe(stackState("prod"), prodObserved(), { context: "standin" }, undefined, fakeClock());
            assert.strictEqual(f.status, "pass", JSON.stringify(f));
        } finally {
            if (saved === undefined) delete process.env.KUBECONFIG;
            else process.env.KUBECONFIG = saved;
        }
        const base = "/api/v1/namespaces/portkey/pods";
        const name = requests[0].body ? (JSON.parse(requests[0].body) as ProbePod).metadata.name : "";
        assert.match(name, /^verify-write-probe-[0-9a-f]{8}$/);
        assert.deepStrictEqual(
            requests.map((r) => `${r.method} ${new URL(r.url, "http://x").pathname}`),
            [`POST ${base}`, `GET ${base}/${name}`, `GET ${base}/${name}/log`, `DELETE ${base}/${name}`],
        );
        assert.match(requests[2].url, /container=probe/);
        const sent = JSON.parse(requests[0].body) as ProbePod;
        // What the server receives still passes `restricted`: the client's serialization kept every field.
        assert.deepStrictEqual(restrictedViolations(sent.spec as SecurityPodSpec), []);
        assert.strictEqual(sent.spec.containers[0].securityContext?.readOnlyRootFilesystem, true);
        assert.deepStrictEqual(
            [sent.spec.serviceAccountName, sent.spec.automountServiceAccountToken, sent.spec.restartPolicy],
            ["portkey-gateway", false, "Never"],
        );
    });
});
