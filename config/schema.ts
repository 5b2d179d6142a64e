// The building blocks of the config declaration: typed fields that decode one value, sections
// that group them, and `resolveFields`, which decodes a whole section, applies defaults and
// reports unknown keys and settings that do not apply. Types derive from the declaration.
import { isPlainObject } from "../derive/objects";
import { kindOf, Problems } from "./problems";

export interface Context {
    /** The stack name, for defaults such as the cluster name. */
    readonly stack: string;
    /** The top-level settings resolved so far (declaration order), for defaults that depend on them. */
    readonly root?: Record<string, unknown>;
    /** Paths whose values were not decrypted (an offline plan's placeholders; config/rules/rule.ts RuleInput). */
    readonly undecrypted?: ReadonlySet<string>;
}

/** The declared Pulumi config type, as in Pulumi.yaml (`object` is not declarable there). */
export type DeclaredType = "string" | "integer" | "boolean" | "array" | "object";

/** When a field only means something in some configurations (checked after defaults). */
export interface AppliesWhen {
    test(section: Record<string, unknown>, root: Record<string, unknown>): boolean;
    /** Why it does not apply, e.g. "only applies to a cluster the program creates (cluster.create is false)". */
    because: string;
    /** The alternative to removing it, e.g. "set cluster.create to true". */
    otherwise: string;
}

type DefaultOf<T> = T | ((section: Record<string, unknown>, ctx: Context) => T);

export interface Field<T, HasDefault extends boolean = boolean> {
    readonly kind: "field";
    readonly type: DeclaredType;
    readonly doc: string;
    readonly default?: DefaultOf<T>;
    /** How the default is chosen, for the config reference, when it is computed. */
    readonly defaultDoc?: string;
    /** Set with `pulumi config set --secret`; never quoted in a message. */
    readonly secret?: boolean;
    readonly appliesWhen?: AppliesWhen;
    /** Type-level marker only: whether the resolved value is always defined. */
    readonly hasDefault?: HasDefault;
    decode(v: unknown, path: string, p: Problems): T | undefined;
}

export interface Section<F extends Fields = Fields, Optional extends boolean = boolean> {
    readonly kind: "section";
    readonly doc: string;
    readonly fields: F;
    /** An optional section resolves to undefined when not set at all. */
    readonly optional: Optional;
    readonly secret?: boolean;
    readonly appliesWhen?: AppliesWhen;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = { readonly [k: string]: Field<any> | Section<any> };

type ValueOf<F> =
    F extends Field<infer T, infer D>
        ? D extends true
            ? T
            : T | undefined
        : F extends Section<infer G, infer O>
          ? O extends true
              ? Resolved<G> | undefined
              : Resolved<G>
          : never;

/** The typed value of a section once decoded and defaulted. */
export type Resolved<F extends Fields> = { -readonly [K in keyof F]: ValueOf<F[K]> };

/** Plain objects, the same test derivation uses. */
export { isPlainObject };

/** Own properties only: "toString" or "constructor" are never found on the prototype. */
export function own(o: Record<string, unknown>, k: string): unknown {
    return Object.hasOwn(o, k) ? o[k] : undefined;
}

function defaultValue<T>(f: Field<T>, section: Record<string, unknown>, ctx: Context): T | undefined {
    const d = f.default;
    return typeof d === "function" ? (d as (s: Record<string, unknown>, c: Context) => T)(section, ctx) : d;
}

/** Reads a section's raw value as an object, reporting anything else. */
function sectionObject(value: unknown, path: string, p: Problems): Record<string, unknown> {
    if (value === undefined) return {};
    if (isPlainObject(value)) return value;
    p.add(path, `expected an object, got ${kindOf(value)}`, `set its fields with \`pulumi config set --path '${path}.<field>' <value>\``);
    return {};
}

function reportUnknownKeys(fields: Fields, obj: Record<string, unknown>, path: string, p: Problems): void {
    const known = Object.keys(fields);
    for (const k of Object.keys(obj)) {
        if (!known.includes(k)) p.add(`${path}.${k}`, "unknown setting", `remove it, or use one of ${known.join(", ")}`);
    }
}

/** Decodes `value` against `fields`; `path` is the section's config path. */
export function resolveFields<F extends Fields>(fields: F, value: unknown, path: string, p: Problems, ctx: Context): Resolved<F> {
    const obj = sectionObject(value, path, p);
    if (path) reportUnknownKeys(fields, obj, path, p);
    const out: Record<string, unknown> = {};
    const c = path ? ctx : { ...ctx, root: out };
    for (const [k, f] of Object.entries(fields)) {
        out[k] = resolveOne(f, own(obj, k), path ? `${path}.${k}` : k, p, c, out);
    }
    return out as Resolved<F>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resolveOne(f: Field<any> | Section<any>, raw: unknown, path: string, p: Problems, ctx: Context, siblings: Record<string, unknown>): unknown {
    if (f.kind === "section") return f.optional && raw === undefined ? undefined : resolveFields(f.fields, raw, path, p, ctx);
    const v = f.decode(raw, path, p);
    // A placeholder the value's rules refused still stands for a text value; the refusal is listed as not checked
    // (parseConfig). A list or map read as one text cannot stand for it: its type problem stays.
    if (v === undefined && f.type === "string" && typeof raw === "string" && ctx.undecrypted?.has(path)) return raw;
    return v !== undefined ? v : defaultValue(f, siblings, ctx);
}

/**
 * Reports each setting given explicitly although the setting that gives it meaning is off.
 * `raw` is the section as the user wrote it; `resolved` the same section after defaults.
 */
export function reportInapplicable(fields: Fields, raw: unknown, resolved: unknown, path: string, root: Record<string, unknown>, p: Problems): void {
    if (!isPlainObject(raw) || !isPlainObject(resolved)) return;
    for (const [k, f] of Object.entries(fields)) {
        const given = own(raw, k);
        if (given === undefined) continue;
        const at = path ? `${path}.${k}` : k;
        if (f.appliesWhen && !f.appliesWhen.test(resolved, root)) {
            p.add(at, f.appliesWhen.because, `remove ${at}, or ${f.appliesWhen.otherwise}`);
        } else if (f.kind === "section") {
            reportInapplicable(f.fields, given, own(resolved, k), at, root, p);
        }
    }
}
