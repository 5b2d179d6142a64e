// Config key paths (`a.b[0]["c.d"]`) and how `--config-path` sets a value at one, following
// pulumi/pulumi sdk/go/common/resource/properties_path.go (`parsePropertyPath`, strict mode),
// sdk/go/common/resource/config/map.go (`Map.Set`, `parseKeyPath`) and object.go (`Set`, `coerce`).
import { CfgNode } from "./configValue";

export type PathElement = string | number;

/** Reads `["…"]` with `\"` escapes starting at `path[0] === "["`; returns the key and the rest after `]`. */
function quotedElement(path: string): { key: string; rest: string } {
    let key = "";
    let i = 2;
    for (;;) {
        if (i >= path.length) throw new Error("missing closing quote in property name");
        if (path[i] === '"') {
            i++;
            break;
        }
        if (path[i] === "\\" && path[i + 1] === '"') {
            key += '"';
            i += 2;
        } else key += path[i++];
    }
    if (path[i] !== "]") throw new Error("missing closing bracket in property access");
    return { key, rest: path.slice(i + 1) };
}

/** Reads `[n]` or `[*]`; Go's ParseInt accepts a sign, so `[-1]` parses and fails later. */
function indexElement(path: string): { el: PathElement; rest: string } {
    const close = path.indexOf("]");
    if (close === -1) throw new Error("missing closing bracket in array index");
    const segment = path.slice(1, close);
    if (segment === "*") return { el: "*", rest: path.slice(close + 1) };
    if (!/^[+-]?\d+$/.test(segment) || !Number.isSafeInteger(Number(segment))) throw new Error("invalid array index");
    return { el: Number(segment), rest: path.slice(close + 1) };
}

/** `ParsePropertyPathStrict`: the path elements of a key name. */
export function parsePath(input: string): PathElement[] {
    if (input.startsWith(".")) throw new Error("expected property path to start with a name or index");
    const out: PathElement[] = [];
    let path = input;
    while (path.length > 0) {
        if (path[0] === ".") {
            path = path.slice(1);
            if (path.length === 0) throw new Error("expected property path to end with a name or index");
            if (path[0] === "[") throw new Error("expected property name after '.'");
        } else if (path[0] === "[") {
            const r = path[1] === '"' ? (({ key, rest }) => ({ el: key as PathElement, rest }))(quotedElement(path)) : indexElement(path);
            out.push(r.el);
            path = r.rest;
        } else {
            const end = path.search(/[.[]/);
            const stop = end === -1 ? path.length : end;
            out.push(path.slice(0, stop));
            path = path.slice(stop);
        }
    }
    return out;
}

/** map.go `parseKeyPath`: the top-level key name and the path below it. */
export function splitKeyPath(name: string): { top: string; rest: PathElement[] } {
    const p = parsePath(name);
    if (p.length === 0) throw new Error("empty config key path");
    if (typeof p[0] !== "string") throw new Error("first path segement of config key must be a string");
    if (p[0] === "") throw new Error("config key is empty");
    return { top: p[0], rest: p.slice(1) };
}

/** object.go `coerce`: "true"/"false" become booleans, base-10 integers without a leading 0 numbers. */
export function coerceLeaf(v: string): CfgNode {
    if (v === "true" || v === "false") return { t: "bool", v: v === "true" };
    if (v.length > 1 && v[0] === "0") return { t: "str", v };
    if (/^[+-]?\d+$/.test(v)) {
        const n = BigInt(v);
        // ParseInt (int64) then ParseUint (uint64); anything wider stays a string.
        if (n >= -(2n ** 63n) && n < 2n ** 64n) return { t: "int", v: n };
    }
    return { t: "str", v };
}

function newContainer(el: PathElement): CfgNode {
    // object.go `newContainer`: an index n makes a list of n+1 empty (null) entries.
    return typeof el === "number" ? { t: "list", v: Array.from({ length: el + 1 }, () => ({ t: "null" }) as CfgNode) } : { t: "map", v: new Map() };
}

function describePath(prefix: PathElement[]): string {
    return prefix.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** object.go `Set`: sets `value` at `path` below `node`, whose own path is `prefix`. */
export function setAtPath(node: CfgNode, prefix: PathElement[], path: PathElement[], value: CfgNode): CfgNode {
    if (path.length === 0) return value;
    const [head, ...tail] = path;
    let container = node;
    if (node.t !== "list" && node.t !== "map") {
        // COMPAT upstream: a scalar at the first level is replaced; deeper it is a type error.
        if (node.t !== "null" && prefix.length !== 1) throw new Error(`${describePath(prefix)}: expected ${typeof head === "number" ? "an array" : "a map"}`);
        container = newContainer(head);
    }
    const here = [...prefix, head];
    if (container.t === "list") {
        if (typeof head !== "number") throw new Error(`${describePath(here)}: key for an array must be an int`);
        if (head < 0 || head > container.v.length) throw new Error(`${describePath(here)}: array index out of range`);
        const items = [...container.v];
        items[head] = setAtPath(items[head] ?? { t: "null" }, here, tail, value);
        return { t: "list", v: items };
    }
    if (container.t !== "map") throw new Error("unreachable");
    if (typeof head !== "string") throw new Error(`${describePath(here)}: key for a map must be a string`);
    if (tail.length === 0 && container.v.size === 0 && head === "secure" && value.t === "str")
        throw new Error(`maps with the single key "secure" are reserved`);
    const entries = new Map(container.v);
    entries.set(head, setAtPath(entries.get(head) ?? { t: "null" }, here, tail, value));
    return { t: "map", v: entries };
}
