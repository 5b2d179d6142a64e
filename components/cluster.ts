import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterConfig, Identity } from "./config";
import { POD_IDENTITY_AGENT_ADDON } from "../derive/constants";
import { NODE_ROLE_POLICIES, nodeRoleTrustPolicy } from "../derive/iam";
import { existingClusterKubeconfig } from "../derive/kubeconfig";

export interface GatewayClusterArgs {
    config: ClusterConfig;
    identity: Identity;
    region: pulumi.Input<string>;
}

/**
 * The EKS cluster the gateway runs on: created with `@pulumi/eks` (OIDC provider, managed node
 * group) or an existing one looked up by name. Exposes what the rest of the program needs: a
 * Kubernetes provider and the OIDC provider for IRSA.
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
        const cfg = args.config;
        let ready: pulumi.Resource[] = [];

        if (cfg.create) {
            const nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy()) }, { parent: this });
            const attachments = NODE_ROLE_POLICIES.map(
                (policy) =>
                    new aws.iam.RolePolicyAttachment(`${name}-node-role-${policy.split("/").pop()}`, { role: nodeRole.name, policyArn: policy }, { parent: this }),
            );
            const cluster = new eks.Cluster(
                `${name}-eks`,
                {
                    name: cfg.name,
                    version: cfg.version,
                    createOidcProvider: true,
                    authenticationMode: eks.AuthenticationMode.Api,
                    skipDefaultNodeGroup: true,
                    vpcId: cfg.vpcId,
                    publicSubnetIds: cfg.publicSubnetIds,
                    privateSubnetIds: cfg.privateSubnetIds,
                },
                { parent: this },
            );
            const nodeGroup = new eks.ManagedNodeGroup(
                `${name}-nodes`,
                {
                    cluster,
                    nodeRole,
                    instanceTypes: cfg.instanceTypes,
                    scalingConfig: { minSize: cfg.minSize, desiredSize: cfg.desiredSize, maxSize: cfg.maxSize },
                    subnetIds: cfg.privateSubnetIds,
                },
                { parent: this, dependsOn: attachments },
            );
            ready = [nodeGroup];
            this.controlPlane = [cluster];
            this.clusterName = pulumi.output(cfg.name);
            this.kubeconfig = cluster.kubeconfigJson;
            this.oidcProviderArn = cluster.oidcProviderArn;
            this.oidcIssuer = cluster.oidcIssuer;
        } else {
            const existing = aws.eks.getClusterOutput({ name: cfg.name }, { parent: this });
            this.clusterName = existing.name;
            this.kubeconfig = pulumi
                .all([existing.name, existing.endpoint, existing.certificateAuthorities, args.region])
                .apply(([n, endpoint, cas, region]) => JSON.stringify(existingClusterKubeconfig(n, endpoint, cas[0].data, region)));
            if (args.identity === "irsa") {
                // Looked up only for IRSA: a Pod Identity cluster often has no IAM OIDC provider.
                const issuerUrl = existing.identities.apply((ids) => ids[0].oidcs[0].issuer);
                this.oidcProviderArn = aws.iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, { parent: this }).arn;
                this.oidcIssuer = issuerUrl.apply((u) => u.replace(/^https:\/\//, ""));
            }
        }

        if (cfg.installPodIdentityAgent) {
            this.podIdentityAgent = new aws.eks.Addon(
                `${name}-pod-identity-agent`,
                { clusterName: this.clusterName, addonName: POD_IDENTITY_AGENT_ADDON, addonVersion: cfg.podIdentityAgentVersion },
                { parent: this, dependsOn: ready },
            );
        }

        // Kubernetes resources wait for nodes: Helm releases would otherwise time out on a new cluster.
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            { parent: this, dependsOn: ready },
        );

        this.registerOutputs({
            clusterName: this.clusterName,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuer: this.oidcIssuer,
        });
    }
}
