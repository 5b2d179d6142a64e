// The Kubernetes Secret the driver syncs from `secretObjects` (partial, full): exactly the AWS
// keys, none empty, owned by the gateway's ReplicaSet. Values are never read: the reader
// replaced them with a marker ("" stays "" so emptiness survives). Mount-only must have none.
// The managed label is set by the driver (kubernetes-sigs/secrets-store-csi-driver
// controllers/secretproviderclasspodstatus_controller.go, SecretManagedLabel).
import { ExpectedState } from "../expected";
import { ownedBy } from "../match";
import { Finding, Observed, Secret } from "../types";
import { fail, list, pass } from "./finding";

export const MANAGED_LABEL = "secrets-store.csi.k8s.io/managed";

function ownerProblem(e: ExpectedState, o: Observed, s: Secret): string | undefined {
    const rsOwners = (s.metadata.ownerReferences ?? []).filter((r) => r.kind === "ReplicaSet").map((r) => r.name);
    const deps = e.deployments.map((d) => d.name);
    const ok = rsOwners.some((name) => {
        const rs = o.replicaSets.find((r) => r.metadata.name === name && r.metadata.namespace === e.namespace);
        return rs ? deps.some((d) => ownedBy(rs, "Deployment", d)) : deps.some((d) => name.startsWith(`${d}-`));
    });
    return ok
        ? undefined
        : `not owned by a ReplicaSet of ${deps.join(" or ")} (owners: ${list((s.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`))})`;
}

function keyProblems(want: string[], s: Secret): string[] {
    const data = { ...(s.stringData ?? {}), ...(s.data ?? {}) };
    const have = Object.keys(data);
    const problems: string[] = [];
    const missing = want.filter((k) => !have.includes(k));
    const extra = have.filter((k) => !want.includes(k));
    const empty = want.filter((k) => have.includes(k) && data[k] === "");
    if (missing.length) problems.push(`missing keys ${missing.join(", ")}`);
    if (extra.length) problems.push(`extra keys ${extra.join(", ")}`);
    if (empty.length) problems.push(`empty keys ${empty.join(", ")}`);
    return problems;
}

function mountOnlyFinding(e: ExpectedState, o: Observed): Finding {
    const id = "secret.synced";
    const expected = "no synced Secret (mount-only keeps secret values out of etcd)";
    const synced = o.secrets.filter((s) => s.metadata.namespace === e.namespace && s.metadata.labels?.[MANAGED_LABEL] === "true");
    if (synced.length === 0) return pass(id, expected, "none");
    return fail(
        id,
        expected,
        `driver-managed Secret ${synced.map((s) => s.metadata.name).join(", ")} in ${e.namespace}`,
        `run \`pulumi up\` (the class must have no secretObjects in mount-only), then \`kubectl -n ${e.namespace} delete secret <name>\` for each one listed`,
    );
}

export function syncedSecretFinding(e: ExpectedState, o: Observed): Finding {
    if (!e.syncedSecret) return mountOnlyFinding(e, o);
    const id = "secret.synced";
    const want = e.syncedSecret;
    const expected = `Secret ${e.namespace}/${want.name} with exactly keys ${want.keys.join(", ")}, none empty, owned by the gateway's ReplicaSet`;
    const s = o.secrets.find((x) => x.metadata.name === want.name && x.metadata.namespace === e.namespace);
    if (!s) {
        return fail(
            id,
            expected,
            "none",
            "the driver creates it when a gateway pod mounts the class: check driver.syncRbac, class.spec (secretObjects) and the events.* findings",
        );
    }
    const problems = keyProblems(want.keys, s);
    const owner = ownerProblem(e, o, s);
    if (owner) problems.push(owner);
    const found = `keys ${list(Object.keys({ ...(s.stringData ?? {}), ...(s.data ?? {}) }))}`;
    if (problems.length === 0) return pass(id, expected, found);
    return fail(
        id,
        expected,
        `${found}: ${problems.join("; ")}`,
        "every key in secretKeys must be a non-empty string in the AWS secret and listed in the class's secretObjects; a Secret not owned by the ReplicaSet was not made by the driver: delete it and restart the gateway",
    );
}
