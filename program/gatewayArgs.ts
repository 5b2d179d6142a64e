// The validated stack config as the components' args: the only place that knows both shapes.
import type { ClusterNetwork } from "../components/cluster";
import type { PortkeyGatewayArgs } from "../components/portkeyGateway";
import type { StackConfig } from "../config";
import type { GatewaySpec } from "../derive/inputs";
import { nodeGroupAmiType } from "../derive/amiType";
import { isProductionLike } from "../derive/availability";
import { dataPlaneOfConfig } from "../derive/dataPlane";
import { gatewaySpec } from "../derive/spec";

/** Whether the program creates the cluster's VPC (and so needs the region's zones). */
export function createsNetwork(c: StackConfig): boolean {
    return c.cluster.create && c.cluster.vpcId === undefined;
}

function clusterArgs(c: StackConfig, zoneNames?: string[]): PortkeyGatewayArgs["cluster"] {
    const k = c.cluster;
    const podIdentityAgent = k.installPodIdentityAgent ? { version: k.podIdentityAgentVersion } : undefined;
    if (k.fromStack !== undefined) return { fromStack: { name: k.fromStack, outputs: k.fromStackOutputs }, podIdentityAgent };
    if (!k.create) return { existingName: k.name, podIdentityAgent };
    const network: ClusterNetwork = createsNetwork(c)
        ? { availabilityZoneNames: zoneNames ?? [], cidrBlock: k.vpcCidr, natGateways: k.natGateways }
        : { vpcId: k.vpcId!, privateSubnetIds: k.privateSubnetIds!, publicSubnetIds: k.publicSubnetIds };
    return {
        create: {
            name: k.name,
            version: k.version,
            supportType: k.supportType,
            ...(k.compute === "auto-mode"
                ? { autoMode: true }
                : {
                      instanceTypes: k.instanceTypes,
                      // The rules have checked that the types share one architecture.
                      amiType: nodeGroupAmiType(k.instanceTypes, k.amiFamily),
                      scaling: { minSize: k.minSize, desiredSize: k.desiredSize, maxSize: k.maxSize },
                  }),
            network,
            adminPrincipalArns: k.adminPrincipalArns,
            protect: c.protect,
        },
        podIdentityAgent,
    };
}

function secretArgs(c: StackConfig): PortkeyGatewayArgs["secret"] {
    const { existing, kmsKeyArn, failoverRegion, failoverKmsKeyArn } = c.secret;
    const replica = failoverRegion === undefined ? undefined : { region: failoverRegion, kmsKeyArn: failoverKmsKeyArn };
    if (existing !== undefined) return { existing, kmsKeyArn, replica, checkKeys: c.secret.checkKeys };
    return { name: c.secret.name, values: c.secretValues, kmsKeyArn, replica, recoveryWindowInDays: c.secret.recoveryWindowInDays, protect: c.protect };
}

/**
 * PortkeyGateway args for a validated config; `zoneNames` (program/cloudAnswers.ts createdVpcZoneNames)
 * when the program creates the VPC (without them the args name no zone, and GatewayCluster refuses
 * to create the VPC). `stack` decides
 * whether a created bucket is kept (a production-like stack, derive/availability.ts).
 */
export function gatewayArgs(c: StackConfig, zoneNames?: string[], stack = ""): PortkeyGatewayArgs {
    const dataPlane = dataPlaneOfConfig(c);
    return {
        ...(dataPlane ? { dataPlane, retainBuckets: isProductionLike(stack, c.protect) } : {}),
        secretsMode: c.secretsMode,
        identity: c.identity,
        namespace: c.namespace,
        createNamespace: c.createNamespace,
        cluster: clusterArgs(c, zoneNames),
        kubernetesVersion: c.cluster.create ? c.cluster.version : c.cluster.kubernetesVersion,
        ...(c.cluster.create ? {} : { compute: c.cluster.compute }),
        addons: c.addons.install ? { csiDriverChartVersion: c.addons.csiDriverChartVersion, awsProviderChartVersion: c.addons.awsProviderChartVersion } : false,
        reloaderChartVersion: c.rotation.reloaderChartVersion,
        awsKeys: c.awsKeys,
        env: c.env,
        rotation: { enabled: c.rotation.enabled, pollInterval: c.rotation.pollInterval, reloader: c.rotation.reloader },
        secret: secretArgs(c),
        gateway: c.gateway,
        imageCredentials: c.imageCredentials,
        endpoint: c.endpoint,
        loadBalancerController: c.addons.loadBalancerController === "install" ? "install" : "existing",
        metricsServer: c.addons.metricsServer === "install" ? { replicas: c.addons.metricsServerReplicas } : undefined,
    };
}

/**
 * The resolved spec of a validated config: the one route from the stack config to what every
 * derivation takes. PortkeyGateway resolves the same args with the same function (derive/spec.ts),
 * and `npm run verify` derives its expected state from this, so the two cannot drift. The spec
 * never reads the network, so no zones are needed here.
 */
export function stackSpec(c: StackConfig): GatewaySpec {
    return gatewaySpec(gatewayArgs(c));
}
