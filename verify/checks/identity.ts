// Service accounts and the identity wiring: IRSA needs the role annotation (ASCP,
// aws/secrets-store-csi-driver-provider-aws, reads it,
// server/server.go getRoleARN); Pod Identity needs none, but needs the agent DaemonSet
// (credential_provider/pod_identity_credential_provider.go calls the agent's endpoint).
import { CREATED_LOG_BUCKET } from "../../derive/dataPlane";
import { ExpectedDeployment, ExpectedState } from "../expected";
import { qualified } from "../match";
import { Container, Finding, Observed } from "../types";
import { fail, notApplicable, pass } from "./finding";
import { findDeployment, mainContainer, resolveEnv } from "./workloads";

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

/** Each Deployment's pods run under its own service account: the one its role trusts (docs/data-plane.md, "Two roles"). */
export function podServiceAccountFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `identity.podServiceAccount/${d.name}`;
    const expected = `Deployment ${e.namespace}/${d.name} runs under ServiceAccount ${d.serviceAccount}`;
    const dep = findDeployment(e, o, d.name);
    if (!dep) return fail(id, expected, "none", "run `pulumi up`: the chart creates the Deployment");
    const found = dep.spec?.template?.spec?.serviceAccountName ?? "default";
    if (found === d.serviceAccount) return pass(id, expected, `serviceAccountName: ${found}`);
    return fail(
        id,
        expected,
        `serviceAccountName: ${found}`,
        "run `pulumi up`: the chart's serviceAccount and dataservice.serviceAccount names are managed values",
    );
}

/** The log store on the role: the three settings, and no key that would stand in for the role (docs/data-plane.md). */
function logStoreProblems(e: ExpectedState, o: Observed, c: Container, want: { region: string; bucket?: string }): string[] {
    const literal = (name: string) => {
        const s = resolveEnv(o, e.namespace, c, name);
        return s.kind === "literal" ? s.value : undefined;
    };
    const problems: string[] = [];
    if (literal("LOG_STORE") !== "s3_assume") problems.push("LOG_STORE is not the literal s3_assume");
    if (literal("LOG_STORE_REGION") !== want.region) problems.push(`LOG_STORE_REGION is not the literal ${want.region}`);
    const bucket = literal("LOG_STORE_GENERATIONS_BUCKET");
    if (want.bucket !== undefined ? bucket !== want.bucket : !CREATED_LOG_BUCKET.test(bucket ?? ""))
        problems.push(`LOG_STORE_GENERATIONS_BUCKET is not ${want.bucket ?? "the created bucket (portkey-logs-<account>-<hex>)"}`);
    for (const key of ["LOG_STORE_ACCESS_KEY", "LOG_STORE_SECRET_KEY"]) {
        const s = resolveEnv(o, e.namespace, c, key);
        if (s.kind === "secret" || (s.kind === "literal" && s.value !== "")) problems.push(`${key} is set (value not shown)`);
    }
    return problems;
}

export function logStoreFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `identity.logStore/${d.name}`;
    const want = e.logStore;
    if (!want) return notApplicable(id, "the stack sets no logStore");
    const expected = `LOG_STORE s3_assume, LOG_STORE_REGION ${want.region}, LOG_STORE_GENERATIONS_BUCKET ${want.bucket ?? "the created bucket"}, no log store key`;
    const dep = findDeployment(e, o, d.name);
    const c = dep ? mainContainer(dep, e.mount.volumeName) : undefined;
    if (!c) return fail(id, expected, dep ? "no containers" : "no Deployment", "run `pulumi up`");
    const problems = logStoreProblems(e, o, c, want);
    if (problems.length === 0) return pass(id, expected, "the log store settings, on the pod's role");
    return fail(id, expected, problems.join("; "), "run `pulumi up`: the program sets the log store in the chart's environment.data (docs/data-plane.md)");
}

export function identityFindings(e: ExpectedState, o: Observed): Finding[] {
    return [
        ...e.serviceAccounts.map((sa) => serviceAccountFinding(e, o, sa)),
        ...e.deployments.flatMap((d) => [podServiceAccountFinding(e, o, d), logStoreFinding(e, o, d)]),
        podIdentityAgentFinding(e, o),
    ];
}
