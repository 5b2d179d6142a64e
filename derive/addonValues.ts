// Values for the cluster add-ons (CSI driver, ASCP, Reloader) and the Reloader annotations.

import { IRSA_AUDIENCE, POD_IDENTITY_AUDIENCE } from "./constants";
import { durationSeconds } from "./duration";
import type { Config } from "./inputs";
import { MODES } from "./modes";
import type { Names } from "./names";

export interface AddonValues {
    csiDriver: Record<string, unknown>;
    awsProvider: Record<string, unknown>;
    reloader?: Record<string, unknown>;
}

export function addonChartValues(cfg: Config): AddonValues {
    const rotation = cfg.rotation.enabled;
    return {
        csiDriver: {
            syncSecret: { enabled: MODES[cfg.secretsMode].syncsSecret },
            enableSecretRotation: rotation,
            ...(rotation ? { rotationPollInterval: durationSeconds(cfg.rotation.pollInterval) } : {}),
            // ASCP 3.x asks for a token for each audience; without them every mount fails.
            tokenRequests: [{ audience: IRSA_AUDIENCE }, { audience: POD_IDENTITY_AUDIENCE }],
        },
        awsProvider: {
            // The driver is installed by its own release (its version is a setting).
            "secrets-store-csi-driver": { install: false },
            // A DaemonSet with no tolerations skips tainted nodes: "provider not found".
            tolerations: [{ operator: "Exists" }],
        },
        reloader:
            cfg.rotation.reloader === "install"
                ? {
                      reloader: {
                          watchGlobally: true,
                          ...(MODES[cfg.secretsMode].reloaderCsiIntegration ? { enableCSIIntegration: true } : {}),
                      },
                  }
                : undefined,
    };
}

/**
 * Annotations that make Reloader roll the Deployments, keyed by Deployment name; undefined when
 * rotation does not reach the pods.
 */
export function reloadAnnotations(cfg: Config, names: Names): Record<string, Record<string, string>> | undefined {
    if (!cfg.rotation.enabled || cfg.rotation.reloader === "none") return undefined;
    const [k, v] = MODES[cfg.secretsMode].reloadAnnotation(names);
    const out: Record<string, Record<string, string>> = { [names.gatewayDeployment]: { [k]: v } };
    if (names.dataserviceDeployment) out[names.dataserviceDeployment] = { [k]: v };
    return out;
}
