// Entry point: read and validate the stack config, compose the gateway, export what operators need.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "./components/portkeyGateway";
import { Config, ConfigError, parseConfig } from "./config";
import { adminNamingCaller } from "./derive/accessEntries";
import { isConfigSecret } from "./internals/pulumi";
import { createsNetwork, gatewayArgs } from "./program/gatewayArgs";

function validatedConfig(): Config {
    const raw = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(raw).filter((k) => isConfigSecret(k)));
    try {
        return parseConfig(raw, secretKeys, pulumi.getStack());
    } catch (e) {
        // A clean message without a stack trace; nothing has been registered yet.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }
}

/** Checks that need the cloud's answers, made before any resource is registered. */
async function checkAgainstCloud(config: Config): Promise<void> {
    const admins = config.cluster.create ? config.cluster.adminPrincipalArns : [];
    if (admins.length === 0) return;
    const listed = adminNamingCaller((await aws.getCallerIdentity()).arn, admins);
    if (listed) {
        throw new pulumi.RunError(
            "portkey-gateway:cluster.adminPrincipalArns: lists the identity that runs this deployment, which EKS makes cluster admin itself (a second access entry fails). Fix: remove it from cluster.adminPrincipalArns.",
        );
    }
}

export = async () => {
    const config = validatedConfig();
    await checkAgainstCloud(config);
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
        verifyCommand: `npm run verify -- --stack ${pulumi.getStack()}`,
    };
};
