import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../derive/iam";
import { CLUSTER_AUTOSCALER, CLUSTER_AUTOSCALER_CHART, ClusterAutoscalerValuesInput, clusterAutoscalerValues } from "../derive/clusterAutoscaler";

export interface ClusterAutoscalerArgs {
    /** Trust for exactly the autoscaler's service account (`clusterAutoscalerTrustPolicy`). */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** `clusterAutoscalerPolicy` of the cluster. */
    policy: pulumi.Input<PolicyDocument>;
    /** Chart settings; the role's ARN is added for IRSA. */
    values: pulumi.Input<Omit<ClusterAutoscalerValuesInput, "irsaRoleArn">>;
    /** IRSA (annotate the service account) or Pod Identity (bind the role to it). */
    identity: "irsa" | "pod-identity";
    /** Pod Identity: the cluster to bind in, which must exist first. */
    podIdentity?: { clusterName: pulumi.Input<string>; dependsOn?: pulumi.Resource[] };
}

/**
 * The Cluster Autoscaler (kubernetes/autoscaler chart `cluster-autoscaler`, pinned) in kube-system
 * with an IAM role of its own: it grows the managed node group when pods are Pending for lack of
 * room and shrinks it when nodes are idle, between the group's minimum and maximum.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:addons:ClusterAutoscaler", name, {}, opts);
        this.role = new aws.iam.Role(
            `${name}-iam`,
            {
                description: "Cluster Autoscaler of the Portkey gateway's cluster",
                assumeRolePolicy: pulumi.output(args.trustPolicy).apply((d) => JSON.stringify(d)),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.name, policy: pulumi.output(args.policy).apply((d) => JSON.stringify(d)) },
            { parent: this },
        );
        const association =
            args.identity === "pod-identity"
                ? new aws.eks.PodIdentityAssociation(
                      `${name}-${CLUSTER_AUTOSCALER.serviceAccount}`,
                      {
                          clusterName: args.podIdentity!.clusterName,
                          namespace: CLUSTER_AUTOSCALER.namespace,
                          serviceAccount: CLUSTER_AUTOSCALER.serviceAccount,
                          roleArn: this.role.arn,
                      },
                      { parent: this, dependsOn: args.podIdentity?.dependsOn ?? [] },
                  )
                : undefined;
        const values = pulumi
            .all([args.values, this.role.arn])
            .apply(([v, arn]) => clusterAutoscalerValues({ ...v, irsaRoleArn: args.identity === "irsa" ? arn : undefined }));
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: CLUSTER_AUTOSCALER.release,
                chart: CLUSTER_AUTOSCALER_CHART.chart,
                version: CLUSTER_AUTOSCALER_CHART.version,
                repositoryOpts: { repo: CLUSTER_AUTOSCALER_CHART.repo },
                namespace: CLUSTER_AUTOSCALER.namespace,
                values,
                atomic: true,
            },
            { parent: this, dependsOn: [policy, ...(association ? [association] : [])] },
        );
        this.registerOutputs({ roleArn: this.role.arn, release: this.release.name });
    }
}
