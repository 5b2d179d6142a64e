// Applies Pulumi.yaml's declarations to a stack's values as pulumi/pulumi pkg/workspace/config.go
// `mergeConfig` does for `ValidateStackConfigAndApplyProjectConfig`: defaults and values for
// keys the stack does not set, then required keys, then types. Returns warnings for checks that
// need a value only the real CLI can decrypt.
import { CfgValue } from "./configValue";
import { contentOfValue, Declaration, fullTypeName, matchesType, missingKeysMessage, valueOfDeclared } from "./projectConfig";

/** Fills defaults/values in place; returns the declared keys that are missing (sorted input order). */
function applyDefaults(declarations: Declaration[], project: string, values: Map<string, CfgValue>): string[] {
    const missing: string[] = [];
    for (const d of declarations) {
        if (values.has(d.fullKey)) continue;
        const given = d.default ?? d.value;
        if (given !== undefined) values.set(d.fullKey, valueOfDeclared(given));
        else if (d.fullKey.startsWith(`${project}:`)) missing.push(d.key);
    }
    return missing;
}

/** `validateStackConfigValue` for one typed declaration: the CLI's error, or a warning when unknowable offline. */
function typeProblem(stack: string, d: Declaration, v: CfgValue): { error?: string; warning?: string } {
    if (d.secret && !v.secure) return { error: `Stack '${stack}' with configuration key '${d.key}' must be encrypted as it's secret` };
    if (d.type === undefined) return {};
    const ok = matchesType(d.type, d.items, contentOfValue(v));
    const typeName = fullTypeName(d.type, d.items);
    if (ok === false) return { error: `Stack '${stack}' with configuration key '${d.key}' must be of type '${typeName}'` };
    if (ok === undefined)
        return { warning: `${d.key}: an encrypted value cannot be checked offline against type '${typeName}'; the CLI checks its decrypted text` };
    return {};
}

export function applyDeclarations(stack: string, declarations: Declaration[], project: string, values: Map<string, CfgValue>): string[] {
    const missing = applyDefaults(declarations, project, values);
    if (missing.length > 0) throw new Error(missingKeysMessage(stack, missing));
    const warnings: string[] = [];
    for (const d of declarations) {
        const v = values.get(d.fullKey);
        // Upstream checks only explicitly typed keys (and `secret` for those).
        if (v === undefined || d.type === undefined) continue;
        const { error, warning } = typeProblem(stack, d, v);
        if (error) throw new Error(error);
        if (warning) warnings.push(warning);
    }
    return warnings;
}
