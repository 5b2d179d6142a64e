// Rotation reaching the pods, one case at a time. Reloader's annotations
// (stakater/Reloader README: `secret.reloader.stakater.com/reload`, and with CSI integration
// `secretproviderclass.reloader.stakater.com/reload`); its flag `--enable-csi-integration`
// (stakater/Reloader internal/pkg/options, chart value reloader.enableCSIIntegration).
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { edit, healthyObjects, obj, stackState, without } from "../testing";
import { KubeObject, Workload } from "../types";
import { annotationFinding, reloaderFinding, rotationFindings } from "./rotation";

const GW = "portkey-gateway";
const SPC = "portkey-gateway-aws-secrets";
const RELOADER = "reloader-reloader";
const annotation = (e: ExpectedState, objects: KubeObject[]) => annotationFinding(e, groupObjects(objects), e.deployments[0]);
const reloader = (e: ExpectedState, objects: KubeObject[]) => reloaderFinding(e, groupObjects(objects));
const setGw = (e: ExpectedState, annotations: Record<string, string> | undefined) =>
    edit(healthyObjects(e), "Deployment", GW, (d: Workload) => void (d.metadata.annotations = annotations));

describe("verify rotation: annotation", () => {
    it("dev (partial) reloads on the synced Secret, as in docs/operating.md", () => {
        const e = stackState("dev");
        const f = annotation(e, healthyObjects(e));
        assert.deepStrictEqual(
            [f.id, f.status, f.expected, f.found],
            [`rotation.annotation/${GW}`, "pass", `secret.reloader.stakater.com/reload: ${SPC}`, `secret.reloader.stakater.com/reload: ${SPC}`],
        );
    });
    it("another value fails, naming it", () => {
        const e = stackState("dev");
        const f = annotation(e, setGw(e, { "secret.reloader.stakater.com/reload": "other" }));
        assert.deepStrictEqual([f.status, f.found], ["fail", "secret.reloader.stakater.com/reload: other"]);
        assert.match(f.fix!, /DeploymentPatch/);
    });
    it("unset: names the Reloader annotations that are there, and only those", () => {
        const e = stackState("dev");
        const f = annotation(
            e,
            setGw(e, {
                "configmap.reloader.stakater.com/reload": "x",
                "reloader.stakater.com/auto": "true",
                "other.io/a": "b",
            }),
        );
        assert.strictEqual(f.found, "not set (reloader annotations: configmap.reloader.stakater.com/reload, reloader.stakater.com/auto)");
        assert.strictEqual(annotation(e, setGw(e, undefined)).found, "not set (reloader annotations: none)");
    });
    it("a missing Deployment fails; one in another namespace does not count", () => {
        const e = stackState("dev");
        const moved = edit(healthyObjects(e), "Deployment", GW, (d: Workload) => void (d.metadata.namespace = "default"));
        const f = annotation(e, moved);
        assert.deepStrictEqual([f.status, f.found, f.fix], ["fail", `no Deployment ${GW}`, "run `pulumi up`"]);
    });
    it("n/a when rotation does not reach the pods, with the reason", () => {
        const e = stackState("dev");
        e.reloader.needed = false;
        const f = annotation(e, []);
        assert.deepStrictEqual([f.status, f.expected], ["n/a", "rotation does not reach the pods (rotation.enabled is false or rotation.reloader is none)"]);
    });
});

describe("verify rotation: Reloader", () => {
    const setReloader = (e: ExpectedState, change: (d: Workload) => void) => edit(healthyObjects(e), "Deployment", RELOADER, change);
    it("dev: available, as in docs/operating.md", () => {
        const e = stackState("dev");
        const f = reloader(e, healthyObjects(e));
        assert.deepStrictEqual([f.status, f.expected, f.found], ["pass", "Reloader running", `kube-system/${RELOADER} available`]);
    });
    it("staging (mount-only) wants the CSI integration flag", () => {
        const e = stackState("staging");
        const f = reloader(e, healthyObjects(e));
        assert.deepStrictEqual([f.status, f.expected], ["pass", "Reloader running with --enable-csi-integration=true"]);
        const off = reloader(
            e,
            setReloader(e, (d) => void (d.spec!.template!.spec!.containers[0].args = ["--enable-csi-integration=false"])),
        );
        assert.strictEqual(off.status, "fail");
        assert.match(off.fix!, /reloader\.enableCSIIntegration: true/);
    });
    it("the flag may be on any container of the Reloader pod", () => {
        const e = stackState("staging");
        const objs = setReloader(e, (d) => void d.spec!.template!.spec!.containers.unshift({ name: "sidecar", image: "busybox" }));
        assert.strictEqual(reloader(e, objs).status, "pass");
    });
    it("partial does not need the flag", () => {
        const e = stackState("dev");
        assert.strictEqual(
            reloader(
                e,
                setReloader(e, (d) => void (d.spec!.template!.spec!.containers[0].args = [])),
            ).status,
            "pass",
        );
    });
    it("none: the fix depends on who installs Reloader", () => {
        const dev = stackState("dev");
        const installed = reloader(dev, without(healthyObjects(dev), "Deployment", RELOADER));
        assert.deepStrictEqual(
            [installed.status, installed.found, installed.fix],
            ["fail", "no Reloader Deployment", "run `pulumi up` (rotation.reloader: install)"],
        );
        const prod = stackState("prod");
        const existing = reloader(prod, without(healthyObjects(prod), "Deployment", RELOADER));
        assert.match(existing.fix!, /^install Reloader \(chart reloader from stakater-charts\)/);
    });
    it("not available: a Deployment without status has no replicas; the fix names it", () => {
        const e = stackState("dev");
        const f = reloader(
            e,
            setReloader(e, (d) => void delete d.status),
        );
        assert.deepStrictEqual(
            [f.status, f.found, f.fix],
            ["fail", `kube-system/${RELOADER}: no available replicas`, `\`kubectl -n kube-system describe deployment ${RELOADER}\``],
        );
    });
    it("a second, available Reloader is the one read", () => {
        const e = stackState("staging");
        const down = setReloader(e, (d) => void (d.status = { availableReplicas: 0 }));
        const second = obj("apps/v1", "Deployment", "reloader", "tools", {
            spec: {
                template: {
                    spec: {
                        containers: [
                            {
                                name: "r",
                                image: "ghcr.io/stakater/reloader:v1.4.13",
                                args: ["--enable-csi-integration=true"],
                            },
                        ],
                    },
                },
            },
            status: { availableReplicas: 1 },
        });
        const f = reloader(e, [...down, second]);
        assert.deepStrictEqual([f.status, f.found], ["pass", "tools/reloader available"]);
    });
    it("n/a when rotation does not reach the pods; findings per Deployment then Reloader", () => {
        const e = stackState("prod");
        assert.deepStrictEqual(
            rotationFindings(e, groupObjects(healthyObjects(e))).map((f) => f.id),
            [...e.deployments.map((d) => `rotation.annotation/${d.name}`), "rotation.reloader"],
        );
        e.reloader.needed = false;
        assert.strictEqual(reloader(e, []).status, "n/a");
    });
});
