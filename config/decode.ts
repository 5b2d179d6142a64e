// From the raw map Pulumi hands the program (`<namespace>:<key>` → text) to the project's
// values by key, with the checks that concern the raw form: namespaces, unknown keys, the
// region, and secret keys set without `--secret`.
import { CONFIG } from "./declaration";
import { isRegion } from "./grammar";
import { configKey, Problems, PROJECT } from "./problems";

/** Namespaces of the providers this program uses, and Pulumi's own. */
export const PROVIDER_NAMESPACES = ["aws", "kubernetes", "eks", "awsx", "pulumi"] as const;

export interface Decoded {
    /** Project keys (without the namespace) → value; objects, lists, numbers and booleans parsed. */
    values: Record<string, unknown>;
    /** `aws:region`, when set. */
    region?: string;
}

/** Objects, lists, numbers and booleans arrive as JSON text; declared strings stay text ("2024"). */
function parsedValue(key: string, text: string): unknown {
    const decl = (CONFIG as Record<string, { kind: string; type?: string }>)[key];
    if (decl.kind === "field" && decl.type === "string") return text;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function checkNamespace(full: string, p: Problems): boolean {
    const ns = full.slice(0, full.indexOf(":"));
    if (ns === PROJECT || (PROVIDER_NAMESPACES as readonly string[]).includes(ns)) return true;
    const key = full.slice(ns.length + 1);
    p.add(
        full,
        `the namespace "${ns}" is neither this project's (${PROJECT}) nor a provider's (${PROVIDER_NAMESPACES.join(", ")}), so nothing reads it`,
        `rename it to ${configKey(key)} (\`pulumi config rm '${full}'\`, then \`pulumi config set ${key} …\`)`,
    );
    return false;
}

function checkRegion(text: string | undefined, p: Problems): string | undefined {
    if (text === undefined) return undefined;
    if (isRegion(text)) return text;
    p.add("aws:region", text === "" ? "is empty" : "is not an AWS region code", "set it with `pulumi config set aws:region <region>`, such as us-east-1");
    return undefined;
}

/** Splits the raw config map into the project's values, reporting what cannot be read. */
export function decodeRaw(raw: Record<string, string>, secretKeys: ReadonlySet<string>, p: Problems): Decoded {
    const values: Record<string, unknown> = {};
    const declared = Object.keys(CONFIG);
    for (const [full, text] of Object.entries(raw)) {
        if (!full.includes(":") || !checkNamespace(full, p) || !full.startsWith(`${PROJECT}:`)) continue;
        const key = full.slice(PROJECT.length + 1);
        if (!declared.includes(key)) {
            p.add(key, "unknown config key", `remove it (\`pulumi config rm ${key}\`), or use one of ${declared.join(", ")}`);
            continue;
        }
        values[key] = parsedValue(key, text);
        const decl = (CONFIG as Record<string, { secret?: boolean }>)[key];
        if (decl.secret && !secretKeys.has(full)) {
            p.add(key, "holds plaintext in the stack file", `set every value with \`pulumi config set --secret --path '${key}.<field>' <value>\``);
        }
    }
    const region = Object.hasOwn(raw, "aws:region") ? raw["aws:region"] : undefined;
    return { values, region: checkRegion(region, p) };
}
