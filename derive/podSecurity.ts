// Pod Security Standards, as kubernetes/pod-security-admission's `policy` package defines them
// (tag v0.33.13, the package of Kubernetes 1.33: policy/check_*.go). `restrictedViolations` runs
// the baseline and restricted checks over a pod spec; the program's own pods must pass it.

/** The fields of a container the checks read. Objects come from JSON, so everything is optional. */
export interface SecurityContainer {
    name: string;
    ports?: Array<{ hostPort?: number; containerPort?: number }>;
    securityContext?: ContainerSecurityContext;
}

interface SeccompProfile {
    type?: string;
}
interface SeLinuxOptions {
    type?: string;
    user?: string;
    role?: string;
    level?: string;
}
interface AppArmorProfile {
    type?: string;
}

export interface ContainerSecurityContext {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { add?: string[]; drop?: string[] };
    seccompProfile?: SeccompProfile;
    seLinuxOptions?: SeLinuxOptions;
    appArmorProfile?: AppArmorProfile;
    procMount?: string;
    windowsOptions?: { hostProcess?: boolean };
}

export interface PodSecurityContext {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: SeccompProfile;
    seLinuxOptions?: SeLinuxOptions;
    appArmorProfile?: AppArmorProfile;
    sysctls?: Array<{ name: string }>;
    windowsOptions?: { hostProcess?: boolean };
}

export interface SecurityPodSpec {
    os?: { name?: string };
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    hostUsers?: boolean;
    securityContext?: PodSecurityContext;
    containers?: SecurityContainer[];
    initContainers?: SecurityContainer[];
    ephemeralContainers?: SecurityContainer[];
    volumes?: Array<Record<string, unknown> & { name: string }>;
}

export interface PodViolation {
    /** The check's id in the policy package, e.g. `seccompProfile_restricted`. */
    check: string;
    detail: string;
}

/** kubernetes/pod-security-admission policy/visitor.go: containers, init containers and ephemeral containers. */
function allContainers(spec: SecurityPodSpec): SecurityContainer[] {
    return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
}

function isWindows(spec: SecurityPodSpec): boolean {
    return spec.os?.name === "windows";
}

/** kubernetes/pod-security-admission policy/helpers.go relaxPolicyForUserNamespacePod: a pod with hostUsers false runs in a user namespace. */
function inUserNamespace(spec: SecurityPodSpec): boolean {
    return spec.hostUsers === false;
}

function violation(check: string, names: string[], what: string): PodViolation[] {
    return names.length === 0 ? [] : [{ check, detail: `${names.join(", ")}: ${what}` }];
}

/** Containers whose effective setting (container, else pod) fails `ok`; `unset` when neither sets it. */
function failingContainers<T>(spec: SecurityPodSpec, podValue: T | undefined, read: (c: SecurityContainer) => T | undefined, ok: (v: T) => boolean): string[] {
    const out: string[] = [];
    if (podValue !== undefined && !ok(podValue)) out.push("pod");
    for (const c of allContainers(spec)) {
        const own = read(c);
        if (own !== undefined ? !ok(own) : podValue === undefined || !ok(podValue)) out.push(c.name);
    }
    return out;
}

// ---- baseline (policy/check_*.go with Level: api.LevelBaseline) ----

function hostNamespaces(spec: SecurityPodSpec): PodViolation[] {
    const set = (["hostNetwork", "hostPID", "hostIPC"] as const).filter((k) => spec[k] === true);
    return violation("hostNamespaces", set, "host namespaces must not be shared");
}

function privileged(spec: SecurityPodSpec): PodViolation[] {
    return violation(
        "privileged",
        allContainers(spec)
            .filter((c) => c.securityContext?.privileged === true)
            .map((c) => c.name),
        "privileged=true",
    );
}

function hostPorts(spec: SecurityPodSpec): PodViolation[] {
    const bad = allContainers(spec).filter((c) => (c.ports ?? []).some((p) => (p.hostPort ?? 0) !== 0));
    return violation(
        "hostPorts",
        bad.map((c) => c.name),
        "hostPort set",
    );
}

/** check_procMount.go: only "Default", unless the pod runs in a user namespace. */
function procMount(spec: SecurityPodSpec): PodViolation[] {
    if (inUserNamespace(spec)) return [];
    const bad = allContainers(spec).filter((c) => ![undefined, "Default"].includes(c.securityContext?.procMount));
    return violation(
        "procMount",
        bad.map((c) => c.name),
        "procMount other than Default",
    );
}

/** check_seLinuxOptions.go (1.31 types): no user or role, and only the container types. */
export const SELINUX_TYPES = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];
function seLinuxOptions(spec: SecurityPodSpec): PodViolation[] {
    const bad = (o?: SeLinuxOptions) => o !== undefined && (!SELINUX_TYPES.includes(o.type ?? "") || (o.user ?? "") !== "" || (o.role ?? "") !== "");
    const names = [
        ...(bad(spec.securityContext?.seLinuxOptions) ? ["pod"] : []),
        ...allContainers(spec)
            .filter((c) => bad(c.securityContext?.seLinuxOptions))
            .map((c) => c.name),
    ];
    return violation("seLinuxOptions", names, "forbidden seLinuxOptions");
}

/** check_appArmorProfile.go: Unconfined is forbidden (RuntimeDefault, Localhost or unset). */
function appArmorProfile(spec: SecurityPodSpec): PodViolation[] {
    const bad = (p?: AppArmorProfile) => p?.type !== undefined && !["RuntimeDefault", "Localhost"].includes(p.type);
    const names = [
        ...(bad(spec.securityContext?.appArmorProfile) ? ["pod"] : []),
        ...allContainers(spec)
            .filter((c) => bad(c.securityContext?.appArmorProfile))
            .map((c) => c.name),
    ];
    return violation("appArmorProfile", names, "appArmorProfile type other than RuntimeDefault or Localhost");
}

/** check_sysctls.go, the set allowed since 1.32. */
export const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];
function sysctls(spec: SecurityPodSpec): PodViolation[] {
    const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !SAFE_SYSCTLS.includes(n));
    return violation("sysctls", bad, "forbidden sysctl");
}

function windowsHostProcess(spec: SecurityPodSpec): PodViolation[] {
    const names = [
        ...(spec.securityContext?.windowsOptions?.hostProcess === true ? ["pod"] : []),
        ...allContainers(spec)
            .filter((c) => c.securityContext?.windowsOptions?.hostProcess === true)
            .map((c) => c.name),
    ];
    return violation("windowsHostProcess", names, "hostProcess=true");
}

const BASELINE = [hostNamespaces, privileged, hostPorts, procMount, seLinuxOptions, appArmorProfile, sysctls, windowsHostProcess];

// ---- restricted (Level: api.LevelRestricted); each overrides its baseline counterpart ----

/** check_restrictedVolumes.go: the inline volume sources restricted allows (also replaces hostPathVolumes). */
export const RESTRICTED_VOLUME_SOURCES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];
function restrictedVolumes(spec: SecurityPodSpec): PodViolation[] {
    const bad = (spec.volumes ?? []).filter((v) => !Object.keys(v).some((k) => k !== "name" && RESTRICTED_VOLUME_SOURCES.includes(k) && v[k] != null));
    return violation(
        "restrictedVolumes",
        bad.map((v) => v.name),
        "volume type not allowed",
    );
}

function allowPrivilegeEscalation(spec: SecurityPodSpec): PodViolation[] {
    if (isWindows(spec)) return [];
    const bad = allContainers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false);
    return violation(
        "allowPrivilegeEscalation",
        bad.map((c) => c.name),
        "allowPrivilegeEscalation != false",
    );
}

function runAsNonRoot(spec: SecurityPodSpec): PodViolation[] {
    if (inUserNamespace(spec)) return [];
    const names = failingContainers(
        spec,
        spec.securityContext?.runAsNonRoot,
        (c) => c.securityContext?.runAsNonRoot,
        (v) => v === true,
    );
    return violation("runAsNonRoot", names, "runAsNonRoot != true");
}

function runAsUser(spec: SecurityPodSpec): PodViolation[] {
    if (inUserNamespace(spec)) return [];
    const names = [
        ...(spec.securityContext?.runAsUser === 0 ? ["pod"] : []),
        ...allContainers(spec)
            .filter((c) => c.securityContext?.runAsUser === 0)
            .map((c) => c.name),
    ];
    return violation("runAsUser", names, "runAsUser=0");
}

function seccompProfileRestricted(spec: SecurityPodSpec): PodViolation[] {
    if (isWindows(spec)) return [];
    const ok = (p: SeccompProfile) => p.type === "RuntimeDefault" || p.type === "Localhost";
    const names = failingContainers(spec, spec.securityContext?.seccompProfile, (c) => c.securityContext?.seccompProfile, ok);
    return violation("seccompProfile_restricted", names, 'seccompProfile.type must be "RuntimeDefault" or "Localhost"');
}

/** check_capabilities_restricted.go: drop must include ALL; add at most NET_BIND_SERVICE. */
function capabilitiesRestricted(spec: SecurityPodSpec): PodViolation[] {
    if (isWindows(spec)) return [];
    const caps = (c: SecurityContainer) => c.securityContext?.capabilities;
    const missingDrop = allContainers(spec).filter((c) => !(caps(c)?.drop ?? []).includes("ALL"));
    const adding = allContainers(spec).filter((c) => (caps(c)?.add ?? []).some((a) => a !== "NET_BIND_SERVICE"));
    return [
        ...violation(
            "capabilities_restricted",
            missingDrop.map((c) => c.name),
            'must set capabilities.drop=["ALL"]',
        ),
        ...violation(
            "capabilities_restricted",
            adding.map((c) => c.name),
            "may add only NET_BIND_SERVICE",
        ),
    ];
}

const RESTRICTED = [restrictedVolumes, allowPrivilegeEscalation, runAsNonRoot, runAsUser, seccompProfileRestricted, capabilitiesRestricted];

/** Baseline violations of a pod spec; empty when it passes `baseline`. */
export function baselineViolations(spec: SecurityPodSpec): PodViolation[] {
    return [...BASELINE.flatMap((check) => check(spec)), ...hostPathVolumes(spec), ...capabilitiesBaseline(spec), ...seccompProfileBaseline(spec)];
}

// Baseline checks that a restricted check overrides (OverrideCheckIDs in the restricted checks).

/** check_hostPathVolumes.go. */
function hostPathVolumes(spec: SecurityPodSpec): PodViolation[] {
    return violation(
        "hostPathVolumes",
        (spec.volumes ?? []).filter((v) => v.hostPath != null).map((v) => v.name),
        "hostPath volume",
    );
}

/** check_capabilities_baseline.go: the container runtime's default set. */
export const DEFAULT_CAPABILITIES = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];
function capabilitiesBaseline(spec: SecurityPodSpec): PodViolation[] {
    const bad = allContainers(spec).filter((c) => (c.securityContext?.capabilities?.add ?? []).some((a) => !DEFAULT_CAPABILITIES.includes(a)));
    return violation(
        "capabilities_baseline",
        bad.map((c) => c.name),
        "adds capabilities beyond the default set",
    );
}

/** check_seccompProfile_baseline.go: Unconfined is forbidden; unset is allowed. */
function seccompProfileBaseline(spec: SecurityPodSpec): PodViolation[] {
    const bad = (p?: SeccompProfile) => p !== undefined && p.type !== "RuntimeDefault" && p.type !== "Localhost";
    const names = [
        ...(bad(spec.securityContext?.seccompProfile) ? ["pod"] : []),
        ...allContainers(spec)
            .filter((c) => bad(c.securityContext?.seccompProfile))
            .map((c) => c.name),
    ];
    return violation("seccompProfile_baseline", names, "seccompProfile.type other than RuntimeDefault or Localhost");
}

/** Restricted violations of a pod spec (the baseline checks restricted keeps, and its own); empty when it passes. */
export function restrictedViolations(spec: SecurityPodSpec): PodViolation[] {
    return [...BASELINE.flatMap((check) => check(spec)), ...RESTRICTED.flatMap((check) => check(spec))];
}
