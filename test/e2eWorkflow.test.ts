// .github/workflows/e2e.yml: the structure that keeps an end-to-end run safe (no fork runs, its own
// environments and roles, a token only where Pulumi runs) and clean (a teardown that never waits
// for a reviewer, a leftover check, a sweeper), which events run it and which runs queue behind
// which (its `if:` and concurrency expressions evaluated by test/workflowModel.ts), plus what
// makes it a valid GitHub Actions workflow.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SECRETS_MODES } from "../config/declaration";
import { COMPUTE_TYPES } from "../derive/compute";
import { ROOT } from "../offline/stackConfig";
import { refuseTempLeft } from "./e2eScript";
import { Spawned, spawned, startedEarly } from "./spawned";
import { interpolate, runsIf, stepOutputsForEach } from "./workflowModel";
import { parsedYamlFile } from "./parsedYaml";
import { tempDir } from "./tempDir";

const FILE = path.join(ROOT, ".github/workflows/e2e.yml");
const TEXT = fs.readFileSync(FILE, "utf8");
const wf = parsedYamlFile(FILE);
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

/** A pull_request event of `action` on a pull request carrying `labels`, from `head` (this repository by default). */
function pullRequest(action: string, labels: string[], added?: string, head = "owner/repo", number = 7): Record<string, unknown> {
    return {
        event_name: "pull_request",
        event: {
            action,
            ...(added === undefined ? {} : { label: { name: added } }),
            number,
            pull_request: { number, labels: labels.map((name) => ({ name })), head: { repo: { full_name: head } } },
            repository: { fork: head !== "owner/repo" },
        },
    };
}

/** The expression context of a run of this repository for `github` fields, with the settings job's decision. */
function context(github: Record<string, unknown>, deploy = "true"): Record<string, unknown> {
    return { github: { repository: "owner/repo", run_id: "555", ...github }, needs: { settings: { outputs: { deploy } } } };
}

const EVENTS: Array<[string, Record<string, unknown>, boolean]> = [
    ["the label e2e just added", pullRequest("labeled", ["e2e"], "e2e"), true],
    ["another label added to a pull request that carries e2e", pullRequest("labeled", ["e2e", "docs"], "docs"), false],
    ["a push to a pull request that carries e2e", pullRequest("synchronize", ["e2e"]), true],
    ["a push to a pull request without it", pullRequest("synchronize", ["docs"]), false],
    ["the label e2e on a pull request from a fork", pullRequest("labeled", ["e2e"], "e2e", "someone/fork"), false],
    ["the weekly schedule", { event_name: "schedule", event: { schedule: WEEKLY, repository: { fork: false } } }, true],
    ["the sweeper's schedule", { event_name: "schedule", event: { schedule: SWEEPER, repository: { fork: false } } }, false],
    ["a manual run", { event_name: "workflow_dispatch", event: { repository: { fork: false } } }, true],
    ["a manual run in a fork", { event_name: "workflow_dispatch", event: { repository: { fork: true } } }, false],
];

/** The concurrency group `job` takes in a run of `github` (undefined: none), with the settings job's decision. */
function group(job: string, github: Record<string, unknown>, deploy = "true"): unknown {
    const c = JOBS[job].concurrency;
    return c === undefined
        ? undefined
        : interpolate(typeof c === "string" ? c : c.group, { ...context(github, deploy), github: { ...(context(github).github as object), ...github } });
}

/** Whether a step calls the Pulumi CLI, directly or through one of the e2e scripts that do. */
function callsPulumi(step: any): boolean {
    const run = String(step.run ?? "");
    return /(^|[\s$(])pulumi /m.test(run) || /e2e\/(teardown|sweep)\.sh/.test(run);
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
        assert.deepStrictEqual([...new Set(called)].sort(), [
            "check-auto-mode.sh",
            "check-endpoint.sh",
            "check-network-policy.sh",
            "leftovers.sh",
            "load-hpa.sh",
            "sweep.sh",
            "teardown.sh",
        ]);
        for (const f of called) assert.ok((fs.statSync(path.join(ROOT, "e2e", f)).mode & 0o111) !== 0, `${f} is not executable`);
    });
});

describe("workflow e2e.yml: when it runs", () => {
    it("by hand, choosing the mode, the endpoint type and what runs the nodes", () => {
        const inputs = wf.on.workflow_dispatch.inputs;
        assert.deepStrictEqual(inputs.mode.options, [...SECRETS_MODES]);
        assert.strictEqual(inputs.mode.default, "partial");
        assert.deepStrictEqual(inputs.endpoint.options, ["cluster", "internal-alb", "internal-nlb"]);
        assert.strictEqual(inputs.endpoint.default, "cluster");
        // derive/compute.ts: the values cluster.compute takes; node groups unless a run asks for Auto Mode.
        assert.deepStrictEqual(inputs.compute.options, [...COMPUTE_TYPES]);
        assert.strictEqual(inputs.compute.default, "node-group");
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
        assert.deepStrictEqual(wf.on.pull_request.types, ["labeled", "synchronize"]);
    });
    it("never in a fork: every job checks it, or needs a job that does", () => {
        for (const name of Object.keys(JOBS)) {
            const guarded = [name, ...ancestors(name)].some((n) => String(JOBS[n].if ?? "").includes("!github.event.repository.fork"));
            assert.ok(guarded, `${name} may run in a fork`);
        }
    });
    // GitHub "Webhook events and payloads", pull_request: a `labeled` event carries the label just added in `label`.
    for (const [what, event, deploys] of EVENTS) {
        it(`${deploys ? "deploys" : "deploys nothing"} on ${what}`, () => {
            assert.strictEqual(runsIf(JOBS.settings.if, context(event)), deploys);
            assert.strictEqual(runsIf(JOBS.sweep.if, context(event)), what === "the sweeper's schedule");
        });
    }
    // docs/e2e.md: a load-balancer type needs a certificate (E2E_CERTIFICATE_ARN) and a name it covers
    // (E2E_HOSTNAME); without either the run is skipped with a notice naming what is missing.
    const CERT = "arn:aws:acm:us-east-1:111122223333:certificate/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e";
    const BOTH = { E2E_CERTIFICATE_ARN: CERT, E2E_HOSTNAME: "gw.example.com" };
    const PICKS: Array<[string, string, Record<string, string>, string, RegExp | undefined]> = [
        ["cluster", "node-group", {}, "true", undefined],
        ["internal-alb", "node-group", BOTH, "true", undefined],
        ["internal-alb", "node-group", { E2E_HOSTNAME: "gw.example.com" }, "false", /set the variable\(s\) E2E_CERTIFICATE_ARN \(/],
        ["internal-nlb", "node-group", { E2E_CERTIFICATE_ARN: CERT }, "false", /set the variable\(s\) E2E_HOSTNAME \(/],
        ["internal-nlb", "node-group", {}, "false", /set the variable\(s\) E2E_CERTIFICATE_ARN and E2E_HOSTNAME \(/],
        ["cluster", "auto-mode", {}, "true", undefined],
        // config/rules/endpoint.ts autoModeTlsPolicyUnknown refuses a load balancer under auto-mode.
        ["internal-alb", "auto-mode", BOTH, "false", /compute auto-mode runs with endpoint type cluster only/],
        ["internal-nlb", "auto-mode", BOTH, "false", /compute auto-mode runs with endpoint type cluster only/],
    ];
    // The pick step for each run, all started as this file loads, so bash runs them while the tests before these run.
    const pick = JOBS.settings.steps.find((s: any) => s.id === "pick");
    const [pickedWithoutInputs, ...picked] = stepOutputsForEach(pick, [
        { inputs: {}, vars: {} },
        ...PICKS.map(([endpoint, compute, vars]) => ({ inputs: { mode: "partial", endpoint, compute }, vars })),
    ]).map(startedEarly);
    PICKS.forEach(([endpoint, compute, vars, deploy, notice], i) => {
        it(`settings: ${endpoint} on ${compute} with ${Object.keys(vars).join(" and ") || "no variable"} set ${deploy === "true" ? "deploys" : "is skipped"}`, async () => {
            const { outputs, stdout } = await picked[i];
            assert.deepStrictEqual(outputs, { mode: "partial", endpoint, compute, deploy });
            if (notice) assert.match(stdout, notice);
            else assert.doesNotMatch(stdout, /::notice::/);
        });
    });
    it("settings: the weekly run and a pull request's, which have no inputs, run partial on node groups with endpoint cluster", async () => {
        const { outputs } = await pickedWithoutInputs;
        assert.deepStrictEqual(outputs, { mode: "partial", endpoint: "cluster", compute: "node-group", deploy: "true" });
        assert.deepStrictEqual(Object.keys(JOBS.settings.outputs).sort(), ["compute", "deploy", "endpoint", "mode"]);
    });
    it("up runs only when settings decided to deploy", () => assert.strictEqual(JOBS.up.if, "needs.settings.outputs.deploy == 'true'"));
});

/**
 * sweep.sh run for real, beside stand-ins for teardown.sh and leftovers.sh, with a `pulumi` that lists
 * four e2e stacks and a `gh` that answers each run's status (404: a deleted run); `log` is what the
 * stand-ins recorded; it fails if sweep.sh leaves anything in its TMPDIR. Started at once; Node goes on
 * running other tests while bash runs it.
 */
function sweep(): Promise<Spawned & { log: string }> {
    const dir = tempDir("sweep-");
    const tmp = path.join(dir, "tmp");
    fs.mkdirSync(tmp);
    fs.copyFileSync(path.join(ROOT, "e2e/sweep.sh"), path.join(dir, "sweep.sh"));
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    stub("teardown.sh", 'echo "teardown $1" >> "$LOG"');
    stub("leftovers.sh", 'echo "leftovers $1" >> "$LOG"');
    stub("pulumi", `echo '${JSON.stringify(["e2e-1", "e2e-2", "e2e-3", "e2e-4", "dev"].map((n) => ({ name: `org/portkey-gateway/${n}` })))}'`);
    stub("gh", 'case "$2" in */1) echo completed ;; */2) echo in_progress ;; */3) echo queued ;; *) echo "gh: Not Found (HTTP 404)" >&2; exit 1 ;; esac');
    const log = path.join(dir, "log");
    return spawned("bash", [path.join(dir, "sweep.sh"), "org"], {
        env: { PATH: `${dir}:${process.env.PATH}`, LOG: log, GITHUB_REPOSITORY: "owner/repo", TMPDIR: tmp },
    })
        .then((r) => {
            refuseTempLeft(dir, "e2e/sweep.sh");
            return { ...r, log: fs.readFileSync(log, "utf8") };
        })
        .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

describe("workflow e2e.yml: which runs queue behind which", () => {
    // GitHub "Control the concurrency of workflows and jobs": a group holds one running and one
    // pending job or run; a newly queued one cancels the pending one. A workflow-level group is
    // taken by every run, before any job's `if:`.
    it("no workflow-level group: a run that deploys nothing never takes a group another run waits in", () => {
        assert.strictEqual(wf.concurrency, undefined);
        assert.deepStrictEqual(
            Object.keys(JOBS)
                .filter((j) => JOBS[j].concurrency !== undefined)
                .sort(),
            ["sweep", "up"],
        );
        for (const [what, event, deploys] of EVENTS) {
            if (deploys) continue;
            // Were `up` to take its group although settings decided nothing, the group is the run's own.
            assert.strictEqual(group("up", event, ""), "e2e-none-555", what);
        }
    });
    it("each kind of run has its own group: a pull request's, the weekly run's, each manual run's, the sweeper's", () => {
        const groups = [
            group("up", pullRequest("labeled", ["e2e"], "e2e", "owner/repo", 7)),
            group("up", pullRequest("synchronize", ["e2e"], undefined, "owner/repo", 8)),
            group("up", { event_name: "schedule", event: { schedule: WEEKLY } }),
            group("up", { event_name: "workflow_dispatch", run_id: "556" }),
            group("up", { event_name: "workflow_dispatch", run_id: "557" }),
            group("sweep", { event_name: "schedule", event: { schedule: SWEEPER } }),
        ];
        assert.deepStrictEqual(groups, ["e2e-pr-7", "e2e-pr-8", "e2e-weekly", "e2e-dispatch-556", "e2e-dispatch-557", "e2e-sweep"]);
        // A newer push to the same pull request replaces its pending run, never another pull request's.
        assert.strictEqual(group("up", pullRequest("synchronize", ["e2e"], undefined, "owner/repo", 7)), "e2e-pr-7");
    });
    it("never cancels a running job, and teardown takes no group, so it is never cancelled while pending", () => {
        for (const job of ["up", "sweep"]) assert.strictEqual(JOBS[job].concurrency["cancel-in-progress"], false, job);
        assert.strictEqual(JOBS.teardown.concurrency, undefined);
    });
    const swept = startedEarly(sweep());
    it("the sweeper leaves alone every stack whose run is still queued or in progress", async () => {
        const r = await swept;
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(r.log.trim().split("\n"), ["teardown org/e2e-1", "leftovers e2e-1", "teardown org/e2e-4", "leftovers e2e-4"]);
        assert.match(r.stdout, /run 2 is in_progress: e2e-2 left alone/);
        assert.deepStrictEqual(JOBS.sweep.permissions, { contents: "read", "id-token": "write", actions: "read" });
        const step = JOBS.sweep.steps.find((s: any) => String(s.run ?? "").includes("e2e/sweep.sh"));
        assert.strictEqual(step.env.GH_TOKEN, "${{ github.token }}");
    });
});

describe("workflow e2e.yml: AWS access", () => {
    // GitHub "OpenID Connect reference": a job with an environment presents repo:<owner>/<repo>:environment:<name>.
    // GitHub "Reviewing deployments": a job that names an environment with required reviewers waits for an approval.
    it("may request an OIDC token and read the repository, nothing more", () => {
        assert.deepStrictEqual(wf.permissions, { contents: "read", "id-token": "write" });
    });
    it("deploys with the e2e role in the reviewed environment; destroys and sweeps with the cleanup role in one without reviewers", () => {
        const expected: Record<string, [string, string]> = {
            up: ["e2e", "${{ vars.E2E_AWS_ROLE_ARN }}"],
            teardown: ["e2e-cleanup", "${{ vars.E2E_CLEANUP_ROLE_ARN }}"],
            sweep: ["e2e-cleanup", "${{ vars.E2E_CLEANUP_ROLE_ARN }}"],
        };
        for (const [name, job] of Object.entries(JOBS)) {
            const creds = uses(job, "aws-actions/configure-aws-credentials");
            if (creds.length === 0) {
                assert.strictEqual(job.environment, undefined, name);
                continue;
            }
            assert.deepStrictEqual([job.environment, creds[0].with["role-to-assume"]], expected[name], name);
        }
        assert.ok(!TEXT.includes("vars.AWS_ROLE_ARN"), "the preview role is not the e2e role");
    });
    it("the cleanup role gets cluster-admin before destroy: it did not create the cluster", () => {
        const teardown = script("teardown.sh");
        assert.match(teardown, /aws eks create-access-entry --cluster-name "\$cluster" --principal-arn "\$role"/);
        assert.match(teardown, /cluster-access-policy\/AmazonEKSClusterAdminPolicy" --access-scope type=cluster/);
        assert.ok(teardown.indexOf("\ngrant_cluster_access\n") < teardown.indexOf("for attempt in 1 2 3"));
        for (const job of ["teardown", "sweep"]) {
            const step = JOBS[job].steps.find((s: any) => /e2e\/(teardown|sweep)\.sh/.test(String(s.run ?? "")));
            assert.strictEqual(step.env.E2E_CLEANUP_ROLE_ARN, "${{ vars.E2E_CLEANUP_ROLE_ARN }}", job);
        }
    });
    // aws-actions/configure-aws-credentials v4.3.1 action.yml and src/index.ts: role-duration-seconds defaults to 3600.
    it("asks for a session that lasts the job's whole time limit", () => {
        for (const [name, job] of Object.entries(JOBS))
            for (const creds of uses(job, "aws-actions/configure-aws-credentials")) {
                const seconds = creds.with["role-duration-seconds"];
                assert.ok(Number.isInteger(seconds), `${name}: role-duration-seconds`);
                assert.ok(seconds === job["timeout-minutes"] * 60 && seconds <= 43200, `${name}: ${seconds} s for ${job["timeout-minutes"]} min`);
            }
    });
    it("hands PULUMI_ACCESS_TOKEN only to the steps that run Pulumi", () => {
        assert.ok(!("PULUMI_ACCESS_TOKEN" in (wf.env ?? {})));
        for (const [name, job] of Object.entries(JOBS)) {
            assert.ok(!("PULUMI_ACCESS_TOKEN" in (job.env ?? {})), name);
            for (const step of job.steps) {
                const has = "PULUMI_ACCESS_TOKEN" in (step.env ?? {});
                assert.strictEqual(has, callsPulumi(step), `${name}: ${step.name ?? step.run ?? step.uses}`);
                if (has) assert.strictEqual(step.env.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
            }
        }
    });
    it("names the trust subjects and the one-time setup in its opening comment", () => {
        const header = TEXT.slice(0, TEXT.search(/^name:/m));
        for (const needed of [
            "repo:<owner>/<repo>:environment:e2e ",
            "repo:<owner>/<repo>:environment:e2e-cleanup",
            "required reviewers",
            "WITHOUT required reviewers",
            "E2E_AWS_ROLE_ARN",
            "E2E_CLEANUP_ROLE_ARN",
            "maximum session duration",
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
        const preview = parsedYamlFile(path.join(ROOT, ".github/workflows/preview.yml"));
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
        assert.match(step.run, /pulumi config set --secret --path secretValues\.TRUSTED_CUSTOM_HOSTS "\$trusted"/);
        // A secret reaches a command through env, never spliced into the script text.
        for (const job of Object.values(JOBS)) for (const s of job.steps) if (s.run) assert.ok(!String(s.run).includes("secrets."), s.run);
    });
    it("plans offline, deploys, verifies with a support bundle and calls the gateway from inside the cluster", () => {
        const cmds = runs(JOBS.up);
        const order = ["npm run plan", "pulumi up --yes", "aws eks update-kubeconfig", "npm run verify", "e2e/check-endpoint.sh", "e2e/load-hpa.sh"].map((c) =>
            cmds.indexOf(c),
        );
        assert.ok(order.every((i) => i >= 0) && order.every((i, k) => k === 0 || i > order[k - 1]), JSON.stringify(order));
        assert.match(cmds, /npm run verify -- --stack "\$STACK" .*--dump e2e-bundle/);
        const upload = uses(JOBS.up, "actions/upload-artifact")[0];
        assert.strictEqual(upload.if, "always()");
        assert.strictEqual(upload.with.path, "e2e-bundle/");
    });
    it("loads the gateway from inside the cluster with the bundles e2e/load-hpa.sh reads: npm run load:bundle's dist/load.js and dist/mock.js", () => {
        const step = JOBS.up.steps.find((x: any) => String(x.run ?? "").includes("e2e/load-hpa.sh"));
        const lines = String(step.run).trim().split("\n");
        // esbuild: an entry point written name=path is output as <outdir>/<name>.js.
        const bundle: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts["load:bundle"];
        const outputs = [...bundle.matchAll(/\s(\w+)=scripts\/\S+\.ts\b/g)].map((m) => `${bundle.match(/--outdir=(\S+)/)![1]}/${m[1]}.js`);
        assert.deepStrictEqual(outputs.sort(), ["dist/load.js", "dist/mock.js"]);
        assert.deepStrictEqual(lines, ["npm run load:bundle", "e2e/load-hpa.sh dist"]);
        assert.match(script("load-hpa.sh"), /for f in load\.js mock\.js; do/);
        // The image the pods run: Node 22 (load:bundle targets node20, which it runs too).
        assert.match(script("load-hpa.sh"), /^image=docker\.io\/library\/node:22\.[\d.]+-alpine[\d.]+@sha256:[0-9a-f]{64}$/m);
        assert.strictEqual(step.env, undefined, "no secret, no Pulumi token");
    });
    // Renovate's regex manager (https://docs.renovatebot.com/modules/manager/regex/): named groups depName,
    // currentValue and currentDigest, matched as ECMAScript regular expressions with the global flag.
    it("Renovate finds the load step's node image with its tag and digest", () => {
        const text = script("load-hpa.sh");
        const [, repository, tag, digest] = text.match(/^image=([^:\s]+):([^@\s]+)@(sha256:[0-9a-f]{64})$/m)!;
        const managers: Array<{ managerFilePatterns: string[]; matchStrings: string[]; datasourceTemplate: string }> = JSON.parse(
            fs.readFileSync(path.join(ROOT, "renovate.json"), "utf8"),
        ).customManagers;
        const found = managers
            .filter((m) => m.datasourceTemplate === "docker" && m.managerFilePatterns.some((p) => new RegExp(p.slice(1, -1)).test("e2e/load-hpa.sh")))
            .flatMap((m) => m.matchStrings.flatMap((s) => [...text.matchAll(new RegExp(s, "g"))].map((x) => ({ ...x.groups }))));
        assert.deepStrictEqual(found, [{ depName: repository, currentValue: tag, currentDigest: digest }]);
    });
    it("budgets the load step's and the NetworkPolicy step's worst cases in the deploying job's time limit", () => {
        // e2e/load-hpa.sh: metrics 5 min, the mock's rollout 3 min, the Job's deadline (7 min) and a minute,
        // a minute more to see a scale-out, and the scale-in's 8 min (docs/e2e.md "The load step").
        const worst = 5 + 3 + 8 + 1 + 8;
        // e2e/check-network-policy.sh: two caller pods, each at most 2 min to start and 20 s of curl (docs/e2e.md "The NetworkPolicy step").
        const networkPolicy = 2 * (2 + 1);
        assert.ok(JOBS.up["timeout-minutes"] >= 75 + worst + networkPolicy, `${JOBS.up["timeout-minutes"]}`);
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

describe("workflow e2e.yml: an Auto Mode run", () => {
    const step = () => JOBS.up.steps.find((s: any) => String(s.run ?? "").includes("e2e/check-auto-mode.sh"));
    it("checks the gateway's pods and their Pod Identity only on an Auto Mode run, after verify and before the load", () => {
        const outputs = (compute: string) => ({ needs: { settings: { outputs: { compute, deploy: "true" } } } });
        assert.strictEqual(runsIf(step().if, outputs("auto-mode")), true);
        assert.strictEqual(runsIf(step().if, outputs("node-group")), false);
        assert.strictEqual(runsIf(step().if, outputs("")), false);
        const cmds = runs(JOBS.up);
        assert.ok(
            cmds.indexOf("npm run verify") < cmds.indexOf("e2e/check-auto-mode.sh") && cmds.indexOf("e2e/check-auto-mode.sh") < cmds.indexOf("e2e/load-hpa.sh"),
        );
        // The cluster the run created: cluster.name portkey-$STACK, as teardown.sh and leftovers.sh name it too.
        assert.strictEqual(step().run, 'e2e/check-auto-mode.sh "portkey-$STACK"');
        assert.match(JOBS.up.steps.find((s: any) => s.name === "Configure the stack").run, /pulumi config set --path cluster\.name "portkey-\$STACK"/);
        assert.strictEqual(step().env, undefined, "no secret, no Pulumi token");
    });
    // docs/upstream-facts.md#auto-mode-node-label: Auto Mode's nodes carry eks.amazonaws.com/compute-type=auto.
    it("asks each pod's node for the label EKS Auto Mode puts on its nodes", () => {
        assert.match(script("check-auto-mode.sh"), /kubectl get node "\$node" -o jsonpath='\{\.metadata\.labels\.eks\\\.amazonaws\\\.com\/compute-type\}'/);
        assert.match(script("check-auto-mode.sh"), /\[ "\$compute" = auto \]/);
    });
});

describe("workflow e2e.yml: the NetworkPolicy step", () => {
    const step = () => JOBS.up.steps.find((s: any) => String(s.run ?? "").includes("e2e/check-network-policy.sh"));
    it("runs on both computes, with the run's compute, after the endpoint check and before the load", () => {
        assert.strictEqual(step().if, undefined, "no condition: node-group and auto-mode runs both take it");
        assert.strictEqual(step().run, 'e2e/check-network-policy.sh "$COMPUTE"');
        assert.strictEqual(step().env.COMPUTE, "${{ needs.settings.outputs.compute }}");
        assert.deepStrictEqual(Object.keys(step().env), ["COMPUTE"], "no secret, no Pulumi token");
        const cmds = runs(JOBS.up);
        const [endpoint, policy, load] = ["e2e/check-endpoint.sh", "e2e/check-network-policy.sh", "e2e/load-hpa.sh"].map((c) => cmds.indexOf(c));
        assert.ok(endpoint >= 0 && endpoint < policy && policy < load, `${endpoint} ${policy} ${load}`);
    });
    it("is bounded: each pod gets at most two minutes to start, and the step a time limit that covers two such pods", () => {
        const text = script("check-network-policy.sh");
        assert.match(text, /kubectl run .*--pod-running-timeout=2m /);
        assert.ok(step()["timeout-minutes"] >= 2 * (2 + 1) && step()["timeout-minutes"] <= 10, String(step()["timeout-minutes"]));
    });
    // kubernetes/kubernetes#105140: kubectl run's --overrides is a JSON merge patch by default, which replaces the
    // generated container list (and the command with it); a strategic merge matches the container by name.
    it("every kubectl run with overrides that list containers merges them strategically, so the command is kept", () => {
        for (const name of ["check-endpoint.sh", "check-network-policy.sh"]) {
            const text = script(name);
            const runsWithOverrides = text.split("\n").filter((l) => /kubectl run .*--overrides=/.test(l));
            assert.ok(runsWithOverrides.length > 0, name);
            for (const l of runsWithOverrides) assert.ok(l.includes("--override-type=strategic"), `${name}: ${l}`);
            assert.match(text, /"containers":\[\{"name":"\$pod"/, `${name}: the override's container is named after the pod, as kubectl run names its own`);
        }
    });
});

describe("workflow e2e.yml: teardown", () => {
    it("is a separate job that needs the deploy, runs whatever happened, with its own time limit", () => {
        const job = JOBS.teardown;
        assert.ok(ancestors("teardown").includes("up"));
        assert.match(job.if, /^always\(\) && /);
        assert.strictEqual(job.environment, "e2e-cleanup");
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
        // docs/upstream-facts.md#auto-mode-resource-tags: EKS Auto Mode's eks:eks-cluster-name (test/e2eLeftovers.test.ts runs the script).
        for (const tag of [
            "pulumi:stack",
            "elbv2.k8s.aws/cluster",
            "cluster.k8s.amazonaws.com/name",
            "kubernetes.io/cluster/",
            "eks:cluster-name",
            "eks:eks-cluster-name",
        ])
            assert.ok(left.includes(tag), tag);
        for (const what of ["describe-security-groups", "describe-network-interfaces", "get-resources", "describe-cluster"])
            assert.ok(left.includes(what), what);
        assert.match(left, /exit 1\s*$/);
    });
    it("a sweeper destroys the stacks of force-cancelled runs, without waiting for a reviewer", () => {
        assert.strictEqual(JOBS.sweep.environment, "e2e-cleanup");
        assert.strictEqual(JOBS.sweep.needs, undefined);
        assert.match(runs(JOBS.sweep), /e2e\/sweep\.sh "\$PULUMI_ORG"/);
        const sweep = script("sweep.sh");
        assert.match(sweep, /startsWith\("e2e-"\)/);
        assert.match(sweep, /teardown\.sh" "\$org\/\$stack" && "\$here\/leftovers\.sh" "\$stack"/);
    });
});

describe("docs/e2e.md: the roles it tells the operator to create", () => {
    const DOC = fs.readFileSync(path.join(ROOT, "docs/e2e.md"), "utf8");
    const CLEANUP_SECTION = DOC.slice(DOC.indexOf("## Cleaning up by hand"));
    type Statement = { Effect: string; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };

    function policy(name: string): { Statement: Statement[] } {
        const m = DOC.match(new RegExp("```json " + name + "\\n([^]*?)\\n\\s*```"));
        assert.ok(m, `a json ${name} block`);
        return JSON.parse(m[1]);
    }
    const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
    /** The statements that allow `action` (IAM action names match case-insensitively, `*` any text). */
    function allowing(p: { Statement: Statement[] }, action: string): Statement[] {
        return p.Statement.filter(
            (s) =>
                s.Effect === "Allow" &&
                actionsOf(s).some((a) => new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action)),
        );
    }
    const PREFIX: Record<string, string> = { elbv2: "elasticloadbalancing", resourcegroupstaggingapi: "tag" };
    /** The IAM action of each `aws <service> <command>` (or the scripts' `aws_q` wrapper) in `text`. */
    function awsActions(text: string): string[] {
        return [...text.matchAll(/\baws(?:_q)? ([a-z0-9]+) ([a-z][a-z0-9-]+)\b/g)].map(([, svc, cmd]) =>
            cmd === "update-kubeconfig"
                ? `${svc}:DescribeCluster`
                : `${PREFIX[svc] ?? svc}:${cmd.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`,
        );
    }

    it("each role trusts the one environment its jobs name, and the environments match the workflow", () => {
        assert.strictEqual(JOBS.sweep.environment, JOBS.teardown.environment);
        for (const job of ["up", "teardown"]) assert.ok(DOC.includes(`\`repo:<owner>/<repo>:environment:${JOBS[job].environment}\``), job);
    });
    it("each role's maximum session duration covers the sessions its jobs ask for", () => {
        for (const [role, variable] of [
            ["deploy", "E2E_AWS_ROLE_ARN"],
            ["cleanup", "E2E_CLEANUP_ROLE_ARN"],
        ]) {
            const row = DOC.split("\n").find((l) => l.trim().startsWith(`| ${role} |`));
            assert.ok(row, role);
            const least = Number(row.match(/at least ([\d,]+) s/)![1].replace(/,/g, ""));
            const asked = Object.values(JOBS)
                .flatMap((j) => uses(j, "aws-actions/configure-aws-credentials"))
                .filter((c) => c.with["role-to-assume"] === `\${{ vars.${variable} }}`)
                .map((c) => c.with["role-duration-seconds"] as number);
            assert.ok(asked.length > 0 && least >= Math.max(...asked), `${role}: ${least} < ${Math.max(...asked)}`);
        }
    });
    it("the cleanup role allows every AWS call of teardown, the sweep, the leftover check and the clean-up by hand", () => {
        const cleanup = policy("cleanup-role");
        const calls = [...["teardown.sh", "sweep.sh", "leftovers.sh"].map(script), CLEANUP_SECTION].flatMap(awsActions);
        for (const needed of ["eks:CreateAccessEntry", "tag:GetResources", "elasticloadbalancing:DeleteLoadBalancer", "ec2:DeleteNetworkInterface"])
            assert.ok(calls.includes(needed), needed);
        for (const action of calls) assert.ok(allowing(cleanup, action).length > 0, `the cleanup role may not ${action}`);
        // Load balancers and instances only when the controller or EKS Auto Mode tagged them for a run's cluster
        // (docs/upstream-facts.md#lbc-default-tags, #auto-mode-resource-tags).
        const tagged = [
            { StringLike: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "portkey-e2e-*" } },
            { StringLike: { "aws:ResourceTag/eks:eks-cluster-name": "portkey-e2e-*" } },
        ];
        for (const action of ["elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup", "ec2:TerminateInstances"]) {
            assert.ok(allowing(cleanup, action).length > 0, action);
            for (const s of allowing(cleanup, action))
                assert.ok(
                    tagged.some((c) => JSON.stringify(c) === JSON.stringify(s.Condition)),
                    `${action}: ${JSON.stringify(s.Condition)}`,
                );
        }
    });
    it("the cleanup role reads and deletes; the one thing it creates is its own access entry", () => {
        for (const s of policy("cleanup-role").Statement)
            for (const a of actionsOf(s))
                assert.ok(
                    /:(Describe|Get|List|Delete|Detach|Disassociate|Release|Revoke|Remove|Terminate)/.test(a) ||
                        ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"].includes(a),
                    a,
                );
    });
    it("the deploy role allows the AWS calls of the deploying job", () => {
        const deploy = policy("deploy-role");
        const calls = awsActions(runs(JOBS.up));
        assert.ok(calls.length > 0);
        for (const action of calls) assert.ok(allowing(deploy, action).length > 0, action);
    });
});
