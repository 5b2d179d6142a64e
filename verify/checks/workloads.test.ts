// The workload checks one field at a time: what counts as rolled out, which volume and mount count,
// and where an env var really comes from. Env precedence follows the Kubernetes API reference
// (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables):
// env wins over envFrom, and among envFrom sources the last one listed wins; a prefix is prepended to
// each key of the source. Healthy strings come from the sample output in docs/operating.md.
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { edit, healthyObjects, obj, owner, stackState } from "../testing";
import { Container, KubeObject, Pod, Workload } from "../types";
import { deploymentPods, envFinding, rolloutFinding, volumeFinding, workloadFindings } from "./workloads";

const GW = "portkey-gateway";
const SPC = "portkey-gateway-aws-secrets";
const dev = () => stackState("dev");
const staging = () => stackState("staging");
const main = (d: Workload): Container => d.spec!.template!.spec!.containers[0];
const setGw = (e: ExpectedState, change: (d: Workload) => void, objects = healthyObjects(e)) => edit(objects, "Deployment", GW, change);

function rollout(e: ExpectedState, objects: KubeObject[]) {
    return rolloutFinding(e, groupObjects(objects), e.deployments[0]);
}
function volume(e: ExpectedState, objects: KubeObject[]) {
    return volumeFinding(e, groupObjects(objects), e.deployments[0]);
}
function env(e: ExpectedState, objects: KubeObject[]) {
    return envFinding(e, groupObjects(objects));
}
function setEnv(e: ExpectedState, change: (c: Container) => void): KubeObject[] {
    return setGw(e, (d) => change(main(d)));
}

describe("verify workloads: rollout", () => {
    it("a healthy dev install reads as in docs/operating.md", () => {
        const f = rollout(dev(), healthyObjects(dev()));
        assert.deepStrictEqual([f.status, f.found], ["pass", "generation 2 observed 2, replicas 1/1, updated 1, available 1"]);
        assert.strictEqual(f.expected, "observedGeneration current, all replicas updated and available");
    });
    it("a Deployment of that name in another namespace is not the gateway's", () => {
        const f = rollout(
            dev(),
            setGw(dev(), (d) => void (d.metadata.namespace = "default")),
        );
        assert.strictEqual(f.status, "fail");
        assert.strictEqual(f.found, `no Deployment ${GW} in portkeyai`);
        assert.match(f.fix!, /helm -n portkeyai status/);
    });
    it("fails while the controller has not observed the latest generation", () => {
        const f = rollout(
            dev(),
            setGw(dev(), (d) => void (d.status!.observedGeneration = 1)),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", "generation 2 observed 1, replicas 1/1, updated 1, available 1"]);
        assert.match(f.fix!, /rollout status deployment\/portkey-gateway/);
    });
    it("fails while old replicas still run beside the updated ones", () => {
        const f = rollout(
            dev(),
            setGw(dev(), (d) => void (d.status!.replicas = 2)),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", "generation 2 observed 2, replicas 2/1, updated 1, available 1"]);
    });
    it("fails while not every replica is updated", () => {
        const f = rollout(
            dev(),
            setGw(dev(), (d) => void (d.status!.updatedReplicas = 0)),
        );
        assert.strictEqual(f.status, "fail");
    });
    it("a Deployment with no spec and no status wants one replica and has none", () => {
        const f = rollout(
            dev(),
            setGw(dev(), (d) => {
                delete d.spec;
                delete d.status;
                delete d.metadata.generation;
            }),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", "generation ? observed none, replicas 0/1, updated 0, available 0"]);
    });
});

describe("verify workloads: pods of a Deployment", () => {
    const e = dev();
    const pod = (name: string, rs: string, ns = "portkeyai"): Pod =>
        obj("v1", "Pod", name, ns, { metadata: { name, namespace: ns, ownerReferences: owner("ReplicaSet", rs) } }) as Pod;
    const rs = (name: string, deployment: string, ns = "portkeyai") =>
        obj("apps/v1", "ReplicaSet", name, ns, { metadata: { name, namespace: ns, ownerReferences: owner("Deployment", deployment) } });
    const names = (objects: KubeObject[], deployment = GW) => deploymentPods(e, groupObjects(objects), deployment).map((p) => p.metadata.name);

    it("counts the pods of every ReplicaSet of the Deployment (old and new during a rollout)", () => {
        const objects = [rs(`${GW}-old`, GW), rs(`${GW}-new`, GW), pod(`${GW}-old-a`, `${GW}-old`), pod(`${GW}-new-b`, `${GW}-new`)];
        assert.deepStrictEqual(names(objects), [`${GW}-old-a`, `${GW}-new-b`]);
    });
    it("leaves out pods of other ReplicaSets, other namespaces, and ReplicaSets of other Deployments", () => {
        const objects = [
            rs(`${GW}-new`, GW),
            rs("redis-1", "redis"),
            rs(`${GW}-new`, GW, "default"),
            pod(`${GW}-new-b`, `${GW}-new`),
            pod("redis-1-a", "redis-1"),
            pod(`${GW}-new-c`, `${GW}-new`, "default"),
            pod(`${GW}-stray-d`, `${GW}-stray`),
        ];
        assert.deepStrictEqual(names(objects), [`${GW}-new-b`]);
    });
    it("without ReplicaSets read, the dataservice's pods are not the gateway's (a pod-template hash has no dash)", () => {
        const objects = [pod(`${GW}-5d8f7c9b4-a`, `${GW}-5d8f7c9b4`), pod(`${GW}-dataservice-6c7d8-b`, `${GW}-dataservice-6c7d8`)];
        assert.deepStrictEqual(names(objects), [`${GW}-5d8f7c9b4-a`]);
        assert.deepStrictEqual(names(objects, `${GW}-dataservice`), [`${GW}-dataservice-6c7d8-b`]);
        assert.deepStrictEqual(names([pod(`${GW}--a`, `${GW}-`)]), []);
        assert.deepStrictEqual(names([pod("portkey-gatewax-5d8-a", "portkey-gatewax-5d8")]), []);
    });
    it("a ReplicaSet of the same Deployment name in another namespace does not bring its pods", () => {
        const objects = [rs(`${GW}-new`, GW), rs("foreign-rs", GW, "default"), pod(`${GW}-new-b`, `${GW}-new`), pod("foreign-rs-a", "foreign-rs")];
        assert.deepStrictEqual(names(objects), [`${GW}-new-b`]);
    });
    it("without ReplicaSets read, takes the pods whose ReplicaSet is named after the Deployment", () => {
        const bare = obj("v1", "Pod", "bare", "portkeyai") as Pod;
        const job = obj("v1", "Pod", `${GW}-job-x`, "portkeyai", {
            metadata: { name: `${GW}-job-x`, namespace: "portkeyai", ownerReferences: owner("Job", `${GW}-job`) },
        });
        const objects = [pod(`${GW}-5d8-a`, `${GW}-5d8`), pod("redis-1-a", "redis-1"), bare, job];
        assert.deepStrictEqual(names(objects), [`${GW}-5d8-a`]);
    });
});

describe("verify workloads: volume", () => {
    const e = dev();
    it("a healthy install is mounted as expected", () =>
        assert.deepStrictEqual(
            [volume(e, healthyObjects(e)).found, volume(e, healthyObjects(e)).expected],
            ["mounted as expected", "csi volume (driver secrets-store.csi.k8s.io, class portkey-gateway-aws-secrets) mounted read-only at /mnt/secrets-store"],
        ));
    it("a csi volume of another driver does not count", () => {
        const f = volume(
            e,
            setGw(e, (d) => void (d.spec!.template!.spec!.volumes![0].csi!.driver = "other.csi.example.com")),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", `no csi volume of driver secrets-store.csi.k8s.io with secretProviderClass ${SPC}`]);
        assert.match(f.fix!, /the chart's volumes\/volumeMounts/);
        assert.match(f.fix!, /volumes\/volumeMounts/);
    });
    it("a Deployment without a pod template has no volume", () => {
        const f = volume(
            e,
            setGw(e, (d) => void delete d.spec),
        );
        assert.strictEqual(f.status, "fail");
    });
    it("a csi volume without volumeAttributes does not name the class", () => {
        const f = volume(
            e,
            setGw(e, (d) => void delete d.spec!.template!.spec!.volumes![0].csi!.volumeAttributes),
        );
        assert.strictEqual(f.status, "fail");
    });
    it("another volume at the mount path does not stand in for the class's volume", () => {
        const f = volume(
            e,
            setGw(e, (d) => {
                main(d).volumeMounts = [
                    { name: "secrets-store", mountPath: "/elsewhere", readOnly: true },
                    { name: "aws-token", mountPath: "/mnt/secrets-store", readOnly: true },
                ];
            }),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", "volume secrets-store not mounted at /mnt/secrets-store (mounted at /elsewhere)"]);
    });
    it("a second csi volume of the class does not hide the one mounted at the path", () => {
        const f = volume(
            e,
            setGw(e, (d) => {
                const vols = d.spec!.template!.spec!.volumes!;
                vols.push({ ...structuredClone(vols[0]), name: "secrets-store-copy" });
            }),
        );
        assert.strictEqual(f.status, "pass");
    });
    it("the read-only mount at the path passes even when another container mounts the volume elsewhere writable", () => {
        const f = volume(
            e,
            setGw(
                e,
                (d) =>
                    void d.spec!.template!.spec!.containers.push({
                        name: "debug",
                        volumeMounts: [{ name: "secrets-store", mountPath: "/debug", readOnly: false }],
                    }),
            ),
        );
        assert.strictEqual(f.status, "pass");
    });
    it("a writable mount at the path fails even when a read-only one is elsewhere", () => {
        const f = volume(
            e,
            setGw(e, (d) => {
                main(d).volumeMounts = [
                    { name: "secrets-store", mountPath: "/mnt/secrets-store", readOnly: false },
                    { name: "secrets-store", mountPath: "/ro", readOnly: true },
                ];
            }),
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", "mount at /mnt/secrets-store is not readOnly"]);
    });
});

describe("verify workloads: env", () => {
    it("dev reads as in docs/operating.md", () => {
        const f = env(dev(), healthyObjects(dev()));
        assert.deepStrictEqual(
            [f.status, f.expected, f.found],
            ["pass", "4 AWS keys as secretKeyRef into portkey-gateway-aws-secrets, 2 literals", "all 6 env vars as expected"],
        );
    });
    it("staging (mount-only) expects the keys of Pulumi.staging.yaml as file paths and its env as literals", () => {
        const f = env(staging(), healthyObjects(staging()));
        assert.deepStrictEqual(
            [f.status, f.expected, f.found],
            ["pass", "3 AWS keys as file paths under /mnt/secrets-store, 3 literals", "all 6 env vars as expected"],
        );
    });
    it("reads the container that mounts the secrets, not a sidecar listed first", () => {
        const objs = setGw(
            dev(),
            (d) => void d.spec!.template!.spec!.containers.unshift({ name: "sidecar", image: "busybox", volumeMounts: [{ name: "tmp", mountPath: "/tmp" }] }),
        );
        assert.strictEqual(env(dev(), objs).status, "pass");
    });
    it("a Deployment without containers fails", () => {
        const f = env(
            dev(),
            setGw(dev(), (d) => void delete d.spec),
        );
        assert.deepStrictEqual([f.status, f.found, f.fix], ["fail", "no containers", "run `pulumi up`"]);
        for (const template of [{}, { metadata: {} }]) {
            const g = env(
                dev(),
                setGw(dev(), (d) => void (d.spec = { template })),
            );
            assert.strictEqual(g.found, "no containers");
            assert.strictEqual(
                volume(
                    dev(),
                    setGw(dev(), (d) => void (d.spec = { template })),
                ).status,
                "fail",
            );
        }
    });
    it("a missing Deployment fails with the summary as expected", () => {
        const objs = healthyObjects(dev()).filter((o) => !(o.kind === "Deployment" && o.metadata.name === GW));
        const f = env(dev(), objs);
        assert.deepStrictEqual([f.status, f.found], ["fail", `no Deployment ${GW} in portkeyai`]);
    });
    it("the last of two entries of the same name wins", () => {
        const later = setEnv(dev(), (c) => c.env!.unshift({ name: "OPENAI_API_KEY", value: "shadowed" }));
        assert.strictEqual(env(dev(), later).status, "pass");
        const earlier = setEnv(dev(), (c) => c.env!.push({ name: "OPENAI_API_KEY", value: "override" }));
        assert.strictEqual(env(dev(), earlier).found, `OPENAI_API_KEY: expected secretKeyRef ${SPC}/OPENAI_API_KEY, found a literal (value, value not shown)`);
    });
    it("names the wrong Secret, the wrong key, a field reference and an unset entry", () => {
        const set = (valueFrom: unknown) =>
            env(
                dev(),
                setEnv(dev(), (c) => (c.env = c.env!.map((v) => (v.name === "OPENAI_API_KEY" ? ({ name: v.name, valueFrom } as never) : v)))),
            ).found;
        const want = `OPENAI_API_KEY: expected secretKeyRef ${SPC}/OPENAI_API_KEY, found`;
        assert.strictEqual(set({ secretKeyRef: { name: "other", key: "OPENAI_API_KEY" } }), `${want} secretKeyRef other/OPENAI_API_KEY`);
        assert.strictEqual(set({ secretKeyRef: { name: SPC, key: "ANTHROPIC_API_KEY" } }), `${want} secretKeyRef ${SPC}/ANTHROPIC_API_KEY`);
        assert.strictEqual(set({ fieldRef: { fieldPath: "metadata.name" } }), `${want} a field or resource reference`);
        assert.strictEqual(set({ configMapKeyRef: { name: "gw", key: "OPENAI_API_KEY" } }), `${want} configMapKeyRef gw/OPENAI_API_KEY, which was not found`);
        assert.strictEqual(set(undefined), `${want} a literal (value, value not shown)`);
        assert.strictEqual(
            set({ configMapKeyRef: { name: SPC, key: "OPENAI_API_KEY" } }),
            `${want} configMapKeyRef ${SPC}/OPENAI_API_KEY, which was not found`,
        );
        const removed = env(
            dev(),
            setEnv(dev(), (c) => (c.env = c.env!.filter((v) => v.name !== "OPENAI_API_KEY"))),
        ).found;
        assert.strictEqual(removed, `${want} not set`);
    });
    it("a literal of the stack's env that became a secretKeyRef fails, naming what it expected", () => {
        const e = dev();
        const literal = e.gatewayEnv.find((v) => v.from === "literal")!.name;
        const f = env(
            e,
            setEnv(
                e,
                (c) => (c.env = c.env!.map((v) => (v.name === literal ? { name: literal, valueFrom: { secretKeyRef: { name: SPC, key: literal } } } : v))),
            ),
        );
        assert.strictEqual(f.found, `${literal}: expected its literal from the stack's env, found secretKeyRef ${SPC}/${literal}`);
        assert.match(f.fix!, /existingSecret and secretKeys/);
    });
    it("envFrom: the last source wins, a prefix is stripped from the key, a source with another prefix is skipped", () => {
        const e = dev();
        const viaEnvFrom = (envFrom: Container["envFrom"]) =>
            env(
                e,
                setEnv(e, (c) => {
                    c.env = c.env!.filter((v) => v.name !== "OPENAI_API_KEY");
                    c.envFrom = envFrom;
                }),
            ).found;
        const want = `OPENAI_API_KEY: expected secretKeyRef ${SPC}/OPENAI_API_KEY, found`;
        assert.strictEqual(viaEnvFrom([{ secretRef: { name: "other" } }, { secretRef: { name: SPC } }]), "all 6 env vars as expected");
        assert.strictEqual(viaEnvFrom([{ secretRef: { name: SPC } }, { secretRef: { name: "other" } }]), `${want} secretKeyRef other/OPENAI_API_KEY`);
        assert.strictEqual(viaEnvFrom([{ prefix: "OPENAI_", secretRef: { name: SPC } }]), `${want} secretKeyRef ${SPC}/API_KEY`);
        assert.strictEqual(viaEnvFrom([{ prefix: "REDIS_", secretRef: { name: SPC } }]), `${want} not set`);
        assert.strictEqual(viaEnvFrom([{ configMapRef: { name: "absent" } }]), `${want} not set`);
        assert.strictEqual(viaEnvFrom([{ secretRef: { name: SPC } }, { configMapRef: { name: "absent" } }]), "all 6 env vars as expected");
    });
    it("mount-only: the chart's ConfigMap is read in the gateway's namespace only, and a missing key is named", () => {
        const e = staging();
        const moved = edit(healthyObjects(e), "ConfigMap", GW, (c) => void (c.metadata.namespace = "default"));
        const f = env(e, moved);
        assert.strictEqual(f.status, "fail");
        assert.ok(
            f.found.includes(
                `PORTKEY_CLIENT_AUTH: expected the file path /mnt/secrets-store/PORTKEY_CLIENT_AUTH, found configMapKeyRef ${GW}/PORTKEY_CLIENT_AUTH, which was not found`,
            ),
            f.found,
        );
        assert.match(f.fix!, /secret: false/);
        const noData = edit(healthyObjects(e), "ConfigMap", GW, (c: KubeObject & { data?: unknown }) => void delete c.data);
        assert.strictEqual(env(e, noData).status, "fail");
    });
    it("mount-only: a literal that lost its value fails without the value", () => {
        const e = staging();
        const objs = edit(healthyObjects(e), "ConfigMap", GW, (c: KubeObject & { data: Record<string, string> }) => void (c.data.LOG_LEVEL = "debug"));
        assert.strictEqual(
            env(e, objs).found,
            `LOG_LEVEL: expected its literal from the stack's env, found a different literal (ConfigMap ${GW}, value not shown)`,
        );
        const viaEnvFrom = edit(objs, "Deployment", GW, (d: Workload) => {
            main(d).env = main(d).env!.filter((v) => v.name !== "LOG_LEVEL");
            main(d).envFrom = [{ configMapRef: { name: GW } }];
        });
        assert.strictEqual(
            env(e, viaEnvFrom).found,
            `LOG_LEVEL: expected its literal from the stack's env, found a different literal (envFrom ConfigMap ${GW}, value not shown)`,
        );
        const another = obj("v1", "ConfigMap", "unrelated", e.namespace, { data: {} });
        assert.strictEqual(env(e, [another, ...healthyObjects(e)]).status, "pass");
    });
    it("workloadFindings lists rollout and volume of each Deployment, then the gateway's env", () => {
        const e = stackState("prod");
        const ids = workloadFindings(e, groupObjects(healthyObjects(e))).map((f) => f.id);
        assert.deepStrictEqual(ids, [
            `workloads.rollout/${GW}`,
            `workloads.volume/${GW}`,
            `workloads.rollout/${GW}-dataservice`,
            `workloads.volume/${GW}-dataservice`,
            `workloads.env/${GW}`,
        ]);
    });
});
