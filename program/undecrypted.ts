// The config paths whose encrypted values the running program could not decrypt. The Pulumi CLI
// decrypts every value, so under it the set is always empty and every rule judges the real value;
// only the offline runner (offline/run.ts) sets it, for the one run it makes, since it reads each
// ciphertext as a placeholder (offline/configValue.ts).
let paths: ReadonlySet<string> = new Set();

/** The paths of this run's undecrypted values (`aws:region`, `endpoint.certificateArn`, `secretValues.OPENAI_API_KEY`). */
export function undecryptedConfigPaths(): ReadonlySet<string> {
    return paths;
}

/** Runs `body` with `undecrypted` as this run's undecrypted paths, and forgets them after. */
export async function withUndecrypted<T>(undecrypted: readonly string[], body: () => Promise<T>): Promise<T> {
    paths = new Set(undecrypted);
    try {
        return await body();
    } finally {
        paths = new Set();
    }
}
