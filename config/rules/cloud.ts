// Rules that need answers known only once the program runs: AWS's about the deploying identity,
// the given subnets and a running cluster, and the day's date for the EKS support calendar.
// They report through Problems like every other rule, so a failure reads and stops the same way.
// An answer is either AWS's or UNKNOWN_OFFLINE (an offline plan: no AWS to ask); a rule never
// judges an unknown answer, it names what `pulumi preview` will check instead.
import { adminNamingCaller } from "../../derive/accessEntries";
import { foreignSecretAccount } from "../../derive/crossAccount";
import { ProfileDestinations, profileDestinationProblems } from "../../derive/dataPlane";
import { versionReport, versionStepRefusal } from "../../derive/eksVersions";
import { isSecretArn } from "../../derive/inputs";
import { createdVpcZoneProblems, givenSubnetProblems, MIN_ZONES, loadBalancerSubnetProblems, SubnetFacts, ZoneList } from "../../derive/network";
import { partitionOfRegion } from "../../derive/partition";
import type { Settings } from "../declaration";
import { Problems } from "../problems";

/** The answer to a question only AWS can answer, asked by a plan that runs without AWS. */
export const UNKNOWN_OFFLINE: unique symbol = Symbol("unknown offline");
export type Answer<T> = T | typeof UNKNOWN_OFFLINE;

/**
 * What the offline cloud (offline/fakeCloud.ts) puts in a field of a data source's answer that only
 * AWS knows and that no stack or flag declared. No AWS answer holds it: IDs, names, ARNs and
 * versions have no parentheses or spaces.
 */
export const OFFLINE_MARK = "(unknown offline)";

/** How the program logs a rule it could not check offline; the offline runner lists these in the plan. */
export const NOT_CHECKED_OFFLINE = "not checked offline: ";

/** What the program asked at run time; a rule whose answer was not asked does not apply. */
export interface CloudAnswers {
    /** The deploying identity's account (sts:GetCallerIdentity), asked only when needsCallerIdentity says so. */
    accountId?: Answer<string>;
    /** The caller's ARN: an IAM user, or an assumed-role session. */
    callerArn?: Answer<string>;
    /** The account the program's ARNs name: the caller's, or offline (caller unknown) the fake cloud's placeholder account. */
    arnAccountId?: string;
    /** EC2's description of each `cluster.privateSubnetIds` entry, in order (a created cluster in a given VPC). */
    subnets?: Answer<SubnetFacts[]>;
    /** EC2's description of each `endpoint.loadBalancerSubnetIds` entry, in order. */
    loadBalancerSubnets?: Answer<SubnetFacts[]>;
    /** The Kubernetes version of the created cluster when it already runs. */
    runningClusterVersion?: Answer<string>;
    /** The region's available zones and their IDs (EC2 DescribeAvailabilityZones), asked when the program creates the VPC. */
    zones?: Answer<ZoneList>;
    /** The region an offline plan assumed for a stack that sets no aws:region (the provider's region answered with OFFLINE_MARK). */
    assumedRegion?: string;
    /** Today (UTC, YYYY-MM-DD), for the EKS support calendar of a created cluster. */
    today?: string;
    /**
     * Each inference profile of `bedrock.models` as Bedrock's GetInferenceProfile answers it in the
     * source region (the profile ID → its `models[].modelArn`), and the stack's region.
     */
    bedrockProfiles?: Answer<{ stackRegion: string; destinations: ProfileDestinations }>;
}

type CloudSettings = Pick<Settings, "secret" | "cluster" | "endpoint" | "bedrock">;
/** A rule; for an answer UNKNOWN_OFFLINE it calls `notChecked` with what `pulumi preview` checks, `<key>: <what>`. */
export type CloudRule = (s: CloudSettings, cloud: CloudAnswers, p: Problems, notChecked: (line: string) => void) => void;

/**
 * A secret in another account must name the owner's customer-managed key. Offline, with the caller
 * unknown, the plan decides "another account" against the placeholder account the ARNs name, and says so.
 */
export const foreignSecretNamesKey: CloudRule = (s, cloud, p, notChecked) => {
    if (cloud.accountId === undefined) return;
    if (cloud.accountId === UNKNOWN_OFFLINE) {
        if (s.secret.existing !== undefined && isSecretArn(s.secret.existing))
            notChecked(unknownCallerSecretLine(s.secret.existing, s.secret.kmsKeyArn !== undefined, cloud.arnAccountId));
        return;
    }
    if (s.secret.kmsKeyArn !== undefined || foreignSecretAccount(s.secret.existing, cloud.accountId) === undefined) return;
    p.add(
        "secret.kmsKeyArn",
        "is required for a secret in another account: the default aws/secretsmanager key cannot be shared across accounts",
        "set secret.kmsKeyArn to the owner's customer-managed key of the secret (and have the owner grant it, see crossAccountGrants)",
    );
};

/** The line for an adopted secret's ARN judged without the deploying identity: what preview decides, and what the plan assumed. */
export function unknownCallerSecretLine(existing: string, kmsKeyArnSet: boolean, assumedAccount: string | undefined): string {
    const owner = existing.split(":")[4];
    const then = kmsKeyArnSet ? "the plan shows crossAccountGrants" : "secret.kmsKeyArn is required and the plan shows crossAccountGrants";
    const line = `${kmsKeyArnSet ? "secret.existing" : "secret.kmsKeyArn"}: whether secret.existing's account (${owner}) differs from the deploying identity's, and so whether ${then} (sts:GetCallerIdentity)`;
    if (assumedAccount === undefined) return line;
    const foreign = foreignSecretAccount(existing, assumedAccount) !== undefined;
    return `${line}; the plan assumed the deploying account is ${assumedAccount}, so it shows ${foreign ? "crossAccountGrants" : "no crossAccountGrants"}`;
}

/** EKS already makes the deploying identity admin of a cluster it creates; a second access entry fails. */
export const adminsExcludeCaller: CloudRule = (s, cloud, p, notChecked) => {
    if (!s.cluster.create || cloud.callerArn === undefined || s.cluster.adminPrincipalArns.length === 0) return;
    if (cloud.callerArn === UNKNOWN_OFFLINE)
        return notChecked("cluster.adminPrincipalArns: that it does not name the deploying identity (sts:GetCallerIdentity)");
    if (adminNamingCaller(cloud.callerArn, s.cluster.adminPrincipalArns) === undefined) return;
    p.add(
        "cluster.adminPrincipalArns",
        "lists the identity that runs this deployment, which EKS makes cluster admin itself (a second access entry fails)",
        "remove it from cluster.adminPrincipalArns",
    );
};

/** Given private subnets must be in the VPC, in zones EKS takes, and span two zones (derive/network.ts). */
export const givenSubnetsUsable: CloudRule = (s, cloud, p, notChecked) => {
    if (cloud.subnets === undefined || s.cluster.vpcId === undefined) return;
    if (cloud.subnets === UNKNOWN_OFFLINE)
        return notChecked(
            "cluster.privateSubnetIds: each subnet's VPC and zone: in cluster.vpcId, in zones EKS takes, two zones or more (EC2 DescribeSubnets)",
        );
    for (const [key, what, fix] of givenSubnetProblems(s.cluster.vpcId, cloud.subnets)) p.add(key, what, fix);
};

/** A created VPC goes in the region's zones whose ID EKS supports, two or more (derive/network.ts). */
export const createdVpcZonesUsable: CloudRule = (s, cloud, p, notChecked) => {
    if (cloud.zones === undefined) return;
    if (cloud.zones === UNKNOWN_OFFLINE) return notChecked(createdVpcZonesLine(s.cluster.availabilityZoneCount));
    for (const [key, what, fix] of createdVpcZoneProblems(cloud.zones)) p.add(key, what, fix);
};

/**
 * The line for a created VPC's zones chosen at preview: the first `count` usable zones, fewer when the
 * region has fewer usable ones (derive/network.ts eksZoneNames takes what there is, two at least).
 */
export function createdVpcZonesLine(count: number): string {
    const fewer = count > MIN_ZONES ? `, or all of them (at least ${MIN_ZONES}) if the region has fewer` : "";
    return `cluster.availabilityZoneCount: the created VPC's zones, the first ${count} of the region's zones EKS places clusters in${fewer} (EC2 DescribeAvailabilityZones)`;
}

/** Subnets given to the load balancer by annotation: one per zone, two zones for an ALB (derive/network.ts). */
export const loadBalancerSubnetsOnePerZone: CloudRule = (s, cloud, p, notChecked) => {
    if (cloud.loadBalancerSubnets === undefined || s.endpoint.type === "cluster") return;
    const type = s.endpoint.type;
    if (cloud.loadBalancerSubnets === UNKNOWN_OFFLINE)
        return notChecked(
            `endpoint.loadBalancerSubnetIds: each subnet's zone: one subnet per zone${type === "internal-alb" ? ", two zones or more" : ""} (EC2 DescribeSubnets)`,
        );
    for (const [key, what, fix] of loadBalancerSubnetProblems(type, cloud.loadBalancerSubnets)) p.add(key, what, fix);
};

/** A created cluster's version must be one EKS offers today (derive/eksVersions.ts, docs/versions.md). */
export const clusterVersionOffered: CloudRule = (s, cloud, p) => {
    if (!s.cluster.create || cloud.today === undefined) return;
    const refusal = versionReport(s.cluster.version, cloud.today, s.cluster.supportType).refusal;
    if (refusal) p.add(refusal.key, refusal.what, refusal.fix);
};

/** A running cluster moves one minor version per `up`, forward only. */
export const clusterVersionStepsOnce: CloudRule = (s, cloud, p, notChecked) => {
    if (!s.cluster.create || cloud.runningClusterVersion === undefined) return;
    if (cloud.runningClusterVersion === UNKNOWN_OFFLINE)
        return notChecked(
            "cluster.version: if the cluster runs, the same minor version as the running cluster's or one above it, never below (EKS ListClusters, DescribeCluster)",
        );
    const refusal = versionStepRefusal(cloud.runningClusterVersion, s.cluster.version);
    if (refusal) p.add("cluster.version", refusal.what, refusal.fix);
};

/** A profile routes to every destination region of its definition; the role must hold the model in each. */
export const profileDestinationsGranted: CloudRule = (s, cloud, p, notChecked) => {
    const answer = cloud.bedrockProfiles;
    if (s.bedrock === undefined || answer === undefined) return;
    if (answer === UNKNOWN_OFFLINE) return notChecked("bedrock.models: destination regions of each inference profile (Bedrock GetInferenceProfile)");
    const { stackRegion, destinations } = answer;
    const spec = { models: s.bedrock.models ?? [], ...(s.bedrock.regions ? { regions: s.bedrock.regions } : {}) };
    // Foundation-model ARNs name no account.
    const ctx = { partition: partitionOfRegion(stackRegion), region: stackRegion, accountId: "000000000000" };
    for (const [key, what, fix] of profileDestinationProblems(spec, ctx, destinations)) p.add(key, what, fix);
};

/** A stack without aws:region runs in the provider's region: offline an assumption, which the plan names. */
export const regionKnown: CloudRule = (s, cloud, p, notChecked) => {
    if (cloud.assumedRegion !== undefined) notChecked(assumedRegionLine(cloud.assumedRegion));
};

export const CLOUD_RULES: CloudRule[] = [
    regionKnown,
    foreignSecretNamesKey,
    adminsExcludeCaller,
    givenSubnetsUsable,
    createdVpcZonesUsable,
    loadBalancerSubnetsOnePerZone,
    clusterVersionOffered,
    clusterVersionStepsOnce,
    profileDestinationsGranted,
];

/**
 * Whether a rule needs the deploying identity, so sts:GetCallerIdentity is called only then: an adopted ARN may be another
 * account's (a name is always the caller's), and admins of a created cluster may name the caller.
 */
export function needsCallerIdentity(s: CloudSettings): boolean {
    const adoptedArn = s.secret.existing !== undefined && isSecretArn(s.secret.existing);
    return adoptedArn || (s.cluster.create && s.cluster.adminPrincipalArns.length > 0);
}

/**
 * Runs every cloud rule; throws one ConfigError listing all problems, as parseConfig does. Returns
 * what no rule could check for an answer UNKNOWN_OFFLINE, one `<key>: <what preview checks>` each.
 */
export function checkAgainstCloud(s: CloudSettings, cloud: CloudAnswers): string[] {
    const p = new Problems();
    const notChecked: string[] = [];
    for (const rule of CLOUD_RULES) rule(s, cloud, p, (line) => notChecked.push(line));
    p.throwIfAny();
    return notChecked;
}

// Lines for answers the program uses outside the rules above. Offline the fake cloud answers these
// look-ups with placeholders and OFFLINE_MARK in a field the program does not use; the program then
// logs the line, and `pulumi preview` makes the look-up for real.

/** An existing cluster looked up by name (cluster.name), and its IAM OIDC provider with IRSA. */
export function existingClusterLine(name: string, irsa: boolean): string {
    const what = irsa ? "its endpoint, VPC and IAM OIDC provider" : "its endpoint and VPC";
    const apis = irsa ? "EKS DescribeCluster, IAM ListOpenIDConnectProviders" : "EKS DescribeCluster";
    return `cluster.name: that EKS cluster ${name} exists, and ${what}, which the plan shows as placeholders (${apis})`;
}

/** The outputs another stack exports for the cluster (cluster.fromStack), as the program reads them. */
export function clusterStackLine(stack: string, outputs: string[]): string {
    const names = outputs.length > 1 ? `${outputs.slice(0, -1).join(", ")} and ${outputs[outputs.length - 1]}` : outputs.join("");
    return `cluster.fromStack: the outputs ${names} of stack ${stack}, which the plan shows as placeholders (Pulumi StackReference, requireOutput)`;
}

/** The VPC of a cluster another stack names, looked up by that name. */
export function clusterStackVpcLine(stack: string): string {
    return `cluster.fromStack: the VPC of the EKS cluster stack ${stack} names, which the plan shows as a placeholder (EKS DescribeCluster)`;
}

/** The CIDR blocks of the load balancer's subnets, which the -callers NetworkPolicy admits. */
export function loadBalancerCidrsLine(key: string): string {
    return `${key}: each subnet's CIDR block, which the -callers NetworkPolicy, loadBalancerSubnetCidrs and verifyCommand show as placeholders (EC2 DescribeSubnets)`;
}

/** What preview may decide from the stack's last deployment, per key it concerns. */
const PREVIOUS_DEPLOYMENT_DECIDES: Record<string, string> = {
    "gateway.autoscaling": "turn autoscaling on in two steps, or refuse a gateway.autoscaling.max below the running replicas",
    "cluster.compute": "refuse a change of cluster.compute",
};

/** What this deployment reads back from the stack's last one, by the key each decision concerns (derive/replicaHandover.ts previousDeploymentDependents). */
export function previousDeploymentLine(keys: string[]): string {
    const decides = keys.map((k) => PREVIOUS_DEPLOYMENT_DECIDES[k]).join(", and ");
    return `${keys.join(", ")}: the stack's last deployment, which the plan assumed is none; preview reads its outputs and may ${decides} (Pulumi StackReference to the stack itself)`;
}

/** The region of a stack that sets no aws:region, as the offline plan assumed it. */
export function assumedRegionLine(region: string): string {
    return `aws:region: the plan assumed ${region}, since the stack sets none it can read; preview takes the stack's aws:region, else AWS_REGION, else AWS_DEFAULT_REGION, else the AWS profile's region (the AWS provider)`;
}

/** A value stored encrypted, which the offline plan cannot decrypt: its rules run at preview. */
export function encryptedValueLine(key: string): string {
    return `${key}: the rules on its value, which is stored encrypted (pulumi preview decrypts it)`;
}
