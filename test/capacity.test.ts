// The shipped stacks' replica, HPA and request settings tied to the per-core figures: each stack
// that declares a peak is planned fresh, and what its gateway release renders must be what the
// formula of docs/availability.md ("Sizing from the figures") gives for its peak and the figures of
// derive/data/measuredCapacity.ts; the chart's HPA keys are Portkey-AI/helm
// charts/portkey-gateway/templates/gateway/hpa.yaml, chart 1.7.7 (docs/upstream-facts.md#chart-hpa-metrics).
import * as assert from "assert";
import { cpuMillicores } from "../config/quantity";
import { OPEN_SOURCE_FIGURES } from "../derive/data/measuredCapacity";
import { listStacks } from "../offline/stackConfig";
import { shippedGateway, shippedSizing } from "./capacityFormula";
import program = require("../index");
import { runProgram } from "../offline/run";
import { baseConfig, gatewayValues, rawConfig, shippedPlan } from "./testing";

const SIZED_KEYS = ["max", "targetCPU"];

describe("shipped stacks: sized from the figures", () => {
    const sized = listStacks().filter((stack) => shippedGateway(stack).capacity !== undefined);

    it("prod declares its peak and keeps only its floor by hand (the guessed ceiling, target and request are gone)", () => {
        assert.ok(sized.includes("prod"), "Pulumi.prod.yaml declares gateway.capacity");
        const g = shippedGateway("prod");
        assert.ok(g.capacity.peakRequestsPerSecond > 0 || g.capacity.peakConcurrentStreams > 0);
        assert.deepStrictEqual(
            Object.keys(g.autoscaling).filter((k) => SIZED_KEYS.includes(k)),
            [],
        );
        assert.strictEqual(g.resources?.requests?.cpu, undefined);
    });

    for (const stack of ["prod", "staging", "dev"]) {
        it(`${stack}: the release's count, HPA and CPU request are the docs' formula over the figures`, async () => {
            const g = shippedGateway(stack);
            const p = await shippedPlan(stack);
            if (g.capacity === undefined) {
                assert.strictEqual(p.sizing, undefined);
                return;
            }
            const values = gatewayValues(p);
            const scaling = g.autoscaling?.enabled === true;
            const want = shippedSizing(stack);
            assert.strictEqual(cpuMillicores(values.resources.requests.cpu), want.cpuMillicores);
            if (scaling) {
                assert.deepStrictEqual(
                    [values.autoscaling.minReplicas, values.autoscaling.maxReplicas, values.autoscaling.targetCPUUtilizationPercentage],
                    [g.autoscaling.min ?? 2, want.ceiling, want.target],
                );
            } else assert.strictEqual(values.replicaCount, want.ceiling);
        });
    }

    it("prod's plan shows the figures it used with their source, the arithmetic, and the enterprise label", async () => {
        const s = (await shippedPlan("prod")).sizing!;
        assert.strictEqual(s.perCore.requestsPerSecond?.value, OPEN_SOURCE_FIGURES.requestsPerCoreSecond);
        assert.strictEqual(s.perCore.concurrentStreams?.value, OPEN_SOURCE_FIGURES.streamsPerCore);
        for (const f of [s.perCore.requestsPerSecond!, s.perCore.concurrentStreams!]) {
            assert.ok(f.source.includes(OPEN_SOURCE_FIGURES.provenance.source), f.source);
            assert.ok(f.source.includes(`gateway ${OPEN_SOURCE_FIGURES.provenance.gatewayVersion}`), f.source);
        }
        // prod runs the enterprise image without figures of its own (docs/availability.md, "The figures").
        assert.match(s.bound!, /^upper bound: .*ceiling is a lower bound/);
        assert.strictEqual(s.arithmetic.length, 6);
        assert.deepStrictEqual(s.warnings, []);
    });
});

describe("the program warns where a stack's own setting falls short of its peak", () => {
    it("logs the plan's warning at preview: 3000 requests/s needs more pods at 71% of one core than a max of 3", async () => {
        const lines: string[] = [];
        const [warn, error] = [console.warn, console.error];
        console.warn = console.error = (...a: unknown[]) => void lines.push(a.join(" "));
        try {
            const cfg = baseConfig({ gateway: { autoscaling: { enabled: true, min: 2, max: 3 }, capacity: { peakRequestsPerSecond: 3000 } } });
            const p = await runProgram(program, rawConfig(cfg));
            assert.strictEqual(gatewayValues(p).autoscaling.maxReplicas, 3);
        } finally {
            [console.warn, console.error] = [warn, error];
        }
        // docs/availability.md#the-formula: pods = ceil(R / r / (one core × 71%)).
        const pods = Math.ceil(3000 / OPEN_SOURCE_FIGURES.requestsPerCoreSecond / 0.71);
        const want = `gateway.autoscaling.max is 3, below the ${pods} pods gateway.capacity's peak needs: raise it, or remove it to take the derived value`;
        assert.ok(
            lines.some((l) => l.includes(want)),
            lines.join("\n"),
        );
    });
});
