// The one adapter between the program's own derivation (config + derive/) and the checker.
// Every other verify module sees only ExpectedState. The config reaches the derive functions
// through the program's own route (stackSpec: the same args and the same gatewaySpec that
// PortkeyGateway uses), so the checker cannot drift from what `pulumi up` creates.
import { parseConfig, StackConfig } from "../config";
import { addonChartValues, reloadAnnotations } from "../derive/addonValues";
import type { GatewaySpec, Identity, ReloaderSource, SecretsMode } from "../derive/inputs";
import { MODES, secretFilePath } from "../derive/modes";
import { deploysChartRedis, endpointNamespaceLabels, endpointUrl, gatewayPodSelector, healthCheckPath } from "../derive/endpoint";
import { albIngress, endpointObjectNames, gatewayNetworkPolicy, nlbService, redisNetworkPolicy } from "../derive/endpointObjects";
import { dataservicePodSelector, disruptionBudgets } from "../derive/availability";
import { gatewayChartValues } from "../derive/gatewayValues";
import { CHARTS } from "../derive/charts";
import { podTemplatePatches } from "../derive/workloadSecurity";
import { AWS_FACTS } from "./drift";
import { chartHpa, ExpectedScaling, expectedScaling } from "./scaling";
import { LOAD_BALANCER_CONTROLLER } from "../derive/loadBalancerController";
import { ADDONS_NAMESPACE, CSI_DRIVER_NAME, POD_IDENTITY_AGENT_ADDON, ROLE_ARN_ANNOTATION, SECRETS_VOLUME, WHOLE_SECRET_FILE } from "../derive/constants";
import { gatewayNames } from "../derive/names";
import { expectedLogStore } from "../derive/dataPlane";
import { namespaceLabels, podSecurityLabels, podSecurityLevel, PodSecurityLevel } from "../derive/namespace";
import { secretProviderClassSpec } from "../derive/secretProviderClass";
import { loadStackConfig } from "../offline/stackConfig";
import { AUTO_MODE_LB, autoModeAlbClass, autoModeIngressClass, usesAutoModeLoadBalancer } from "../derive/autoModeEndpoint";
import { ComputeType, usesAutoMode } from "../derive/compute";
import { NETWORK_POLICY_SWITCH } from "../derive/autoModeNetworking";
import { createsNetwork, stackSpec } from "../program/gatewayArgs";

export type ExpectedEnv =
    /** partial/full: a secretKeyRef into the synced Secret. */
    | { name: string; from: "secret"; secretName: string; key: string }
    /** A literal from the stack's `env` (mount-only: through the chart's ConfigMap). Value never printed. */
    | { name: string; from: "literal"; value: string }
    /** mount-only: the file path of the key in the mount. Safe to print. */
    | { name: string; from: "file"; path: string };

export interface ExpectedDeployment {
    name: string;
    role: "gateway" | "dataservice";
    serviceAccount: string;
    /** Reloader annotations the Deployment must carry (empty when rotation does not reach pods). */
    reloadAnnotations: Record<string, string>;
    /** Fixed replica count; undefined when the HPA owns it. */
    replicas?: number;
    /** Ready pods it must keep: its disruption budget, at least 1. */
    minReady: number;
    /** Zones its pods must cover (2 once it runs more than one pod). */
    minZones: number;
    /** Requests its main container must carry. */
    requests: { cpu: string; memory: string };
}

export interface ExpectedState {
    stack: string;
    mode: SecretsMode;
    identity: Identity;
    namespace: string;
    /** Whether this stack installs the add-ons (else the platform team does); shapes the fixes. */
    addonsInstalledByStack: boolean;
    addonsNamespace: string;
    csiDriver: {
        name: string;
        audiences: string[];
        syncSecret: boolean;
        rotation: boolean;
        /** Go duration as the chart passes it, e.g. "3600s"; set when rotation is on. */
        rotationPollInterval?: string;
    };
    secretProviderClass: {
        name: string;
        provider: string;
        /** Strings as applied; `objects` is compared parsed. */
        parameters: Record<string, string>;
        secretObjects?: Array<{ secretName: string; type: string; data: Array<{ objectName: string; key: string }> }>;
    };
    mount: {
        volumeName: string;
        driver: string;
        mountPath: string;
        /** Object ids ASCP reports for a good mount: the whole-secret file and one per key. */
        objectIds: string[];
    };
    deployments: ExpectedDeployment[];
    /** The command that points kubectl at the stack's cluster: the fix when verify cannot reach it. */
    kubeconfigCommand: string;
    gatewayEnv: ExpectedEnv[];
    awsKeys: string[];
    syncedSecret?: { name: string; keys: string[] };
    serviceAccounts: Array<{ name: string; roleArnAnnotation: string; annotation: "present" | "absent"; roleArn?: string }>;
    /** With `logStore`: the settings both pods' env must carry (docs/data-plane.md); the bucket only when known before deploy. */
    logStore?: { region: string; bucket?: string };
    /** The agent add-on's DaemonSet, with Pod Identity on a node-group cluster (Auto Mode's nodes run the agent themselves). */
    podIdentityAgent?: { daemonSet: string };
    /** What runs the cluster's nodes (`cluster.compute`): the NetworkPolicy, capacity and agent checks follow it. */
    compute: ComputeType;
    /**
     * Under EKS Auto Mode: the ConfigMap key that turns its NetworkPolicy controller on, set by the stack
     * on a cluster it creates, else by the platform team (docs/upstream-facts.md#eks-auto-network-policy).
     */
    networkPolicySwitch?: { namespace: string; name: string; key: string; value: string; setBy: "stack" | "platform" };
    /** The Pod Security profile of the namespace, and the labels that enforce it. */
    podSecurity: { level: PodSecurityLevel; labels: Record<string, string>; namespaceCreatedByStack: boolean };
    /** How callers reach the gateway (docs/endpoint.md). */
    endpoint: ExpectedEndpoint;
    /** The objects the program applies, derived as the program derives them (the drift checks compare the live ones). */
    applied: AppliedObjects;
    /** The gateway's Helm release: the fix for an object the chart renders. */
    release: { name: string; chart: string; repo: string; version: string };
    reloader: {
        source: ReloaderSource;
        /** Rotation reaches the pods through Reloader. */
        needed: boolean;
        csiIntegration: boolean;
        annotationKey?: string;
    };
    /** The HPA, the metrics API and what adds nodes (verify/scaling.ts). */
    scaling: ExpectedScaling;
}

/** An object as the program applies it: only the fields it sets. */
export interface AppliedObject {
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
    /** A ServiceAccount's top-level field. */
    automountServiceAccountToken?: boolean;
}

export interface AppliedObjects {
    /** The `-callers` policy, and the chart Redis's when the chart deploys it. */
    networkPolicies: AppliedObject[];
    /** The internal ALB's Ingress or the internal NLB's Service. */
    loadBalancer?: { kind: "Ingress" | "Service"; object: AppliedObject };
    /** Under EKS Auto Mode, the internal ALB's IngressClass and IngressClassParams (cluster-scoped). */
    autoModeClass?: { ingressClass: AppliedObject; ingressClassParams: AppliedObject };
    /** The internal ALB's IngressClass as the load balancer controller's chart renders it, when the stack installs the controller. */
    controllerClass?: AppliedObject;
    /** The namespace's labels, when the stack creates the namespace. */
    namespace?: AppliedObject;
    disruptionBudgets: AppliedObject[];
    secretProviderClass: AppliedObject;
    /** The DeploymentPatches: the Reloader annotations and the pod template fields the chart has no value for. */
    deploymentPatches: Array<{ resource: string; object: AppliedObject }>;
    /** Fields of the chart's Deployments the program sets through its values (replicas, strategy, security contexts, spread, resources, readiness period). */
    chart: AppliedObject[];
    /** The chart's ServiceAccounts' fields the program sets through its values: the gateway's token automount. */
    chartServiceAccounts: AppliedObject[];
    /** The chart's Services: their selector and no load balancer annotation (their type is the exposure check's). */
    chartServices: AppliedObject[];
    /** The chart's HPA as the program's values render it, with autoscaling on. */
    hpa?: AppliedObject[];
}

export interface ExpectedEndpoint {
    type: "cluster" | "internal-alb" | "internal-nlb";
    url: string;
    healthPath: string;
    /** The NetworkPolicy admitting the gateway's callers, and the pods it must select. */
    networkPolicy: { name: string; podSelector: { matchLabels: Record<string, string>; matchExpressions: Array<{ key: string; operator: string }> } };
    /** Labels the gateway's namespace needs (readiness gates with a load balancer). */
    namespaceLabels: Record<string, string>;
    /**
     * The CIDRs of the load balancer's subnets, the ipBlocks of the `-callers` policy: known when given
     * (`--lb-cidrs`) or when the stack has no load-balancer subnets (none); otherwise only their count.
     */
    loadBalancerCidrs: { known: true; cidrs: string[] } | { known: false; count: number };
    /** The object the controller turns into a load balancer (none for cluster). */
    loadBalancer?: { kind: "Ingress" | "Service"; name: string };
    /** The controller's Deployment label and where the program installs it (none for cluster, nor under EKS Auto Mode). */
    controller?: { label: string; source: "install" | "existing" };
    /**
     * Under EKS Auto Mode, what hands the load balancer to its built-in load balancing
     * (docs/endpoint.md, "EKS Auto Mode"): the NLB Service's class, or the ALB's IngressClass with its
     * controller and the IngressClassParams it names.
     */
    autoMode?: { serviceClass: string } | { ingressClass: string; controller: string; params: { apiGroup: string; kind: string; name: string } };
}

export interface ExpectedOptions {
    stack?: string;
    /** `--role-arn`: the gateway's IRSA annotation must equal it. */
    roleArn?: string;
    /** The stack output `dataserviceRoleArn`: the dataservice's IRSA annotation must equal it (it has a role of its own). */
    dataserviceRoleArn?: string;
    /** `--lb-cidrs`: the CIDRs of the load balancer's subnets (the stack output `loadBalancerSubnetCidrs`), the policy's exact ipBlocks. */
    loadBalancerCidrs?: string[];
}

export function expectedState(config: StackConfig, region: string, opts: ExpectedOptions = {}): ExpectedState {
    const cfg = stackSpec(config);
    const names = gatewayNames(cfg);
    const addons = addonChartValues(cfg).csiDriver as {
        syncSecret: { enabled: boolean };
        enableSecretRotation: boolean;
        rotationPollInterval?: string;
        tokenRequests: Array<{ audience: string }>;
    };
    const spc = secretProviderClassSpec(cfg, names, region);
    const reload = reloadAnnotations(cfg, names) ?? {};
    const deployments = expectedDeployments(cfg, names, reload);
    const subnets = loadBalancerSubnets(config, cfg, opts.loadBalancerCidrs);
    return {
        stack: opts.stack ?? "",
        mode: cfg.secretsMode,
        identity: cfg.identity,
        namespace: cfg.namespace,
        addonsInstalledByStack: config.addons.install,
        addonsNamespace: ADDONS_NAMESPACE,
        csiDriver: {
            name: CSI_DRIVER_NAME,
            audiences: addons.tokenRequests.map((t) => t.audience),
            syncSecret: addons.syncSecret.enabled,
            rotation: addons.enableSecretRotation,
            rotationPollInterval: addons.rotationPollInterval,
        },
        secretProviderClass: { name: names.secretProviderClass, provider: spc.provider, parameters: spc.parameters, secretObjects: spc.secretObjects },
        mount: { volumeName: SECRETS_VOLUME, driver: CSI_DRIVER_NAME, mountPath: cfg.gateway.mountPath, objectIds: [WHOLE_SECRET_FILE, ...cfg.awsKeys] },
        deployments,
        kubeconfigCommand: kubeconfigCommand(config, region),
        gatewayEnv: expectedEnv(cfg, names.syncedSecret),
        awsKeys: [...cfg.awsKeys],
        syncedSecret: names.syncedSecret ? { name: names.syncedSecret, keys: [...cfg.awsKeys] } : undefined,
        serviceAccounts: names.serviceAccounts.map((name) => ({
            name,
            roleArnAnnotation: ROLE_ARN_ANNOTATION,
            annotation: cfg.identity === "irsa" ? "present" : "absent",
            roleArn: cfg.identity !== "irsa" ? undefined : name === names.gatewayServiceAccount ? opts.roleArn : opts.dataserviceRoleArn,
        })),
        podIdentityAgent: cfg.identity === "pod-identity" && !usesAutoMode(cfg) ? { daemonSet: POD_IDENTITY_AGENT_ADDON } : undefined,
        compute: cfg.cluster.compute,
        networkPolicySwitch: usesAutoMode(cfg) ? { ...NETWORK_POLICY_SWITCH, setBy: config.cluster.create ? "stack" : "platform" } : undefined,
        logStore: expectedLogStore(cfg.dataPlane, region),
        podSecurity: podSecurityOf(cfg, config.createNamespace),
        endpoint: {
            ...expectedEndpoint(cfg, names, config.addons.loadBalancerController),
            loadBalancerCidrs: subnets.cidrsKnown ? { known: true, cidrs: [...subnets.cidrs] } : { known: false, count: subnets.cidrs.length },
        },
        applied: appliedObjects(config, cfg, names, spc, reload, subnets),
        release: { name: names.release, ...CHARTS.gateway, version: cfg.gateway.chartVersion },
        reloader: {
            source: cfg.rotation.reloader,
            needed: Object.keys(reload).length > 0,
            csiIntegration: MODES[cfg.secretsMode].reloaderCsiIntegration,
            annotationKey: Object.keys(reload[names.gatewayDeployment] ?? {})[0],
        },
        scaling: expectedScaling(config, cfg, names),
    };
}

/** The namespace's profile at the cluster's version (derive/namespace.ts, as the program labels it). */
function podSecurityOf(cfg: GatewaySpec, createsNamespace: boolean): ExpectedState["podSecurity"] {
    const level = podSecurityLevel(cfg);
    return { level, labels: podSecurityLabels(level, cfg.cluster.kubernetesVersion), namespaceCreatedByStack: createsNamespace };
}

function expectedEndpoint(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>, controllerSource: string): Omit<ExpectedEndpoint, "loadBalancerCidrs"> {
    const objects = endpointObjectNames(names);
    const type = cfg.endpoint.type;
    return {
        type,
        url: endpointUrl(cfg, names),
        healthPath: healthCheckPath(cfg),
        networkPolicy: { name: objects.gatewayPolicy, podSelector: gatewayPodSelector(names) },
        namespaceLabels: endpointNamespaceLabels(cfg),
        loadBalancer:
            type === "cluster"
                ? undefined
                : type === "internal-alb"
                  ? { kind: "Ingress", name: objects.ingress }
                  : { kind: "Service", name: objects.nlbService },
        controller:
            type === "cluster" || usesAutoMode(cfg)
                ? undefined
                : { label: LOAD_BALANCER_CONTROLLER.release, source: controllerSource === "install" ? "install" : "existing" },
        autoMode: expectedAutoMode(cfg, names),
    };
}

/** The Auto Mode ALB's cluster-scoped objects as the program applies them: their metadata and spec. */
function appliedAutoModeClass(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>, subnetIds: string[]): AppliedObjects["autoModeClass"] {
    const c = autoModeAlbClass(cfg, names, subnetIds);
    const applied = (o: { metadata: { name: string }; spec: object }): AppliedObject => ({ metadata: o.metadata, spec: { ...o.spec } });
    return c && { ingressClass: applied(c.ingressClass), ingressClassParams: applied(c.ingressClassParams) };
}

/** What hands the load balancer to EKS Auto Mode (derive/autoModeEndpoint.ts); undefined otherwise. */
function expectedAutoMode(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>): ExpectedEndpoint["autoMode"] {
    if (!usesAutoModeLoadBalancer(cfg)) return undefined;
    if (cfg.endpoint.type === "internal-nlb") return { serviceClass: AUTO_MODE_LB.nlbClass };
    const c = autoModeIngressClass(cfg, names);
    return { ingressClass: c.metadata.name, controller: c.spec.controller, params: c.spec.parameters };
}

/**
 * The load balancer's subnets as the program passes them (components/portkeyGateway.ts): the stack's
 * `endpoint.loadBalancerSubnetIds`, else a created VPC's load-balancer subnets (one per zone), else
 * none. Their IDs in a created VPC are AWS facts, and so is every subnet's CIDR unless given
 * (`given`, from the stack output `loadBalancerSubnetCidrs`): tokens stand for them.
 */
function loadBalancerSubnets(config: StackConfig, cfg: GatewaySpec, given?: string[]): { ids: string[]; cidrs: string[]; cidrsKnown: boolean } {
    const ids =
        cfg.endpoint.type === "cluster" && cfg.endpoint.loadBalancerSubnetIds === undefined
            ? []
            : (cfg.endpoint.loadBalancerSubnetIds ??
              (createsNetwork(config) ? Array.from({ length: config.cluster.availabilityZoneCount }, () => AWS_FACTS.subnetId.token) : []));
    if (given !== undefined) return { ids, cidrs: [...new Set(given)], cidrsKnown: true };
    return { ids, cidrs: ids.map(() => AWS_FACTS.subnetCidr.token), cidrsKnown: ids.length === 0 };
}

function appliedObjects(
    config: StackConfig,
    cfg: GatewaySpec,
    names: ReturnType<typeof gatewayNames>,
    spc: ReturnType<typeof secretProviderClassSpec>,
    reload: Record<string, Record<string, string>>,
    subnets: { ids: string[]; cidrs: string[] },
): AppliedObjects {
    const ns = cfg.namespace;
    const redis = redisNetworkPolicy(cfg, names);
    const type = cfg.endpoint.type;
    const lb = type === "cluster" ? undefined : type === "internal-alb" ? albIngress(cfg, names, subnets.ids) : nlbService(cfg, names, subnets.ids);
    // The gateway chart's values, as the release gets them: what the chart's objects render from.
    const values = programChartValues(cfg, names);
    return {
        networkPolicies: [gatewayNetworkPolicy(cfg, names, subnets.cidrs), ...(redis ? [redis] : [])] as AppliedObject[],
        loadBalancer: lb ? { kind: type === "internal-alb" ? "Ingress" : "Service", object: lb as AppliedObject } : undefined,
        autoModeClass: appliedAutoModeClass(cfg, names, subnets.ids),
        controllerClass:
            type === "internal-alb" && !usesAutoMode(cfg) && config.addons.loadBalancerController === "install"
                ? { metadata: { name: LOAD_BALANCER_CONTROLLER.ingressClass }, spec: { controller: LOAD_BALANCER_CONTROLLER.ingressClassController } }
                : undefined,
        namespace: config.createNamespace ? { metadata: { name: ns, labels: { ...namespaceLabels(cfg), ...endpointNamespaceLabels(cfg) } } } : undefined,
        disruptionBudgets: disruptionBudgets(cfg, names).map((b) => ({
            metadata: { name: b.name, namespace: ns },
            spec: { minAvailable: b.minAvailable, selector: b.selector },
        })),
        secretProviderClass: { metadata: { name: names.secretProviderClass, namespace: ns }, spec: { ...spc } },
        deploymentPatches: [
            ...Object.entries(reload).map(([deployment, annotations]) => ({
                resource: `reload-${deployment}`,
                object: { metadata: { name: deployment, namespace: ns, annotations } },
            })),
            ...podTemplatePatches(names).map((p) => ({
                resource: `pod-${p.deployment}`,
                object: { metadata: { name: p.deployment, namespace: ns }, spec: { template: { spec: p.podSpec } } },
            })),
        ],
        chart: chartDeployments(cfg, names, values),
        chartServiceAccounts: chartServiceAccounts(cfg, names, values),
        chartServices: chartServices(cfg, names),
        hpa: chartHpa(cfg, names),
    };
}

/** The container the chart names after itself (`.Chart.Name`), and the dataservice's (Portkey-AI/helm charts/portkey-gateway/values.yaml `dataservice.name`), chart 1.7.7. */
export const CHART_CONTAINERS = { gateway: "gateway", dataservice: "dataservice" } as const;

/** The program's values for the gateway chart, as its release passes them (role ARNs aside: they only annotate the ServiceAccounts). */
type GatewayChartValues = {
    replicaCount?: number;
    serviceAccount: { automount: boolean };
    autoscaling: { enabled: boolean };
    strategy: Record<string, unknown>;
    resources: Record<string, unknown>;
    readinessProbe: Record<string, unknown>;
    topologySpreadConstraints: unknown[];
    podSecurityContext: object;
    securityContext: object;
    podLabels?: Record<string, string>;
    terminationGracePeriodSeconds?: number;
    extraContainerConfig?: Record<string, unknown>;
    sidecars?: Array<{ name?: string }>;
    imagePullSecrets?: Array<string | { name?: string }>;
    images?: { gatewayImage?: { repository?: string; tag?: string } };
    volumes: Array<{ name: string }>;
    volumeMounts: unknown[];
    dataservice: {
        enabled: boolean;
        deployment?: {
            replicas: number;
            resources: Record<string, unknown>;
            topologySpreadConstraints: unknown[];
            podSecurityContext: object;
            securityContext: object;
            volumes: Array<{ name: string }>;
            volumeMounts: unknown[];
            sidecars?: Array<{ name?: string }>;
        };
    };
};

function programChartValues(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>): GatewayChartValues {
    return gatewayChartValues(cfg, names, "", "") as unknown as GatewayChartValues;
}

/** The pull secrets' names as the chart's helper lists them: imagePullSecrets (names or {name}) once each (Portkey-AI/helm charts/portkey-gateway/templates/_helpers.tpl `portkeyenterprise.imagePullSecrets`). */
function pullSecretNames(v: GatewayChartValues): Array<{ name: string }> {
    const names = (v.imagePullSecrets ?? []).map((x) => (typeof x === "string" ? x : x.name)).filter((n): n is string => !!n);
    return [...new Set(names)].map((name) => ({ name }));
}

/**
 * The chart's Deployments' fields that come from the program's chart values (with what the stack's
 * gateway.values adds beneath them), as Portkey-AI/helm charts/portkey-gateway/templates/gateway/deployment.yaml
 * and dataservice/deployment.yaml (chart 1.7.7) render them: the replica count (none with autoscaling on),
 * the gateway's strategy, pod labels, grace period, pull secrets, security contexts, spread, volumes and,
 * in the container, the image (when the values pin its tag), resources, readiness period, mounts and
 * `extraContainerConfig`; the chart's `sidecars` are containers of the pod too.
 */
function chartDeployments(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>, v: GatewayChartValues): AppliedObject[] {
    const image = v.images?.gatewayImage;
    const pullSecrets = pullSecretNames(v);
    const gateway: AppliedObject = {
        metadata: { name: names.gatewayDeployment, namespace: cfg.namespace },
        spec: {
            ...(v.autoscaling.enabled || v.replicaCount === undefined ? {} : { replicas: v.replicaCount }),
            strategy: structuredClone(v.strategy),
            template: {
                ...(v.podLabels ? { metadata: { labels: { ...v.podLabels } } } : {}),
                spec: {
                    ...(v.terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds: v.terminationGracePeriodSeconds }),
                    ...chartPodSpec(CHART_CONTAINERS.gateway, v, pullSecrets, {
                        ...(image?.repository && image.tag ? { image: `${image.repository}:${image.tag}` } : {}),
                        readinessProbe: { periodSeconds: v.readinessProbe.periodSeconds },
                        ...structuredClone(v.extraContainerConfig ?? {}),
                    }),
                },
            },
        },
    };
    const ds = v.dataservice.deployment;
    if (!names.dataserviceDeployment || !v.dataservice.enabled || !ds) return [gateway];
    // Portkey-AI/helm charts/portkey-gateway/templates/dataservice/deployment.yaml renders `dataservice.deployment` the same way, without the gateway's extras.
    const dataservice: AppliedObject = {
        metadata: { name: names.dataserviceDeployment, namespace: cfg.namespace },
        spec: { replicas: ds.replicas, template: { spec: chartPodSpec(CHART_CONTAINERS.dataservice, ds, pullSecrets) } },
    };
    return [gateway, dataservice];
}

/** What both Deployments' pod templates render from their values: the pull secrets, security contexts, spread, volumes and main container, then the sidecars. */
function chartPodSpec(
    container: string,
    v: Pick<GatewayChartValues, "podSecurityContext" | "securityContext" | "topologySpreadConstraints" | "volumes" | "volumeMounts" | "resources" | "sidecars">,
    pullSecrets: Array<{ name: string }>,
    extra: Record<string, unknown> = {},
): Record<string, unknown> {
    return {
        ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets } : {}),
        securityContext: structuredClone(v.podSecurityContext),
        ...(v.topologySpreadConstraints.length > 0 ? { topologySpreadConstraints: structuredClone(v.topologySpreadConstraints) } : {}),
        volumes: structuredClone(v.volumes),
        containers: [
            {
                name: container,
                securityContext: structuredClone(v.securityContext),
                resources: structuredClone(v.resources),
                volumeMounts: structuredClone(v.volumeMounts),
                ...extra,
            },
            // The chart renders each sidecar as a container of the pod.
            ...(v.sidecars ?? []).filter((c): c is { name: string } => !!c.name).map((c) => ({ name: c.name })),
        ],
    };
}

/**
 * The chart's Services as chart 1.7.7 renders the program's values (Portkey-AI/helm charts/portkey-gateway
 * templates/gateway/service.yaml, dataservice/service.yaml, redis/service.yaml): selecting the chart's pods by
 * its labels. Their ports follow SERVER_MODE and values a stack may set (gateway.values), so they are not
 * compared; their type, ClusterIP through the program's values (derive/endpoint.ts endpointChartValues),
 * is drift.exposure's to check.
 */
function chartServices(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>): AppliedObject[] {
    // No load balancer annotation: the program keeps them off the chart (derive/endpoint.ts), and on a Service they override the Ingress's.
    const service = (name: string, selector: Record<string, string>): AppliedObject => ({
        metadata: { name, namespace: cfg.namespace, annotations: {} },
        spec: { selector },
    });
    const out = [service(names.fullname, { ...gatewayPodSelector(names).matchLabels })];
    if (names.dataserviceDeployment && cfg.gateway.dataservice.enabled)
        out.push(service(`${names.fullname}-dataservice`, { ...dataservicePodSelector(names).matchLabels }));
    if (deploysChartRedis(cfg)) out.push(service("redis", { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": names.release }));
    return out;
}

/**
 * The gateway's ServiceAccount as chart 1.7.7 renders it from `serviceAccount.automount` (Portkey-AI/helm
 * charts/portkey-gateway/templates/gateway/service-account.yaml): no API token in the gateway's pods. The dataservice's has no such
 * value; its pod template is patched instead (derive/workloadSecurity.ts).
 */
function chartServiceAccounts(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>, v: GatewayChartValues): AppliedObject[] {
    const automount = v.serviceAccount.automount;
    return [{ metadata: { name: names.gatewayServiceAccount, namespace: cfg.namespace }, automountServiceAccountToken: automount }];
}

/** `aws eks update-kubeconfig` for the stack's cluster; a cluster from another stack is named by that stack's output. */
function kubeconfigCommand(cfg: StackConfig, region: string): string {
    const from = cfg.cluster.fromStack;
    const name =
        from === undefined ? cfg.cluster.name : `"$(pulumi stack output ${cfg.cluster.fromStackOutputs?.clusterName ?? "clusterName"} --stack ${from})"`;
    return `aws eks update-kubeconfig --name ${name} --region ${region}`;
}

/** The gateway's Deployment, and the dataservice's when it is on, with what the checks expect of each. */
function expectedDeployments(cfg: GatewaySpec, names: ReturnType<typeof gatewayNames>, reload: Record<string, Record<string, string>>): ExpectedDeployment[] {
    const g = cfg.gateway;
    const gwCount = g.autoscaling.enabled ? g.autoscaling.min : g.replicas;
    const deployments: ExpectedDeployment[] = [
        {
            name: names.gatewayDeployment,
            role: "gateway",
            serviceAccount: names.gatewayServiceAccount,
            reloadAnnotations: reload[names.gatewayDeployment] ?? {},
            ...availabilityOf(g.autoscaling.enabled ? undefined : g.replicas, gwCount, g.minAvailable, g.resources.requests),
        },
    ];
    if (names.dataserviceDeployment) {
        const d = g.dataservice;
        deployments.push({
            name: names.dataserviceDeployment,
            role: "dataservice",
            serviceAccount: names.dataserviceServiceAccount!,
            reloadAnnotations: reload[names.dataserviceDeployment] ?? {},
            ...availabilityOf(d.replicas, d.replicas, d.minAvailable, d.resources.requests),
        });
    }
    return deployments;
}

/** What the availability checks expect of one Deployment; `fewest` is the count it can fall to. */
function availabilityOf(replicas: number | undefined, fewest: number, minAvailable: number, requests: { cpu: string; memory: string }) {
    return { replicas, minReady: Math.max(1, minAvailable), minZones: fewest >= 2 ? 2 : 1, requests: { ...requests } };
}

/** Where each env var the stack controls must come from, per mode. */
function expectedEnv(cfg: GatewaySpec, syncedSecret: string | undefined): ExpectedEnv[] {
    const literals: ExpectedEnv[] = Object.entries(cfg.env).map(([name, value]) => ({ name, from: "literal", value }));
    const aws: ExpectedEnv[] = cfg.awsKeys.map((name) =>
        syncedSecret ? { name, from: "secret", secretName: syncedSecret, key: name } : { name, from: "file", path: secretFilePath(cfg, name) },
    );
    // Validation keeps a key out of env when it comes from AWS (config/rules/keys.ts), so names are unique.
    return [...literals, ...aws].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Loads the stack the way `npm run plan` does, validates it, and derives the expected state. */
export function expectedStateForStack(stack: string, opts: ExpectedOptions = {}, root?: string): ExpectedState {
    const sc = loadStackConfig(stack, root);
    const cfg = parseConfig(sc.config, new Set(sc.secretKeys), stack);
    return expectedState(cfg, sc.region, { ...opts, stack });
}
