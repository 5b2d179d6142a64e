// ASCP, one case at a time. Its chart (aws/secrets-store-csi-driver-provider-aws
// charts/secrets-store-csi-driver-provider-aws/values.yaml) keeps it off Fargate by node affinity on
// eks.amazonaws.com/compute-type; a cordoned node (spec.unschedulable) takes no new DaemonSet pod
// only through tolerations, so the check skips it. Healthy strings: docs/operating.md sample output.
import * as assert from "assert";
import { ExpectedState } from "../expected";
import { groupObjects } from "../observed";
import { edit, healthyObjects, NODES, obj, stackState, without } from "../testing";
import { KubeObject, Node, Pod } from "../types";
import { providerDaemonSetFinding, providerFindings, providerNodesFinding, schedulableNodes } from "./provider";

const DS = "secrets-store-csi-driver-provider-aws";
const dev = () => stackState("dev");
const nodes = (e: ExpectedState, objects: KubeObject[]) => providerNodesFinding(e, groupObjects(objects));
const setNode = (objects: KubeObject[], i: number, change: (n: Node) => void) => edit(objects, "Node", NODES[i], change);
const setPod = (objects: KubeObject[], i: number, change: (p: Pod) => void) => edit(objects, "Pod", `${DS}-${i}`, change);

describe("verify provider: DaemonSet", () => {
    it("one passes, as in docs/operating.md", () => {
        const f = providerDaemonSetFinding(dev(), groupObjects(healthyObjects(dev())));
        assert.deepStrictEqual([f.status, f.expected, f.found], ["pass", `exactly one ASCP DaemonSet (${DS})`, `kube-system/${DS}`]);
    });
    it("none: the fix depends on who installs the add-ons", () => {
        const none = (e: ExpectedState) => providerDaemonSetFinding(e, groupObjects(without(healthyObjects(e), "DaemonSet", DS)));
        assert.deepStrictEqual([none(dev()).status, none(dev()).found], ["fail", "none"]);
        assert.match(none(stackState("staging")).fix!, /^run `pulumi up` for this stack/);
        assert.match(none(stackState("prod")).fix!, /secrets-store-csi-driver\.install: false/);
    });
    it("two fail, naming both", () => {
        const objs = healthyObjects(dev());
        const second = structuredClone(objs.find((o) => o.kind === "DaemonSet" && o.metadata.name === DS)!);
        second.metadata.namespace = "secrets";
        const f = providerDaemonSetFinding(dev(), groupObjects([...objs, second]));
        assert.deepStrictEqual([f.status, f.found], ["fail", `2: kube-system/${DS}, secrets/${DS}`]);
        assert.match(f.fix!, /same socket/);
    });
});

describe("verify provider: nodes", () => {
    it("a pod on every node passes, as in docs/operating.md", () => {
        const f = nodes(dev(), healthyObjects(dev()));
        assert.deepStrictEqual([f.status, f.expected, f.found], ["pass", "a running ASCP pod on every schedulable node", "2 of 2 nodes"]);
    });
    it("n/a without the DaemonSet", () => {
        const f = nodes(dev(), without(healthyObjects(dev()), "DaemonSet", DS));
        assert.deepStrictEqual([f.status, f.expected], ["n/a", "no ASCP DaemonSet (see provider.daemonset)"]);
    });
    it("cordoned and Fargate nodes need no pod", () => {
        let objs = setPod(healthyObjects(dev()), 1, (p) => void (p.status = { phase: "Pending" }));
        objs = setNode(objs, 1, (n) => void (n.spec = { unschedulable: true }));
        assert.deepStrictEqual(nodes(dev(), objs).found, "1 of 1 nodes");
        const fargate = setNode(
            setPod(healthyObjects(dev()), 1, (p) => void delete p.spec),
            1,
            (n) =>
                void (n.metadata.labels = {
                    "eks.amazonaws.com/compute-type": "fargate",
                }),
        );
        assert.strictEqual(nodes(dev(), fargate).status, "pass");
        const ec2 = setNode(healthyObjects(dev()), 1, (n) => void (n.metadata.labels = { "eks.amazonaws.com/compute-type": "ec2" }));
        assert.strictEqual(schedulableNodes(groupObjects(ec2)).length, 2);
    });
    it("only nodes that cannot run a pod: fails", () => {
        const objs = setNode(
            setNode(healthyObjects(dev()), 0, (n) => void (n.spec = { unschedulable: true })),
            1,
            (n) => void (n.spec = { unschedulable: true }),
        );
        const f = nodes(dev(), objs);
        assert.deepStrictEqual([f.status, f.found], ["fail", "no schedulable nodes"]);
        assert.match(f.fix!, /Fargate/);
    });
    it("names the node without a running pod and its taints", () => {
        let objs = setPod(healthyObjects(dev()), 1, (p) => void (p.status = { phase: "Pending" }));
        objs = setNode(
            objs,
            1,
            (n) =>
                void (n.spec = {
                    taints: [
                        { key: "dedicated", value: "gpu", effect: "NoSchedule" },
                        { key: "spot", effect: "NoExecute" },
                    ],
                }),
        );
        const f = nodes(dev(), objs);
        assert.deepStrictEqual([f.status, f.found], ["fail", `missing on 1 of 2 nodes: ${NODES[1]} (taints: dedicated=gpu:NoSchedule, spot:NoExecute)`]);
        assert.ok(f.fix!.includes("tolerations: [{operator: Exists}]"), f.fix);
        const untainted = nodes(
            dev(),
            setPod(healthyObjects(dev()), 1, (p) => void delete p.status),
        );
        assert.strictEqual(untainted.found, `missing on 1 of 2 nodes: ${NODES[1]} (taints: none)`);
        const noSpec = setNode(
            setPod(healthyObjects(dev()), 1, (p) => void delete p.status),
            1,
            (n) => void delete n.spec,
        );
        assert.strictEqual(nodes(dev(), noSpec).found, `missing on 1 of 2 nodes: ${NODES[1]} (taints: none)`);
    });
    it("pods of another DaemonSet, or of the same name in another namespace, do not count", () => {
        const other = setPod(healthyObjects(dev()), 1, (p) => void (p.metadata.ownerReferences = [{ kind: "DaemonSet", name: "other", controller: true }]));
        assert.strictEqual(nodes(dev(), other).status, "fail");
        const moved = setPod(healthyObjects(dev()), 1, (p) => void (p.metadata.namespace = "default"));
        assert.strictEqual(nodes(dev(), moved).status, "fail");
        const stray = obj("v1", "Pod", "x", "kube-system", {
            spec: { nodeName: NODES[1] },
            status: { phase: "Running" },
        });
        assert.strictEqual(nodes(dev(), [...setPod(healthyObjects(dev()), 1, (p) => void (p.status = {})), stray]).status, "fail");
    });
    it("with two ASCP DaemonSets, the pods of either count", () => {
        const objs = healthyObjects(dev());
        const second = structuredClone(objs.find((o) => o.kind === "DaemonSet" && o.metadata.name === DS)!);
        second.metadata.namespace = "secrets";
        assert.strictEqual(nodes(dev(), [second, ...objs]).status, "pass");
    });
    it("providerFindings: the DaemonSet, then the nodes", () => {
        assert.deepStrictEqual(
            providerFindings(dev(), groupObjects(healthyObjects(dev()))).map((f) => f.id),
            ["provider.daemonset", "provider.nodes"],
        );
    });
});
