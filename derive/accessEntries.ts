// EKS access entries that give the platform's admins cluster-admin on a created cluster, in the
// shape pulumi-eks `ClusterArgs.accessEntries` takes.

/** EKS access policy for full cluster admin (EKS user guide, access-policy-permissions). */
export function clusterAdminPolicyArn(partition: string): string {
    return `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`;
}

export interface AccessEntry {
    principalArn: string;
    accessPolicies: Record<string, { policyArn: string; accessScope: { type: "cluster" } }>;
}

/** A stable key per principal: its name, lower-cased; a repeated name gets the account too. */
function entryKey(arn: string, seen: Set<string>): string {
    const [, , , , account, resource] = arn.split(":");
    const name = resource
        .split("/")
        .pop()!
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-");
    const key = seen.has(name) ? `${name}-${account}` : name;
    seen.add(key);
    return key;
}

/** One cluster-admin access entry per principal ARN, keyed by the principal's name. */
export function adminAccessEntries(principalArns: string[]): Record<string, AccessEntry> {
    const seen = new Set<string>();
    const out: Record<string, AccessEntry> = {};
    for (const arn of principalArns) {
        const partition = arn.split(":")[1];
        out[entryKey(arn, seen)] = {
            principalArn: arn,
            accessPolicies: { admin: { policyArn: clusterAdminPolicyArn(partition), accessScope: { type: "cluster" } } },
        };
    }
    return out;
}

/**
 * The principal an IAM role or user ARN names: its account, its kind and its name lower-cased. IAM
 * names are unique in an account whatever their case and path (docs/upstream-facts.md#iam-name-case),
 * so `role/Admins` and `role/team/admins` name one role.
 */
export function principalIdentity(arn: string): string {
    const [, , , , account, resource = ""] = arn.split(":");
    const [type, ...path] = resource.split("/");
    return `${account}:${type}:${(path[path.length - 1] ?? "").toLowerCase()}`;
}

/** The index of the first ARN that names a principal an earlier ARN already names, if any. */
export function repeatedPrincipal(principalArns: string[]): number | undefined {
    const seen = new Set<string>();
    for (const [i, arn] of principalArns.entries()) {
        const id = principalIdentity(arn);
        if (seen.has(id)) return i;
        seen.add(id);
    }
    return undefined;
}

/**
 * The admin ARN that names the identity running `pulumi up`, if any. EKS gives the cluster's
 * creator an access entry itself (pulumi-eks sets bootstrapClusterCreatorAdminPermissions), so a
 * second entry for it fails with ResourceInUseException. A role is compared by account and name, the
 * name in any case (docs/upstream-facts.md#iam-name-case): the caller is its assumed-role session
 * (arn:…:sts::<account>:assumed-role/<name>/<session>).
 */
export function adminNamingCaller(callerArn: string, principalArns: string[]): string | undefined {
    const [, , , , account, resource = ""] = callerArn.split(":");
    const parts = resource.split("/");
    // assumed-role/<role>/<session> (no path); user/<path…>/<name>.
    const caller =
        parts[0] === "assumed-role" ? { type: "role", name: parts[1] } : parts[0] === "user" ? { type: "user", name: parts[parts.length - 1] } : undefined;
    if (!caller) return undefined;
    const id = `${account}:${caller.type}:${caller.name.toLowerCase()}`;
    return principalArns.find((arn) => principalIdentity(arn) === id);
}
