// The sizing formula of docs/availability.md ("Sizing from the figures", "The formula"), written
// again from the docs for the tests, independently of derive/capacity.ts (plain floating point,
// no shared code), so a test that compares the two catches a derivation that drifts from the docs.
import * as path from "path";
import { OPEN_SOURCE_FIGURES } from "../derive/data/measuredCapacity";
import { parsedYamlFile } from "./parsedYaml";

export interface DocsSizingInput {
    peakRequestsPerSecond?: number;
    peakConcurrentStreams?: number;
    perCoreRequests: number;
    perCoreStreams: number;
    /** docs/availability.md: "The default headroom, 40%". */
    headroomPercent?: number;
    floor: number;
}

/** Steps 1-5 of the docs: cores, target, request (millicores), pods at the peak, ceiling. */
export function docsSizing(i: DocsSizingInput) {
    const h = i.headroomPercent ?? 40;
    const cores = (i.peakRequestsPerSecond ?? 0) / i.perCoreRequests + (i.peakConcurrentStreams ?? 0) / i.perCoreStreams;
    const target = Math.floor((100 * 100) / (100 + h));
    const raw = (cores * 1000) / ((i.floor * target) / 100);
    const cpuMillicores = Math.min(1000, Math.max(100, Math.ceil(raw / 50) * 50));
    const pods = Math.ceil(cores / ((Math.min(cpuMillicores, 1000) / 1000) * (target / 100)));
    return { cores, target, cpuMillicores, pods, ceiling: Math.max(i.floor, pods) };
}

/** A shipped stack file's config, as written. */
function shippedConfig(stack: string): Record<string, any> {
    const file = path.join(__dirname, "..", `Pulumi.${stack}.yaml`);
    return parsedYamlFile(file).config as Record<string, any>;
}

/** A shipped stack file's `portkey-gateway:gateway` settings, as written. */
export function shippedGateway(stack: string): Record<string, any> {
    return (shippedConfig(stack)["portkey-gateway:gateway"] ?? {}) as Record<string, any>;
}

/** The docs' sizing of a shipped stack that declares a peak: its peak, its own per-core figures or the measured ones, its headroom and floor. */
export function shippedSizing(stack: string) {
    const g = shippedGateway(stack);
    const perCore = g.capacity.perCore ?? {};
    const scaling = g.autoscaling?.enabled === true;
    return docsSizing({
        peakRequestsPerSecond: g.capacity.peakRequestsPerSecond,
        peakConcurrentStreams: g.capacity.peakConcurrentStreams,
        perCoreRequests: perCore.requestsPerSecond ?? OPEN_SOURCE_FIGURES.requestsPerCoreSecond,
        perCoreStreams: perCore.concurrentStreams ?? OPEN_SOURCE_FIGURES.streamsPerCore,
        headroomPercent: g.capacity.headroomPercent,
        // docs/availability.md: the floor is autoscaling.min (its default 2), or the replica count,
        // whose default (docs/config-reference.md, gateway.replicas) is 2 unless the stack sets protect false.
        floor: scaling ? (g.autoscaling.min ?? 2) : (g.replicas ?? (shippedConfig(stack)["portkey-gateway:protect"] === false ? 1 : 2)),
    });
}
