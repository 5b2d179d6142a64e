// What the declaration says, rendered for people and for the Pulumi CLI: the README's config
// reference table and the `config:` block of Pulumi.yaml. Both are generated (npm run generate)
// and a test fails when either differs from the declaration.
import { CONFIG } from "./declaration";
import { Field, Fields, Section } from "./schema";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = Field<any> | Section<any>;

function defaultText(f: Entry): string {
    if (f.kind === "section") return f.optional ? "—" : "";
    if (f.defaultDoc) return f.defaultDoc;
    if (f.default === undefined) return "—";
    return `\`${JSON.stringify(f.default)}\``;
}

function rows(fields: Fields, prefix: string): string[] {
    const out: string[] = [];
    for (const [k, f] of Object.entries(fields)) {
        const key = `${prefix}${k}`;
        if (f.kind === "section") {
            if (f.optional) out.push(`| \`${key}\` | — | ${f.doc} |`);
            out.push(...rows(f.fields, `${key}.`));
        } else {
            out.push(`| \`${key}\` | ${defaultText(f)} | ${f.doc} |`);
        }
    }
    return out;
}

/** The README's config reference: one row per key, in declaration order. */
export function configReferenceMarkdown(): string {
    return ["| Key | Default | Meaning |", "|---|---|---|", ...rows(CONFIG, ""), "| `aws:region` | — | Region of everything, read by the AWS provider. |"].join(
        "\n",
    );
}

/** Types the Pulumi CLI accepts in a project's `config:` declarations. */
const DECLARABLE = ["string", "integer", "boolean", "array"];

/**
 * Pulumi.yaml `config:` entries, for `pulumi config` to know their types. The CLI requires every
 * stack to set a declared key that has no default (pulumi/pulumi pkg/workspace/config.go,
 * missingStackConfigurationKeysError), so only keys with a fixed default are declared; objects
 * are not (a value set as one encrypted text would fail an `object` type check).
 */
export function projectConfigDeclarations(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [k, f] of Object.entries(CONFIG as Fields)) {
        if (f.kind !== "field" || !DECLARABLE.includes(f.type) || f.default === undefined || typeof f.default === "function") continue;
        const decl: Record<string, unknown> = { type: f.type, description: f.doc.replace(/\*\*/g, "").replace(/`/g, "") };
        if (f.type === "array") decl.items = { type: "string" };
        decl.default = f.default;
        out[k] = decl;
    }
    return out;
}
