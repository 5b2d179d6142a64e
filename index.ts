// Entry point: read and validate the stack config, compose the gateway, export what operators need.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseConfig } from "./config";
import { PortkeyGateway } from "./components/portkeyGateway";

// Pulumi marks config set with `--secret`; the public API has no reader for the flag.
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

export = async () => {
    const raw = pulumi.runtime.allConfig();
    const secretKeys = new Set(Object.keys(raw).filter((k) => isConfigSecret(k)));
    let config;
    try {
        config = parseConfig(raw, secretKeys, pulumi.getStack());
    } catch (e) {
        // A clean message without a stack trace; nothing has been registered yet.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }

    const gateway = new PortkeyGateway("portkey", { config });

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
        validationCommands: gateway.validationCommands.join("\n"),
    };
};
