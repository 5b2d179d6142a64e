// `pulumi preview|up --config k=v [--config-path]`, following pulumi/pulumi
// pkg/cmd/pulumi/project/newcmd/config.go (`parseConfig`), pkg/cmd/pulumi/config/io.go
// (`parseConfigKey`) and sdk/go/common/resource/config/map.go (`Map.Set`). Errors name the entry
// by position and key, never its value.
import { CfgNode, CfgValue, stringValue, valueFromNode } from "./configValue";
import { coerceLeaf, setAtPath, splitKeyPath } from "./configPath";
import { stackFileKey } from "./projectConfig";

/** io.go `parseConfigKey`: with paths only the first segment decides the namespace. */
export function cliKey(project: string, key: string, paths: boolean): string {
    if (paths) {
        const cut = key.search(/[[.]/);
        if (cut > 0) {
            const top = cliKey(project, key.slice(0, cut), false);
            return top + key.slice(cut);
        }
    }
    return stackFileKey(project, key);
}

/** map.go `Map.Set` with path: a leaf below the top level is coerced (true/false, integers). */
function setPathValue(values: Map<string, CfgValue>, fullKey: string, value: string): void {
    const colon = fullKey.indexOf(":");
    const ns = fullKey.slice(0, colon);
    const { top, rest } = splitKeyPath(fullKey.slice(colon + 1));
    const topKey = `${ns}:${top}`;
    if (rest.length === 0) {
        values.set(topKey, stringValue(value));
        return;
    }
    const existing: CfgNode = values.get(topKey)?.node ?? { t: "null" };
    values.set(topKey, valueFromNode(setAtPath(existing, [top], rest, coerceLeaf(value))));
}

/**
 * The `--config` entries as top-level values. Like newcmd `parseConfig`, the entries build a
 * fresh map: with `--config-path`, `a.b=1` yields `a: {b: 1}`, which then replaces the stack's
 * whole `a` (newcmd `SaveConfig` copies top-level keys). An entry without `=` sets "".
 */
export function parseOverrides(project: string, entries: string[], paths: boolean): Map<string, CfgValue> {
    const values = new Map<string, CfgValue>();
    entries.forEach((entry, i) => {
        const eq = entry.indexOf("=");
        const keyText = eq === -1 ? entry : entry.slice(0, eq);
        const value = eq === -1 ? "" : entry.slice(eq + 1);
        try {
            const key = cliKey(project, keyText, paths);
            if (paths) setPathValue(values, key, value);
            else values.set(key, stringValue(value));
        } catch (e) {
            throw new Error(`--config #${i + 1} (key ${keyText}): ${(e as Error).message}`, { cause: e });
        }
    });
    return values;
}
