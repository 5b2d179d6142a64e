// Test helpers: small builders of observed objects and a healthy install for an expected state.
// Shapes follow the charts: driver (kubernetes-sigs/secrets-store-csi-driver charts/.../templates), ASCP
// (aws/secrets-store-csi-driver-provider-aws charts/secrets-store-csi-driver-provider-aws/templates/daemonset.yaml),
// Portkey gateway
// (charts/portkey-gateway/templates/_helpers.tpl commonEnv), and `kubectl get -o json` Lists.
import { AppliedObject, ExpectedEnv, ExpectedState, expectedState, expectedStateForStack } from "./expected";
import { parseConfig } from "../config";
import { loadStackConfig } from "../offline/stackConfig";
import { AUTO_MODE_NODE_LABEL } from "./checks/scaling";
import { AWS_FACTS } from "./drift";
import { KubeObject } from "./types";
import { runVerify } from "../scripts/verify";
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT } from "../derive/workloadSecurity";
import { scalingObjects } from "./scalingTesting";

export const ROLE_ARN = "arn:aws:iam::123456789012:role/portkey-gateway";
/** The dataservice's own role (its account never carries the gateway's). */
export const DATASERVICE_ROLE_ARN = "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam";
export const NODES = ["ip-10-0-1-10.ec2.internal", "ip-10-0-2-20.ec2.internal"];
/** Zone of each node (label topology.kubernetes.io/zone), one per node. */
export const ZONES = ["us-east-1a", "us-east-1b"];
/** Stand-in secret value; must never appear in any output or dump. */
export const CANARY = "sk-CANARY-7f3a9c-do-not-print";

const cache = new Map<string, ExpectedState>();
/** Expected state of a shipped stack: dev (partial, irsa), staging (mount-only), prod (full, pod-identity, dataservice). */
export function stackState(stack: "dev" | "staging" | "prod", roleArn?: string): ExpectedState {
    const key = `${stack}/${roleArn ?? ""}`;
    if (!cache.has(key)) cache.set(key, expectedStateForStack(stack, { roleArn }));
    return structuredClone(cache.get(key)!);
}

/**
 * A shipped stack's expected state as if its cluster ran EKS Auto Mode (`cluster.compute: auto-mode`):
 * dev's cluster is then one the stack creates, staging's and prod's the platform team's. The stack's
 * other settings are kept as they are; the config rules for Auto Mode are not what these tests check.
 */
export function autoModeState(stack: "dev" | "staging" | "prod", roleArn?: string): ExpectedState {
    const key = `auto-mode/${stack}/${roleArn ?? ""}`;
    if (!cache.has(key)) {
        const sc = loadStackConfig(stack);
        const config = parseConfig(sc.config, new Set(sc.secretKeys), stack);
        cache.set(key, expectedState({ ...config, cluster: { ...config.cluster, compute: "auto-mode" } }, sc.region, { stack, roleArn }));
    }
    return structuredClone(cache.get(key)!);
}

export function obj(apiVersion: string, kind: string, name: string, namespace?: string, rest: Record<string, unknown> = {}): KubeObject {
    return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest } as KubeObject;
}

export function owner(kind: string, name: string) {
    return [{ kind, name, controller: true }];
}

function daemonSet(ns: string, name: string, labels: Record<string, string>, container: Record<string, unknown>, ready: number): KubeObject {
    return obj("apps/v1", "DaemonSet", name, ns, {
        metadata: { name, namespace: ns, labels },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
        status: { desiredNumberScheduled: ready, numberReady: ready },
    });
}

/** The nodes, one per zone; under Auto Mode with the label its nodes carry (docs/upstream-facts.md#auto-mode-node-label). */
function nodeObjects(e: ExpectedState): KubeObject[] {
    const auto = e.compute === "auto-mode" ? { [AUTO_MODE_NODE_LABEL.key]: AUTO_MODE_NODE_LABEL.value } : {};
    return NODES.map((n, i) =>
        obj("v1", "Node", n, undefined, { metadata: { name: n, labels: { "topology.kubernetes.io/zone": ZONES[i], ...auto } }, spec: {} }),
    );
}

function driverObjects(e: ExpectedState): KubeObject[] {
    const args = ["--endpoint=$(CSI_ENDPOINT)", "--nodeid=$(KUBE_NODE_NAME)", "--provider-volume=/var/run/secrets-store-csi-providers"];
    if (e.csiDriver.rotation) args.push("--enable-secret-rotation=true", `--rotation-poll-interval=${e.csiDriver.rotationPollInterval}`);
    const out = [
        obj("storage.k8s.io/v1", "CSIDriver", e.csiDriver.name, undefined, {
            spec: { podInfoOnMount: true, tokenRequests: e.csiDriver.audiences.map((audience) => ({ audience })) },
        }),
        daemonSet(
            "kube-system",
            "secrets-store-csi-driver",
            { app: "secrets-store-csi-driver" },
            { name: "secrets-store", image: "registry.k8s.io/csi-secrets-store/driver:v1.5.6", args },
            NODES.length,
        ),
        daemonSet(
            "kube-system",
            "secrets-store-csi-driver-provider-aws",
            { app: "secrets-store-csi-driver-provider-aws", "app.kubernetes.io/name": "secrets-store-csi-driver-provider-aws" },
            { name: "provider-aws-installer", image: "public.ecr.aws/aws-secrets-manager/secrets-store-csi-driver-provider-aws:3.1.1" },
            NODES.length,
        ),
        ...nodeObjects(e),
        ...NODES.map((n, i) =>
            obj("v1", "Pod", `secrets-store-csi-driver-provider-aws-${i}`, "kube-system", {
                metadata: {
                    name: `secrets-store-csi-driver-provider-aws-${i}`,
                    namespace: "kube-system",
                    labels: { app: "secrets-store-csi-driver-provider-aws", "app.kubernetes.io/name": "secrets-store-csi-driver-provider-aws" },
                    ownerReferences: owner("DaemonSet", "secrets-store-csi-driver-provider-aws"),
                },
                spec: { nodeName: n, containers: [{ name: "provider-aws-installer" }] },
                status: { phase: "Running" },
            }),
        ),
    ];
    if (e.csiDriver.syncSecret) out.push(obj("rbac.authorization.k8s.io/v1", "ClusterRole", "secretprovidersyncing-role"));
    if (e.podIdentityAgent)
        out.push(
            daemonSet(
                "kube-system",
                e.podIdentityAgent.daemonSet,
                { "app.kubernetes.io/name": "eks-pod-identity-agent" },
                { name: "eks-pod-identity-agent", image: "602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.29" },
                NODES.length,
            ),
        );
    if (e.reloader.needed) {
        const args = e.reloader.csiIntegration ? ["--enable-csi-integration=true"] : [];
        out.push(
            obj("apps/v1", "Deployment", "reloader-reloader", "kube-system", {
                spec: { template: { spec: { containers: [{ name: "reloader-reloader", image: "ghcr.io/stakater/reloader:v1.4.13", args }] } } },
                status: { availableReplicas: 1 },
            }),
        );
    }
    return out;
}

/** The env the Portkey chart renders for each expected var (explicit secretKeys mode, or the mount-only ConfigMap). */
export function renderedEnv(e: ExpectedState, configMap: string): Array<Record<string, unknown>> {
    return e.gatewayEnv.map((v: ExpectedEnv) => {
        if (e.mode === "mount-only") return { name: v.name, valueFrom: { configMapKeyRef: { name: configMap, key: v.name } } };
        if (v.from === "secret") return { name: v.name, valueFrom: { secretKeyRef: { name: v.secretName, key: v.key } } };
        return { name: v.name, value: v.from === "literal" ? v.value : v.path };
    });
}

/** Chart 1.7.7 pod labels: name and instance, plus a component label on the dataservice's (_helpers.tpl). */
function podLabels(e: ExpectedState, d: ExpectedState["deployments"][number]): Record<string, string> {
    const base = { ...e.endpoint.networkPolicy.podSelector.matchLabels };
    return d.role === "gateway" ? base : { ...base, "app.kubernetes.io/component": d.name };
}

/** Sample live values for the AWS facts of the expected objects: distinct subnet IDs and /24 blocks of 10.0.0.0/16. */
export function withAwsFacts<T>(value: T): T {
    let n = 0;
    const text = JSON.stringify(value)
        .split(AWS_FACTS.subnetId.token)
        .map((part, i) => (i === 0 ? part : `subnet-0a1b2c3d4e5f6071${i}${part}`))
        .join("")
        .split(AWS_FACTS.subnetCidr.token)
        .map((part, i) => (i === 0 ? part : `10.0.${200 + ++n}.0/24${part}`))
        .join("");
    return JSON.parse(text) as T;
}

/** What the API server adds to every object it stores (the drift checks must ignore it). */
export function serverMetadata(name: string): Record<string, unknown> {
    return {
        uid: `0b6f1e2a-${name.length}`,
        resourceVersion: "48213",
        generation: 1,
        creationTimestamp: "2026-01-05T10:00:00Z",
        managedFields: [{ manager: "pulumi-kubernetes", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1" }],
    };
}

/** An object the program applies, as the API server returns it: its metadata bookkeeping and `extra` fields added. */
export function stored(apiVersion: string, kind: string, applied: AppliedObject, extra: Record<string, unknown> = {}): KubeObject {
    const o = withAwsFacts(structuredClone(applied)) as AppliedObject & Record<string, unknown>;
    const { metadata: extraMeta, spec: extraSpec, ...rest } = extra as { metadata?: object; spec?: object };
    return {
        apiVersion,
        kind,
        ...o,
        metadata: { ...o.metadata, ...serverMetadata(o.metadata.name), ...(extraMeta ?? {}) },
        ...(o.spec || extraSpec ? { spec: { ...(o.spec ?? {}), ...(extraSpec ?? {}) } } : {}),
        ...rest,
    } as KubeObject;
}

/**
 * The load balancer controller's class when the stack installs the controller for an Ingress, as
 * aws/eks-charts stable/aws-load-balancer-controller 3.5.0 templates/ingressclass.yaml renders it with
 * the chart's empty ingressClassParams.spec: no parameters.
 */
function controllerClassObjects(e: ExpectedState): KubeObject[] {
    if (!e.applied.controllerClass) return [];
    return [
        obj("networking.k8s.io/v1", "IngressClass", "alb", undefined, {
            metadata: {
                name: "alb",
                ...serverMetadata("alb"),
                labels: { "app.kubernetes.io/name": "aws-load-balancer-controller", "app.kubernetes.io/managed-by": "Helm" },
                annotations: { "meta.helm.sh/release-name": "aws-load-balancer-controller", "meta.helm.sh/release-namespace": "kube-system" },
            },
            spec: { controller: "ingress.k8s.aws/alb" },
        }),
    ];
}

/** The fields the API server fills in a LoadBalancer Service it stores (ServiceSpec defaults and allocations). */
const SERVICE_DEFAULTS = {
    clusterIP: "172.20.14.9",
    clusterIPs: ["172.20.14.9"],
    ipFamilies: ["IPv4"],
    ipFamilyPolicy: "SingleStack",
    sessionAffinity: "None",
    internalTrafficPolicy: "Cluster",
    externalTrafficPolicy: "Cluster",
};

/** Labels the gateway chart 1.7.7 gives each object it renders (`helm template` of charts/portkey-gateway at Portkey-AI/helm 576a626). */
function chartLabels(e: ExpectedState, name: string, component?: string): Record<string, string> {
    return {
        "helm.sh/chart": "gateway-1.7.7",
        "app.kubernetes.io/version": "2.13.0",
        "app.kubernetes.io/managed-by": "Helm",
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": e.release.name,
        ...(component ? { "app.kubernetes.io/component": component } : {}),
    };
}

/** One of the chart's Services as the API server stores it: ClusterIP through the program's values, Helm's release annotations added at install. */
function chartService(e: ExpectedState, name: string, labels: Record<string, string>, port: Record<string, unknown>): KubeObject {
    const { "helm.sh/chart": _c, "app.kubernetes.io/version": _v, "app.kubernetes.io/managed-by": _m, ...selector } = labels;
    return obj("v1", "Service", name, e.namespace, {
        metadata: {
            name,
            namespace: e.namespace,
            ...serverMetadata(name),
            labels,
            annotations: { "meta.helm.sh/release-name": e.release.name, "meta.helm.sh/release-namespace": e.namespace },
        },
        spec: { type: "ClusterIP", ports: [{ protocol: "TCP", ...port }], selector, ...SERVICE_DEFAULTS, externalTrafficPolicy: undefined },
    });
}

/**
 * The chart's Services, as `helm template` renders chart 1.7.7 with the program's values for the
 * shipped stacks: `<fullname>` (port 8787 named gateway), `<fullname>-dataservice` (8081) when the
 * dataservice is on, and `redis` (6379) when the chart deploys its Redis; all ClusterIP.
 */
export function chartServices(e: ExpectedState): KubeObject[] {
    const fullname = e.endpoint.networkPolicy.name.replace(/-callers$/, "");
    const out = [chartService(e, fullname, chartLabels(e, "gateway"), { name: "gateway", port: 8787, targetPort: "gateway" })];
    const ds = e.deployments.find((d) => d.role === "dataservice");
    if (ds) out.push(chartService(e, ds.name, chartLabels(e, "gateway", ds.name), { name: "dataservice", port: 8081, targetPort: "dataservice" }));
    if (e.applied.networkPolicies.some((p) => p.metadata.name.endsWith("-redis")))
        out.push(chartService(e, "redis", chartLabels(e, "redis"), { name: "redis", port: 6379, targetPort: 6379 }));
    return out;
}

/** The chart's gateway Service (the one the hand change makes NodePort). */
export function chartGatewayService(e: ExpectedState): KubeObject {
    return chartServices(e)[0];
}

/** What a healthy endpoint adds: the policies, the load balancer's object with its address, the controller, the VPC CNI with policies on. */
function endpointObjects(e: ExpectedState): KubeObject[] {
    const lb = e.applied.loadBalancer;
    const address = { loadBalancer: { ingress: [{ hostname: "internal-k8s-portkey-0123456789.eu-west-1.elb.amazonaws.com" }] } };
    const lbObject = lb
        ? lb.kind === "Ingress"
            ? stored("networking.k8s.io/v1", "Ingress", lb.object, { metadata: { finalizers: ["ingress.k8s.aws/resources"] }, status: address })
            : stored("v1", "Service", lb.object, { metadata: { finalizers: ["service.k8s.aws/resources"] }, spec: SERVICE_DEFAULTS, status: address })
        : undefined;
    const auto = e.applied.autoModeClass;
    return [
        ...e.applied.networkPolicies.map((p) => stored("networking.k8s.io/v1", "NetworkPolicy", p)),
        ...(lbObject ? [lbObject] : []),
        // Under EKS Auto Mode, the internal ALB's class and its parameters (cluster-scoped).
        ...(auto
            ? [
                  // The API server stores a parameters reference without a scope as Cluster-scoped (docs/upstream-facts.md#k8s-list-keys).
                  stored("networking.k8s.io/v1", "IngressClass", auto.ingressClass, {
                      spec: { parameters: { ...(auto.ingressClass.spec as { parameters: object }).parameters, scope: "Cluster" } },
                  }),
                  stored("eks.amazonaws.com/v1", "IngressClassParams", auto.ingressClassParams),
              ]
            : []),
        ...controllerClassObjects(e),
        ...chartServices(e),
        ...e.applied.disruptionBudgets.map((b) =>
            stored("policy/v1", "PodDisruptionBudget", b, { status: { currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2 } }),
        ),
        ...(e.endpoint.controller
            ? [
                  obj("apps/v1", "Deployment", "aws-load-balancer-controller", "kube-system", {
                      metadata: {
                          name: "aws-load-balancer-controller",
                          namespace: "kube-system",
                          labels: { "app.kubernetes.io/name": e.endpoint.controller.label },
                      },
                      // As eks-charts stable/aws-load-balancer-controller 3.5.0 renders it (image tag v3.5.0).
                      spec: {
                          template: {
                              spec: {
                                  containers: [
                                      {
                                          name: "aws-load-balancer-controller",
                                          image: "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0",
                                          args: ["--cluster-name=portkey", "--ingress-class=alb"],
                                      },
                                  ],
                              },
                          },
                      },
                      status: { replicas: 2, readyReplicas: 2 },
                  }),
              ]
            : []),
        enforcer(e),
    ];
}

/**
 * What enforces the NetworkPolicies: the VPC CNI's policy agent, or under Auto Mode the ConfigMap
 * that turns its controller on (EKS user guide auto-net-pol, as the VPC CNI chart renders it with other keys).
 */
function enforcer(e: ExpectedState): KubeObject {
    const s = e.networkPolicySwitch;
    if (!s)
        return daemonSet("kube-system", "aws-node", { "k8s-app": "aws-node" }, { name: "aws-network-policy-agent", args: ["--enable-network-policy=true"] }, 3);
    return obj("v1", "ConfigMap", s.name, s.namespace, {
        metadata: { name: s.name, namespace: s.namespace, ...serverMetadata(s.name) },
        data: { [s.key]: s.value },
    });
}

/** A Deployment with the program's patches applied as server-side apply merges them (containers by name). */
export function patched(deployment: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...deployment };
    for (const [k, v] of Object.entries(patch)) {
        const prev = out[k];
        if (Array.isArray(prev) && Array.isArray(v) && k === "containers")
            out[k] = prev.map((c: { name: string }) => {
                const p = (v as Array<{ name: string }>).find((x) => x.name === c.name);
                return p ? patched(c, p) : c;
            });
        else if (typeof prev === "object" && prev !== null && !Array.isArray(prev) && typeof v === "object" && v !== null && !Array.isArray(v))
            out[k] = patched(prev as Record<string, unknown>, v as Record<string, unknown>);
        else out[k] = v;
    }
    return out;
}

/** Pod names of a Deployment's ReplicaSet: the first is the one failureEvent names. */
function podNames(rs: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => (i === 0 ? `${rs}-x7k2p` : `${rs}-p${i}q`));
}

/** The Deployment as the chart renders it, with what a controller or a person adds beside the program: the revision, a rollout restart's stamp. */
function liveDeployment(ns: string, d: ExpectedState["deployments"][number], count: number, podSpec: Record<string, unknown>): Record<string, unknown> {
    return {
        metadata: { name: d.name, namespace: ns, generation: 2, annotations: { ...d.reloadAnnotations, "deployment.kubernetes.io/revision": "2" } },
        spec: {
            replicas: count,
            template: {
                metadata: { labels: { "app.kubernetes.io/name": "gateway" }, annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-05T10:00:00Z" } },
                spec: podSpec,
            },
        },
    };
}

/** With logStore, what the chart renders on both pods (a created bucket's name as derive/dataPlane.ts makes it). */
function logStoreEnv(e: ExpectedState): Array<{ name: string; value: string }> {
    if (!e.logStore) return [];
    const bucket = e.logStore.bucket ?? "portkey-logs-123456789012-0a1b2c3d";
    return [
        { name: "LOG_STORE", value: "s3_assume" },
        { name: "LOG_STORE_REGION", value: e.logStore.region },
        { name: "LOG_STORE_GENERATIONS_BUCKET", value: bucket },
    ];
}

function deploymentObjects(e: ExpectedState, d: ExpectedState["deployments"][number]): KubeObject[] {
    const ns = e.namespace;
    const rs = `${d.name}-5d8f7c9b4`;
    const count = d.replicas ?? Math.max(d.minReady + 1, 2);
    const gatewayName = e.deployments[0].name;
    const container = {
        name: d.role === "gateway" ? "gateway" : "dataservice",
        image: "portkeyai/gateway:1.9.0",
        env: [...(d.role === "gateway" ? renderedEnv(e, gatewayName) : [{ name: "NODE_ENV", value: "production" }]), ...logStoreEnv(e)],
        volumeMounts: [{ name: e.mount.volumeName, mountPath: e.mount.mountPath, readOnly: true }],
        resources: { requests: { ...d.requests } },
        securityContext: structuredClone(CONTAINER_SECURITY_CONTEXT),
        // As chart 1.7.7 names them (Portkey-AI/helm charts/portkey-gateway/templates/gateway/deployment.yaml, dataservice/deployment.yaml).
        ports: [
            d.role === "gateway" ? { name: "gateway", containerPort: 8787, protocol: "TCP" } : { name: "dataservice", containerPort: 8081, protocol: "TCP" },
        ],
    };
    // What the IRSA / Pod Identity webhook adds (aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go): its own token.
    const audience = e.identity === "irsa" ? "sts.amazonaws.com" : "pods.eks.amazonaws.com";
    const podSpec = {
        serviceAccountName: d.serviceAccount,
        automountServiceAccountToken: d.role === "dataservice" ? false : undefined,
        securityContext: structuredClone(POD_SECURITY_CONTEXT),
        containers: [container],
        volumes: [
            {
                name: e.mount.volumeName,
                csi: { driver: e.mount.driver, readOnly: true, volumeAttributes: { secretProviderClass: e.secretProviderClass.name } },
            },
            { name: "aws-token", projected: { sources: [{ serviceAccountToken: { audience, expirationSeconds: 86400, path: "token" } }] } },
        ],
    };
    // The chart renders the fields the program sets through values; the patches then apply theirs.
    const patches = [...e.applied.chart, ...e.applied.deploymentPatches.map((p) => p.object)]
        .filter((p) => p.metadata.name === d.name)
        .map((p) => p as unknown as Record<string, unknown>);
    const deployment = patches.reduce(patched, liveDeployment(ns, d, count, podSpec));
    return [
        obj("apps/v1", "Deployment", d.name, ns, {
            ...deployment,
            status: { observedGeneration: 2, replicas: count, updatedReplicas: count, availableReplicas: count, readyReplicas: count },
        }),
        obj("apps/v1", "ReplicaSet", rs, ns, { metadata: { name: rs, namespace: ns, ownerReferences: owner("Deployment", d.name) } }),
        ...podNames(rs, count).flatMap((pod, i) => [
            obj("v1", "Pod", pod, ns, {
                metadata: { name: pod, namespace: ns, ownerReferences: owner("ReplicaSet", rs), labels: podLabels(e, d) },
                spec: { ...podSpec, nodeName: NODES[i % NODES.length] },
                status: { phase: "Running" },
            }),
            obj("secrets-store.csi.x-k8s.io/v1", "SecretProviderClassPodStatus", `${pod}-${ns}-${e.secretProviderClass.name}`, ns, {
                status: {
                    podName: pod,
                    secretProviderClassName: e.secretProviderClass.name,
                    mounted: true,
                    targetPath: `/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/${e.mount.volumeName}/mount`,
                    objects: e.mount.objectIds.map((id) => ({ id, version: "a1b2c3" })),
                },
            }),
        ]),
    ];
}

function namespaceObjects(e: ExpectedState, secretValue: string): KubeObject[] {
    const ns = e.namespace;
    const gatewayAccount = e.deployments.find((d) => d.role === "gateway")?.serviceAccount;
    const gw = e.deployments[0].name;
    const out: KubeObject[] = [
        obj("v1", "Namespace", ns, undefined, {
            metadata: {
                name: ns,
                ...serverMetadata(ns),
                labels: {
                    "kubernetes.io/metadata.name": ns,
                    ...e.podSecurity.labels,
                    ...e.endpoint.namespaceLabels,
                    ...(e.applied.namespace?.metadata.labels ?? {}),
                },
            },
        }),
        obj("secrets-store.csi.x-k8s.io/v1", "SecretProviderClass", e.secretProviderClass.name, ns, {
            spec: {
                provider: e.secretProviderClass.provider,
                parameters: { ...e.secretProviderClass.parameters },
                ...(e.secretProviderClass.secretObjects ? { secretObjects: structuredClone(e.secretProviderClass.secretObjects) } : {}),
            },
        }),
        ...e.serviceAccounts.map((sa) =>
            obj("v1", "ServiceAccount", sa.name, ns, {
                // The gateway's as chart 1.7.7 renders `serviceAccount.automount: false` (Portkey-AI/helm charts/portkey-gateway/templates/gateway/service-account.yaml);
                // the dataservice's template has no such field.
                ...(sa.name === gatewayAccount ? { automountServiceAccountToken: false } : {}),
                metadata: {
                    name: sa.name,
                    namespace: ns,
                    ...(sa.annotation === "present"
                        ? { annotations: { [sa.roleArnAnnotation]: sa.roleArn ?? (sa.name === gatewayAccount ? ROLE_ARN : DATASERVICE_ROLE_ARN) } }
                        : {}),
                },
            }),
        ),
    ];
    if (e.mode === "mount-only") {
        const data = Object.fromEntries(e.gatewayEnv.map((v) => [v.name, v.from === "file" ? v.path : v.from === "literal" ? v.value : ""]));
        out.push(obj("v1", "ConfigMap", gw, ns, { data }));
    }
    if (e.syncedSecret) {
        const data = Object.fromEntries(e.syncedSecret.keys.map((k) => [k, Buffer.from(secretValue).toString("base64")]));
        out.push(
            obj("v1", "Secret", e.syncedSecret.name, ns, {
                metadata: {
                    name: e.syncedSecret.name,
                    namespace: ns,
                    labels: { "secrets-store.csi.k8s.io/managed": "true" },
                    ownerReferences: owner("ReplicaSet", `${gw}-5d8f7c9b4`),
                },
                type: "Opaque",
                data,
            }),
        );
    }
    return out;
}

/** Every object of a healthy install of the expected state; Secret data holds `secretValue` (base64). */
export function healthyObjects(e: ExpectedState, secretValue = CANARY): KubeObject[] {
    return [
        ...driverObjects(e),
        ...e.deployments.flatMap((d) => deploymentObjects(e, d)),
        ...namespaceObjects(e, secretValue),
        ...endpointObjects(e),
        ...scalingObjects(e),
    ];
}

/** Applies `change` to the object of that kind and name (a deep copy is changed). */
export function edit<T extends KubeObject>(objects: KubeObject[], kind: string, name: string, change: (o: T) => void): KubeObject[] {
    let hit = false;
    const out = objects.map((o) => {
        if (o.kind !== kind || o.metadata.name !== name) return o;
        hit = true;
        const copy = structuredClone(o) as T;
        change(copy);
        return copy;
    });
    if (!hit) throw new Error(`no ${kind} ${name} in the fixture`);
    return out;
}

export function without(objects: KubeObject[], kind: string, name?: string): KubeObject[] {
    return objects.filter((o) => !(o.kind === kind && (name === undefined || o.metadata.name === name)));
}

export function failureEvent(e: ExpectedState, reason: string, message: string, pod?: string): KubeObject {
    const name = pod ?? `${e.deployments[0].name}-5d8f7c9b4-x7k2p`;
    return obj("v1", "Event", `${name}.17f1${reason.length}${message.length}`, e.namespace, {
        involvedObject: { kind: "Pod", name, namespace: e.namespace },
        reason,
        message,
        type: "Warning",
        count: 3,
    });
}

/** What one `npm run verify` run returned and printed. */
export interface VerifyRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** The command in this process (as `npm run verify` runs it, minus the process start-up), with `env` set for the run. */
export async function verifyInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<VerifyRun> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    let stdout = "";
    let stderr = "";
    try {
        const code = await runVerify(args, { out: (t) => (stdout += t), err: (l) => (stderr += `${l}\n`) });
        return { code, stdout, stderr };
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}
