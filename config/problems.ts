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

    /**
     * Drops every problem whose text holds one of `secrets` (a map key or an unknown key can be a
     * secret value). The leak rules name those settings without quoting them; should nothing be
     * left, one problem says that something was withheld.
     */
    withhold(secrets: readonly string[]): void {
        const kept = this.list.filter((line) => !secrets.some((x) => line.includes(x)));
        const dropped = this.list.length - kept.length;
        this.list.splice(0, this.list.length, ...kept);
        if (dropped > 0 && kept.length === 0)
            this.add(
                "secretValues",
                "a setting whose name or value holds a value set with --secret has a problem, which is not shown so as not to print the secret",
                "rename the keys and settings that hold a secret value, then run again",
            );
    }

    /**
     * Takes out the problems of settings whose values were not decrypted (an offline plan's
     * placeholders: their rules judged no real value) and returns those settings' paths, sorted.
     */
    takeUndecrypted(paths: ReadonlySet<string>): string[] {
        // A list's item is named in its list's problem: `<list>: item <n> …`.
        const itemOf = (k: string) => /^(.*)\[(\d+)\]$/.exec(k);
        const at = (line: string) =>
            [...paths].find((k) => {
                const item = itemOf(k);
                return (
                    [":", ".", "["].some((c) => line.startsWith(`${configKey(k)}${c}`)) ||
                    (item !== null && line.startsWith(`${configKey(item[1])}: item ${item[2]} `))
                );
            });
        const taken = new Set(this.list.map(at).filter((k): k is string => k !== undefined));
        this.list.splice(0, this.list.length, ...this.list.filter((line) => at(line) === undefined));
        return [...taken].sort();
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
