import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { adminAccessEntries } from "../derive/accessEntries";
import { DEFAULTS } from "../derive/defaults";
import { MIN_ZONES, NatGateways, regionOfZoneNames, vpcArgs } from "../derive/network";
import { s3GatewayEndpointArgs } from "../derive/dataPlane";
import { POD_IDENTITY_AGENT_ADDON } from "../derive/constants";
import type { SupportType } from "../derive/inputs";
import { NODE_ROLE_POLICIES, nodeRoleTrustPolicy, nodeRolePolicyArns } from "../derive/iam";
import { partitionOfRegion } from "../derive/partition";
import { existingClusterKubeconfig } from "../derive/kubeconfig";
import { clusterStackLine, clusterStackVpcLine, existingClusterLine, NOT_CHECKED_OFFLINE, OFFLINE_MARK } from "../config/rules/cloud";
import { nodeGroupScales } from "../derive/clusterAutoscaler";

/** The network of a created cluster: an existing VPC, or one the component creates. */
export type ClusterNetwork =
    | { vpcId: pulumi.Input<string>; privateSubnetIds: pulumi.Input<string>[]; publicSubnetIds?: pulumi.Input<string>[] }
    | {
          /**
           * Zone names to spread over: at least two that EKS supports (see `eksZoneNames`); an offline
           * plan holds placeholders for the zones preview chooses (`zonesChosenAtPreview`).
           */
          availabilityZoneNames: string[];
          /** @default "10.0.0.0/16" (DEFAULTS.vpcCidr) */
          cidrBlock?: string;
          /** "single": one NAT gateway; "one-per-zone" survives the loss of a zone. @default "single" */
          natGateways?: NatGateways;
      };

export interface NewClusterArgs {
    name: string;
    /** Kubernetes minor version, e.g. "1.36"; the node group follows it. */
    version: string;
    /** EKS upgrade policy. @default EKS's own (EXTENDED) */
    supportType?: SupportType;
    /**
     * EKS Auto Mode: its built-in node pools, load balancing and block storage instead of a managed node
     * group (no node group, no Cluster Autoscaler; `instanceTypes`, `amiType` and `scaling` must be absent). @default false
     */
    autoMode?: boolean;
    /** Managed node group instance types. @default ["m6i.large"] (DEFAULTS.instanceTypes) */
    instanceTypes?: string[];
    /** The node group's AMI type, matching the instance types' architecture. @default "AL2023_x86_64_STANDARD" */
    amiType?: string;
    /**
     * Managed node group sizes. @default { minSize: 2, desiredSize: 2, maxSize: 4 } (DEFAULTS.nodeGroup)
     * With maxSize above minSize the Cluster Autoscaler sizes the group and desiredSize is only its initial size.
     */
    scaling?: { minSize: number; desiredSize: number; maxSize: number };
    network: ClusterNetwork;
    /** IAM role or user ARNs given cluster-admin through access entries. @default [] */
    adminPrincipalArns?: string[];
    /** Pulumi `protect` on the EKS cluster. @default true */
    protect?: boolean;
}

/** Names of the outputs a cluster stack exports; defaults are what a pulumi-eks cluster stack exports. */
export interface ClusterStackOutputs {
    /** An object or a string. @default "kubeconfig" */
    kubeconfig?: string;
    /** @default "clusterName" */
    clusterName?: string;
    /** IRSA only. @default "oidcProviderArn" */
    oidcProviderArn?: string;
    /** With or without `https://` (IRSA only). @default "oidcIssuer" */
    oidcIssuer?: string;
}

export interface GatewayClusterArgs {
    /** Create this cluster; or, with `existingName`, use an existing one; or take it from `fromStack`. */
    create?: NewClusterArgs;
    existingName?: string;
    /** Another Pulumi stack, `<org>/<project>/<stack>`, that exports the cluster (read with a StackReference). */
    fromStack?: { name: string; outputs?: ClusterStackOutputs };
    /** Look up the cluster's IAM OIDC provider (IRSA). @default true */
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
    /** Kubernetes provider for the cluster; it waits for a created cluster's nodes. */
    readonly provider: k8s.Provider;
    readonly podIdentityAgent?: aws.eks.Addon;
    /** A created cluster (pulumi-eks); undefined for an existing one or one from another stack. */
    readonly eksCluster?: eks.Cluster;
    /** A created cluster's managed node group (none under Auto Mode). */
    readonly nodeGroup?: eks.ManagedNodeGroup;
    /** A created cluster's VPC (an existing cluster's is looked up where it is needed). */
    readonly vpcId?: pulumi.Output<string>;
    /** The load-balancer subnets of a VPC the component creates. */
    readonly loadBalancerSubnetIds?: pulumi.Output<string[]>;
    /** An existing cluster's description (EKS DescribeCluster), when looked up by name. */
    private described?: aws.eks.GetClusterResult | pulumi.Output<aws.eks.GetClusterResult>;
    /** The stack a cluster comes from, when it comes from one. */
    private fromStackName?: string;

    constructor(name: string, args: GatewayClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:cluster:GatewayCluster", name, {}, opts);
        const irsa = args.irsa ?? true;
        let nodes: pulumi.Resource[] = [];
        if (args.create) {
            const created = this.createCluster(name, args.create, args.region);
            // Auto Mode launches nodes for pending pods: nothing to wait for but the control plane.
            nodes = created.nodeGroup ? [created.nodeGroup] : [];
            this.eksCluster = created.cluster;
            this.nodeGroup = created.nodeGroup;
            this.controlPlane = [created.cluster];
            this.clusterName = pulumi.output(args.create.name);
            this.kubeconfig = created.cluster.kubeconfigJson;
            this.oidcProviderArn = irsa ? created.cluster.oidcProviderArn : undefined;
            this.oidcIssuer = irsa ? created.cluster.oidcIssuer : undefined;
            this.vpcId = created.vpcId;
            this.loadBalancerSubnetIds = created.loadBalancerSubnetIds;
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

    /**
     * The cluster's VPC: a created cluster's, an existing one's from its description, or for one from
     * another stack looked up by the name that stack exports (only when asked: it needs eks:DescribeCluster).
     */
    vpcIdOf(): pulumi.Output<string> {
        if (this.vpcId) return this.vpcId;
        if (this.described) return pulumi.output(this.described).vpcConfig.vpcId;
        const described = aws.eks.getClusterOutput({ name: this.clusterName }, { parent: this });
        const stack = this.fromStackName ?? "";
        return pulumi.all([described.arn, described.vpcConfig.vpcId]).apply(([arn, vpcId]) => {
            // Offline the name the stack exports is a placeholder, and so is what EKS says of it (config/rules/cloud.ts).
            if (arn === OFFLINE_MARK) void pulumi.log.info(NOT_CHECKED_OFFLINE + clusterStackVpcLine(stack));
            return vpcId;
        });
    }

    /** An existing cluster looked up by name; its kubeconfig authenticates with `aws eks get-token`. */
    private existing(existingName: string | undefined, region: pulumi.Input<string>, irsa: boolean) {
        if (!existingName) throw new Error("GatewayCluster: give `create`, `existingName` or `fromStack`");
        const existing = aws.eks.getClusterOutput({ name: existingName }, { parent: this });
        this.described = existing;
        // Offline a cluster nobody declared is a placeholder (offline/fakeCloud.ts): preview looks it up (config/rules/cloud.ts).
        existing.arn.apply((arn) => {
            if (arn === OFFLINE_MARK) void pulumi.log.info(NOT_CHECKED_OFFLINE + existingClusterLine(existingName, irsa));
        });
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
        this.fromStackName = from.name;
        const read = [
            o.kubeconfig ?? "kubeconfig",
            o.clusterName ?? "clusterName",
            ...(irsa ? [o.oidcProviderArn ?? "oidcProviderArn", o.oidcIssuer ?? "oidcIssuer"] : []),
        ];
        // Offline the referenced stack's outputs are placeholders, marked in its name (offline/fakeCloud.ts).
        ref.name.apply((n) => {
            if (n === OFFLINE_MARK) void pulumi.log.info(NOT_CHECKED_OFFLINE + clusterStackLine(from.name, read));
        });
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

    /**
     * The AWS provider this component inherited, handed on explicitly to the pulumi-eks and awsx
     * components (their resources are registered in another process, which sees only what is sent).
     */
    private inheritedAws(): pulumi.ProviderResource[] | undefined {
        const p = this.getProvider("aws::");
        return p ? [p] : undefined;
    }

    private createCluster(name: string, c: NewClusterArgs, region: pulumi.Input<string>) {
        const network = this.network(name, c.network);
        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: c.name,
                version: c.version,
                ...(c.supportType ? { upgradePolicy: { supportType: c.supportType } } : {}),
                createOidcProvider: true,
                // Access entries: Auto Mode requires them, and the admins get theirs.
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: adminAccessEntries(c.adminPrincipalArns ?? []),
                skipDefaultNodeGroup: true,
                vpcId: network.vpcId,
                privateSubnetIds: network.privateSubnetIds,
                ...(c.autoMode
                    ? {
                          // Compute, block storage and load balancing together, with pulumi-eks's node role (docs/upstream-facts.md#auto-mode-pulumi-eks).
                          autoMode: { enabled: true },
                          // Auto Mode's default NodeClass places nodes in the cluster's subnets: private ones only, so no node
                          // lands in a public subnet with a public address (docs/upstream-facts.md#auto-mode-node-subnets).
                          // Its nodes resolve names themselves: no CoreDNS Deployment to run (docs/upstream-facts.md#auto-mode-dns).
                          corednsAddonOptions: { enabled: false },
                      }
                    : {
                          publicSubnetIds: network.publicSubnetIds,
                          // The VPC CNI enforces NetworkPolicies only with this on (EKS user guide, cni-network-policy).
                          vpcCniOptions: { enableNetworkPolicy: true },
                      }),
            },
            { parent: this, protect: c.protect ?? true, providers: this.inheritedAws() },
        );
        const nodeGroup = c.autoMode ? undefined : this.managedNodeGroup(name, c, cluster, network.privateSubnetIds, region);
        return { cluster, nodeGroup, vpcId: network.vpcId, loadBalancerSubnetIds: network.loadBalancerSubnetIds };
    }

    /** The managed node group in the private subnets, with its own role. */
    private managedNodeGroup(name: string, c: NewClusterArgs, cluster: eks.Cluster, subnetIds: pulumi.Input<string[]>, region: pulumi.Input<string>) {
        const nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy()) }, { parent: this });
        const arns = pulumi.output(region).apply((r) => nodeRolePolicyArns(partitionOfRegion(r)));
        const attachments = NODE_ROLE_POLICIES.map(
            (policy, i) => new aws.iam.RolePolicyAttachment(`${name}-node-role-${policy}`, { role: nodeRole.name, policyArn: arns[i] }, { parent: this }),
        );
        const { minSize, maxSize } = DEFAULTS.nodeGroup;
        const scaling = c.scaling ?? { minSize, desiredSize: minSize, maxSize };
        return new eks.ManagedNodeGroup(
            `${name}-nodes`,
            {
                cluster,
                nodeRole,
                // Nodes follow the control plane: without a version a managed node group keeps the one it was created with.
                version: c.version,
                instanceTypes: c.instanceTypes ?? [...DEFAULTS.instanceTypes],
                amiType: c.amiType ?? "AL2023_x86_64_STANDARD",
                scalingConfig: scaling,
                // The Cluster Autoscaler owns the size of a group that can grow: `up` leaves desiredSize as it finds it.
                ignoreScalingChanges: nodeGroupScales(scaling),
                subnetIds,
            },
            { parent: this, dependsOn: attachments, providers: this.inheritedAws() },
        );
    }

    /** The given VPC, or a new one with private subnets for nodes, public ones, and small ones for internal load balancers. */
    private network(name: string, n: ClusterNetwork) {
        if ("vpcId" in n)
            return {
                vpcId: pulumi.output(n.vpcId),
                privateSubnetIds: pulumi.output(n.privateSubnetIds),
                publicSubnetIds: n.publicSubnetIds ? pulumi.output(n.publicSubnetIds) : undefined,
                loadBalancerSubnetIds: undefined,
            };
        if (n.availabilityZoneNames.length < MIN_ZONES) throw new Error(`GatewayCluster: give at least ${MIN_ZONES} availabilityZoneNames to create a VPC`);
        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                ...vpcArgs(n.cidrBlock ?? DEFAULTS.vpcCidr, n.availabilityZoneNames, n.natGateways ?? DEFAULTS.natGateways, { Name: `${name}-vpc` }),
                // An S3 gateway endpoint on the VPC's route tables (docs/data-plane.md), in the zones' region,
                // which an offline placeholder (zonesChosenAtPreview) also names.
                ...s3GatewayEndpointArgs(regionOfZoneNames(n.availabilityZoneNames)),
            },
            { parent: this, providers: this.inheritedAws() },
        );
        return { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds, publicSubnetIds: vpc.publicSubnetIds, loadBalancerSubnetIds: vpc.isolatedSubnetIds };
    }
}
