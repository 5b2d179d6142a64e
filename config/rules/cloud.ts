// Rules that need answers known only once the program runs: AWS's about the deploying identity,
// the given subnets and a running cluster, and the day's date for the EKS support calendar.
// They report through Problems like every other rule, so a failure reads and stops the same way.
import { adminNamingCaller } from "../../derive/accessEntries";
import { foreignSecretAccount } from "../../derive/crossAccount";
import { versionReport, versionStepRefusal } from "../../derive/eksVersions";
import { isSecretArn } from "../../derive/inputs";
import { givenSubnetProblems, SubnetFacts } from "../../derive/network";
import type { Settings } from "../declaration";
import { Problems } from "../problems";

/** What the program asked at run time; a rule whose answer was not asked does not apply. */
export interface CloudAnswers {
    /** The deploying identity's account (sts:GetCallerIdentity), asked only when needsCallerIdentity says so. */
    accountId?: string;
    /** The caller's ARN: an IAM user, or an assumed-role session. */
    callerArn?: string;
    /** EC2's description of each `cluster.privateSubnetIds` entry, in order (a created cluster in a given VPC). */
    subnets?: SubnetFacts[];
    /** The Kubernetes version of the created cluster when it already runs. */
    runningClusterVersion?: string;
    /** Today (UTC, YYYY-MM-DD), for the EKS support calendar of a created cluster. */
    today?: string;
}

type CloudSettings = Pick<Settings, "secret" | "cluster">;
export type CloudRule = (s: CloudSettings, cloud: CloudAnswers, p: Problems) => void;

/** A secret in another account must name the owner's customer-managed key. */
export const foreignSecretNamesKey: CloudRule = (s, cloud, p) => {
    if (cloud.accountId === undefined || foreignSecretAccount(s.secret.existing, cloud.accountId) === undefined || s.secret.kmsKeyArn !== undefined) return;
    p.add(
        "secret.kmsKeyArn",
        "is required for a secret in another account: the default aws/secretsmanager key cannot be shared across accounts",
        "set secret.kmsKeyArn to the owner's customer-managed key of the secret (and have the owner grant it, see crossAccountGrants)",
    );
};

/** EKS already makes the deploying identity admin of a cluster it creates; a second access entry fails. */
export const adminsExcludeCaller: CloudRule = (s, cloud, p) => {
    if (!s.cluster.create || cloud.callerArn === undefined || adminNamingCaller(cloud.callerArn, s.cluster.adminPrincipalArns) === undefined) return;
    p.add(
        "cluster.adminPrincipalArns",
        "lists the identity that runs this deployment, which EKS makes cluster admin itself (a second access entry fails)",
        "remove it from cluster.adminPrincipalArns",
    );
};

/** Given private subnets must be in the VPC, in zones EKS takes, and span two zones (derive/network.ts). */
export const givenSubnetsUsable: CloudRule = (s, cloud, p) => {
    if (cloud.subnets === undefined || s.cluster.vpcId === undefined) return;
    for (const [key, what, fix] of givenSubnetProblems(s.cluster.vpcId, cloud.subnets)) p.add(key, what, fix);
};

/** A created cluster's version must be one EKS offers today (derive/eksVersions.ts, docs/versions.md). */
export const clusterVersionOffered: CloudRule = (s, cloud, p) => {
    if (!s.cluster.create || cloud.today === undefined) return;
    const refusal = versionReport(s.cluster.version, cloud.today, s.cluster.supportType).refusal;
    if (refusal) p.add(refusal.key, refusal.what, refusal.fix);
};

/** A running cluster moves one minor version per `up`, forward only. */
export const clusterVersionStepsOnce: CloudRule = (s, cloud, p) => {
    if (!s.cluster.create || cloud.runningClusterVersion === undefined) return;
    const refusal = versionStepRefusal(cloud.runningClusterVersion, s.cluster.version);
    if (refusal) p.add("cluster.version", refusal.what, refusal.fix);
};

export const CLOUD_RULES: CloudRule[] = [foreignSecretNamesKey, adminsExcludeCaller, givenSubnetsUsable, clusterVersionOffered, clusterVersionStepsOnce];

/**
 * Whether a rule needs the deploying identity, so sts:GetCallerIdentity is called only then: an adopted ARN may be another
 * account's (a name is always the caller's), and admins of a created cluster may name the caller.
 */
export function needsCallerIdentity(s: CloudSettings): boolean {
    const adoptedArn = s.secret.existing !== undefined && isSecretArn(s.secret.existing);
    return adoptedArn || (s.cluster.create && s.cluster.adminPrincipalArns.length > 0);
}

/** Runs every cloud rule; throws one ConfigError listing all problems, as parseConfig does. */
export function checkAgainstCloud(s: CloudSettings, cloud: CloudAnswers): void {
    const p = new Problems();
    for (const rule of CLOUD_RULES) rule(s, cloud, p);
    p.throwIfAny();
}
