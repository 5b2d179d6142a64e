// The validated stack config as the components' args: the only place that knows both shapes.
import type { ClusterNetwork } from "../components/cluster";
import type { PortkeyGatewayArgs } from "../components/portkeyGateway";
import type { Config } from "../config";
import { nodeGroupAmiType } from "../derive/amiType";
import { eksZoneNames, ZoneList } from "../derive/network";

/** Whether the program creates the cluster's VPC (and so needs the region's zones). */
export function createsNetwork(c: Config): boolean {
    return c.cluster.create && c.cluster.vpcId === undefined;
}

function clusterArgs(c: Config, zones?: ZoneList): PortkeyGatewayArgs["cluster"] {
    const k = c.cluster;
    const podIdentityAgent = k.installPodIdentityAgent ? { version: k.podIdentityAgentVersion } : undefined;
    if (k.fromStack !== undefined) return { fromStack: { name: k.fromStack, outputs: k.fromStackOutputs }, podIdentityAgent };
    if (!k.create) return { existingName: k.name, podIdentityAgent };
    const network: ClusterNetwork = createsNetwork(c)
        ? { availabilityZoneNames: eksZoneNames(zones!, k.availabilityZoneCount), cidrBlock: k.vpcCidr, natGateways: k.natGateways }
        : { vpcId: k.vpcId!, privateSubnetIds: k.privateSubnetIds!, publicSubnetIds: k.publicSubnetIds };
    return {
        create: {
            name: k.name,
            version: k.version,
            instanceTypes: k.instanceTypes,
            // The rules have checked that the types share one architecture.
            amiType: nodeGroupAmiType(k.instanceTypes, k.amiFamily),
            scaling: { minSize: k.minSize, desiredSize: k.desiredSize, maxSize: k.maxSize },
            network,
            adminPrincipalArns: k.adminPrincipalArns,
            protect: c.protect,
        },
        podIdentityAgent,
    };
}

function secretArgs(c: Config): PortkeyGatewayArgs["secret"] {
    const { existing, kmsKeyArn, failoverRegion, failoverKmsKeyArn } = c.secret;
    const replica = failoverRegion === undefined ? undefined : { region: failoverRegion, kmsKeyArn: failoverKmsKeyArn };
    if (existing !== undefined) return { existing, kmsKeyArn, replica, checkKeys: c.secret.checkKeys };
    return { name: c.secret.name, values: c.secretValues, kmsKeyArn, replica, recoveryWindowInDays: c.secret.recoveryWindowInDays, protect: c.protect };
}

/** PortkeyGateway args for a validated config; `zones` only when the program creates the VPC. */
export function gatewayArgs(c: Config, zones?: ZoneList): PortkeyGatewayArgs {
    return {
        secretsMode: c.secretsMode,
        identity: c.identity,
        namespace: c.namespace,
        createNamespace: c.createNamespace,
        cluster: clusterArgs(c, zones),
        addons: c.addons.install ? { csiDriverChartVersion: c.addons.csiDriverChartVersion, awsProviderChartVersion: c.addons.awsProviderChartVersion } : false,
        reloaderChartVersion: c.rotation.reloaderChartVersion,
        awsKeys: c.awsKeys,
        env: c.env,
        rotation: { enabled: c.rotation.enabled, pollInterval: c.rotation.pollInterval, reloader: c.rotation.reloader },
        secret: secretArgs(c),
        gateway: c.gateway,
        imageCredentials: c.imageCredentials,
    };
}
