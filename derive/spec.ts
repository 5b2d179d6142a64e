// From the args a caller gives (most optional) to the resolved GatewaySpec every derivation takes.
// The one route: PortkeyGateway resolves its args here, and the stack config reaches it through
// the same args (program/gatewayArgs.ts stackSpec), which `npm run verify` uses too.
import { defaultDataserviceMinAvailable, defaultGatewayMinAvailable } from "./availability";
import { AVAILABILITY_DEFAULTS, DEFAULT_VERSIONS, DEFAULTS, defaultReloader, ENDPOINT_DEFAULTS } from "./defaults";
import type { ComputeType } from "./compute";
import type { DataPlaneSpec } from "./dataPlane";
import { imageOfValues } from "./image";
import { EndpointSpec, GatewaySpec, Identity, ReloaderSource, SecretsMode } from "./inputs";

/** The cluster as the args name it; only its name reaches the spec. */
export interface ClusterRef {
    create?: { name: string; version?: string; autoMode?: boolean };
    existingName?: string;
    /** A cluster another stack exports is named only at deploy time. */
    fromStack?: { name: string };
}

/** What the spec reads of the secret args: where it lives, and which keys a created one holds. */
export interface SecretRef {
    /** Default "portkey/gateway/config". */
    name?: string;
    existing?: string;
    kmsKeyArn?: string;
    /** Second region ASCP also reads (`failoverRegion`), with its key. */
    replica?: { region: string; kmsKeyArn?: string };
    /** Values of a created secret: their keys are the default `awsKeys`. */
    values?: Record<string, unknown>;
}

export interface GatewaySpecInput {
    /** @default "partial" */
    secretsMode?: SecretsMode;
    /** @default "irsa" */
    identity?: Identity;
    /** @default "portkeyai" */
    namespace?: string;
    /** Env vars from AWS, each once in the order given. @default the keys of `secret.values` (none for an adopted secret) */
    awsKeys?: string[];
    /** Literal env values. @default {} */
    env?: Record<string, string>;
    /** The secret: created (`name`, default "portkey/gateway/config") or adopted (`existing`, a name or ARN). */
    secret: SecretRef;
    /** @default { enabled: false, pollInterval: "1h", reloader: "install" with rotation on, else "none" } */
    rotation?: { enabled?: boolean; pollInterval?: string; reloader?: ReloaderSource };
    /**
     * The chart release. @default release "portkey", chart 1.7.7, the enterprise image (open-source when `values` names it),
     * mount "/mnt/secrets-store", no pull secrets, no extra values, no dataservice; availability as in production
     * (AVAILABILITY_DEFAULTS: 2 replicas, a budget one below, requests)
     */
    gateway?: Partial<Omit<GatewaySpec["gateway"], "dataservice" | "autoscaling">> & {
        autoscaling?: Partial<GatewaySpec["gateway"]["autoscaling"]>;
        dataservice?: Partial<GatewaySpec["gateway"]["dataservice"]>;
    };
    imageCredentials?: unknown;
    /** Default: type "cluster" (a ClusterIP Service), no other namespace admitted, ALB idle timeout 600 s. */
    endpoint?: Partial<EndpointSpec>;
    cluster: ClusterRef;
    /** Kubernetes minor version an existing cluster runs (a created one runs `cluster.create.version`). @default DEFAULT_VERSIONS.kubernetes */
    kubernetesVersion?: string;
    /** What runs an existing cluster's nodes (a created cluster's follows `cluster.create.autoMode`). @default "node-group" */
    compute?: ComputeType;
    /** The log store, Bedrock and the dataservice's buckets on the pods' own roles (docs/data-plane.md). @default none */
    dataPlane?: DataPlaneSpec;
}

/** The name commands use for the cluster: a cluster from another stack is named through the output. */
function clusterName(c: ClusterRef): string {
    return c.create?.name ?? c.existingName ?? (c.fromStack ? "$(pulumi stack output clusterName)" : "");
}

/** The resolved settings with every default applied. */
export function gatewaySpec(a: GatewaySpecInput): GatewaySpec {
    const enabled = a.rotation?.enabled ?? false;
    const g = a.gateway ?? {};
    return {
        secretsMode: a.secretsMode ?? DEFAULTS.secretsMode,
        identity: a.identity ?? DEFAULTS.identity,
        namespace: a.namespace ?? DEFAULTS.namespace,
        awsKeys: [...new Set(a.awsKeys ?? (a.secret.existing === undefined ? Object.keys(a.secret.values ?? {}) : []))],
        env: a.env ?? {},
        secret: {
            name: a.secret.name ?? DEFAULTS.secretName,
            existing: a.secret.existing,
            kmsKeyArn: a.secret.kmsKeyArn,
            failoverRegion: a.secret.replica?.region,
            failoverKmsKeyArn: a.secret.replica?.kmsKeyArn,
        },
        rotation: {
            enabled,
            pollInterval: a.rotation?.pollInterval ?? DEFAULTS.pollInterval,
            reloader: a.rotation?.reloader ?? defaultReloader(enabled),
        },
        gateway: {
            releaseName: g.releaseName ?? DEFAULTS.releaseName,
            chartVersion: g.chartVersion ?? DEFAULT_VERSIONS.gatewayChart,
            serviceAccountName: g.serviceAccountName,
            mountPath: g.mountPath ?? DEFAULTS.mountPath,
            syncedSecretName: g.syncedSecretName,
            imagePullSecrets: g.imagePullSecrets ?? [],
            values: g.values ?? {},
            image: g.image ?? imageOfValues(g.values ?? {}),
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
        cluster: {
            name: clusterName(a.cluster),
            kubernetesVersion: a.cluster.create?.version ?? a.kubernetesVersion ?? DEFAULT_VERSIONS.kubernetes,
            compute: a.cluster.create ? (a.cluster.create.autoMode ? "auto-mode" : "node-group") : (a.compute ?? "node-group"),
        },
        ...(a.dataPlane ? { dataPlane: a.dataPlane } : {}),
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
