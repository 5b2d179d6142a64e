// The generated config reference and Pulumi.yaml declarations match the files people read.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { configReferenceMarkdown, configReferencePage, projectConfigDeclarations } from "./reference";

const root = join(__dirname, "..");

describe("configReferenceMarkdown", () => {
    it("is the table of docs/config-reference.md", () => {
        const page = readFileSync(join(root, "docs", "config-reference.md"), "utf8");
        const table = page.split("\n").filter((l) => l.startsWith("|"));
        assert.strictEqual(configReferenceMarkdown(), table.join("\n"));
    });
    it("renders a section row, computed and literal defaults, and the region", () => {
        const md = configReferenceMarkdown().split("\n");
        assert.deepStrictEqual(md.slice(0, 2), ["| Key | Default | Meaning |", "|---|---|---|"]);
        assert.ok(md.includes("| `imageCredentials` | — | **Secret.** Registry credentials for the enterprise image. |"));
        assert.ok(
            md.includes(
                "| `cluster.name` | `portkey-<stack>` | EKS cluster name. Required when `cluster.create` is `false` (and `cluster.fromStack` is not set). |",
            ),
        );
        assert.ok(
            md.includes(
                '| `gateway.mountPath` | `"/mnt/secrets-store"` | Absolute directory where the CSI volume is mounted; it must not hide a system or application directory. |',
            ),
        );
        assert.ok(
            md.includes(
                "| `secret.existing` | — | Name or full ARN of an existing secret to adopt instead. The program then never writes it. An ARN must be in the stack's `aws:region`. |",
            ),
        );
        assert.strictEqual(md.at(-1), "| `aws:region` | — | Region of everything, read by the AWS provider. |");
        assert.ok(!md.some((l) => l.startsWith("| `cluster` |") || l.startsWith("| `gateway` |")), "plain sections get no row");
    });
});

describe("configReferencePage", () => {
    const lines = configReferencePage().split("\n");
    it("opens with the generated notice as an HTML comment, then the title", () => {
        assert.strictEqual(lines[0], "<!-- generated — do not edit, run npm run generate (source: config/declaration.ts) -->");
        assert.strictEqual(lines[2], "# Config reference");
    });
    it("is docs/config-reference.md, whole", () => assert.strictEqual(configReferencePage(), readFileSync(join(root, "docs", "config-reference.md"), "utf8")));
    it("holds the table once, and states the error form of bad config", () => {
        const page = configReferencePage();
        assert.strictEqual(page.split(configReferenceMarkdown()).length, 2);
        assert.ok(page.includes("each names the key, what is wrong\nand how to fix it, without quoting the value"));
    });
});

describe("projectConfigDeclarations", () => {
    it("is Pulumi.yaml's config block", () => {
        const project = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as { config: unknown };
        assert.deepStrictEqual(projectConfigDeclarations(), project.config);
    });
    it("declares top-level keys with a fixed default only, without markdown", () => {
        const d = projectConfigDeclarations();
        assert.deepStrictEqual(Object.keys(d), ["secretsMode", "identity", "namespace", "createNamespace", "protect"]);
        assert.deepStrictEqual(d.secretsMode, {
            type: "string",
            description: "How env vars get their values: partial, full or mount-only (see Choosing a mode).",
            default: "partial",
        });
    });
});
