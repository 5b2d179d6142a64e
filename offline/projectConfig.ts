// The `config:` declarations of Pulumi.yaml and how the CLI applies them to a stack, following
// pulumi/pulumi sdk/go/common/workspace/project.go (`RewriteShorthandConfigValues`,
// `Project.Validate`, `ValidateConfigValue`, `InferFullTypeName`) and pkg/workspace/config.go
// (`mergeConfig` behind `ValidateStackConfigAndApplyProjectConfig`, `validateStackConfigValue`,
// `createConfigValue`, `missingStackConfigurationKeysError`).
import { CfgNode, CfgValue, compareGo, goJson, nodeFromJs } from "./configValue";

export interface ItemsType {
    type: string;
    items?: ItemsType;
}

export interface Declaration {
    /** The key as written in Pulumi.yaml (upstream messages name it so). */
    key: string;
    /** `<namespace>:<name>`. */
    fullKey: string;
    type?: string;
    items?: ItemsType;
    default?: CfgNode;
    value?: CfgNode;
    secret: boolean;
}

const TYPES = new Set(["string", "integer", "boolean", "array", "object"]);
const DECLARATION_FIELDS = new Set(["type", "items", "description", "secret", "default", "value"]);

/** config.go `parseConfigKey` (pkg/workspace): an un-namespaced key belongs to the project. */
export function declaredFullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** key.go `ParseKey` for a stack-file key; keys without `:` belong to the project. */
export function stackFileKey(project: string, key: string): string {
    const colons = key.split(":").length - 1;
    if (colons === 0) return `${project}:${key}`; // loaders.go stackConfigNamespacedWithProject
    if (colons === 1) return key;
    const parts = key.split(":");
    if (colons === 2 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
    throw new Error(`could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
}

/** project.go `configKeyIsNamespacedByProject`. */
function isProjectKey(project: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${project}:`);
}

function itemsFrom(raw: unknown, where: string): ItemsType | undefined {
    if (raw === undefined) return undefined;
    if (!(raw instanceof Map) || typeof raw.get("type") !== "string" || !TYPES.has(raw.get("type")))
        throw new Error(`${where}: items must have a type (string, integer, boolean, array or object)`);
    const type = raw.get("type") as string;
    const items = itemsFrom(raw.get("items"), `${where}.items`);
    if (type === "array" && items === undefined) throw new Error(`${where}: an array needs 'items'`);
    return { type, items };
}

/** A JS `null`/`undefined` default counts as none: Go's `Default != nil`. */
function optionalNode(raw: unknown): CfgNode | undefined {
    return raw === undefined || raw === null ? undefined : nodeFromJs(raw);
}

/**
 * One declaration. `RewriteShorthandConfigValues`: a string, integer, boolean or list is a
 * `default` for a project key and a `value` for any other namespace.
 */
function declarationFrom(project: string, key: string, raw: unknown, file: string): Declaration {
    const fullKey = declaredFullKey(project, key);
    const shorthand = typeof raw === "string" || typeof raw === "bigint" || typeof raw === "boolean" || Array.isArray(raw);
    if (shorthand) {
        const node = nodeFromJs(raw);
        return isProjectKey(project, key) ? { key, fullKey, default: node, secret: false } : { key, fullKey, value: node, secret: false };
    }
    // project.json schema: anything else must be a declaration object with known fields only.
    if (!(raw instanceof Map)) throw new Error(`${file}: config '${key}' must be a string, integer, boolean, list or a declaration`);
    for (const f of raw.keys()) if (!DECLARATION_FIELDS.has(String(f))) throw new Error(`${file}: config '${key}': '${String(f)}' not allowed`);
    const type = raw.get("type");
    if (type !== undefined && (typeof type !== "string" || !TYPES.has(type)))
        throw new Error(`${file}: config '${key}': type must be one of string, integer, boolean, array, object`);
    const secret = raw.get("secret");
    if (secret !== undefined && typeof secret !== "boolean") throw new Error(`${file}: config '${key}': secret must be true or false`);
    return {
        key,
        fullKey,
        type,
        items: itemsFrom(raw.get("items"), `${file}: config '${key}'`),
        default: optionalNode(raw.get("default")),
        value: optionalNode(raw.get("value")),
        secret: secret === true,
    };
}

/** `Project.Validate`: the errors, with upstream's texts, of one declaration. */
function validateDeclaration(project: string, d: Declaration): string | undefined {
    if (d.default !== undefined && d.value !== undefined) return `project config '${d.key}' cannot have both a 'default' and 'value' attribute`;
    if (isProjectKey(project, d.key)) {
        if (d.type === "array" && d.items === undefined)
            return `The configuration key '${d.key}' declares an array but does not specify the underlying type via the 'items' attribute`;
        if (d.type !== undefined && d.default !== undefined && !matchesType(d.type, d.items, contentOfNode(d.default))) {
            return `The default value specified for configuration key '${d.key}' is not of the expected type '${fullTypeName(d.type, d.items)}'`;
        }
        return undefined;
    }
    if (d.type !== undefined) return `Configuration key '${d.key}' is not namespaced by the project and should not define a type`;
    if (d.default !== undefined)
        return `Configuration key '${d.key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`;
    if (d.value === undefined) return `Configuration key '${d.key}' is namespaced and must provide an attribute 'value'`;
    return undefined;
}

/** Reads and validates the declarations of a parsed Pulumi.yaml `config:` section. */
export function readDeclarations(project: string, rawConfig: unknown, file: string): Declaration[] {
    if (rawConfig === undefined || rawConfig === null || typeof rawConfig === "string") return []; // a string is the old stackConfigDir
    if (!(rawConfig instanceof Map)) throw new Error(`${file}: 'config' must be a map of declarations`);
    const out: Declaration[] = [];
    for (const [k, raw] of rawConfig) {
        const d = declarationFrom(project, String(k), raw, file);
        const problem = validateDeclaration(project, d);
        if (problem) throw new Error(`could not unmarshal '${file}': ${problem}`);
        out.push(d);
    }
    return out.sort((a, b) => compareGo(a.key, b.key));
}

/** `InferFullTypeName`: `array<array<string>>` and so on. */
export function fullTypeName(type: string, items?: ItemsType): string {
    return items ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

/** What `ValidateConfigValue` inspects: strings, numbers, booleans, null, lists, maps, or a ciphertext's unknown text. */
export type Content = string | number | boolean | null | { unknownSecretText: true } | Content[] | Map<string, Content>;

const UNKNOWN_SECRET: Content = { unknownSecretText: true };

/** JSON-decoded content of an object value (Go `json.Unmarshal` into `any`: numbers are float64). */
function contentOfNode(n: CfgNode): Content {
    switch (n.t) {
        case "str":
            return n.v;
        case "int":
            return Number(n.v);
        case "float":
            return n.v;
        case "bool":
            return n.v;
        case "null":
            return null;
        case "secure":
            return UNKNOWN_SECRET; // decrypts to a string whose text we cannot know
        case "list":
            return n.v.map(contentOfNode);
        case "map":
            return new Map([...n.v].map(([k, x]) => [k, contentOfNode(x)]));
    }
}

/** `validateStackConfigValue`: the decrypted text, JSON-decoded when the value is an object. */
export function contentOfValue(v: CfgValue): Content {
    if (v.object) return contentOfNode(v.node);
    if (v.node.t === "secure") return UNKNOWN_SECRET;
    if (v.node.t === "str") return v.node.v;
    return goJson(v.node);
}

function isUnknownSecret(c: Content): boolean {
    return typeof c === "object" && c !== null && !Array.isArray(c) && !(c instanceof Map);
}

/** strconv.Atoi on a 64-bit platform. */
function atoiParses(s: string): boolean {
    return /^[+-]?\d+$/.test(s) && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n;
}

/**
 * `ValidateConfigValue`. A ciphertext is a string of unknown text: it passes `string`, fails
 * `array` and `object` like any string, and is unknowable (undefined) for `integer` and `boolean`.
 */
export function matchesType(type: string, items: ItemsType | undefined, c: Content): boolean | undefined {
    const secret = isUnknownSecret(c);
    if (type === "string") return typeof c === "string" || secret;
    if (type === "integer") return secret ? undefined : (typeof c === "number" && Number.isInteger(c)) || (typeof c === "string" && atoiParses(c));
    if (type === "boolean") return secret ? undefined : typeof c === "boolean" || c === "true" || c === "false";
    if (type === "object") return c instanceof Map;
    if (!Array.isArray(c) || items === undefined) return false;
    let result: boolean | undefined = true;
    for (const item of c) {
        const ok = matchesType(items.type, items.items, item);
        if (ok === false) return false;
        if (ok === undefined) result = undefined;
    }
    return result;
}

/** `createConfigValue`: strings, integers and booleans stay text; anything else becomes JSON. */
export function valueOfDeclared(n: CfgNode): CfgValue {
    if (n.t === "str" || n.t === "int" || n.t === "bool") return { node: n.t === "str" ? n : { t: "str", v: String(n.v) }, object: false, secure: false };
    return { node: n, object: true, secure: false };
}

/** `formatMissingKeys` + `missingStackConfigurationKeysError`. */
export function missingKeysMessage(stack: string, keys: string[]): string {
    const sorted = [...keys].sort(compareGo);
    const quoted = sorted.map((k) => `'${k}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
    return `Stack '${stack}' is missing configuration ${sorted.length === 1 ? "value" : "values"} ${list}`;
}
