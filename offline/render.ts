// Renders a Plan for review: secrets redacted, resources in a stable order, YAML or JSON.
import * as YAML from "yaml";
import { Plan, PlannedResource, redact } from "./run";
import { SECRET_PLACEHOLDER } from "./stackConfig";

export interface RenderedPlan {
    stack: string;
    resources: Array<Omit<PlannedResource, "custom" | "dependsOn"> & { dependsOn?: string[] }>;
    outputs: Record<string, unknown>;
}

export function toReviewable(p: Plan): RenderedPlan {
    const resources = [...p.resources]
        .sort((a, b) => (a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name)))
        .map((r) => ({
            type: r.type,
            name: r.name,
            ...(r.parent ? { parent: r.parent } : {}),
            ...(r.provider ? { provider: r.provider } : {}),
            ...(r.dependsOn.length ? { dependsOn: [...r.dependsOn].sort() } : {}),
            inputs: redact(r.inputs) as Record<string, unknown>,
        }));
    const outputs = Object.fromEntries(Object.entries(p.outputs).map(([k, v]) => [k, p.secretOutputs.includes(k) ? SECRET_PLACEHOLDER : v]));
    return { stack: p.stack, resources, outputs };
}

export function renderYaml(p: Plan): string {
    const header = `# Offline plan of stack "${p.stack}": what \`pulumi up\` would register, under fake cloud values.\n# Regenerate with \`npm run plan:update\`; do not edit by hand.\n`;
    return header + YAML.stringify(toReviewable(p), { lineWidth: 0, sortMapEntries: false });
}

export function renderJson(p: Plan): string {
    return JSON.stringify(toReviewable(p), null, 2) + "\n";
}

/** For each Helm release, the inputs `helm template` needs. */
export function helmReleases(p: Plan) {
    return toReviewable(p)
        .resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .map((r) => {
            const i = r.inputs as any;
            return { resource: r.name, release: i.name as string, chart: i.chart as string, repo: i.repositoryOpts?.repo as string, version: i.version as string, namespace: i.namespace as string, values: i.values ?? {} };
        });
}
