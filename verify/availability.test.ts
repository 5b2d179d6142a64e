// The availability checks against a healthy install and installs broken one way each. Zone facts:
// nodes carry topology.kubernetes.io/zone (Kubernetes well-known labels); expected counts come
// from the shipped stacks (Pulumi.prod.yaml: an HPA from 3 gateway replicas, dataservice on; dev: 1 replica).
import * as assert from "assert";
import { shippedSizing } from "../test/capacityFormula";
import { evaluate } from "./checks";
import { ExpectedState } from "./expected";
import { groupObjects } from "./observed";
import { autoModeState, edit, healthyObjects, NODES, stackState } from "./testing";
import { Finding, KubeObject, Node, Workload } from "./types";

const GW = "portkey-gateway";
const DS = "portkey-gateway-dataservice";

function finding(e: ExpectedState, objects: KubeObject[], id: string): Finding {
    const f = evaluate(e, groupObjects(objects)).find((x) => x.id === id);
    assert.ok(f, `no finding ${id}`);
    return f;
}

function failing(e: ExpectedState, objects: KubeObject[], id: string, found: string): void {
    const f = finding(e, objects, id);
    assert.strictEqual(f.status, "fail", `${id} should fail`);
    assert.strictEqual(f.found, found);
    assert.ok(f.fix && f.fix.length > 0);
}

describe("verify: expected availability", () => {
    it("prod expects no fixed gateway count (its HPA owns it, from 3), a budget of 2, two zones and the requests its peak sizes", () => {
        const [gw, ds] = stackState("prod").deployments;
        // The CPU request by the docs' sizing formula, capped at one core ("1" as the API server stores it); memory keeps its default (docs/availability.md).
        const want = shippedSizing("prod");
        assert.strictEqual(want.cpuMillicores, 1000);
        assert.deepStrictEqual([gw.replicas, gw.minReady, gw.minZones, gw.requests], [undefined, 2, 2, { cpu: "1", memory: "512Mi" }]);
        assert.deepStrictEqual([ds.replicas, ds.minReady, ds.minZones], [2, 1, 2]);
    });
    it("dev expects one replica and no spread", () => {
        const [gw] = stackState("dev").deployments;
        assert.deepStrictEqual([gw.replicas, gw.minReady, gw.minZones], [1, 1, 1]);
    });
});

describe("verify checks: availability", () => {
    it("a healthy prod install passes each availability check", () => {
        const e = stackState("prod");
        for (const id of [`availability.ready/${GW}`, `availability.zones/${GW}`, `availability.requests/${GW}`, `availability.zones/${DS}`]) {
            assert.strictEqual(finding(e, healthyObjects(e), id).status, "pass", id);
        }
    });
    it("fails when fewer pods are ready than the budget", () => {
        const e = stackState("prod");
        const objs = edit<Workload>(healthyObjects(e), "Deployment", GW, (d) => void (d.status!.readyReplicas = 1));
        failing(e, objs, `availability.ready/${GW}`, "1 ready of 3");
    });
    it("fails when every pod runs in one zone", () => {
        const e = stackState("prod");
        const objs = edit<Node>(healthyObjects(e), "Node", NODES[1], (n) => void (n.metadata.labels!["topology.kubernetes.io/zone"] = "us-east-1a"));
        failing(e, objs, `availability.zones/${GW}`, "zones: us-east-1a");
    });
    // EKS user guide create-node-class: a NodeClass's subnetSelectorTerms choose where its nodes are placed.
    it("under EKS Auto Mode the one-zone fix names the NodeClass's subnets, not a node group", () => {
        const e = autoModeState("prod");
        const objs = edit<Node>(healthyObjects(e), "Node", NODES[1], (n) => void (n.metadata.labels!["topology.kubernetes.io/zone"] = "us-east-1a"));
        failing(e, objs, `availability.zones/${GW}`, "zones: us-east-1a");
        const fix = finding(e, objs, `availability.zones/${GW}`).fix!;
        assert.match(fix, /NodeClass's subnets, which must cover several zones \(`kubectl get nodeclass -o yaml`, spec\.subnetSelectorTerms\)/);
        assert.doesNotMatch(fix, /node group/);
        assert.match(
            finding(
                stackState("prod"),
                edit<Node>(
                    healthyObjects(stackState("prod")),
                    "Node",
                    NODES[1],
                    (n) => void (n.metadata.labels!["topology.kubernetes.io/zone"] = "us-east-1a"),
                ),
                `availability.zones/${GW}`,
            ).fix!,
            /give the node group nodes in several zones/,
        );
    });
    it("does not count nodes without a zone label", () => {
        const e = stackState("prod");
        const objs = edit<Node>(healthyObjects(e), "Node", NODES[1], (n) => void delete n.metadata.labels);
        failing(e, objs, `availability.zones/${GW}`, "zones: us-east-1a");
    });
    it("is n/a for one replica", () => {
        const e = stackState("dev");
        assert.strictEqual(finding(e, healthyObjects(e), `availability.zones/${GW}`).status, "n/a");
    });
    it("fails when the container has no requests", () => {
        const e = stackState("prod");
        const objs = edit<Workload>(healthyObjects(e), "Deployment", GW, (d) => void delete d.spec!.template!.spec!.containers[0].resources);
        failing(e, objs, `availability.requests/${GW}`, "requests cpu none, memory none");
    });
    it("compares amounts, not spellings: the API server stores 1000m as 1 and 1024Mi as 1Gi (docs/operating.md, Drift)", () => {
        const e = stackState("prod");
        assert.deepStrictEqual(e.deployments.find((d) => d.name === GW)!.requests, { cpu: "1", memory: "512Mi" });
        const spelled = (cpu: string, memory: string) =>
            edit<Workload>(healthyObjects(e), "Deployment", GW, (d) => void (d.spec!.template!.spec!.containers[0].resources = { requests: { cpu, memory } }));
        assert.strictEqual(finding(e, spelled("1000m", "0.5Gi"), `availability.requests/${GW}`).status, "pass");
        failing(e, spelled("999m", "512Mi"), `availability.requests/${GW}`, "requests cpu 999m, memory 512Mi");
        failing(e, spelled("1", "513Mi"), `availability.requests/${GW}`, "requests cpu 1, memory 513Mi");
    });
});
