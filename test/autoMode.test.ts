// A created cluster on EKS Auto Mode: pulumi-eks's `autoMode` instead of a managed node group, no
// Cluster Autoscaler and no Pod Identity agent add-on (the node-group keys are refused: config/declaration.test.ts); and a running
// stack that changes cluster.compute refused in one step (docs/availability.md).
import program = require("../index");
import * as assert from "assert";
import { runProgram } from "../offline/run";
import { all, baseConfig, configProblems, CREATED_CLUSTER, find, plan, rawConfig } from "./testing";

const AUTO = { ...CREATED_CLUSTER, compute: "auto-mode" };

describe("a created cluster on Auto Mode", () => {
    it("asks pulumi-eks for Auto Mode with access entries, and creates no node group, node role or autoscaler", async () => {
        const p = await plan(baseConfig({ cluster: AUTO, addons: { metricsServer: "install" }, gateway: { autoscaling: { enabled: true } } }));
        const cluster = find(p, "eks:index:Cluster").inputs;
        // pulumi/pulumi-eks@v4.3.0 nodejs/eks/cluster/cluster.ts: `autoMode.enabled` needs authenticationMode API or API_AND_CONFIG_MAP.
        assert.strictEqual((cluster.autoMode as { enabled: boolean }).enabled, true);
        assert.strictEqual(cluster.authenticationMode, "API");
        // No vpc-cni add-on under Auto Mode (same file), so its options would configure nothing.
        assert.strictEqual(cluster.vpcCniOptions, undefined);
        // The default NodeClass takes the cluster's subnets (docs/upstream-facts.md#auto-mode-node-subnets): private ones only.
        assert.strictEqual(cluster.publicSubnetIds, undefined);
        assert.deepStrictEqual(cluster.privateSubnetIds, ["subnet-0a000000000000", "subnet-0a000000000001", "subnet-0a000000000002"]);
        // Auto Mode nodes run CoreDNS themselves (docs/upstream-facts.md#auto-mode-dns); pulumi-eks would add the add-on otherwise.
        assert.strictEqual((cluster.corednsAddonOptions as { enabled: boolean }).enabled, false);
        assert.deepStrictEqual(all(p, "eks:index:ManagedNodeGroup"), []);
        assert.ok(!p.resources.some((r) => r.type === "aws:iam/role:Role" && r.name.endsWith("-node-role")));
        assert.ok(!p.resources.some((r) => r.type === "portkey:addons:ClusterAutoscaler"));
        // The HPA still needs metrics-server: Auto Mode does not run it (EKS user guide, automode).
        assert.ok(p.resources.some((r) => r.name.includes("metrics-server")));
        assert.strictEqual(p.outputs.clusterCompute, "auto-mode");
    });

    it("a node-group cluster still gets its node group and the vpc-cni NetworkPolicy switch", async () => {
        const p = await plan(baseConfig({ cluster: CREATED_CLUSTER }));
        const cluster = find(p, "eks:index:Cluster").inputs;
        assert.strictEqual((cluster.vpcCniOptions as { enableNetworkPolicy: boolean }).enableNetworkPolicy, true);
        // Load balancers of a node-group cluster may use the public subnets; CoreDNS is pulumi-eks's default add-on.
        assert.deepStrictEqual(cluster.publicSubnetIds, ["subnet-0b000000000000", "subnet-0b000000000001", "subnet-0b000000000002"]);
        assert.strictEqual(cluster.corednsAddonOptions, undefined);
        assert.strictEqual(find(p, "eks:index:Cluster").inputs.autoMode, undefined);
        assert.strictEqual(all(p, "eks:index:ManagedNodeGroup").length, 1);
        assert.strictEqual(p.outputs.clusterCompute, "node-group");
    });

    it("installs no Pod Identity agent add-on: Auto Mode nodes run the agent", async () => {
        const p = await plan(baseConfig({ identity: "pod-identity", cluster: AUTO }));
        assert.ok(!p.resources.some((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "eks-pod-identity-agent"));
        const withNodeGroup = await plan(baseConfig({ identity: "pod-identity", cluster: CREATED_CLUSTER }));
        assert.ok(withNodeGroup.resources.some((r) => r.type === "aws:eks/addon:Addon" && r.inputs.addonName === "eks-pod-identity-agent"));
    });

    it("refuses cluster.installPodIdentityAgent under Auto Mode, created or existing", () => {
        for (const cluster of [AUTO, { create: false, name: "c", compute: "auto-mode" }]) {
            const problems = configProblems(baseConfig({ identity: "pod-identity", cluster: { ...cluster, installPodIdentityAgent: true } }));
            assert.strictEqual(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], /cluster\.installPodIdentityAgent: .*auto-mode the agent is built into every node/);
        }
    });
});

describe("changing cluster.compute on a running stack", () => {
    const after = (cluster: Record<string, unknown>, previous: string, extra: Record<string, unknown> = {}) => {
        const registered: string[] = [];
        const run = runProgram(program, rawConfig(baseConfig({ cluster, ...extra })), (type) => registered.push(type), {
            previousOutputs: { releaseName: "portkey", clusterCompute: previous },
        });
        return { run, registered };
    };

    it("is refused on a created cluster before any resource, naming the key and the migration", async () => {
        for (const [now, before] of [
            ["auto-mode", "node-group"],
            ["node-group", "auto-mode"],
        ]) {
            const { run, registered } = after({ ...CREATED_CLUSTER, compute: now }, before);
            await assert.rejects(run, (e: Error) => {
                assert.match(e.message, new RegExp(`cluster\\.compute: is ${now}, but the stack's last deployment ran ${before}`));
                assert.match(e.message, /remove the managed node group/);
                assert.match(e.message, new RegExp(`Fix: set cluster\\.compute back to ${before}.*Switching between node-group and auto-mode`));
                return true;
            });
            assert.ok(!registered.some((t) => t.startsWith("portkey:")), registered.join(", "));
        }
    });

    it("is allowed on an existing cluster with an in-cluster endpoint: nothing the program owns changes", async () => {
        const p = await after({ create: false, name: "c", compute: "auto-mode" }, "node-group").run;
        assert.strictEqual(p.outputs.clusterCompute, "auto-mode");
    });

    it("is allowed on an existing cluster whose last deployment had no load balancer, when this one adds one", async () => {
        const endpoint = {
            type: "internal-alb",
            certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
            hostname: "gw.internal.example.com",
            inboundCidrs: ["10.20.0.0/16"],
            loadBalancerSubnetIds: ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"],
        };
        const extra = { endpoint, addons: { loadBalancerController: "existing", loadBalancerControllerVersion: "v2.7.2" } };
        const p = await after({ create: false, name: "c", compute: "node-group" }, "auto-mode", extra).run;
        assert.strictEqual(p.outputs.clusterCompute, "node-group");
    });

    it("is not refused when the compute is unchanged, or on the first deployment", async () => {
        assert.strictEqual((await after(AUTO, "auto-mode").run).outputs.clusterCompute, "auto-mode");
        const first = runProgram(program, rawConfig(baseConfig({ cluster: AUTO })), undefined, { previousOutputs: {} });
        assert.strictEqual((await first).outputs.clusterCompute, "auto-mode");
    });

    it("is refused on a created cluster last deployed before clusterCompute was exported, which ran node-group", async () => {
        const old = runProgram(program, rawConfig(baseConfig({ cluster: AUTO })), undefined, { previousOutputs: { releaseName: "portkey" } });
        await assert.rejects(old, /cluster\.compute: is auto-mode, but the stack's last deployment ran node-group/);
    });
});
