// `npm run verify -- --write-probe`, the pure part: the Pod that writes and reads back one marker
// object in the log bucket under the gateway's service account (so with the gateway's own role), and
// what its outcome means. The run itself (create, wait, logs, delete) is verify/writeProbeRun.ts.
// The pod passes the `restricted` profile with the program's own security contexts
// (derive/workloadSecurity.ts); the gateway's role may not delete, so the marker stays until the
// bucket's lifecycle rule expires it (docs/data-plane.md).
import { ComputeType } from "../derive/compute";
import { CREATED_LOG_BUCKET } from "../derive/dataPlane";
import type { ContainerSecurityContext, PodSecurityContext } from "../derive/podSecurity";
import { WRITE_PROBE_IMAGE } from "../derive/defaults";
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT } from "../derive/workloadSecurity";
import { fail, notApplicable, pass } from "./checks/finding";
import { findDeployment, mainContainer, resolveEnv } from "./checks/workloads";
import { ExpectedState } from "./expected";
import { Finding, Observed, PodSpec } from "./types";

export const WRITE_PROBE_ID = "dataPlane.writeProbe";
export const WRITE_PROBE_PREFIX = "verify/";
/** The pod's own bound: the kubelet stops it after this long, whatever the command does. */
export const WRITE_PROBE_DEADLINE_SECONDS = 120;
export const WRITE_PROBE_CONTAINER = "probe";
const SCRATCH = "/tmp";

export interface ProbeTarget {
    namespace: string;
    serviceAccount: string;
    bucket: string;
    region: string;
    /** `cluster.compute`: EKS Auto Mode runs the Pod Identity agent itself, a node group needs the add-on. */
    compute: ComputeType;
}

export interface ProbePod {
    apiVersion: "v1";
    kind: "Pod";
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: PodSpec & { restartPolicy: "Never"; activeDeadlineSeconds: number };
}

/** `verify/<UTC time>-<nonce>.txt`: unique per run, sorted by time, under the prefix the docs name. */
export function markerKey(now: Date, nonce: string): string {
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}Z$/, "Z");
    return `${WRITE_PROBE_PREFIX}${stamp}-${nonce}.txt`;
}

/**
 * The shell script: put the key's own name as the object's body, get it back, compare. Every line it
 * prints is `probe: <step>` or the CLI's error line (an error code and operation, never a credential).
 * No encryption flag: S3 applies the bucket's default encryption (SSE-S3 or the stack's KMS key).
 */
export const WRITE_PROBE_SCRIPT = [
    "set -u",
    `printf '%s\\n' "$PROBE_KEY" > ${SCRATCH}/put.txt`,
    `/usr/local/bin/aws s3api put-object --region "$PROBE_REGION" --bucket "$PROBE_BUCKET" --key "$PROBE_KEY" --body ${SCRATCH}/put.txt 2>&1 >/dev/null || { echo "probe: put failed"; exit 3; }`,
    'echo "probe: put ok"',
    `/usr/local/bin/aws s3api get-object --region "$PROBE_REGION" --bucket "$PROBE_BUCKET" --key "$PROBE_KEY" ${SCRATCH}/got.txt 2>&1 >/dev/null || { echo "probe: get failed"; exit 4; }`,
    'echo "probe: get ok"',
    `if [ "$(cat ${SCRATCH}/got.txt)" = "$PROBE_KEY" ]; then echo "probe: match"; else echo "probe: mismatch"; exit 5; fi`,
].join("\n");

/**
 * The probe's Pod. It runs under the gateway's service account, so the IRSA webhook (annotation) or
 * the Pod Identity agent (association) gives it the gateway's role, as it does the gateway's pods;
 * neither needs the Kubernetes API token, so it is not mounted (as in the gateway's pods).
 */
export function writeProbePod(t: ProbeTarget, key: string, name: string): ProbePod {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name,
            namespace: t.namespace,
            labels: { "app.kubernetes.io/name": "portkey-verify-write-probe", "app.kubernetes.io/managed-by": "portkey-verify" },
        },
        spec: {
            serviceAccountName: t.serviceAccount,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            activeDeadlineSeconds: WRITE_PROBE_DEADLINE_SECONDS,
            securityContext: structuredClone(POD_SECURITY_CONTEXT) as unknown as PodSecurityContext,
            containers: [
                {
                    name: WRITE_PROBE_CONTAINER,
                    image: `${WRITE_PROBE_IMAGE.repository}:${WRITE_PROBE_IMAGE.tag}`,
                    command: ["/bin/sh", "-c", WRITE_PROBE_SCRIPT],
                    env: [
                        { name: "PROBE_BUCKET", value: t.bucket },
                        { name: "PROBE_REGION", value: t.region },
                        { name: "PROBE_KEY", value: key },
                        // The image has no user 1000: HOME and temporary files go to the scratch volume (docs/upstream-facts.md#aws-cli-image).
                        { name: "HOME", value: SCRATCH },
                        { name: "TMPDIR", value: SCRATCH },
                    ],
                    volumeMounts: [{ name: "scratch", mountPath: SCRATCH }],
                    resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                    securityContext: structuredClone(CONTAINER_SECURITY_CONTEXT) as unknown as ContainerSecurityContext,
                },
            ],
            volumes: [{ name: "scratch", emptyDir: { sizeLimit: "16Mi" } }],
        },
    };
}

/**
 * Where the probe writes: the log bucket the gateway's pods are given. A bucket the program creates
 * is named after the account, which only the deploy knows, so it is read from the gateway's
 * environment (`identity.logStore` checks that it has the created bucket's form).
 */
export function probeTarget(e: ExpectedState, o: Observed): ProbeTarget | string | undefined {
    if (!e.logStore) return undefined;
    const gateway = e.deployments.find((d) => d.role === "gateway")!;
    let bucket = e.logStore.bucket;
    if (bucket === undefined) {
        const dep = findDeployment(e, o, gateway.name);
        const c = dep ? mainContainer(dep, e.mount.volumeName) : undefined;
        const s = c ? resolveEnv(o, e.namespace, c, "LOG_STORE_GENERATIONS_BUCKET") : undefined;
        if (s?.kind !== "literal" || !CREATED_LOG_BUCKET.test(s.value))
            return `the created bucket's name is not in Deployment ${e.namespace}/${gateway.name}'s LOG_STORE_GENERATIONS_BUCKET`;
        bucket = s.value;
    }
    return { namespace: e.namespace, serviceAccount: gateway.serviceAccount, bucket, region: e.logStore.region, compute: e.compute };
}

/** What the run saw; never the log itself, only what was parsed from it. */
export type ProbeOutcome =
    | { kind: "created-not"; status?: number; podSecurity: boolean }
    | { kind: "image"; reason: string }
    | { kind: "timeout"; phase: string }
    | { kind: "finished"; phase: string; exitCode?: number; log: string };

export interface ProbeRun {
    outcome: ProbeOutcome;
    /** Deleting the pod failed: it is left behind. */
    leftBehind?: boolean;
}

export function writeProbeNotApplicable(why: string): Finding {
    return notApplicable(WRITE_PROBE_ID, why);
}

export function expectedText(t: ProbeTarget, key: string): string {
    return `a pod under ServiceAccount ${t.namespace}/${t.serviceAccount} puts and gets s3://${t.bucket}/${key} (${t.region})`;
}

/** The CLI's error line: `An error occurred (<Code>) when calling the <Operation> operation: …`. */
const AWS_ERROR = /An error occurred \(([A-Za-z0-9.]{1,64})\) when calling the ([A-Za-z]{1,64}) operation/;

const ACCESS_FIX =
    "the gateway role's `-data-plane` policy must allow s3:PutObject and s3:GetObject on <bucket>/* with s3:ResourceAccount = the bucket's account (run `pulumi up`); a bucket in another account must also allow the role in its bucket policy, and an SSE-KMS key in its key policy (docs/data-plane.md#a-bucket-in-another-account)";

/** The fix for an AWS error code the CLI printed, by code and operation. */
export function awsErrorFix(code: string, operation: string): string {
    if (operation === "AssumeRoleWithWebIdentity")
        return "the role does not trust the gateway's service account: run `pulumi up` (its trust policy names the cluster's OIDC provider and system:serviceaccount:<namespace>:<service account>)";
    if (code === "NoSuchBucket") return "the bucket does not exist: check logStore.bucket, or run `pulumi up` to create it";
    if (code === "PermanentRedirect" || code === "AuthorizationHeaderMalformed" || code === "IllegalLocationConstraintException")
        return "the bucket is in another region: set logStore.region to the bucket's region and run `pulumi up`";
    if (code === "AccessDenied" || code.startsWith("KMS.")) return ACCESS_FIX;
    return `S3 answered ${code}: see the AWS S3 error codes reference, then run the probe again`;
}

/** Where a pod's credentials come from, for a pod that has none: IRSA's annotation, or Pod Identity's association and agent. */
export function noCredentialsFix(compute: ComputeType): string {
    const agent =
        compute === "auto-mode"
            ? "its association (EKS Auto Mode runs the Pod Identity agent on its nodes: no add-on to install, docs/upstream-facts.md#auto-mode-pod-identity)"
            : "its association and the eks-pod-identity-agent add-on";
    return `the gateway's service account gives no role: with IRSA it needs the eks.amazonaws.com/role-arn annotation, with Pod Identity ${agent} (see the identity.* findings)`;
}

/** What the log says went wrong, as short text and a fix; undefined when it says nothing known. */
function fromLog(log: string, compute: ComputeType): { found: string; fix: string } | undefined {
    const m = AWS_ERROR.exec(log);
    if (m) return { found: `${m[2]}: ${m[1]}`, fix: awsErrorFix(m[1], m[2]) };
    if (log.includes("Unable to locate credentials")) return { found: "no AWS credentials in the pod", fix: noCredentialsFix(compute) };
    if (log.includes("Could not connect to the endpoint URL") || log.includes("Connect timeout"))
        return {
            found: "S3 or STS not reachable from the pod",
            fix: "the nodes need a route to S3 and STS (a NAT gateway, or VPC endpoints for S3 and STS); the program's NetworkPolicy leaves egress open, so look for another policy that denies it",
        };
    if (log.includes("probe: mismatch"))
        return { found: "the object read back differs from the one written", fix: "another writer changed the key: run the probe again" };
    return undefined;
}

function finishedFinding(expected: string, compute: ComputeType, o: Extract<ProbeOutcome, { kind: "finished" }>): Finding {
    if (o.phase === "Succeeded" && o.exitCode === 0 && o.log.includes("probe: match")) return pass(WRITE_PROBE_ID, expected, "written and read back");
    const known = fromLog(o.log, compute);
    if (known) return fail(WRITE_PROBE_ID, expected, known.found, known.fix);
    return fail(
        WRITE_PROBE_ID,
        expected,
        `pod ${o.phase}${o.exitCode === undefined ? "" : `, exit ${o.exitCode}`}`,
        `run it again and read the probe pod's events and log before it is deleted (\`kubectl get events\`); the pod is stopped after ${WRITE_PROBE_DEADLINE_SECONDS} s`,
    );
}

/** The finding of one run. */
export function writeProbeFinding(t: ProbeTarget, key: string, pod: string, run: ProbeRun): Finding {
    const expected = expectedText(t, key);
    const o = run.outcome;
    let f: Finding;
    if (o.kind === "created-not")
        f = fail(
            WRITE_PROBE_ID,
            expected,
            o.status === undefined ? "the pod could not be created" : `the pod was refused (HTTP ${o.status})`,
            o.podSecurity
                ? "the namespace's Pod Security admission refused the pod: report it (the probe pod is built to pass `restricted`)"
                : o.status === 403
                  ? `the identity running verify may not create pods in ${t.namespace}: --write-probe needs create, get and delete on pods and get on pods/log there (docs/operating.md)`
                  : "check that the cluster is reachable (run verify without --write-probe), then run it again",
        );
    else if (o.kind === "image")
        f = fail(
            WRITE_PROBE_ID,
            expected,
            `the image was not pulled (${o.reason})`,
            `the nodes must reach ${WRITE_PROBE_IMAGE.repository} (public.ecr.aws) through a NAT gateway; from a private network, mirror the image`,
        );
    else if (o.kind === "timeout")
        f = fail(
            WRITE_PROBE_ID,
            expected,
            `the pod did not finish (phase ${o.phase})`,
            `a pod of the namespace that is not scheduled or not started: \`kubectl -n ${t.namespace} get events\` (node capacity, taints, a quota)`,
        );
    else f = finishedFinding(expected, t.compute, o);
    if (!run.leftBehind) return f;
    const left = `delete the probe pod by hand: \`kubectl -n ${t.namespace} delete pod ${pod}\``;
    return { ...f, found: `${f.found}; the pod was not deleted`, status: f.status === "pass" ? "fail" : f.status, fix: f.fix ? `${f.fix}; ${left}` : left };
}
