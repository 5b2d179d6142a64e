// IAM documents: what the gateway's pods may read, who may assume the role, and the node role.

import { IRSA_AUDIENCE, POD_IDENTITY_PRINCIPAL } from "./constants";
import { Config, isSecretArn } from "./inputs";
import type { Names } from "./names";
import { managedPolicyArn } from "./partition";
import { replicaArn, secretObjectName } from "./secretProviderClass";

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Array<Record<string, unknown>>;
}

export interface AwsContext {
    partition: string;
    region: string;
    accountId: string;
}

export type TrustContext =
    { kind: "irsa"; oidcProviderArn: string; oidcIssuer: string } | { kind: "pod-identity"; clusterName: string; accountId: string; clusterArn: string };

/** An EKS cluster's ARN, built as EKS does (arn:partition:eks:region:account:cluster/name). */
export function eksClusterArn(ctx: AwsContext, clusterName: string): string {
    return `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${clusterName}`;
}

/** The AWS managed policies a node needs (EKS user guide, "Amazon EKS node IAM role"). */
export const NODE_ROLE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"] as const;

/** The node role's managed policy ARNs in the cluster's partition (a China region has no arn:aws: policy). */
export function nodeRolePolicyArns(partition: string): string[] {
    return NODE_ROLE_POLICIES.map((name) => managedPolicyArn(partition, name));
}

/** The IAM resource that is exactly this secret. */
export function secretResourceArn(cfg: Config, ctx: AwsContext, createdArn?: string): string {
    if (createdArn !== undefined) return createdArn;
    const ref = secretObjectName(cfg);
    if (isSecretArn(ref)) return ref;
    // The ARN ends in '-' and six random characters; `<name>*` would also match `<name>-other…`.
    return `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${ref}-??????`;
}

function decryptStatement(sid: string, keyArn: string, region: string): Record<string, unknown> {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    };
}

/** Read exactly the secret (and its replica with a failover region), decrypt only through Secrets Manager. */
export function secretAccessPolicy(cfg: Config, ctx: AwsContext, secretArn: string): PolicyDocument {
    const { kmsKeyArn, failoverRegion, failoverKmsKeyArn } = cfg.secret;
    const statements: Array<Record<string, unknown>> = [
        {
            Sid: "ReadGatewaySecret",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            // ASCP reads both regions on every mount (docs/upstream-facts.md#ascp-failover).
            Resource: failoverRegion === undefined ? secretArn : [secretArn, replicaArn(secretArn, failoverRegion)],
        },
    ];
    if (kmsKeyArn) statements.push(decryptStatement("DecryptGatewaySecret", kmsKeyArn, ctx.region));
    if (failoverRegion !== undefined && failoverKmsKeyArn) statements.push(decryptStatement("DecryptGatewaySecretReplica", failoverKmsKeyArn, failoverRegion));
    return { Version: "2012-10-17", Statement: statements };
}

function oneOrMany(xs: string[]): string | string[] {
    return xs.length === 1 ? xs[0] : xs;
}

function irsaTrustStatement(namespace: string, serviceAccounts: string[], oidcProviderArn: string, oidcIssuer: string) {
    const issuer = oidcIssuer.replace(/^https:\/\//, "");
    return {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${issuer}:sub`]: oneOrMany(serviceAccounts.map((sa) => `system:serviceaccount:${namespace}:${sa}`)),
                [`${issuer}:aud`]: IRSA_AUDIENCE,
            },
        },
    };
}

/**
 * EKS Pod Identity assumes the role with session tags naming the cluster, namespace and service
 * account (EKS user guide, pod-id-abac: eks-cluster-arn, kubernetes-namespace, …). The account
 * and cluster ARN conditions keep another account's or cluster's associations out.
 */
function podIdentityTrustStatement(namespace: string, serviceAccounts: string[], t: Extract<TrustContext, { kind: "pod-identity" }>) {
    return {
        Effect: "Allow",
        Principal: { Service: POD_IDENTITY_PRINCIPAL },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:SourceAccount": t.accountId,
                "aws:RequestTag/eks-cluster-arn": t.clusterArn,
                "aws:RequestTag/eks-cluster-name": t.clusterName,
                "aws:RequestTag/kubernetes-namespace": namespace,
                "aws:RequestTag/kubernetes-service-account": oneOrMany(serviceAccounts),
            },
        },
    };
}

/** Trust for exactly these service accounts of one namespace, through IRSA or Pod Identity. */
export function serviceAccountTrustPolicy(namespace: string, serviceAccounts: string[], trust: TrustContext): PolicyDocument {
    const statement =
        trust.kind === "irsa"
            ? irsaTrustStatement(namespace, serviceAccounts, trust.oidcProviderArn, trust.oidcIssuer)
            : podIdentityTrustStatement(namespace, serviceAccounts, trust);
    return { Version: "2012-10-17", Statement: [statement] };
}

/**
 * Trust for exactly the gateway's service account. The dataservice has a role of its own: an IRSA
 * session carries no tag a policy could tell the two pods apart by, so one role would give each
 * the other's data-plane access (docs/data-plane.md, "Two roles").
 */
export function gatewayTrustPolicy(cfg: Config, names: Names, trust: TrustContext): PolicyDocument {
    return serviceAccountTrustPolicy(cfg.namespace, [names.gatewayServiceAccount], trust);
}

/** Trust for exactly the dataservice's service account; only with the dataservice on. */
export function dataserviceTrustPolicy(cfg: Config, names: Names, trust: TrustContext): PolicyDocument {
    if (names.dataserviceServiceAccount === undefined) throw new Error("the dataservice is off: it has no service account to trust");
    return serviceAccountTrustPolicy(cfg.namespace, [names.dataserviceServiceAccount], trust);
}

/** Trust for the managed node group's EC2 instances. */
export function nodeRoleTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}
