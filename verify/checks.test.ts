// Each check against a healthy install of each mode, and against installs broken one way each.
// Chart facts behind the fixtures: driver chart templates (csidriver.yaml, role-syncsecret.yaml,
// secrets-store-csi-driver.yaml) in kubernetes-sigs/secrets-store-csi-driver; ASCP chart
// templates/daemonset.yaml and values.yaml in aws/secrets-store-csi-driver-provider-aws.
import * as assert from "assert";
import { evaluate } from "./checks";
import { ExpectedState } from "./expected";
import { groupObjects } from "./observed";
import { autoModeState, edit, healthyObjects, NODES, obj, owner, stackState, without } from "./testing";
import { Container, Finding, KubeObject, Node, Pod, Secret, SecretProviderClass, SecretProviderClassPodStatus, Workload } from "./types";

function findings(e: ExpectedState, objects: KubeObject[]): Finding[] {
    return evaluate(e, groupObjects(objects));
}

function finding(e: ExpectedState, objects: KubeObject[], id: string): Finding {
    const f = findings(e, objects).find((x) => x.id === id);
    assert.ok(f, `no finding ${id}`);
    return f;
}

function failing(e: ExpectedState, objects: KubeObject[], id: string, found: string): Finding {
    const f = finding(e, objects, id);
    assert.strictEqual(f.status, "fail", `${id} should fail`);
    assert.strictEqual(f.found, found);
    assert.ok(f.fix && f.fix.length > 0, "a failing finding says what to do");
    return f;
}

function passing(e: ExpectedState, objects: KubeObject[], id: string): Finding {
    const f = finding(e, objects, id);
    assert.strictEqual(f.status, "pass", `${id}: ${f.found}`);
    return f;
}

const dev = () => stackState("dev");
const staging = () => stackState("staging");
const prod = () => stackState("prod");
const GW = "portkey-gateway";
const POD = `${GW}-5d8f7c9b4-x7k2p`;
const SPC = "portkey-gateway-aws-secrets";
const gatewayContainer = (d: Workload): Container => d.spec!.template!.spec!.containers[0];

describe("verify checks: a healthy install passes every check", () => {
    for (const [name, state] of [
        ["dev (partial, irsa)", dev],
        ["staging (mount-only)", staging],
        ["prod (full, pod-identity, dataservice)", prod],
    ] as const) {
        it(name, () => {
            const e = state();
            const bad = findings(e, healthyObjects(e)).filter((f) => f.status === "fail");
            assert.deepStrictEqual(bad, []);
        });
    }
    it("marks checks that do not apply to the mode as n/a", () => {
        assert.strictEqual(finding(dev(), healthyObjects(dev()), "identity.podIdentityAgent").status, "n/a");
        assert.strictEqual(finding(staging(), healthyObjects(staging()), "driver.syncRbac").status, "n/a");
        assert.strictEqual(finding(prod(), healthyObjects(prod()), "identity.podIdentityAgent").status, "pass");
    });
});

describe("verify checks: driver", () => {
    it("fails without the CSIDriver", () => {
        failing(dev(), without(healthyObjects(dev()), "CSIDriver"), "driver.csidriver", "0 CSIDriver secrets-store.csi.k8s.io");
    });
    it("fails when the Pod Identity audience is not requested", () => {
        const objs = edit(healthyObjects(dev()), "CSIDriver", "secrets-store.csi.k8s.io", (d: Workload & { spec: { tokenRequests: unknown[] } }) => {
            d.spec.tokenRequests = [{ audience: "sts.amazonaws.com" }];
        });
        failing(dev(), objs, "driver.csidriver", "audiences: sts.amazonaws.com (missing pods.eks.amazonaws.com)");
    });
    it("fails when the driver is installed twice (ASCP sub-chart plus a driver release)", () => {
        const objs = healthyObjects(dev());
        const second = structuredClone(objs.find((o) => o.metadata.name === "secrets-store-csi-driver")!);
        second.metadata = { ...second.metadata, name: "csi-secrets-store-provider-aws-secrets-store-csi-driver", namespace: "secrets" };
        const f = failing(
            dev(),
            [...objs, second],
            "driver.daemonset",
            "2: kube-system/secrets-store-csi-driver, secrets/csi-secrets-store-provider-aws-secrets-store-csi-driver",
        );
        assert.match(f.fix!, /secrets-store-csi-driver\.install: false/);
    });
    it("fails in partial mode without the sync ClusterRole", () => {
        failing(dev(), without(healthyObjects(dev()), "ClusterRole"), "driver.syncRbac", "none: the driver cannot create the synced Secret");
    });
    it("fails without the rotation flag, and compares the interval as a duration", () => {
        const setArgs = (args: string[]) =>
            edit(healthyObjects(dev()), "DaemonSet", "secrets-store-csi-driver", (d: Workload) => {
                gatewayContainer(d).args = args;
            });
        failing(dev(), setArgs(["--rotation-poll-interval=3600s"]), "driver.rotationFlags", "--enable-secret-rotation=true missing");
        failing(
            dev(),
            setArgs(["--enable-secret-rotation=true", "--rotation-poll-interval=2m"]),
            "driver.rotationFlags",
            "--rotation-poll-interval is 2m, expected 3600s",
        );
        passing(dev(), setArgs(["--enable-secret-rotation=true", "--rotation-poll-interval=1h0m0s"]), "driver.rotationFlags");
    });
});

describe("verify checks: provider (ASCP)", () => {
    it("names the node it is missing from and its taints", () => {
        let objs = without(healthyObjects(dev()), "Pod", "secrets-store-csi-driver-provider-aws-1");
        objs = edit(objs, "Node", NODES[1], (n: Node) => {
            n.spec = { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] };
        });
        failing(dev(), objs, "provider.nodes", `missing on 1 of 2 nodes: ${NODES[1]} (taints: dedicated=gpu:NoSchedule)`);
    });
    it("does not expect a pod on cordoned or Fargate nodes", () => {
        const objs = [
            ...healthyObjects(dev()),
            obj("v1", "Node", "cordoned", undefined, { spec: { unschedulable: true } }),
            obj("v1", "Node", "fargate-ip-1", undefined, { metadata: { name: "fargate-ip-1", labels: { "eks.amazonaws.com/compute-type": "fargate" } } }),
        ];
        assert.strictEqual(passing(dev(), objs, "provider.nodes").found, "2 of 2 nodes");
    });
    it("fails without the ASCP DaemonSet", () => {
        const objs = without(healthyObjects(dev()), "DaemonSet", "secrets-store-csi-driver-provider-aws");
        failing(dev(), objs, "provider.daemonset", "none");
        assert.strictEqual(finding(dev(), objs, "provider.nodes").status, "n/a");
    });
});

describe("verify checks: SecretProviderClass", () => {
    const setSpc = (e: ExpectedState, change: (c: SecretProviderClass) => void) => edit(healthyObjects(e), "SecretProviderClass", SPC, change);
    it("compares objects parsed: YAML or reordered JSON is equal", () => {
        const objs = setSpc(dev(), (c) => {
            const parsed = JSON.parse(c.spec!.parameters!.objects as string) as Array<Record<string, unknown>>;
            c.spec!.parameters!.objects = parsed
                .map((o) => Object.fromEntries(Object.entries(o).reverse()))
                .map((o) => `- ${JSON.stringify(o)}`)
                .join("\n");
        });
        passing(dev(), objs, "class.spec");
        // The same class, as drift compares it: YAML is the same data (docs/upstream-facts.md#ascp-objects).
        assert.strictEqual(finding(dev(), objs, "drift.secretProviderClass/portkey-gateway-aws-secrets").status, "pass");
    });
    it("compares lists in any order: jmesPath entries and objects reordered are the same class (docs/upstream-facts.md#ascp-objects)", () => {
        const objs = setSpc(dev(), (c) => {
            const parsed = JSON.parse(c.spec!.parameters!.objects as string) as Array<{ jmesPath?: unknown[] }>;
            for (const o of parsed) o.jmesPath?.reverse();
            c.spec!.parameters!.objects = JSON.stringify(parsed.reverse());
            c.spec!.secretObjects?.reverse();
        });
        const healthy = healthyObjects(dev()).find((o): o is SecretProviderClass => o.kind === "SecretProviderClass")!;
        assert.ok(
            (JSON.parse(healthy.spec!.parameters!.objects as string) as Array<{ jmesPath: unknown[] }>)[0].jmesPath.length > 1,
            "several entries to reorder",
        );
        passing(dev(), objs, "class.spec");
        assert.strictEqual(finding(dev(), objs, "drift.secretProviderClass/portkey-gateway-aws-secrets").status, "pass");
    });
    it("fails when a jmesPath entry differs", () => {
        const objs = setSpc(dev(), (c) => {
            c.spec!.parameters!.objects = (c.spec!.parameters!.objects as string).replace('"path":"ANTHROPIC_API_KEY"', '"path":"anthropic"');
        });
        assert.match(
            failing(dev(), objs, "class.spec", finding(dev(), objs, "class.spec").found).found,
            /^parameters\.objects: expected .*"path":"ANTHROPIC_API_KEY".*, found .*"path":"anthropic"/,
        );
    });
    it("fails when usePodIdentity is missing with Pod Identity", () => {
        const objs = setSpc(prod(), (c) => {
            delete c.spec!.parameters!.usePodIdentity;
        });
        failing(prod(), objs, "class.spec", 'parameters.usePodIdentity: expected "true", found unset');
    });
    it("says where the class is when it is in another namespace", () => {
        const objs = setSpc(dev(), (c) => {
            c.metadata.namespace = "default";
        });
        failing(dev(), objs, "class.spec", `none in portkeyai (classes there: none; ${SPC} found in default)`);
    });
});

describe("verify checks: workloads", () => {
    const setGw = (e: ExpectedState, change: (d: Workload) => void) => edit(healthyObjects(e), "Deployment", GW, change);
    it("fails a Deployment that is not rolled out", () => {
        const objs = setGw(dev(), (d) => {
            d.status = { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 0 };
        });
        failing(dev(), objs, `workloads.rollout/${GW}`, "generation 2 observed 2, replicas 1/1, updated 1, available 0");
    });
    it("fails a mount that is not read-only, or a volume naming another class", () => {
        failing(
            dev(),
            setGw(dev(), (d) => void (gatewayContainer(d).volumeMounts![0].readOnly = false)),
            `workloads.volume/${GW}`,
            "mount at /mnt/secrets-store is not readOnly",
        );
        const other = setGw(dev(), (d) => void (d.spec!.template!.spec!.volumes![0].csi!.volumeAttributes!.secretProviderClass = "other"));
        failing(dev(), other, `workloads.volume/${GW}`, `no csi volume of driver secrets-store.csi.k8s.io with secretProviderClass ${SPC}`);
    });
    it("checks the dataservice's mount too", () => {
        const objs = edit(healthyObjects(prod()), "Deployment", `${GW}-dataservice`, (d: Workload) => void (gatewayContainer(d).volumeMounts = []));
        failing(prod(), objs, `workloads.volume/${GW}-dataservice`, "volume secrets-store not mounted at /mnt/secrets-store (mounted at none)");
    });
    it("partial: an AWS key that became a literal fails, without printing the value", () => {
        const objs = setGw(dev(), (d) => {
            gatewayContainer(d).env = gatewayContainer(d).env!.map((v) => (v.name === "OPENAI_API_KEY" ? { name: v.name, value: "sk-live-123" } : v));
        });
        const f = failing(
            dev(),
            objs,
            `workloads.env/${GW}`,
            `OPENAI_API_KEY: expected secretKeyRef ${SPC}/OPENAI_API_KEY, found a literal (value, value not shown)`,
        );
        assert.ok(!JSON.stringify(f).includes("sk-live-123"));
    });
    it("mount-only: paths may come through envFrom of the chart's ConfigMap", () => {
        const objs = setGw(staging(), (d) => {
            gatewayContainer(d).env = [];
            gatewayContainer(d).envFrom = [{ configMapRef: { name: GW } }];
        });
        passing(staging(), objs, `workloads.env/${GW}`);
    });
    it("mount-only: a ConfigMap value that is not the file path fails", () => {
        const objs = edit(
            healthyObjects(staging()),
            "ConfigMap",
            GW,
            (c: KubeObject & { data: Record<string, string> }) => void (c.data.OPENAI_API_KEY = "sk-live-123"),
        );
        failing(
            staging(),
            objs,
            `workloads.env/${GW}`,
            `OPENAI_API_KEY: expected the file path /mnt/secrets-store/OPENAI_API_KEY, found a different literal (ConfigMap ${GW}, value not shown)`,
        );
    });
});

describe("verify checks: synced Secret", () => {
    const setSecret = (change: (s: Secret) => void) => edit(healthyObjects(dev()), "Secret", SPC, change);
    it("fails when it is missing", () => {
        failing(dev(), without(healthyObjects(dev()), "Secret"), "secret.synced", "none");
    });
    it("reports empty and extra keys by name", () => {
        const objs = setSecret((s) => {
            s.data = { PORTKEY_CLIENT_AUTH: "eA==", ORGANISATIONS_TO_SYNC: "eA==", OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "eA==", EXTRA: "eA==" };
        });
        failing(
            dev(),
            objs,
            "secret.synced",
            "keys PORTKEY_CLIENT_AUTH, ORGANISATIONS_TO_SYNC, OPENAI_API_KEY, ANTHROPIC_API_KEY, EXTRA: extra keys EXTRA; empty keys OPENAI_API_KEY",
        );
    });
    it("fails when not owned by the gateway's ReplicaSet", () => {
        const objs = setSecret((s) => void delete s.metadata.ownerReferences);
        failing(
            dev(),
            objs,
            "secret.synced",
            "keys ANTHROPIC_API_KEY, OPENAI_API_KEY, ORGANISATIONS_TO_SYNC, PORTKEY_CLIENT_AUTH: not owned by a ReplicaSet of portkey-gateway (owners: none)",
        );
    });
    it("mount-only: fails when a driver-managed Secret exists", () => {
        const e = staging();
        const s = obj("v1", "Secret", "leftover", e.namespace, {
            metadata: {
                name: "leftover",
                namespace: e.namespace,
                labels: { "secrets-store.csi.k8s.io/managed": "true" },
                ownerReferences: owner("ReplicaSet", `${GW}-1`),
            },
            data: { A: "eA==" },
        });
        failing(e, [...healthyObjects(e), s], "secret.synced", "driver-managed Secret leftover in portkeyai");
    });
});

describe("verify checks: identity", () => {
    it("IRSA: fails without the role annotation, and when it differs from --role-arn", () => {
        const objs = edit(healthyObjects(dev()), "ServiceAccount", GW, (s: KubeObject) => void delete s.metadata.annotations);
        failing(dev(), objs, `identity.serviceAccount/${GW}`, "no role annotation");
        const other = stackState("dev", "arn:aws:iam::123456789012:role/other");
        failing(other, healthyObjects(dev()), `identity.serviceAccount/${GW}`, "eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/portkey-gateway");
    });
    it("Pod Identity: fails with a role annotation, and without the agent", () => {
        const objs = edit(
            healthyObjects(prod()),
            "ServiceAccount",
            GW,
            (s: KubeObject) => void (s.metadata.annotations = { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/x" }),
        );
        failing(prod(), objs, `identity.serviceAccount/${GW}`, "eks.amazonaws.com/role-arn: arn:aws:iam::1:role/x");
        failing(prod(), without(healthyObjects(prod()), "DaemonSet", "eks-pod-identity-agent"), "identity.podIdentityAgent", "none");
    });
});

describe("verify checks: mount status", () => {
    const setStatus = (change: (s: SecretProviderClassPodStatus) => void) =>
        edit(healthyObjects(dev()), "SecretProviderClassPodStatus", `${POD}-portkeyai-${SPC}`, change);
    it("fails when a pod is not mounted, or an object is missing", () => {
        failing(
            dev(),
            setStatus((s) => void (s.status!.mounted = false)),
            "mount.podStatus",
            `${POD}: not mounted`,
        );
        failing(
            dev(),
            setStatus(
                (s) =>
                    void (s.status!.objects = [
                        { id: "secret.json" },
                        { id: "PORTKEY_CLIENT_AUTH" },
                        { id: "ORGANISATIONS_TO_SYNC" },
                        { id: "ANTHROPIC_API_KEY" },
                    ]),
            ),
            "mount.podStatus",
            `${POD}: objects missing OPENAI_API_KEY`,
        );
    });
    it("fails when a gateway pod has no status", () => {
        failing(dev(), without(healthyObjects(dev()), "SecretProviderClassPodStatus"), "mount.podStatus", `${POD}: no SecretProviderClassPodStatus`);
    });
    it("ignores pods of other Deployments", () => {
        const stray = obj("v1", "Pod", "redis-1", "portkeyai", {
            metadata: { name: "redis-1", namespace: "portkeyai", ownerReferences: owner("ReplicaSet", "redis-6c9") },
        }) as Pod;
        passing(dev(), [...healthyObjects(dev()), stray], "mount.podStatus");
    });
});

describe("verify checks: rotation", () => {
    it("fails when the Deployment lacks the Reloader annotation of the mode", () => {
        const objs = edit(healthyObjects(staging()), "Deployment", GW, (d: Workload) => void (d.metadata.annotations = {}));
        const f = failing(staging(), objs, `rotation.annotation/${GW}`, "not set (reloader annotations: none)");
        assert.strictEqual(f.expected, `secretproviderclass.reloader.stakater.com/reload: ${SPC}`);
    });
    it("mount-only: fails when Reloader has no CSI integration", () => {
        const objs = edit(healthyObjects(staging()), "Deployment", "reloader-reloader", (d: Workload) => void (gatewayContainer(d).args = []));
        failing(staging(), objs, "rotation.reloader", "kube-system/reloader-reloader without --enable-csi-integration=true");
    });
    it("fails when Reloader is not running", () => {
        const objs = edit(healthyObjects(dev()), "Deployment", "reloader-reloader", (d: Workload) => void (d.status = { availableReplicas: 0 }));
        failing(dev(), objs, "rotation.reloader", "kube-system/reloader-reloader: no available replicas");
    });
    it("is n/a when rotation does not reach the pods", () => {
        const e = dev();
        e.reloader.needed = false;
        assert.strictEqual(finding(e, healthyObjects(e), "rotation.reloader").status, "n/a");
        assert.strictEqual(finding(e, healthyObjects(e), `rotation.annotation/${GW}`).status, "n/a");
    });
});

// A bundle written by an earlier verify lacks the kinds read since. The first bundle (60c5c62,
// verify/observed.ts) held CSIDriver, DaemonSet, Deployment, ReplicaSet, ClusterRole, Node, Pod,
// Secret, ConfigMap, ServiceAccount, SecretProviderClass, SecretProviderClassPodStatus and Event.
describe("verify checks: a bundle without a kind read since the first bundle", () => {
    const LATER = [
        "Namespace",
        "Service",
        "Ingress",
        "IngressClass",
        "IngressClassParams",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "APIService",
    ];
    // Each state's healthy objects and what a complete bundle of them gives, made once for all the kinds.
    let healthy: Array<{ stack: string; e: ExpectedState; objects: KubeObject[]; read: Finding[] }> | undefined;
    const states = () =>
        (healthy ??= Object.entries({
            dev: stackState("dev"),
            staging: stackState("staging"),
            prod: stackState("prod"),
            "auto-mode staging": autoModeState("staging"),
        }).map(([stack, e]) => {
            const objects = healthyObjects(e);
            return { stack, e, objects, read: findings(e, objects) };
        }));
    for (const kind of LATER) {
        it(`without ${kind}: every check that read it is n/a, none fails`, () => {
            let unreadSeen = 0;
            for (const { stack, e, objects, read } of states()) {
                const unread = evaluate(e, { ...groupObjects(objects.filter((o) => o.kind !== kind)), unread: [kind] });
                assert.deepStrictEqual(
                    unread.filter((f) => f.status === "fail").map((f) => f.id),
                    [],
                    `${stack}`,
                );
                for (const f of unread.filter((x) => x.status === "n/a" && x.expected.includes(`the bundle has no ${kind} objects`))) {
                    unreadSeen++;
                    assert.notStrictEqual(read.find((x) => x.id === f.id)?.status, "n/a", `${stack} ${f.id} is n/a only for want of ${kind}`);
                }
            }
            assert.ok(unreadSeen > 0, `some check reads ${kind}`);
        });
    }
});
