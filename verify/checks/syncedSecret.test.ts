// The synced Secret, one case at a time. The driver creates it from the class's secretObjects,
// labels it secrets-store.csi.k8s.io/managed=true and makes the pod's ReplicaSet its owner
// (kubernetes-sigs/secrets-store-csi-driver controllers/secretproviderclasspodstatus_controller.go).
// A Secret's keys are those of data and stringData (Kubernetes API reference, Secret v1).
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { edit, healthyObjects, obj, owner, stackState, without } from "../testing";
import { KubeObject, Secret } from "../types";
import { syncedSecretFinding } from "./syncedSecret";

const GW = "portkey-gateway";
const SPC = "portkey-gateway-aws-secrets";
const KEYS = "ANTHROPIC_API_KEY, OPENAI_API_KEY, ORGANISATIONS_TO_SYNC, PORTKEY_CLIENT_AUTH";
const dev = () => stackState("dev");
const synced = (e: ExpectedState, objects: KubeObject[]) => syncedSecretFinding(e, groupObjects(objects));
const setSecret = (change: (s: Secret) => void, objects = healthyObjects(dev())) => edit(objects, "Secret", SPC, change);

describe("verify synced Secret (partial, full)", () => {
    it("dev passes, as in docs/operating.md", () => {
        const f = synced(dev(), healthyObjects(dev()));
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            ["secret.synced", "pass", `Secret portkeyai/${SPC} with exactly keys ${KEYS}, none empty, owned by the gateway's ReplicaSet`, `keys ${KEYS}`],
        );
    });
    it("missing keys are named; stringData keys count as keys", () => {
        const f = synced(
            dev(),
            setSecret((s) => {
                s.data = { ANTHROPIC_API_KEY: "x", OPENAI_API_KEY: "x" };
                s.stringData = { ORGANISATIONS_TO_SYNC: "x" };
            }),
        );
        assert.deepStrictEqual(
            [f.status, f.found],
            ["fail", "keys ORGANISATIONS_TO_SYNC, ANTHROPIC_API_KEY, OPENAI_API_KEY: missing keys PORTKEY_CLIENT_AUTH"],
        );
        assert.match(f.fix!, /non-empty string in the AWS secret/);
    });
    it("extra and empty keys are named; other Secrets of the namespace are not read", () => {
        const objs = setSecret((s) => void (s.data = { ...s.data, OPENAI_API_KEY: "", EXTRA: "eA==" }));
        const pull = obj("v1", "Secret", "pull-secret", "portkeyai", { data: { ".dockerconfigjson": "eA==" } });
        const f = synced(dev(), [pull, ...objs]);
        assert.strictEqual(f.found, `keys ${KEYS}, EXTRA: extra keys EXTRA; empty keys OPENAI_API_KEY`);
        assert.strictEqual(synced(dev(), [pull, ...healthyObjects(dev())]).status, "pass");
    });
    it("a Secret with no data has every key missing", () => {
        const f = synced(
            dev(),
            setSecret((s) => void delete s.data),
        );
        assert.strictEqual(f.found, `keys none: missing keys ${KEYS}`);
    });
    it("a Secret of that name in another namespace does not count", () => {
        const f = synced(
            dev(),
            setSecret((s) => void (s.metadata.namespace = "default")),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", "none"]);
        assert.match(f.fix!, /driver\.syncRbac/);
    });
    it("owned by a ReplicaSet of the gateway Deployment, read or (when not read) named after it", () => {
        const rs = (name: string, deployment: string) =>
            obj("apps/v1", "ReplicaSet", name, "portkeyai", { metadata: { name, namespace: "portkeyai", ownerReferences: owner("Deployment", deployment) } });
        const ownedBy = (rsName: string, objects: KubeObject[]) => setSecret((s) => void (s.metadata.ownerReferences = owner("ReplicaSet", rsName)), objects);
        const base = without(healthyObjects(dev()), "ReplicaSet");
        assert.strictEqual(synced(dev(), ownedBy(`${GW}-abc`, [...base, rs(`${GW}-abc`, GW)])).status, "pass");
        assert.strictEqual(synced(dev(), ownedBy(`${GW}-abc`, base)).status, "pass");
        const foreign = synced(dev(), ownedBy(`${GW}-abc`, [...base, rs(`${GW}-abc`, "redis")]));
        assert.deepStrictEqual([foreign.status, foreign.found], ["fail", `keys ${KEYS}: not owned by a ReplicaSet of ${GW} (owners: ReplicaSet/${GW}-abc)`]);
        assert.strictEqual(synced(dev(), ownedBy("redis-abc", base)).status, "fail");
        const byDeployment = setSecret((s) => void (s.metadata.ownerReferences = owner("Deployment", GW)), base);
        assert.match(synced(dev(), byDeployment).found, /owners: Deployment\/portkey-gateway\)$/);
    });
    it("only ReplicaSet owners count, and only ReplicaSets of the gateway's namespace", () => {
        const base = without(healthyObjects(dev()), "ReplicaSet");
        const job = setSecret((s) => void (s.metadata.ownerReferences = owner("Job", `${GW}-abc`)), base);
        assert.strictEqual(synced(dev(), job).status, "fail");
        const elsewhere = obj("apps/v1", "ReplicaSet", "other-rs", "default", {
            metadata: { name: "other-rs", namespace: "default", ownerReferences: owner("Deployment", GW) },
        });
        const foreign = setSecret((s) => void (s.metadata.ownerReferences = owner("ReplicaSet", "other-rs")), [...base, elsewhere]);
        assert.strictEqual(synced(dev(), foreign).status, "fail");
    });
    it("prod: a ReplicaSet named after either Deployment will do", () => {
        const e = stackState("prod");
        const base = without(healthyObjects(e), "ReplicaSet");
        const objs = edit(base, "Secret", e.syncedSecret!.name, (s: Secret) => void (s.metadata.ownerReferences = owner("ReplicaSet", `${GW}-abc`)));
        assert.strictEqual(synced(e, objs).status, "pass");
    });
    it("prod names both Deployments it may be owned by", () => {
        const e = stackState("prod");
        const objs = edit(healthyObjects(e), "Secret", e.syncedSecret!.name, (s: Secret) => void delete s.metadata.ownerReferences);
        assert.match(synced(e, objs).found, new RegExp(`not owned by a ReplicaSet of ${GW} or ${GW}-dataservice \\(owners: none\\)$`));
    });
});

describe("verify synced Secret (mount-only)", () => {
    const e = stackState("staging");
    const secret = (name: string, namespace: string, labels?: Record<string, string>) =>
        obj("v1", "Secret", name, namespace, { metadata: { name, namespace, labels } });
    it("none passes, with why none is expected", () => {
        const f = synced(e, healthyObjects(e));
        assert.deepStrictEqual([f.status, f.expected, f.found], ["pass", "no synced Secret (mount-only keeps secret values out of etcd)", "none"]);
    });
    it("Secrets the driver does not manage, or in other namespaces, are not its business", () => {
        const others = [
            secret("pull", e.namespace),
            secret("other", e.namespace, { "secrets-store.csi.k8s.io/managed": "false" }),
            secret("elsewhere", "default", { "secrets-store.csi.k8s.io/managed": "true" }),
        ];
        assert.strictEqual(synced(e, [...healthyObjects(e), ...others]).status, "pass");
    });
    it("driver-managed Secrets fail, each named, with the delete command", () => {
        const managed = { "secrets-store.csi.k8s.io/managed": "true" };
        const f = synced(e, [...healthyObjects(e), secret("a", e.namespace, managed), secret("b", e.namespace, managed)]);
        assert.deepStrictEqual([f.status, f.found], ["fail", `driver-managed Secret a, b in ${e.namespace}`]);
        assert.ok(f.fix!.includes(`kubectl -n ${e.namespace} delete secret <name>`), f.fix);
    });
});
