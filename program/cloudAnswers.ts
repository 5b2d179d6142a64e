// What the program asks AWS at run time before any resource exists, for the cloud rules
// (config/rules/cloud.ts). Under the offline runner an answer may carry OFFLINE_MARK: it becomes
// UNKNOWN_OFFLINE, and the rules that need it are reported as not checked, never judged.
import * as aws from "@pulumi/aws";
import { CloudAnswers, StackConfig } from "../config";
import { Answer, needsCallerIdentity, OFFLINE_MARK, UNKNOWN_OFFLINE } from "../config/rules/cloud";
import { bedrockProfiles, ProfileDestinations } from "../derive/dataPlane";
import { eksZoneNames, SubnetFacts, zonesChosenAtPreview } from "../derive/network";
import { today } from "./clock";
import { createsNetwork } from "./gatewayArgs";

/** A data source's answer as the rules take it: unknown when any field that matters holds OFFLINE_MARK. */
export function known<T extends object>(answer: T, fields: Array<keyof T>): Answer<T> {
    return fields.some((f) => answer[f] === OFFLINE_MARK) ? UNKNOWN_OFFLINE : answer;
}

/** EC2's description of each subnet (DescribeSubnets), in order; unknown when any one is. */
async function describedSubnets(ids: string[] | undefined): Promise<Answer<SubnetFacts[]> | undefined> {
    if (ids === undefined) return undefined;
    const answers = await Promise.all(ids.map((id) => aws.ec2.getSubnet({ id })));
    const facts = answers.map(({ vpcId, availabilityZone, availabilityZoneId }) =>
        known({ vpcId, availabilityZone, availabilityZoneId }, ["vpcId", "availabilityZone", "availabilityZoneId"]),
    );
    return facts.some((f) => f === UNKNOWN_OFFLINE) ? UNKNOWN_OFFLINE : (facts as SubnetFacts[]);
}

/** The running cluster's version, or undefined before the cluster exists. */
async function runningVersion(name: string): Promise<Answer<string> | undefined> {
    const listed = await aws.eks.getClusters();
    if (known(listed, ["id"]) === UNKNOWN_OFFLINE) return UNKNOWN_OFFLINE;
    if (!(listed.names ?? []).includes(name)) return undefined;
    return (await aws.eks.getCluster({ name })).version;
}

/** The deploying identity, and the account the program's ARNs name (offline: the fake cloud's placeholder). */
async function callerIdentity(config: StackConfig): Promise<Pick<CloudAnswers, "accountId" | "callerArn"> & { arnAccountId?: string }> {
    if (!needsCallerIdentity(config)) return {};
    const caller = await aws.getCallerIdentity();
    const identity = known(caller, ["arn"]);
    if (identity === UNKNOWN_OFFLINE) return { accountId: UNKNOWN_OFFLINE, callerArn: UNKNOWN_OFFLINE, arnAccountId: caller.accountId };
    return { accountId: identity.accountId, callerArn: identity.arn, arnAccountId: caller.accountId };
}

/**
 * Each inference profile's destinations, as Bedrock's GetInferenceProfile answers in the source region
 * (the first of bedrock.regions, else the provider's: the stack's); undefined without a profile.
 */
async function profileDestinations(config: StackConfig): Promise<CloudAnswers["bedrockProfiles"]> {
    const b = config.bedrock;
    const ids = bedrockProfiles(b?.models ?? []).map((m) => m.id);
    if (ids.length === 0) return undefined;
    const source = b?.regions?.[0];
    const answers = await Promise.all(ids.map((id) => aws.bedrock.getInferenceProfile({ inferenceProfileId: id, ...(source ? { region: source } : {}) })));
    const destinations: ProfileDestinations = {};
    for (const [i, a] of answers.entries()) {
        const arns = (a.models ?? []).map((m) => m.modelArn);
        if (known(a, ["inferenceProfileArn"]) === UNKNOWN_OFFLINE || arns.length === 0 || arns.includes(OFFLINE_MARK)) return UNKNOWN_OFFLINE;
        destinations[ids[i]] = arns;
    }
    const stackRegion = config.region ?? (await aws.getRegion()).region;
    return { stackRegion, destinations };
}

/**
 * The region's available zones (EC2 DescribeAvailabilityZones), asked only when the program creates
 * the VPC. Zone names map to different zone IDs in each account, so the answer is unknown offline
 * when any zone ID is: no zone is chosen from an invented mapping.
 */
async function regionZones(config: StackConfig): Promise<CloudAnswers["zones"]> {
    if (!createsNetwork(config)) return undefined;
    const z = await aws.getAvailabilityZones({ state: "available" });
    return z.zoneIds.includes(OFFLINE_MARK) ? UNKNOWN_OFFLINE : { names: z.names, zoneIds: z.zoneIds };
}

/**
 * The zone names of the VPC the program creates (after the cloud rules passed): the first
 * cluster.availabilityZoneCount that EKS supports, or offline placeholders for the ones preview chooses.
 */
export async function createdVpcZoneNames(config: Pick<StackConfig, "cluster" | "region">, zones: CloudAnswers["zones"]): Promise<string[] | undefined> {
    if (zones === undefined) return undefined;
    const count = config.cluster.availabilityZoneCount;
    if (zones !== UNKNOWN_OFFLINE) return eksZoneNames(zones, count);
    return zonesChosenAtPreview(config.region ?? (await aws.getRegion()).region, count);
}

/** The provider's region when the stack sets none: offline an assumption the fake cloud marks (offline/stackConfig.ts assumedRegion). */
async function assumedRegion(config: StackConfig): Promise<string | undefined> {
    if (config.region !== undefined) return undefined;
    const r = await aws.getRegion();
    return r.id === OFFLINE_MARK ? r.region : undefined;
}

/** The answers the cloud rules need for this config, each asked only when a rule can use it. */
export async function cloudAnswers(config: StackConfig): Promise<CloudAnswers & { today: string; arnAccountId?: string }> {
    const k = config.cluster;
    const e = config.endpoint;
    const givenSubnets = k.create && k.vpcId !== undefined && k.privateSubnetIds !== undefined ? k.privateSubnetIds : undefined;
    const caller = await callerIdentity(config);
    return {
        ...caller,
        assumedRegion: await assumedRegion(config),
        subnets: await describedSubnets(givenSubnets),
        loadBalancerSubnets: e.type === "cluster" ? undefined : await describedSubnets(e.loadBalancerSubnetIds),
        runningClusterVersion: k.create ? await runningVersion(k.name) : undefined,
        zones: await regionZones(config),
        bedrockProfiles: await profileDestinations(config),
        today: today(),
    };
}
