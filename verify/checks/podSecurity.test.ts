// Pod Security findings field by field. Labels: pod-security.kubernetes.io/<mode>[-version]
// (https://kubernetes.io/docs/concepts/security/pod-security-admission/). kubelet's API credentials
// are a projected serviceAccountToken without an audience (kube-api-access-*; the IRSA and Pod
// Identity tokens carry their audience: aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go).
import * as assert from "assert";
import { groupObjects } from "../observed";
import { edit, healthyObjects, stackState } from "../testing";
import { KubeObject, Namespace, Pod } from "../types";
import { mountsApiToken, namespaceLabelsFinding, podSecurityFindings } from "./podSecurity";

const e = stackState("staging");
const firstPod = (objects: KubeObject[]) => objects.find((o) => o.kind === "Pod" && o.metadata.name.startsWith("portkey-gateway-5d8"))!.metadata.name;

describe("verify Pod Security: namespace labels", () => {
    const setLabels = (labels: Record<string, string> | undefined) =>
        edit<Namespace>(healthyObjects(e), "Namespace", e.namespace, (n) => void (n.metadata.labels = labels));
    it("a healthy namespace shows the Pod Security labels only, sorted", () => {
        const f = namespaceLabelsFinding(e, groupObjects(healthyObjects(e)));
        assert.strictEqual(f.status, "pass");
        assert.strictEqual(f.found, f.expected);
        assert.match(f.found, /^namespace labels pod-security\.kubernetes\.io\/audit=restricted, .*pod-security\.kubernetes\.io\/enforce=restricted/);
        assert.doesNotMatch(f.found, /kubernetes\.io\/metadata\.name/);
    });
    it("a label with another value fails; none at all fails as none", () => {
        const other = { ...e.podSecurity.labels, "pod-security.kubernetes.io/enforce-version": "latest" };
        const f = namespaceLabelsFinding(e, groupObjects(setLabels(other)));
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /enforce-version=latest/);
        const none = namespaceLabelsFinding(e, groupObjects(setLabels(undefined)));
        assert.deepStrictEqual([none.status, none.found], ["fail", "namespace labels none"]);
    });
    it("reads the gateway's namespace among others", () => {
        const other = { apiVersion: "v1", kind: "Namespace", metadata: { name: "default", labels: {} } } as KubeObject;
        assert.strictEqual(namespaceLabelsFinding(e, groupObjects([other, ...healthyObjects(e)])).status, "pass");
    });
    it("a Deployment without pods is n/a, saying so", () => {
        const f = podSecurityFindings(e, groupObjects(healthyObjects(e).filter((o) => o.kind !== "Pod"))).find((x) => x.id === "security.pod/portkey-gateway")!;
        assert.deepStrictEqual([f.status, f.expected], ["n/a", "no pods of portkey-gateway to inspect"]);
    });
    it("a namespace that was not read fails, saying what may be missing", () => {
        const f = namespaceLabelsFinding(e, groupObjects(healthyObjects(e).filter((o) => o.kind !== "Namespace")));
        assert.deepStrictEqual([f.status, f.found], ["fail", `namespace ${e.namespace} not read`]);
        assert.match(f.fix!, /may get namespaces/);
    });
});

describe("verify Pod Security: pods", () => {
    it("a pod's finding shows every field of the context, unset ones as unset", () => {
        const objs = edit<Pod>(healthyObjects(e), "Pod", firstPod(healthyObjects(e)), (p) => {
            delete p.spec!.securityContext;
            p.spec!.containers[0].securityContext = { runAsUser: 1000 };
        });
        const f = podSecurityFindings(e, groupObjects(objs)).find((x) => x.id === `security.pod/${firstPod(objs)}`)!;
        assert.strictEqual(f.status, "fail");
        assert.ok(
            f.found.startsWith(
                "pod runAsNonRoot=unset seccomp=unset; container gateway runAsNonRoot=unset runAsUser=1000 readOnlyRootFilesystem=unset allowPrivilegeEscalation=unset drop=unset seccomp=unset; restricted: ",
            ),
            f.found,
        );
        assert.match(f.fix!, /rollout restart deployment\/portkey-gateway/);
        assert.strictEqual(f.expected, "meets restricted (pod-security-admission v0.33), mounts no Kubernetes API token");
    });
    it("a pod without a spec has no containers to show and is not failed for a token", () => {
        const objs = edit<Pod>(healthyObjects(e), "Pod", firstPod(healthyObjects(e)), (p) => void delete p.spec);
        const f = podSecurityFindings(e, groupObjects(objs)).find((x) => x.id === `security.pod/${firstPod(objs)}`)!;
        assert.match(f.found, /API token: not mounted$/);
    });
    it("kubelet's token is a projected token without an audience", () => {
        const projected = (serviceAccountToken?: { audience?: string }) => ({
            containers: [],
            volumes: [{ name: "v", projected: { sources: [{ serviceAccountToken }] } }],
        });
        assert.strictEqual(mountsApiToken(projected({})), true);
        assert.strictEqual(mountsApiToken(projected({ audience: "" })), true);
        assert.strictEqual(mountsApiToken(projected({ audience: "pods.eks.amazonaws.com" })), false);
        assert.strictEqual(mountsApiToken(projected(undefined)), false);
        assert.strictEqual(mountsApiToken({ containers: [], volumes: [{ name: "v", projected: {} }, { name: "w" }] }), false);
        assert.strictEqual(mountsApiToken({ containers: [] }), false);
    });
    it("the namespace first, then one finding per pod", () => {
        const ids = podSecurityFindings(e, groupObjects(healthyObjects(e))).map((f) => f.id);
        assert.strictEqual(ids[0], `security.namespace/${e.namespace}`);
        assert.ok(ids.slice(1).every((id) => id.startsWith("security.pod/portkey-gateway-")) && ids.length > 1, ids.join(","));
    });
});
