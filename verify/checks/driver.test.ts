// The driver checks one field at a time. Upstream: kubernetes-sigs/secrets-store-csi-driver v1.5.x
// charts/secrets-store-csi-driver/templates/secrets-store-csi-driver.yaml runs the containers
// node-driver-registrar, secrets-store and liveness-probe in that order (only secrets-store takes the
// rotation flags), csidriver.yaml renders `tokenRequests` as a list of {audience}, role-syncsecret.yaml
// is rendered with syncSecret.enabled. Healthy strings come from the sample output in docs/operating.md.
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { edit, healthyObjects, obj, stackState, without } from "../testing";
import { Container, CSIDriver, KubeObject, Workload } from "../types";
import { csiDriverFinding, driverDaemonSetFinding, driverFindings, rotationFlagsFinding, syncRbacFinding } from "./driver";

const DRIVER = "secrets-store.csi.k8s.io";
const DS = "secrets-store-csi-driver";
const dev = () => stackState("dev");
const setDs = (e: ExpectedState, change: (d: Workload) => void) => edit(healthyObjects(e), "DaemonSet", DS, change);
const containers = (d: Workload): Container[] => d.spec!.template!.spec!.containers;
const registrar: Container = {
    name: "node-driver-registrar",
    image: "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0",
    args: ["--v=5", "--csi-address=/csi/csi.sock", "--kubelet-registration-path=/var/lib/kubelet/plugins/csi-secrets-store/csi.sock"],
};

describe("verify driver: CSIDriver", () => {
    it("a healthy install reads as in docs/operating.md", () => {
        const f = csiDriverFinding(dev(), groupObjects(healthyObjects(dev())));
        assert.deepStrictEqual(
            [f.status, f.expected, f.found],
            [
                "pass",
                `one CSIDriver ${DRIVER} with tokenRequests audiences sts.amazonaws.com, pods.eks.amazonaws.com`,
                "audiences: sts.amazonaws.com, pods.eks.amazonaws.com",
            ],
        );
    });
    it("other CSI drivers of the cluster do not count", () => {
        const objs = [...healthyObjects(dev()), obj("storage.k8s.io/v1", "CSIDriver", "ebs.csi.aws.com", undefined, { spec: {} })];
        assert.strictEqual(csiDriverFinding(dev(), groupObjects(objs)).status, "pass");
    });
    it("a CSIDriver without a spec requests no audience; the fix gives the chart's tokenRequests", () => {
        const objs = edit(healthyObjects(dev()), "CSIDriver", DRIVER, (d: CSIDriver) => void delete d.spec);
        const f = csiDriverFinding(dev(), groupObjects(objs));
        assert.deepStrictEqual([f.status, f.found], ["fail", "audiences: none (missing sts.amazonaws.com, pods.eks.amazonaws.com)"]);
        assert.ok(f.fix!.includes('tokenRequests: [{"audience":"sts.amazonaws.com"},{"audience":"pods.eks.amazonaws.com"}]'), f.fix);
    });
    it("the fix follows who installs the driver: this stack (staging) or the platform team (prod)", () => {
        const staging = stackState("staging");
        const prod = stackState("prod");
        const noDriver = (e: ExpectedState) => csiDriverFinding(e, groupObjects(without(healthyObjects(e), "CSIDriver")));
        assert.match(noDriver(staging).fix!, /^run `pulumi up` for this stack \(addons\.install is true\)/);
        assert.match(noDriver(prod).fix!, /^ask whoever installs the driver \(addons\.install is false\)/);
        assert.strictEqual(noDriver(prod).found, `0 CSIDriver ${DRIVER}`);
        assert.match(noDriver(prod).fix!, /must be installed once and installs the driver$/);
    });
});

describe("verify driver: DaemonSet and sync RBAC", () => {
    it("a healthy install reads as in docs/operating.md", () => {
        const o = groupObjects(healthyObjects(dev()));
        const ds = driverDaemonSetFinding(dev(), o);
        assert.deepStrictEqual([ds.status, ds.expected, ds.found], ["pass", "exactly one driver DaemonSet in the cluster", `kube-system/${DS}`]);
        const rbac = syncRbacFinding(dev(), o);
        assert.deepStrictEqual(
            [rbac.status, rbac.expected, rbac.found],
            ["pass", "ClusterRole secretprovidersyncing-role (driver chart syncSecret.enabled: true)", "ClusterRole secretprovidersyncing-role"],
        );
    });
    it("no driver DaemonSet fails with the install fix", () => {
        const f = driverDaemonSetFinding(dev(), groupObjects(without(healthyObjects(dev()), "DaemonSet", DS)));
        assert.deepStrictEqual([f.status, f.found], ["fail", "none"]);
        assert.match(f.fix!, /installs the driver/);
    });
    it("a missing sync ClusterRole's fix says to enable syncSecret; another ClusterRole does not stand in", () => {
        const objs = [...without(healthyObjects(dev()), "ClusterRole"), obj("rbac.authorization.k8s.io/v1", "ClusterRole", "view")];
        const f = syncRbacFinding(dev(), groupObjects(objs));
        assert.strictEqual(f.status, "fail");
        assert.match(f.fix!, /sets syncSecret\.enabled: true/);
    });
    it("mount-only syncs no Secret, so the ClusterRole does not apply", () => {
        const f = syncRbacFinding(stackState("staging"), groupObjects([]));
        assert.deepStrictEqual([f.status, f.expected], ["n/a", "mode mount-only syncs no Secret"]);
    });
});

describe("verify driver: rotation flags", () => {
    const rotation = (e: ExpectedState, objects: KubeObject[]) => rotationFlagsFinding(e, groupObjects(objects));
    const withArgs = (e: ExpectedState, args: string[]) => setDs(e, (d) => void (containers(d)[0].args = args));
    const rotationOff = () => {
        const e = dev();
        e.csiDriver.rotation = false;
        delete e.csiDriver.rotationPollInterval;
        return e;
    };

    it("a healthy install reads as in docs/operating.md", () => {
        const f = rotation(dev(), healthyObjects(dev()));
        assert.deepStrictEqual(
            [f.status, f.expected, f.found],
            ["pass", "--enable-secret-rotation=true --rotation-poll-interval=3600s", "--enable-secret-rotation=true, --rotation-poll-interval=3600s"],
        );
    });
    it("reads the secrets-store container, not the node-driver-registrar listed before it", () => {
        const objs = setDs(dev(), (d) => void containers(d).unshift(structuredClone(registrar)));
        assert.strictEqual(rotation(dev(), objs).status, "pass");
    });
    it("recognises the driver container by its image under another name", () => {
        const objs = setDs(dev(), (d) => {
            containers(d)[0].name = "driver";
            containers(d).unshift(structuredClone(registrar));
        });
        assert.strictEqual(rotation(dev(), objs).status, "pass");
    });
    it("recognises the driver container by its chart name under a mirrored image", () => {
        const objs = setDs(dev(), (d) => void (containers(d)[0].image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/driver:v1.5.6"));
        assert.strictEqual(rotation(dev(), objs).status, "pass");
    });
    it("a DaemonSet without the driver container fails, naming it", () => {
        const objs = setDs(dev(), (d) => void (d.spec!.template!.spec!.containers = [structuredClone(registrar)]));
        const f = rotation(dev(), objs);
        assert.deepStrictEqual([f.status, f.found], ["fail", `no driver container in kube-system/${DS}`]);
        assert.match(f.fix!, /installs the driver/);
    });
    it("no driver DaemonSet fails", () => {
        const f = rotation(dev(), without(healthyObjects(dev()), "DaemonSet", DS));
        assert.deepStrictEqual([f.status, f.found], ["fail", "no driver DaemonSet"]);
        assert.match(f.fix!, /installs the driver$/);
    });
    it("an unset interval is the driver's default, not the stack's", () => {
        const f = rotation(dev(), withArgs(dev(), ["--enable-secret-rotation=true"]));
        assert.deepStrictEqual([f.status, f.found], ["fail", "--rotation-poll-interval is unset, expected 3600s"]);
        assert.match(f.fix!, /sets enableSecretRotation: true and rotationPollInterval: 3600s/);
    });
    it("an interval that is not a Go duration fails", () => {
        const f = rotation(dev(), withArgs(dev(), ["--enable-secret-rotation=true", "--rotation-poll-interval=hourly"]));
        assert.deepStrictEqual([f.status, f.found], ["fail", "--rotation-poll-interval is hourly, expected 3600s"]);
    });
    it("rotation off: no flags pass, the rotation flag on fails", () => {
        const off = rotation(rotationOff(), withArgs(dev(), ["--endpoint=$(CSI_ENDPOINT)"]));
        assert.deepStrictEqual([off.status, off.expected, off.found], ["pass", "no --enable-secret-rotation", "no rotation flags"]);
        const on = rotation(rotationOff(), withArgs(dev(), ["--enable-secret-rotation=true", "--rotation-poll-interval=2m"]));
        assert.deepStrictEqual([on.status, on.found], ["fail", "--enable-secret-rotation is on but rotation.enabled is false"]);
        assert.match(on.fix!, /^run `pulumi up` for this stack/);
        assert.match(on.fix!, /sets enableSecretRotation: false$/);
        const disabled = rotation(rotationOff(), withArgs(dev(), ["--enable-secret-rotation=false"]));
        assert.deepStrictEqual([disabled.status, disabled.found], ["pass", "--enable-secret-rotation=false"]);
    });
    it("driverFindings lists the four checks in order", () => {
        assert.deepStrictEqual(
            driverFindings(dev(), groupObjects(healthyObjects(dev()))).map((f) => f.id),
            ["driver.csidriver", "driver.daemonset", "driver.syncRbac", "driver.rotationFlags"],
        );
    });
});
