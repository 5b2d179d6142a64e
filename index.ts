// Entry point: read and validate the stack config, compose the gateway, export what operators need.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "./components/portkeyGateway";
import { Config, ConfigError, parseConfig } from "./config";
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

export = async () => {
    const config = validatedConfig();
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
