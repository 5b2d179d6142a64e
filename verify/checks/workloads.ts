// The gateway (and dataservice) Deployments: rolled out, mounting the class read-only, and
// every env var coming from where the mode says. The env shapes the Portkey chart renders are
// in docs/upstream-facts.md#chart-env-modes (explicit secretKeys mode; ConfigMap for `environment.secret: false`).
import { ExpectedDeployment, ExpectedEnv, ExpectedState } from "../expected";
import { ownedBy } from "../match";
import { ConfigMap, Container, Finding, Observed, Pod, Workload } from "../types";
import { fail, list, pass } from "./finding";

export function findDeployment(e: ExpectedState, o: Observed, name: string): Workload | undefined {
    return o.deployments.find((d) => d.metadata.name === name && d.metadata.namespace === e.namespace);
}

/**
 * Whether a ReplicaSet name is `<deployment>-<pod-template-hash>`: the hash has no dash
 * (kubernetes/kubernetes pkg/controller/deployment/sync.go names it so, the hash from rand.SafeEncodeString),
 * so `portkey-gateway-dataservice-<hash>` is not a ReplicaSet of `portkey-gateway`.
 */
function namedLikeReplicaSetOf(rs: string, deployment: string): boolean {
    return rs.startsWith(`${deployment}-`) && /^[a-z0-9]+$/.test(rs.slice(deployment.length + 1));
}

/** Pods of a Deployment: owned by one of its ReplicaSets, or named like them when none were read. */
export function deploymentPods(e: ExpectedState, o: Observed, name: string): Pod[] {
    const sets = o.replicaSets.filter((r) => r.metadata.namespace === e.namespace && ownedBy(r, "Deployment", name)).map((r) => r.metadata.name);
    return o.pods.filter(
        (p) =>
            p.metadata.namespace === e.namespace &&
            (sets.some((s) => ownedBy(p, "ReplicaSet", s)) ||
                (sets.length === 0 && (p.metadata.ownerReferences ?? []).some((r) => r.kind === "ReplicaSet" && namedLikeReplicaSetOf(r.name, name)))),
    );
}

function missingDeployment(id: string, e: ExpectedState, d: ExpectedDeployment, expected: string): Finding {
    return fail(
        id,
        expected,
        `no Deployment ${d.name} in ${e.namespace}`,
        "run `pulumi up`; if the Helm release failed, `helm -n " + e.namespace + " status` shows why",
    );
}

export function rolloutFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `workloads.rollout/${d.name}`;
    const expected = "observedGeneration current, all replicas updated and available";
    const dep = findDeployment(e, o, d.name);
    if (!dep) return missingDeployment(id, e, d, expected);
    const want = dep.spec?.replicas ?? 1;
    const s = dep.status ?? {};
    const found = `generation ${dep.metadata.generation ?? "?"} observed ${s.observedGeneration ?? "none"}, replicas ${s.replicas ?? 0}/${want}, updated ${s.updatedReplicas ?? 0}, available ${s.availableReplicas ?? 0}`;
    const done =
        (s.observedGeneration ?? 0) >= (dep.metadata.generation ?? 0) &&
        (s.updatedReplicas ?? 0) === want &&
        (s.availableReplicas ?? 0) === want &&
        (s.replicas ?? 0) <= want;
    if (done) return pass(id, expected, found);
    return fail(
        id,
        expected,
        found,
        `\`kubectl -n ${e.namespace} rollout status deployment/${d.name}\` and \`kubectl -n ${e.namespace} describe pods\`; see the events.* findings for mount failures`,
    );
}

/** The container that mounts the secrets volume (the chart's main container), else the first. */
export function mainContainer(dep: Workload, volume: string): Container | undefined {
    const cs = dep.spec?.template?.spec?.containers ?? [];
    return cs.find((c) => (c.volumeMounts ?? []).some((m) => m.name === volume)) ?? cs[0];
}

function volumeProblems(e: ExpectedState, dep: Workload): string[] {
    const m = e.mount;
    const vols = (dep.spec?.template?.spec?.volumes ?? []).filter(
        (v) => v.csi?.driver === m.driver && v.csi?.volumeAttributes?.secretProviderClass === e.secretProviderClass.name,
    );
    if (vols.length === 0) return [`no csi volume of driver ${m.driver} with secretProviderClass ${e.secretProviderClass.name}`];
    const mounts = (dep.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.volumeMounts ?? []).filter((vm) => vols.some((v) => v.name === vm.name)));
    if (!mounts.some((vm) => vm.mountPath === m.mountPath))
        return [`volume ${vols[0].name} not mounted at ${m.mountPath} (mounted at ${list(mounts.map((vm) => vm.mountPath))})`];
    if (!mounts.some((vm) => vm.mountPath === m.mountPath && vm.readOnly === true)) return [`mount at ${m.mountPath} is not readOnly`];
    return [];
}

export function volumeFinding(e: ExpectedState, o: Observed, d: ExpectedDeployment): Finding {
    const id = `workloads.volume/${d.name}`;
    const expected = `csi volume (driver ${e.mount.driver}, class ${e.secretProviderClass.name}) mounted read-only at ${e.mount.mountPath}`;
    const dep = findDeployment(e, o, d.name);
    if (!dep) return missingDeployment(id, e, d, expected);
    const problems = volumeProblems(e, dep);
    if (problems.length === 0) return pass(id, expected, "mounted as expected");
    return fail(id, expected, problems.join("; "), "run `pulumi up`: the chart's volumes/volumeMounts (and dataservice.deployment.*) are managed values");
}

type EnvSource =
    | { kind: "secret"; name: string; key: string }
    | { kind: "literal"; value: string; via: string }
    | { kind: "configMapMissing"; name: string; key: string }
    | { kind: "other" }
    | { kind: "missing" };

function fromConfigMap(o: Observed, ns: string, name: string, key: string, via: string): EnvSource {
    const cm: ConfigMap | undefined = o.configMaps.find((c) => c.metadata.name === name && c.metadata.namespace === ns);
    const value = cm?.data?.[key];
    return value === undefined ? { kind: "configMapMissing", name, key } : { kind: "literal", value, via };
}

/** Where a container's env var really comes from: env wins over envFrom, later envFrom over earlier. */
export function resolveEnv(o: Observed, ns: string, c: Container, name: string): EnvSource {
    const entry = [...(c.env ?? [])].reverse().find((v) => v.name === name);
    if (entry) {
        if (entry.value !== undefined) return { kind: "literal", value: entry.value, via: "value" };
        const s = entry.valueFrom?.secretKeyRef;
        if (s) return { kind: "secret", name: s.name ?? "", key: s.key };
        const m = entry.valueFrom?.configMapKeyRef;
        if (m) return fromConfigMap(o, ns, m.name ?? "", m.key, `ConfigMap ${m.name}`);
        return entry.valueFrom ? { kind: "other" } : { kind: "literal", value: "", via: "value" };
    }
    for (const src of [...(c.envFrom ?? [])].reverse()) {
        const key = name.slice((src.prefix ?? "").length);
        if (src.prefix && !name.startsWith(src.prefix)) continue;
        if (src.secretRef) return { kind: "secret", name: src.secretRef.name ?? "", key };
        const cm = src.configMapRef ? fromConfigMap(o, ns, src.configMapRef.name ?? "", key, `envFrom ConfigMap ${src.configMapRef.name}`) : undefined;
        if (cm && cm.kind === "literal") return cm;
    }
    return { kind: "missing" };
}

function describeSource(s: EnvSource): string {
    switch (s.kind) {
        case "secret":
            return `secretKeyRef ${s.name}/${s.key}`;
        case "literal":
            return `a literal (${s.via}, value not shown)`;
        case "configMapMissing":
            return `configMapKeyRef ${s.name}/${s.key}, which was not found`;
        case "other":
            return "a field or resource reference";
        case "missing":
            return "not set";
    }
}

/** A problem with one env var, or undefined when it comes from where the mode says. */
export function envProblem(want: ExpectedEnv, got: EnvSource): string | undefined {
    if (want.from === "secret") {
        if (got.kind === "secret" && got.name === want.secretName && got.key === want.key) return undefined;
        return `${want.name}: expected secretKeyRef ${want.secretName}/${want.key}, found ${describeSource(got)}`;
    }
    const value = want.from === "file" ? want.path : want.value;
    if (got.kind === "literal" && got.value === value) return undefined;
    const what = want.from === "file" ? `the file path ${want.path}` : "its literal from the stack's env";
    const found = got.kind === "literal" ? `a different literal (${got.via}, value not shown)` : describeSource(got);
    return `${want.name}: expected ${what}, found ${found}`;
}

function envSummary(e: ExpectedState): string {
    const n = (f: ExpectedEnv["from"]) => e.gatewayEnv.filter((x) => x.from === f).length;
    if (e.syncedSecret === undefined) return `${n("file")} AWS keys as file paths under ${e.mount.mountPath}, ${n("literal")} literals`;
    return `${n("secret")} AWS keys as secretKeyRef into ${e.syncedSecret?.name}, ${n("literal")} literals`;
}

export function envFinding(e: ExpectedState, o: Observed): Finding {
    const gw = e.deployments.find((d) => d.role === "gateway")!;
    const id = `workloads.env/${gw.name}`;
    const expected = envSummary(e);
    const dep = findDeployment(e, o, gw.name);
    if (!dep) return missingDeployment(id, e, gw, expected);
    const c = mainContainer(dep, e.mount.volumeName);
    if (!c) return fail(id, expected, "no containers", "run `pulumi up`");
    const problems = e.gatewayEnv.map((want) => envProblem(want, resolveEnv(o, e.namespace, c, want.name))).filter((p): p is string => p !== undefined);
    if (problems.length === 0) return pass(id, expected, `all ${e.gatewayEnv.length} env vars as expected`);
    return fail(
        id,
        expected,
        problems.join("; "),
        e.syncedSecret === undefined
            ? "run `pulumi up`: mount-only renders environment.create: true, secret: false (a ConfigMap of paths and literals)"
            : "run `pulumi up`: partial/full render environment.create: false with existingSecret and secretKeys listed (never the chart's lookup mode)",
    );
}

export function workloadFindings(e: ExpectedState, o: Observed): Finding[] {
    return [...e.deployments.flatMap((d) => [rolloutFinding(e, o, d), volumeFinding(e, o, d)]), envFinding(e, o)];
}
