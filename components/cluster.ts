import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { adminAccessEntries } from "../derive/accessEntries";
import { NatGateways, vpcArgs } from "../derive/network";
import { POD_IDENTITY_AGENT_ADDON } from "../derive/constants";
import { NODE_ROLE_POLICIES, nodeRoleTrustPolicy, nodeRolePolicyArns } from "../derive/iam";
import { partitionOfRegion } from "../derive/partition";
import { existingClusterKubeconfig } from "../derive/kubeconfig";

/** The network of a created cluster: an existing VPC, or one the component creates. */
export type ClusterNetwork =
    | { vpcId: pulumi.Input<string>; privateSubnetIds: pulumi.Input<string>[]; publicSubnetIds?: pulumi.Input<string>[] }
    | {
          /** Zone names to spread over (at least two that EKS supports; see `eksZoneNames`). */
          availabilityZoneNames: string[];
          /** Default "10.0.0.0/16". */
          cidrBlock?: string;
          /** Default "single": one NAT gateway. "one-per-zone" survives the loss of a zone. */
          natGateways?: NatGateways;
      };

export interface NewClusterArgs {
    name: string;
    /** Kubernetes minor version, e.g. "1.33". */
    version: string;
    /** Managed node group instance types; default ["m6i.large"]. */
    instanceTypes?: string[];
    /** The node group's AMI type, matching the instance types' architecture; default AL2023_x86_64_STANDARD. */
    amiType?: string;
    /** Managed node group sizes; default 2 / 2 / 4. */
    scaling?: { minSize: number; desiredSize: number; maxSize: number };
    network: ClusterNetwork;
    /** IAM role or user ARNs given cluster-admin through access entries; default none. */
    adminPrincipalArns?: string[];
    /** Pulumi `protect` on the EKS cluster; default true. */
    protect?: boolean;
}

/** Names of the outputs a cluster stack exports; defaults are what a pulumi-eks cluster stack exports. */
export interface ClusterStackOutputs {
    /** Default "kubeconfig" (an object or a string). */
    kubeconfig?: string;
    /** Default "clusterName". */
    clusterName?: string;
    /** Default "oidcProviderArn" (IRSA only). */
    oidcProviderArn?: string;
    /** Default "oidcIssuer", with or without `https://` (IRSA only). */
    oidcIssuer?: string;
}

export interface GatewayClusterArgs {
    /** Create this cluster; or, with `existingName`, use an existing one; or take it from `fromStack`. */
    create?: NewClusterArgs;
    existingName?: string;
    /** Another Pulumi stack, `<org>/<project>/<stack>`, that exports the cluster (read with a StackReference). */
    fromStack?: { name: string; outputs?: ClusterStackOutputs };
    /** Look up the cluster's IAM OIDC provider (IRSA); default true. */
    irsa?: boolean;
    /** Install the `eks-pod-identity-agent` add-on, optionally at a pinned version. */
    podIdentityAgent?: { version?: string };
    /** Region of an existing cluster, for its kubeconfig's `aws eks get-token`. */
    region: pulumi.Input<string>;
}

/**
 * The EKS cluster the gateway runs on: created with `@pulumi/eks` (its own VPC unless given one,
 * an OIDC provider, a managed node group in private subnets, access entries for the admins) or
 * an existing one looked up by name, or one another Pulumi stack exports. Exposes a Kubernetes provider and the OIDC provider for IRSA.
 */
export class GatewayCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    /** IRSA only: the cluster's IAM OIDC provider (Pod Identity needs none). */
    readonly oidcProviderArn?: pulumi.Output<string>;
    /** IRSA only: issuer without `https://`. */
    readonly oidcIssuer?: pulumi.Output<string>;
    /** What must exist before anything is bound to the cluster by name (the EKS control plane). */
    readonly controlPlane: pulumi.Resource[] = [];
    readonly provider: k8s.Provider;
    readonly podIdentityAgent?: aws.eks.Addon;

    constructor(name: string, args: GatewayClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:cluster:GatewayCluster", name, {}, opts);
        const irsa = args.irsa ?? true;
        let nodes: pulumi.Resource[] = [];
        if (args.create) {
            const created = this.createCluster(name, args.create, args.region);
            nodes = [created.nodeGroup];
            this.controlPlane = [created.cluster];
            this.clusterName = pulumi.output(args.create.name);
            this.kubeconfig = created.cluster.kubeconfigJson;
            this.oidcProviderArn = irsa ? created.cluster.oidcProviderArn : undefined;
            this.oidcIssuer = irsa ? created.cluster.oidcIssuer : undefined;
        } else if (args.fromStack) {
            const fromStack = this.fromStack(name, args.fromStack, irsa);
            this.clusterName = fromStack.clusterName;
            this.kubeconfig = fromStack.kubeconfig;
            this.oidcProviderArn = fromStack.oidcProviderArn;
            this.oidcIssuer = fromStack.oidcIssuer;
        } else {
            const existing = this.existing(args.existingName, args.region, irsa);
            this.clusterName = existing.clusterName;
            this.kubeconfig = existing.kubeconfig;
            this.oidcProviderArn = existing.oidcProviderArn;
            this.oidcIssuer = existing.oidcIssuer;
        }
        if (args.podIdentityAgent) {
            this.podIdentityAgent = new aws.eks.Addon(
                `${name}-pod-identity-agent`,
                { clusterName: this.clusterName, addonName: POD_IDENTITY_AGENT_ADDON, addonVersion: args.podIdentityAgent.version },
                { parent: this, dependsOn: nodes },
            );
        }
        // Kubernetes resources wait for nodes: Helm releases would otherwise time out on a new cluster.
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: nodes });
        this.registerOutputs({ clusterName: this.clusterName, oidcProviderArn: this.oidcProviderArn, oidcIssuer: this.oidcIssuer });
    }

    /** An existing cluster looked up by name; its kubeconfig authenticates with `aws eks get-token`. */
    private existing(existingName: string | undefined, region: pulumi.Input<string>, irsa: boolean) {
        if (!existingName) throw new Error("GatewayCluster: give `create`, `existingName` or `fromStack`");
        const existing = aws.eks.getClusterOutput({ name: existingName }, { parent: this });
        const kubeconfig = pulumi
            .all([existing.name, existing.endpoint, existing.certificateAuthorities, region])
            .apply(([n, endpoint, cas, r]) => JSON.stringify(existingClusterKubeconfig(n, endpoint, cas[0].data, r)));
        if (!irsa) return { clusterName: existing.name, kubeconfig };
        // Looked up only for IRSA: a Pod Identity cluster often has no IAM OIDC provider.
        const issuerUrl = existing.identities.apply((ids) => ids[0].oidcs[0].issuer);
        return {
            clusterName: existing.name,
            kubeconfig,
            oidcProviderArn: aws.iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, { parent: this }).arn,
            oidcIssuer: issuerUrl.apply((u) => u.replace(/^https:\/\//, "")),
        };
    }

    /** The cluster another stack exports; `requireOutput` fails naming the stack and the missing output. */
    private fromStack(name: string, from: NonNullable<GatewayClusterArgs["fromStack"]>, irsa: boolean) {
        const ref = new pulumi.StackReference(`${name}-stack`, { name: from.name }, { parent: this });
        const o = from.outputs ?? {};
        const text = (v: unknown) => String(v);
        // pulumi-eks exports the kubeconfig as an object; k8s.Provider takes a string. It stays secret.
        const kubeconfig = pulumi.secret(ref.requireOutput(o.kubeconfig ?? "kubeconfig").apply((k) => (typeof k === "string" ? k : JSON.stringify(k))));
        const clusterName = ref.requireOutput(o.clusterName ?? "clusterName").apply(text);
        if (!irsa) return { clusterName, kubeconfig };
        return {
            clusterName,
            kubeconfig,
            oidcProviderArn: ref.requireOutput(o.oidcProviderArn ?? "oidcProviderArn").apply(text),
            oidcIssuer: ref.requireOutput(o.oidcIssuer ?? "oidcIssuer").apply((u) => String(u).replace(/^https:\/\//, "")),
        };
    }

    private createCluster(name: string, c: NewClusterArgs, region: pulumi.Input<string>) {
        const nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy()) }, { parent: this });
        const arns = pulumi.output(region).apply((r) => nodeRolePolicyArns(partitionOfRegion(r)));
        const attachments = NODE_ROLE_POLICIES.map(
            (policy, i) => new aws.iam.RolePolicyAttachment(`${name}-node-role-${policy}`, { role: nodeRole.name, policyArn: arns[i] }, { parent: this }),
        );
        const network = this.network(name, c.network);
        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: c.name,
                version: c.version,
                createOidcProvider: true,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: adminAccessEntries(c.adminPrincipalArns ?? []),
                skipDefaultNodeGroup: true,
                vpcId: network.vpcId,
                publicSubnetIds: network.publicSubnetIds,
                privateSubnetIds: network.privateSubnetIds,
            },
            { parent: this, protect: c.protect ?? true },
        );
        const scaling = c.scaling ?? { minSize: 2, desiredSize: 2, maxSize: 4 };
        const nodeGroup = new eks.ManagedNodeGroup(
            `${name}-nodes`,
            {
                cluster,
                nodeRole,
                instanceTypes: c.instanceTypes ?? ["m6i.large"],
                amiType: c.amiType ?? "AL2023_x86_64_STANDARD",
                scalingConfig: scaling,
                subnetIds: network.privateSubnetIds,
            },
            { parent: this, dependsOn: attachments },
        );
        return { cluster, nodeGroup };
    }

    /** The given VPC, or a new one with private subnets for nodes and public ones for load balancers. */
    private network(name: string, n: ClusterNetwork) {
        if ("vpcId" in n)
            return {
                vpcId: pulumi.output(n.vpcId),
                privateSubnetIds: pulumi.output(n.privateSubnetIds),
                publicSubnetIds: n.publicSubnetIds ? pulumi.output(n.publicSubnetIds) : undefined,
            };
        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            vpcArgs(n.cidrBlock ?? "10.0.0.0/16", n.availabilityZoneNames, n.natGateways ?? "single", { Name: `${name}-vpc` }),
            { parent: this },
        );
        return { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds, publicSubnetIds: vpc.publicSubnetIds };
    }
}
