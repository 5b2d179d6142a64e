// The AWS provider (ASCP): one DaemonSet, and a running pod of it on every node that can run
// one. ASCP's chart (aws/secrets-store-csi-driver-provider-aws charts/.../values.yaml) keeps it
// off Fargate by node affinity and sets no tolerations, so tainted nodes are skipped.
import { ExpectedState } from "../expected";
import { isProviderDaemonSet, ownedBy, qualified } from "../match";
import { Finding, Node, Observed, Workload } from "../types";
import { fail, notApplicable, pass } from "./finding";

const FARGATE_LABEL = "eks.amazonaws.com/compute-type";

function providerDaemonSets(o: Observed): Workload[] {
    return o.daemonSets.filter(isProviderDaemonSet);
}

function providerInstallFix(e: ExpectedState): string {
    return e.addonsInstalledByStack
        ? "run `pulumi up` for this stack (it installs chart secrets-store-csi-driver-provider-aws)"
        : "install chart secrets-store-csi-driver-provider-aws with `secrets-store-csi-driver.install: false` (addons.install is false)";
}

export function providerDaemonSetFinding(e: ExpectedState, o: Observed): Finding {
    const id = "provider.daemonset";
    const expected = "exactly one ASCP DaemonSet (secrets-store-csi-driver-provider-aws)";
    const ds = providerDaemonSets(o);
    if (ds.length === 1) return pass(id, expected, qualified(ds[0]));
    if (ds.length === 0) return fail(id, expected, "none", providerInstallFix(e));
    return fail(
        id,
        expected,
        `${ds.length}: ${ds.map(qualified).join(", ")}`,
        "remove the extra ASCP release: two providers register the same socket on each node",
    );
}

/** Nodes a DaemonSet pod should land on: not cordoned, not Fargate. */
export function schedulableNodes(o: Observed): Node[] {
    return o.nodes.filter((n) => !n.spec?.unschedulable && n.metadata.labels?.[FARGATE_LABEL] !== "fargate");
}

function describeNode(n: Node): string {
    const taints = (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`);
    return `${n.metadata.name} (taints: ${taints.length ? taints.join(", ") : "none"})`;
}

export function providerNodesFinding(e: ExpectedState, o: Observed): Finding {
    const id = "provider.nodes";
    const expected = "a running ASCP pod on every schedulable node";
    const ds = providerDaemonSets(o);
    if (ds.length === 0) return notApplicable(id, "no ASCP DaemonSet (see provider.daemonset)");
    const nodes = schedulableNodes(o);
    if (nodes.length === 0) return fail(id, expected, "no schedulable nodes", "add nodes that are not cordoned and not Fargate: ASCP does not run on Fargate");
    const running = new Set(
        o.pods
            .filter((p) => ds.some((d) => p.metadata.namespace === d.metadata.namespace && ownedBy(p, "DaemonSet", d.metadata.name)))
            .filter((p) => p.status?.phase === "Running")
            .map((p) => p.spec?.nodeName),
    );
    const missing = nodes.filter((n) => !running.has(n.metadata.name));
    if (missing.length === 0) return pass(id, expected, `${nodes.length} of ${nodes.length} nodes`);
    return fail(
        id,
        expected,
        `missing on ${missing.length} of ${nodes.length} nodes: ${missing.map(describeNode).join("; ")}`,
        'give the ASCP release tolerations for those taints (this stack sets `tolerations: [{operator: Exists}]`); pods on a node without ASCP fail with `provider not found: provider "aws"`',
    );
}

export function providerFindings(e: ExpectedState, o: Observed): Finding[] {
    return [providerDaemonSetFinding(e, o), providerNodesFinding(e, o)];
}
