// Renders a Plan for review: secrets redacted, resources in tree order, YAML or JSON, and the
// Kubernetes objects as manifests.
import * as YAML from "yaml";
import type { CapacityReport } from "../config/capacity";
import { isWrappedSecret, Plan, PlannedResource, redact, ReviewedOptions } from "./run";
import { SECRET_PLACEHOLDER } from "./stackConfig";

export type RenderedResource = Omit<PlannedResource, "custom" | "dependsOn" | "options"> & { dependsOn?: string[] } & ReviewedOptions;

export interface RenderedPlan {
    stack: string;
    /** Rules that need an answer only AWS has: `pulumi preview` checks them (absent when there are none). */
    notCheckedOffline?: string[];
    /** How the declared peak sized the gateway: figures, headroom, arithmetic, settings (absent without a peak). */
    sizing?: CapacityReport;
    resources: RenderedResource[];
    outputs: Record<string, unknown>;
}

/** Code-point order: unlike localeCompare it cannot change with the machine's ICU data. */
function byCodePoint(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function siblingOrder(a: PlannedResource, b: PlannedResource): number {
    return byCodePoint(a.name, b.name) || byCodePoint(a.type, b.type);
}

/**
 * The resources in tree order: each top-level resource, then its children depth-first, siblings
 * by name. Registration order depends on when Outputs resolve, names do not, so diffs stay small.
 */
export function inTreeOrder(resources: PlannedResource[]): PlannedResource[] {
    const names = new Set(resources.map((r) => r.name));
    const children = new Map<string | undefined, PlannedResource[]>();
    for (const r of resources) {
        // A parent missing from the plan (the stack) makes its child top-level.
        const key = r.parent !== undefined && names.has(r.parent) ? r.parent : undefined;
        children.set(key, [...(children.get(key) ?? []), r]);
    }
    const ordered: PlannedResource[] = [];
    const visited = new Set<string | undefined>();
    const visit = (parent: string | undefined) => {
        if (visited.has(parent)) return;
        visited.add(parent);
        for (const r of [...(children.get(parent) ?? [])].sort(siblingOrder)) {
            ordered.push(r);
            visit(r.name);
        }
    };
    visit(undefined);
    return ordered;
}

/** A string holding a JSON object or array, parsed; undefined for any other value. */
export function parsedJsonString(v: unknown): object | undefined {
    // JSON text that starts with { or [ parses to an object or an array, or not at all.
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
    try {
        return JSON.parse(v) as object;
    } catch {
        return undefined;
    }
}

/** `v` with every JSON-carrying string replaced by `{json: <parsed>}`, so one changed statement is one changed line. */
export function withJsonStructured(v: unknown): unknown {
    const parsed = parsedJsonString(v);
    if (parsed !== undefined) return { json: parsed };
    if (Array.isArray(v)) return v.map(withJsonStructured);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withJsonStructured(x)]));
    return v;
}

export interface ReviewableOptions {
    /** Show strings carrying JSON as `{json: …}` (the human plan); otherwise inputs stay as registered. */
    structuredJson?: boolean;
}

function rendered(r: PlannedResource, structuredJson: boolean): RenderedResource {
    const inputs = redact(r.inputs) as Record<string, unknown>;
    return {
        type: r.type,
        name: r.name,
        ...(r.parent ? { parent: r.parent } : {}),
        ...(r.provider ? { provider: r.provider } : {}),
        ...(r.dependsOn.length ? { dependsOn: [...r.dependsOn].sort(byCodePoint) } : {}),
        ...(r.options ?? {}),
        inputs: structuredJson ? (withJsonStructured(inputs) as Record<string, unknown>) : inputs,
    };
}

export function toReviewable(p: Plan, opts: ReviewableOptions = {}): RenderedPlan {
    const resources = inTreeOrder(p.resources).map((r) => rendered(r, opts.structuredJson ?? false));
    const outputs = Object.fromEntries(Object.entries(p.outputs).map(([k, v]) => [k, p.secretOutputs.includes(k) ? SECRET_PLACEHOLDER : v]));
    return {
        stack: p.stack,
        ...(p.notCheckedOffline.length ? { notCheckedOffline: p.notCheckedOffline } : {}),
        ...(p.sizing ? { sizing: p.sizing } : {}),
        resources,
        outputs,
    };
}

const YAML_HEADER = [
    '# Offline plan of stack "<stack>": what `pulumi up` would register, under fake cloud values.',
    "# Regenerate with `npm run plan:update`; do not edit by hand.",
    "# Order: each top-level resource, then its children depth-first; siblings by name (code-point order).",
    "# A string input that carries JSON (IAM policies, the class's `objects`, the kubeconfig) is shown",
    "# parsed, as `{json: …}`; `--json` prints it as registered. protect, retainOnDelete,",
    "# deleteBeforeReplace, ignoreChanges and replaceOnChanges appear only when the program sets them.",
    "# Secret values are `[secret]`. notCheckedOffline lists the rules that need an answer only AWS or Pulumi has (a",
    "# subnet's zone and CIDR block, a created VPC's zones, the deploying identity, a cluster and its version, an adopted",
    "# secret's keys, an inference profile's regions, another stack's outputs, the stack's last deployment, the region, a",
    "# value stored encrypted) and what the plan shows in their place: `pulumi preview` checks them (docs/plans-ci.md).",
    "# sizing (with gateway.capacity) shows how the declared peak sized the gateway: the per-core figures and their source,",
    "# the headroom, the arithmetic, and each sized setting, derived or set by the stack (docs/availability.md).",
];

export function renderYaml(p: Plan): string {
    const header = YAML_HEADER.join("\n").replace("<stack>", p.stack) + "\n";
    return header + YAML.stringify(toReviewable(p, { structuredJson: true }), { lineWidth: 0, sortMapEntries: false });
}

export function renderJson(p: Plan): string {
    return JSON.stringify(toReviewable(p), null, 2) + "\n";
}

/** For each Helm release, the inputs `helm template` needs. */
export function helmReleases(p: Plan) {
    return toReviewable(p)
        .resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .map((r) => {
            const i = r.inputs as {
                name: string;
                chart: string;
                repositoryOpts?: { repo: string };
                version: string;
                namespace: string;
                values?: Record<string, unknown>;
            };
            return {
                resource: r.name,
                release: i.name,
                chart: i.chart,
                repo: i.repositoryOpts?.repo as string,
                version: i.version,
                namespace: i.namespace,
                values: i.values ?? {},
            };
        });
}

/** Whether a resource is one Kubernetes object (its inputs are the object), not a Helm release or a provider. */
function isKubernetesObject(r: PlannedResource): boolean {
    return r.type.startsWith("kubernetes:") && typeof r.inputs.apiVersion === "string" && typeof r.inputs.kind === "string";
}

/** A Secret's `data`/`stringData` keeps its keys, each value redacted, so the manifest stays a valid Secret. */
function redactedObject(inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...inputs };
    for (const field of ["data", "stringData"]) {
        const v = out[field];
        const inner = isWrappedSecret(v) ? v.value : undefined;
        if (typeof inner === "object" && inner !== null && !Array.isArray(inner))
            out[field] = Object.fromEntries(Object.keys(inner).map((k) => [k, SECRET_PLACEHOLDER]));
    }
    return redact(out) as Record<string, unknown>;
}

export interface Manifest {
    /** File name, `<resource name>.yaml`. */
    file: string;
    text: string;
}

/** Every Kubernetes object the program registers, as a YAML manifest with its secret values redacted. */
export function kubernetesManifests(p: Plan): Manifest[] {
    const taken = new Set<string>();
    return inTreeOrder(p.resources)
        .filter(isKubernetesObject)
        .map((r) => {
            const kind = String(r.inputs.kind);
            // Two resources may share a name across types; the kind then tells them apart.
            const file = taken.has(`${r.name}.yaml`) ? `${r.name}-${kind.toLowerCase()}.yaml` : `${r.name}.yaml`;
            taken.add(file);
            const patch = r.type.endsWith("Patch")
                ? `# A server-side apply patch: only these fields of an existing ${kind}, under their own field manager.\n`
                : "";
            const header = `# ${r.type} ${r.name} of stack "${p.stack}", as planned; secret values are ${SECRET_PLACEHOLDER}.\n${patch}`;
            return { file, text: header + YAML.stringify(redactedObject(r.inputs), { lineWidth: 0 }) };
        });
}
