// Loads a stack's config the way the Pulumi CLI hands it to the program: Pulumi.yaml defaults,
// then Pulumi.<stack>.yaml, then `--config` overrides. Encrypted values cannot be decrypted
// offline; they become the placeholder "[secret]" and their keys are marked secret.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROJECT } from "../config";

export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
    stack: string;
    /** `<namespace>:<key>` → string, objects and lists as JSON text. */
    config: Record<string, string>;
    secretKeys: string[];
    /** `aws:region` (or the fake default). */
    region: string;
}

export const ROOT = path.resolve(__dirname, "..");

export function listStacks(root = ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

function isSecure(v: unknown): boolean {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
}

/** Replaces `{secure: …}` leaves with the placeholder; says whether any was found. */
function unwrapSecure(v: unknown): { value: unknown; secret: boolean } {
    if (isSecure(v)) return { value: SECRET_PLACEHOLDER, secret: true };
    if (Array.isArray(v)) {
        const parts = v.map(unwrapSecure);
        return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
    }
    if (typeof v === "object" && v !== null) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            const p = unwrapSecure(x);
            out[k] = p.value;
            secret = secret || p.secret;
        }
        return { value: out, secret };
    }
    return { value: v, secret: false };
}

function fullKey(k: string): string {
    return k.includes(":") ? k : `${PROJECT}:${k}`;
}

function toText(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

/** Splits `cluster.create` or `secretKeys[0]` into the top-level key and the path below it. */
function splitPath(key: string): { top: string; rest: Array<string | number> } {
    const [ns, name] = key.split(/:(.*)/s, 2);
    const parts: Array<string | number> = [];
    const re = /([^.[\]]+)|\[(\d+)\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(name)) !== null) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    return { top: `${ns}:${parts[0]}`, rest: parts.slice(1) };
}

function setPath(root: unknown, rest: Array<string | number>, value: string): unknown {
    if (rest.length === 0) return value;
    const [head, ...tail] = rest;
    const container: any = typeof head === "number" ? (Array.isArray(root) ? [...root] : []) : typeof root === "object" && root !== null && !Array.isArray(root) ? { ...root } : {};
    container[head] = setPath(container[head], tail, value);
    return container;
}

/**
 * Applies `key=value` overrides as `pulumi preview --config` does. With `paths` (Pulumi's
 * `--config-path`), a key with `.` or `[n]` sets a value inside an object or list.
 */
export function applyOverrides(base: StackConfig, overrides: string[], paths = false): StackConfig {
    const config = { ...base.config };
    for (const o of overrides) {
        const eq = o.indexOf("=");
        if (eq <= 0) throw new Error(`--config expects key=value, got "${o}"`);
        const key = fullKey(o.slice(0, eq));
        const value = o.slice(eq + 1);
        if (!paths) {
            config[key] = value;
            continue;
        }
        const { top, rest } = splitPath(key);
        if (rest.length === 0) {
            config[top] = value;
            continue;
        }
        let current: unknown;
        try {
            current = config[top] === undefined ? undefined : JSON.parse(config[top]);
        } catch {
            current = config[top];
        }
        if (current !== undefined && (typeof current !== "object" || current === null)) {
            throw new Error(`--config ${o}: ${top} is not an object or list, so it has no path ${key.slice(top.length)}`);
        }
        config[top] = JSON.stringify(setPath(current, rest, value));
    }
    return { ...base, config, region: config["aws:region"] ?? base.region };
}

export function loadStackConfig(stack: string, root = ROOT, overrides: string[] = [], paths = false): StackConfig {
    const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) ?? {};
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${path.basename(file)} (stacks here: ${listStacks(root).join(", ") || "none"})`);
    const stackFile = YAML.parse(fs.readFileSync(file, "utf8")) ?? {};
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [k, decl] of Object.entries<any>(project.config ?? {})) {
        if (decl && typeof decl === "object" && "default" in decl) config[fullKey(k)] = toText(decl.default);
    }
    for (const [k, v] of Object.entries(stackFile.config ?? {})) {
        const { value, secret } = unwrapSecure(v);
        config[fullKey(k)] = toText(value);
        if (secret) secretKeys.add(fullKey(k));
    }
    const base: StackConfig = { stack, config, secretKeys: [...secretKeys].sort(), region: config["aws:region"] ?? "us-east-1" };
    return applyOverrides(base, overrides, paths);
}
