// The kinds the checker reads, how they are grouped for the checks, and how Secret values are
// removed before anything is kept. Pure.
import { KubeObject, Observed, Secret } from "./types";

export interface KindInfo {
    kind: string;
    apiVersion: string;
    key: Exclude<keyof Observed, "unread" | "readAt">;
    /** File of the kind in a support bundle. */
    file: string;
}

export const KINDS: readonly KindInfo[] = [
    { kind: "Namespace", apiVersion: "v1", key: "namespaces", file: "namespaces.json" },
    { kind: "CSIDriver", apiVersion: "storage.k8s.io/v1", key: "csiDrivers", file: "csidrivers.json" },
    { kind: "DaemonSet", apiVersion: "apps/v1", key: "daemonSets", file: "daemonsets.json" },
    { kind: "Deployment", apiVersion: "apps/v1", key: "deployments", file: "deployments.json" },
    { kind: "ReplicaSet", apiVersion: "apps/v1", key: "replicaSets", file: "replicasets.json" },
    { kind: "ClusterRole", apiVersion: "rbac.authorization.k8s.io/v1", key: "clusterRoles", file: "clusterroles.json" },
    { kind: "Node", apiVersion: "v1", key: "nodes", file: "nodes.json" },
    { kind: "Pod", apiVersion: "v1", key: "pods", file: "pods.json" },
    { kind: "Secret", apiVersion: "v1", key: "secrets", file: "secrets.json" },
    { kind: "ConfigMap", apiVersion: "v1", key: "configMaps", file: "configmaps.json" },
    { kind: "ServiceAccount", apiVersion: "v1", key: "serviceAccounts", file: "serviceaccounts.json" },
    { kind: "SecretProviderClass", apiVersion: "secrets-store.csi.x-k8s.io/v1", key: "secretProviderClasses", file: "secretproviderclasses.json" },
    { kind: "SecretProviderClassPodStatus", apiVersion: "secrets-store.csi.x-k8s.io/v1", key: "podStatuses", file: "secretproviderclasspodstatuses.json" },
    { kind: "Event", apiVersion: "v1", key: "events", file: "events.json" },
    { kind: "Service", apiVersion: "v1", key: "services", file: "services.json" },
    { kind: "Ingress", apiVersion: "networking.k8s.io/v1", key: "ingresses", file: "ingresses.json" },
    { kind: "IngressClass", apiVersion: "networking.k8s.io/v1", key: "ingressClasses", file: "ingressclasses.json" },
    { kind: "IngressClassParams", apiVersion: "eks.amazonaws.com/v1", key: "ingressClassParams", file: "ingressclassparams.json" },
    { kind: "NetworkPolicy", apiVersion: "networking.k8s.io/v1", key: "networkPolicies", file: "networkpolicies.json" },
    { kind: "PodDisruptionBudget", apiVersion: "policy/v1", key: "podDisruptionBudgets", file: "poddisruptionbudgets.json" },
    { kind: "HorizontalPodAutoscaler", apiVersion: "autoscaling/v2", key: "horizontalPodAutoscalers", file: "horizontalpodautoscalers.json" },
    { kind: "APIService", apiVersion: "apiregistration.k8s.io/v1", key: "apiServices", file: "apiservices.json" },
];

/** Marker that replaces a non-empty Secret value; an empty value stays "" so emptiness is reportable. */
export const REDACTED = "<redacted>";

/** Annotations that can carry a copy of a Secret's data (kubectl apply keeps the whole object). */
const VALUE_BEARING_ANNOTATIONS = ["kubectl.kubernetes.io/last-applied-configuration"];

function redactValues(values: Record<string, string> | undefined): Record<string, string> | undefined {
    if (values === undefined || values === null) return undefined;
    return Object.fromEntries(Object.keys(values).map((k) => [k, values[k] === "" || values[k] === undefined || values[k] === null ? "" : REDACTED]));
}

/** A copy of the object with every Secret value replaced; other kinds are returned unchanged. */
export function redact<T extends KubeObject>(obj: T): T {
    if (obj.kind !== "Secret") return obj;
    const s = obj as unknown as Secret & { metadata: { managedFields?: unknown } };
    const annotations = { ...(s.metadata.annotations ?? {}) };
    for (const a of VALUE_BEARING_ANNOTATIONS) delete annotations[a];
    const metadata = { ...s.metadata, annotations };
    delete metadata.managedFields;
    const out: Secret = { ...s, metadata };
    if (s.data !== undefined) out.data = redactValues(s.data);
    if (s.stringData !== undefined) out.stringData = redactValues(s.stringData);
    return out as unknown as T;
}

export function emptyObserved(): Observed {
    const o: Partial<Record<keyof Observed, KubeObject[]>> = {};
    for (const k of KINDS) (o as Record<string, unknown>)[k.key] = [];
    return o as unknown as Observed;
}

/** Groups objects by kind (unknown kinds are ignored), redacting Secrets on the way in. */
export function groupObjects(objects: KubeObject[]): Observed {
    const o = emptyObserved() as unknown as Record<keyof Observed, KubeObject[]>;
    for (const obj of objects) {
        const info = KINDS.find((k) => k.kind === obj.kind);
        if (info && obj.metadata && typeof obj.metadata.name === "string") o[info.key].push(redact(obj));
    }
    return o as unknown as Observed;
}

/** Every object of an Observed, each with apiVersion and kind set. */
export function allObjects(o: Observed): KubeObject[] {
    return KINDS.flatMap((k) => ((o[k.key] ?? []) as KubeObject[]).map((x) => ({ ...x, apiVersion: x.apiVersion ?? k.apiVersion, kind: k.kind })));
}
