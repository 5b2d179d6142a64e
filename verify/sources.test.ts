// `npm run verify` when it cannot read its source: one line naming the file, or the kubeconfig,
// context and server, with the cause and the fix, and exit 2 (README "Checking a live cluster":
// 2 = the cluster, bundle or stack can't be read). It never blames the cluster for a bundle it
// could not read, never prints a JavaScript error, and never opens a special file.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { MAX_BUNDLE_FILE_BYTES, writeBundle } from "./bundle";
import { causeOf, forbiddenUser } from "./liveSource";
import { groupObjects } from "./observed";
import { spawned, startedEarly } from "../test/spawned";
import { healthyObjects, stackState, verifyInProcess as verify } from "./testing";
import { tempDir } from "../test/tempDir";

/** dev's cluster is created as portkey-dev in us-east-1 (Pulumi.dev.yaml; cluster.name default portkey-<stack>). */
const DEV_FIX = "`aws eks update-kubeconfig --name portkey-dev --region us-east-1`";

const tmp = (name: string) => tempDir(`verify-src-${name}-`);

/** A healthy dev bundle with `file` replaced by `content`. */
function bundleWith(file: string, content: unknown): string {
    const dir = tmp("bundle");
    writeBundle(dir, groupObjects(healthyObjects(stackState("dev"))));
    fs.writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
    return dir;
}

/** Runs verify --from and asserts exit 2, one line naming the file, nothing on stdout. */
async function rejectsBundle(dir: string, file: string, what: string) {
    const r = await verify(["--stack", "dev", "--from", dir]);
    assert.strictEqual(r.code, 2, r.stdout);
    assert.strictEqual(r.stdout, "", "no finding blames the cluster");
    assert.strictEqual(r.stderr.split("\n").filter((l) => l !== "").length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`error: bundle file ${path.join(dir, file)}: ${what}. Fix: `), r.stderr);
    assert.doesNotMatch(r.stderr, /TypeError|at .*\.ts:\d+|Cannot read properties/);
}

describe("verify --from a malformed bundle", function () {
    this.timeout(60000);
    const LIST = (items: unknown[]) => ({ apiVersion: "v1", kind: "List", items });

    it("a kind file that is a JSON array or a number", async () => {
        await rejectsBundle(bundleWith("daemonsets.json", []), "daemonsets.json", "is a JSON array, not a Kubernetes List of DaemonSet objects");
        await rejectsBundle(bundleWith("daemonsets.json", "42"), "daemonsets.json", "is a JSON number, not a Kubernetes List of DaemonSet objects");
        await rejectsBundle(bundleWith("pods.json", { kind: "List" }), "pods.json", "has no items list, so it is not a Kubernetes List of Pod objects");
    });
    it("items without metadata, or of another kind than the file's name", async () => {
        await rejectsBundle(bundleWith("daemonsets.json", LIST([{ kind: "DaemonSet" }])), "daemonsets.json", "items[0] has no metadata object");
        await rejectsBundle(bundleWith("nodes.json", LIST([{ metadata: {} }])), "nodes.json", "items[0].metadata has no name");
        await rejectsBundle(bundleWith("nodes.json", LIST([{ kind: "Pod", metadata: { name: "x" } }])), "nodes.json", "items[0] is a different kind, not Node");
    });
    it("fields of the wrong type: a container list that is an object, an Event message that is an object", async () => {
        const dep = { kind: "Deployment", metadata: { name: "d", namespace: "portkeyai" }, spec: { template: { spec: { containers: { name: "c" } } } } };
        await rejectsBundle(bundleWith("deployments.json", LIST([dep])), "deployments.json", "items[0].spec.template.spec.containers is an object, not a list");
        const ev = { kind: "Event", metadata: { name: "e" }, message: { text: "x" } };
        await rejectsBundle(bundleWith("events.json", LIST([ev])), "events.json", "items[0].message is an object, not a string");
        const ds = { kind: "DaemonSet", metadata: { name: "d" }, status: { numberReady: "2" } };
        await rejectsBundle(bundleWith("daemonsets.json", LIST([ds])), "daemonsets.json", "items[0].status.numberReady is a string, not a number");
    });
    it("a file that is not JSON, or another file with an item of a known kind that is malformed", async () => {
        await rejectsBundle(bundleWith("pods.json", "{not json"), "pods.json", "is not valid JSON");
        await rejectsBundle(
            bundleWith("raw.json", LIST([{ kind: "Pod", metadata: { name: "p" }, spec: { containers: "c" } }])),
            "raw.json",
            "items[0].spec.containers is a string, not a list",
        );
        await rejectsBundle(bundleWith("raw.json", LIST([{ metadata: { name: "p" } }])), "raw.json", "items[0] has no kind");
    });
    // The pipe made as this file loads, so mkfifo runs while the tests before this one run.
    const piped = startedEarly(
        (async () => {
            const dir = bundleWith("extra.json", LIST([]));
            fs.rmSync(path.join(dir, "pods.json"));
            const made = await spawned("mkfifo", [path.join(dir, "pods.json")]);
            assert.strictEqual(made.status, 0, made.stderr);
            return dir;
        })(),
    );
    it("a named pipe is reported, not opened (it would block the read forever)", async () => {
        const dir = await piped;
        await rejectsBundle(dir, "pods.json", "is not a regular file (a directory, pipe, socket or device)");
    });
    it("a file over the size bound is reported, not read", async () => {
        const dir = bundleWith("extra.json", LIST([]));
        fs.truncateSync(path.join(dir, "pods.json"), MAX_BUNDLE_FILE_BYTES + 1);
        await rejectsBundle(dir, "pods.json", "is larger than 64 MiB");
    });
    it("a --from path that is a file, not a directory", async () => {
        const file = path.join(tmp("file"), "bundle.json");
        fs.writeFileSync(file, "{}");
        const r = await verify(["--stack", "dev", "--from", file]);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.stderr, `error: the --from path ${file} is not a directory. Fix: give the directory a --dump wrote.\n`);
    });
    it("a well-formed bundle still passes", async () => {
        const r = await verify(["--stack", "dev", "--from", bundleWith("extra.json", LIST([]))]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    });
});

describe("verify against a cluster it cannot reach", function () {
    this.timeout(60000);
    const kubeconfigFor = (server: string) =>
        [
            "apiVersion: v1",
            "kind: Config",
            `clusters:\n- name: c\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
            "users:\n- name: ci-reader\n  user:\n    token: t",
            "contexts:\n- name: portkey\n  context:\n    cluster: c\n    user: ci-reader",
            "current-context: portkey",
            "",
        ].join("\n");
    function writeKubeconfig(server: string): string {
        const file = path.join(tmp("kube"), "config");
        fs.writeFileSync(file, kubeconfigFor(server));
        return file;
    }

    it("no kubeconfig: names where it looked and gives the stack's update-kubeconfig command", async () => {
        const missing = path.join(tmp("nokube"), "config");
        const r = await verify(["--stack", "dev"], { KUBECONFIG: missing, KUBERNETES_SERVICE_HOST: "" });
        assert.strictEqual(r.code, 2);
        assert.strictEqual(
            r.stderr,
            `error: cannot read the cluster: there is no kubeconfig (${missing} does not exist, and this is not a pod in a cluster). Fix: run ${DEV_FIX}.\n`,
        );
    });

    it("connection refused: names kubeconfig, context, server and user", async () => {
        const server = http.createServer();
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const port = (server.address() as { port: number }).port;
        await new Promise((r) => server.close(r));
        const kubeconfig = writeKubeconfig(`http://127.0.0.1:${port}`);
        const r = await verify(["--stack", "dev"], { KUBECONFIG: kubeconfig });
        assert.strictEqual(r.code, 2);
        assert.strictEqual(
            r.stderr,
            `error: cannot read daemonsets from the cluster: the connection was refused (nothing listens at that address); kubeconfig ${kubeconfig}, context portkey, server http://127.0.0.1:${port}, user ci-reader. Fix: run ${DEV_FIX} to point the kubeconfig at the stack's cluster, or pass --context for a context that reaches it.\n`,
        );
    });

    for (const [status, cause, fix] of [
        [
            401,
            "the API server answered 401 Unauthorized: it did not accept the credentials of user ci-reader (an expired token, or a kubeconfig of another cluster)",
            `run ${DEV_FIX} to point the kubeconfig at the stack's cluster, or pass --context for a context that reaches it`,
        ],
        [
            403,
            "the API server answered 403 Forbidden: user ci-reader (the server saw arn:aws:sts::123456789012:assumed-role/ci/session) may not read the objects verify needs",
            `give that identity read access to the cluster (an EKS access entry, or RBAC), or run ${DEV_FIX} with an identity that has it`,
        ],
    ] as const) {
        it(`HTTP ${status}: the cause with the identity, and the fix`, async () => {
            // The Status a kube-apiserver answers (k8s.io/apimachinery pkg/api/errors NewForbidden).
            const server = http.createServer((_req, res) => {
                res.writeHead(status, { "content-type": "application/json" });
                const message =
                    status === 403
                        ? 'daemonsets.apps is forbidden: User "arn:aws:sts::123456789012:assumed-role/ci/session" cannot list resource "daemonsets" in API group "apps" at the cluster scope'
                        : "Unauthorized";
                res.end(
                    JSON.stringify({
                        kind: "Status",
                        apiVersion: "v1",
                        status: "Failure",
                        message,
                        reason: status === 403 ? "Forbidden" : "Unauthorized",
                        code: status,
                    }),
                );
            });
            await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
            const port = (server.address() as { port: number }).port;
            try {
                const kubeconfig = writeKubeconfig(`http://127.0.0.1:${port}`);
                const r = await verify(["--stack", "dev"], { KUBECONFIG: kubeconfig });
                assert.strictEqual(r.code, 2);
                assert.strictEqual(
                    r.stderr,
                    `error: cannot read daemonsets from the cluster: ${cause}; kubeconfig ${kubeconfig}, context portkey, server http://127.0.0.1:${port}, user ci-reader. Fix: ${fix}.\n`,
                );
            } finally {
                await new Promise((r) => server.close(r));
            }
        });
    }
});

describe("causeOf", () => {
    const src = { kubeconfig: "k", user: "u" };
    it("tells DNS, timeouts, TLS and plain http apart", () => {
        assert.match(causeOf({ causeCode: "ENOTFOUND" }, src), /does not resolve/);
        assert.match(causeOf({ causeCode: "UND_ERR_CONNECT_TIMEOUT" }, src), /timed out/);
        assert.match(causeOf({ causeCode: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }, src), /^TLS failed/);
        assert.match(causeOf({ causeCode: "ERR_TLS_CERT_ALTNAME_INVALID" }, src), /^TLS failed/);
        assert.match(causeOf({ message: "HTTP protocol is not allowed when skipTLSVerify is not set or false" }, src), /plain http:\/\//);
        assert.strictEqual(causeOf({ status: 500 }, src), "the API server answered HTTP 500");
        assert.strictEqual(causeOf({}, src), "no answer from the API server");
    });
    it("reads the user from a Forbidden Status, and nothing from other text", () => {
        assert.strictEqual(forbiddenUser({ message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods"' }), "system:anonymous");
        assert.strictEqual(forbiddenUser("no user here"), undefined);
        assert.strictEqual(forbiddenUser(undefined), undefined);
    });
});
