// Service accounts and the identity wiring: IRSA needs the role annotation (ASCP,
// aws/secrets-store-csi-driver-provider-aws, reads it,
// server/server.go getRoleARN); Pod Identity needs none, but needs the agent DaemonSet
// (credential_provider/pod_identity_credential_provider.go calls the agent's endpoint).
import { ExpectedState } from "../expected";
import { qualified } from "../match";
import { Finding, Observed } from "../types";
import { fail, notApplicable, pass } from "./finding";

/**
 * The ARN the annotation must equal: `--role-arn` is the gateway role's (the stack output `roleArn`);
 * the dataservice's account carries a role of its own (docs/data-plane.md, "Two roles"), so only
 * its annotation's presence is checked.
 */
function comparedRoleArn(e: ExpectedState, want: ExpectedState["serviceAccounts"][number]): string | undefined {
    const gatewayAccount = e.deployments.find((d) => d.role === "gateway")?.serviceAccount;
    return want.name === gatewayAccount ? want.roleArn : undefined;
}

export function serviceAccountFinding(e: ExpectedState, o: Observed, wanted: ExpectedState["serviceAccounts"][number]): Finding {
    const want = { ...wanted, roleArn: comparedRoleArn(e, wanted) };
    const id = `identity.serviceAccount/${want.name}`;
    const key = want.roleArnAnnotation;
    const expected =
        want.annotation === "absent"
            ? `ServiceAccount ${e.namespace}/${want.name} without ${key} (Pod Identity)`
            : `ServiceAccount ${e.namespace}/${want.name} with ${key}${want.roleArn ? ` = the --role-arn value` : ""}`;
    const sa = o.serviceAccounts.find((s) => s.metadata.name === want.name && s.metadata.namespace === e.namespace);
    if (!sa) return fail(id, expected, "none", "run `pulumi up`: the chart creates the service account (serviceAccount.create: true)");
    const value = sa.metadata.annotations?.[key];
    if (want.annotation === "absent") {
        if (value === undefined) return pass(id, expected, "no role annotation");
        return fail(
            id,
            expected,
            `${key}: ${value}`,
            `remove the annotation: with Pod Identity the role comes from the Pod Identity association (\`kubectl -n ${e.namespace} annotate sa ${want.name} ${key}-\`)`,
        );
    }
    if (value === undefined || value === "")
        return fail(id, expected, "no role annotation", "run `pulumi up` (identity irsa sets the annotation to the role's ARN)");
    if (want.roleArn !== undefined && value !== want.roleArn)
        return fail(id, expected, `${key}: ${value}`, "run `pulumi up`, or pass the role ARN of this stack's `roleArn` output to --role-arn");
    return pass(id, expected, `${key}: ${value}`);
}

export function podIdentityAgentFinding(e: ExpectedState, o: Observed): Finding {
    const id = "identity.podIdentityAgent";
    if (!e.podIdentityAgent) return notApplicable(id, `identity ${e.identity} does not use the Pod Identity agent`);
    const name = e.podIdentityAgent.daemonSet;
    const expected = `DaemonSet ${name} (EKS add-on) with ready pods`;
    const ds = o.daemonSets.find((d) => d.metadata.name === name);
    if (!ds)
        return fail(
            id,
            expected,
            "none",
            `install the EKS add-on ${name} (cluster.installPodIdentityAgent: true, or \`aws eks create-addon --addon-name ${name}\`)`,
        );
    const ready = ds.status?.numberReady ?? 0;
    if (ready > 0 && ready >= (ds.status?.desiredNumberScheduled ?? 0)) return pass(id, expected, `${qualified(ds)}: ${ready} ready`);
    return fail(
        id,
        expected,
        `${qualified(ds)}: ${ready} of ${ds.status?.desiredNumberScheduled ?? 0} ready`,
        `\`kubectl -n ${ds.metadata.namespace} describe daemonset ${name}\``,
    );
}

export function identityFindings(e: ExpectedState, o: Observed): Finding[] {
    return [...e.serviceAccounts.map((sa) => serviceAccountFinding(e, o, sa)), podIdentityAgentFinding(e, o)];
}
