// Entry point: read and validate the stack config, compose the gateway, export what operators need.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "./components/portkeyGateway";
import { checkAgainstCloud, ConfigError, parseConfig, StackConfig } from "./config";
import { isConfigSecret } from "./internals/pulumi";
import { foreignSecretAccount } from "./derive/crossAccount";
import { taggedProviderArgs } from "./derive/tags";
import { verifyCommand } from "./derive/validationCommands";
import { gatewayArgs } from "./program/gatewayArgs";
import { encryptedValueLine, NOT_CHECKED_OFFLINE } from "./config/rules/cloud";
import { dataPlaneWarnings } from "./config/rules/dataPlane";
import { cloudAnswers, createdVpcZoneNames } from "./program/cloudAnswers";
import { reportClusterVersion } from "./program/clusterVersion";
import { fromPreviousDeployment } from "./program/previousDeployment";
import { COMPUTE_OUTPUT, LOAD_BALANCER_OUTPUT } from "./derive/compute";
import { undecryptedConfigPaths } from "./program/undecrypted";

/**
 * The validated config, and for an adopted ARN whether it is another account's secret. The rules
 * that need run-time answers (config/rules/cloud.ts) report like the others, before any resource;
 * one whose answer only AWS has is logged as not checked when the plan runs offline.
 */
async function validatedConfig(): Promise<{ config: StackConfig; crossAccount: boolean; today: string; zoneNames?: string[] }> {
    const raw = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(raw).filter((k) => isConfigSecret(k)));
    try {
        const config = parseConfig(raw, secretKeys, pulumi.getStack(), undecryptedConfigPaths());
        for (const key of config.undecryptedChecks ?? []) void pulumi.log.info(NOT_CHECKED_OFFLINE + encryptedValueLine(key));
        const answers = await cloudAnswers(config);
        for (const line of checkAgainstCloud(config, answers)) void pulumi.log.info(NOT_CHECKED_OFFLINE + line);
        // Offline, the account the plan's ARNs name, so its grants match them.
        const crossAccount = answers.arnAccountId !== undefined && foreignSecretAccount(config.secret.existing, answers.arnAccountId) !== undefined;
        return { config, crossAccount, today: answers.today, zoneNames: await createdVpcZoneNames(config, answers.zones) };
    } catch (e) {
        // A clean message without a stack trace; nothing has been registered yet.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }
}

/**
 * The AWS provider every AWS resource of the program uses, the ones inside pulumi-eks and awsx
 * components included (they inherit a parent's providers: pulumi/pulumi PR #10933 and the
 * l3-component-provider-inheritance conformance test of PR #24125): the stack's AWS settings
 * with default tags naming the project and stack (docs/e2e.md, "Tags").
 */
function taggedAwsProvider(): aws.Provider {
    const raw = pulumi.runtime.allConfig();
    const args = taggedProviderArgs(raw, pulumi.getProject(), pulumi.getStack());
    // A setting stored encrypted stays secret in the provider's state.
    for (const name of Object.keys(args)) if (isConfigSecret(`aws:${name}`)) args[name] = pulumi.secret(args[name]);
    return new aws.Provider("portkey-aws", args as aws.ProviderArgs);
}

export = async () => {
    const { config, crossAccount, today, zoneNames } = await validatedConfig();
    reportClusterVersion(config, today);
    for (const warning of dataPlaneWarnings(config)) void pulumi.log.warn(warning);
    // Turning the HPA on for a running release takes two upgrades, and changing the compute is a migration (docs/availability.md).
    const { handover, computeRefusal } = await fromPreviousDeployment(config);
    if (computeRefusal) throw new pulumi.RunError(computeRefusal);
    if (handover.refusal) throw new pulumi.RunError(handover.refusal);
    if (handover.notice) void pulumi.log.warn(handover.notice);
    // Settings the stack set below what its declared peak needs (config/capacity.ts); the plan lists them too.
    for (const warning of config.sizing?.warnings ?? []) void pulumi.log.warn(warning);
    // The created VPC's zones were chosen by zone ID before any resource exists (program/cloudAnswers.ts).
    const gateway = new PortkeyGateway(
        "portkey",
        { ...gatewayArgs(config, zoneNames, pulumi.getStack()), replicaHandover: handover.step },
        { providers: { aws: taggedAwsProvider() } },
    );
    const lbCidrs = gateway.endpointResources.gatewayPolicy.spec.apply((s) =>
        (s.ingress ?? []).flatMap((r) => (r.from ?? []).flatMap((p) => (p.ipBlock ? [p.ipBlock.cidr] : []))),
    );

    return {
        secretsMode: config.secretsMode,
        identity: config.identity,
        clusterName: gateway.clusterName,
        namespace: gateway.namespace,
        roleArn: gateway.roleArn,
        // The dataservice's own role, and what the pods reach on their roles (docs/data-plane.md).
        ...(gateway.dataserviceRoleArn ? { dataserviceRoleArn: gateway.dataserviceRoleArn } : {}),
        ...(config.logStore ? { logStore: gateway.dataPlaneBuckets.apply((b) => ({ bucket: b.logStore!.name, region: b.logStore!.region })) } : {}),
        ...(gateway.bedrockIntegration ? { bedrock: gateway.bedrockIntegration } : {}),
        secretArn: gateway.secretArn,
        secretProviderClassName: gateway.secretProviderClassName,
        ...(gateway.syncedSecretName ? { syncedSecretName: gateway.syncedSecretName } : {}),
        releaseName: gateway.releaseName,
        // Who sets the gateway Deployment's replica count; the next deployment reads it back.
        gatewayScaling: handover.record,
        // What runs the cluster's nodes; the next deployment refuses a one-step change (derive/compute.ts).
        [COMPUTE_OUTPUT]: config.cluster.compute,
        endpoint: gateway.endpoint,
        // The record endpoint.hostname points at, once the controller has made the load balancer.
        ...(config.endpoint.type !== "cluster" ? { [LOAD_BALANCER_OUTPUT]: gateway.loadBalancerHostname.apply((h) => h ?? "(not assigned yet)") } : {}),
        // The load balancer subnets' CIDRs the -callers NetworkPolicy admits (looked up in EC2): `npm run verify -- --lb-cidrs` compares its ipBlocks with them.
        loadBalancerSubnetCidrs: lbCidrs,
        validationCommands: gateway.validationCommands.apply((cmds) => cmds.join("\n")),
        // Only for a secret in another account: what its owner must apply.
        ...(crossAccount ? { crossAccountGrants: gateway.crossAccountGrants } : {}),
        verifyCommand: pulumi
            .all([gateway.roleArn, gateway.dataserviceRoleArn, lbCidrs])
            .apply(([roleArn, dataserviceRoleArn, cidrs]) =>
                verifyCommand(pulumi.getStack(), { identity: config.identity, roleArn, dataserviceRoleArn, loadBalancerCidrs: cidrs }),
            ),
    };
};
