// .github/workflows/e2e.yml: the structure that keeps an end-to-end run safe (no fork runs, its own
// environment and role, one run at a time) and clean (a teardown that always runs, a leftover
// check, a sweeper), plus what makes it a valid GitHub Actions workflow.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { SECRETS_MODES } from "../config/declaration";
import { ROOT } from "../offline/stackConfig";

const FILE = path.join(ROOT, ".github/workflows/e2e.yml");
const TEXT = fs.readFileSync(FILE, "utf8");
const wf = YAML.parse(TEXT);
const JOBS = wf.jobs as Record<string, any>;
const WEEKLY = "23 4 * * 1";
const SWEEPER = "41 6 * * *";

function runs(job: any): string {
    return job.steps
        .filter((s: any) => s.run)
        .map((s: any) => s.run as string)
        .join("\n");
}

function uses(job: any, action: string): any[] {
    return job.steps.filter((s: any) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
}

function script(name: string): string {
    return fs.readFileSync(path.join(ROOT, "e2e", name), "utf8");
}

/** The jobs `name` needs, transitively. */
function ancestors(name: string): string[] {
    const needs = JOBS[name].needs;
    const direct: string[] = needs === undefined ? [] : Array.isArray(needs) ? needs : [needs];
    return direct.flatMap((n) => [n, ...ancestors(n)]);
}

describe("workflow e2e.yml: a valid GitHub Actions workflow", () => {
    // GitHub "Workflow syntax for GitHub Actions": jobs.<id>.runs-on, steps[*] with `uses` or `run`, needs naming jobs.
    it("parses, and every job has runs-on, a time limit and steps that each use an action or run a command", () => {
        assert.strictEqual(wf.name, "e2e");
        for (const [name, job] of Object.entries(JOBS)) {
            assert.strictEqual(job["runs-on"], "ubuntu-latest", name);
            assert.ok(Number.isInteger(job["timeout-minutes"]) && job["timeout-minutes"] > 0, `${name}: timeout-minutes`);
            for (const step of job.steps ?? []) assert.ok((step.uses === undefined) !== (step.run === undefined), `${name}: ${JSON.stringify(step)}`);
            for (const n of ancestors(name)) assert.ok(n in JOBS, `${name} needs an unknown job ${n}`);
        }
    });
    it("closes every expression and reads only declared inputs", () => {
        assert.strictEqual((TEXT.match(/\$\{\{/g) ?? []).length, (TEXT.match(/\}\}/g) ?? []).length);
        const read = [...TEXT.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]);
        assert.ok(read.length > 0);
        for (const i of read) assert.ok(i in wf.on.workflow_dispatch.inputs, i);
    });
    it("pins every action to a major version and the Pulumi CLI to the SDK's version", () => {
        for (const job of Object.values(JOBS)) for (const s of job.steps) if (s.uses) assert.match(s.uses, /^[\w-]+\/[\w-]+@v\d+$/, s.uses);
        const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        for (const job of Object.values(JOBS)) for (const s of uses(job, "pulumi/actions")) assert.strictEqual(s.with["pulumi-version"], sdk);
    });
    it("every script it calls exists and is executable", () => {
        const called = [...TEXT.matchAll(/\be2e\/([\w-]+\.sh)\b/g)].map((m) => m[1]);
        assert.deepStrictEqual([...new Set(called)].sort(), ["check-endpoint.sh", "leftovers.sh", "sweep.sh", "teardown.sh"]);
        for (const f of called) assert.ok((fs.statSync(path.join(ROOT, "e2e", f)).mode & 0o111) !== 0, `${f} is not executable`);
    });
});

describe("workflow e2e.yml: when it runs", () => {
    it("by hand, choosing the mode and the endpoint type", () => {
        const inputs = wf.on.workflow_dispatch.inputs;
        assert.deepStrictEqual(inputs.mode.options, [...SECRETS_MODES]);
        assert.strictEqual(inputs.mode.default, "partial");
        assert.deepStrictEqual(inputs.endpoint.options, ["cluster", "internal-alb", "internal-nlb"]);
        assert.strictEqual(inputs.endpoint.default, "cluster");
    });
    it("on a weekly schedule, and a daily sweeper", () => {
        assert.deepStrictEqual(
            wf.on.schedule.map((s: any) => s.cron),
            [WEEKLY, SWEEPER],
        );
        assert.ok(JOBS.settings.if.includes(`github.event.schedule == '${WEEKLY}'`));
        assert.ok(JOBS.sweep.if.includes(`github.event.schedule == '${SWEEPER}'`));
        assert.ok(!JOBS.settings.if.includes(SWEEPER));
    });
    it("on pull requests only with the e2e label, and never from a fork", () => {
        assert.ok("pull_request" in wf.on);
        assert.ok(!("pull_request_target" in wf.on), "pull_request_target would run a fork's code with secrets");
        assert.match(JOBS.settings.if, /contains\(github\.event\.pull_request\.labels\.\*\.name, 'e2e'\)/);
        assert.match(JOBS.settings.if, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    });
    it("never in a fork: every job checks it, or needs a job that does", () => {
        for (const name of Object.keys(JOBS)) {
            const guarded = [name, ...ancestors(name)].some((n) => String(JOBS[n].if ?? "").includes("!github.event.repository.fork"));
            assert.ok(guarded, `${name} may run in a fork`);
        }
    });
    it("one run at a time per repository, never cancelling a run mid-way", () => {
        assert.deepStrictEqual(wf.concurrency, { group: "e2e-${{ github.repository }}", "cancel-in-progress": false });
        for (const [name, job] of Object.entries(JOBS)) assert.strictEqual(job.concurrency, undefined, name);
    });
    it("skips the load-balancer types when no certificate ARN is set", () => {
        const pick = JOBS.settings.steps[0];
        assert.match(pick.env.CERTIFICATE_ARN, /vars\.E2E_CERTIFICATE_ARN/);
        assert.match(pick.run, /\[ "\$ENDPOINT" != cluster \] && \[ -z "\$CERTIFICATE_ARN" \]/);
        assert.match(pick.run, /deploy=false/);
        assert.strictEqual(JOBS.up.if, "needs.settings.outputs.deploy == 'true'");
    });
});

describe("workflow e2e.yml: AWS access", () => {
    // GitHub "OpenID Connect reference": a job with an environment presents repo:<owner>/<repo>:environment:<name>.
    it("may request an OIDC token and read the repository, nothing more", () => {
        assert.deepStrictEqual(wf.permissions, { contents: "read", "id-token": "write" });
    });
    it("assumes the dedicated e2e role, only in jobs that run in the e2e environment", () => {
        for (const [name, job] of Object.entries(JOBS)) {
            const creds = uses(job, "aws-actions/configure-aws-credentials");
            if (creds.length === 0) continue;
            assert.strictEqual(job.environment, "e2e", name);
            assert.strictEqual(creds[0].with["role-to-assume"], "${{ vars.E2E_AWS_ROLE_ARN }}", name);
        }
        assert.ok(!TEXT.includes("vars.AWS_ROLE_ARN"), "the preview role is not the e2e role");
    });
    it("names the trust subject and the one-time setup in its opening comment", () => {
        const header = TEXT.slice(0, TEXT.search(/^name:/m));
        for (const needed of [
            "repo:<owner>/<repo>:environment:e2e",
            "required reviewers",
            "E2E_AWS_ROLE_ARN",
            "PULUMI_ACCESS_TOKEN",
            "E2E_CHECK_VALUE",
            "E2E_CERTIFICATE_ARN",
            "docs/e2e.md",
        ])
            assert.ok(header.includes(needed), needed);
    });
});

describe("workflow e2e.yml: its stack is never a shipped one", () => {
    it("the preview workflow neither previews nor deploys an e2e stack", () => {
        const preview = YAML.parse(fs.readFileSync(path.join(ROOT, ".github/workflows/preview.yml"), "utf8"));
        for (const job of ["preview", "up"]) {
            const stacks: string[] = preview.jobs[job].strategy.matrix.stack;
            assert.deepStrictEqual(
                stacks.filter((s) => s.startsWith("e2e")),
                [],
                job,
            );
        }
    });
});

describe("workflow e2e.yml: the run", () => {
    it("names its ephemeral stack after the run id", () => {
        assert.strictEqual(wf.env.STACK, "e2e-${{ github.run_id }}");
    });
    it("creates the stack from the committed template, copied into place", () => {
        const cmds = runs(JOBS.up);
        assert.ok(cmds.includes('cp e2e/Pulumi.e2e.template.yaml "Pulumi.$STACK.yaml"'));
        assert.ok(cmds.includes('pulumi stack select --create "$PULUMI_ORG/$STACK"'));
    });
    it("sets its secret values from GitHub secrets, encrypted with the new stack's key", () => {
        const step = JOBS.up.steps.find((s: any) => s.name === "Configure the stack");
        assert.match(step.env.CHECK_VALUE, /^\$\{\{ secrets\.E2E_CHECK_VALUE \}\}$/);
        assert.match(step.run, /pulumi config set --secret --path secretValues\.E2E_CHECK_VALUE "\$CHECK_VALUE"/);
        // A secret reaches a command through env, never spliced into the script text.
        for (const job of Object.values(JOBS)) for (const s of job.steps) if (s.run) assert.ok(!String(s.run).includes("secrets."), s.run);
    });
    it("plans offline, deploys, verifies with a support bundle and calls the gateway from inside the cluster", () => {
        const cmds = runs(JOBS.up);
        const order = ["npm run plan", "pulumi up --yes", "aws eks update-kubeconfig", "npm run verify", "e2e/check-endpoint.sh"].map((c) => cmds.indexOf(c));
        assert.ok(order.every((i) => i >= 0) && order.every((i, k) => k === 0 || i > order[k - 1]), JSON.stringify(order));
        assert.match(cmds, /npm run verify -- --stack "\$STACK" .*--dump e2e-bundle/);
        const upload = uses(JOBS.up, "actions/upload-artifact")[0];
        assert.strictEqual(upload.if, "always()");
        assert.strictEqual(upload.with.path, "e2e-bundle/");
    });
    it("checks the endpoint with a short-lived pod: the Service, or the load balancer with the real host name", () => {
        const check = script("check-endpoint.sh");
        assert.match(check, /kubectl run "\$pod" -n "\$ns" --rm -i --restart=Never/);
        assert.match(check, /http:\/\/\$service\.\$ns\.svc\.cluster\.local:\$port/);
        assert.match(check, /--connect-to "\$host:443:\$lb:443"/);
        // Portkey-AI/gateway (v1.15.2): GET / answers 200; /v1/* without a provider header answers 400.
        assert.match(check, /\[ "\$root" = 200 \] && \[ "\$chat" = 400 \]/);
    });
});

describe("workflow e2e.yml: teardown", () => {
    it("is a separate job that needs the deploy, runs whatever happened, with its own time limit", () => {
        const job = JOBS.teardown;
        assert.ok(ancestors("teardown").includes("up"));
        assert.match(job.if, /^always\(\) && /);
        assert.strictEqual(job.environment, "e2e");
        assert.ok(job["timeout-minutes"] > 0);
    });
    it("destroys and removes the stack, then fails the run if anything is left", () => {
        const cmds = runs(JOBS.teardown);
        assert.ok(cmds.indexOf('e2e/teardown.sh "$PULUMI_ORG/$STACK"') < cmds.indexOf('e2e/leftovers.sh "$STACK"'));
        assert.strictEqual(JOBS.teardown.steps.find((s: any) => s.run === 'e2e/leftovers.sh "$STACK"').if, "always()");
        const teardown = script("teardown.sh");
        for (const c of ["pulumi config refresh", "pulumi destroy --yes", "pulumi stack rm --yes", "pulumi refresh --yes"]) assert.ok(teardown.includes(c), c);
    });
    it("retries past the known hazards: Ingress finalizers and pods stuck terminating", () => {
        const teardown = script("teardown.sh");
        assert.match(teardown, /for attempt in 1 2 3/);
        assert.match(teardown, /"op":"remove","path":"\/metadata\/finalizers"/);
        assert.match(teardown, /delete pod "\$pod" -n "\$ns" --grace-period=0 --force/);
    });
    it("looks for leftovers by the program's tags and by the load balancer controller's and the CNI's own", () => {
        const left = script("leftovers.sh");
        // derive/tags.ts; LBC docs (elbv2.k8s.aws/cluster); aws/amazon-vpc-cni-k8s (cluster.k8s.amazonaws.com/name).
        for (const tag of ["pulumi:stack", "elbv2.k8s.aws/cluster", "cluster.k8s.amazonaws.com/name", "kubernetes.io/cluster/", "eks:cluster-name"])
            assert.ok(left.includes(tag), tag);
        for (const what of ["describe-security-groups", "describe-network-interfaces", "get-resources", "describe-cluster"])
            assert.ok(left.includes(what), what);
        assert.match(left, /exit 1\s*$/);
    });
    it("a sweeper destroys the stacks of force-cancelled runs, inside the same concurrency group", () => {
        assert.strictEqual(JOBS.sweep.environment, "e2e");
        assert.strictEqual(JOBS.sweep.needs, undefined);
        assert.match(runs(JOBS.sweep), /e2e\/sweep\.sh "\$PULUMI_ORG"/);
        const sweep = script("sweep.sh");
        assert.match(sweep, /startsWith\("e2e-"\)/);
        assert.match(sweep, /teardown\.sh" "\$org\/\$stack" && "\$here\/leftovers\.sh" "\$stack"/);
    });
});
