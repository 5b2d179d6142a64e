// Turning autoscaling on for a running release, as the program registers it. Expected values:
// docs/availability.md ("Turning autoscaling on for a running release"); helm/helm v3.20.2
// pkg/kube/client.go `update` (the `helm.sh/resource-policy: keep` annotation is read from the live
// object) and pkg/postrender/exec.go; pulumi/pulumi-kubernetes provider/pkg/provider/helm_release.go
// (`postrender` goes to Helm's postrender.NewExec) and provider/pkg/ssa/actions.go `Relinquish` (a
// deleted Patch resource gives up its fields); the chart's fullname `portkey-gateway` for release
// `portkey` (docs/upstream-facts.md#chart-names-labels).
import * as assert from "assert";
import program = require("../index");
import { runProgram } from "../offline/run";
import { all, baseConfig, find, gatewayValues, rawConfig, T } from "./testing";

const HPA = baseConfig({ gateway: { autoscaling: { enabled: true, min: 3, max: 9 } } });
const FIXED = baseConfig({ gateway: { replicas: 3 } });
const KEEP = "portkey-gateway-keep-portkey-gateway";
const RELEASE = "portkey-gateway-release";

const planAfter = (cfg: Record<string, unknown>, previousOutputs: Record<string, unknown>) =>
    runProgram(program, rawConfig(cfg), undefined, { previousOutputs });
const keepPatches = (p: Awaited<ReturnType<typeof planAfter>>) => all(p, T.deploymentPatch).filter((r) => r.name === KEEP);

describe("program: turning autoscaling on for a running release", () => {
    it("step 1 (detach): the Deployment is kept by Helm and left out of the manifest, the HPA on, the budget and spread as ever", async () => {
        const p = await planAfter(HPA, { releaseName: "portkey", gatewayScaling: { owner: "chart", replicas: 3 } });
        const keep = find(p, T.deploymentPatch, KEEP);
        assert.deepStrictEqual(keep.inputs.metadata, { name: "portkey-gateway", namespace: "portkeyai", annotations: { "helm.sh/resource-policy": "keep" } });
        assert.strictEqual(keep.inputs.spec, undefined);
        const release = find(p, T.release, RELEASE);
        // The keep annotation is on the live Deployment before Helm's upgrade reads it.
        assert.ok(release.dependsOn.includes(KEEP), release.dependsOn.join(", "));
        assert.match(String(release.inputs.postrender), /\/scripts\/detachScaledDeployments\.js$/);
        const v = gatewayValues(p);
        assert.deepStrictEqual([v.autoscaling.enabled, v.autoscaling.minReplicas, v.autoscaling.maxReplicas, v.replicaCount], [true, 3, 9, undefined]);
        assert.strictEqual(v.topologySpreadConstraints.length, 2);
        const budget = all(p, "kubernetes:policy/v1:PodDisruptionBudget").find((b: any) => b.inputs.metadata.name === "portkey-gateway");
        assert.strictEqual((budget?.inputs.spec as any).minAvailable, 2);
        assert.deepStrictEqual(p.outputs.gatewayScaling, { owner: "detached" });
    });
    it("step 2 (attach): no keep patch (Pulumi removes it after the release) and no post-renderer", async () => {
        const p = await planAfter(HPA, { releaseName: "portkey", gatewayScaling: { owner: "detached" } });
        assert.deepStrictEqual(keepPatches(p), []);
        assert.strictEqual(find(p, T.release, RELEASE).inputs.postrender, undefined);
        assert.strictEqual(gatewayValues(p).autoscaling.enabled, true);
        assert.deepStrictEqual(p.outputs.gatewayScaling, { owner: "hpa" });
    });
    it("a stack deployed before the record existed takes step 1 too", async () => {
        const p = await planAfter(HPA, { releaseName: "portkey" });
        assert.strictEqual(keepPatches(p).length, 1);
        assert.deepStrictEqual(p.outputs.gatewayScaling, { owner: "detached" });
    });
    it("a new stack, or one already on the HPA, makes an ordinary upgrade", async () => {
        for (const previous of [{}, { releaseName: "portkey", gatewayScaling: { owner: "hpa" } }]) {
            const p = await planAfter(HPA, previous);
            assert.deepStrictEqual(keepPatches(p), []);
            assert.strictEqual(find(p, T.release, RELEASE).inputs.postrender, undefined);
            assert.deepStrictEqual(p.outputs.gatewayScaling, { owner: "hpa" });
        }
    });
    it("a fixed count is recorded for the next deployment", async () => {
        const p = await planAfter(FIXED, {});
        assert.deepStrictEqual(p.outputs.gatewayScaling, { owner: "chart", replicas: 3 });
        assert.strictEqual(gatewayValues(p).replicaCount, 3);
    });
    it("refuses, before the gateway's resources, a ceiling below the running count", async () => {
        const registered: string[] = [];
        await assert.rejects(
            runProgram(program, rawConfig(HPA), (type, name) => registered.push(`${type} ${name}`), {
                previousOutputs: { releaseName: "portkey", gatewayScaling: { owner: "chart", replicas: 12 } },
            }),
            /gateway\.autoscaling\.max \(9\) is below the 12 replicas the running release has/,
        );
        assert.ok(!registered.some((r) => r.startsWith("portkey:index:PortkeyGateway")), registered.join(", "));
    });
    it("reads the stack's own last outputs through a StackReference to itself, by its bare name on a DIY backend", async () => {
        const p = await planAfter(FIXED, {});
        assert.deepStrictEqual(find(p, "pulumi:pulumi:StackReference", "portkey-previous-deployment").inputs, { name: "test" });
    });
});
