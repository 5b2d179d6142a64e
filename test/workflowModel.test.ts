// The model of GitHub's expression language the workflow tests evaluate with: each case is an
// example or rule of GitHub "Evaluate expressions in workflows and actions"
// (https://docs.github.com/en/actions/reference/workflows-and-actions/expressions).
import * as assert from "assert";
import * as YAML from "yaml";
import { startedEarly } from "./spawned";
import { applyConfigSets, evaluate, interpolate, pulumiCalls, runsIf } from "./workflowModel";

const ctx = {
    github: { event_name: "push", event: { issue: { labels: [{ name: "bug" }, { name: "docs" }] } } },
    needs: { settings: { outputs: {} } },
};

describe("workflowModel: GitHub expressions", () => {
    it("compares strings ignoring case, and other types as numbers", () => {
        assert.strictEqual(evaluate("github.event_name == 'PUSH'", ctx), true);
        assert.strictEqual(evaluate("null == 0", ctx), true);
        assert.strictEqual(evaluate("'' == 0", ctx), true);
        assert.strictEqual(evaluate("needs.settings.outputs.deploy != 'true'", ctx), true);
    });
    it("&& and || yield an operand, and the falsy values are false, 0, '' and null", () => {
        assert.strictEqual(evaluate("'' || 'fallback'", ctx), "fallback");
        assert.strictEqual(evaluate("'a' && 'b'", ctx), "b");
        assert.strictEqual(evaluate("0 && 'b'", ctx), 0);
        assert.strictEqual(evaluate("!null && !''", ctx), true);
    });
    it("filters an array with .*, and contains() looks in the result", () => {
        assert.strictEqual(evaluate("contains(github.event.issue.labels.*.name, 'bug')", ctx), true);
        assert.strictEqual(evaluate("contains(github.event.issue.labels.*.name, 'e2e')", ctx), false);
        assert.strictEqual(evaluate("contains('Hello world', 'llo')", ctx), true);
    });
    it("format() replaces {n} with its arguments", () => {
        assert.strictEqual(evaluate("format('Hello {0} {1} {2}', 'Mona', 'the', 'Octocat')", ctx), "Hello Mona the Octocat");
    });
    it("a value of one ${{ }} keeps its value; text around expressions is spliced", () => {
        assert.strictEqual(interpolate("${{ 1 == 1 }}", ctx), true);
        assert.strictEqual(interpolate("e2e-${{ github.event_name }}", ctx), "e2e-push");
        assert.strictEqual(runsIf(undefined, ctx), true);
        assert.strictEqual(runsIf("${{ github.event_name == 'pull_request' }}", ctx), false);
    });
});

describe("workflowModel: a step's pulumi config set calls", () => {
    // Both started as this file loads, so bash runs them while the tests before these run.
    const recorded = startedEarly(
        pulumiCalls('pulumi config set --path a.b "$V"\nif [ "$X" = y ]; then pulumi config set c d; fi', { V: "two words", X: "n" }),
    );
    const failed = startedEarly(pulumiCalls("false", {}));
    it("runs the script in bash and records each pulumi command line, its arguments intact", async () => {
        assert.deepStrictEqual(await recorded, [["config", "set", "--path", "a.b", "two words"]]);
    });
    it("a failing script fails", async () => {
        await assert.rejects(failed, /the step failed/);
    });
    it("applies them as the CLI does: project namespace, paths into objects and lists, coerced leaves, secure values", () => {
        const doc = YAML.parseDocument("config:\n  p:cluster:\n    create: true\n");
        applyConfigSets(doc, "p", [
            ["config", "set", "--path", "cluster.name", "c"],
            ["config", "set", "--path", "endpoint.inboundCidrs[0]", "10.0.0.0/16"],
            ["config", "set", "--path", "cluster.minSize", "2"],
            ["config", "set", "mode", "2"],
            ["config", "set", "--secret", "--path", "secretValues.K", "v"],
        ]);
        assert.deepStrictEqual(doc.toJS().config, {
            "p:cluster": { create: true, name: "c", minSize: 2 },
            "p:endpoint": { inboundCidrs: ["10.0.0.0/16"] },
            "p:mode": "2",
            "p:secretValues": { K: { secure: "v1:AAAAAAAAAAAAAAAAAAAAAA==:ciphertext" } },
        });
        assert.throws(() => applyConfigSets(doc, "p", [["stack", "rm"]]), /not a config set/);
    });
    // pulumi/pulumi pkg/cmd/pulumi/config: `config rm --path` removes the property inside the key's object.
    it("config rm removes a key, or with --path a property of its object, and leaves the rest", () => {
        const doc = YAML.parseDocument("config:\n  p:cluster:\n    create: true\n    instanceTypes: [t3.medium]\n    minSize: 2\n  p:mode: partial\n");
        applyConfigSets(doc, "p", [
            ["config", "rm", "--path", "cluster.instanceTypes"],
            ["config", "rm", "--path", "cluster.minSize"],
            ["config", "rm", "mode"],
        ]);
        assert.deepStrictEqual(doc.toJS().config, { "p:cluster": { create: true } });
        assert.throws(() => applyConfigSets(doc, "p", [["config", "rm", "--secret", "mode"]]), /config rm --secret mode/);
    });
});
