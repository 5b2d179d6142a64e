import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../derive/iam";

/** What an add-on with an IAM role of its own takes: its role's documents, its chart values, how its pods get the role. */
export interface RoleBoundArgs<V> {
    /** Trust for exactly the add-on's service account. */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** The add-on's own permissions. */
    policy: pulumi.Input<PolicyDocument>;
    /** Chart settings; the role's ARN is added for IRSA. */
    values: pulumi.Input<V>;
    /** IRSA (annotate the service account) or Pod Identity (bind the role to it). */
    identity: "irsa" | "pod-identity";
    /** Pod Identity: the cluster to bind in, which must exist first. */
    podIdentity?: { clusterName: pulumi.Input<string>; dependsOn?: pulumi.Resource[] };
}

/** The add-on's pinned chart, its release and service account, and how its values are rendered. */
export interface RoleBoundChart<V> {
    description: string;
    chart: { chart: string; repo: string; version: string };
    account: { release: string; namespace: string; serviceAccount: string };
    values: (v: V, irsaRoleArn: string | undefined) => Record<string, unknown>;
}

/**
 * The role, its inline policy, the Pod Identity association when asked, and the release, as children of
 * `parent`. The release waits for the policy (and the association), so the add-on's first calls are allowed.
 */
export function roleBoundRelease<V>(
    parent: pulumi.ComponentResource,
    name: string,
    args: RoleBoundArgs<V>,
    chart: RoleBoundChart<V>,
): { role: aws.iam.Role; release: k8s.helm.v3.Release } {
    const role = new aws.iam.Role(
        `${name}-iam`,
        { description: chart.description, assumeRolePolicy: pulumi.output(args.trustPolicy).apply((d) => JSON.stringify(d)) },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-policy`,
        { role: role.name, policy: pulumi.output(args.policy).apply((d) => JSON.stringify(d)) },
        { parent },
    );
    const { release: releaseName, namespace, serviceAccount } = chart.account;
    const association =
        args.identity === "pod-identity"
            ? new aws.eks.PodIdentityAssociation(
                  `${name}-${serviceAccount}`,
                  { clusterName: args.podIdentity!.clusterName, namespace, serviceAccount, roleArn: role.arn },
                  { parent, dependsOn: args.podIdentity?.dependsOn ?? [] },
              )
            : undefined;
    const values = pulumi.all([args.values, role.arn]).apply(([v, arn]) => chart.values(v as V, args.identity === "irsa" ? arn : undefined));
    const release = new k8s.helm.v3.Release(
        `${name}-release`,
        {
            name: releaseName,
            chart: chart.chart.chart,
            version: chart.chart.version,
            repositoryOpts: { repo: chart.chart.repo },
            namespace,
            values,
            atomic: true,
        },
        { parent, dependsOn: [policy, ...(association ? [association] : [])] },
    );
    return { role, release };
}
