// Sizing applied to a stack's settings (docs/availability.md, "Sizing from the figures"): derived
// values only where the stack set none, its own settings win with a warning when they fall short,
// its own per-core figures replace the measured ones, the enterprise label, and the refusal of a
// ceiling the key cannot hold. Expected numbers are worked out from the docs' formula in comments.
import * as assert from "assert";
import { DEFAULT_HEADROOM_PERCENT } from "../derive/capacity";
import { GatewayFigures, OPEN_SOURCE_FIGURES } from "../derive/data/measuredCapacity";
import { applyCapacity, cpuQuantity, figuresSource, memoryQuantity } from "./capacity";
import type { Settings } from "./declaration";
import { parseConfig } from "./index";
import { Problems } from "./problems";
import { assertWellFormed, onMinimal, rawMap, ruleInput } from "./testing";

type Gateway = Settings["gateway"];
const base = ruleInput().s;
/** The trial's figures as docs/availability.md quotes them, so the tests do not read the constant they check against. */
const TRIAL: GatewayFigures = {
    ...OPEN_SOURCE_FIGURES,
    provenance: {
        ...OPEN_SOURCE_FIGURES.provenance,
        source: "issue 26 text, replaced by the benchmark's figures",
        node: "20",
        dependencies: { hono: "4.9.7", "@hono/node-server": "1.13.5" },
    },
    requestsPerCoreSecond: 900,
    streamsPerCore: 200,
    memory: undefined,
};
const PEAK = {
    peakRequestsPerSecond: 300,
    peakConcurrentStreams: 1000,
    headroomPercent: 40,
    perCore: { requestsPerSecond: undefined, concurrentStreams: undefined },
};

/** Settings with `gateway` over the minimal stack's, and `raw` as the stack wrote its gateway section. */
function apply(gateway: Partial<Gateway>, rawGateway: Record<string, unknown> = {}, f: GatewayFigures = TRIAL) {
    const s = { ...base, gateway: { ...base.gateway, ...gateway } } as Settings;
    const p = new Problems();
    const out = applyCapacity(s, { gateway: rawGateway }, p, f);
    assertWellFormed(p.list);
    return { ...out, problems: p.list };
}
const hpa = (over: Partial<Gateway["autoscaling"]> = {}) => ({ ...base.gateway.autoscaling, enabled: true, min: 3, ...over });

describe("applyCapacity", () => {
    it("without a capacity, or one with no peak, leaves the settings alone and reports nothing", () => {
        for (const capacity of [undefined, { ...PEAK, peakRequestsPerSecond: undefined, peakConcurrentStreams: undefined }]) {
            const { s, report, problems } = apply({ autoscaling: hpa(), capacity });
            assert.deepStrictEqual([s.gateway.autoscaling.max, s.gateway.autoscaling.targetCPU, s.gateway.resources.requests.cpu], [6, 70, "500m"]);
            assert.deepStrictEqual([report, problems], [undefined, []]);
        }
    });
    it("with an HPA: max, targetCPU and the CPU request derived (3 to 8 pods at 71% of one core); the budget stays min - 1", () => {
        const { s, report } = apply({ autoscaling: hpa(), capacity: PEAK, minAvailable: 2 });
        const g = s.gateway;
        assert.deepStrictEqual([g.autoscaling.min, g.autoscaling.max, g.autoscaling.targetCPU, g.resources.requests.cpu, g.minAvailable], [3, 8, 71, "1", 2]);
        assert.deepStrictEqual(report!.settings, {
            "gateway.autoscaling.min": "3 (the floor, default)",
            "gateway.autoscaling.max": "8 (derived)",
            "gateway.autoscaling.targetCPU": "71 (derived)",
            "gateway.resources.requests.cpu": "1 (derived)",
            "gateway.resources.requests.memory": "512Mi (not derived: no measured memory figure)",
            "gateway.resources.limits.memory": "1Gi (not derived: no measured memory figure)",
        });
        assert.deepStrictEqual(
            [report!.peak, report!.headroomPercent, report!.warnings, report!.bound],
            [{ requestsPerSecond: 300, concurrentStreams: 1000 }, 40, [], undefined],
        );
    });
    it("without an HPA: the replica count is the ceiling (floor 2, 8 pods) and the budget follows it", () => {
        const { s, report } = apply({ replicas: 2, capacity: PEAK });
        assert.deepStrictEqual([s.gateway.replicas, s.gateway.minAvailable, s.gateway.autoscaling.max], [8, 7, 6]);
        assert.strictEqual(report!.settings["gateway.replicas"], "8 (derived)");
    });
    it("a budget the stack set stays", () =>
        assert.strictEqual(apply({ replicas: 2, capacity: PEAK, minAvailable: 1 }, { minAvailable: 1 }).s.gateway.minAvailable, 1));
    it("a max the stack set wins, with a warning when it is below the pods the peak needs", () => {
        const { s, report } = apply({ autoscaling: hpa({ max: 5 }), capacity: PEAK }, { autoscaling: { enabled: true, min: 3, max: 5 } });
        assert.strictEqual(s.gateway.autoscaling.max, 5);
        assert.strictEqual(report!.settings["gateway.autoscaling.max"], "5 (set by the stack)");
        assert.deepStrictEqual(report!.warnings, [
            "gateway.autoscaling.max is 5, below the 8 pods gateway.capacity's peak needs: raise it, or remove it to take the derived value",
        ]);
        assert.deepStrictEqual(apply({ autoscaling: hpa({ max: 8 }), capacity: PEAK }, { autoscaling: { max: 8 } }).report!.warnings, []);
    });
    it("replicas the stack set win, with the same warning", () => {
        const { s, report } = apply({ replicas: 4, capacity: PEAK }, { replicas: 4 });
        assert.deepStrictEqual([s.gateway.replicas, report!.settings["gateway.replicas"]], [4, "4 (set by the stack)"]);
        assert.deepStrictEqual(report!.warnings, [
            "gateway.replicas is 4, below the 8 pods gateway.capacity's peak needs: raise it, or remove it to take the derived value",
        ]);
    });
    it("a target the stack set is used for the ceiling: 5.33 cores at 50% of one core is 11 pods", () => {
        const { s, report } = apply({ autoscaling: hpa({ targetCPU: 50, min: 2 }), capacity: PEAK }, { autoscaling: { targetCPU: 50, min: 2 } });
        assert.deepStrictEqual([s.gateway.autoscaling.targetCPU, s.gateway.autoscaling.max], [50, 11]);
        assert.deepStrictEqual(
            [report!.settings["gateway.autoscaling.targetCPU"], report!.settings["gateway.autoscaling.min"]],
            ["50 (set by the stack)", "2 (the floor, set by the stack)"],
        );
    });
    it("a CPU request above one core is kept, counts as one core, and is warned about", () => {
        const resources = { ...base.gateway.resources, requests: { cpu: "2", memory: "512Mi" } };
        const { s, report } = apply({ autoscaling: hpa(), capacity: PEAK, resources }, { resources: { requests: { cpu: "2" } } });
        assert.deepStrictEqual([s.gateway.resources.requests.cpu, s.gateway.autoscaling.max], ["2", 8]);
        assert.deepStrictEqual(report!.warnings, [
            "gateway.resources.requests.cpu is above 1000m, but one gateway process uses about one core: the rest is reserved and never used, and the HPA's utilisation of the request stays low, so it scales late or never; remove it to take the derived request",
        ]);
        assert.match(apply({ replicas: 2, capacity: PEAK, resources }, { resources: { requests: { cpu: "2" } } }).report!.warnings[0], /never used; remove it/);
    });
    it("a CPU request the stack set is kept as written and used for the ceiling: 5.33 cores at 71% of 0.5 cores is 16 pods", () => {
        const resources = { ...base.gateway.resources, requests: { cpu: "0.5", memory: "512Mi" } };
        const { s, report } = apply({ autoscaling: hpa(), capacity: PEAK, resources }, { resources: { requests: { cpu: "0.5" } } });
        assert.deepStrictEqual([s.gateway.resources.requests.cpu, s.gateway.autoscaling.max], ["0.5", 16]);
        assert.deepStrictEqual([report!.settings["gateway.resources.requests.cpu"], report!.warnings], ["0.5 (set by the stack)", []]);
        const oneCore = { ...base.gateway.resources, requests: { cpu: "1", memory: "512Mi" } };
        assert.deepStrictEqual(
            apply({ autoscaling: hpa(), capacity: PEAK, resources: oneCore }, { resources: { requests: { cpu: "1" } } }).report!.warnings,
            [],
        );
    });
    it("the stack's own per-core figures replace the measured ones, each named as the stack's", () => {
        const capacity = { ...PEAK, perCore: { requestsPerSecond: 300, concurrentStreams: 100 } };
        // 300/300 + 1000/100 = 11 cores; 11 / 0.71 = 15.5 → 16
        const { s, report } = apply({ autoscaling: hpa(), capacity }, {}, TRIAL);
        assert.strictEqual(s.gateway.autoscaling.max, 16);
        assert.deepStrictEqual(report!.perCore, {
            requestsPerSecond: { value: 300, source: "set by the stack (gateway.capacity.perCore.requestsPerSecond)" },
            concurrentStreams: { value: 100, source: "set by the stack (gateway.capacity.perCore.concurrentStreams)" },
        });
    });
    it("the measured figures name what ran them", () => {
        const { report } = apply({ autoscaling: hpa(), capacity: { ...PEAK, peakConcurrentStreams: undefined } });
        assert.deepStrictEqual(Object.keys(report!.perCore), ["requestsPerSecond"]);
        assert.deepStrictEqual(report!.peak, { requestsPerSecond: 300 });
        const streamsOnly = apply({ autoscaling: hpa(), capacity: { ...PEAK, peakRequestsPerSecond: undefined } }).report!;
        assert.deepStrictEqual([streamsOnly.peak, Object.keys(streamsOnly.perCore)], [{ concurrentStreams: 1000 }, ["concurrentStreams"]]);
        assert.strictEqual(report!.perCore.requestsPerSecond!.source, `${TRIAL.requestsMeasuredAt}; ${figuresSource(TRIAL)}`);
        assert.strictEqual(
            figuresSource(TRIAL),
            "open-source gateway 1.15.2 on Node 20 (hono 4.9.7, @hono/node-server 1.13.5), `npm run bench:gateway`: issue 26 text, replaced by the benchmark's figures",
        );
    });
    it("the enterprise image on the measured figures is labelled an upper bound; its own figures for every peak remove the label", () => {
        const bound = (perCore: NonNullable<Gateway["capacity"]>["perCore"]) =>
            apply({ autoscaling: hpa(), capacity: { ...PEAK, perCore }, image: "enterprise" }).report!.bound;
        assert.match(
            bound({ requestsPerSecond: undefined, concurrentStreams: undefined })!,
            /^upper bound: .* the ceiling is a lower bound; .*set gateway\.capacity\.perCore$/,
        );
        assert.ok(bound({ requestsPerSecond: 500, concurrentStreams: undefined }));
        assert.strictEqual(bound({ requestsPerSecond: 500, concurrentStreams: 150 }), undefined);
        // Its own figure for its only peak: no open-source figure is used.
        const requestsOnly = { ...PEAK, peakConcurrentStreams: undefined, perCore: { requestsPerSecond: 500, concurrentStreams: undefined } };
        assert.strictEqual(apply({ autoscaling: hpa(), capacity: requestsOnly, image: "enterprise" }).report!.bound, undefined);
        assert.ok(apply({ autoscaling: hpa(), capacity: { ...PEAK, peakConcurrentStreams: undefined }, image: "enterprise" }).report!.bound);
        assert.strictEqual(apply({ autoscaling: hpa(), capacity: PEAK, image: "open-source" }).report!.bound, undefined);
    });
    it("replacing the figures re-derives: half the requests per core-second doubles that term", () => {
        // 300/450 + 1000/200 = 5.67 cores; / 0.71 = 7.98 → 8; with streams only at 100 per core: 10 cores → 15
        assert.strictEqual(apply({ autoscaling: hpa(), capacity: PEAK }, {}, { ...TRIAL, requestsPerCoreSecond: 450 }).s.gateway.autoscaling.max, 8);
        assert.strictEqual(apply({ autoscaling: hpa(), capacity: PEAK }, {}, { ...TRIAL, streamsPerCore: 100 }).s.gateway.autoscaling.max, 15);
    });
    it("the enterprise image keeps its memory settings: the figures measured the open-source process", () => {
        const f = { ...TRIAL, memory: { idleMiB: 100, perStreamKiB: 1024 } };
        const ent = apply({ autoscaling: hpa(), capacity: PEAK, image: "enterprise" }, {}, f);
        const r = base.gateway.resources;
        assert.deepStrictEqual([ent.s.gateway.resources.requests.memory, ent.s.gateway.resources.limits.memory], [r.requests.memory, r.limits.memory]);
        assert.match(
            ent.report!.settings["gateway.resources.limits.memory"],
            /not derived: the memory figures are the open-source gateway's, not the enterprise image's/,
        );
        assert.doesNotMatch(ent.report!.arithmetic.join("\n"), /memory/);
        const oss = apply({ autoscaling: hpa(), capacity: PEAK, image: "open-source" }, {}, f);
        assert.strictEqual(oss.s.gateway.resources.requests.memory, "225Mi");
        // Memory follows the stream peak: without one, the open-source image keeps its memory too.
        const requestsOnly = apply({ autoscaling: hpa(), capacity: { ...PEAK, peakConcurrentStreams: undefined }, image: "open-source" }, {}, f);
        assert.strictEqual(requestsOnly.s.gateway.resources.requests.memory, base.gateway.resources.requests.memory);
        assert.strictEqual(
            requestsOnly.report!.settings["gateway.resources.requests.memory"],
            `${base.gateway.resources.requests.memory} (not derived: memory follows gateway.capacity.peakConcurrentStreams, which is not declared)`,
        );
        // Without memory figures neither image derives memory, and the plan says that figure is missing.
        for (const image of ["enterprise", "open-source"] as const)
            assert.strictEqual(
                apply({ autoscaling: hpa(), capacity: PEAK, image }, {}, TRIAL).report!.settings["gateway.resources.requests.memory"],
                `${base.gateway.resources.requests.memory} (not derived: no measured memory figure)`,
                image,
            );
    });
    it("memory figures derive the memory request and limit where the stack set none", () => {
        const f = { ...TRIAL, memory: { idleMiB: 100, perStreamKiB: 1024 } };
        // request 100Mi + 1Mi × ceil(1000/8) = 225Mi; limit max(450, 100 + ceil(1000 × 1.4 / 3) = 567)Mi
        const derived = apply({ autoscaling: hpa(), capacity: PEAK }, {}, f);
        const g = derived.s.gateway;
        assert.deepStrictEqual([g.resources.requests.memory, g.resources.limits.memory], ["225Mi", "567Mi"]);
        assert.deepStrictEqual(
            [derived.report!.settings["gateway.resources.requests.memory"], derived.report!.settings["gateway.resources.limits.memory"]],
            ["225Mi (derived)", "567Mi (derived)"],
        );
        const limits = { cpu: undefined, memory: "3Gi" };
        const myLimit = apply(
            { autoscaling: hpa(), capacity: PEAK, resources: { ...base.gateway.resources, limits } },
            { resources: { limits: { memory: "3Gi" } } },
            f,
        );
        assert.deepStrictEqual(
            [myLimit.s.gateway.resources.limits.memory, myLimit.report!.settings["gateway.resources.limits.memory"]],
            ["3Gi", "3Gi (set by the stack)"],
        );
        const resources = { ...base.gateway.resources, requests: { cpu: "500m", memory: "2Gi" } };
        const mine = apply({ autoscaling: hpa(), capacity: PEAK, resources }, { resources: { requests: { memory: "2Gi" } } }, f);
        assert.deepStrictEqual([mine.s.gateway.resources.requests.memory, mine.s.gateway.resources.limits.memory], ["2Gi", "567Mi"]);
        assert.strictEqual(mine.report!.settings["gateway.resources.requests.memory"], "2Gi (set by the stack)");
    });
    it("refuses a ceiling the key cannot hold, naming gateway.capacity", () => {
        const big = { ...PEAK, peakRequestsPerSecond: 1000000 };
        // 1,000,000/900 + 5 = 1116 cores; / 0.71 → 1572 pods, above autoscaling.max's 1000
        const { s, report, problems } = apply({ autoscaling: hpa(), capacity: big });
        assert.deepStrictEqual(problems, [
            "portkey-gateway:gateway.capacity: needs 1572 pods for its peak, more than gateway.autoscaling.max accepts (1000). Fix: check the peak and the per-core figures, or split the traffic over more than one stack.",
        ]);
        assert.deepStrictEqual([s.gateway.autoscaling.max, report], [6, undefined]);
        assert.match(apply({ replicas: 2, capacity: { ...PEAK, peakRequestsPerSecond: 60000 } }).problems[0], /more than gateway\.replicas accepts \(100\)/);
    });
    it("accepts a ceiling of exactly what the key holds: 639,000 requests/s is 710 cores, 1000 pods at 71%", () => {
        const edge = { ...PEAK, peakRequestsPerSecond: 639000, peakConcurrentStreams: undefined };
        assert.deepStrictEqual(
            [apply({ autoscaling: hpa(), capacity: edge }).s.gateway.autoscaling.max, apply({ autoscaling: hpa(), capacity: edge }).problems],
            [1000, []],
        );
        assert.match(apply({ autoscaling: hpa(), capacity: { ...edge, peakRequestsPerSecond: 639001 } }).problems[0], /needs 1001 pods/);
    });
});

describe("quantities as the API server stores them", () => {
    it("whole cores without m, whole GiB as Gi", () => {
        assert.deepStrictEqual([1000, 2000, 750, 100].map(cpuQuantity), ["1", "2", "750m", "100m"]);
        assert.deepStrictEqual([1024, 2048, 512, 567].map(memoryQuantity), ["1Gi", "2Gi", "512Mi", "567Mi"]);
    });
});

describe("gateway.capacity through parseConfig", () => {
    const parse = (gateway: Record<string, unknown>) => {
        const { raw, secretKeys } = rawMap(onMinimal({ gateway }));
        return parseConfig(raw, secretKeys, "test");
    };
    it("declares the documented default headroom", () => {
        const c = parse({ autoscaling: { enabled: true, min: 3 }, capacity: { peakRequestsPerSecond: 300 } });
        assert.strictEqual(c.gateway.capacity!.headroomPercent, DEFAULT_HEADROOM_PERCENT);
        assert.strictEqual(DEFAULT_HEADROOM_PERCENT, 40); // docs/availability.md: "The default headroom, 40%, gives 71%"
        assert.deepStrictEqual([c.gateway.autoscaling.targetCPU, c.sizing?.headroomPercent], [71, 40]);
    });
    it("a stack without gateway.capacity has no sizing", () => assert.strictEqual(parse({}).sizing, undefined));
    it("a peak is a whole number of at least 1", () =>
        assert.throws(
            () => parse({ capacity: { peakConcurrentStreams: 0 } }),
            /gateway\.capacity\.peakConcurrentStreams: expected a whole number from 1 to 1000000, got 0\./,
        ));
    it("a per-core figure without its peak does not apply", () =>
        assert.throws(
            () => parse({ capacity: { peakRequestsPerSecond: 300, perCore: { concurrentStreams: 100 } } }),
            /gateway\.capacity\.perCore\.concurrentStreams: is set but gateway\.capacity\.peakConcurrentStreams is not, so nothing divides by it\. Fix: remove gateway\.capacity\.perCore\.concurrentStreams, or set gateway\.capacity\.peakConcurrentStreams\./,
        ));
    it("the rules check the derived values: the budget is measured against the floor it keeps", () => {
        const c = parse({ replicas: 3, capacity: { peakRequestsPerSecond: 300 } });
        // docs/availability.md#the-formula over the measured figure: 300/r cores on 3 pods at 71%, up to 50m; the floor of 3 carries it
        const cpu = Math.ceil(((300 / OPEN_SOURCE_FIGURES.requestsPerCoreSecond) * 1000) / (3 * 0.71) / 50) * 50;
        assert.deepStrictEqual([c.gateway.replicas, c.gateway.minAvailable, c.gateway.resources.requests.cpu], [3, 2, `${cpu}m`]);
    });
});
