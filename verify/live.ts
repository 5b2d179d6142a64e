// Reads the live objects with @kubernetes/client-node: list and get calls only. What is kept
// is narrowed to the objects the checks need, and Secrets are redacted before they are kept,
// so a --dump of a live read holds no secret value and nothing of unrelated workloads.
// The client is imported when a live read starts: it is a large ES module that `--from` and the
// checks never need, and loading it natively (not through tsx's CommonJS hook) is about half as slow.
import type * as k8s from "@kubernetes/client-node";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ExpectedState } from "./expected";
import { isDriverDaemonSet, isProviderDaemonSet, isReloaderDeployment } from "./match";
import { groupObjects, KINDS } from "./observed";
import { MANAGED_LABEL } from "./checks/syncedSecret";
import { forbiddenUser, KubeSource, noKubeconfigLine, readFailureLine, RequestFailure, sourceText, unknownContextLine } from "./liveSource";
import { KubeObject, Observed, Workload } from "./types";

export class LiveReadError extends Error {}

type ClientNode = typeof k8s;

export interface LiveOptions {
    /** `--context`; the current context when absent. */
    context?: string;
}

/** Where the kubeconfig comes from, and whether any exists (KUBECONFIG, ~/.kube/config, or in-cluster). */
export function kubeconfigLocation(env: NodeJS.ProcessEnv = process.env): { text: string; exists: boolean } {
    const listed = (env.KUBECONFIG ?? "").split(path.delimiter).filter((x) => x !== "");
    if (listed.length > 0) return { text: listed.join(path.delimiter), exists: listed.some((f) => fs.existsSync(f)) };
    const home = path.join(os.homedir(), ".kube", "config");
    if (fs.existsSync(home)) return { text: home, exists: true };
    if (env.KUBERNETES_SERVICE_HOST) return { text: "in-cluster service account", exists: true };
    return { text: home, exists: false };
}

/** The kubeconfig for `opts` and where its requests go; throws LiveReadError with the fix when there is none. */
export function loadKubeConfig(
    client: ClientNode,
    opts: LiveOptions,
    kubeconfigCommand = "aws eks update-kubeconfig --name <cluster> --region <region>",
): { kc: k8s.KubeConfig; source: KubeSource } {
    const where = kubeconfigLocation();
    if (!where.exists) throw new LiveReadError(noKubeconfigLine({ kubeconfig: where.text }, kubeconfigCommand));
    const kc = new client.KubeConfig();
    try {
        kc.loadFromDefault();
    } catch {
        throw new LiveReadError(
            `cannot read the cluster: the kubeconfig ${where.text} cannot be parsed. Fix: run \`${kubeconfigCommand}\` to write a fresh one.`,
        );
    }
    if (opts.context !== undefined) {
        const names = kc.getContexts().map((c) => c.name);
        if (!names.includes(opts.context)) throw new LiveReadError(unknownContextLine(opts.context, names, { kubeconfig: where.text }, kubeconfigCommand));
        kc.setCurrentContext(opts.context);
    }
    const source: KubeSource = {
        kubeconfig: where.text,
        context: kc.getCurrentContext() || undefined,
        server: kc.getCurrentCluster()?.server,
        user: kc.getCurrentUser()?.name,
    };
    if (!kc.getCurrentCluster())
        throw new LiveReadError(
            `cannot read the cluster: the kubeconfig has no current cluster; ${sourceText(source)}. Fix: run \`${kubeconfigCommand}\`, or pass --context.`,
        );
    return { kc, source };
}

function statusOf(e: unknown): number | undefined {
    return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "number" ? (e as { code: number }).code : undefined;
}

/** A read that failed, with what the line about it needs. */
class ReadFailure extends Error {
    constructor(
        readonly what: string,
        readonly failure: RequestFailure,
    ) {
        super(what);
    }
}

function failureOf(e: unknown): RequestFailure {
    const err = e as { message?: unknown; body?: unknown; cause?: { code?: unknown } };
    const status = statusOf(e);
    return {
        status,
        message: status === undefined && typeof err?.message === "string" ? err.message : undefined,
        causeCode: typeof err?.cause?.code === "string" ? err.cause.code : undefined,
        serverUser: status === 403 ? forbiddenUser(err.body) : undefined,
    };
}

/** Runs one read; a 404 means "none" when `missingIsEmpty`, anything else fails the whole read. */
async function attempt<T>(what: string, call: () => Promise<T>, missingIsEmpty = false): Promise<T | undefined> {
    try {
        return await call();
    } catch (e) {
        if (statusOf(e) === 404 && missingIsEmpty) return undefined;
        throw new ReadFailure(what, failureOf(e));
    }
}

/**
 * A typed client object back to the API's JSON: the client's models rename fields that are words
 * of TypeScript (a NetworkPolicy rule's `from` is `_from`), and each model's attribute map gives
 * the JSON name (`baseName`) of each field. Dates go back to RFC 3339.
 */
export function apiJson(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(apiJson);
    if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, "Z");
    if (typeof v !== "object" || v === null) return v;
    const ctor = (v as { constructor?: { getAttributeTypeMap?: () => Array<{ name: string; baseName: string }> } }).constructor;
    const attributes = typeof ctor?.getAttributeTypeMap === "function" ? ctor.getAttributeTypeMap() : undefined;
    const rec = v as Record<string, unknown>;
    const pairs = attributes ? attributes.map((a) => [a.baseName, rec[a.name]] as const) : Object.entries(rec);
    return Object.fromEntries(pairs.filter(([, x]) => x !== undefined).map(([k, x]) => [k, apiJson(x)]));
}

/** Typed client objects back to plain API JSON, with apiVersion and kind set. */
function plainItems(kind: string, list: { items?: unknown[] } | undefined): KubeObject[] {
    const info = KINDS.find((k) => k.kind === kind)!;
    const items = apiJson(list?.items ?? []) as KubeObject[];
    return items.map((i) => ({ ...i, apiVersion: i.apiVersion ?? info.apiVersion, kind }));
}

/** One object read by name, as `plainItems` gives a list: none when it was absent. */
function plainItem(kind: string, item: unknown): KubeObject[] {
    return plainItems(kind, { items: item ? [item] : [] });
}

function selectorOf(ds: Workload): string | undefined {
    const labels = ds.spec?.selector?.matchLabels;
    return labels && Object.keys(labels).length
        ? Object.entries(labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(",")
        : undefined;
}

function configMapNames(deps: Workload[]): Set<string> {
    const names = new Set<string>();
    for (const c of deps.flatMap((d) => d.spec?.template?.spec?.containers ?? [])) {
        for (const v of c.env ?? []) if (v.valueFrom?.configMapKeyRef?.name) names.add(v.valueFrom.configMapKeyRef.name);
        for (const f of c.envFrom ?? []) if (f.configMapRef?.name) names.add(f.configMapRef.name);
    }
    return names;
}

/** The API groups the reads use. */
interface Clients {
    storage: k8s.StorageV1Api;
    apps: k8s.AppsV1Api;
    rbac: k8s.RbacAuthorizationV1Api;
    core: k8s.CoreV1Api;
    net: k8s.NetworkingV1Api;
    policy: k8s.PolicyV1Api;
    custom: k8s.CustomObjectsApi;
    autoscaling: k8s.AutoscalingV2Api;
    apiregistration: k8s.ApiregistrationV1Api;
}

function clientsOf(client: ClientNode, kc: k8s.KubeConfig): Clients {
    return {
        storage: kc.makeApiClient(client.StorageV1Api),
        apps: kc.makeApiClient(client.AppsV1Api),
        rbac: kc.makeApiClient(client.RbacAuthorizationV1Api),
        core: kc.makeApiClient(client.CoreV1Api),
        net: kc.makeApiClient(client.NetworkingV1Api),
        policy: kc.makeApiClient(client.PolicyV1Api),
        custom: kc.makeApiClient(client.CustomObjectsApi),
        autoscaling: kc.makeApiClient(client.AutoscalingV2Api),
        apiregistration: kc.makeApiClient(client.ApiregistrationV1Api),
    };
}

async function readCluster({ storage, apps, rbac, core }: Clients, e: ExpectedState): Promise<KubeObject[]> {
    const daemonSets = plainItems("DaemonSet", await attempt("daemonsets", () => apps.listDaemonSetForAllNamespaces({}))).filter(
        (d) =>
            isDriverDaemonSet(d as Workload) ||
            isProviderDaemonSet(d as Workload) ||
            d.metadata.name === e.podIdentityAgent?.daemonSet ||
            // The VPC CNI, whose policy agent enforces the NetworkPolicies.
            (d.metadata.name === "aws-node" && d.metadata.namespace === "kube-system"),
    ) as Workload[];
    const dsPods: KubeObject[] = [];
    for (const ds of daemonSets.filter(isProviderDaemonSet)) {
        const labelSelector = selectorOf(ds);
        dsPods.push(...plainItems("Pod", await attempt("provider pods", () => core.listNamespacedPod({ namespace: ds.metadata.namespace!, labelSelector }))));
    }
    return [
        ...plainItems("CSIDriver", await attempt("csidrivers", () => storage.listCSIDriver({}))),
        ...daemonSets,
        ...dsPods,
        ...plainItems(
            "ClusterRole",
            await attempt("clusterroles", () => rbac.listClusterRole({ fieldSelector: "metadata.name=secretprovidersyncing-role" })),
        ).filter((r) => r.metadata.name === "secretprovidersyncing-role"),
        ...plainItems("Node", await attempt("nodes", () => core.listNode({}))),
        ...(await readNetworkPolicySwitch(core, e)),
    ];
}

/** Under Auto Mode, the ConfigMap that turns its NetworkPolicy controller on, by name (none when absent). */
async function readNetworkPolicySwitch(core: k8s.CoreV1Api, e: ExpectedState): Promise<KubeObject[]> {
    const s = e.networkPolicySwitch;
    if (!s) return [];
    const cm = await attempt(`the ConfigMap ${s.namespace}/${s.name}`, () => core.readNamespacedConfigMap({ namespace: s.namespace, name: s.name }), true);
    return plainItem("ConfigMap", cm);
}

async function readSecrets(core: k8s.CoreV1Api, e: ExpectedState): Promise<KubeObject[]> {
    const ns = e.namespace;
    const managed = plainItems("Secret", await attempt("secrets", () => core.listNamespacedSecret({ namespace: ns, labelSelector: `${MANAGED_LABEL}=true` })));
    const named = e.syncedSecret
        ? await attempt("the synced secret", () => core.readNamespacedSecret({ namespace: ns, name: e.syncedSecret!.name }), true)
        : undefined;
    const extra = named && !managed.some((s) => s.metadata.name === e.syncedSecret?.name) ? plainItems("Secret", { items: [named] }) : [];
    return [...managed, ...extra];
}

/** The endpoint's and the drift checks' objects: Services, Ingresses, NetworkPolicies and PodDisruptionBudgets of the gateway's namespace. */
async function readEndpoint({ core, net, policy }: Clients, ns: string): Promise<KubeObject[]> {
    return [
        ...plainItems("Service", await attempt("services", () => core.listNamespacedService({ namespace: ns }))),
        ...plainItems("Ingress", await attempt("ingresses", () => net.listNamespacedIngress({ namespace: ns }))),
        ...plainItems("NetworkPolicy", await attempt("networkpolicies", () => net.listNamespacedNetworkPolicy({ namespace: ns }))),
        ...plainItems("PodDisruptionBudget", await attempt("poddisruptionbudgets", () => policy.listNamespacedPodDisruptionBudget({ namespace: ns }))),
        ...plainItems("Namespace", { items: [await attempt("the namespace", () => core.readNamespace({ name: ns }), true)].filter((n) => n !== undefined) }),
    ];
}

/**
 * The internal ALB's IngressClass, by name (cluster-scoped; none when absent): the load balancer
 * controller's when the stack installs it, or under EKS Auto Mode Auto Mode's with its IngressClassParams.
 */
async function readIngressClasses({ net, custom }: Clients, e: ExpectedState): Promise<KubeObject[]> {
    const own = e.applied.controllerClass?.metadata.name;
    if (own) return plainItem("IngressClass", await attempt(`the IngressClass ${own}`, () => net.readIngressClass({ name: own }), true));
    const a = e.endpoint.autoMode;
    if (!a || !("ingressClass" in a)) return [];
    const cls = await attempt(`the IngressClass ${a.ingressClass}`, () => net.readIngressClass({ name: a.ingressClass }), true);
    const params = await attempt(
        `the IngressClassParams ${a.params.name}`,
        () => custom.getClusterCustomObject({ group: a.params.apiGroup, version: "v1", plural: "ingressclassparams", name: a.params.name }),
        true,
    );
    return [...plainItem("IngressClass", cls), ...plainItem("IngressClassParams", params)];
}

async function readNamespace(clients: Clients, e: ExpectedState): Promise<KubeObject[]> {
    const ns = e.namespace;
    const { apps, core, custom } = clients;
    const crd = async (plural: string, kind: string) =>
        plainItems(
            kind,
            await attempt(plural, () => custom.listNamespacedCustomObject({ group: "secrets-store.csi.x-k8s.io", version: "v1", namespace: ns, plural }), true),
        );
    const prefixes = e.deployments.map((d) => `${d.name}-`);
    const deployments = plainItems("Deployment", await attempt("deployments", () => apps.listDeploymentForAllNamespaces({}))).filter(
        (d) =>
            d.metadata.namespace === ns ||
            isReloaderDeployment(d as Workload) ||
            (e.endpoint.controller !== undefined && d.metadata.labels?.["app.kubernetes.io/name"] === e.endpoint.controller.label) ||
            // The Cluster Autoscaler, the capacity source the scaling checks report.
            (d.metadata.namespace === e.scaling.clusterAutoscaler.namespace &&
                d.metadata.labels?.["app.kubernetes.io/name"] === e.scaling.clusterAutoscaler.nameLabel),
    ) as Workload[];
    const cms = configMapNames(deployments.filter((d) => d.metadata.namespace === ns));
    const namespace = await attempt("the namespace", () => core.readNamespace({ name: ns }), true);
    return [
        ...plainItem("Namespace", namespace),
        ...deployments,
        ...plainItems("ReplicaSet", await attempt("replicasets", () => apps.listNamespacedReplicaSet({ namespace: ns }))),
        ...plainItems("Pod", await attempt("pods", () => core.listNamespacedPod({ namespace: ns }))).filter((p) =>
            prefixes.some((x) => p.metadata.name.startsWith(x)),
        ),
        ...plainItems("ServiceAccount", await attempt("serviceaccounts", () => core.listNamespacedServiceAccount({ namespace: ns }))),
        ...plainItems("ConfigMap", await attempt("configmaps", () => core.listNamespacedConfigMap({ namespace: ns }))).filter((c) => cms.has(c.metadata.name)),
        ...(await readSecrets(core, e)),
        ...(await readEndpoint(clients, ns)),
        ...(await readIngressClasses(clients, e)),
        ...(await crd("secretproviderclasses", "SecretProviderClass")),
        ...(await crd("secretproviderclasspodstatuses", "SecretProviderClassPodStatus")),
        ...plainItems("Event", await attempt("events", () => core.listNamespacedEvent({ namespace: ns }))).filter(
            (ev) => prefixes.some((x) => ((ev as { involvedObject?: { name?: string } }).involvedObject?.name ?? "").startsWith(x)) || isHpaEvent(e, ev),
        ),
        ...(await readScaling(clients, e)),
    ];
}

/** An event of the release's HPA, which is named `<fullname>`, not `<deployment>-…`. */
export function isHpaEvent(e: ExpectedState, ev: KubeObject): boolean {
    const o = (ev as { involvedObject?: { kind?: string; name?: string } }).involvedObject;
    return e.scaling.hpa !== undefined && o?.kind === "HorizontalPodAutoscaler" && o.name === e.scaling.hpa.name;
}

/** The release's HPA and the metrics API's APIService, by name, when the gateway autoscales. */
async function readScaling({ autoscaling, apiregistration }: Clients, e: ExpectedState): Promise<KubeObject[]> {
    const h = e.scaling.hpa;
    if (!h) return [];
    const hpa = await attempt("the HPA", () => autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace: e.namespace, name: h.name }), true);
    const api = await attempt("the metrics APIService", () => apiregistration.readAPIService({ name: e.scaling.metricsApi.name }), true);
    return [...plainItem("HorizontalPodAutoscaler", hpa), ...plainItem("APIService", api)];
}

/** Reads what the checks need from the cluster of the kubeconfig (context); a failed read throws one LiveReadError line. */
export async function readLive(e: ExpectedState, opts: LiveOptions = {}): Promise<Observed> {
    const client = await import("@kubernetes/client-node");
    const { kc, source } = loadKubeConfig(client, opts, e.kubeconfigCommand);
    const clients = clientsOf(client, kc);
    try {
        const readAt = new Date().toISOString();
        const objects = [...(await readCluster(clients, e)), ...(await readNamespace(clients, e))];
        return { ...groupObjects(objects), readAt };
    } catch (err) {
        if (err instanceof ReadFailure) throw new LiveReadError(readFailureLine(err.what, err.failure, source, e.kubeconfigCommand));
        throw err;
    }
}
