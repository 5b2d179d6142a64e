// The SecretProviderClass: in the gateway namespace, with the derived spec. `objects` is a
// YAML/JSON string (ASCP parses it with sigs.k8s.io/yaml), so it is compared parsed.
import { parsedData, sameValue } from "../drift";
import { ExpectedState } from "../expected";
import { Finding, Observed } from "../types";
import { fail, list, pass } from "./finding";

/** JSON with object keys sorted, so equal data gives equal text. */
export function canonical(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
    if (v !== null && typeof v === "object") {
        const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
        return `{${entries
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
            .join(",")}}`;
    }
    return JSON.stringify(v);
}

function parameterDifferences(want: Record<string, string>, got: Record<string, unknown>): string[] {
    const diffs: string[] = [];
    for (const k of [...new Set([...Object.keys(want), ...Object.keys(got)])].sort()) {
        const w = k === "objects" ? parsedData(want[k]) : want[k];
        const g = k === "objects" ? parsedData(got[k]) : got[k];
        // Lists compare in any order: ASCP mounts each object and each jmesPath entry by its own name.
        if (!sameValue("SecretProviderClass", w, g)) diffs.push(`parameters.${k}: expected ${canonical(w) ?? "unset"}, found ${canonical(g) ?? "unset"}`);
    }
    return diffs;
}

export function classFinding(e: ExpectedState, o: Observed): Finding {
    const want = e.secretProviderClass;
    const id = "class.spec";
    const expected = `SecretProviderClass ${e.namespace}/${want.name} with the derived spec (provider ${want.provider}, parameters ${Object.keys(want.parameters).sort().join(", ")}${want.secretObjects ? ", secretObjects" : ""})`;
    const spc = o.secretProviderClasses.find((c) => c.metadata.name === want.name && c.metadata.namespace === e.namespace);
    if (!spc) {
        const elsewhere = o.secretProviderClasses.filter((c) => c.metadata.name === want.name).map((c) => c.metadata.namespace ?? "?");
        const others = o.secretProviderClasses.filter((c) => c.metadata.namespace === e.namespace).map((c) => c.metadata.name);
        return fail(
            id,
            expected,
            `none in ${e.namespace} (classes there: ${list(others)}${elsewhere.length ? `; ${want.name} found in ${elsewhere.join(", ")}` : ""})`,
            `run \`pulumi up\`: the class must exist in ${e.namespace}, the namespace of the pods that mount it`,
        );
    }
    const diffs: string[] = [];
    if (spc.spec?.provider !== want.provider) diffs.push(`provider: expected ${want.provider}, found ${spc.spec?.provider ?? "unset"}`);
    diffs.push(...parameterDifferences(want.parameters, spc.spec?.parameters ?? {}));
    if (!sameValue("SecretProviderClass", want.secretObjects ?? [], spc.spec?.secretObjects ?? [])) {
        diffs.push(`secretObjects: expected ${canonical(want.secretObjects ?? [])}, found ${canonical(spc.spec?.secretObjects ?? [])}`);
    }
    if (diffs.length === 0) return pass(id, expected, "spec equals the derived one");
    return fail(id, expected, diffs.join("; "), "run `pulumi up` to restore the class (someone changed it, or the stack config changed since the last update)");
}
