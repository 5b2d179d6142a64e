// Plain-data shapes of the Kubernetes objects the checks read (only the fields they use) and of
// the findings they produce. Objects arrive as JSON, so every field is optional but the kind.
import type { ContainerSecurityContext, PodSecurityContext } from "../derive/podSecurity";

export interface OwnerReference {
    kind: string;
    name: string;
    controller?: boolean;
}

export interface ObjectMeta {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    /** RFC 3339; the scaling checks measure settling time from it. */
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
}

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: ObjectMeta;
}

export interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: {
        secretKeyRef?: { name?: string; key: string; optional?: boolean };
        configMapKeyRef?: { name?: string; key: string; optional?: boolean };
        fieldRef?: { fieldPath: string };
    };
}

export interface EnvFromSource {
    prefix?: string;
    configMapRef?: { name?: string };
    secretRef?: { name?: string };
}

export interface Container {
    name: string;
    image?: string;
    args?: string[];
    command?: string[];
    env?: EnvVar[];
    envFrom?: EnvFromSource[];
    volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    ports?: Array<{ containerPort?: number; hostPort?: number }>;
    securityContext?: ContainerSecurityContext;
}

export interface Volume {
    name: string;
    csi?: { driver: string; readOnly?: boolean; volumeAttributes?: Record<string, string> };
    /** kubelet's API token (`kube-api-access-*`) and the IRSA / Pod Identity tokens are projected volumes. */
    projected?: { sources?: Array<{ serviceAccountToken?: { audience?: string; path?: string } }> };
    [source: string]: unknown;
}

export interface PodSpec {
    containers: Container[];
    volumes?: Volume[];
    serviceAccountName?: string;
    nodeName?: string;
    automountServiceAccountToken?: boolean;
    securityContext?: PodSecurityContext;
    os?: { name?: string };
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    hostUsers?: boolean;
    initContainers?: Container[];
    /** Conditions the pod waits for besides its containers' readiness (the load balancer controller's `target-health.elbv2.k8s.aws/*`). */
    readinessGates?: Array<{ conditionType: string }>;
}

export interface Namespace extends KubeObject {
    status?: { phase?: string };
}

export interface Workload extends KubeObject {
    spec?: {
        replicas?: number;
        selector?: { matchLabels?: Record<string, string> };
        template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec };
    };
    status?: {
        observedGeneration?: number;
        replicas?: number;
        updatedReplicas?: number;
        availableReplicas?: number;
        readyReplicas?: number;
        desiredNumberScheduled?: number;
        numberReady?: number;
    };
}

/** A status condition (Pod, HorizontalPodAutoscaler, APIService). */
export interface Condition {
    type: string;
    status?: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
}

export interface Pod extends KubeObject {
    spec?: PodSpec;
    status?: { phase?: string; conditions?: Condition[] };
}

/** autoscaling/v2; the fields the scaling checks read. */
export interface HorizontalPodAutoscaler extends KubeObject {
    spec?: Record<string, unknown>;
    status?: { currentReplicas?: number; desiredReplicas?: number; conditions?: Condition[] };
}

/** apiregistration.k8s.io/v1: `v1beta1.metrics.k8s.io` is the resource metrics API. */
export interface APIService extends KubeObject {
    spec?: { service?: { name?: string; namespace?: string } };
    status?: { conditions?: Condition[] };
}

export interface Taint {
    key: string;
    value?: string;
    effect: string;
}

export interface Node extends KubeObject {
    spec?: { unschedulable?: boolean; taints?: Taint[] };
}

export interface Secret extends KubeObject {
    type?: string;
    data?: Record<string, string>;
    stringData?: Record<string, string>;
}

export interface ConfigMap extends KubeObject {
    data?: Record<string, string>;
}

export interface CSIDriver extends KubeObject {
    spec?: { tokenRequests?: Array<{ audience: string; expirationSeconds?: number }> };
}

export interface SecretProviderClass extends KubeObject {
    spec?: { provider?: string; parameters?: Record<string, unknown>; secretObjects?: unknown[] };
}

export interface SecretProviderClassPodStatus extends KubeObject {
    status?: { podName?: string; secretProviderClassName?: string; mounted?: boolean; objects?: Array<{ id?: string; version?: string }> };
}

export interface KubeEvent extends KubeObject {
    involvedObject?: { kind?: string; name?: string; namespace?: string };
    reason?: string;
    message?: string;
    type?: string;
    count?: number;
    lastTimestamp?: string;
    eventTime?: string;
}

/** Everything the checks look at, grouped by kind. */
/** A label selector as Kubernetes writes it (NetworkPolicy podSelector). */
export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A Service or an Ingress: what the endpoint checks read. */
export interface LoadBalanced extends KubeObject {
    spec?: { type?: string; loadBalancerClass?: string };
    status?: { loadBalancer?: { ingress?: Array<{ hostname?: string; ip?: string }> } };
}

/** An IngressClass: which controller serves the Ingresses of the class, and its parameters object. */
export interface IngressClass extends KubeObject {
    spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}

export interface NetworkPolicy extends KubeObject {
    spec?: { podSelector?: LabelSelector; policyTypes?: string[] };
}

export interface Observed {
    namespaces: Namespace[];
    services: LoadBalanced[];
    ingresses: LoadBalanced[];
    /** EKS Auto Mode's IngressClass of the internal ALB and its IngressClassParams, by name (cluster-scoped). */
    ingressClasses: IngressClass[];
    ingressClassParams: KubeObject[];
    networkPolicies: NetworkPolicy[];
    podDisruptionBudgets: KubeObject[];
    csiDrivers: CSIDriver[];
    daemonSets: Workload[];
    deployments: Workload[];
    replicaSets: Workload[];
    clusterRoles: KubeObject[];
    nodes: Node[];
    pods: Pod[];
    secrets: Secret[];
    configMaps: ConfigMap[];
    serviceAccounts: KubeObject[];
    secretProviderClasses: SecretProviderClass[];
    podStatuses: SecretProviderClassPodStatus[];
    events: KubeEvent[];
    horizontalPodAutoscalers: HorizontalPodAutoscaler[];
    apiServices: APIService[];
    /** When the objects were read (RFC 3339), for settling times; absent in a bundle that does not say. */
    readAt?: string;
    /** Kinds the source did not carry (a bundle written before verify read them): their checks are not applicable. */
    unread?: string[];
}

export type Status = "pass" | "fail" | "n/a";

export interface Finding {
    /** Stable id, e.g. `driver.csidriver` or `workloads.rollout/portkey-gateway`. */
    id: string;
    status: Status;
    expected: string;
    found: string;
    /** What to do; set on every failing finding. */
    fix?: string;
}
