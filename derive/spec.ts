// From the args a caller gives (most optional) to the resolved GatewaySpec every derivation takes.
import { defaultDataserviceMinAvailable, defaultGatewayMinAvailable } from "./availability";
import { AVAILABILITY_DEFAULTS, DEFAULT_VERSIONS, DEFAULTS, ENDPOINT_DEFAULTS } from "./defaults";
import { EndpointSpec, GatewaySpec, Identity, ReloaderSource, SecretsMode } from "./inputs";

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
    /**
     * Defaults: release "portkey", chart 1.7.7, mount "/mnt/secrets-store", no pull secrets, no extra values, no dataservice;
     * availability as in production (AVAILABILITY_DEFAULTS: 2 replicas, a budget one below, requests).
     */
    gateway?: Partial<Omit<GatewaySpec["gateway"], "dataservice" | "autoscaling">> & {
        autoscaling?: Partial<GatewaySpec["gateway"]["autoscaling"]>;
        dataservice?: Partial<GatewaySpec["gateway"]["dataservice"]>;
    };
    imageCredentials?: unknown;
    /** Default: type "cluster" (a ClusterIP Service), no other namespace admitted, ALB idle timeout 600 s. */
    endpoint?: Partial<EndpointSpec>;
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
        rotation: {
            enabled,
            pollInterval: a.rotation?.pollInterval ?? DEFAULTS.pollInterval,
            reloader: a.rotation?.reloader ?? (enabled ? "install" : "none"),
        },
        gateway: {
            releaseName: g.releaseName ?? DEFAULTS.releaseName,
            chartVersion: g.chartVersion ?? DEFAULT_VERSIONS.gatewayChart,
            serviceAccountName: g.serviceAccountName,
            mountPath: g.mountPath ?? DEFAULTS.mountPath,
            syncedSecretName: g.syncedSecretName,
            imagePullSecrets: g.imagePullSecrets ?? [],
            values: g.values ?? {},
            ...gatewayAvailability(g),
            dataservice: dataserviceSpec(g.dataservice),
        },
        imageCredentials: a.imageCredentials,
        endpoint: {
            ...a.endpoint,
            type: a.endpoint?.type ?? ENDPOINT_DEFAULTS.type,
            inboundCidrs: a.endpoint?.inboundCidrs ?? [],
            allowedNamespaces: a.endpoint?.allowedNamespaces ?? [],
            idleTimeoutSeconds: a.endpoint?.idleTimeoutSeconds ?? ENDPOINT_DEFAULTS.idleTimeoutSeconds,
        },
        cluster: { name: a.clusterName },
    };
}

function gatewayAvailability(g: NonNullable<GatewaySpecInput["gateway"]>) {
    const replicas = g.replicas ?? AVAILABILITY_DEFAULTS.replicas;
    const autoscaling = { ...AVAILABILITY_DEFAULTS.autoscaling, ...g.autoscaling };
    const resources = g.resources ?? structuredClone(AVAILABILITY_DEFAULTS.gatewayResources);
    return { replicas, autoscaling, minAvailable: g.minAvailable ?? defaultGatewayMinAvailable(replicas, autoscaling), resources };
}

function dataserviceSpec(d: Partial<GatewaySpec["gateway"]["dataservice"]> = {}): GatewaySpec["gateway"]["dataservice"] {
    const replicas = d.replicas ?? AVAILABILITY_DEFAULTS.replicas;
    return {
        enabled: d.enabled ?? false,
        serviceAccountName: d.serviceAccountName,
        replicas,
        minAvailable: d.minAvailable ?? defaultDataserviceMinAvailable(replicas),
        resources: d.resources ?? structuredClone(AVAILABILITY_DEFAULTS.dataserviceResources),
    };
}
