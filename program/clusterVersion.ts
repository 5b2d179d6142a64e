// The support report of a created cluster's Kubernetes version. The refusals are cloud rules
// (config/rules/cloud.ts); the report is only logged, so the date never reaches a resource, an
// output or a committed plan.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { versionReport } from "../derive/eksVersions";

/** Logs the support phase of a created cluster's version: a warning, with the cost, in extended support. */
export function reportClusterVersion(config: StackConfig, day: string): void {
    const k = config.cluster;
    if (!k.create) return;
    const { notice, extraCost } = versionReport(k.version, day, k.supportType);
    if (notice === undefined) return;
    if (extraCost) void pulumi.log.warn(notice);
    else void pulumi.log.info(notice);
}
