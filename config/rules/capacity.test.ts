// gateway.capacity must name a peak to size for (docs/availability.md, "Sizing from the figures").
import * as assert from "assert";
import { ruleInput, run } from "../testing";
import { capacityNamesAPeak } from "./capacity";

const base = ruleInput().s.gateway;
const withCapacity = (capacity: object | undefined) => ruleInput({ gateway: { ...base, capacity } as typeof base });
const perCore = { requestsPerSecond: undefined, concurrentStreams: undefined };

describe("capacityNamesAPeak", () => {
    it("refuses a capacity with no peak", () =>
        assert.deepStrictEqual(run(capacityNamesAPeak, withCapacity({ headroomPercent: 40, perCore })), [
            "portkey-gateway:gateway.capacity: declares no peak, so nothing can be sized from it. Fix: set gateway.capacity.peakRequestsPerSecond or gateway.capacity.peakConcurrentStreams (or both), or remove gateway.capacity.",
        ]));
    it("accepts either peak, both, or no capacity at all", () => {
        assert.deepStrictEqual(run(capacityNamesAPeak, withCapacity({ peakRequestsPerSecond: 1, headroomPercent: 40, perCore })), []);
        assert.deepStrictEqual(run(capacityNamesAPeak, withCapacity({ peakConcurrentStreams: 1, headroomPercent: 40, perCore })), []);
        assert.deepStrictEqual(run(capacityNamesAPeak, withCapacity(undefined)), []);
    });
});
