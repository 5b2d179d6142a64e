import * as assert from "assert";
import {
    autoscalingValues,
    availabilityValues,
    dataservicePodSelector,
    defaultDataserviceMinAvailable,
    defaultGatewayMinAvailable,
    defaultReplicas,
    disruptionBudgets,
    gatewayPodSelector,
    isProductionLike,
    resourceRequirements,
    topologySpread,
} from "./availability";
import { gatewayNames } from "./names";
import { testConfig } from "./testing";
import type { ConfigOverrides } from "./testing";

function namesOf(o: ConfigOverrides = {}) {
    return gatewayNames(testConfig(o));
}

/** Whether a selector matches a set of pod labels (matchLabels and DoesNotExist, as the API server does). */
function matches(sel: ReturnType<typeof gatewayPodSelector>, labels: Record<string, string>): boolean {
    return Object.entries(sel.matchLabels).every(([k, v]) => labels[k] === v) && (sel.matchExpressions ?? []).every((e) => !(e.key in labels));
}

// Pod labels the chart renders for release `portkey` (Portkey-AI/helm charts/portkey-gateway 1.7.7
// _helpers.tpl gateway.labels / dataservice.labels; docs/upstream-facts.md#chart-names-labels; as `helm template` renders them).
const COMMON = { "helm.sh/chart": "gateway-1.7.7", "app.kubernetes.io/version": "2.13.0", "app.kubernetes.io/managed-by": "Helm" };
const GATEWAY_POD = { ...COMMON, "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" };
const DATASERVICE_POD = { ...GATEWAY_POD, "app.kubernetes.io/component": "portkey-gateway-dataservice" };
const REDIS_POD = { app: "redis" };

describe("isProductionLike / defaultReplicas", () => {
    // config/declaration.ts gateway.replicas: a `prod`, `production` or `prd` segment of the name, split on -, _ and ., or protect.
    const names: Array<[string, boolean]> = [
        ["prod", true],
        ["PROD", true],
        ["eu-production", true],
        ["prd", true],
        ["app_prd_eu", true],
        ["payments.prod", true],
        ["prod-us-east-1", true],
        ["nonprod", false],
        ["preprod", false],
        ["nonproduction", false],
        ["product-demo", false],
        ["prodigy", false],
        ["staging", false],
        ["dev", false],
        ["", false],
    ];
    for (const [stack, want] of names) {
        it(`${JSON.stringify(stack)} is ${want ? "" : "not "}production-like without protect`, () => assert.strictEqual(isProductionLike(stack, false), want));
    }
    it("protect makes any stack production-like", () => {
        assert.strictEqual(isProductionLike("dev", true), true);
        assert.strictEqual(isProductionLike("nonprod", true), true);
    });
    it("2 replicas for production-like stacks, 1 otherwise", () => {
        assert.strictEqual(defaultReplicas("prod", false), 2);
        assert.strictEqual(defaultReplicas("dev", false), 1);
    });
});

describe("defaultGatewayMinAvailable", () => {
    it("one below the replica count, or below the HPA's minimum", () => {
        assert.strictEqual(defaultGatewayMinAvailable(1, { enabled: false, min: 2 }), 0);
        assert.strictEqual(defaultGatewayMinAvailable(3, { enabled: false, min: 2 }), 2);
        assert.strictEqual(defaultGatewayMinAvailable(3, { enabled: true, min: 4 }), 3);
    });
});

describe("defaultDataserviceMinAvailable", () => {
    // Kubernetes default maxUnavailable 25% rounds down (apps/v1 DeploymentStrategy docs).
    it("leaves room for one drain and for a 25% rolling update", () => {
        assert.deepStrictEqual([1, 2, 3, 4, 8].map(defaultDataserviceMinAvailable), [0, 1, 2, 3, 6]);
    });
});

describe("gatewayPodSelector / dataservicePodSelector", () => {
    it("the gateway selector matches gateway pods only, never dataservice or redis pods", () => {
        const sel = gatewayPodSelector(namesOf({ gateway: { dataservice: { enabled: true } } }));
        assert.strictEqual(matches(sel, GATEWAY_POD), true);
        assert.strictEqual(matches(sel, DATASERVICE_POD), false);
        assert.strictEqual(matches(sel, REDIS_POD), false);
    });
    it("the dataservice selector matches dataservice pods only", () => {
        const sel = dataservicePodSelector(namesOf({ gateway: { dataservice: { enabled: true } } }));
        assert.strictEqual(matches(sel, DATASERVICE_POD), true);
        assert.strictEqual(matches(sel, GATEWAY_POD), false);
    });
    // The gateway Deployment's own selector (name + instance) also matches the dataservice pods,
    // which add app.kubernetes.io/component (chart 1.7.7 _helpers.tpl); only DoesNotExist keeps them out.
    it("the gateway selector is exactly name + instance, with the component label absent", () => {
        assert.deepStrictEqual(gatewayPodSelector(namesOf()), {
            matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" },
            matchExpressions: [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }],
        });
    });
    it("follows the chart's fullname: a release already named *gateway* keeps its name", () => {
        const sel = dataservicePodSelector(namesOf({ gateway: { releaseName: "my-gateway", dataservice: { enabled: true } } }));
        assert.deepStrictEqual(sel.matchLabels, {
            "app.kubernetes.io/name": "gateway",
            "app.kubernetes.io/instance": "my-gateway",
            "app.kubernetes.io/component": "my-gateway-dataservice",
        });
    });
});

describe("topologySpread", () => {
    it("zones first and soft, then nodes and hard, both on the given selector", () => {
        const sel = gatewayPodSelector(namesOf());
        const c = topologySpread(sel);
        assert.deepStrictEqual(
            c.map((x) => [x.topologyKey, x.whenUnsatisfiable, x.maxSkew]),
            [
                ["topology.kubernetes.io/zone", "ScheduleAnyway", 1],
                ["kubernetes.io/hostname", "DoNotSchedule", 1],
            ],
        );
        assert.ok(c.every((x) => x.labelSelector === sel && x.nodeTaintsPolicy === "Honor"));
    });
    // Kubernetes docs, Pod Topology Spread Constraints: matchLabelKeys [pod-template-hash] (the label
    // the Deployment controller puts on each ReplicaSet's pods) counts only pods of the same revision.
    it("counts only pods of the same ReplicaSet revision (matchLabelKeys pod-template-hash)", () => {
        const sel = dataservicePodSelector(namesOf({ gateway: { dataservice: { enabled: true } } }));
        assert.deepStrictEqual(topologySpread(sel), [
            {
                maxSkew: 1,
                labelSelector: sel,
                matchLabelKeys: ["pod-template-hash"],
                nodeTaintsPolicy: "Honor",
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
            },
            {
                maxSkew: 1,
                labelSelector: sel,
                matchLabelKeys: ["pod-template-hash"],
                nodeTaintsPolicy: "Honor",
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "DoNotSchedule",
            },
        ]);
    });
});

describe("resourceRequirements", () => {
    it("omits limits that are not set", () => {
        assert.deepStrictEqual(resourceRequirements({ requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "2Gi" } }), {
            requests: { cpu: "1", memory: "1Gi" },
            limits: { memory: "2Gi" },
        });
        assert.deepStrictEqual(resourceRequirements({ requests: { cpu: "1", memory: "1Gi" }, limits: {} }), { requests: { cpu: "1", memory: "1Gi" } });
    });
    // The config declares limits.cpu with no default, so a decoded section can hold `cpu: undefined`.
    it("drops a limit that is present but undefined, and the limits key when none is left", () => {
        assert.deepStrictEqual(resourceRequirements({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: undefined, memory: "2Gi" } }), {
            requests: { cpu: "1", memory: "1Gi" },
            limits: { memory: "2Gi" },
        });
        assert.deepStrictEqual(resourceRequirements({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: undefined, memory: undefined } }), {
            requests: { cpu: "1", memory: "1Gi" },
        });
    });
});

describe("autoscalingValues", () => {
    it("maps to the chart's autoscaling keys, memory metric off (0 renders none)", () => {
        assert.deepStrictEqual(autoscalingValues({ enabled: true, min: 3, max: 9, targetCPU: 65 }), {
            enabled: true,
            minReplicas: 3,
            maxReplicas: 9,
            targetCPUUtilizationPercentage: 65,
            targetMemoryUtilizationPercentage: 0,
        });
        assert.deepStrictEqual(autoscalingValues({ enabled: false, min: 3, max: 9, targetCPU: 65 }), { enabled: false });
    });
});

describe("availabilityValues", () => {
    it("a fixed count sets replicaCount, requests, spread and a rollout that never drops a pod", () => {
        const cfg = testConfig({ gateway: { replicas: 3 } });
        const v: any = availabilityValues(cfg, gatewayNames(cfg));
        assert.strictEqual(v.replicaCount, 3);
        assert.deepStrictEqual(v.resources.requests, { cpu: "500m", memory: "512Mi" });
        assert.deepStrictEqual(v.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
        assert.strictEqual(v.topologySpreadConstraints.length, 2);
        assert.deepStrictEqual(v.topologySpreadConstraints[0].labelSelector, {
            matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" },
            matchExpressions: [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }],
        });
        assert.strictEqual(v.dataservice, undefined);
    });
    // docs/availability.md: the program shortens the chart's 60s readiness period to 10s.
    it("probes readiness every 10s", () => {
        const cfg = testConfig();
        assert.deepStrictEqual((availabilityValues(cfg, gatewayNames(cfg)) as any).readinessProbe, { periodSeconds: 10 });
    });
    it("with autoscaling the count is left to the HPA (the chart drops replicas)", () => {
        const cfg = testConfig({ gateway: { replicas: 3, autoscaling: { enabled: true, min: 2, max: 5, targetCPU: 70 } } });
        const v: any = availabilityValues(cfg, gatewayNames(cfg));
        assert.strictEqual("replicaCount" in v, false);
        assert.strictEqual(v.autoscaling.enabled, true);
    });
    it("the dataservice gets its own count, requests and spread on its own pods", () => {
        const cfg = testConfig({ gateway: { dataservice: { enabled: true, replicas: 2 } } });
        const v: any = availabilityValues(cfg, gatewayNames(cfg));
        assert.strictEqual(v.dataservice.deployment.replicas, 2);
        assert.deepStrictEqual(v.dataservice.deployment.resources.requests, { cpu: "250m", memory: "512Mi" });
        assert.ok(matches(v.dataservice.deployment.topologySpreadConstraints[0].labelSelector, DATASERVICE_POD));
    });
});

describe("disruptionBudgets", () => {
    it("none with a budget of 0 (one replica), so a drain is never blocked", () => {
        assert.deepStrictEqual(disruptionBudgets(testConfig(), namesOf()), []);
    });
    it("one per Deployment with a budget, named after it, selecting only its pods", () => {
        const o: ConfigOverrides = { gateway: { replicas: 3, minAvailable: 2, dataservice: { enabled: true, replicas: 2, minAvailable: 1 } } };
        const b = disruptionBudgets(testConfig(o), namesOf(o));
        assert.deepStrictEqual(
            b.map((x) => [x.name, x.role, x.minAvailable]),
            [
                ["portkey-gateway", "gateway", 2],
                ["portkey-gateway-dataservice", "dataservice", 1],
            ],
        );
        assert.ok(matches(b[0].selector, GATEWAY_POD) && !matches(b[0].selector, DATASERVICE_POD));
        assert.ok(matches(b[1].selector, DATASERVICE_POD) && !matches(b[1].selector, GATEWAY_POD));
    });
    it("no dataservice budget when its budget is 0, even with a gateway budget", () => {
        const o: ConfigOverrides = { gateway: { replicas: 3, minAvailable: 2, dataservice: { enabled: true, replicas: 1, minAvailable: 0 } } };
        assert.deepStrictEqual(
            disruptionBudgets(testConfig(o), namesOf(o)).map((x) => x.role),
            ["gateway"],
        );
    });
    it("no dataservice budget when the dataservice is off, whatever its budget says", () => {
        const o: ConfigOverrides = { gateway: { replicas: 3, minAvailable: 2, dataservice: { enabled: false, minAvailable: 1 } } };
        assert.deepStrictEqual(
            disruptionBudgets(testConfig(o), namesOf(o)).map((x) => x.role),
            ["gateway"],
        );
    });
});
