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

export function secretProviderClassSpec(cfg: Config, names: Names, region: string): SecretProviderClassSpec {
    const objects = [
        {
            objectName: secretObjectName(cfg),
            objectType: "secretsmanager",
            objectAlias: WHOLE_SECRET_FILE,
            jmesPath: cfg.awsKeys.map((k) => ({ path: k, objectAlias: k })),
        },
    ];
    const parameters: Record<string, string> = {
        region,
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
