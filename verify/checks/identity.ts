// Service accounts and the identity wiring: IRSA needs the role annotation (ASCP,
// aws/secrets-store-csi-driver-provider-aws, reads it,
// server/server.go getRoleARN); Pod Identity needs none, but needs the agent DaemonSet
// (credential_provider/pod_identity_credential_provider.go calls the agent's endpoint).
import { ROLE_ARN_ANNOTATION } from "../../derive/constants";
import { CREATED_LOG_BUCKET } from "../../derive/dataPlane";
import { ExpectedDeployment, ExpectedState } from "../expected";
import { qualified } from "../match";
import { Container, Finding, Observed } from "../types";
import { fail, notApplicable, pass } from "./finding";
import { findDeployment, mainContainer, resolveEnv } from "./workloads";

type WantedAccount = ExpectedState["serviceAccounts"][number];

function gatewayAccountOf(e: ExpectedState): string | undefined {
    return e.deployments.find((d) => d.role === "gateway")?.serviceAccount;
}

/**
 * The gateway's role ARN, when known: `--role-arn` (the stack output `roleArn`), else the gateway
 * account's own annotation. The dataservice has a role of its own (docs/data-plane.md, "Two roles"),
 * so its account must never name the gateway's.
 */
function gatewayRoleArn(e: ExpectedState, o: Observed): string | undefined {
    const name = gatewayAccountOf(e);
    const given = e.serviceAccounts.find((a) => a.name === name)?.roleArn;
    if (given !== undefined) return given;
    const sa = o.serviceAccounts.find((s) => s.metadata.name === name && s.metadata.namespace === e.namespace);
    const value = sa?.metadata.annotations?.[ROLE_ARN_ANNOTATION];
    return value === "" ? undefined : value;
}

/** An IRSA annotation that names another role than the account's: the reason, or undefined when it is the right one (or cannot be told). */
function wrongRole(e: ExpectedState, o: Observed, want: WantedAccount, value: string): { found: string; fix: string } | undefined {
    const key = want.roleArnAnnotation;
    const gateway = want.name === gatewayAccountOf(e);
    if (want.roleArn !== undefined && value !== want.roleArn)
        return gateway
            ? { found: `${key}: ${value}`, fix: "run `pulumi up`, or pass the role ARN of this stack's `roleArn` output to --role-arn" }
            : { found: `${key}: ${value}`, fix: "run `pulumi up`, or pass the role ARN of this stack's `dataserviceRoleArn` output" };
    if (!gateway && value === gatewayRoleArn(e, o))
        return {
            found: `${key}: ${value} (the gateway's role)`,
            fix: "run `pulumi up`: the dataservice's account is annotated with its own role (stack output `dataserviceRoleArn`), never the gateway's",
        };
    return undefined;
}

function annotatedExpectation(e: ExpectedState, want: WantedAccount): string {
    const base = `ServiceAccount ${e.namespace}/${want.name} with ${want.roleArnAnnotation}`;
    if (want.name === gatewayAccountOf(e)) return want.roleArn ? `${base} = the --role-arn value` : base;
    return `${base} = the dataservice's own role${want.roleArn ? ` (${want.roleArn})` : ", not the gateway's"}`;
}

export function serviceAccountFinding(e: ExpectedState, o: Observed, want: WantedAccount): Finding {
    const id = `identity.serviceAccount/${want.name}`;
    const key = want.roleArnAnnotation;
    const expected = want.annotation === "absent" ? `ServiceAccount ${e.namespace}/${want.name} without ${key} (Pod Identity)` : annotatedExpectation(e, want);
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
    const wrong = wrongRole(e, o, want, value);
    if (wrong) return fail(id, expected, wrong.found, wrong.fix);
    return pass(id, expected, `${key}: ${value}`);
}

export function podIdentityAgentFinding(e: ExpectedState, o: Observed): Finding {
    const id = "identity.podIdentityAgent";
    if (!e.podIdentityAgent)
        return notApplicable(
            id,
            // No agent expected with Pod Identity only under Auto Mode (docs/upstream-facts.md#auto-mode-pod-identity).
            e.identity === "pod-identity"
                ? "EKS Auto Mode's nodes run the Pod Identity agent themselves: no add-on DaemonSet to check"
                : `identity ${e.identity} does not use the Pod Identity agent`,
        );
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
