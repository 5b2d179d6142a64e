// The one place the program reaches into @pulumi/pulumi beyond its public API, with why.

/**
 * Whether Pulumi marks a config key secret (set with `--secret`). The public Config API can read
 * a value as secret but cannot say whether it was stored encrypted, and the program must reject
 * secret values that sit in a stack file as plaintext.
 */
export function isConfigSecret(fullKey: string): boolean {
    const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };
    return runtimeConfig.isConfigSecret(fullKey);
}

/**
 * How a secret Output's value is serialised to the engine (pulumi/pulumi sdk/nodejs/runtime/rpc.ts,
 * `specialSigKey` and `specialSecretSig`). Under unit-test mocks the registered inputs carry this
 * wrapper; the offline plan reads it to redact exactly what Pulumi would encrypt.
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isWrappedSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * The name a resource was registered with. The public API gives only its URN, an Output; the
 * offline plan needs the name at once, which the SDK keeps in `__name` (pulumi/pulumi
 * sdk/nodejs/resource.ts).
 */
export function resourceName(r: unknown): string | undefined {
    return (r as { __name?: string } | undefined)?.__name;
}
