// Every config problem reads "<project>:<key>: <what is wrong>. Fix: <how>." and one run
// reports all of them, so a user fixes a stack in one pass.

export const PROJECT = "portkey-gateway";

/** The full config key as `pulumi config` names it. */
export function configKey(path: string): string {
    return path.includes(":") ? path : `${PROJECT}:${path}`;
}

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        const n = problems.length;
        super(`Invalid stack config (${n} problem${n === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
    }
}

/** Collects problems; `add` never receives a value that could be secret. */
export class Problems {
    readonly list: string[] = [];

    add(path: string, what: string, fix: string): void {
        this.list.push(`${configKey(path)}: ${what}. Fix: ${fix}.`);
    }

    throwIfAny(): void {
        if (this.list.length > 0) throw new ConfigError(this.list);
    }
}

/** How a value is described in a message without quoting it. */
export function kindOf(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "null (an empty value)";
    const t = typeof v;
    return `${t === "object" || t === "undefined" ? "an" : "a"} ${t}`;
}
