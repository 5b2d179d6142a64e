// The shape of each kind's objects as the checks read them (verify/types.ts), so that a bundle
// with a field of the wrong type is reported as such instead of failing inside a check. Fields
// not listed are not read and not checked; null counts as absent, as the API server omits them.
// Types of the fields: the Kubernetes API reference (https://kubernetes.io/docs/reference/kubernetes-api/).

type Shape = "string" | "number" | "boolean" | "object" | { list: Shape } | { map: Shape } | { fields: Record<string, Shape> };

const S = "string";
const N = "number";
const B = "boolean";
const fields = (f: Record<string, Shape>): Shape => ({ fields: f });
const list = (of: Shape): Shape => ({ list: of });
const map = (of: Shape): Shape => ({ map: of });

const METADATA = fields({
    name: S,
    namespace: S,
    uid: S,
    generation: N,
    creationTimestamp: S,
    labels: map(S),
    annotations: map(S),
    ownerReferences: list(fields({ kind: S, name: S, controller: B })),
});

const CONTAINER = fields({
    name: S,
    image: S,
    args: list(S),
    command: list(S),
    env: list(
        fields({
            name: S,
            value: S,
            valueFrom: fields({ secretKeyRef: fields({ name: S, key: S, optional: B }), configMapKeyRef: fields({ name: S, key: S, optional: B }) }),
        }),
    ),
    envFrom: list(fields({ prefix: S, configMapRef: fields({ name: S }), secretRef: fields({ name: S }) })),
    volumeMounts: list(fields({ name: S, mountPath: S, readOnly: B })),
    resources: fields({ requests: map(S), limits: map(S) }),
});

const CONDITION = fields({ type: S, status: S, reason: S, message: S, lastTransitionTime: S });

const POD_SPEC = fields({
    containers: list(CONTAINER),
    volumes: list(fields({ name: S, csi: fields({ driver: S, readOnly: B, volumeAttributes: map(S) }) })),
    serviceAccountName: S,
    nodeName: S,
});

const WORKLOAD = {
    spec: fields({
        replicas: N,
        selector: fields({ matchLabels: map(S) }),
        template: fields({ metadata: fields({ labels: map(S), annotations: map(S) }), spec: POD_SPEC }),
    }),
    status: fields({
        observedGeneration: N,
        replicas: N,
        updatedReplicas: N,
        availableReplicas: N,
        readyReplicas: N,
        desiredNumberScheduled: N,
        numberReady: N,
    }),
};

/** Fields of each kind's objects besides metadata. */
const KIND_FIELDS: Record<string, Record<string, Shape>> = {
    CSIDriver: { spec: fields({ tokenRequests: list(fields({ audience: S, expirationSeconds: N })) }) },
    DaemonSet: WORKLOAD,
    Deployment: WORKLOAD,
    ReplicaSet: WORKLOAD,
    ClusterRole: {},
    Node: { spec: fields({ unschedulable: B, taints: list(fields({ key: S, value: S, effect: S })) }) },
    Pod: { spec: POD_SPEC, status: fields({ phase: S, conditions: list(CONDITION) }) },
    Secret: { type: S, data: map(S), stringData: map(S) },
    ConfigMap: { data: map(S) },
    ServiceAccount: {},
    SecretProviderClass: { spec: fields({ provider: S, parameters: "object", secretObjects: list("object") }) },
    SecretProviderClassPodStatus: {
        status: fields({ podName: S, secretProviderClassName: S, mounted: B, objects: list(fields({ id: S, version: S })) }),
    },
    // The drift checks compare any JSON; these are the fields the other checks and the policy and exposure checks read.
    NetworkPolicy: {
        spec: fields({
            podSelector: fields({ matchLabels: map(S), matchExpressions: list(fields({ key: S, operator: S, values: list(S) })) }),
            policyTypes: list(S),
            ingress: list("object"),
        }),
    },
    Service: { spec: fields({ type: S, loadBalancerClass: S }) },
    HorizontalPodAutoscaler: {
        spec: fields({ minReplicas: N, maxReplicas: N, scaleTargetRef: fields({ kind: S, name: S }), metrics: list("object") }),
        status: fields({ currentReplicas: N, desiredReplicas: N, conditions: list(CONDITION) }),
    },
    APIService: { spec: fields({ service: fields({ name: S, namespace: S }) }), status: fields({ conditions: list(CONDITION) }) },
    Event: {
        involvedObject: fields({ kind: S, name: S, namespace: S }),
        reason: S,
        message: S,
        type: S,
        count: N,
        lastTimestamp: S,
        eventTime: S,
    },
};

function kindOfJson(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "null";
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

const WANTED: Record<string, string> = { string: "a string", number: "a number", boolean: "a boolean", object: "an object" };

/** The first place `v` differs from `shape`, as "<path> is <found>, not <wanted>"; undefined when it fits. */
export function shapeProblem(v: unknown, shape: Shape, path: string): string | undefined {
    if (v === null || v === undefined) return undefined;
    const isObject = typeof v === "object" && !Array.isArray(v);
    if (typeof shape === "string") {
        const fits = shape === "object" ? isObject : typeof v === shape;
        return fits ? undefined : `${path} is ${kindOfJson(v)}, not ${WANTED[shape]}`;
    }
    if ("list" in shape) {
        if (!Array.isArray(v)) return `${path} is ${kindOfJson(v)}, not a list`;
        for (const [i, x] of v.entries()) {
            const p = shapeProblem(x, shape.list, `${path}[${i}]`);
            if (p) return p;
        }
        return undefined;
    }
    if (!isObject) return `${path} is ${kindOfJson(v)}, not an object`;
    const entries = Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) {
        const sub = "map" in shape ? shape.map : shape.fields[k];
        const p = sub === undefined ? undefined : shapeProblem(x, sub, `${path}.${k}`);
        if (p) return p;
    }
    return undefined;
}

/** What is wrong with one object of `kind` (metadata and the fields the checks read), or undefined. */
export function objectProblem(obj: unknown, kind: string, path: string): string | undefined {
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return `${path} is ${kindOfJson(obj)}, not an object`;
    const o = obj as Record<string, unknown>;
    if (o.kind !== undefined && o.kind !== kind)
        return `${path} is a ${typeof o.kind === "string" ? "different kind" : "kind that is not a string"}, not ${kind}`;
    if (typeof o.metadata !== "object" || o.metadata === null || Array.isArray(o.metadata)) return `${path} has no metadata object`;
    const name = (o.metadata as { name?: unknown }).name;
    if (typeof name !== "string")
        return name === undefined || name === null ? `${path}.metadata has no name` : `${path}.metadata.name is ${kindOfJson(name)}, not a string`;
    return shapeProblem(o, fields({ metadata: METADATA, ...(KIND_FIELDS[kind] ?? {}) }), path);
}
