// The plan-time check of a created cluster's Kubernetes version: refused when EKS does not offer
// it on this day or when the running cluster would jump more than one minor version; otherwise
// its support phase is reported (a warning, with the cost, in extended support). Only logged:
// the date never reaches a resource or an output.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";
import { configKey } from "../config/problems";
import { versionReport, versionStepRefusal } from "../derive/eksVersions";
import { today } from "./clock";

/** The running cluster's version, or undefined before the cluster exists. */
async function runningVersion(name: string): Promise<string | undefined> {
    const { names } = await aws.eks.getClusters();
    if (!(names ?? []).includes(name)) return undefined;
    return (await aws.eks.getCluster({ name })).version;
}

function refusal(problem: { what: string; fix: string }): pulumi.RunError {
    return new pulumi.RunError(`${configKey("cluster.version")}: ${problem.what}. Fix: ${problem.fix}.`);
}

export async function checkClusterVersion(config: StackConfig): Promise<void> {
    const k = config.cluster;
    if (!k.create) return;
    const report = versionReport(k.version, today(), k.supportType);
    if (report.refusal) throw refusal(report.refusal);
    const running = await runningVersion(k.name);
    const step = running === undefined ? undefined : versionStepRefusal(running, k.version);
    if (step) throw refusal(step);
    if (report.notice === undefined) return;
    // Logged, never an input or output, so the committed plans stay independent of the date.
    if (report.extraCost) void pulumi.log.warn(report.notice);
    else void pulumi.log.info(report.notice);
}
