// Loads a stack's config as the Pulumi CLI hands it to the program (`pulumi preview`/`up`):
// Pulumi.<stack>.yaml, then `--config` entries, then the declarations of Pulumi.yaml
// (defaults, required keys, types). The rules live in projectConfig.ts, configValue.ts and
// configPath.ts, each citing the upstream source it follows. Encrypted values cannot be
// decrypted offline: they read as "[secret]" and their top-level keys are marked secret.
// Errors name files, stacks and keys, never a value: any value may be a secret.
import * as fs from "fs";
import * as path from "path";
import { PROJECT } from "../config";
import { CfgNode, CfgValue, nodeFromJs, programText, SECRET_PLACEHOLDER, valueFromNode, yamlDocument } from "./configValue";
import { Declaration, readDeclarations, stackFileKey } from "./projectConfig";
import { parseOverrides } from "./overrides";
import { applyDeclarations } from "./applyProjectConfig";

export { SECRET_PLACEHOLDER };

export interface StackConfig {
    stack: string;
    /** `<namespace>:<key>` → string, objects and lists as JSON text. */
    config: Record<string, string>;
    secretKeys: string[];
    /** `aws:region`, or when the stack sets none (or only encrypted) the region assumed as the AWS provider would take it (assumedRegion). */
    region: string;
    /** The stack sets no `aws:region` the plan can read: `region` is assumed, and the plan says so. */
    regionAssumed?: boolean;
    /** Config paths holding a ciphertext (`aws:region`, `endpoint.certificateArn`, `secretValues.<KEY>`): unknown offline. */
    undecrypted?: string[];
    /** What the CLI would warn about (e.g. a key with no value), and checks that need a decrypted value. */
    warnings?: string[];
}

/**
 * A key whose whole value may be ONE ciphertext (`pulumi config set --secret K '<json>'`).
 * The real CLI decrypts it to JSON text; offline its key names are taken from the plaintext list
 * at `namesFrom`, each with the placeholder as value.
 */
export interface OpaqueSecretRule {
    namesFrom: string;
}

export interface LoadOptions {
    /** Full key → rule, see OpaqueSecretRule; defaults to PROJECT_OPAQUE_SECRETS. */
    opaqueSecrets?: Record<string, OpaqueSecretRule>;
}

/** This project's one-ciphertext keys: `secretValues` may be set whole; `secretKeys` names its keys. */
export const PROJECT_OPAQUE_SECRETS: Record<string, OpaqueSecretRule> = {
    [`${PROJECT}:secretValues`]: { namesFrom: `${PROJECT}:secretKeys` },
};

export const ROOT = path.resolve(__dirname, "..");

/** Stacks of end-to-end runs (e2e/Pulumi.e2e.template.yaml copied into place): never shipped stacks. */
export const E2E_STACK_PREFIX = "e2e-";

/** The shipped stacks: every Pulumi.<stack>.yaml but the end-to-end runs' copies. */
export function listStacks(root = ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined && !s.startsWith(E2E_STACK_PREFIX))
        .sort();
}

/** Parsed files by their text: the project file is parsed once however many stacks a process loads. */
const parsedDocuments = new Map<string, ReturnType<typeof yamlDocument>>();

function parsedDocument(text: string): ReturnType<typeof yamlDocument> {
    if (!parsedDocuments.has(text)) parsedDocuments.set(text, yamlDocument(text));
    return parsedDocuments.get(text)!;
}

/** A YAML file as JS (maps as Map, integers as bigint); a syntax error names line and column only. */
export function readYamlFile(file: string): unknown {
    const name = path.basename(file);
    // toJS builds new objects on every call, so a cached document hands no caller another's objects.
    const doc = parsedDocument(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
    const err = doc.errors[0];
    if (err) {
        // The library's message quotes the offending line; keep only its position and code.
        const pos = err.linePos?.[0];
        throw new Error(`${name}: YAML syntax error${pos ? ` at line ${pos.line}, column ${pos.col}` : ""} (${err.code})`);
    }
    try {
        return doc.toJS({ mapAsMap: true, maxAliasCount: 100 });
    } catch {
        throw new Error(`${name}: YAML could not be read (aliases or tags)`);
    }
}

interface Project {
    name: string;
    declarations: Declaration[];
}

function readProject(root: string): Project {
    const raw = readYamlFile(path.join(root, "Pulumi.yaml"));
    const name = raw instanceof Map ? raw.get("name") : undefined;
    if (typeof name !== "string" || name === "") throw new Error("Pulumi.yaml: project is missing a non-empty string 'name' attribute");
    return { name, declarations: readDeclarations(name, (raw as Map<unknown, unknown>).get("config"), "Pulumi.yaml") };
}

/** The stack file's values by full key, and the CLI's warning for keys with no value. */
function readStackFile(project: string, file: string): { values: Map<string, CfgValue>; warnings: string[] } {
    const raw = readYamlFile(file);
    const section = raw instanceof Map ? raw.get("config") : undefined;
    const values = new Map<string, CfgValue>();
    if (section === undefined || section === null) return { values, warnings: [] };
    if (!(section instanceof Map)) throw new Error(`${path.basename(file)}: 'config' must be a map`);
    const empty: string[] = [];
    for (const [k, v] of section) {
        const key = stackFileKey(project, String(k));
        if (v === null) empty.push(`"${key}"`);
        values.set(key, valueFromNode(nodeFromJs(v)));
    }
    return { values, warnings: empty.length ? [emptyValueWarning(empty)] : [] };
}

/** loaders.go `checkForEmptyConfig`. */
function emptyValueWarning(keys: string[]): string {
    const s = keys.length > 1 ? "s" : "";
    const list = keys.length === 2 ? keys.join(" and ") : keys.join(", ");
    return `No value for configuration key${s} ${list}. This is currently treated as an empty string \`""\`, but will be treated as \`null\` in a future version of pulumi.\nSet the value${s} to \`""\` to avoid this warning.`;
}

/** The names listed at `namesFrom`, if it is a plaintext list of strings. */
function listedNames(values: Map<string, CfgValue>, namesFrom: string): string[] | undefined {
    const v = values.get(namesFrom);
    if (!v || v.node.t !== "list" || !v.node.v.every((n) => n.t === "str")) return undefined;
    return v.node.v.map((n) => (n as { v: string }).v);
}

/** Replaces each one-ciphertext value of a rule's key by an object of placeholders. */
function expandOpaqueSecrets(values: Map<string, CfgValue>, rules: Record<string, OpaqueSecretRule>, file: string): void {
    for (const [key, rule] of Object.entries(rules)) {
        const v = values.get(key);
        if (!v || v.node.t !== "secure") continue;
        const names = listedNames(values, rule.namesFrom);
        if (!names) {
            throw new Error(
                `${file}: ${key} is one encrypted value, which cannot be decrypted offline. ` +
                    `To plan offline, list its keys in ${rule.namesFrom} (e.g. \`pulumi config set --path '${rule.namesFrom.split(":")[1]}[0]' <KEY>\`), ` +
                    `or set each key separately with \`pulumi config set --secret --path '${key.split(":")[1]}.<KEY>' <value>\``,
            );
        }
        const node: CfgNode = { t: "map", v: new Map(names.map((n) => [n, { t: "secure" } as CfgNode])) };
        values.set(key, { node, object: true, secure: true });
    }
}

/**
 * The stack's config as the program receives it; throws with the CLI's message when the CLI
 * would stop. `overrides` are `--config` entries (`key=value`); `paths` is `--config-path`.
 */
export function loadStackConfig(stack: string, root = ROOT, overrides: string[] = [], paths = false, options: LoadOptions = {}): StackConfig {
    const project = readProject(root);
    const fileName = `Pulumi.${stack}.yaml`;
    const file = path.join(root, fileName);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${fileName} (stacks here: ${listStacks(root).join(", ") || "none"})`);
    const { values, warnings } = readStackFile(project.name, file);
    // newcmd `SaveConfig`: `--config` entries replace whole top-level keys of the stack file.
    for (const [k, v] of parseOverrides(project.name, overrides, paths)) values.set(k, v);
    warnings.push(...applyDeclarations(stack, project.declarations, project.name, values));
    expandOpaqueSecrets(values, options.opaqueSecrets ?? PROJECT_OPAQUE_SECRETS, fileName);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const k of [...values.keys()].sort()) {
        const v = values.get(k) as CfgValue;
        try {
            config[k] = programText(v);
        } catch {
            throw new Error(`${fileName}: ${k} holds a number that JSON cannot represent (.inf or .nan)`);
        }
        if (v.secure) secretKeys.push(k);
    }
    const undecrypted = [...values.entries()].flatMap(([k, v]) => securePaths(k.startsWith(`${project.name}:`) ? k.slice(project.name.length + 1) : k, v.node));
    const regionAssumed = config["aws:region"] === undefined || undecrypted.includes("aws:region");
    return {
        stack,
        config,
        secretKeys,
        region: regionAssumed ? assumedRegion(process.env) : config["aws:region"],
        ...(regionAssumed ? { regionAssumed } : {}),
        ...(undecrypted.length > 0 ? { undecrypted: undecrypted.sort() } : {}),
        warnings,
    };
}

/**
 * The region of a stack without a readable `aws:region`, as the AWS provider takes it: `AWS_REGION`,
 * else `AWS_DEFAULT_REGION` (docs/upstream-facts.md#aws-provider-region); else us-east-1, where
 * the provider would read the AWS profile's region, which an offline plan does not.
 */
export function assumedRegion(env: Record<string, string | undefined>): string {
    return env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
}

/** The config paths of the ciphertexts in a value: `key` itself, `key.field`, `key[0]`. */
export function securePaths(key: string, node: CfgNode): string[] {
    if (node.t === "secure") return [key];
    if (node.t === "list") return node.v.flatMap((n, i) => securePaths(`${key}[${i}]`, n));
    if (node.t === "map") return [...node.v.entries()].flatMap(([k, n]) => securePaths(`${key}.${k}`, n));
    return [];
}
