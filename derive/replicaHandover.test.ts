// Turning autoscaling on for a running release. Expected values: docs/availability.md ("Turning
// autoscaling on for a running release") and a model of what Helm and Kubernetes do with the gateway
// Deployment's `spec.replicas`, built from their source:
// - helm/helm v3.20.2 (the Helm pulumi-kubernetes embeds): pkg/action/upgrade.go `prepareUpgrade`
//   (the previous deployed release's manifest is the original) and `performUpgrade` (an object the
//   new manifest adds that already exists with this release's ownership is appended to the original
//   list as the new manifest's own object), pkg/action/validate.go `existingResourceConflict`,
//   pkg/kube/client.go `update` (an object only the original has is deleted unless its live
//   annotations say `helm.sh/resource-policy: keep`) and `createPatch`
//   (`strategicpatch.CreateThreeWayMergePatch(original, target, live)`);
// - kubernetes/apimachinery pkg/util/strategicpatch/patch.go `CreateThreeWayMergePatch`: deletions
//   come from original → modified (a key only the original has becomes null), changes from live →
//   modified with deletions ignored;
// - kubernetes/kubernetes pkg/apis/apps/v1/defaults.go `SetDefaults_Deployment`: no replicas means 1;
// - Portkey-AI/helm charts/portkey-gateway 1.7.7 templates/gateway/deployment.yaml: `replicas` only
//   when `autoscaling.enabled` is false (rendered with `helm template` to check).
import * as assert from "assert";
import { previousDeploymentDependents, PreviousScaling, previousScaling, replicaHandover, ScalingRecord, selfReferenceName } from "./replicaHandover";

/** The gateway Deployment in a release manifest: absent, or with or without `replicas`. */
type Manifest = { deployment?: { replicas?: number } };
/** The live Deployment: its replica count and whether it carries the keep annotation. */
type Live = { replicas: number; keep: boolean } | undefined;

/** One Helm 3 upgrade of the release, as far as the gateway Deployment's replicas go. */
function helmUpgrade(previous: Manifest, next: Manifest, live: Live): Live {
    if (!live) throw new Error("the model starts from a running release");
    if (!next.deployment) return live.keep ? live : undefined; // client.go update: deleted unless keep
    // upgrade.go performUpgrade: an object new to the manifest that exists is adopted, its original the new object.
    const original = previous.deployment ?? next.deployment;
    const modified = next.deployment;
    const deletes = "replicas" in original && !("replicas" in modified);
    const changes = modified.replicas !== undefined && modified.replicas !== live.replicas;
    if (deletes) return { ...live, replicas: 1 }; // null patch, then the Deployment default
    if (changes) return { ...live, replicas: modified.replicas! };
    return live;
}

/** What the chart renders for the step: the post-renderer drops the Deployment in `detach`. */
function rendered(g: Gateway, step: string): Manifest {
    if (step === "detach") return {};
    return { deployment: g.autoscaling.enabled ? {} : { replicas: g.replicas } };
}

type Gateway = { replicas: number; autoscaling: { enabled: boolean; max: number } };
const FIXED_3: Gateway = { replicas: 3, autoscaling: { enabled: false, max: 0 } };
const HPA_3_9: Gateway = { replicas: 2, autoscaling: { enabled: true, max: 9 } };

/**
 * `pulumi up` after `pulumi up`: each reads the last one's outputs, makes its step, and the HPA may
 * move the count in between. Returns the live count after each upgrade.
 */
function deployments(steps: Array<{ gateway: Gateway; hpaSetsTo?: number }>): { counts: number[]; records: ScalingRecord[]; steps: string[] } {
    let outputs: Record<string, unknown> = {};
    let manifest: Manifest = {};
    let live: Live;
    const counts: number[] = [];
    const records: ScalingRecord[] = [];
    const made: string[] = [];
    for (const { gateway, hpaSetsTo } of steps) {
        const h = replicaHandover(gateway, previousScaling(outputs));
        assert.strictEqual(h.refusal, undefined);
        const next = rendered(gateway, h.step);
        // The keep patch comes before the release in `detach`; Pulumi removes it after the release in the next one.
        live =
            live === undefined
                ? { replicas: next.deployment!.replicas ?? 1, keep: false }
                : helmUpgrade(manifest, next, { ...live, keep: h.step === "detach" });
        if (live && hpaSetsTo !== undefined) live = { ...live, replicas: hpaSetsTo };
        counts.push(live?.replicas ?? 0);
        records.push(h.record);
        made.push(h.step);
        manifest = next;
        outputs = { releaseName: "portkey", gatewayScaling: h.record };
    }
    return { counts, records, steps: made };
}

describe("replica handover: the model of Helm's upgrade", () => {
    it("shows the danger: a manifest that drops `replicas` in one upgrade leaves one pod", () => {
        assert.deepStrictEqual(helmUpgrade({ deployment: { replicas: 3 } }, { deployment: {} }, { replicas: 3, keep: false }), { replicas: 1, keep: false });
    });
    it("a manifest that keeps `replicas` resets what the HPA chose", () => {
        assert.deepStrictEqual(helmUpgrade({ deployment: { replicas: 3 } }, { deployment: { replicas: 3 } }, { replicas: 6, keep: false })?.replicas, 3);
    });
    it("a Deployment the new manifest lacks is deleted without the keep annotation, kept with it", () => {
        assert.strictEqual(helmUpgrade({ deployment: { replicas: 3 } }, {}, { replicas: 3, keep: false }), undefined);
        assert.deepStrictEqual(helmUpgrade({ deployment: { replicas: 3 } }, {}, { replicas: 3, keep: true }), { replicas: 3, keep: true });
    });
    it("an adopted Deployment keeps its live count: nothing in the original to delete", () => {
        assert.deepStrictEqual(helmUpgrade({}, { deployment: {} }, { replicas: 5, keep: true })?.replicas, 5);
    });
});

describe("replicaHandover: turning the HPA on for a running release", () => {
    it("never goes below the running count: fixed 3, then detach, then attach, with the HPA moving it between", () => {
        const { counts, records, steps } = deployments([
            { gateway: FIXED_3 },
            { gateway: HPA_3_9, hpaSetsTo: 5 },
            { gateway: HPA_3_9 },
            { gateway: HPA_3_9, hpaSetsTo: 7 },
            { gateway: HPA_3_9 },
        ]);
        assert.deepStrictEqual(counts, [3, 5, 5, 7, 7]);
        assert.deepStrictEqual(steps, ["none", "detach", "attach", "none", "none"]);
        assert.deepStrictEqual(
            records.map((r) => r.owner),
            ["chart", "detached", "hpa", "hpa", "hpa"],
        );
    });
    it("a stack deployed before the record existed is handed over the same way", () => {
        const h = replicaHandover(HPA_3_9, { kind: "unknown" });
        assert.deepStrictEqual([h.step, h.record], ["detach", { owner: "detached" }]);
        assert.match(h.notice!, /step 1 of 2.*Run `pulumi up` again/s);
    });
    it("a new stack installs with the HPA at once: nothing runs to protect", () => {
        assert.deepStrictEqual(replicaHandover(HPA_3_9, { kind: "none" }), { step: "none", record: { owner: "hpa" } });
        assert.deepStrictEqual(deployments([{ gateway: HPA_3_9 }]).records, [{ owner: "hpa" }]);
    });
    it("with the HPA off the chart owns the count, whatever came before", () => {
        for (const previous of [{ kind: "none" }, { kind: "unknown" }, { kind: "recorded", record: { owner: "hpa" } }] as PreviousScaling[]) {
            assert.deepStrictEqual(replicaHandover(FIXED_3, previous), { step: "none", record: { owner: "chart", replicas: 3 } });
        }
    });
    it("turning it back off in the middle brings the Deployment back with the fixed count", () => {
        assert.deepStrictEqual(deployments([{ gateway: FIXED_3 }, { gateway: HPA_3_9 }, { gateway: FIXED_3 }]).counts, [3, 3, 3]);
    });
    it("refuses a ceiling below the running count, naming the key, the counts and the fix", () => {
        const h = replicaHandover({ replicas: 2, autoscaling: { enabled: true, max: 9 } }, { kind: "recorded", record: { owner: "chart", replicas: 12 } });
        assert.strictEqual(h.step, "none");
        assert.deepStrictEqual(h.record, { owner: "chart", replicas: 12 });
        assert.match(h.refusal!, /^gateway\.autoscaling\.max \(9\) is below the 12 replicas the running release has: the HPA would remove 3 pods at once/);
        assert.match(
            h.refusal!,
            /Set gateway\.autoscaling\.max to at least 12 to turn autoscaling on; lower it in a later `pulumi up` \(docs\/availability\.md, "Turning autoscaling on for a running release"\)\.$/,
        );
        // At the ceiling exactly, nothing is removed.
        assert.strictEqual(replicaHandover(HPA_3_9, { kind: "recorded", record: { owner: "chart", replicas: 9 } }).step, "detach");
    });
    it("a running count below the floor is handed over too: the HPA only adds pods", () => {
        assert.strictEqual(replicaHandover(HPA_3_9, { kind: "recorded", record: { owner: "chart", replicas: 1 } }).step, "detach");
    });
});

describe("previousScaling", () => {
    it("reads the record, a release without one, or nothing", () => {
        assert.deepStrictEqual(previousScaling({}), { kind: "none" });
        assert.deepStrictEqual(previousScaling({ releaseName: "portkey" }), { kind: "unknown" });
        assert.deepStrictEqual(previousScaling({ releaseName: "portkey", gatewayScaling: { owner: "chart", replicas: 3 } }), {
            kind: "recorded",
            record: { owner: "chart", replicas: 3 },
        });
        assert.deepStrictEqual(previousScaling({ gatewayScaling: { owner: "detached" } }), { kind: "recorded", record: { owner: "detached" } });
    });
    it("an output it cannot read counts as no record", () => {
        assert.deepStrictEqual(previousScaling({ releaseName: "portkey", gatewayScaling: { owner: "someone" } }), { kind: "unknown" });
        assert.deepStrictEqual(previousScaling({ releaseName: "portkey", gatewayScaling: "hpa" }), { kind: "unknown" });
        assert.deepStrictEqual(previousScaling({ gatewayScaling: null }), { kind: "none" });
        assert.deepStrictEqual(previousScaling({ gatewayScaling: { owner: "chart", replicas: "3" } }), { kind: "recorded", record: { owner: "chart" } });
    });
});

describe("selfReferenceName", () => {
    // pulumi/pulumi pkg/backend/diy/store.go: the project layout takes `organization/<project>/<stack>` or a bare
    // name, the legacy layout a bare name only; the organization of a DIY backend is always "organization".
    it("a DIY backend: the bare stack name; Pulumi Cloud: org/project/stack", () => {
        assert.strictEqual(selfReferenceName("organization", "portkey-gateway", "prod"), "prod");
        assert.strictEqual(selfReferenceName("acme", "portkey-gateway", "prod"), "acme/portkey-gateway/prod");
    });
});

describe("previousDeploymentDependents", () => {
    it("names gateway.autoscaling when it is on, and cluster.compute on a created cluster or with a load balancer (derive/compute.ts computeSwitchRefusal)", () => {
        const cases: Array<[{ autoscaling: boolean; created: boolean; loadBalancer: boolean }, string[]]> = [
            [{ autoscaling: false, created: false, loadBalancer: false }, []],
            [{ autoscaling: true, created: false, loadBalancer: false }, ["gateway.autoscaling"]],
            [{ autoscaling: false, created: true, loadBalancer: false }, ["cluster.compute"]],
            [{ autoscaling: false, created: false, loadBalancer: true }, ["cluster.compute"]],
            [{ autoscaling: true, created: true, loadBalancer: true }, ["gateway.autoscaling", "cluster.compute"]],
        ];
        for (const [s, want] of cases) assert.deepStrictEqual(previousDeploymentDependents(s), want, JSON.stringify(s));
    });
});
