// The only two places secret values are serialised: the Secrets Manager value and the pull secret.

import type { ImageCredentials } from "./inputs";
import { sortKeys } from "./objects";

/** The secret's JSON: one string per env var. Only ever placed in the secret itself. */
export function secretJson(values: Record<string, string>): string {
    return JSON.stringify(sortKeys(values));
}

/** Docker config for the image pull secret: the only place the registry password goes. */
export function dockerConfigJson(c: ImageCredentials) {
    const auth = Buffer.from(`${c.username}:${c.password}`).toString("base64");
    return { auths: { [c.registry]: { username: c.username, password: c.password, ...(c.email ? { email: c.email } : {}), auth } } };
}
