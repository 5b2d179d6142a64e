// What derivation needs to know about the gateway: the resolved settings of one installation.
// Independent of the stack config, so a component can be built from literal args; the validated
// stack config has this shape and more.
import type { DataPlaneSpec } from "./dataPlane";
import type { ComputeType } from "./compute";
import type { GatewayImage } from "./image";

// The vocabulary, declared once here (the lowest layer); config/ declares its keys with it.
export const SECRETS_MODES = ["partial", "full", "mount-only"] as const;
export const IDENTITIES = ["irsa", "pod-identity"] as const;
export const RELOADER_SOURCES = ["install", "existing", "none"] as const;
export const ENDPOINT_TYPES = ["cluster", "internal-alb", "internal-nlb"] as const;
/** Where the AWS Load Balancer Controller comes from (`none`: no load-balancer endpoint). */
export const CONTROLLER_SOURCES = ["none", "install", "existing"] as const;
/** EKS's `upgradePolicy.supportType` values (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html). */
export const SUPPORT_TYPES = ["EXTENDED", "STANDARD"] as const;

export type SecretsMode = (typeof SECRETS_MODES)[number];
export type Identity = (typeof IDENTITIES)[number];
export type ReloaderSource = (typeof RELOADER_SOURCES)[number];
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
export type ControllerSource = (typeof CONTROLLER_SOURCES)[number];
export type SupportType = (typeof SUPPORT_TYPES)[number];

export interface ImageCredentials {
    registry: string;
    username: string;
    password: string;
    email?: string;
}

/** Container requests and limits as Kubernetes quantities (cpu "500m", memory "512Mi"). */
export interface Resources {
    requests: { cpu: string; memory: string };
    limits: { cpu?: string; memory?: string };
}

/** The chart's HPA (gateway only); when on, it owns the replica count. */
export interface Autoscaling {
    enabled: boolean;
    min: number;
    max: number;
    /** Average CPU utilisation of the requests the HPA aims for, in percent. */
    targetCPU: number;
}

/** How callers reach the gateway (docs/endpoint.md). */
export interface EndpointSpec {
    type: EndpointType;
    /** ACM certificate of the load balancer's TLS listener (load-balancer types). */
    certificateArn?: string;
    /** The name callers use (load-balancer types). */
    hostname?: string;
    /** Who may connect to the load balancer. */
    inboundCidrs: string[];
    /** Namespaces whose pods may call the gateway inside the cluster (its own always may). */
    allowedNamespaces: string[];
    /** Subnets the load balancer lives in; default the ones the program creates with the VPC. */
    loadBalancerSubnetIds?: string[];
    /** ALB idle timeout in seconds. */
    idleTimeoutSeconds: number;
}

export interface GatewaySpec {
    secretsMode: SecretsMode;
    identity: Identity;
    /** Namespace of the gateway, its class and its service accounts. */
    namespace: string;
    /** Env vars whose values come from AWS Secrets Manager, in order. */
    awsKeys: string[];
    /** Literal env values. */
    env: Record<string, string>;
    secret: {
        /** Name of a secret the program creates. */
        name: string;
        /** Name or ARN of an adopted secret. */
        existing?: string;
        kmsKeyArn?: string;
        /** Second region where ASCP also reads the secret's replica (same name and ARN suffix). */
        failoverRegion?: string;
        /** Customer-managed key of the replica, in `failoverRegion`. */
        failoverKmsKeyArn?: string;
    };
    rotation: { enabled: boolean; pollInterval: string; reloader: ReloaderSource };
    gateway: {
        releaseName: string;
        chartVersion: string;
        serviceAccountName?: string;
        mountPath: string;
        syncedSecretName?: string;
        imagePullSecrets: string[];
        /** Extra chart values merged under the managed ones. */
        values: Record<string, unknown>;
        /** The image the chart runs; it decides the tag and the health-check paths. */
        image: GatewayImage;
        /** Fixed replica count (ignored when autoscaling is on). */
        replicas: number;
        autoscaling: Autoscaling;
        /** PodDisruptionBudget minAvailable; 0 creates no budget. */
        minAvailable: number;
        resources: Resources;
        dataservice: { enabled: boolean; serviceAccountName?: string; replicas: number; minAvailable: number; resources: Resources };
    };
    endpoint: EndpointSpec;
    /** Only whether credentials are given matters here: they name the pull secret. */
    imageCredentials?: unknown;
    /**
     * `kubernetesVersion`: the minor version ("1.33") the cluster runs, which pins the namespace's Pod Security version;
     * `compute`: what runs its nodes (derive/compute.ts), which decides the load balancers' classes and the NetworkPolicy switch.
     */
    cluster: { name: string; kubernetesVersion: string; compute: ComputeType };
    /** The pods' own AWS access beyond the secret: log store, Bedrock, the dataservice's buckets (derive/dataPlane.ts). None when absent. */
    dataPlane?: DataPlaneSpec;
}

/** Derivation functions take the gateway's resolved settings. */
export type Config = GatewaySpec;

/** Whether an adopted secret is given by ARN (else by name). */
export function isSecretArn(ref: string): boolean {
    return ref.startsWith("arn:");
}

/** Fields of an ARN: arn:partition:service:region:account:resource. */
export function arnFields(arn: string): { partition: string; service: string; region: string; account: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4] };
}
