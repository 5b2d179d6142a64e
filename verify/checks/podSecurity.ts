// The namespace's Pod Security labels, and per gateway pod the security context it runs with,
// whether it meets `restricted` (derive/podSecurity.ts) and whether it mounts an API token.
import { restrictedViolations } from "../../derive/podSecurity";
import { POD_SECURITY_LABEL_PREFIX } from "../../derive/namespace";
import { ExpectedDeployment, ExpectedState } from "../expected";
import { Container, Finding, Observed, Pod, PodSpec } from "../types";
import { fail, list, notApplicable, pass, unreadFinding, wasUnread } from "./finding";
import { deploymentPods } from "./workloads";

function labelsText(labels: Record<string, string>): string {
    return list(
        Object.entries(labels)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => `${k}=${v}`),
    );
}

export function namespaceLabelsFinding(e: ExpectedState, o: Observed): Finding {
    const id = `security.namespace/${e.namespace}`;
    const want = e.podSecurity.labels;
    const expected = `namespace labels ${labelsText(want)}`;
    if (wasUnread(o, "Namespace")) return unreadFinding(id, "Namespace");
    const ns = o.namespaces.find((n) => n.metadata.name === e.namespace);
    if (!ns) return fail(id, expected, `namespace ${e.namespace} not read`, "run `pulumi up`, or check that the identity running verify may get namespaces");
    const have = Object.fromEntries(Object.entries(ns.metadata.labels ?? {}).filter(([k]) => k.startsWith(POD_SECURITY_LABEL_PREFIX)));
    const found = `namespace labels ${labelsText(have)}`;
    if (Object.entries(want).every(([k, v]) => have[k] === v)) return pass(id, expected, found);
    const fix = e.podSecurity.namespaceCreatedByStack
        ? "run `pulumi up`: the program sets these labels on the namespace it creates"
        : `ask the team that owns namespace ${e.namespace} to set these labels (docs/security.md, "A namespace you do not create")`;
    return fail(id, expected, found, fix);
}

/** kubelet's API credentials: a projected service-account token for the API server's own audience (no audience set). */
export function mountsApiToken(spec: PodSpec): boolean {
    return (spec.volumes ?? []).some((v) => (v.projected?.sources ?? []).some((s) => s.serviceAccountToken !== undefined && !s.serviceAccountToken.audience));
}

function contextText(spec: PodSpec, c: Container): string {
    const show = (x: unknown) => (x === undefined ? "unset" : JSON.stringify(x));
    const p = spec.securityContext ?? {};
    const s = c.securityContext ?? {};
    return (
        `pod runAsNonRoot=${show(p.runAsNonRoot)} seccomp=${show(p.seccompProfile?.type)}; ` +
        `container ${c.name} runAsNonRoot=${show(s.runAsNonRoot)} runAsUser=${show(s.runAsUser)} readOnlyRootFilesystem=${show(s.readOnlyRootFilesystem)} ` +
        `allowPrivilegeEscalation=${show(s.allowPrivilegeEscalation)} drop=${show(s.capabilities?.drop)} seccomp=${show(s.seccompProfile?.type)}`
    );
}

function podFinding(e: ExpectedState, d: ExpectedDeployment, pod: Pod): Finding {
    const id = `security.pod/${pod.metadata.name}`;
    const expected = "meets restricted (pod-security-admission v0.33), mounts no Kubernetes API token";
    const spec = pod.spec ?? { containers: [] };
    const violations = restrictedViolations(spec);
    const token = mountsApiToken(spec);
    const contexts = spec.containers.map((c) => contextText(spec, c)).join(" | ");
    const found = `${contexts}; restricted: ${violations.length === 0 ? "met" : violations.map((v) => `${v.check} (${v.detail})`).join("; ")}; API token: ${token ? "mounted" : "not mounted"}`;
    if (violations.length === 0 && !token) return pass(id, expected, found);
    return fail(
        id,
        expected,
        found,
        `the program sets these on ${d.name}: check \`helm -n ${e.namespace} get values\` for the managed security values, and \`kubectl -n ${e.namespace} get deployment ${d.name} -o yaml\` for automountServiceAccountToken; then \`kubectl -n ${e.namespace} rollout restart deployment/${d.name}\``,
    );
}

export function podSecurityFindings(e: ExpectedState, o: Observed): Finding[] {
    const out: Finding[] = [namespaceLabelsFinding(e, o)];
    for (const d of e.deployments) {
        const pods = deploymentPods(e, o, d.name);
        if (pods.length === 0) out.push(notApplicable(`security.pod/${d.name}`, `no pods of ${d.name} to inspect`));
        for (const pod of pods) out.push(podFinding(e, d, pod));
    }
    return out;
}
