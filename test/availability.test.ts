// The availability profile: defaults per stack, every inconsistent combination rejected with its
// key and a fix, and the budgets composed after the release (docs/upstream-facts.md#chart-availability-defaults: the chart has no PDB
// template; an HPA without a CPU request cannot compute utilisation, chart PR #227).
import * as assert from "assert";
import * as path from "path";
import { parseConfig } from "../config";
import { shippedSizing } from "./capacityFormula";
import { all, baseConfig, plan, rawConfig, shippedPlan, TestConfig, unwrap, configProblems, rejects } from "./testing";
import { parsedYamlFile } from "./parsedYaml";

function parsed(cfg: TestConfig, stack = "test") {
    const raw = rawConfig(cfg);
    return parseConfig(raw.config, new Set(raw.secretKeys), stack);
}

describe("config: availability defaults", () => {
    it("a production-like stack (protect on by default) gets 2 replicas and a budget of 1", () => {
        const g = parsed(baseConfig()).gateway;
        assert.deepStrictEqual([g.replicas, g.minAvailable], [2, 1]);
    });
    it("a stack named *prod* gets 2 replicas even without protect", () => {
        assert.strictEqual(parsed(baseConfig({ protect: false }), "eu-prod").gateway.replicas, 2);
    });
    it("a nonprod or preprod stack is not production: 1 replica without protect", () => {
        for (const stack of ["nonprod", "preprod", "eu-nonprod"]) assert.strictEqual(parsed(baseConfig({ protect: false }), stack).gateway.replicas, 1, stack);
    });
    it("an unprotected non-prod stack gets 1 replica and no budget", () => {
        const g = parsed(baseConfig({ protect: false })).gateway;
        assert.deepStrictEqual([g.replicas, g.minAvailable], [1, 0]);
    });
    it("1 replica is allowed on a production-like stack when set explicitly", () => {
        const g = parsed(baseConfig({ gateway: { replicas: 1 } })).gateway;
        assert.deepStrictEqual([g.replicas, g.minAvailable], [1, 0]);
    });
    it("requests default for the gateway and the dataservice", () => {
        const g = parsed(baseConfig({ gateway: { dataservice: { enabled: true } } })).gateway;
        assert.deepStrictEqual(g.resources.requests, { cpu: "500m", memory: "512Mi" });
        assert.deepStrictEqual([g.dataservice.replicas, g.dataservice.minAvailable], [2, 1]);
    });
});

describe("config: availability rules", () => {
    it("rejects a gateway budget not below the replica count", () =>
        rejects(
            baseConfig({ gateway: { replicas: 2, minAvailable: 2 } }),
            "gateway.minAvailable",
            /not below gateway\.replicas, so the budget would block every node drain/,
        ));
    it("rejects a gateway budget not below the HPA's minimum", () =>
        rejects(
            baseConfig({ gateway: { autoscaling: { enabled: true, min: 2 }, minAvailable: 2 } }),
            "gateway.minAvailable",
            /not below gateway\.autoscaling\.min/,
        ));
    it("rejects replicas together with autoscaling", () =>
        rejects(
            baseConfig({ gateway: { replicas: 3, autoscaling: { enabled: true } } }),
            "gateway.replicas",
            /not honoured while gateway\.autoscaling\.enabled is true/,
        ));
    it("rejects autoscaling settings while autoscaling is off", () =>
        rejects(baseConfig({ gateway: { autoscaling: { max: 9 } } }), "gateway.autoscaling.max", /autoscaling\.enabled is false/));
    it("rejects max below min", () =>
        rejects(
            baseConfig({ gateway: { autoscaling: { enabled: true, min: 4, max: 3 }, minAvailable: 1 } }),
            "gateway.autoscaling.max",
            /is below gateway\.autoscaling\.min/,
        ));
    it("rejects autoscaling without a CPU request", () =>
        rejects(
            baseConfig({ gateway: { autoscaling: { enabled: true }, resources: { requests: { cpu: "0" } } } }),
            "gateway.resources.requests.cpu",
            /HPA measures utilisation against the CPU request/,
        ));
    it("rejects a memory limit below the request, naming the limit", () =>
        rejects(
            baseConfig({ gateway: { resources: { requests: { memory: "2Gi" }, limits: { memory: "1Gi" } } } }),
            "gateway.resources.limits.memory",
            /is below gateway\.resources\.requests\.memory/,
        ));
    it("rejects a CPU limit below the request, comparing cores with millicores", () =>
        rejects(
            baseConfig({ gateway: { resources: { requests: { cpu: "1" }, limits: { cpu: "900m" } } } }),
            "gateway.resources.limits.cpu",
            /is below gateway\.resources\.requests\.cpu/,
        ));
    it("accepts equal limits and requests in different units", () =>
        assert.ok(parsed(baseConfig({ gateway: { resources: { requests: { cpu: "1", memory: "1024Mi" }, limits: { cpu: "1000m", memory: "1Gi" } } } }))));
    it("rejects a dataservice limit below its request", () =>
        rejects(
            baseConfig({ gateway: { dataservice: { enabled: true, resources: { requests: { memory: "2Gi" } } } } }),
            "gateway.dataservice.resources.limits.memory",
            /below gateway\.dataservice\.resources\.requests\.memory/,
        ));
    it("rejects quantities Kubernetes does not read, without quoting them", () => {
        const list = configProblems(baseConfig({ gateway: { resources: { requests: { cpu: "lots-secret" } } } }));
        assert.match(list[0], /portkey-gateway:gateway\.resources\.requests\.cpu: is not a CPU quantity/);
        assert.ok(!list.join("\n").includes("lots-secret"));
    });
    it("rejects a dataservice budget not below its replicas", () =>
        rejects(
            baseConfig({ gateway: { dataservice: { enabled: true, replicas: 2, minAvailable: 2 } } }),
            "gateway.dataservice.minAvailable",
            /would block every node drain/,
        ));
    it("rejects a dataservice budget a 25% rolling update would breach", () =>
        rejects(
            baseConfig({ gateway: { dataservice: { enabled: true, replicas: 8, minAvailable: 7 } } }),
            "gateway.dataservice.minAvailable",
            /above what a rolling update keeps/,
        ));
    it("rejects dataservice availability settings while the dataservice is off", () =>
        rejects(baseConfig({ gateway: { dataservice: { replicas: 3 } } }), "gateway.dataservice.replicas", /the dataservice is off/));
    it("rejects availability values in the escape hatch", () => {
        const list = configProblems(
            baseConfig({ gateway: { values: { replicaCount: 3, topologySpreadConstraints: [], dataservice: { deployment: { selectorLabels: {} } } } } }),
        );
        assert.deepStrictEqual(
            list.map((m) => m.split(":")[1]),
            ["gateway.values.replicaCount", "gateway.values.topologySpreadConstraints", "gateway.values.dataservice.deployment.selectorLabels"],
        );
    });
});

describe("program: disruption budgets", () => {
    it("policy/v1 budgets in the gateway namespace, after the release, on the cluster's provider", async () => {
        const p = await plan(baseConfig({ gateway: { replicas: 3, dataservice: { enabled: true } } }));
        const budgets = all(p, "kubernetes:policy/v1:PodDisruptionBudget");
        assert.deepStrictEqual(budgets.map((b) => [unwrap<any>(b.inputs.metadata).name, unwrap<any>(b.inputs.spec).minAvailable]).sort(), [
            ["portkey-gateway", 2],
            ["portkey-gateway-dataservice", 1],
        ]);
        for (const b of budgets) {
            assert.strictEqual(unwrap<any>(b.inputs.metadata).namespace, "portkeyai");
            assert.deepStrictEqual(b.dependsOn, ["portkey-gateway-release"]);
            assert.strictEqual(b.provider, "portkey-cluster-k8s");
        }
    });
    it("no budget with one replica", async () => {
        const p = await plan(baseConfig({ protect: false }));
        assert.deepStrictEqual(all(p, "kubernetes:policy/v1:PodDisruptionBudget"), []);
    });
});

describe("shipped plans: prod is highly available, dev stays small", () => {
    // The committed plans (a test keeps them current with the program).
    const planOf = (stack: string) => parsedYamlFile(path.join(__dirname, "..", "plans", `${stack}.yaml`));
    const byType = (p: any, type: string) => p.resources.filter((r: any) => r.type === type);
    const gatewayValuesOf = (p: any) => p.resources.find((r: any) => r.name === "portkey-gateway-release").inputs.values;
    // Chart 1.7.7 gateway pod labels for release `portkey` (docs/upstream-facts.md#chart-names-labels).
    const GATEWAY_POD = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" };

    it("prod: autoscaled from 3 replicas (one per zone) to the ceiling its peak needs, requests, zone spread, and a budget selecting the gateway pods", async () => {
        // A fresh plan of the shipped stack file (docs/availability.md, "Scaling"); the chart's HPA keys
        // (Portkey-AI/helm charts/portkey-gateway/templates/gateway/hpa.yaml, chart 1.7.7); the ceiling
        // and target by the docs' sizing formula (test/capacity.test.ts ties them to the figures).
        const p = await shippedPlan("prod");
        const v = gatewayValuesOf(p);
        const want = shippedSizing("prod");
        assert.strictEqual(v.replicaCount, undefined);
        assert.deepStrictEqual(v.autoscaling, {
            enabled: true,
            minReplicas: 3,
            maxReplicas: want.ceiling,
            targetCPUUtilizationPercentage: want.target,
            targetMemoryUtilizationPercentage: 0,
        });
        assert.ok(v.resources.requests.cpu && v.resources.requests.memory);
        assert.strictEqual(v.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
        const gw = byType(p, "kubernetes:policy/v1:PodDisruptionBudget").find((b: any) => b.inputs.metadata.name === "portkey-gateway");
        assert.strictEqual(gw.inputs.spec.minAvailable, 2);
        assert.deepStrictEqual(gw.inputs.spec.selector.matchLabels, GATEWAY_POD);
        assert.deepStrictEqual(gw.inputs.spec.selector.matchExpressions, [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }]);
    });
    it("dev: one replica and no budget", () => {
        const p = planOf("dev");
        assert.strictEqual(gatewayValuesOf(p).replicaCount, 1);
        assert.deepStrictEqual(byType(p, "kubernetes:policy/v1:PodDisruptionBudget"), []);
    });
});
