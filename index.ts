// Entry point: read and validate the stack config, compose the gateway, export what operators need.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "./components/portkeyGateway";
import { checkAgainstCloud, ConfigError, needsCloudCheck, parseConfig, StackConfig } from "./config";
import { isConfigSecret } from "./internals/pulumi";
import { foreignSecretAccount } from "./derive/crossAccount";
import { createsNetwork, gatewayArgs } from "./program/gatewayArgs";

/**
 * The validated config, and for an adopted ARN whether it is another account's secret. Rules that
 * need the deploying identity ask AWS once, only when one of them applies.
 */
async function validatedConfig(): Promise<{ config: StackConfig; crossAccount: boolean }> {
    const raw = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(raw).filter((k) => isConfigSecret(k)));
    try {
        const config = parseConfig(raw, secretKeys, pulumi.getStack());
        if (!needsCloudCheck(config)) return { config, crossAccount: false };
        const caller = await aws.getCallerIdentity();
        checkAgainstCloud(config, { accountId: caller.accountId, callerArn: caller.arn });
        return { config, crossAccount: foreignSecretAccount(config.secret.existing, caller.accountId) !== undefined };
    } catch (e) {
        // A clean message without a stack trace; nothing has been registered yet.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }
}

export = async () => {
    const { config, crossAccount } = await validatedConfig();
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
