// The SecretProviderClass spec: which secret and keys ASCP mounts, and which it syncs.

import { WHOLE_SECRET_FILE } from "./constants";
import type { Config } from "./inputs";
import { MODES } from "./modes";
import type { Names } from "./names";

export interface SecretProviderClassSpec {
    provider: "aws";
    parameters: Record<string, string>;
    secretObjects?: Array<{ secretName: string; type: "Opaque"; data: Array<{ objectName: string; key: string }> }>;
}

/** What the SecretProviderClass and the IAM policy name: the secret's name or the adopted ref. */
export function secretObjectName(cfg: Config): string {
    return cfg.secret.existing ?? cfg.secret.name;
}

/** The replica's ARN: the primary's with the region swapped (same name, same suffix; docs/upstream-facts.md#secret-replicas). */
export function replicaArn(primaryArn: string, failoverRegion: string): string {
    const parts = primaryArn.split(":");
    parts[3] = failoverRegion;
    return parts.join(":");
}

/**
 * The replica's objectName: an ARN with the failover region (ASCP checks an ARN's region against
 * the failover region), or the same name, which ASCP accepts with objectType set and looks up in
 * the failover region (aws/secrets-store-csi-driver-provider-aws provider/secret_descriptor.go,
 * validateObjectName and GetSecretName).
 */
export function failoverObjectName(objectName: string, failoverRegion: string): string {
    return objectName.startsWith("arn:") ? replicaArn(objectName, failoverRegion) : objectName;
}

export function secretProviderClassSpec(cfg: Config, names: Names, region: string): SecretProviderClassSpec {
    const objectName = secretObjectName(cfg);
    const failoverRegion = cfg.secret.failoverRegion;
    const objects = [
        {
            objectName,
            objectType: "secretsmanager",
            // A failoverObject requires an objectAlias; this one always has it.
            objectAlias: WHOLE_SECRET_FILE,
            ...(failoverRegion === undefined ? {} : { failoverObject: { objectName: failoverObjectName(objectName, failoverRegion) } }),
            jmesPath: cfg.awsKeys.map((k) => ({ path: k, objectAlias: k })),
        },
    ];
    const parameters: Record<string, string> = {
        region,
        ...(failoverRegion === undefined ? {} : { failoverRegion }),
        // ASCP reads `objects` as a YAML string; JSON is valid YAML and keeps it unambiguous.
        objects: JSON.stringify(objects),
    };
    if (cfg.identity === "pod-identity") parameters.usePodIdentity = "true";
    const spec: SecretProviderClassSpec = { provider: "aws", parameters };
    if (MODES[cfg.secretsMode].syncsSecret) {
        spec.secretObjects = [
            {
                secretName: names.syncedSecret!,
                type: "Opaque",
                data: cfg.awsKeys.map((k) => ({ objectName: k, key: k })),
            },
        ];
    }
    return spec;
}
