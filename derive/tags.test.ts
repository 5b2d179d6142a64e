import * as assert from "assert";
import * as fs from "fs";
import { stackTags, taggedProviderArgs } from "./tags";

describe("stackTags", () => {
    // docs/e2e.md "Tags": the keys the leftover check and cost reports look for.
    it("names the project and the stack", () => {
        assert.deepStrictEqual(stackTags("portkey-gateway", "e2e-123"), { "pulumi:project": "portkey-gateway", "pulumi:stack": "e2e-123" });
    });
});

describe("taggedProviderArgs", () => {
    it("carries every aws: setting over, strings as text and the rest parsed from JSON", () => {
        const args = taggedProviderArgs(
            {
                "aws:region": "eu-west-1",
                "aws:profile": "1234",
                "aws:allowedAccountIds": '["123456789012"]',
                "aws:skipMetadataApiCheck": "false",
                "aws:maxRetries": "5",
                "aws:assumeRoles": '[{"roleArn":"arn:aws:iam::123456789012:role/deploy"}]',
                "portkey-gateway:namespace": "portkeyai",
            },
            "p",
            "s",
        );
        assert.deepStrictEqual(args, {
            region: "eu-west-1",
            profile: "1234",
            allowedAccountIds: ["123456789012"],
            skipMetadataApiCheck: false,
            maxRetries: 5,
            assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/deploy" }],
            defaultTags: { tags: { "pulumi:project": "p", "pulumi:stack": "s" } },
        });
    });
    it("keeps the stack's own default tags; the project and stack tags win", () => {
        const args = taggedProviderArgs({ "aws:defaultTags": '{"tags":{"team":"ai","pulumi:stack":"other"}}' }, "p", "s");
        assert.deepStrictEqual(args.defaultTags, { tags: { team: "ai", "pulumi:project": "p", "pulumi:stack": "s" } });
    });
    it("treats a setting that is not JSON as text, and default tags that are not a map as none", () => {
        assert.deepStrictEqual(taggedProviderArgs({ "aws:endpoints": "not-json", "aws:defaultTags": '"x"' }, "p", "s"), {
            endpoints: "not-json",
            defaultTags: { tags: { "pulumi:project": "p", "pulumi:stack": "s" } },
        });
        assert.deepStrictEqual(taggedProviderArgs({ "aws:defaultTags": '{"tags":["a"]}' }, "p", "s").defaultTags, {
            tags: { "pulumi:project": "p", "pulumi:stack": "s" },
        });
        assert.deepStrictEqual(taggedProviderArgs({ "aws:defaultTags": "[1]" }, "p", "s").defaultTags, {
            tags: { "pulumi:project": "p", "pulumi:stack": "s" },
        });
    });
});

/**
 * The provider settings @pulumi/aws sends as text and those it sends as JSON, read from its own
 * Provider constructor (node_modules/@pulumi/aws/provider.js): a JSON setting is
 * `pulumi.output(args?.<name>)….apply(JSON.stringify)`, a text one is passed as given.
 */
function providerSettings(): { text: string[]; json: string[] } {
    const source = fs.readFileSync(require.resolve("@pulumi/aws/provider.js"), "utf8");
    const text: string[] = [];
    const json: string[] = [];
    for (const m of source.matchAll(/resourceInputs\["(\w+)"\] = (.*);/g)) (m[2].includes("JSON.stringify") ? json : text).push(m[1]);
    return { text, json };
}

describe("taggedProviderArgs, against the installed @pulumi/aws Provider", () => {
    const { text, json } = providerSettings();
    it("finds both kinds of settings", () => {
        assert.ok(text.includes("region") && text.includes("profile") && json.includes("defaultTags") && json.includes("assumeRoles"));
    });
    it("keeps every text setting as text, even when it reads as JSON", () => {
        for (const name of text) assert.strictEqual(taggedProviderArgs({ [`aws:${name}`]: "123" }, "p", "s")[name], "123", name);
    });
    it("parses every other setting from its JSON text", () => {
        for (const name of json.filter((n) => n !== "defaultTags"))
            assert.strictEqual(taggedProviderArgs({ [`aws:${name}`]: "123" }, "p", "s")[name], 123, name);
    });
});
