// Nodes that follow the pods on a created cluster's managed node group: the Cluster Autoscaler
// (kubernetes/autoscaler chart `cluster-autoscaler`, pinned), its image per Kubernetes minor, its
// IAM policy and its values (docs/upstream-facts.md#cluster-autoscaler-chart, docs/upstream-facts.md#cluster-autoscaler-iam).
import { ADDONS_NAMESPACE, ROLE_ARN_ANNOTATION } from "./constants";
import { serviceAccountTrustPolicy } from "./iam";
import type { PolicyDocument, TrustContext } from "./iam";

export const CLUSTER_AUTOSCALER_CHART = { chart: "cluster-autoscaler", repo: "https://kubernetes.github.io/autoscaler", version: "9.59.0" } as const;

/** The release and its service account, in kube-system (the account named so the role's trust can name it). */
export const CLUSTER_AUTOSCALER = { release: "cluster-autoscaler", namespace: ADDONS_NAMESPACE, serviceAccount: "cluster-autoscaler" } as const;

/** Image repository of the chart's default (kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/values.yaml `image.repository`). */
export const CLUSTER_AUTOSCALER_IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler";

/**
 * The newest Cluster Autoscaler release of each Kubernetes minor on the EKS calendar
 * (derive/eksVersions.ts): its minor must equal the cluster's (kubernetes/autoscaler
 * cluster-autoscaler/README.md, "Releases"); tags `cluster-autoscaler-<version>` of kubernetes/autoscaler.
 */
export const CLUSTER_AUTOSCALER_RELEASES: Readonly<Record<string, string>> = {
    "1.29": "1.29.5",
    "1.30": "1.30.7",
    "1.31": "1.31.5",
    "1.32": "1.32.7",
    "1.33": "1.33.6",
    "1.34": "1.34.5",
    "1.35": "1.35.2",
    "1.36": "1.36.1",
};

/** The image tag for a Kubernetes minor ("1.36" → "v1.36.1"), or undefined when no release is recorded. */
export function clusterAutoscalerImageTag(kubernetesMinor: string): string | undefined {
    return Object.hasOwn(CLUSTER_AUTOSCALER_RELEASES, kubernetesMinor) ? `v${CLUSTER_AUTOSCALER_RELEASES[kubernetesMinor]}` : undefined;
}

/** A node group the autoscaler can grow: its maximum is above its minimum. */
export function nodeGroupScales(scaling: { minSize: number; maxSize: number }): boolean {
    return scaling.maxSize > scaling.minSize;
}

/** The ASG tag key EKS puts on a managed node group's Auto Scaling group for auto-discovery of this cluster (value `owned`). */
export function clusterDiscoveryTag(clusterName: string): string {
    return `k8s.io/cluster-autoscaler/${clusterName}`;
}

/** The discovery tag every autoscaled group carries (value `true`). */
export const AUTOSCALER_ENABLED_TAG = "k8s.io/cluster-autoscaler/enabled";

/**
 * The autoscaler's policy in the AWS EKS best-practices guide's least-privilege shape: the two actions
 * that change a group only on groups tagged `k8s.io/cluster-autoscaler/enabled: true` and
 * `k8s.io/cluster-autoscaler/<cluster>: owned`, as EKS tags a managed node group's, so it cannot
 * resize another cluster's nodes; the Describe actions (with `autoscaling:DescribeTags`, which
 * auto-discovery calls) on `*` (docs/upstream-facts.md#cluster-autoscaler-iam).
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${AUTOSCALER_ENABLED_TAG}`]: "true",
                        [`aws:ResourceTag/${clusterDiscoveryTag(clusterName)}`]: "owned",
                    },
                },
            },
            {
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
        ],
    };
}

/** Trust for exactly the autoscaler's service account (IRSA or Pod Identity). */
export function clusterAutoscalerTrustPolicy(trust: TrustContext): PolicyDocument {
    return serviceAccountTrustPolicy(CLUSTER_AUTOSCALER.namespace, [CLUSTER_AUTOSCALER.serviceAccount], trust);
}

export interface ClusterAutoscalerValuesInput {
    clusterName: string;
    region: string;
    kubernetesMinor: string;
    /** IRSA: the role the service account is annotated with; undefined with Pod Identity. */
    irsaRoleArn?: string;
}

/**
 * Chart values: AWS auto-discovery of this cluster's groups by the chart's default tags
 * (`k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<cluster>`), the region given so
 * it never asks IMDS, the image of the cluster's minor. Throws for a minor with no release
 * (validation refuses it first).
 */
export function clusterAutoscalerValues(v: ClusterAutoscalerValuesInput): Record<string, unknown> {
    const tag = clusterAutoscalerImageTag(v.kubernetesMinor);
    if (tag === undefined) throw new Error(`no Cluster Autoscaler release recorded for Kubernetes ${v.kubernetesMinor}`);
    return {
        cloudProvider: "aws",
        awsRegion: v.region,
        autoDiscovery: { clusterName: v.clusterName },
        image: { repository: CLUSTER_AUTOSCALER_IMAGE, tag },
        rbac: {
            serviceAccount: {
                create: true,
                name: CLUSTER_AUTOSCALER.serviceAccount,
                annotations: v.irsaRoleArn ? { [ROLE_ARN_ANNOTATION]: v.irsaRoleArn } : {},
            },
        },
    };
}
