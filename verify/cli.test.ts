// `npm run verify` end to end: --from on bundles the tests write, and the live path against a
// stand-in for the Kubernetes API server (a small HTTP server on 127.0.0.1 that answers the
// list and get calls the command makes), which proves the client-node wiring, the kubeconfig
// and --context handling, and that only GET requests are made.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { writeBundle } from "./bundle";
import { SAMPLE_MESSAGES } from "./samples";
import { KNOWN_CAUSES } from "./knownCauses";
import { groupObjects, KINDS } from "./observed";
import { answer, kubeconfigYaml } from "./standinApi";
import { CANARY, failureEvent, healthyObjects, ROLE_ARN, stackState, verifyInProcess as verify } from "./testing";
import { KubeObject } from "./types";
import { parseArgs } from "../scripts/verify";
import { all, shippedPlan, unwrap } from "../test/testing";
import { tempDir } from "../test/tempDir";

const CANARY_B64 = Buffer.from(CANARY).toString("base64");

function tmp(name: string): string {
    return tempDir(`verify-${name}-`);
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

describe("npm run verify --dataservice-role-arn", () => {
    it("takes the dataservice's role as its own flag, beside --role-arn", () => {
        const ds = "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam";
        const args = parseArgs(["--stack", "prod", "--role-arn", ROLE_ARN, "--dataservice-role-arn", ds]);
        assert.deepStrictEqual([args.roleArn, args.dataserviceRoleArn], [ROLE_ARN, ds]);
        assert.throws(() => parseArgs(["--stack", "prod", "--dataservice-role-arn"]), /--dataservice-role-arn needs a value/);
    });
});

describe("npm run verify --lb-cidrs", function () {
    this.timeout(60000);
    const CALLERS = "portkey-gateway-callers";
    /** The load balancer subnets' blocks in the healthy staging objects (verify/testing.ts `withAwsFacts`). */
    const LIVE = "10.0.201.0/24,10.0.202.0/24";
    const NA_LINE =
        /^N\/A +drift\.networkPolicy\/portkey-gateway-callers\.ipBlocks +expected: not checked: .*--lb-cidrs "\$\(pulumi stack output loadBalancerSubnetCidrs --stack staging --json \| jq -r 'join\(","\)'\)"/m;
    function stagingBundle(change?: (from: Array<Record<string, any>>) => Array<Record<string, any>>): string {
        const dir = tmp("lb-cidrs");
        const objects = healthyObjects(stackState("staging")).map((o) => {
            if (!change || o.kind !== "NetworkPolicy" || o.metadata.name !== CALLERS) return o;
            const copy = structuredClone(o) as KubeObject & { spec: { ingress: Array<{ from: Array<Record<string, any>> }> } };
            copy.spec.ingress[0].from = change(copy.spec.ingress[0].from);
            return copy;
        });
        writeBundle(dir, groupObjects(objects));
        return dir;
    }
    /** The ipBlocks replaced by one block of the whole VPC (Pulumi.staging.yaml's cluster network). */
    const wholeVpc = (from: Array<Record<string, any>>) => [...from.filter((x) => !x.ipBlock), { ipBlock: { cidr: "10.0.0.0/16" } }];
    /** Each ipBlock widened to the whole VPC, their number kept. */
    const eachWidened = (from: Array<Record<string, any>>) => from.map((x) => (x.ipBlock ? { ipBlock: { cidr: "10.0.0.0/16" } } : x));

    it("a healthy bundle with the right --lb-cidrs: exit 0, the policy compared with them, no ipBlock left unchecked", async () => {
        const r = await verify(["--stack", "staging", "--from", stagingBundle(), "--lb-cidrs", LIVE]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^PASS {2}drift\.networkPolicy\/portkey-gateway-callers /m);
        assert.doesNotMatch(r.stdout, /ipBlocks/);
        // In either order, with spaces, as `jq -r 'join(",")'` or a hand gives them.
        assert.strictEqual((await verify(["--stack", "staging", "--from", stagingBundle(), "--lb-cidrs=10.0.202.0/24, 10.0.201.0/24"])).code, 0);
    });

    it("with --lb-cidrs: the ipBlocks replaced by 10.0.0.0/16, or each widened to it, exit 1 naming spec.ingress", async () => {
        for (const change of [wholeVpc, eachWidened]) {
            const r = await verify(["--stack", "staging", "--from", stagingBundle(change), "--lb-cidrs", LIVE]);
            assert.strictEqual(r.code, 1, r.stdout);
            assert.match(
                r.stdout,
                /^FAIL {2}drift\.networkPolicy\/portkey-gateway-callers .*found: spec\.ingress: expected .*10\.0\.201\.0\/24.*10\.0\.0\.0\/16/m,
            );
        }
    });

    it("without --lb-cidrs: the N/A line names the flag and the stack output; a widened block is never passed silently", async () => {
        const healthy = await verify(["--stack", "staging", "--from", stagingBundle()]);
        assert.strictEqual(healthy.code, 0, healthy.stdout);
        assert.match(healthy.stdout, NA_LINE);
        const widened = await verify(["--stack", "staging", "--from", stagingBundle(eachWidened)]);
        assert.match(widened.stdout, NA_LINE);
        // Fewer blocks than the stack's subnets is a difference the stack determines: it fails without the flag too.
        const fewer = await verify(["--stack", "staging", "--from", stagingBundle(wholeVpc)]);
        assert.strictEqual(fewer.code, 1, fewer.stdout);
    });

    it("an empty --lb-cidrs (the output of a cluster endpoint, []) is accepted: dev's healthy bundle exits 0", async () => {
        const dir = tmp("lb-cidrs-dev");
        writeBundle(dir, groupObjects(healthyObjects(stackState("dev"))));
        const r = await verify(["--stack", "dev", "--from", dir, "--lb-cidrs", ""]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    });

    it("a value that is not a list of IPv4 blocks: exit 2 naming --lb-cidrs and the stack output, nothing read", async () => {
        for (const bad of ["10.0.201.0/24,subnet-0a1b2c3d", "10.0.201.0", "10.0.201.0/33", "fd00::/64"]) {
            const r = await verify(["--stack", "staging", "--from", tmp("bad"), "--lb-cidrs", bad]);
            assert.strictEqual(r.code, 2, bad);
            assert.match(
                r.stderr,
                /^error: --lb-cidrs: item \d is not an IPv4 block a\.b\.c\.d\/n; pass the stack output: --lb-cidrs "\$\(pulumi stack output loadBalancerSubnetCidrs/,
            );
        }
    });

    it("the stack output loadBalancerSubnetCidrs is what the -callers policy admits: each subnet's block, none for a cluster endpoint", async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const p = await shippedPlan(stack);
            const policy = all(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((r) => r.name.endsWith("-callers"))!;
            const spec = unwrap<{ ingress: Array<{ from: Array<{ ipBlock?: { cidr: string } }> }> }>(policy.inputs.spec);
            const blocks = spec.ingress.flatMap((r) => r.from.flatMap((x) => (x.ipBlock ? [x.ipBlock.cidr] : [])));
            assert.deepStrictEqual(p.outputs.loadBalancerSubnetCidrs, blocks, stack);
            // docs/endpoint.md: dev is a cluster endpoint; staging's ALB and prod's NLB each have their subnets.
            assert.strictEqual(blocks.length === 0, stack === "dev", stack);
        }
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

    it("reads only resources docs/operating.md lists under what verify reads, including the drift checks' kinds", async () => {
        // Run on its own (mocha --grep), the live read above has not happened yet.
        if (requests.length === 0) await verify(["--stack", "dev", "--context", "standin", "--role-arn", ROLE_ARN], { KUBECONFIG: kubeconfig });
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
