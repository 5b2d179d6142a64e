// Small helpers on plain data shared by the derivations.

export function unique<T>(xs: T[]): T[] {
    return [...new Set(xs)];
}

/** Keys in code-unit order, so chart values and the secret JSON are stable across runs. */
export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
    // Array.prototype.sort's default order compares UTF-16 code units.
    return Object.fromEntries(
        Object.keys(o)
            .sort()
            .map((k) => [k, o[k]]),
    );
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else in `over` replaces `base`. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
    }
    return out;
}
