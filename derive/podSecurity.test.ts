// Cases from kubernetes/pod-security-admission v0.33.13 policy/check_*_test.go (named after the
// upstream case), plus the pod specs the Portkey chart 1.7.7 renders.
import * as assert from "assert";
import {
    baselineViolations,
    DEFAULT_CAPABILITIES,
    RESTRICTED_VOLUME_SOURCES,
    restrictedViolations,
    SAFE_SYSCTLS,
    SecurityPodSpec,
    SELINUX_TYPES,
} from "./podSecurity";

const checks = (spec: SecurityPodSpec) => restrictedViolations(spec).map((v) => v.check);
const RUNTIME_DEFAULT = { type: "RuntimeDefault" };
/** A container that meets every restricted check on its own. */
const good = (name: string) => ({
    name,
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: RUNTIME_DEFAULT },
});

describe("restrictedViolations", () => {
    it("passes a pod whose every container drops ALL, cannot escalate, runs as non-root under RuntimeDefault", () => {
        assert.deepStrictEqual(restrictedViolations({ containers: [good("a")], initContainers: [good("i")], volumes: [{ name: "v", csi: {} }] }), []);
    });

    it("check_seccompProfile_restricted_test.go: no explicit seccomp fails; a windows pod is exempt", () => {
        const c = { ...good("a"), securityContext: { ...good("a").securityContext, seccompProfile: undefined } };
        assert.deepStrictEqual(checks({ containers: [c] }), ["seccompProfile_restricted"]);
        assert.deepStrictEqual(checks({ os: { name: "linux" }, containers: [c] }), ["seccompProfile_restricted"]);
        assert.ok(!checks({ os: { name: "windows" }, containers: [c] }).includes("seccompProfile_restricted"));
    });

    it("check_seccompProfile_restricted_test.go: containers inherit a valid pod profile; an own Unconfined fails", () => {
        const bare = (name: string, seccompProfile?: { type: string }) => ({
            ...good(name),
            securityContext: { ...good(name).securityContext, seccompProfile },
        });
        const v = restrictedViolations({
            securityContext: { seccompProfile: RUNTIME_DEFAULT },
            containers: [bare("a"), bare("c", { type: "Unconfined" }), bare("e", RUNTIME_DEFAULT)],
        });
        assert.deepStrictEqual(v, [{ check: "seccompProfile_restricted", detail: 'c: seccompProfile.type must be "RuntimeDefault" or "Localhost"' }]);
        assert.deepStrictEqual(checks({ securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [bare("a")] }), ["seccompProfile_restricted"]);
        assert.deepStrictEqual(checks({ securityContext: { seccompProfile: { type: "Localhost" } }, containers: [bare("a")] }), []);
    });

    it('check_capabilities_restricted_test.go: drop must include "ALL"; add may hold only NET_BIND_SERVICE', () => {
        const caps = (capabilities: { add?: string[]; drop?: string[] }) => ({ ...good("a"), securityContext: { ...good("a").securityContext, capabilities } });
        assert.deepStrictEqual(checks({ containers: [caps({ drop: ["NET_RAW"] })] }), ["capabilities_restricted"]);
        assert.deepStrictEqual(checks({ containers: [caps({ drop: ["ALL"], add: ["NET_BIND_SERVICE"] })] }), []);
        assert.deepStrictEqual(checks({ containers: [caps({ drop: ["ALL"], add: ["CHOWN"] })] }), ["capabilities_restricted"]);
        assert.deepStrictEqual(checks({ containers: [{ ...good("a"), securityContext: { ...good("a").securityContext, capabilities: undefined } }] }), [
            "capabilities_restricted",
        ]);
    });

    it("check_allowPrivilegeEscalation_test.go: unset or true fails, in every kind of container", () => {
        const esc = (allowPrivilegeEscalation?: boolean) => ({ ...good("b"), securityContext: { ...good("b").securityContext, allowPrivilegeEscalation } });
        assert.deepStrictEqual(checks({ containers: [esc(undefined)] }), ["allowPrivilegeEscalation"]);
        assert.deepStrictEqual(checks({ containers: [good("a")], initContainers: [esc(true)] }), ["allowPrivilegeEscalation"]);
        assert.deepStrictEqual(checks({ containers: [good("a")], ephemeralContainers: [esc(true)] }), ["allowPrivilegeEscalation"]);
    });

    it("check_runAsNonRoot_test.go: pod-level true covers containers; false anywhere fails; a user-namespace pod is exempt", () => {
        const nonRoot = (runAsNonRoot?: boolean) => ({ ...good("a"), securityContext: { ...good("a").securityContext, runAsNonRoot } });
        assert.deepStrictEqual(checks({ containers: [nonRoot(undefined)] }), ["runAsNonRoot"]);
        assert.deepStrictEqual(checks({ securityContext: { runAsNonRoot: true }, containers: [nonRoot(undefined)] }), []);
        assert.deepStrictEqual(checks({ securityContext: { runAsNonRoot: true }, containers: [nonRoot(false)] }), ["runAsNonRoot"]);
        assert.deepStrictEqual(checks({ securityContext: { runAsNonRoot: false }, containers: [nonRoot(true)] }), ["runAsNonRoot"]);
        assert.deepStrictEqual(checks({ hostUsers: false, containers: [nonRoot(undefined)] }), []);
    });

    it("check_runAsUser_test.go: runAsUser 0 fails at pod or container level; other ids pass", () => {
        const user = (runAsUser?: number) => ({ ...good("a"), securityContext: { ...good("a").securityContext, runAsUser } });
        assert.deepStrictEqual(checks({ containers: [user(0)] }), ["runAsUser"]);
        assert.deepStrictEqual(checks({ securityContext: { runAsUser: 0 }, containers: [good("a")] }), ["runAsUser"]);
        assert.deepStrictEqual(checks({ securityContext: { runAsUser: 1000 }, containers: [user(1000)] }), []);
    });

    it("check_restrictedVolumes_test.go: only configMap, csi, downwardAPI, emptyDir, ephemeral, image, PVC, projected and secret", () => {
        const allowed = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];
        assert.deepStrictEqual(checks({ containers: [good("a")], volumes: allowed.map((k) => ({ name: k, [k]: {} })) }), []);
        for (const k of ["hostPath", "nfs", "awsElasticBlockStore", "gitRepo", "flexVolume", "somethingNew"])
            assert.deepStrictEqual(checks({ containers: [good("a")], volumes: [{ name: "v", [k]: {} }] }), ["restrictedVolumes"], k);
    });

    it("keeps the baseline checks: host namespaces, privileged, hostPorts, procMount, SELinux, AppArmor, sysctls, hostProcess", () => {
        const sc = (extra: object) => ({ ...good("a"), securityContext: { ...good("a").securityContext, ...extra } });
        assert.deepStrictEqual(checks({ hostNetwork: true, hostPID: true, containers: [good("a")] }), ["hostNamespaces"]);
        assert.deepStrictEqual(checks({ containers: [sc({ privileged: true })] }), ["privileged"]);
        assert.deepStrictEqual(checks({ containers: [{ ...good("a"), ports: [{ hostPort: 8080 }] }] }), ["hostPorts"]);
        assert.deepStrictEqual(checks({ containers: [{ ...good("a"), ports: [{ hostPort: 0 }] }] }), []);
        assert.deepStrictEqual(checks({ containers: [sc({ procMount: "Unmasked" })] }), ["procMount"]);
        assert.deepStrictEqual(checks({ containers: [sc({ seLinuxOptions: { type: "spc_t" } })] }), ["seLinuxOptions"]);
        assert.deepStrictEqual(checks({ containers: [sc({ seLinuxOptions: { type: "container_t", level: "s0:c1" } })] }), []);
        assert.deepStrictEqual(checks({ containers: [sc({ appArmorProfile: { type: "Unconfined" } })] }), ["appArmorProfile"]);
        assert.deepStrictEqual(checks({ securityContext: { sysctls: [{ name: "kernel.msgmax" }] }, containers: [good("a")] }), ["sysctls"]);
        assert.deepStrictEqual(checks({ securityContext: { sysctls: [{ name: "net.ipv4.tcp_keepalive_time" }] }, containers: [good("a")] }), []);
        assert.deepStrictEqual(checks({ containers: [sc({ windowsOptions: { hostProcess: true } })] }), ["windowsHostProcess"]);
    });
});

describe("baselineViolations", () => {
    it("passes a pod with no security context at all (the chart's Redis, Portkey-AI/helm charts/portkey-gateway templates/redis/deployment.yaml)", () => {
        const redis = { containers: [{ name: "redis", ports: [{ containerPort: 6379 }] }] };
        assert.deepStrictEqual(baselineViolations(redis), []);
        assert.deepStrictEqual(
            restrictedViolations(redis).map((v) => v.check),
            ["allowPrivilegeEscalation", "runAsNonRoot", "seccompProfile_restricted", "capabilities_restricted"],
        );
    });
    it("rejects hostPath, added capabilities beyond the default set, and Unconfined seccomp", () => {
        const c = { name: "a", securityContext: { capabilities: { add: ["SYS_ADMIN"] }, seccompProfile: { type: "Unconfined" } } };
        assert.deepStrictEqual(
            baselineViolations({ containers: [c], volumes: [{ name: "h", hostPath: { path: "/" } }] }).map((v) => v.check),
            ["hostPathVolumes", "capabilities_baseline", "seccompProfile_baseline"],
        );
        assert.deepStrictEqual(
            baselineViolations({ containers: [{ name: "a", securityContext: { capabilities: { add: ["NET_BIND_SERVICE", "CHOWN"] } } }] }),
            [],
        );
    });
});

describe("restrictedViolations: what each finding says", () => {
    const sc = (name: string, extra: object) => ({ ...good(name), securityContext: { ...good(name).securityContext, ...extra } });
    const one = (spec: SecurityPodSpec) => restrictedViolations(spec);

    it("names the offending pod or containers, and what is wrong", () => {
        assert.deepStrictEqual(one({ hostIPC: true, containers: [good("a")] }), [
            { check: "hostNamespaces", detail: "hostIPC: host namespaces must not be shared" },
        ]);
        assert.deepStrictEqual(one({ containers: [sc("a", { privileged: true }), sc("b", { privileged: true })] }), [
            { check: "privileged", detail: "a, b: privileged=true" },
        ]);
        assert.deepStrictEqual(one({ containers: [{ ...good("a"), ports: [{ hostPort: 80 }] }] }), [{ check: "hostPorts", detail: "a: hostPort set" }]);
        assert.deepStrictEqual(one({ containers: [{ ...good("a"), ports: [{ containerPort: 8787 }] }] }), []);
        assert.deepStrictEqual(one({ containers: [sc("a", { procMount: "Unmasked" })] }), [{ check: "procMount", detail: "a: procMount other than Default" }]);
        assert.deepStrictEqual(one({ containers: [sc("a", { procMount: "Default" })] }), []);
        assert.deepStrictEqual(one({ securityContext: { seLinuxOptions: { user: "u" } }, containers: [sc("a", { seLinuxOptions: { role: "r" } })] }), [
            { check: "seLinuxOptions", detail: "pod, a: forbidden seLinuxOptions" },
        ]);
        assert.deepStrictEqual(
            one({ securityContext: { appArmorProfile: { type: "Unconfined" } }, containers: [sc("a", { appArmorProfile: { type: "Unconfined" } })] }),
            [{ check: "appArmorProfile", detail: "pod, a: appArmorProfile type other than RuntimeDefault or Localhost" }],
        );
        assert.deepStrictEqual(
            one({ securityContext: { appArmorProfile: { type: "RuntimeDefault" } }, containers: [sc("a", { appArmorProfile: { type: "Localhost" } })] }),
            [],
        );
        assert.deepStrictEqual(one({ securityContext: { sysctls: [{ name: "kernel.msgmax" }, { name: "net.ipv4.tcp_rmem" }] }, containers: [good("a")] }), [
            { check: "sysctls", detail: "kernel.msgmax: forbidden sysctl" },
        ]);
        assert.deepStrictEqual(
            one({ securityContext: { windowsOptions: { hostProcess: true } }, containers: [sc("a", { windowsOptions: { hostProcess: false } })] }),
            [{ check: "windowsHostProcess", detail: "pod: hostProcess=true" }],
        );
    });

    it("names restricted findings the same way", () => {
        assert.deepStrictEqual(
            one({
                containers: [good("a")],
                volumes: [
                    { name: "h", hostPath: {} },
                    { name: "n", csi: null, nfs: {} },
                ],
            }),
            [{ check: "restrictedVolumes", detail: "h, n: volume type not allowed" }],
        );
        assert.deepStrictEqual(one({ containers: [sc("a", { allowPrivilegeEscalation: true })] }), [
            { check: "allowPrivilegeEscalation", detail: "a: allowPrivilegeEscalation != false" },
        ]);
        assert.deepStrictEqual(one({ securityContext: { runAsNonRoot: false }, containers: [good("a")] }), [
            { check: "runAsNonRoot", detail: "pod: runAsNonRoot != true" },
        ]);
        assert.deepStrictEqual(one({ securityContext: { runAsUser: 0 }, containers: [sc("a", { runAsUser: 0 })] }), [
            { check: "runAsUser", detail: "pod, a: runAsUser=0" },
        ]);
        assert.deepStrictEqual(one({ containers: [sc("a", { capabilities: { add: ["SYS_ADMIN"] } })] }), [
            { check: "capabilities_restricted", detail: 'a: must set capabilities.drop=["ALL"]' },
            { check: "capabilities_restricted", detail: "a: may add only NET_BIND_SERVICE" },
        ]);
    });

    it("exempts windows pods from the Linux-only checks (the 1.25 versions of the policy)", () => {
        const bare = { name: "w", securityContext: { runAsNonRoot: true } };
        assert.deepStrictEqual(one({ os: { name: "windows" }, containers: [bare] }), []);
        assert.deepStrictEqual(
            one({ os: { name: "linux" }, containers: [bare] }).map((v) => v.check),
            ["allowPrivilegeEscalation", "seccompProfile_restricted", "capabilities_restricted"],
        );
    });

    it("exempts user-namespace pods (hostUsers false) from runAsNonRoot, runAsUser and procMount (kubernetes/pod-security-admission policy/helpers.go)", () => {
        const rootish = sc("a", { runAsNonRoot: undefined, runAsUser: 0, procMount: "Unmasked" });
        assert.deepStrictEqual(one({ hostUsers: false, containers: [rootish] }), []);
        assert.deepStrictEqual(
            one({ hostUsers: true, containers: [rootish] }).map((v) => v.check),
            ["procMount", "runAsNonRoot", "runAsUser"],
        );
    });
});

describe("the policy's value lists", () => {
    it("SAFE_SYSCTLS and DEFAULT_CAPABILITIES are check_sysctls.go's (1.32) and check_capabilities_baseline.go's", () => {
        assert.deepStrictEqual(SAFE_SYSCTLS, [
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
        ]);
        // check_seLinuxOptions.go selinuxAllowedTypes1_31.
        assert.deepStrictEqual(SELINUX_TYPES, ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);
        assert.deepStrictEqual([...DEFAULT_CAPABILITIES].sort(), [
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
        ]);
        assert.deepStrictEqual(RESTRICTED_VOLUME_SOURCES, [
            "configMap",
            "csi",
            "downwardAPI",
            "emptyDir",
            "ephemeral",
            "image",
            "persistentVolumeClaim",
            "projected",
            "secret",
        ]);
    });
    it("baseline names hostPath volumes, added capabilities and Unconfined seccomp precisely", () => {
        const c = { name: "a", securityContext: { capabilities: { add: ["SYS_ADMIN"] }, seccompProfile: { type: "Unconfined" } } };
        assert.deepStrictEqual(
            baselineViolations({
                securityContext: { seccompProfile: { type: "Unconfined" } },
                containers: [c],
                volumes: [
                    { name: "h", hostPath: { path: "/" } },
                    { name: "e", emptyDir: {} },
                ],
            }),
            [
                { check: "hostPathVolumes", detail: "h: hostPath volume" },
                { check: "capabilities_baseline", detail: "a: adds capabilities beyond the default set" },
                { check: "seccompProfile_baseline", detail: "pod, a: seccompProfile.type other than RuntimeDefault or Localhost" },
            ],
        );
        assert.deepStrictEqual(baselineViolations({ containers: [{ name: "a", securityContext: { capabilities: {} } }] }), []);
        for (const type of ["RuntimeDefault", "Localhost"])
            assert.deepStrictEqual(
                baselineViolations({
                    securityContext: { seccompProfile: { type } },
                    containers: [{ name: "a", securityContext: { seccompProfile: { type } } }],
                }),
                [],
                type,
            );
    });
});
