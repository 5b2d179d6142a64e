// A secret value must appear nowhere but the secret: not inside a literal env value, not in the
// chart values. Substrings count ("Bearer <token>", a URL with the password in it).
import { isPlainObject } from "../schema";
import { DATA_PLANE_RULES } from "./dataPlane";
import { Rule, RuleInput } from "./rule";

/** Shorter values match ordinary text by coincidence ("true", "info"); they are not compared. */
export const MIN_COMPARED_LENGTH = 8;

/** The registry credentials' secret parts (the registry's address is public). */
const CREDENTIAL_PARTS = ["username", "password", "email"];

/**
 * The string leaves of a secret setting's entries, less those not decrypted (an offline plan's
 * placeholders are no secret value: comparing with them would refuse any text that holds the placeholder).
 */
function decryptedLeaves(top: string, v: unknown, undecrypted: ReadonlySet<string>, only?: string[]): string[] {
    if (undecrypted.has(top) || !isPlainObject(v)) return [];
    return Object.entries(v)
        .filter(([k]) => (only === undefined || only.includes(k)) && !undecrypted.has(`${top}.${k}`))
        .flatMap(([, x]) => leavesOf(x));
}

/** Every value set with --secret that could leak (secretValues and the registry credentials), as resolved or as written. */
export function secretTexts({ s, raw, undecrypted = new Set() }: Pick<RuleInput, "s" | "raw" | "undecrypted">): string[] {
    const all = [
        ...decryptedLeaves("secretValues", s.secretValues, undecrypted),
        ...decryptedLeaves("secretValues", raw.secretValues, undecrypted),
        ...decryptedLeaves("imageCredentials", s.imageCredentials, undecrypted, CREDENTIAL_PARTS),
        ...decryptedLeaves("imageCredentials", raw.imageCredentials, undecrypted, CREDENTIAL_PARTS),
    ];
    return [...new Set(all.filter((v) => v.length >= MIN_COMPARED_LENGTH))];
}

/** The string leaves (not keys) inside a value. */
function leavesOf(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.flatMap(leavesOf);
    if (isPlainObject(v)) return Object.values(v).flatMap(leavesOf);
    return [];
}

/** Every string (keys and leaves) inside a value. */
function stringsIn(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.flatMap(stringsIn);
    if (isPlainObject(v)) return Object.entries(v).flatMap(([k, x]) => [k, ...stringsIn(x)]);
    return [];
}

export const noSecretInLiterals: Rule = (input, p) => {
    const secrets = secretTexts(input);
    if (secrets.length === 0) return;
    const contains = (text: string) => secrets.some((x) => text.includes(x));
    for (const [k, v] of Object.entries(input.s.env ?? {})) {
        if (contains(v))
            p.add(
                `env.${k}`,
                "contains a value set with --secret (secretValues or imageCredentials), so the secret would be in the chart values in plaintext",
                `remove env.${k} and list ${k} in secretKeys instead`,
            );
    }
    if (stringsIn(input.s.gateway.values).some(contains)) {
        p.add(
            "gateway.values",
            "contains a value set with --secret (secretValues or imageCredentials), which would be in the chart values in plaintext",
            "remove it from gateway.values; take it from AWS with secretKeys",
        );
    }
};

/** Where a setting's text sits: a value at a key, an item of a list, or a key of a map. */
interface Placed {
    path: string;
    text: string;
    where: "value" | "key" | number;
}

/** Settings whose values are secret, or literal values noSecretInLiterals checks; they are not walked. */
const NOT_NAMES = new Set(["secretValues", "imageCredentials", "gateway.values", "env"]);
/** Maps whose keys become names (env var names in the chart, the class and the secret). */
const NAMED_KEYS = new Set(["secretValues", "env"]);

/** Every text of the settings that becomes a name, key, label, path, annotation or output. */
function placedTexts(v: unknown, path: string): Placed[] {
    if (typeof v === "string") return [{ path, text: v, where: "value" }];
    if (Array.isArray(v)) return v.flatMap((x, i) => (typeof x === "string" ? [{ path, text: x, where: i }] : placedTexts(x, path)));
    if (!isPlainObject(v)) return [];
    return Object.entries(v).flatMap(([k, x]) => {
        const at = path === "" ? k : `${path}.${k}`;
        const keys = NAMED_KEYS.has(at) && isPlainObject(x) ? Object.keys(x).map((n): Placed => ({ path: at, text: n, where: "key" })) : [];
        return NOT_NAMES.has(at) ? keys : placedTexts(x, at);
    });
}

function leakMessage(p: Placed): string {
    const which = p.where === "value" ? "" : p.where === "key" ? "has a key that " : `item ${p.where} `;
    return `${which}equals or contains a value set with --secret (secretValues or imageCredentials), and this setting becomes a name, key, label, path or output that is printed in plaintext`;
}

/**
 * A setting that becomes a name, key, label, path, annotation or output may not hold a secret
 * value: names are printed in the plan, its JSON, the --out files, the stack outputs and the
 * cluster. Checked as resolved (defaults included) and as written (rejected values too); the
 * message never says which secret matched nor quotes the setting.
 */
export const noSecretInNames: Rule = (input, p) => {
    const secrets = secretTexts(input);
    if (secrets.length === 0) return;
    const seen = new Set<string>();
    for (const placed of [...placedTexts(input.s, ""), ...placedTexts(input.raw, "")]) {
        if (!secrets.some((x) => placed.text.includes(x))) continue;
        const what = leakMessage(placed);
        if (seen.has(`${placed.path}\n${what}`)) continue;
        seen.add(`${placed.path}\n${what}`);
        p.add(placed.path, what, placed.where === "key" ? "rename that key so it holds no secret value" : "choose a value that holds no secret value");
    }
};

export const credentialsComplete: Rule = ({ s, raw }, p) => {
    const ic = s.imageCredentials;
    // A written but rejected user name or password is reported once, by its own check.
    const written = (k: string) => isPlainObject(raw.imageCredentials) && raw.imageCredentials[k] !== undefined;
    if (ic && ((ic.username === undefined && !written("username")) || (ic.password === undefined && !written("password")))) {
        p.add(
            "imageCredentials",
            "needs both username and password",
            "set them with `pulumi config set --secret --path 'imageCredentials.username' <user>` (and password)",
        );
    }
};

/** With them, the credentials that must not stand in for the pods' role, and the data plane's settings (config/rules/dataPlane.ts). */
export const LEAK_RULES: Rule[] = [noSecretInLiterals, noSecretInNames, credentialsComplete, ...DATA_PLANE_RULES];
