// The Secrets Store CSI driver: its CSIDriver object, one DaemonSet, the sync RBAC and the
// rotation flags. Names and flags from kubernetes-sigs/secrets-store-csi-driver
// charts/secrets-store-csi-driver/templates (csidriver.yaml, role-syncsecret.yaml,
// secrets-store-csi-driver.yaml).
import { ExpectedState } from "../expected";
import { containersOf, flagsOf, isDriverDaemonSet, isDriverImage, qualified } from "../match";
import { Finding, Observed, Workload } from "../types";
import { parseDuration } from "../../derive/duration";
import { fail, list, notApplicable, pass } from "./finding";

/** The ClusterRole the driver chart installs only with `syncSecret.enabled`. */
export const SYNC_CLUSTER_ROLE = "secretprovidersyncing-role";

function installFix(e: ExpectedState, what: string): string {
    return e.addonsInstalledByStack
        ? `run \`pulumi up\` for this stack (addons.install is true): its secrets-store-csi-driver release ${what}`
        : `ask whoever installs the driver (addons.install is false): the secrets-store-csi-driver release must be installed once and ${what}`;
}

export function csiDriverFinding(e: ExpectedState, o: Observed): Finding {
    const id = "driver.csidriver";
    const expected = `one CSIDriver ${e.csiDriver.name} with tokenRequests audiences ${e.csiDriver.audiences.join(", ")}`;
    const found = o.csiDrivers.filter((d) => d.metadata.name === e.csiDriver.name);
    if (found.length !== 1) {
        return fail(id, expected, `${found.length} CSIDriver ${e.csiDriver.name}`, installFix(e, "installs the driver"));
    }
    const audiences = (found[0].spec?.tokenRequests ?? []).map((t) => t.audience);
    const missing = e.csiDriver.audiences.filter((a) => !audiences.includes(a));
    const foundText = `audiences: ${list(audiences)}`;
    if (missing.length > 0) {
        return fail(
            id,
            expected,
            `${foundText} (missing ${missing.join(", ")})`,
            installFix(e, `sets tokenRequests: ${JSON.stringify(e.csiDriver.audiences.map((audience) => ({ audience })))}`),
        );
    }
    return pass(id, expected, foundText);
}

export function driverDaemonSets(o: Observed): Workload[] {
    return o.daemonSets.filter(isDriverDaemonSet);
}

export function driverDaemonSetFinding(e: ExpectedState, o: Observed): Finding {
    const id = "driver.daemonset";
    const found = driverDaemonSets(o);
    const expected = "exactly one driver DaemonSet in the cluster";
    if (found.length === 1) return pass(id, expected, qualified(found[0]));
    if (found.length === 0) return fail(id, expected, "none", installFix(e, "installs the driver"));
    return fail(
        id,
        expected,
        `${found.length}: ${found.map(qualified).join(", ")}`,
        "the driver is installed twice: ASCP chart >= 2.0 installs it as a sub-chart; set `secrets-store-csi-driver.install: false` on the ASCP release, or remove the separate driver release",
    );
}

export function syncRbacFinding(e: ExpectedState, o: Observed): Finding {
    const id = "driver.syncRbac";
    if (!e.csiDriver.syncSecret) return notApplicable(id, `mode ${e.mode} syncs no Secret`);
    const expected = `ClusterRole ${SYNC_CLUSTER_ROLE} (driver chart syncSecret.enabled: true)`;
    if (o.clusterRoles.some((r) => r.metadata.name === SYNC_CLUSTER_ROLE)) return pass(id, expected, `ClusterRole ${SYNC_CLUSTER_ROLE}`);
    return fail(id, expected, "none: the driver cannot create the synced Secret", installFix(e, "sets syncSecret.enabled: true"));
}

function rotationProblems(e: ExpectedState, flags: Map<string, string>): string[] {
    const on = flags.get("enable-secret-rotation") === "true";
    if (!e.csiDriver.rotation) return on ? ["--enable-secret-rotation is on but rotation.enabled is false"] : [];
    const problems = on ? [] : ["--enable-secret-rotation=true missing"];
    const want = e.csiDriver.rotationPollInterval;
    const got = flags.get("rotation-poll-interval");
    // The driver's default interval is 2m; an unset flag therefore differs from any other setting.
    if (want !== undefined && (got === undefined || parseDuration(got)?.nanoseconds !== parseDuration(want)?.nanoseconds)) {
        problems.push(`--rotation-poll-interval is ${got ?? "unset"}, expected ${want}`);
    }
    return problems;
}

export function rotationFlagsFinding(e: ExpectedState, o: Observed): Finding {
    const id = "driver.rotationFlags";
    const expected = e.csiDriver.rotation
        ? `--enable-secret-rotation=true --rotation-poll-interval=${e.csiDriver.rotationPollInterval}`
        : "no --enable-secret-rotation";
    const ds = driverDaemonSets(o);
    if (ds.length === 0) return fail(id, expected, "no driver DaemonSet", installFix(e, "installs the driver"));
    const container = containersOf(ds[0]).find((c) => isDriverImage(c.image ?? "") || c.name === "secrets-store");
    if (!container) return fail(id, expected, `no driver container in ${qualified(ds[0])}`, installFix(e, "installs the driver"));
    const flags = flagsOf(container);
    const found = ["enable-secret-rotation", "rotation-poll-interval"].filter((f) => flags.has(f)).map((f) => `--${f}=${flags.get(f)}`);
    const problems = rotationProblems(e, flags);
    if (problems.length === 0) return pass(id, expected, list(found, "no rotation flags"));
    return fail(
        id,
        expected,
        problems.join("; "),
        installFix(
            e,
            `sets enableSecretRotation: ${e.csiDriver.rotation}${e.csiDriver.rotation ? ` and rotationPollInterval: ${e.csiDriver.rotationPollInterval}` : ""}`,
        ),
    );
}

export function driverFindings(e: ExpectedState, o: Observed): Finding[] {
    return [csiDriverFinding(e, o), driverDaemonSetFinding(e, o), syncRbacFinding(e, o), rotationFlagsFinding(e, o)];
}
