// Turning the chart's HPA on for a running release without the drop to one pod
// (docs/availability.md, "Turning autoscaling on for a running release").
import * as path from "path";
import type { Autoscaling } from "./inputs";

/**
 * Who sets the gateway Deployment's `spec.replicas`, as each deployment records it in its
 * `gatewayScaling` output: the chart (`replicas` in the release's manifest), the chart's HPA with
 * the Deployment left out of the manifest for one upgrade (`detached`), or the HPA alone.
 */
export type ReplicaOwner = "chart" | "detached" | "hpa";

/** The `gatewayScaling` stack output. */
export interface ScalingRecord {
    owner: ReplicaOwner;
    /** The fixed count the manifest sets, with owner `chart`. */
    replicas?: number;
}

/** What the stack's previous deployment left, read from its outputs. */
export type PreviousScaling =
    /** No deployment yet (or none that got as far as its outputs): nothing runs. */
    | { kind: "none" }
    /** A deployment from before `gatewayScaling` existed: a release runs, its owner unknown. */
    | { kind: "unknown" }
    | { kind: "recorded"; record: ScalingRecord };

/**
 * The upgrade this deployment makes: `none` (an ordinary one), `detach` (the release's new manifest
 * lacks the Deployment its HPA scales, which Helm keeps running) or `attach` (the Deployment comes
 * back without `replicas`, adopted, so Helm deletes nothing).
 */
export type HandoverStep = "none" | "detach" | "attach";

export interface ReplicaHandover {
    step: HandoverStep;
    /** What this deployment records in `gatewayScaling`. */
    record: ScalingRecord;
    /** Why the program will not make this change, and the fix. */
    refusal?: string;
    /** What the operator must do next. */
    notice?: string;
}

/** Name of the StackReference to the stack itself (offline/fakeCloud.ts answers it with `previousOutputs`). */
export const PREVIOUS_DEPLOYMENT = "portkey-previous-deployment";

/**
 * How a StackReference names the stack itself: `<org>/<project>/<stack>`, except on a DIY backend
 * (whose organization is always `organization`), where only the bare stack name works in both of its
 * layouts, the legacy one included (docs/upstream-facts.md#stack-reference-self).
 */
export function selfReferenceName(organization: string, project: string, stack: string): string {
    return organization === "organization" ? stack : `${organization}/${project}/${stack}`;
}

/**
 * The keys whose outcome the stack's last deployment decides: gateway.autoscaling when it is on
 * (replicaHandover), cluster.compute on a created cluster or with a load balancer (derive/compute.ts
 * computeSwitchRefusal). None: nothing this deployment plans depends on the last one.
 */
export function previousDeploymentDependents(s: { autoscaling: boolean; created: boolean; loadBalancer: boolean }): string[] {
    return [...(s.autoscaling ? ["gateway.autoscaling"] : []), ...(s.created || s.loadBalancer ? ["cluster.compute"] : [])];
}

/** The output that records the owner, and one every deployment of the program has exported. */
export const SCALING_OUTPUT = "gatewayScaling";
const RELEASE_OUTPUT = "releaseName";

const OWNERS: readonly string[] = ["chart", "detached", "hpa"] satisfies ReplicaOwner[];

/** The previous deployment's outputs (a StackReference to the stack itself; `{}` before its first deployment). */
export function previousScaling(outputs: Record<string, unknown>): PreviousScaling {
    const r = outputs[SCALING_OUTPUT] as Partial<ScalingRecord> | undefined;
    if (typeof r === "object" && r !== null && OWNERS.includes(r.owner as string)) {
        const replicas = typeof r.replicas === "number" ? { replicas: r.replicas } : {};
        return { kind: "recorded", record: { owner: r.owner as ReplicaOwner, ...replicas } };
    }
    return outputs[RELEASE_OUTPUT] === undefined ? { kind: "none" } : { kind: "unknown" };
}

const SECTION = 'docs/availability.md, "Turning autoscaling on for a running release"';

const DETACH_NOTICE =
    "gateway.autoscaling: step 1 of 2 of turning autoscaling on for the running release. The chart's HPA now scales the " +
    "gateway Deployment, which this upgrade leaves out of the Helm release (kept running with its replicas). Run `pulumi up` " +
    `again to bring it back into the release without \`replicas\` (${SECTION}).`;

/**
 * The step of this deployment. Turning the HPA on in one upgrade would make Helm delete `spec.replicas`
 * (it was in the previous manifest and is not in the new one), and the Deployment would fall to one
 * pod (docs/upstream-facts.md#hpa-switch-replicas). Instead the Deployment leaves the release for one
 * upgrade and comes back adopted, which deletes nothing (docs/upstream-facts.md#helm-upgrade-original).
 */
export function replicaHandover(gateway: { replicas: number; autoscaling: Pick<Autoscaling, "enabled" | "max"> }, previous: PreviousScaling): ReplicaHandover {
    if (!gateway.autoscaling.enabled) return { step: "none", record: { owner: "chart", replicas: gateway.replicas } };
    const hpa: ScalingRecord = { owner: "hpa" };
    if (previous.kind === "none") return { step: "none", record: hpa };
    if (previous.kind === "unknown") return { step: "detach", record: { owner: "detached" }, notice: DETACH_NOTICE };
    const before = previous.record;
    if (before.owner === "hpa") return { step: "none", record: hpa };
    if (before.owner === "detached") return { step: "attach", record: hpa };
    const running = before.replicas;
    if (running !== undefined && running > gateway.autoscaling.max) {
        return {
            step: "none",
            record: before,
            refusal:
                `gateway.autoscaling.max (${gateway.autoscaling.max}) is below the ${running} replicas the running release has: the HPA ` +
                `would remove ${running - gateway.autoscaling.max} pods at once on its first sync, whatever the budget. Set ` +
                `gateway.autoscaling.max to at least ${running} to turn autoscaling on; lower it in a later \`pulumi up\` (${SECTION}).`,
        };
    }
    return { step: "detach", record: { owner: "detached" }, notice: DETACH_NOTICE };
}

/**
 * The Helm post-renderer of the `detach` step (pulumi-kubernetes passes the path to Helm's
 * `postrender.NewExec`, which runs the file itself: docs/upstream-facts.md#helm-post-renderer).
 */
export const DETACH_POSTRENDERER = path.join(__dirname, "..", "scripts", "detachScaledDeployments.js");

/** The annotation that stops Helm deleting an object the new manifest lacks (docs/upstream-facts.md#helm-upgrade-original). */
export const HELM_KEEP = { "helm.sh/resource-policy": "keep" };
