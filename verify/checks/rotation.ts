// Rotation reaching the pods: the Deployments carry the Reloader annotation of the mode and
// Reloader runs (with its CSI integration in mount-only: `--enable-csi-integration=true`,
// Reloader chart value reloader.enableCSIIntegration, docs/upstream-facts.md#reloader-csi-integration).
import { ExpectedDeployment, ExpectedState } from "../expected";
import { containersOf, flagsOf, isReloaderDeployment, qualified } from "../match";
import { Finding, Observed } from "../types";
import { fail, notApplicable, pass } from "./finding";
import { findDeployment } from "./workloads";

const NOT_NEEDED = "rotation does not reach the pods (rotation.enabled is false or rotation.reloader is none)";

export function annotationFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `rotation.annotation/${d.name}`;
    if (!e.reloader.needed) return notApplicable(id, NOT_NEEDED);
    const [[key, value]] = Object.entries(d.reloadAnnotations);
    const expected = `${key}: ${value}`;
    const dep = findDeployment(e, o, d.name);
    if (!dep) return fail(id, expected, `no Deployment ${d.name}`, "run `pulumi up`");
    const got = dep.metadata.annotations?.[key];
    if (got === value) return pass(id, expected, `${key}: ${got}`);
    const other = Object.keys(dep.metadata.annotations ?? {}).filter((k) => k.includes("reloader.stakater.com"));
    return fail(
        id,
        expected,
        got === undefined ? `not set (reloader annotations: ${other.join(", ") || "none"})` : `${key}: ${got}`,
        "run `pulumi up` (a DeploymentPatch sets it; a forced Helm upgrade can drop it)",
    );
}

export function reloaderFinding(e: ExpectedState, o: Observed): Finding {
    const id = "rotation.reloader";
    if (!e.reloader.needed) return notApplicable(id, NOT_NEEDED);
    const expected = `Reloader running${e.reloader.csiIntegration ? " with --enable-csi-integration=true" : ""}`;
    const found = o.deployments.filter(isReloaderDeployment);
    const install =
        e.reloader.source === "install"
            ? "run `pulumi up` (rotation.reloader: install)"
            : "install Reloader (chart reloader from stakater-charts), or set rotation.reloader to install";
    if (found.length === 0) return fail(id, expected, "no Reloader Deployment", install);
    const running = found.filter((d) => (d.status?.availableReplicas ?? 0) > 0);
    if (running.length === 0)
        return fail(
            id,
            expected,
            `${found.map(qualified).join(", ")}: no available replicas`,
            `\`kubectl -n ${found[0].metadata.namespace} describe deployment ${found[0].metadata.name}\``,
        );
    const r = running[0];
    if (e.reloader.csiIntegration && !containersOf(r).some((c) => flagsOf(c).get("enable-csi-integration") === "true")) {
        return fail(
            id,
            expected,
            `${qualified(r)} without --enable-csi-integration=true`,
            "set the Reloader chart value reloader.enableCSIIntegration: true (Reloader >= v1.4.13); without it mount-only rotation never restarts pods",
        );
    }
    return pass(id, expected, `${qualified(r)} available`);
}

export function rotationFindings(e: ExpectedState, o: Observed): Finding[] {
    return [...e.deployments.map((d) => annotationFinding(e, o, d)), reloaderFinding(e, o)];
}
