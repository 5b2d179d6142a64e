// Pulumi.yaml's config declarations and the config reference page (docs/config-reference.md) are
// generated from the one config declaration; they cannot drift from it, and each says so.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseConfig } from "../config";
import { generatedFiles } from "../scripts/generate";

const ROOT = path.resolve(__dirname, "..");

describe("generated from the config declaration", () => {
    for (const [file, text] of Object.entries(generatedFiles())) {
        it(`${file} is current`, () => {
            assert.ok(fs.readFileSync(path.join(ROOT, file), "utf8") === text, `${file} is out of date: run \`npm run generate\` and commit the result`);
        });
    }

    it("each generated file says it is generated and how to regenerate it", () => {
        for (const [file, text] of Object.entries(generatedFiles())) {
            assert.ok(text.includes("generated — do not edit, run npm run generate"), `${file} lacks the generated notice`);
        }
    });

    it("Pulumi.yaml's notice heads the config block, and only it", () => {
        const lines = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8").split("\n");
        const at = lines.indexOf("config:");
        assert.ok(at > 0, "Pulumi.yaml has no top-level config block");
        assert.match(lines[at - 1], /^# generated — do not edit, run npm run generate/);
        assert.strictEqual(lines.filter((l) => l.includes("generated — do not edit")).length, 1);
    });

    it("Pulumi.yaml declares only keys with a default, each the default the program applies", () => {
        const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
        const cfg = parseConfig(
            {
                "portkey-gateway:secretValues": '{"A":"x"}',
                "portkey-gateway:gateway": '{"values":{"images":{"gatewayImage":{"repository":"portkeyai/gateway"}}}}',
            },
            new Set(["portkey-gateway:secretValues"]),
            "t",
        );
        // pulumi/pulumi pkg/workspace/config.go: a declared key without a default is required of every stack.
        for (const [k, decl] of Object.entries<Record<string, unknown>>(project.config)) {
            assert.ok("default" in decl, `${k} has no default`);
            assert.deepStrictEqual((cfg as Record<string, unknown>)[k], decl.default, k);
        }
    });
});
