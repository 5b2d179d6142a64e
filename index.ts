// Entry point: read and validate the stack config, compose the gateway, export what operators need.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "./components/portkeyGateway";
import { checkAgainstAccount, Config, ConfigError, needsAccountCheck, parseConfig } from "./config";
import { adminNamingCaller } from "./derive/accessEntries";
import { isConfigSecret } from "./internals/pulumi";
import { foreignSecretAccount } from "./derive/crossAccount";
import { givenSubnetProblems } from "./derive/network";
import { configKey } from "./config/problems";
import { createsNetwork, gatewayArgs } from "./program/gatewayArgs";

/** The deploying identity, asked of AWS at most once per run, and only when a check needs it. */
type Caller = () => Promise<aws.GetCallerIdentityResult>;

function lazyCaller(): Caller {
    let caller: Promise<aws.GetCallerIdentityResult> | undefined;
    return () => (caller ??= aws.getCallerIdentity());
}

/** The validated config, and for an adopted ARN whether it is another account's secret. */
async function validatedConfig(callerIdentity: Caller): Promise<{ config: Config; crossAccount: boolean }> {
    const raw = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(raw).filter((k) => isConfigSecret(k)));
    try {
        const config = parseConfig(raw, secretKeys, pulumi.getStack());
        // An adopted ARN may be another account's; only the deploying account tells.
        if (!needsAccountCheck(config)) return { config, crossAccount: false };
        const accountId = (await callerIdentity()).accountId;
        checkAgainstAccount(config, accountId);
        return { config, crossAccount: foreignSecretAccount(config.secret.existing, accountId) !== undefined };
    } catch (e) {
        // A clean message without a stack trace; nothing has been registered yet.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }
}

/** The given private subnets as EC2 describes them: in the VPC, in zones EKS takes, in two zones or more. */
async function checkGivenSubnets(config: Config): Promise<void> {
    const { create, vpcId, privateSubnetIds } = config.cluster;
    if (!create || vpcId === undefined || privateSubnetIds === undefined) return;
    const subnets = await Promise.all(privateSubnetIds.map((id) => aws.ec2.getSubnet({ id })));
    const problems = givenSubnetProblems(vpcId, subnets);
    if (problems.length > 0) throw new pulumi.RunError(new ConfigError(problems.map(([k, what, fix]) => `${configKey(k)}: ${what}. Fix: ${fix}.`)).message);
}

/** Checks that need the cloud's answers, made before any resource is registered. */
async function checkAgainstCloud(config: Config, callerIdentity: Caller): Promise<void> {
    await checkGivenSubnets(config);
    const admins = config.cluster.create ? config.cluster.adminPrincipalArns : [];
    if (admins.length === 0) return;
    const listed = adminNamingCaller((await callerIdentity()).arn, admins);
    if (listed) {
        throw new pulumi.RunError(
            "portkey-gateway:cluster.adminPrincipalArns: lists the identity that runs this deployment, which EKS makes cluster admin itself (a second access entry fails). Fix: remove it from cluster.adminPrincipalArns.",
        );
    }
}

export = async () => {
    const callerIdentity = lazyCaller();
    const { config, crossAccount } = await validatedConfig(callerIdentity);
    await checkAgainstCloud(config, callerIdentity);
    // The created VPC's zones are chosen by zone ID before any resource exists.
    const zones = createsNetwork(config) ? await aws.getAvailabilityZones({ state: "available" }) : undefined;
    const gateway = new PortkeyGateway("portkey", gatewayArgs(config, zones));

    return {
        secretsMode: config.secretsMode,
        identity: config.identity,
        clusterName: gateway.clusterName,
        namespace: gateway.namespace,
        roleArn: gateway.roleArn,
        secretArn: gateway.secretArn,
        secretProviderClassName: gateway.secretProviderClassName,
        ...(gateway.syncedSecretName ? { syncedSecretName: gateway.syncedSecretName } : {}),
        releaseName: gateway.releaseName,
        validationCommands: gateway.validationCommands.apply((cmds) => cmds.join("\n")),
        // Only for a secret in another account: what its owner must apply.
        ...(crossAccount ? { crossAccountGrants: gateway.crossAccountGrants } : {}),
        verifyCommand: `npm run verify -- --stack ${pulumi.getStack()}`,
    };
};
