// Rules that need AWS's answers about the deploying identity, known only once the program runs.
// They report through Problems like every other rule, so a failure reads and stops the same way.
import { adminNamingCaller } from "../../derive/accessEntries";
import { foreignSecretAccount } from "../../derive/crossAccount";
import { isSecretArn } from "../../derive/inputs";
import type { Settings } from "../declaration";
import { Problems } from "../problems";

/** What AWS says about the identity running the program (sts:GetCallerIdentity). */
export interface CloudAnswers {
    accountId: string;
    /** The caller's ARN: an IAM user, or an assumed-role session. */
    callerArn: string;
}

type CloudSettings = Pick<Settings, "secret" | "cluster">;
export type CloudRule = (s: CloudSettings, cloud: CloudAnswers, p: Problems) => void;

/** A secret in another account must name the owner's customer-managed key. */
export const foreignSecretNamesKey: CloudRule = (s, cloud, p) => {
    if (foreignSecretAccount(s.secret.existing, cloud.accountId) === undefined || s.secret.kmsKeyArn !== undefined) return;
    p.add(
        "secret.kmsKeyArn",
        "is required for a secret in another account: the default aws/secretsmanager key cannot be shared across accounts",
        "set secret.kmsKeyArn to the owner's customer-managed key of the secret (and have the owner grant it, see crossAccountGrants)",
    );
};

/** EKS already makes the deploying identity admin of a cluster it creates; a second access entry fails. */
export const adminsExcludeCaller: CloudRule = (s, cloud, p) => {
    if (!s.cluster.create || adminNamingCaller(cloud.callerArn, s.cluster.adminPrincipalArns) === undefined) return;
    p.add(
        "cluster.adminPrincipalArns",
        "lists the identity that runs this deployment, which EKS makes cluster admin itself (a second access entry fails)",
        "remove it from cluster.adminPrincipalArns",
    );
};

export const CLOUD_RULES: CloudRule[] = [foreignSecretNamesKey, adminsExcludeCaller];

/**
 * Whether any cloud rule can fire, so AWS is asked only then: an adopted ARN may be another
 * account's (a name is always the caller's), and admins of a created cluster may name the caller.
 */
export function needsCloudCheck(s: CloudSettings): boolean {
    const adoptedArn = s.secret.existing !== undefined && isSecretArn(s.secret.existing);
    return adoptedArn || (s.cluster.create && s.cluster.adminPrincipalArns.length > 0);
}

/** Runs every cloud rule; throws one ConfigError listing all problems, as parseConfig does. */
export function checkAgainstCloud(s: CloudSettings, cloud: CloudAnswers): void {
    const p = new Problems();
    for (const rule of CLOUD_RULES) rule(s, cloud, p);
    p.throwIfAny();
}
