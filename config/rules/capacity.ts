// Rules of gateway.capacity: a declared capacity names a peak to size for (docs/availability.md,
// "Sizing from the figures"); config/capacity.ts applies the sizing itself.
import { Rule } from "./rule";

export const capacityNamesAPeak: Rule = ({ s }, p) => {
    const c = s.gateway.capacity;
    if (c !== undefined && c.peakRequestsPerSecond === undefined && c.peakConcurrentStreams === undefined) {
        p.add(
            "gateway.capacity",
            "declares no peak, so nothing can be sized from it",
            "set gateway.capacity.peakRequestsPerSecond or gateway.capacity.peakConcurrentStreams (or both), or remove gateway.capacity",
        );
    }
};

export const CAPACITY_RULES: Rule[] = [capacityNamesAPeak];
