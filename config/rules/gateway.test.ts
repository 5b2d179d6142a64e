import * as assert from "assert";
import fc from "fast-check";
import { assertNotEchoed, ruleInput, run } from "../testing";
import {
    MANAGED_VALUE_PATHS,
    managedValuesUntouched,
    mountPathSafe,
    namespaceCreatable,
    portsValid,
    releaseNameValid,
    securityValuesUntouched,
    SHADOWED_DIRECTORIES,
    valueAt,
} from "./gateway";

describe("namespaceCreatable", () => {
    // Kubernetes creates default, kube-system, kube-public and kube-node-lease itself.
    it("rejects creating a namespace that always exists", () => {
        for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
            const list = run(namespaceCreatable, ruleInput({ namespace: ns }));
            assert.deepStrictEqual(list, [
                "portkey-gateway:createNamespace: the namespace is one that always exists (default, kube-system, kube-public, kube-node-lease), so the program cannot create it. Fix: set createNamespace to false, or choose another namespace.",
            ]);
            assertNotEchoed(list, `"${ns}"`);
        }
    });
    it("accepts using it, or creating another", () => {
        assert.deepStrictEqual(run(namespaceCreatable, ruleInput({ namespace: "default", createNamespace: false })), []);
        assert.deepStrictEqual(run(namespaceCreatable, ruleInput({ namespace: "kube-gateway" })), []);
    });
});

describe("releaseNameValid", () => {
    const check = (releaseName: string) => run(releaseNameValid, ruleInput({ gateway: { releaseName } }));
    it("accepts DNS-1035 labels of up to 53 characters (Helm's release-name limit)", () =>
        fc.assert(fc.property(fc.stringMatching(/^[a-z]([-a-z0-9]{0,51}[a-z0-9])?$/), (v) => check(v).length === 0)));
    it("rejects 54 characters (helm pkg/chartutil: release names are at most 53)", () => {
        assert.deepStrictEqual(check("a".repeat(53)), []);
        assert.deepStrictEqual(check("a".repeat(54)), [
            "portkey-gateway:gateway.releaseName: is 54 characters long. Fix: use at most 53 characters (Helm's limit for release names).",
        ]);
    });
    it("rejects a name a Service cannot have (DNS-1035: starts with a letter)", () => {
        const bad = [
            `portkey-gateway:gateway.releaseName: is not a valid release name: the chart names its Services after it, and a Service name must start with a letter. Fix: use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit.`,
        ];
        for (const v of ["1portkey", "Portkey", "portkey-", "port_key"]) {
            assert.deepStrictEqual(check(v), bad, v);
            assertNotEchoed(check(v), `"${v}"`);
        }
    });
});

describe("mountPathSafe", () => {
    const check = (mountPath: string) => run(mountPathSafe, ruleInput({ gateway: { mountPath } }));
    it("accepts a directory of its own", () => {
        for (const v of ["/mnt/secrets-store", "/secrets", "/mnt", "/l", "/var-secrets", "/srv/a.b"]) assert.deepStrictEqual(check(v), [], v);
    });
    it("rejects a relative path, without echoing it", () => {
        assert.deepStrictEqual(check("opt-secrets/x"), [
            'portkey-gateway:gateway.mountPath: is not an absolute path. Fix: use an absolute path such as "/mnt/secrets-store".',
        ]);
        assertNotEchoed(check("opt-secrets/x"), "opt-secrets");
    });
    it("rejects / and paths that are not normalised", () => {
        for (const v of ["/", "/mnt/", "/mnt//s", "/mnt/./s", "/mnt/../etc", "//mnt", "/.", "/.."]) {
            assert.deepStrictEqual(
                check(v),
                [`portkey-gateway:gateway.mountPath: is not a normalised directory below /. Fix: use a plain absolute directory such as "/mnt/secrets-store".`],
                v,
            );
        }
    });
    it("rejects a path that climbs back out of its directory", () =>
        assert.deepStrictEqual(check("/mnt/x/.."), [
            'portkey-gateway:gateway.mountPath: is not a normalised directory below /. Fix: use a plain absolute directory such as "/mnt/secrets-store".',
        ]));
    it("rejects a mount that hides a directory the container needs (a volume replaces its path)", () => {
        for (const d of [
            "/app",
            "/dev",
            "/proc",
            "/sys",
            "/etc",
            "/usr",
            "/tmp",
            "/var",
            "/root",
            "/home",
            "/bin",
            "/sbin",
            "/lib",
            "/lib64",
            "/opt",
            "/run",
        ]) {
            assert.deepStrictEqual(
                check(d),
                [
                    `portkey-gateway:gateway.mountPath: would hide ${d} from the container (a volume replaces everything below its path). Fix: mount in a directory of its own, such as "/mnt/secrets-store".`,
                ],
                d,
            );
        }
    });
    it("rejects a mount inside a kernel or device filesystem", () => {
        for (const v of ["/proc/x", "/sys/fs/s", "/dev/secrets"]) {
            assert.deepStrictEqual(
                check(v),
                [
                    `portkey-gateway:gateway.mountPath: is inside a kernel or device filesystem. Fix: mount in a directory of its own, such as "/mnt/secrets-store".`,
                ],
                v,
            );
        }
    });
    it("rejects a mount inside a system directory of the image (FHS 3.0)", () => {
        for (const [v, dir] of [
            ["/usr/bin/secrets", "/usr"],
            ["/usr/local/share/portkey", "/usr"],
            ["/etc/portkey", "/etc"],
            ["/bin/x", "/bin"],
            ["/lib/secrets", "/lib"],
            ["/lib64/x", "/lib64"],
            ["/sbin/x", "/sbin"],
            ["/boot/x", "/boot"],
        ]) {
            assert.deepStrictEqual(
                check(v),
                [
                    `portkey-gateway:gateway.mountPath: is inside the system directory ${dir}, where the volume would replace what the image runs with. Fix: mount in a directory of its own, such as "/mnt/secrets-store".`,
                ],
                v,
            );
        }
    });
    // Token directories: kubernetes/kubernetes plugin/pkg/admission/serviceaccount/admission.go
    // (DefaultAPITokenMountPath /var/run/secrets/kubernetes.io/serviceaccount) and
    // aws/amazon-eks-pod-identity-webhook main.go @3bf80a34 (--token-mount-path
    // /var/run/secrets/eks.amazonaws.com/serviceaccount, --container-credentials-token-mount-path
    // /var/run/secrets/pods.eks.amazonaws.com/serviceaccount).
    it("rejects a mount inside a token directory the cluster mounts", () => {
        const inside =
            'portkey-gateway:gateway.mountPath: is inside a directory where the cluster mounts the pod\'s service-account, IRSA or Pod Identity token. Fix: mount in a directory of its own, such as "/mnt/secrets-store".';
        for (const v of [
            "/var/run/secrets/kubernetes.io/serviceaccount/extra",
            "/var/run/secrets/eks.amazonaws.com/serviceaccount/x",
            "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/x",
            "/run/secrets/kubernetes.io/serviceaccount/x",
        ])
            assert.deepStrictEqual(check(v), [inside], v);
    });
    it("rejects a mount over a token directory or its parents", () => {
        const hide = (dirs: string[]) =>
            `portkey-gateway:gateway.mountPath: would hide ${dirs.join(", ")} from the container (a volume replaces everything below its path). Fix: mount in a directory of its own, such as "/mnt/secrets-store".`;
        assert.deepStrictEqual(check("/var/run/secrets/kubernetes.io/serviceaccount"), [
            'portkey-gateway:gateway.mountPath: is inside a directory where the cluster mounts the pod\'s service-account, IRSA or Pod Identity token. Fix: mount in a directory of its own, such as "/mnt/secrets-store".',
        ]);
        assert.deepStrictEqual(check("/var/run/secrets/eks.amazonaws.com"), [hide(["/var/run/secrets/eks.amazonaws.com"])]);
        assert.deepStrictEqual(check("/var/run/secrets"), [
            hide(["/var/run/secrets/kubernetes.io", "/var/run/secrets/eks.amazonaws.com", "/var/run/secrets/pods.eks.amazonaws.com"]),
        ]);
        assert.deepStrictEqual(check("/run/secrets"), [
            hide(["/run/secrets/kubernetes.io", "/run/secrets/eks.amazonaws.com", "/run/secrets/pods.eks.amazonaws.com"]),
        ]);
    });
    it("accepts directories of their own, also beside the token directories", () => {
        for (const v of ["/mnt/secrets-store", "/srv/portkey", "/var/lib/portkey", "/var/run/secrets/portkey", "/data/secrets", "/usrdata/x", "/etcetera"])
            assert.deepStrictEqual(check(v), [], v);
    });
    it("names the shadowed directories of the gateway image (Portkey-AI/gateway Dockerfile: /app)", () => {
        assert.ok(SHADOWED_DIRECTORIES.includes("/app"));
        assert.deepStrictEqual(check("/proc").length, 1);
    });
});

describe("portsValid", () => {
    const check = (env: Record<string, string> | undefined) => run(portsValid, ruleInput({ env }));
    const bad = (k: string) => `portkey-gateway:env.${k}: is not a port number. Fix: set a whole number from 1 to 65535, such as "8787".`;
    it("rejects PORT and MCP_PORT outside 1-65535", () => {
        assert.deepStrictEqual(check({ PORT: "0", MCP_PORT: "65536" }), [bad("PORT"), bad("MCP_PORT")]);
        assert.deepStrictEqual(check({ PORT: "http" }), [bad("PORT")]);
    });
    it("accepts ports, other keys, and no env", () => {
        assert.deepStrictEqual(check({ PORT: "1", MCP_PORT: "65535", OTHER_PORT: "0" }), []);
        assert.deepStrictEqual(check(undefined), []);
    });
});

describe("MANAGED_VALUE_PATHS", () => {
    // docs/config-reference.md and docs/availability.md ("The chart values that implement this").
    it("are the values docs/availability.md says gateway.values may not set", () =>
        assert.deepStrictEqual([...MANAGED_VALUE_PATHS].sort(), [
            "autoscaling",
            "dataservice.autoscaling",
            "dataservice.deployment.replicas",
            "dataservice.deployment.resources",
            "dataservice.deployment.selectorLabels",
            "dataservice.deployment.topologySpreadConstraints",
            "dataservice.deployment.volumeMounts",
            "dataservice.deployment.volumes",
            "dataservice.enabled",
            "dataservice.name",
            "dataservice.serviceAccount",
            "environment",
            "fullnameOverride",
            "imageCredentials",
            "imagePullSecrets",
            "nameOverride",
            "readinessProbe.periodSeconds",
            "replicaCount",
            "resources",
            "selectorLabels",
            "serviceAccount",
            "strategy",
            "topologySpreadConstraints",
            "useVaultInjection",
            "volumeMounts",
            "volumes",
        ]));
});

describe("securityValuesUntouched", () => {
    const check = (values: Record<string, unknown>) => run(securityValuesUntouched, ruleInput({ gateway: { values } }));
    // Issue: the pods' security contexts are managed; gateway.values may not loosen them (docs/security.md).
    it("rejects each pod and container security context, of the gateway and of the dataservice, without quoting it", () => {
        const list = check({
            podSecurityContext: { runAsNonRoot: false },
            securityContext: { privileged: true },
            dataservice: { deployment: { podSecurityContext: {}, securityContext: { runAsUser: 0 } } },
        });
        assert.deepStrictEqual(
            list.map((m) => m.split(":")[1]),
            [
                "gateway.values.podSecurityContext",
                "gateway.values.securityContext",
                "gateway.values.dataservice.deployment.podSecurityContext",
                "gateway.values.dataservice.deployment.securityContext",
            ],
        );
        assert.ok(list.every((m) => m.includes("restricted") && m.includes("docs/security.md")));
        assertNotEchoed(list, "privileged");
    });
    it("accepts values that leave them alone", () => {
        assert.deepStrictEqual(check({ service: { type: "ClusterIP" }, dataservice: { deployment: { labels: { team: "ai" } } } }), []);
    });
});

describe("valueAt", () => {
    it("reads a dotted path of own properties", () => {
        assert.deepStrictEqual(valueAt({ a: { b: { c: 1 } } }, "a.b"), { c: 1 });
        assert.strictEqual(valueAt({ a: { b: { c: 1 } } }, "a.b.c"), 1);
        assert.strictEqual(valueAt({ a: 1 }, "a.b"), undefined);
        assert.strictEqual(valueAt({ a: [{ b: 1 }] }, "a.b"), undefined);
        assert.strictEqual(valueAt({}, "toString"), undefined);
        assert.strictEqual(valueAt({ a: null }, "a"), null);
    });
});

describe("managedValuesUntouched", () => {
    const check = (values: Record<string, unknown>) => run(managedValuesUntouched, ruleInput({ gateway: { values } }));
    const managed = (path: string) =>
        `portkey-gateway:gateway.values.${path}: is managed by the program. Fix: remove it from gateway.values; see docs/config-reference.md for the setting that controls it.`;
    it("rejects each managed value", () => {
        assert.deepStrictEqual(check({ environment: { create: true } }), [managed("environment")]);
        assert.deepStrictEqual(check({ dataservice: { deployment: { volumes: [], replicas: 2 }, enabled: false } }), [
            managed("dataservice.enabled"),
            managed("dataservice.deployment.volumes"),
            managed("dataservice.deployment.replicas"),
        ]);
        assert.deepStrictEqual(check({ readinessProbe: { periodSeconds: 5 }, replicaCount: 3 }), [
            managed("replicaCount"),
            managed("readinessProbe.periodSeconds"),
        ]);
    });
    it("accepts other values, next to managed ones too", () => {
        assert.deepStrictEqual(
            check({
                images: { gatewayImage: { tag: "1.0.0" } },
                service: { type: "ClusterIP" },
                readinessProbe: { path: "/v1/health" },
                dataservice: { deployment: { image: "x" } },
            }),
            [],
        );
    });
});
