// One config value as the Pulumi CLI holds it (pulumi/pulumi sdk/go/common/resource/config/object.go
// and value.go), and the text the program receives for it. Ciphertexts cannot be decrypted
// offline, so each reads as SECRET_PLACEHOLDER.
import * as YAML from "yaml";

export const SECRET_PLACEHOLDER = "[secret]";

/** A value tree: YAML scalars keep their YAML type; `{secure: "<text>"}` maps become "secure". */
export type CfgNode =
    | { t: "str"; v: string }
    | { t: "int"; v: bigint }
    | { t: "float"; v: number }
    | { t: "bool"; v: boolean }
    | { t: "null" }
    | { t: "secure" }
    | { t: "list"; v: CfgNode[] }
    | { t: "map"; v: Map<string, CfgNode> };

/**
 * A top-level config entry (upstream `config.Value`): `object` when it is a map or list (its text
 * is JSON), `secure` when it is, or contains, a ciphertext.
 */
export interface CfgValue {
    node: CfgNode;
    object: boolean;
    secure: boolean;
}

/** object.go `isSecureValue`: a map with the single key "secure" whose value is a string. */
function isSecureMap(v: unknown): boolean {
    return v instanceof Map && v.size === 1 && typeof v.get("secure") === "string";
}

/** Converts what `YAML.Document.toJS({mapAsMap: true})` returns (ints as bigint) into a CfgNode. */
export function nodeFromJs(v: unknown): CfgNode {
    if (v === null || v === undefined) return { t: "null" };
    if (typeof v === "string") return { t: "str", v };
    if (typeof v === "bigint") return { t: "int", v };
    if (typeof v === "number")
        return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER && !Object.is(v, -0) ? { t: "int", v: BigInt(v) } : { t: "float", v };
    if (typeof v === "boolean") return { t: "bool", v };
    if (Array.isArray(v)) return { t: "list", v: v.map(nodeFromJs) };
    if (v instanceof Map) {
        if (isSecureMap(v)) return { t: "secure" };
        return { t: "map", v: new Map([...v.entries()].map(([k, x]) => [String(k), nodeFromJs(x)])) };
    }
    if (v instanceof Date) return { t: "str", v: v.toISOString() };
    // Any other value the YAML parser returns is kept as its text.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return { t: "str", v: String(v) };
}

/** object.go `Secure`: a ciphertext, or a list or map holding one. */
export function containsSecure(n: CfgNode): boolean {
    if (n.t === "secure") return true;
    if (n.t === "list") return n.v.some(containsSecure);
    if (n.t === "map") return [...n.v.values()].some(containsSecure);
    return false;
}

/** object.go `MarshalString` applied to a value as read from a stack file. */
export function valueFromNode(node: CfgNode): CfgValue {
    // loaders_test.go TestEmptyValueWarning: a top-level YAML null loads as NewValue("").
    if (node.t === "null") return { node: { t: "str", v: "" }, object: false, secure: false };
    const object = node.t === "list" || node.t === "map";
    return { node, object, secure: containsSecure(node) };
}

/** A plain string value, as `pulumi config set` and `--config` store it. */
export function stringValue(v: string): CfgValue {
    return { node: { t: "str", v }, object: false, secure: false };
}

// Go's encoding/json escapes <, > and & (HTML-safe) and U+2028/U+2029; JSON.stringify does not.
const GO_EXTRA_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

function goQuote(s: string): string {
    return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_EXTRA_ESCAPES[c]);
}

/** Go `json.Marshal` of the decrypted value: map keys sorted, floats formatted as ES6 does. */
export function goJson(n: CfgNode): string {
    switch (n.t) {
        case "str":
            return goQuote(n.v);
        case "int":
            return n.v.toString();
        case "float":
            if (!Number.isFinite(n.v)) throw new Error("json: unsupported value (infinite or NaN number)");
            return Object.is(n.v, -0) ? "-0" : String(n.v);
        case "bool":
            return String(n.v);
        case "null":
            return "null";
        case "secure":
            return goQuote(SECRET_PLACEHOLDER);
        case "list":
            return `[${n.v.map(goJson).join(",")}]`;
        case "map":
            return `{${[...n.v.keys()]
                .sort(compareGo)
                .map((k) => `${goQuote(k)}:${goJson(n.v.get(k) as CfgNode)}`)
                .join(",")}}`;
    }
}

/** Go sorts map keys by bytes; compare UTF-8 encodings so non-ASCII keys order the same. */
export function compareGo(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The string the program receives (value.go `Value` → plaintext.go `marshalText`). */
export function programText(v: CfgValue): string {
    const n = v.node;
    if (n.t === "str") return n.v;
    if (n.t === "secure") return SECRET_PLACEHOLDER;
    return goJson(n);
}

/** Parses YAML text into a JS value with maps as Map and integers as bigint (exact, like Go's int64). */
export function yamlDocument(text: string): YAML.Document.Parsed {
    return YAML.parseDocument(text, { intAsBigInt: true, merge: true, prettyErrors: true });
}
