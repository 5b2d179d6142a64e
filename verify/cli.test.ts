// `npm run verify` end to end: --from on bundles the tests write, and the live path against a
// stand-in for the Kubernetes API server (a small HTTP server on 127.0.0.1 that answers the
// list and get calls the command makes), which proves the client-node wiring, the kubeconfig
// and --context handling, and that only GET requests are made.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { writeBundle } from "./bundle";
import { SAMPLE_MESSAGES } from "./samples";
import { KNOWN_CAUSES } from "./knownCauses";
import { groupObjects, KINDS } from "./observed";
import { CANARY, failureEvent, healthyObjects, ROLE_ARN, stackState, verifyInProcess as verify } from "./testing";
import { KubeObject } from "./types";

const CANARY_B64 = Buffer.from(CANARY).toString("base64");

function tmp(name: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `verify-${name}-`));
}

function assertNoCanary(text: string, where: string) {
    assert.ok(!text.includes(CANARY) && !text.includes(CANARY_B64), `secret value leaked into ${where}`);
}

describe("npm run verify", function () {
    this.timeout(60000);

    it("--from an empty bundle: exit 1, findings say what is missing", async () => {
        const r = await verify(["--stack", "dev", "--from", tmp("empty")]);
        assert.strictEqual(r.code, 1, r.stderr);
        assert.match(r.stdout, /^FAIL {2}driver\.csidriver .*found: 0 CSIDriver secrets-store\.csi\.k8s\.io/m);
        assert.match(r.stdout, /^FAIL {2}class\.spec .*found: none in portkeyai/m);
        assert.match(r.stdout, /^FAIL {2}secret\.synced .*found: none/m);
    });

    it("--from a healthy bundle: exit 0, one line per check", async () => {
        const dir = tmp("healthy");
        writeBundle(dir, groupObjects(healthyObjects(stackState("prod"))));
        const r = await verify(["--stack", "prod", "--from", dir]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.doesNotMatch(r.stdout, /^FAIL/m);
        assert.match(r.stdout, /^PASS {2}mount\.podStatus /m);
        assert.match(r.stdout, /passed, 0 failed/);
    });

    it("--from a bundle of every known failure: each cause's fix, never the canary secret (text and --json)", async () => {
        const e = stackState("dev");
        const events = KNOWN_CAUSES.map((c, i) => failureEvent(e, "FailedMount", SAMPLE_MESSAGES[c.id], `portkey-gateway-5d8f7c9b4-p${i}`));
        const dir = tmp("causes");
        // A raw `kubectl get secret -o json` file with the canary value: the reader must redact it.
        const raw = healthyObjects(e);
        fs.writeFileSync(path.join(dir, "raw.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items: [...raw, ...events] }));
        const [text, json] = await Promise.all([verify(["--stack", "dev", "--from", dir]), verify(["--stack", "dev", "--from", dir, "--json"])]);
        assert.strictEqual(text.code, 1);
        assert.strictEqual(json.code, 1);
        for (const c of KNOWN_CAUSES) assert.ok(text.stdout.includes(`fix: ${c.fix}`), `fix of ${c.id}`);
        const report = JSON.parse(json.stdout) as { findings: Array<{ id: string; fix?: string }> };
        assert.deepStrictEqual(
            report.findings
                .filter((f) => f.id.startsWith("events."))
                .map((f) => f.id)
                .sort(),
            KNOWN_CAUSES.map((c) => `events.${c.id}`).sort(),
        );
        assertNoCanary(text.stdout + text.stderr, "text output");
        assertNoCanary(json.stdout + json.stderr, "--json output");
    });

    it("exit 2 when the bundle directory does not exist, naming it", async () => {
        const missing = path.join(tmp("gone"), "no-such-dir");
        const r = await verify(["--stack", "dev", "--from", missing]);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(r.stderr, `error: the --from directory ${missing} does not exist. Fix: give the directory a --dump wrote.\n`);
        assert.strictEqual(r.stdout, "");
    });
});

describe("npm run verify, live, against a stand-in API server", function () {
    this.timeout(60000);
    let server: http.Server;
    const requests: Array<{ method: string; url: string }> = [];
    let kubeconfig: string;

    before(async () => {
        const objects = healthyObjects(stackState("dev"));
        server = http.createServer((req, res) => {
            requests.push({ method: req.method ?? "", url: req.url ?? "" });
            const body = answer(objects, req.url ?? "/");
            res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
            res.end(JSON.stringify(body ?? { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const port = (server.address() as { port: number }).port;
        kubeconfig = path.join(tmp("kube"), "config");
        fs.writeFileSync(kubeconfig, kubeconfigYaml(port));
    });
    after(() => server.close());

    it("reads with GET only, passes on a healthy cluster, and --dump writes redacted Lists", async () => {
        const dump = tmp("dump");
        const r = await verify(["--stack", "dev", "--context", "standin", "--role-arn", ROLE_ARN, "--dump", dump], { KUBECONFIG: kubeconfig });
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.ok(requests.length >= 10);
        assert.deepStrictEqual([...new Set(requests.map((q) => q.method))], ["GET"]);
        assert.ok(requests.some((q) => q.url.startsWith("/apis/secrets-store.csi.x-k8s.io/v1/namespaces/portkeyai/secretproviderclasses")));
        for (const k of KINDS) {
            const list = JSON.parse(fs.readFileSync(path.join(dump, k.file), "utf8"));
            assert.strictEqual(list.kind, "List");
            assert.strictEqual(list.apiVersion, "v1");
            for (const item of list.items) assert.deepStrictEqual([item.kind, item.apiVersion], [k.kind, k.apiVersion]);
            assertNoCanary(JSON.stringify(list), k.file);
        }
        const secrets = JSON.parse(fs.readFileSync(path.join(dump, "secrets.json"), "utf8"));
        assert.deepStrictEqual(secrets.items[0].data, {
            ANTHROPIC_API_KEY: "<redacted>",
            OPENAI_API_KEY: "<redacted>",
            ORGANISATIONS_TO_SYNC: "<redacted>",
            PORTKEY_CLIENT_AUTH: "<redacted>",
        });
        assertNoCanary(r.stdout + r.stderr, "live output");
        const again = await verify(["--stack", "dev", "--from", dump]);
        assert.strictEqual(again.code, 0, "the dump is a bundle --from can check");
    });

    it("reads only resources docs/operating.md lists under what verify reads, including the drift checks' kinds", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "operating.md"), "utf8");
        const section = doc.slice(doc.indexOf("### What `verify` reads"), doc.indexOf("\n## ", doc.indexOf("### What `verify` reads")));
        const plurals = new Set(
            requests.map((q) => /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/[^/]+)?\/([a-z]+)/.exec(new URL(q.url, "http://x").pathname)?.[1] ?? q.url),
        );
        for (const kind of ["networkpolicies", "services", "ingresses", "poddisruptionbudgets", "namespaces"]) assert.ok(plurals.has(kind), `${kind} is read`);
        for (const plural of plurals) assert.ok(section.includes(`\`${plural}\``), `docs/operating.md does not list ${plural}`);
    });

    it("--write-probe on a stack without logStore: N/A, and still only GET requests (no pod)", async () => {
        const before = requests.length;
        const r = await verify(["--stack", "dev", "--context", "standin", "--role-arn", ROLE_ARN, "--write-probe"], { KUBECONFIG: kubeconfig });
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^N\/A {3}dataPlane\.writeProbe .*the stack sets no logStore/m);
        assert.deepStrictEqual([...new Set(requests.slice(before).map((q) => q.method))], ["GET"]);
    });

    it("exit 2 for a --context the kubeconfig does not have, naming the kubeconfig, its contexts and the fix", async () => {
        const r = await verify(["--stack", "dev", "--context", "no-such-ctx"], { KUBECONFIG: kubeconfig });
        assert.strictEqual(r.code, 2);
        assert.match(
            r.stderr,
            /^error: cannot read the cluster: the kubeconfig \S+ has no context no-such-ctx \(it has standin, other\)\. Fix: run `aws eks update-kubeconfig --name \S+ --region \S+`, or pass --context with one of its contexts\.\n$/,
        );
        assert.ok(r.stderr.includes(kubeconfig));
    });
});

function kubeconfigYaml(port: number): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: standin\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
        "users:",
        "- name: standin\n  user:\n    token: test-token",
        "contexts:",
        "- name: standin\n  context:\n    cluster: standin\n    user: standin",
        "- name: other\n  context:\n    cluster: standin\n    user: standin",
        "current-context: other",
        "",
    ].join("\n");
}

function labelsMatch(o: KubeObject, selector: string | null): boolean {
    if (!selector) return true;
    return selector.split(",").every((pair) => {
        const [k, v] = pair.split("=");
        return o.metadata.labels?.[k] === v;
    });
}

/** Serves the fixture as the API server would: typed Lists whose items carry no kind, or one object. */
function answer(objects: KubeObject[], url: string): unknown {
    const u = new URL(url, "http://x");
    const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(u.pathname);
    if (!m) return undefined;
    const [, ns, plural, name] = m;
    const info = KINDS.find((k) => k.file === `${plural}.json`);
    if (!info) return undefined;
    const wanted = objects.filter((o) => o.kind === info.kind && (!ns || o.metadata.namespace === ns) && labelsMatch(o, u.searchParams.get("labelSelector")));
    const raw = (o: KubeObject) =>
        o.kind === "Secret" ? { ...o, data: Object.fromEntries(Object.keys((o as { data?: object }).data ?? {}).map((k) => [k, CANARY_B64])) } : o;
    if (name) {
        const one = wanted.find((o) => o.metadata.name === name);
        return one ? raw(one) : undefined;
    }
    const items = wanted.map((o) => {
        const { apiVersion: _a, kind: _k, ...rest } = raw(o);
        return rest;
    });
    return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: "1" }, items };
}
