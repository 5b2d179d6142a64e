// The GitHub workflows: the structure that matters for review and deploys.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { listStacks, ROOT } from "../offline/stackConfig";
import { parsedYamlFile } from "./parsedYaml";

function workflow(name: string): any {
    return parsedYamlFile(path.join(ROOT, ".github/workflows", name));
}

function runs(job: any): string[] {
    return job.steps.filter((s: any) => s.run).map((s: any) => s.run as string);
}

function uses(job: any, action: string): any[] {
    return job.steps.filter((s: any) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
}

describe("workflow ci.yml", () => {
    const wf = workflow("ci.yml");
    it("runs on push to main and on pull requests", () => {
        assert.deepStrictEqual(wf.on.push, { branches: ["main"] });
        assert.ok("pull_request" in wf.on);
    });
    it("installs with npm ci on Node 22, type-checks, tests and checks the committed plans", () => {
        const job = wf.jobs.test;
        assert.strictEqual(uses(job, "actions/setup-node")[0].with["node-version"], 22);
        const cmds = runs(job).join("\n");
        for (const c of ["npm ci", "npm run typecheck", "npm run lint", "npm test", "npm run plan:update", "git diff --exit-code plans/"])
            assert.ok(cmds.includes(c), c);
    });
    it("needs no cloud credentials", () => {
        assert.deepStrictEqual(wf.permissions, { contents: "read" });
        assert.strictEqual(JSON.stringify(wf).includes("secrets."), false);
    });
});

describe("workflow preview.yml", () => {
    const wf = workflow("preview.yml");
    const stacks = listStacks();
    it("runs on pull requests and on push to main", () => {
        assert.ok("pull_request" in wf.on);
        assert.deepStrictEqual(wf.on.push, { branches: ["main"] });
    });
    it("may assume an AWS role by OIDC and comment on pull requests", () => {
        assert.strictEqual(wf.permissions["id-token"], "write");
        assert.strictEqual(wf.permissions["pull-requests"], "write");
    });
    it("previews every shipped stack, one job each, with a PR comment", () => {
        const job = wf.jobs.preview;
        assert.match(job.if, /github\.event_name == 'pull_request'/);
        assert.deepStrictEqual([...job.strategy.matrix.stack].sort(), stacks);
        const pulumi = uses(job, "pulumi/actions");
        assert.strictEqual(pulumi.length, 1);
        assert.strictEqual(pulumi[0].with.command, "preview");
        assert.strictEqual(pulumi[0].with["comment-on-pr"], true);
        assert.match(pulumi[0].with["github-token"], /secrets\.GITHUB_TOKEN/);
        assert.match(pulumi[0].with["stack-name"], /matrix\.stack/);
        assert.ok(uses(job, "aws-actions/configure-aws-credentials")[0].with["role-to-assume"]);
        assert.strictEqual(uses(job, "actions/cache")[0].with.path, "~/.pulumi/plugins");
        assert.ok(runs(job).includes("npm ci"));
    });
    it("lists every Pulumi.<stack>.yaml in the matrix of both jobs", () => {
        for (const job of ["preview", "up"]) {
            assert.deepStrictEqual([...wf.jobs[job].strategy.matrix.stack].sort(), stacks, `${job}: add the new stack to its matrix`);
        }
    });
    // GitHub "OpenID Connect reference": a pull-request job's subject is repo:<owner>/<repo>:pull_request,
    // a job with an environment presents repo:<owner>/<repo>:environment:<name> instead.
    it("previews without an environment (subject pull_request) and deploys with one (subject environment:<stack>)", () => {
        assert.strictEqual(wf.jobs.preview.environment, undefined);
        assert.strictEqual(wf.jobs.up.environment, "${{ matrix.stack }}");
    });
    it("never creates a stack: upsert is false in both jobs", () => {
        // pulumi/actions v6 `upsert` defaults to false; the workflow says so explicitly.
        for (const job of ["preview", "up"]) assert.strictEqual(uses(wf.jobs[job], "pulumi/actions")[0].with.upsert, false, job);
    });
    it("lists the one-time setup in its opening comment: OIDC subjects, stacks created beforehand, prod protection", () => {
        const text = fs.readFileSync(path.join(ROOT, ".github/workflows/preview.yml"), "utf8");
        const header = text.slice(0, text.search(/^name:/m));
        for (const needed of [
            "repo:<owner>/<repo>:pull_request",
            "repo:<owner>/<repo>:environment:<stack>",
            "pulumi stack init",
            "upsert",
            "protection rules",
            "prod",
            "PULUMI_ACCESS_TOKEN",
            "AWS_ROLE_ARN",
            "PULUMI_ORG",
        ]) {
            assert.ok(header.includes(needed), `the opening comment should mention ${needed}`);
        }
    });
    it("deploys every stack on main, one at a time, behind an environment per stack", () => {
        const job = wf.jobs.up;
        assert.match(job.if, /github\.event_name == 'push'/);
        assert.strictEqual(job.environment, "${{ matrix.stack }}");
        assert.strictEqual(job.strategy["max-parallel"], 1);
        assert.deepStrictEqual([...job.strategy.matrix.stack].sort(), stacks);
        assert.strictEqual(uses(job, "pulumi/actions")[0].with.command, "up");
    });
});
