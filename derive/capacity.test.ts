// The sizing formula, step by step, with expected values worked out by hand from
// docs/availability.md ("Sizing from the figures", "The formula") and the one-core fact
// (docs/upstream-facts.md#gateway-one-process: Portkey-AI/gateway v1.15.2 Dockerfile, build/start-server.js).
import * as assert from "assert";
import { derivedCpuMillicores, derivedMemory, podsAtPeak, sizing, targetFromHeadroom } from "./capacity";

/** The issue 26 trial's figures, as docs/availability.md quotes them: 900 per core-second, 200 streams per core. */
const TRIAL = { requestsPerSecond: 900, concurrentStreams: 200 };
/** docs/availability.md's prod example: 300 requests/s and 1,000 streams. */
const PROD_PEAK = { requestsPerSecond: 300, concurrentStreams: 1000 };

describe("targetFromHeadroom: floor(100 × 100 / (100 + h))", () => {
    const cases: Array<[number, number]> = [
        [40, 71], // 71.43, the documented default
        [0, 100],
        [30, 76], // 76.92
        [50, 66], // 66.67
        [100, 50],
        [300, 25], // the most headroom the key accepts
    ];
    for (const [h, t] of cases) it(`${h}% headroom → ${t}%`, () => assert.strictEqual(targetFromHeadroom(h), t));
});

describe("derivedCpuMillicores: C × 1000 / (F × t/100), up to 50m, within 100m-1000m", () => {
    it("prod's peak on a floor of 3 needs 2504m a pod, so one core", () => assert.strictEqual(derivedCpuMillicores(PROD_PEAK, TRIAL, 3, 71), 1000));
    it("0.5 cores on 2 pods at 71% is 352.1m, rounded up to 400m", () =>
        assert.strictEqual(derivedCpuMillicores({ requestsPerSecond: 450 }, TRIAL, 2, 71), 400));
    it("an exact multiple of 50m is not rounded up: 0.5 cores on 2 pods at 50% is 500m", () =>
        assert.strictEqual(derivedCpuMillicores({ requestsPerSecond: 450 }, TRIAL, 2, 50), 500));
    it("never below 100m: 0.01 cores on 2 pods is 7m", () => assert.strictEqual(derivedCpuMillicores({ requestsPerSecond: 9 }, TRIAL, 2, 71), 100));
    it("streams alone: 100 streams (0.5 cores) on 2 pods at 50% is 500m", () =>
        assert.strictEqual(derivedCpuMillicores({ concurrentStreams: 100 }, TRIAL, 2, 50), 500));
});

describe("podsAtPeak: ceil(C / (min(q, 1000m) × t))", () => {
    it("prod: 5.33 cores at 71% of one core is 7.51, so 8 pods", () => assert.strictEqual(podsAtPeak(PROD_PEAK, TRIAL, 1000, 71), 8));
    it("an exact count is not rounded up: 0.5 cores at 50% of 500m is 2 pods", () =>
        assert.strictEqual(podsAtPeak({ requestsPerSecond: 450 }, TRIAL, 500, 50), 2));
    it("a request above one core counts as one core: a pod serves at most one", () =>
        assert.strictEqual(podsAtPeak(PROD_PEAK, TRIAL, 2000, 71), podsAtPeak(PROD_PEAK, TRIAL, 1000, 71)));
    it("one more request per second over an exact count adds a pod: 451 requests/s", () =>
        assert.strictEqual(podsAtPeak({ requestsPerSecond: 451 }, TRIAL, 500, 50), 3));
});

describe("derivedMemory", () => {
    // docs/availability.md: request = idle + per stream × ceil(S / ceiling); limit = max(2 × request, idle + per stream × ceil(S × (100 + h)% / F)).
    it("request: 100Mi + 64Ki × 125 streams = 107.8Mi → 108Mi; limit: twice that, above 100Mi + 64Ki × 467", () =>
        assert.deepStrictEqual(derivedMemory(1000, 8, 3, 40, { idleMiB: 100, perStreamKiB: 64 }), { requestMiB: 108, limitMiB: 216 }));
    it("a limit above twice the request when the floor holds many streams: 100Mi + 1Mi × 467", () =>
        assert.deepStrictEqual(derivedMemory(1000, 8, 3, 40, { idleMiB: 100, perStreamKiB: 1024 }), { requestMiB: 225, limitMiB: 567 }));
});

describe("sizing", () => {
    it("prod's example, as docs/availability.md works it out: 3 to 8 pods at 71% of one core", () => {
        const s = sizing({ peak: PROD_PEAK, perCore: TRIAL, headroomPercent: 40, floor: 3 });
        assert.deepStrictEqual([s.coresAtPeak, s.targetCPU, s.cpuMillicores, s.podsAtPeak, s.ceiling, s.memory], [5.33, 71, 1000, 8, 8, undefined]);
        assert.deepStrictEqual(s.steps, [
            "cores at peak = 300 requests/s / 900 per core-second + 1000 streams / 200 per core = 5.33",
            "CPU target = floor(100 × 100 / (100 + 40 headroom)) = 71%",
            "CPU request = 5.33 cores / (3 pods × 71%), up to 50m, within 100m-1000m = 1000m",
            "pods at peak = ceil(5.33 cores / (1000m × 71%)) = 8",
            "ceiling = max(floor 3, 8) = 8",
            "CPU the nodes reserve at the ceiling = 8 pods × 1000m = 8 cores (one pod more during a rollout)",
        ]);
    });
    it("the floor holds when the peak needs fewer pods", () => {
        const s = sizing({ peak: { requestsPerSecond: 9 }, perCore: TRIAL, headroomPercent: 40, floor: 3 });
        assert.deepStrictEqual([s.cpuMillicores, s.podsAtPeak, s.ceiling], [100, 1, 3]);
        assert.strictEqual(s.steps[5], "CPU the nodes reserve at the ceiling = 3 pods × 100m = 0.3 cores (one pod more during a rollout)");
        assert.strictEqual(s.steps[0], "cores at peak = 9 requests/s / 900 per core-second = 0.01");
    });
    it("streams alone: one term; a request above one core is shown as the core it serves", () => {
        const s = sizing({ peak: { concurrentStreams: 100 }, perCore: TRIAL, headroomPercent: 40, floor: 2, cpuMillicores: 2000 });
        assert.strictEqual(s.steps[0], "cores at peak = 100 streams / 200 per core = 0.5");
        assert.strictEqual(s.steps[3], "pods at peak = ceil(0.5 cores / (1000m × 71%)) = 1");
    });
    it("a target and a request the stack set are used, and said to be the stack's", () => {
        const s = sizing({ peak: PROD_PEAK, perCore: TRIAL, headroomPercent: 40, floor: 3, targetCPU: 50, cpuMillicores: 500 });
        // 5.33 cores / (0.5 × 0.5) = 21.3 → 22
        assert.deepStrictEqual([s.targetCPU, s.cpuMillicores, s.podsAtPeak, s.ceiling], [50, 500, 22, 22]);
        assert.deepStrictEqual(s.steps.slice(1, 3), ["CPU target = 50% (set by the stack)", "CPU request = 500m (set by the stack)"]);
    });
    it("memory only with memory figures and a stream peak, with its two lines", () => {
        const memory = { idleMiB: 100, perStreamKiB: 64 };
        assert.strictEqual(sizing({ peak: { requestsPerSecond: 300 }, perCore: TRIAL, headroomPercent: 40, floor: 3, memory }).memory, undefined);
        const s = sizing({ peak: PROD_PEAK, perCore: TRIAL, headroomPercent: 40, floor: 3, memory });
        assert.deepStrictEqual(s.memory, { requestMiB: 108, limitMiB: 216 });
        assert.deepStrictEqual(s.steps.slice(6), [
            "memory request = 100Mi idle + 64Ki × ceil(1000 streams / 8 pods) = 108Mi",
            "memory limit = max(2 × request, 100Mi + 64Ki × ceil(1000 × (100 + 40)% / 3 pods)) = 216Mi",
        ]);
    });
});
