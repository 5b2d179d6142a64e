// The availability rules. Sources: Kubernetes docs "Specifying a Disruption Budget" (a budget of
// every pod blocks every eviction), "Horizontal Pod Autoscaling" (CPU utilisation is measured
// against the request), pod validation (a limit below its request is rejected), Deployment
// rolling updates (maxUnavailable defaults to 25%, rounded down; docs/upstream-facts.md#k8s-rolling-update);
// docs/availability.md.
import * as assert from "assert";
import { Settings } from "../declaration";
import { ruleInput, run } from "../testing";
import { autoscalingNeedsCpuRequest, autoscalingRangeInOrder, dataserviceBudgetFits, gatewayBudgetBelowReplicas, limitsCoverRequests } from "./availability";

type Gateway = Settings["gateway"];
type Resources = Gateway["resources"];
const base = ruleInput().s.gateway;
const gw = (over: Partial<Gateway>) => ruleInput({ gateway: { ...base, ...over } });
const scaling = (enabled: boolean, min = 2, max = 6) => ({ enabled, min, max, targetCPU: 70 });
const res = (cpu: string, memory: string, limits: Partial<Resources["limits"]>): Resources => ({
    requests: { cpu, memory },
    limits: { cpu: undefined, memory: "1Gi", ...limits },
});

describe("gatewayBudgetBelowReplicas", () => {
    const check = (replicas: number, minAvailable: number, autoscaling = scaling(false)) =>
        run(gatewayBudgetBelowReplicas, gw({ replicas, minAvailable, autoscaling }));
    it("rejects a budget of every replica", () => {
        const blocked =
            "portkey-gateway:gateway.minAvailable: is not below gateway.replicas, so the budget would block every node drain. Fix: lower gateway.minAvailable below gateway.replicas (or to 0 for no budget), or raise gateway.replicas.";
        assert.deepStrictEqual(check(2, 2), [blocked]);
        assert.deepStrictEqual(check(2, 3), [blocked]);
        assert.deepStrictEqual(check(1, 1), [blocked]);
    });
    it("measures the budget against autoscaling.min when the HPA owns the count", () => {
        const blocked =
            "portkey-gateway:gateway.minAvailable: is not below gateway.autoscaling.min, so the budget would block every node drain. Fix: lower gateway.minAvailable below gateway.autoscaling.min (or to 0 for no budget), or raise gateway.autoscaling.min.";
        assert.deepStrictEqual(check(5, 3, scaling(true, 3, 6)), [blocked]);
        assert.deepStrictEqual(check(1, 2, scaling(true, 3, 6)), []);
    });
    it("accepts a budget below the count, and no budget", () => {
        assert.deepStrictEqual(check(3, 2), []);
        assert.deepStrictEqual(check(1, 0), []);
    });
});

describe("autoscalingRangeInOrder", () => {
    const check = (autoscaling: Gateway["autoscaling"]) => run(autoscalingRangeInOrder, gw({ autoscaling }));
    it("rejects max below min", () =>
        assert.deepStrictEqual(check(scaling(true, 4, 3)), [
            "portkey-gateway:gateway.autoscaling.max: is below gateway.autoscaling.min. Fix: set gateway.autoscaling.max to at least gateway.autoscaling.min.",
        ]));
    it("accepts max equal to min, and any range while autoscaling is off", () => {
        assert.deepStrictEqual(check(scaling(true, 3, 3)), []);
        assert.deepStrictEqual(check(scaling(false, 4, 3)), []);
    });
});

describe("autoscalingNeedsCpuRequest", () => {
    const check = (enabled: boolean, cpu: string) =>
        run(autoscalingNeedsCpuRequest, gw({ autoscaling: scaling(enabled), resources: res(cpu, "512Mi", { memory: "1Gi" }) }));
    it("rejects a zero CPU request with the HPA on", () => {
        const zero =
            'portkey-gateway:gateway.resources.requests.cpu: is zero while gateway.autoscaling.enabled is true: the HPA measures utilisation against the CPU request and cannot scale without one. Fix: set a CPU request such as "500m", or turn autoscaling off.';
        assert.deepStrictEqual(check(true, "0"), [zero]);
        assert.deepStrictEqual(check(true, "0m"), [zero]);
    });
    it("accepts a request, or zero with the HPA off", () => {
        assert.deepStrictEqual(check(true, "1m"), []);
        assert.deepStrictEqual(check(false, "0"), []);
    });
});

describe("limitsCoverRequests", () => {
    const below = (key: string) => {
        const request = key.replace(".limits.", ".requests.");
        return `portkey-gateway:${key}: is below ${request}, which Kubernetes rejects. Fix: raise ${key} to at least ${request}, or lower the request.`;
    };
    const check = (g: Resources, d: Resources = base.dataservice.resources, dataservice = false) =>
        run(limitsCoverRequests, gw({ resources: g, dataservice: { ...base.dataservice, enabled: dataservice, resources: d } }));
    it("rejects limits below requests, comparing magnitudes across units", () => {
        assert.deepStrictEqual(check(res("500m", "1Gi", { cpu: "0.4", memory: "1000Mi" })), [
            below("gateway.resources.limits.cpu"),
            below("gateway.resources.limits.memory"),
        ]);
        assert.deepStrictEqual(check(res("1", "1G", { memory: "953Mi" })), [below("gateway.resources.limits.memory")]);
    });
    it("checks the dataservice only when it runs", () => {
        const low = res("500m", "512Mi", { cpu: "100m", memory: "1Gi" });
        assert.deepStrictEqual(check(base.resources, low, true), [below("gateway.dataservice.resources.limits.cpu")]);
        assert.deepStrictEqual(check(base.resources, low, false), []);
    });
    it("accepts equal limits (across units too), no CPU limit, and higher limits", () => {
        assert.deepStrictEqual(check(res("500m", "1Gi", { cpu: "0.5", memory: "1024Mi" })), []);
        assert.deepStrictEqual(check(res("2", "1Mi", { memory: "1048576" })), []);
        assert.deepStrictEqual(check(res("500m", "512Mi", { memory: "1Gi" })), []);
    });
});

describe("dataserviceBudgetFits", () => {
    const check = (replicas: number, minAvailable: number, enabled = true) =>
        run(dataserviceBudgetFits, gw({ dataservice: { ...base.dataservice, enabled, replicas, minAvailable } }));
    const blocked =
        "portkey-gateway:gateway.dataservice.minAvailable: is not below gateway.dataservice.replicas, so the budget would block every node drain. Fix: lower gateway.dataservice.minAvailable below gateway.dataservice.replicas (or to 0 for no budget).";
    const rollout =
        "portkey-gateway:gateway.dataservice.minAvailable: is above what a rolling update keeps (the chart's Deployment uses the Kubernetes default maxUnavailable of 25%), so every restart would breach the budget. Fix: lower gateway.dataservice.minAvailable, or remove it to take the default.";
    it("rejects a budget of every replica", () => {
        assert.deepStrictEqual(check(2, 2), [blocked]);
        assert.deepStrictEqual(check(2, 3), [blocked]);
    });
    it("rejects a budget a rolling update breaches (8 replicas: 25% is 2 pods, so at most 6)", () => {
        assert.deepStrictEqual(check(8, 7), [rollout]);
        assert.deepStrictEqual(check(8, 6), []);
        assert.deepStrictEqual(check(4, 3), []);
    });
    it("ignores no budget, and a dataservice that is off", () => {
        assert.deepStrictEqual(check(1, 0), []);
        assert.deepStrictEqual(check(2, 2, false), []);
    });
});
