// SecretProviderClassPodStatus, written by the driver per pod and class after a mount
// (kubernetes-sigs/secrets-store-csi-driver apis/v1/secretproviderclasspodstatus_types.go: podName,
// secretProviderClassName, mounted, objects[].id). ASCP reports one object id per file it
// writes: the alias of the whole secret and of each jmesPath key (aws/secrets-store-csi-driver-provider-aws
// provider/secret_descriptor.go GetFileName).
import { ExpectedState } from "../expected";
import { Finding, Observed } from "../types";
import { fail, pass } from "./finding";
import { deploymentPods } from "./workloads";

function podProblem(e: ExpectedState, o: Observed, pod: string): string | undefined {
    const st = o.podStatuses.find(
        (s) => s.metadata.namespace === e.namespace && s.status?.podName === pod && s.status?.secretProviderClassName === e.secretProviderClass.name,
    );
    if (!st) return `${pod}: no SecretProviderClassPodStatus`;
    if (st.status?.mounted !== true) return `${pod}: not mounted`;
    const ids = (st.status?.objects ?? []).map((x) => x.id);
    const missing = e.mount.objectIds.filter((id) => !ids.includes(id));
    return missing.length ? `${pod}: objects missing ${missing.join(", ")}` : undefined;
}

export function mountStatusFinding(e: ExpectedState, o: Observed): Finding {
    const id = "mount.podStatus";
    const expected = `every gateway pod mounted ${e.secretProviderClass.name} with objects ${e.mount.objectIds.join(", ")}`;
    const pods = e.deployments.flatMap((d) => deploymentPods(e, o, d.name).map((p) => p.metadata.name));
    if (pods.length === 0) return fail(id, expected, "no gateway pods", "see the workloads.rollout findings; pods that never start have no mount status");
    const problems = pods.map((p) => podProblem(e, o, p)).filter((p): p is string => p !== undefined);
    if (problems.length === 0) return pass(id, expected, `${pods.length} pod(s) mounted`);
    return fail(id, expected, problems.join("; "), `see the events.* findings, and \`kubectl -n ${e.namespace} describe pod <pod>\``);
}
