// What the program asks at run time before any resource exists, and the support report of a
// created cluster's Kubernetes version. The refusals are cloud rules (config/rules/cloud.ts); the
// report is only logged, so the date never reaches a resource, an output or a committed plan.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CloudAnswers, needsCallerIdentity, StackConfig } from "../config";
import { versionReport } from "../derive/eksVersions";
import { today } from "./clock";

/** The running cluster's version, or undefined before the cluster exists. */
async function runningVersion(name: string): Promise<string | undefined> {
    const { names } = await aws.eks.getClusters();
    if (!(names ?? []).includes(name)) return undefined;
    return (await aws.eks.getCluster({ name })).version;
}

/** The answers the cloud rules need for this config, each asked only when a rule can use it. */
export async function cloudAnswers(config: StackConfig): Promise<CloudAnswers & { today: string }> {
    const k = config.cluster;
    const caller = needsCallerIdentity(config) ? await aws.getCallerIdentity() : undefined;
    const givenSubnets = k.create && k.vpcId !== undefined && k.privateSubnetIds !== undefined ? k.privateSubnetIds : undefined;
    return {
        accountId: caller?.accountId,
        callerArn: caller?.arn,
        subnets: givenSubnets && (await Promise.all(givenSubnets.map((id) => aws.ec2.getSubnet({ id })))),
        runningClusterVersion: k.create ? await runningVersion(k.name) : undefined,
        today: today(),
    };
}

/** Logs the support phase of a created cluster's version: a warning, with the cost, in extended support. */
export function reportClusterVersion(config: StackConfig, day: string): void {
    const k = config.cluster;
    if (!k.create) return;
    const { notice, extraCost } = versionReport(k.version, day, k.supportType);
    if (notice === undefined) return;
    if (extraCost) void pulumi.log.warn(notice);
    else void pulumi.log.info(notice);
}
