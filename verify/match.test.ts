// How add-on workloads are recognised wherever they were installed. Images and labels:
// kubernetes-sigs/secrets-store-csi-driver charts/secrets-store-csi-driver/values.yaml
// (registry.k8s.io/csi-secrets-store/driver; driver-crds is the CRD upgrade hook's image) and
// templates/_helpers.tpl (`app: secrets-store-csi-driver`); aws/secrets-store-csi-driver-provider-aws
// charts/secrets-store-csi-driver-provider-aws/values.yaml and templates/_helpers.tpl
// (`app.kubernetes.io/name: secrets-store-csi-driver-provider-aws`); stakater/Reloader image
// ghcr.io/stakater/reloader. Flags follow Go's flag package (https://pkg.go.dev/flag): `-flag`,
// `--flag`, `-flag=value`, a bare flag is a boolean true.
import * as assert from "assert";
import {
    containersOf,
    flagsOf,
    isDriverDaemonSet,
    isDriverImage,
    isProviderDaemonSet,
    isReloaderDeployment,
    isReloaderImage,
    ownedBy,
    qualified,
} from "./match";
import { Container, KubeObject, Workload } from "./types";

function workload(images: string[], labels?: Record<string, string>): Workload {
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "w", namespace: "kube-system", ...(labels ? { labels } : {}) },
        spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
    };
}
const REGISTRAR = "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0";
const DRIVER = "registry.k8s.io/csi-secrets-store/driver:v1.5.6";
const ASCP = "public.ecr.aws/aws-secrets-manager/secrets-store-csi-driver-provider-aws:3.1.1";

describe("verify match: add-on images and workloads", () => {
    it("the driver image by tag, by digest and bare; not the CRD hook's image", () => {
        assert.ok(isDriverImage(DRIVER));
        assert.ok(isDriverImage("registry.k8s.io/csi-secrets-store/driver@sha256:0123abcd"));
        assert.ok(isDriverImage("registry.k8s.io/csi-secrets-store/driver"));
        assert.ok(!isDriverImage("registry.k8s.io/csi-secrets-store/driver-crds:v1.5.6"));
        assert.ok(!isDriverImage(REGISTRAR));
    });
    it("a driver DaemonSet by any of its containers' images, or by the chart's app label", () => {
        assert.ok(isDriverDaemonSet(workload([REGISTRAR, DRIVER])));
        assert.ok(isDriverDaemonSet(workload(["mirror.example.com/driver:1"], { app: "secrets-store-csi-driver" })));
        assert.ok(!isDriverDaemonSet(workload([REGISTRAR], { app: "other" })));
        assert.ok(!isDriverDaemonSet(workload([REGISTRAR])));
        assert.ok(!isDriverDaemonSet(workload([ASCP], { "app.kubernetes.io/name": "secrets-store-csi-driver-provider-aws" })));
    });
    it("an ASCP DaemonSet by image or by the chart's name label, not the driver", () => {
        assert.ok(isProviderDaemonSet(workload([REGISTRAR, ASCP])));
        assert.ok(isProviderDaemonSet(workload(["mirror.example.com/ascp:1"], { "app.kubernetes.io/name": "secrets-store-csi-driver-provider-aws" })));
        assert.ok(!isProviderDaemonSet(workload(["mirror.example.com/ascp:1"], { "app.kubernetes.io/name": "other" })));
        assert.ok(!isProviderDaemonSet(workload([DRIVER])));
        assert.ok(!isProviderDaemonSet(workload([DRIVER], { app: "secrets-store-csi-driver" })));
    });
    it("Reloader by its image", () => {
        assert.ok(isReloaderImage("ghcr.io/stakater/reloader:v1.4.13"));
        assert.ok(isReloaderDeployment(workload(["busybox", "ghcr.io/stakater/reloader:v1.4.13"])));
        assert.ok(!isReloaderDeployment(workload(["busybox"])));
    });
    it("a workload without a template has no containers, and matches no image", () => {
        const bare: Workload = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "w" } };
        assert.deepStrictEqual(containersOf(bare), []);
        assert.deepStrictEqual(containersOf({ ...bare, spec: { template: {} } }), []);
        assert.ok(!isDriverDaemonSet(bare));
        assert.ok(!isProviderDaemonSet(bare));
        const noImage: Workload = { ...bare, spec: { template: { spec: { containers: [{ name: "c" }] } } } };
        assert.ok(!isDriverDaemonSet(noImage) && !isProviderDaemonSet(noImage) && !isReloaderDeployment(noImage));
    });
});

describe("verify match: owners, names and flags", () => {
    const pod = (refs?: KubeObject["metadata"]["ownerReferences"]): KubeObject => ({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", ownerReferences: refs },
    });
    it("ownedBy needs one reference of that kind and name", () => {
        const refs = [
            { kind: "Node", name: "rs-1" },
            { kind: "ReplicaSet", name: "rs-1" },
        ];
        assert.ok(ownedBy(pod(refs), "ReplicaSet", "rs-1"));
        assert.ok(!ownedBy(pod(refs), "ReplicaSet", "rs-2"));
        assert.ok(!ownedBy(pod([{ kind: "Job", name: "rs-1" }]), "ReplicaSet", "rs-1"));
        assert.ok(!ownedBy(pod(), "ReplicaSet", "rs-1"));
    });
    it("qualified names carry the namespace when there is one", () => {
        assert.strictEqual(qualified({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns" } }), "ns/p");
        assert.strictEqual(qualified({ apiVersion: "v1", kind: "Node", metadata: { name: "n" } }), "n");
    });
    it("flags of command and args, one or two dashes, bare flags true, the value after the first =", () => {
        const c: Container = {
            name: "c",
            command: ["/secrets-store-csi", "--endpoint=unix:///csi/csi.sock"],
            args: ["run", "-v=5", "--enable-secret-rotation", "--rotation-poll-interval=2m", "--a=b=c", "--empty=", "--log.level=x", "x--y=1"],
        };
        assert.deepStrictEqual(
            [...flagsOf(c).entries()],
            [
                ["endpoint", "unix:///csi/csi.sock"],
                ["v", "5"],
                ["enable-secret-rotation", "true"],
                ["rotation-poll-interval", "2m"],
                ["a", "b=c"],
                ["empty", ""],
            ],
        );
    });
    it("a later flag overrides an earlier one; a container without args has no flags", () => {
        assert.strictEqual(flagsOf({ name: "c", command: ["--x=1"], args: ["--x=2"] }).get("x"), "2");
        assert.strictEqual(flagsOf({ name: "c" }).size, 0);
    });
});
