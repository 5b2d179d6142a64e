// Field kinds of the config declaration. Each decodes one raw value (JSON types, or text from the
// CLI), reports a problem naming the key when it is wrong, and never quotes a value it rejects.
import { isEnvName } from "./grammar";
import { kindOf, Problems } from "./problems";
import { AppliesWhen, Context, Field, Fields, isPlainObject, Section } from "./schema";

/** A value-level rule: what is wrong with `v`, and the fix, or undefined when it is fine. */
export type Check<T> = (v: T) => { what: string; fix: string } | undefined;

interface Common<T> {
    doc: string;
    defaultDoc?: string;
    appliesWhen?: AppliesWhen;
    check?: Check<T>;
}
type WithDefault<T> = { default: T | ((section: Record<string, unknown>, ctx: Context) => T) };

function field<T>(type: Field<T>["type"], o: Common<T> & Partial<WithDefault<T>>, decode: (v: unknown, path: string, p: Problems) => T | undefined): Field<T> {
    return {
        kind: "field",
        type,
        doc: o.doc,
        default: o.default,
        defaultDoc: o.defaultDoc,
        appliesWhen: o.appliesWhen,
        decode(v, path, p) {
            const out = decode(v, path, p);
            const issue = out === undefined || !o.check ? undefined : o.check(out);
            if (issue) p.add(path, issue.what, issue.fix);
            return issue ? undefined : out;
        },
    };
}

function emptyText(v: unknown): boolean {
    return v === null || v === "";
}

export function text(o: Common<string> & WithDefault<string>): Field<string, true>;
export function text(o: Common<string>): Field<string, false>;
export function text(o: Common<string> & Partial<WithDefault<string>>): Field<string> {
    return field("string", o, (v, path, p) => {
        if (v === undefined) return undefined;
        if (typeof v === "string" && v.length > 0) return v;
        const got = emptyText(v) ? "an empty value" : kindOf(v);
        p.add(path, `expected a non-empty string, got ${got}`, `set it with \`pulumi config set --path '${path}' <text>\`, or remove it`);
        return undefined;
    });
}

export function flag(o: Common<boolean> & WithDefault<boolean>): Field<boolean, true> {
    return field("boolean", o, (v, path, p) => {
        if (v === undefined) return undefined;
        if (typeof v === "boolean") return v;
        if (v === "true" || v === "false") return v === "true";
        p.add(path, `expected true or false, got ${kindOf(v)}`, "set it to true or false");
        return undefined;
    }) as Field<boolean, true>;
}

export function whole(o: Common<number> & WithDefault<number> & { min: number; max: number }): Field<number, true>;
export function whole(o: Common<number> & { min: number; max: number }): Field<number, false>;
export function whole(o: Common<number> & Partial<WithDefault<number>> & { min: number; max: number }): Field<number> {
    return field("integer", o, (v, path, p) => {
        if (v === undefined) return undefined;
        const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
        if (typeof n === "number" && Number.isInteger(n) && n >= o.min && n <= o.max) return n;
        p.add(path, `expected a whole number from ${o.min} to ${o.max}, got ${typeof n === "number" ? n : kindOf(v)}`, "set a number in that range");
        return undefined;
    });
}

export function choice<T extends string>(values: readonly T[], o: Common<NoInfer<T>> & WithDefault<NoInfer<T>>): Field<T, true> {
    return field("string", o, (v, path, p) => {
        if (v === undefined) return undefined;
        if (typeof v === "string" && (values as readonly string[]).includes(v)) return v as T;
        p.add(
            path,
            typeof v === "string" ? "is not one of the accepted values" : `expected one of the accepted values, got ${kindOf(v)}`,
            `use one of ${values.join(", ")}`,
        );
        return undefined;
    }) as Field<T, true>;
}

export function textList(o: Common<string[]> & WithDefault<string[]>): Field<string[], true>;
export function textList(o: Common<string[]>): Field<string[], false>;
export function textList(o: Common<string[]> & Partial<WithDefault<string[]>>): Field<string[]> {
    return field("array", o, (v, path, p) => {
        if (v === undefined) return undefined;
        if (Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0)) return v as string[];
        p.add(
            path,
            `expected a list of non-empty strings, got ${Array.isArray(v) ? "a list with other items" : kindOf(v)}`,
            `set items with \`pulumi config set --path '${path}[0]' <value>\``,
        );
        return undefined;
    });
}

/** Env var name → string. Values are never quoted: they may be secret. */
export function envMap(o: Common<Record<string, string>> & { secret?: boolean }): Field<Record<string, string>, false> {
    const f = field<Record<string, string>>("object", o, (v, path, p) => (v === undefined ? undefined : decodeEnvMap(v, path, p, o.secret === true)));
    return { ...f, secret: o.secret } as Field<Record<string, string>, false>;
}

function decodeEnvMap(v: unknown, path: string, p: Problems, secret: boolean): Record<string, string> {
    if (!isPlainObject(v)) {
        p.add(
            path,
            `expected an object of NAME: value pairs, got ${kindOf(v)}`,
            `set entries with \`pulumi config set ${secret ? "--secret " : ""}--path '${path}.<NAME>' <value>\``,
        );
        return {};
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
        const at = `${path}.${k}`;
        if (!isEnvName(k)) {
            p.add(at, "the key is not an environment variable name (letters, digits and _, not starting with a digit)", "rename the key");
        } else if (typeof val !== "string") {
            p.add(
                at,
                `expected a string value, got ${kindOf(val)}`,
                `set it as a string with \`pulumi config set ${secret ? "--secret " : ""}--path '${at}' <value>\`${secret ? "" : ", or quote it in the stack file"}`,
            );
        } else {
            out[k] = val;
        }
    }
    return out;
}

/** Free-form chart values (the escape hatch). */
export function anyObject(o: Common<Record<string, unknown>> & WithDefault<Record<string, unknown>>): Field<Record<string, unknown>, true> {
    return field("object", o, (v, path, p) => {
        if (v === undefined) return undefined;
        if (isPlainObject(v)) return v;
        p.add(path, `expected an object, got ${kindOf(v)}`, `set its fields with \`pulumi config set --path '${path}.<field>' <value>\``);
        return undefined;
    }) as Field<Record<string, unknown>, true>;
}

export function section<F extends Fields>(doc: string, fields: F, extra?: { appliesWhen?: AppliesWhen }): Section<F, false> {
    return { kind: "section", doc, fields, optional: false, ...extra };
}

export function optionalSection<F extends Fields>(doc: string, fields: F, extra?: { secret?: boolean; appliesWhen?: AppliesWhen }): Section<F, true> {
    return { kind: "section", doc, fields, optional: true, ...extra };
}
