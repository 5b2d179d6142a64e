// A secret value must appear nowhere but the secret: not inside a literal env value, not in the
// chart values. Substrings count ("Bearer <token>", a URL with the password in it).
import { isPlainObject } from "../schema";
import { Rule, RuleInput } from "./rule";

/** Shorter values match ordinary text by coincidence ("true", "info"); they are not compared. */
export const MIN_COMPARED_LENGTH = 8;

/** Every value set with --secret that could leak: secretValues and the registry credentials. */
function secretTexts({ s }: RuleInput): string[] {
    const ic = s.imageCredentials;
    const all = [...Object.values(s.secretValues ?? {}), ...(ic ? [ic.username, ic.password, ic.email] : [])];
    return all.filter((v): v is string => typeof v === "string" && v.length >= MIN_COMPARED_LENGTH);
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

export const credentialsComplete: Rule = ({ s }, p) => {
    const ic = s.imageCredentials;
    if (ic && (ic.username === undefined || ic.password === undefined)) {
        p.add(
            "imageCredentials",
            "needs both username and password",
            "set them with `pulumi config set --secret --path 'imageCredentials.username' <user>` (and password)",
        );
    }
};

export const LEAK_RULES: Rule[] = [noSecretInLiterals, credentialsComplete];
