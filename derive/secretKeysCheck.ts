// Whether an adopted secret's JSON holds every key the SecretProviderClass mounts as a string.
// ASCP (aws/secrets-store-csi-driver-provider-aws provider/secret_value.go, getJsonSecrets) parses the secret as JSON, searches each
// jmesPath and fails the whole mount when one is not valid JSON, finds nothing (nil: missing or
// null) or is not a string. The result names keys and JSON types only, never a value.

const PROJECT = "portkey-gateway";

/** A JSON value's type as JSON names it; "missing" for a key the object does not have. */
export type JsonType = "missing" | "null" | "string" | "number" | "boolean" | "array" | "object";

export type SecretKeysProblem =
    /** The secret has no string value, or it is not JSON. */
    | { kind: "not-json" }
    /** The secret is JSON but not an object, so no key can be found in it. */
    | { kind: "not-object"; type: JsonType }
    /** A mounted key that is missing or not a string. */
    | { kind: "key"; key: string; type: JsonType };

function jsonType(v: unknown): JsonType {
    if (v === undefined) return "missing";
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    return typeof v as "string" | "number" | "boolean" | "object";
}

/** The JSON-parsed secret, or undefined when it is absent or not JSON. */
function parsedJson(secretString: string | undefined): { value: unknown } | undefined {
    if (secretString === undefined) return undefined;
    try {
        return { value: JSON.parse(secretString) as unknown };
    } catch {
        return undefined;
    }
}

/**
 * What would make ASCP fail to mount `keys` from this secret value; empty when it mounts.
 * With no keys ASCP writes the whole secret and never parses it, so nothing can fail.
 */
export function secretKeysProblems(secretString: string | undefined, keys: string[]): SecretKeysProblem[] {
    if (keys.length === 0) return [];
    const parsed = parsedJson(secretString);
    if (parsed === undefined) return [{ kind: "not-json" }];
    const top = jsonType(parsed.value);
    if (top !== "object") return [{ kind: "not-object", type: top }];
    const object = parsed.value as Record<string, unknown>;
    return keys
        .map((key) => ({ kind: "key" as const, key, type: jsonType(Object.hasOwn(object, key) ? object[key] : undefined) }))
        .filter((p) => p.type !== "string");
}

/** The error for a failed check: names the secret, the keys and their JSON types, and the fixes. */
export function secretKeysMessage(secretRef: string, problems: SecretKeysProblem[]): string {
    const prefix = `${PROJECT}:secretKeys: the adopted secret ${secretRef}`;
    const off = `or set ${PROJECT}:secret.checkKeys to false if the deploying role may not read it`;
    const first = problems[0];
    if (first?.kind === "not-json") {
        return `${prefix} has no string value that is JSON, so ASCP cannot mount any key from it. Fix: store the secret as a JSON object with one string per key in Secrets Manager, ${off}.`;
    }
    if (first?.kind === "not-object") {
        return `${prefix} is JSON of type ${first.type}, not an object, so ASCP cannot mount any key from it. Fix: store the secret as a JSON object with one string per key in Secrets Manager, ${off}.`;
    }
    const keys = problems.map((p) => (p.kind === "key" ? `${p.key} (${p.type})` : "")).join(", ");
    return `${prefix} lacks keys the gateway mounts as strings: ${keys}; ASCP would fail the whole mount and leave the pods in ContainerCreating. Fix: add each key to the secret in Secrets Manager as a string, or remove it from secretKeys.`;
}
