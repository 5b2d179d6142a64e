// What a bundle's objects may hold, field by field. Types of the fields: the Kubernetes API reference
// (https://kubernetes.io/docs/reference/kubernetes-api/): e.g. ObjectMeta.generation is an integer,
// labels a map of strings, ownerReferences[].controller a boolean, DeploymentSpec.replicas an integer,
// Container.env[].valueFrom.secretKeyRef.optional a boolean, Taint.effect a string, Event.count an
// integer; SecretProviderClass spec.parameters is a map (secrets-store-csi-driver apis/v1/secretproviderclass_types.go).
import * as assert from "assert";
import { objectProblem } from "./bundleShape";

function object(kind: string, rest: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
    return { apiVersion: "v1", kind, metadata: { name: "x", namespace: "portkeyai", ...metadata }, ...rest };
}
const podSpec = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });
const container = (c: Record<string, unknown>) => podSpec({ containers: [{ name: "gateway", ...c }] });

describe("verify bundle shape: the object itself", () => {
    const cases: Array<[string, unknown, string]> = [
        ["a string", "Pod", "items[0] is a string, not an object"],
        ["a list", [], "items[0] is a list, not an object"],
        ["null", null, "items[0] is null, not an object"],
        ["a number", 3, "items[0] is a number, not an object"],
        ["of another kind", object("Secret"), "items[0] is a different kind, not Pod"],
        ["of a kind that is not a string", { ...object("Pod"), kind: 1 }, "items[0] is a kind that is not a string, not Pod"],
        ["without metadata", { kind: "Pod" }, "items[0] has no metadata object"],
        ["with null metadata", { kind: "Pod", metadata: null }, "items[0] has no metadata object"],
        ["with metadata that is a list", { kind: "Pod", metadata: [] }, "items[0] has no metadata object"],
        ["without a name", { kind: "Pod", metadata: {} }, "items[0].metadata has no name"],
        ["with a null name", { kind: "Pod", metadata: { name: null } }, "items[0].metadata has no name"],
        ["with a numeric name", { kind: "Pod", metadata: { name: 7 } }, "items[0].metadata.name is a number, not a string"],
        ["with a boolean name", { kind: "Pod", metadata: { name: true } }, "items[0].metadata.name is a boolean, not a string"],
    ];
    for (const [what, obj, problem] of cases) {
        it(`an item ${what}`, () => assert.strictEqual(objectProblem(obj, "Pod", "items[0]"), problem));
    }
    it("an item without a kind takes the file's kind; null and absent fields count as absent", () => {
        const { kind: _, ...noKind } = object("Pod", { spec: null, status: { phase: null } }, { labels: null, uid: undefined });
        assert.strictEqual(objectProblem(noKind, "Pod", "items[0]"), undefined);
    });
    it("fields the checks do not read are not checked, in known and unknown kinds alike", () => {
        assert.strictEqual(objectProblem(object("Pod", { spec: { priority: "high", containers: [] }, extra: [1] }), "Pod", "o"), undefined);
        assert.strictEqual(objectProblem(object("Widget", { spec: 5 }, { labels: { a: "b" } }), "Widget", "o"), undefined);
        assert.strictEqual(objectProblem(object("Widget", {}, { labels: { a: 1 } }), "Widget", "o"), "o.metadata.labels.a is a number, not a string");
    });
});

describe("verify bundle shape: each field the checks read", () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
        ["Pod", object("Pod", {}, { generation: "2" }), "o.metadata.generation is a string, not a number"],
        ["Pod", object("Pod", {}, { uid: 1 }), "o.metadata.uid is a number, not a string"],
        ["Pod", object("Pod", {}, { namespace: false }), "o.metadata.namespace is a boolean, not a string"],
        ["Pod", object("Pod", {}, { annotations: { a: {} } }), "o.metadata.annotations.a is an object, not a string"],
        ["Pod", object("Pod", {}, { labels: [] }), "o.metadata.labels is a list, not an object"],
        ["Pod", object("Pod", {}, { ownerReferences: {} }), "o.metadata.ownerReferences is an object, not a list"],
        [
            "Pod",
            object(
                "Pod",
                {},
                {
                    ownerReferences: [
                        { kind: "ReplicaSet", name: "a" },
                        { kind: "ReplicaSet", name: "b", controller: "true" },
                    ],
                },
            ),
            "o.metadata.ownerReferences[1].controller is a string, not a boolean",
        ],
        ["Pod", object("Pod", {}, { ownerReferences: [{ kind: 1, name: "a" }] }), "o.metadata.ownerReferences[0].kind is a number, not a string"],
        ["Pod", object("Pod", {}, { ownerReferences: [{ kind: "ReplicaSet", name: 1 }] }), "o.metadata.ownerReferences[0].name is a number, not a string"],
        ["Pod", object("Pod", { status: { phase: 1 } }), "o.status.phase is a number, not a string"],
        ["Pod", object("Pod", { spec: { nodeName: 1 } }), "o.spec.nodeName is a number, not a string"],
        ["Pod", object("Pod", { spec: { serviceAccountName: [] } }), "o.spec.serviceAccountName is a list, not a string"],
        ["Pod", object("Pod", { spec: { containers: {} } }), "o.spec.containers is an object, not a list"],
        ["Pod", object("Pod", { spec: { volumes: [{ name: "a", csi: { driver: 1 } }] } }), "o.spec.volumes[0].csi.driver is a number, not a string"],
        ["Pod", object("Pod", { spec: { volumes: [{ name: 1 }] } }), "o.spec.volumes[0].name is a number, not a string"],
        ["Pod", object("Pod", { spec: { volumes: [{ name: "a", csi: { readOnly: "yes" } }] } }), "o.spec.volumes[0].csi.readOnly is a string, not a boolean"],
        [
            "Pod",
            object("Pod", { spec: { volumes: [{ name: "a", csi: { volumeAttributes: { secretProviderClass: 1 } } }] } }),
            "o.spec.volumes[0].csi.volumeAttributes.secretProviderClass is a number, not a string",
        ],
        ["Deployment", object("Deployment", { spec: { replicas: "2" } }), "o.spec.replicas is a string, not a number"],
        ["Deployment", object("Deployment", { spec: { selector: { matchLabels: { app: 1 } } } }), "o.spec.selector.matchLabels.app is a number, not a string"],
        [
            "Deployment",
            object("Deployment", { spec: { template: { metadata: { labels: { a: 1 } } } } }),
            "o.spec.template.metadata.labels.a is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", { spec: { template: { metadata: { annotations: { a: 1 } } } } }),
            "o.spec.template.metadata.annotations.a is a number, not a string",
        ],
        ["Deployment", object("Deployment", container({ image: 1 })), "o.spec.template.spec.containers[0].image is a number, not a string"],
        ["Deployment", object("Deployment", container({ name: 1 })), "o.spec.template.spec.containers[0].name is a number, not a string"],
        ["Deployment", object("Deployment", container({ args: ["--a", 1] })), "o.spec.template.spec.containers[0].args[1] is a number, not a string"],
        ["Deployment", object("Deployment", container({ command: "run" })), "o.spec.template.spec.containers[0].command is a string, not a list"],
        ["Deployment", object("Deployment", container({ env: [{ name: 1 }] })), "o.spec.template.spec.containers[0].env[0].name is a number, not a string"],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", value: 1 }] })),
            "o.spec.template.spec.containers[0].env[0].value is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k", optional: "no" } } }] })),
            "o.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.optional is a string, not a boolean",
        ],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", valueFrom: { secretKeyRef: { name: 1, key: "k" } } }] })),
            "o.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: 1 } } }] })),
            "o.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: 2 } } }] })),
            "o.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", valueFrom: { configMapKeyRef: { name: 2, key: "k" } } }] })),
            "o.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: "k", optional: 1 } } }] })),
            "o.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.optional is a number, not a boolean",
        ],
        [
            "Deployment",
            object("Deployment", container({ envFrom: [{ prefix: 1 }] })),
            "o.spec.template.spec.containers[0].envFrom[0].prefix is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ envFrom: [{ configMapRef: { name: 1 } }] })),
            "o.spec.template.spec.containers[0].envFrom[0].configMapRef.name is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ envFrom: [{ secretRef: { name: 1 } }] })),
            "o.spec.template.spec.containers[0].envFrom[0].secretRef.name is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ volumeMounts: [{ name: "a", mountPath: "/m", readOnly: "true" }] })),
            "o.spec.template.spec.containers[0].volumeMounts[0].readOnly is a string, not a boolean",
        ],
        [
            "Deployment",
            object("Deployment", container({ volumeMounts: [{ name: "a", mountPath: 1 }] })),
            "o.spec.template.spec.containers[0].volumeMounts[0].mountPath is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ volumeMounts: [{ name: 1, mountPath: "/m" }] })),
            "o.spec.template.spec.containers[0].volumeMounts[0].name is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ resources: { requests: { cpu: 1 } } })),
            "o.spec.template.spec.containers[0].resources.requests.cpu is a number, not a string",
        ],
        [
            "Deployment",
            object("Deployment", container({ resources: { limits: { memory: 1 } } })),
            "o.spec.template.spec.containers[0].resources.limits.memory is a number, not a string",
        ],
        ["Deployment", object("Deployment", { status: { observedGeneration: "1" } }), "o.status.observedGeneration is a string, not a number"],
        ["Deployment", object("Deployment", { status: { replicas: "1" } }), "o.status.replicas is a string, not a number"],
        ["Deployment", object("Deployment", { status: { updatedReplicas: "1" } }), "o.status.updatedReplicas is a string, not a number"],
        ["Deployment", object("Deployment", { status: { availableReplicas: "1" } }), "o.status.availableReplicas is a string, not a number"],
        ["Deployment", object("Deployment", { status: { readyReplicas: "1" } }), "o.status.readyReplicas is a string, not a number"],
        ["DaemonSet", object("DaemonSet", { status: { desiredNumberScheduled: "2" } }), "o.status.desiredNumberScheduled is a string, not a number"],
        ["DaemonSet", object("DaemonSet", { status: { numberReady: "2" } }), "o.status.numberReady is a string, not a number"],
        ["ReplicaSet", object("ReplicaSet", { spec: { replicas: true } }), "o.spec.replicas is a boolean, not a number"],
        ["CSIDriver", object("CSIDriver", { spec: { tokenRequests: [{ audience: 1 }] } }), "o.spec.tokenRequests[0].audience is a number, not a string"],
        [
            "CSIDriver",
            object("CSIDriver", { spec: { tokenRequests: [{ audience: "sts.amazonaws.com", expirationSeconds: "3600" }] } }),
            "o.spec.tokenRequests[0].expirationSeconds is a string, not a number",
        ],
        ["Node", object("Node", { spec: { unschedulable: "true" } }), "o.spec.unschedulable is a string, not a boolean"],
        ["Node", object("Node", { spec: { taints: [{ key: 1, effect: "NoSchedule" }] } }), "o.spec.taints[0].key is a number, not a string"],
        ["Node", object("Node", { spec: { taints: [{ key: "k", value: 1, effect: "NoSchedule" }] } }), "o.spec.taints[0].value is a number, not a string"],
        ["Node", object("Node", { spec: { taints: [{ key: "k", effect: {} }] } }), "o.spec.taints[0].effect is an object, not a string"],
        ["Secret", object("Secret", { type: 1 }), "o.type is a number, not a string"],
        ["Secret", object("Secret", { data: { a: 1 } }), "o.data.a is a number, not a string"],
        ["Secret", object("Secret", { stringData: { a: 1 } }), "o.stringData.a is a number, not a string"],
        ["ConfigMap", object("ConfigMap", { data: { a: false } }), "o.data.a is a boolean, not a string"],
        ["SecretProviderClass", object("SecretProviderClass", { spec: { provider: 1 } }), "o.spec.provider is a number, not a string"],
        ["SecretProviderClass", object("SecretProviderClass", { spec: { parameters: "objects" } }), "o.spec.parameters is a string, not an object"],
        ["SecretProviderClass", object("SecretProviderClass", { spec: { parameters: [] } }), "o.spec.parameters is a list, not an object"],
        ["SecretProviderClass", object("SecretProviderClass", { spec: { secretObjects: [{}, 1] } }), "o.spec.secretObjects[1] is a number, not an object"],
        ["SecretProviderClassPodStatus", object("SecretProviderClassPodStatus", { status: { podName: 1 } }), "o.status.podName is a number, not a string"],
        [
            "SecretProviderClassPodStatus",
            object("SecretProviderClassPodStatus", { status: { secretProviderClassName: 1 } }),
            "o.status.secretProviderClassName is a number, not a string",
        ],
        [
            "SecretProviderClassPodStatus",
            object("SecretProviderClassPodStatus", { status: { mounted: "true" } }),
            "o.status.mounted is a string, not a boolean",
        ],
        [
            "SecretProviderClassPodStatus",
            object("SecretProviderClassPodStatus", { status: { objects: [{ id: 1 }] } }),
            "o.status.objects[0].id is a number, not a string",
        ],
        [
            "SecretProviderClassPodStatus",
            object("SecretProviderClassPodStatus", { status: { objects: [{ id: "a", version: 1 }] } }),
            "o.status.objects[0].version is a number, not a string",
        ],
        ["Event", object("Event", { involvedObject: { kind: 1 } }), "o.involvedObject.kind is a number, not a string"],
        ["Event", object("Event", { involvedObject: { name: 1 } }), "o.involvedObject.name is a number, not a string"],
        ["Event", object("Event", { involvedObject: { namespace: 1 } }), "o.involvedObject.namespace is a number, not a string"],
        ["Event", object("Event", { reason: 1 }), "o.reason is a number, not a string"],
        ["Event", object("Event", { message: {} }), "o.message is an object, not a string"],
        ["Event", object("Event", { type: 1 }), "o.type is a number, not a string"],
        ["Event", object("Event", { count: "3" }), "o.count is a string, not a number"],
        ["Event", object("Event", { lastTimestamp: 1 }), "o.lastTimestamp is a number, not a string"],
        ["Event", object("Event", { eventTime: 1 }), "o.eventTime is a number, not a string"],
        // LabelSelector.matchExpressions is a list, NetworkPolicySpec.ingress a list of rules, ServiceSpec.type a string.
        [
            "NetworkPolicy",
            object("NetworkPolicy", { spec: { podSelector: { matchExpressions: { key: "a" } } } }),
            "o.spec.podSelector.matchExpressions is an object, not a list",
        ],
        ["NetworkPolicy", object("NetworkPolicy", { spec: { ingress: ["all"] } }), "o.spec.ingress[0] is a string, not an object"],
        ["Service", object("Service", { spec: { type: 3 } }), "o.spec.type is a number, not a string"],
    ];
    for (const [kind, obj, problem] of cases) {
        it(`${kind}: ${problem.slice(2)}`, () => assert.strictEqual(objectProblem(obj, kind, "o"), problem));
    }
    it("reports the first problem in list order", () => {
        const o = object("Deployment", container({ args: [1, true] }));
        assert.strictEqual(objectProblem(o, "Deployment", "o"), "o.spec.template.spec.containers[0].args[0] is a number, not a string");
    });
    it("well-typed objects of every kind pass", () => {
        const ok: Array<[string, Record<string, unknown>]> = [
            ["Pod", object("Pod", { spec: { containers: [{ name: "a", env: [{ name: "A", value: "1" }] }] }, status: { phase: "Running" } })],
            ["SecretProviderClass", object("SecretProviderClass", { spec: { provider: "aws", parameters: { objects: "- x" }, secretObjects: [{}] } })],
            ["Event", object("Event", { reason: "FailedMount", count: 3, involvedObject: { kind: "Pod" } })],
            ["ClusterRole", object("ClusterRole", { rules: "not read" })],
            ["ServiceAccount", object("ServiceAccount", { secrets: 1 })],
        ];
        for (const [kind, o] of ok) assert.strictEqual(objectProblem(o, kind, "o"), undefined, kind);
    });
});
