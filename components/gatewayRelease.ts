import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ImageCredentials } from "../derive/inputs";
import type { DisruptionBudgetSpec } from "../derive/availability";
import { CHARTS } from "../derive/charts";
import { DETACH_POSTRENDERER, HELM_KEEP } from "../derive/replicaHandover";
import { dockerConfigJson } from "../derive/secret";
import type { PodTemplatePatch } from "../derive/workloadSecurity";

export interface GatewayReleaseArgs {
    releaseName: string;
    chartVersion: string;
    namespace: pulumi.Input<string>;
    /** Chart values from `gatewayChartValues`; never contain a secret value. */
    values: pulumi.Input<Record<string, unknown>>;
    /** Pull secret for the enterprise image, kept out of the chart values. */
    pullSecret?: { name: string; credentials: pulumi.Input<ImageCredentials> };
    /** Deployment name → annotations that make Reloader roll it. */
    reloadAnnotations?: Record<string, Record<string, string>>;
    /** PodDisruptionBudgets (policy/v1) for the chart's pods, which the chart has no template for. */
    disruptionBudgets?: DisruptionBudgetSpec[];
    /** Pod template fields the chart has no value for, patched server-side into its Deployments. */
    podTemplatePatches?: PodTemplatePatch[];
    /**
     * The `detach` step of turning autoscaling on for a running release (derive/replicaHandover.ts):
     * this Deployment, the one the chart's HPA scales, leaves the release's manifest for this upgrade
     * and Helm keeps it running.
     */
    detachDeployment?: string;
}

/**
 * The program owns the fields it patches: a patch takes them back from whoever changed them by hand
 * on the next `pulumi up --refresh` instead of failing on the conflict (docs/upstream-facts.md#drift-fixes).
 */
const PATCH_FORCE = { "pulumi.com/patchForce": "true" };

/**
 * The Portkey `gateway` chart as a Helm release, its image pull secret, and the Reloader
 * annotations on its Deployments (a server-side patch: the chart has no value that annotates
 * exactly the Deployments' own metadata), the pod template fields the chart does not expose (the
 * same kind of patch), and the PodDisruptionBudgets of its pods. In the detach step of turning
 * autoscaling on (docs/availability.md), a keep annotation on the scaled Deployment before the release,
 * and a post-renderer that leaves that Deployment out of the release's manifest.
 */
export class GatewayRelease extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly pullSecret?: k8s.core.v1.Secret;

    constructor(name: string, args: GatewayReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:gateway:GatewayRelease", name, {}, opts);
        if (args.pullSecret) {
            this.pullSecret = new k8s.core.v1.Secret(
                `${name}-image-pull`,
                {
                    metadata: { name: args.pullSecret.name, namespace: args.namespace },
                    type: "kubernetes.io/dockerconfigjson",
                    stringData: {
                        ".dockerconfigjson": pulumi.secret(pulumi.output(args.pullSecret.credentials).apply((c) => JSON.stringify(dockerConfigJson(c)))),
                    },
                },
                { parent: this },
            );
        }
        // Helm reads the keep annotation from the live object when the new manifest lacks it (docs/upstream-facts.md#helm-upgrade-original).
        const keep = args.detachDeployment
            ? new k8s.apps.v1.DeploymentPatch(
                  `${name}-keep-${args.detachDeployment}`,
                  { metadata: { name: args.detachDeployment, namespace: args.namespace, annotations: HELM_KEEP } },
                  { parent: this },
              )
            : undefined;
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: args.releaseName,
                chart: CHARTS.gateway.chart,
                version: args.chartVersion,
                repositoryOpts: { repo: CHARTS.gateway.repo },
                namespace: args.namespace,
                values: args.values,
                atomic: true,
                ...(keep ? { postrender: DETACH_POSTRENDERER } : {}),
            },
            { parent: this, dependsOn: [...(this.pullSecret ? [this.pullSecret] : []), ...(keep ? [keep] : [])] },
        );
        for (const [deployment, annotations] of Object.entries(args.reloadAnnotations ?? {})) {
            new k8s.apps.v1.DeploymentPatch(
                `${name}-reload-${deployment}`,
                { metadata: { name: deployment, namespace: args.namespace, annotations: { ...annotations, ...PATCH_FORCE } } },
                { parent: this, dependsOn: [this.release] },
            );
        }
        for (const p of args.podTemplatePatches ?? []) {
            new k8s.apps.v1.DeploymentPatch(
                `${name}-pod-${p.deployment}`,
                { metadata: { name: p.deployment, namespace: args.namespace, annotations: PATCH_FORCE }, spec: { template: { spec: p.podSpec } } },
                { parent: this, dependsOn: [this.release] },
            );
        }
        for (const b of args.disruptionBudgets ?? []) {
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb-${b.role}`,
                { metadata: { name: b.name, namespace: args.namespace }, spec: { minAvailable: b.minAvailable, selector: b.selector } },
                { parent: this, dependsOn: [this.release] },
            );
        }
        this.registerOutputs({ releaseName: this.release.name });
    }
}
