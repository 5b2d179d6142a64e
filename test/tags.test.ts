// Every AWS resource the program creates carries the project and stack through the AWS provider's
// default tags (docs/e2e.md "Tags"), including the resources of the pulumi-eks and awsx components.
import program = require("../index");
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config";
import { isWrappedSecret, runProgram } from "../offline/run";
import { CREATED_CLUSTER, baseConfig, plan, rawConfig, unwrap } from "./testing";

const REMOTE_COMPONENTS = ["eks:index:Cluster", "eks:index:ManagedNodeGroup", "awsx:ec2:Vpc"];

/** The names of the providers each remote component is given, seen by a stack transformation. */
async function remoteComponentProviders(): Promise<Map<string, string[]>> {
    const seen = new Map<string, string[]>();
    const wrapped = async () => {
        pulumi.runtime.registerStackTransformation((args) => {
            // Later registrations of the same type are references read back by URN; keep the first.
            if (REMOTE_COMPONENTS.includes(args.type) && !seen.has(args.type)) {
                const given = (args.opts as pulumi.ComponentResourceOptions).providers;
                const list = Array.isArray(given) ? given : Object.values(given ?? {});
                seen.set(
                    args.type,
                    list.map((p) => (p as unknown as { __name: string }).__name),
                );
            }
            return undefined;
        });
        return program();
    };
    await runProgram(wrapped, rawConfig(baseConfig({ cluster: CREATED_CLUSTER })));
    return seen;
}

describe("tags: the AWS provider's default tags", () => {
    it("one explicit AWS provider with the project and stack tags, in the stack's region", async () => {
        const p = await plan(baseConfig());
        const providers = p.resources.filter((r) => r.type === "pulumi:providers:aws");
        assert.deepStrictEqual(
            providers.map((r) => r.name),
            ["portkey-aws"],
        );
        const inputs = providers[0].inputs;
        assert.deepStrictEqual(JSON.parse(unwrap<string>(inputs.defaultTags)), { tags: { "pulumi:project": PROJECT, "pulumi:stack": "test" } });
        assert.strictEqual(inputs.region, "eu-west-1");
    });
    it("every AWS resource the program registers uses it", async () => {
        const p = await plan(baseConfig({ identity: "pod-identity", cluster: CREATED_CLUSTER }));
        const aws = p.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        assert.ok(aws.length >= 5, aws.map((r) => r.type).join(", "));
        assert.deepStrictEqual(
            aws.filter((r) => r.provider !== "portkey-aws").map((r) => `${r.type} ${r.name}`),
            [],
        );
    });
    it("the pulumi-eks and awsx components are handed it, so the resources they create carry the tags", async () => {
        const seen = await remoteComponentProviders();
        assert.deepStrictEqual([...seen.keys()].sort(), [...REMOTE_COMPONENTS].sort());
        for (const [type, names] of seen) assert.deepStrictEqual(names, ["portkey-aws"], type);
    });
    it("keeps a stack's own aws:defaultTags beside them", async () => {
        const p = await plan(baseConfig({ "aws:defaultTags": { tags: { team: "ai-platform" } } }));
        const provider = p.resources.find((r) => r.type === "pulumi:providers:aws")!;
        assert.deepStrictEqual(JSON.parse(unwrap<string>(provider.inputs.defaultTags)).tags, {
            team: "ai-platform",
            "pulumi:project": PROJECT,
            "pulumi:stack": "test",
        });
    });
    it("keeps an AWS setting stored encrypted secret in the provider's inputs", async () => {
        const raw = rawConfig(baseConfig());
        const cfg = { ...raw, config: { ...raw.config, "aws:profile": "e2e-profile" }, secretKeys: [...raw.secretKeys, "aws:profile"] };
        const p = await runProgram(program, cfg);
        const provider = p.resources.find((r) => r.type === "pulumi:providers:aws")!;
        assert.ok(isWrappedSecret(provider.inputs.profile), JSON.stringify(provider.inputs.profile));
        assert.strictEqual(unwrap(provider.inputs.profile), "e2e-profile");
        assert.ok(!isWrappedSecret(provider.inputs.region));
    });
});
