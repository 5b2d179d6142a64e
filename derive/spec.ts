// From the args a caller gives (most optional) to the resolved GatewaySpec every derivation takes.
import { DEFAULT_VERSIONS, DEFAULTS } from "./defaults";
import { GatewaySpec, Identity, ReloaderSource, SecretsMode } from "./inputs";

export interface GatewaySpecInput {
    /** Default "partial". */
    secretsMode?: SecretsMode;
    /** Default "irsa". */
    identity?: Identity;
    /** Default "portkeyai". */
    namespace?: string;
    /** Env vars from AWS; default: the keys of the values of a created secret. */
    awsKeys?: string[];
    /** Literal env values; default none. */
    env?: Record<string, string>;
    /** The secret: created (`name`, default "portkey/gateway/config") or adopted (`existing`, a name or ARN). */
    secret: { name?: string; existing?: string; kmsKeyArn?: string; failoverRegion?: string; failoverKmsKeyArn?: string; valueKeys?: string[] };
    /** Default: rotation off; `reloader` defaults to "install" with rotation on, else "none"; `pollInterval` "1h". */
    rotation?: { enabled?: boolean; pollInterval?: string; reloader?: ReloaderSource };
    /** Defaults: release "portkey", chart 1.7.7, mount "/mnt/secrets-store", no pull secrets, no extra values, no dataservice. */
    gateway?: Partial<Omit<GatewaySpec["gateway"], "dataservice">> & { dataservice?: Partial<GatewaySpec["gateway"]["dataservice"]> };
    imageCredentials?: unknown;
    clusterName: string;
}

/** The resolved settings with every default applied. */
export function gatewaySpec(a: GatewaySpecInput): GatewaySpec {
    const enabled = a.rotation?.enabled ?? false;
    const g = a.gateway ?? {};
    return {
        secretsMode: a.secretsMode ?? DEFAULTS.secretsMode,
        identity: a.identity ?? DEFAULTS.identity,
        namespace: a.namespace ?? DEFAULTS.namespace,
        awsKeys: a.awsKeys ?? (a.secret.existing === undefined ? (a.secret.valueKeys ?? []) : []),
        env: a.env ?? {},
        secret: {
            name: a.secret.name ?? DEFAULTS.secretName,
            existing: a.secret.existing,
            kmsKeyArn: a.secret.kmsKeyArn,
            failoverRegion: a.secret.failoverRegion,
            failoverKmsKeyArn: a.secret.failoverKmsKeyArn,
        },
        rotation: { enabled, pollInterval: a.rotation?.pollInterval ?? DEFAULTS.pollInterval, reloader: a.rotation?.reloader ?? (enabled ? "install" : "none") },
        gateway: {
            releaseName: g.releaseName ?? DEFAULTS.releaseName,
            chartVersion: g.chartVersion ?? DEFAULT_VERSIONS.gatewayChart,
            serviceAccountName: g.serviceAccountName,
            mountPath: g.mountPath ?? DEFAULTS.mountPath,
            syncedSecretName: g.syncedSecretName,
            imagePullSecrets: g.imagePullSecrets ?? [],
            values: g.values ?? {},
            dataservice: { enabled: g.dataservice?.enabled ?? false, serviceAccountName: g.dataservice?.serviceAccountName },
        },
        imageCredentials: a.imageCredentials,
        cluster: { name: a.clusterName },
    };
}
