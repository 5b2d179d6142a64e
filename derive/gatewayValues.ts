// Values for the Portkey gateway chart: service accounts, pull secrets, env wiring and the mount.

import { availabilityValues } from "./availability";
import { endpointChartDefaults, endpointChartValues } from "./endpoint";
import { CSI_DRIVER_NAME, ROLE_ARN_ANNOTATION, SECRETS_VOLUME } from "./constants";
import type { Config } from "./inputs";
import { imageValues } from "./image";
import { MODES } from "./modes";
import type { Names } from "./names";
import { deepMerge, sortKeys } from "./objects";
import { securityValues } from "./workloadSecurity";

function secretsVolume(names: Names) {
    return {
        name: SECRETS_VOLUME,
        csi: { driver: CSI_DRIVER_NAME, readOnly: true, volumeAttributes: { secretProviderClass: names.secretProviderClass } },
    };
}

function secretsVolumeMount(cfg: Config) {
    return { name: SECRETS_VOLUME, mountPath: cfg.gateway.mountPath, readOnly: true };
}

function serviceAccountValues(cfg: Config, name: string, roleArn: string) {
    const annotations = cfg.identity === "irsa" ? { [ROLE_ARN_ANNOTATION]: roleArn } : {};
    return { create: true, name, annotations };
}

/**
 * The log store and bucket settings (derive/dataPlane.ts) join the literals in `environment.data`
 * in every mode: none is secret, and the rules keep the stack from setting them itself.
 */
function withDataPlaneEnv(environment: Record<string, unknown>, env: Record<string, string>): Record<string, unknown> {
    if (Object.keys(env).length === 0) return environment;
    return { ...environment, data: sortKeys({ ...(environment.data as Record<string, unknown>), ...env }) };
}

/**
 * Values for the gateway chart. The role ARNs are only used for the IRSA annotations: `roleArn` on
 * the gateway's service account, `dataserviceRoleArn` (its own role) on the dataservice's.
 * The user's `gateway.values` are merged underneath: managed keys always win (validation
 * rejects attempts to set them). The chosen image's values lie below the user's.
 */
export function gatewayChartValues(
    cfg: Config,
    names: Names,
    roleArn: string,
    dataserviceRoleArn?: string,
    dataPlaneEnv: Record<string, string> = {},
): Record<string, unknown> {
    if (cfg.gateway.dataservice.enabled && cfg.identity === "irsa" && dataserviceRoleArn === undefined)
        throw new Error("the dataservice's service account needs its own role's ARN");
    const managed: Record<string, unknown> = {
        serviceAccount: serviceAccountValues(cfg, names.gatewayServiceAccount, roleArn),
        // The chart's default imageCredentials entry creates a pull secret from placeholders.
        imageCredentials: [],
        imagePullSecrets: [...(names.pullSecret ? [names.pullSecret] : []), ...cfg.gateway.imagePullSecrets].map((name) => ({ name })),
        environment: withDataPlaneEnv(MODES[cfg.secretsMode].environment(cfg, names), dataPlaneEnv),
        volumes: [secretsVolume(names)],
        volumeMounts: [secretsVolumeMount(cfg)],
        dataservice: cfg.gateway.dataservice.enabled
            ? {
                  enabled: true,
                  serviceAccount: serviceAccountValues(cfg, names.dataserviceServiceAccount!, dataserviceRoleArn ?? ""),
                  deployment: { volumes: [secretsVolume(names)], volumeMounts: [secretsVolumeMount(cfg)] },
              }
            : { enabled: false },
    };
    // The image's values and the endpoint's grace period sit under the user's (a mirror, another tag, a longer grace), the managed ones above.
    const user = deepMerge(deepMerge(imageValues(cfg.gateway.image), endpointChartDefaults(cfg)), cfg.gateway.values);
    const managedAll = deepMerge(deepMerge(deepMerge(managed, securityValues(cfg)), endpointChartValues(cfg)), availabilityValues(cfg, names));
    return deepMerge(user, managedAll);
}
