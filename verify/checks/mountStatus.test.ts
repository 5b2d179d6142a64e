// SecretProviderClassPodStatus per gateway pod. Fields: kubernetes-sigs/secrets-store-csi-driver
// apis/v1/secretproviderclasspodstatus_types.go (status.podName, secretProviderClassName, mounted,
// objects[].id). Object ids are ASCP's file names: the whole secret's alias and each jmesPath
// key's (aws/secrets-store-csi-driver-provider-aws provider/secret_descriptor.go).
import * as assert from "assert";
import { groupObjects } from "../observed";
import { edit, healthyObjects, stackState, without } from "../testing";
import { KubeObject, SecretProviderClassPodStatus } from "../types";
import { mountStatusFinding } from "./mountStatus";

const GW = "portkey-gateway";
const SPC = "portkey-gateway-aws-secrets";
const POD = `${GW}-5d8f7c9b4-x7k2p`;
const mount = (objects: KubeObject[], stack: "dev" | "prod" = "dev") => mountStatusFinding(stackState(stack), groupObjects(objects));
const setStatus = (change: (s: SecretProviderClassPodStatus) => void, objects = healthyObjects(stackState("dev"))) =>
    edit(objects, "SecretProviderClassPodStatus", `${POD}-portkeyai-${SPC}`, change);

describe("verify mount status", () => {
    it("dev: every pod mounted, as in docs/operating.md", () => {
        const f = mount(healthyObjects(stackState("dev")));
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            [
                "mount.podStatus",
                "pass",
                `every gateway pod mounted ${SPC} with objects secret.json, ANTHROPIC_API_KEY, OPENAI_API_KEY, ORGANISATIONS_TO_SYNC, PORTKEY_CLIENT_AUTH`,
                "1 pod(s) mounted",
            ],
        );
    });
    it("prod counts the dataservice's pods too", () => {
        const e = stackState("prod");
        const f = mount(healthyObjects(e), "prod");
        assert.strictEqual(f.status, "pass");
        const pods = healthyObjects(e).filter((o) => o.kind === "Pod" && o.metadata.namespace === e.namespace).length;
        assert.strictEqual(f.found, `${pods} pod(s) mounted`);
        assert.ok(pods > 2);
    });
    it("no gateway pods: points at the rollout", () => {
        const f = mount(without(healthyObjects(stackState("dev")), "Pod"));
        assert.deepStrictEqual([f.status, f.found], ["fail", "no gateway pods"]);
        assert.match(f.fix!, /workloads\.rollout/);
    });
    it("a status of another class, of another namespace, or of another pod does not count", () => {
        const f = (change: (s: SecretProviderClassPodStatus) => void) => mount(setStatus(change));
        const none = `${POD}: no SecretProviderClassPodStatus`;
        assert.strictEqual(f((s) => void (s.status!.secretProviderClassName = "other")).found, none);
        assert.strictEqual(f((s) => void (s.metadata.namespace = "default")).found, none);
        assert.strictEqual(f((s) => void (s.status!.podName = `${GW}-5d8f7c9b4-zzzzz`)).found, none);
        assert.strictEqual(f((s) => void delete s.status).found, none);
    });
    it("mounted must be true; no objects list misses every object", () => {
        const notMounted = mount(setStatus((s) => void delete s.status!.mounted));
        assert.deepStrictEqual([notMounted.status, notMounted.found], ["fail", `${POD}: not mounted`]);
        assert.match(notMounted.fix!, /events\.\* findings/);
        assert.ok(notMounted.fix!.includes("kubectl -n portkeyai describe pod <pod>"));
        const noObjects = mount(setStatus((s) => void delete s.status!.objects));
        assert.strictEqual(
            noObjects.found,
            `${POD}: objects missing secret.json, ANTHROPIC_API_KEY, OPENAI_API_KEY, ORGANISATIONS_TO_SYNC, PORTKEY_CLIENT_AUTH`,
        );
    });
    it("extra objects are fine", () => {
        const f = mount(setStatus((s) => void s.status!.objects!.push({ id: "EXTRA", version: "1" })));
        assert.strictEqual(f.status, "pass");
    });
});
