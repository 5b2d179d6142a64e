// What the declaration says, rendered for people and for the Pulumi CLI: the config reference page
// (docs/config-reference.md) and the `config:` block of Pulumi.yaml. Both are generated
// (npm run generate) and a test fails when either differs from the declaration.
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

/** The config reference table: one row per key, in declaration order. */
export function configReferenceMarkdown(): string {
    return ["| Key | Default | Meaning |", "|---|---|---|", ...rows(CONFIG, ""), "| `aws:region` | — | Region of everything, read by the AWS provider. |"].join(
        "\n",
    );
}

/** The line every generated file or block starts with, in the comment syntax of its format. */
export const GENERATED_NOTICE = "generated — do not edit, run npm run generate (source: config/declaration.ts)";

/** The prose around the table: how keys are set and how bad config is reported. */
const REFERENCE_INTRO = [
    "# Config reference",
    "",
    "All keys live in the project namespace (`portkey-gateway:`). Objects are set with `--path`, for example",
    "`pulumi config set --path cluster.minSize 3`. An unknown key, at the top level or inside an object, or a key",
    "in a namespace that is neither the project's nor a provider's (`aws`, `kubernetes`, `eks`, `awsx`,",
    "`pulumi`), is an error; nothing is silently ignored. Bad config stops `pulumi up` and `pulumi preview`",
    "before any resource is registered. The error lists every problem, and each names the key, what is wrong",
    "and how to fix it, without quoting the value (it could be a secret).",
    "",
    "A value set with `--secret` (in `secretValues` or `imageCredentials`) of 8 characters or more may not",
    "appear in `env` or `gateway.values`, not even inside a longer text: it would reach the chart values in",
    "plaintext. Shorter values are not compared, because they match ordinary text by coincidence.",
    "",
    'Where a row says "see …": the modes are described in [Choosing a mode](../README.md#choosing-a-mode),',
    "shared clusters in [Shared clusters](operating.md#shared-clusters), availability settings in",
    "[availability.md](availability.md), and rotation and identity in [rotation-identity.md](rotation-identity.md).",
];

const REFERENCE_OUTRO = [
    "`Pulumi.yaml` declares the keys that have a fixed default, with their types, so `pulumi config` knows",
    "them; the Pulumi CLI requires every stack to set a declared key that has no default, so the others are not",
    "declared there.",
];

/** docs/config-reference.md, whole: the generated notice, the prose and the table. */
export function configReferencePage(): string {
    return [`<!-- ${GENERATED_NOTICE} -->`, "", ...REFERENCE_INTRO, "", configReferenceMarkdown(), "", ...REFERENCE_OUTRO, ""].join("\n");
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
