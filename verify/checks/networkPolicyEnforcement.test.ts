// Whether the NetworkPolicies are enforced, by what runs the nodes. Expected values: on EKS Auto Mode the
// ConfigMap amazon-vpc-cni in kube-system with enable-network-policy-controller: "true" (EKS user guide,
// awsdocs/amazon-eks-user-guide latest/ug/automode/auto-net-pol.adoc, Step 1); the VPC CNI chart renders a
// ConfigMap of that name with the key "false" unless enableNetworkPolicy is set
// (aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/configmap.yaml); on a node-group cluster the
// VPC CNI's policy agent runs with --enable-network-policy=true (aws-node DaemonSet).
import * as assert from "assert";
import { groupObjects } from "../observed";
import { autoModeState, edit, healthyObjects, obj, stackState, without } from "../testing";
import { ConfigMap, Finding, KubeObject, Workload } from "../types";
import { ExpectedState } from "../expected";
import { evaluate } from ".";
import { ENFORCEMENT_ID, enforcementFinding, SWITCH_ONLY } from "./networkPolicyEnforcement";

const CM = "amazon-vpc-cni";

function check(e: ExpectedState, objects: KubeObject[]): Finding {
    return enforcementFinding(e, groupObjects(objects));
}

describe("endpoint.networkPolicyEnforced under EKS Auto Mode", () => {
    it("passes with the user guide's ConfigMap, whether or not an aws-node DaemonSet is there", () => {
        const e = autoModeState("dev");
        const f = check(e, healthyObjects(e));
        assert.strictEqual(f.status, "pass");
        assert.strictEqual(
            f.expected,
            `EKS Auto Mode's NetworkPolicy controller switched on (ConfigMap kube-system/amazon-vpc-cni: enable-network-policy-controller "true")`,
        );
        // docs/upstream-facts.md#eks-auto-network-policy: the switch is documented; that the built-in nodes then enforce is not.
        assert.match(f.found, /^on; this shows the switch, not that the nodes enforce/);
        assert.match(f.found, /not documented/);
        assert.ok(!healthyObjects(e).some((o) => o.kind === "DaemonSet" && o.metadata.name === "aws-node"), "the Auto Mode fixture has no aws-node");
    });

    it('a created cluster without the ConfigMap, with the VPC CNI\'s "false", or without the key fails, fixed by pulumi up --refresh', () => {
        const e = autoModeState("dev");
        const cases: Array<[KubeObject[], string]> = [
            [without(healthyObjects(e), "ConfigMap", CM), "no ConfigMap kube-system/amazon-vpc-cni"],
            [
                edit<ConfigMap>(
                    healthyObjects(e),
                    "ConfigMap",
                    CM,
                    (c) => (c.data = { "enable-windows-ipam": "false", "enable-network-policy-controller": "false" }),
                ),
                'enable-network-policy-controller is "false"',
            ],
            [
                edit<ConfigMap>(healthyObjects(e), "ConfigMap", CM, (c) => (c.data = { "enable-windows-ipam": "false" })),
                "ConfigMap kube-system/amazon-vpc-cni has no enable-network-policy-controller",
            ],
            [
                edit<ConfigMap>(healthyObjects(e), "ConfigMap", CM, (c) => delete c.data),
                "ConfigMap kube-system/amazon-vpc-cni has no enable-network-policy-controller",
            ],
        ];
        for (const [objects, found] of cases) {
            const f = check(e, objects);
            assert.strictEqual(f.status, "fail", found);
            assert.strictEqual(f.found, `${found}: the NetworkPolicies exist but nothing enforces them`);
            assert.strictEqual(f.fix, "run `pulumi up --refresh`: the stack sets the key on the Auto Mode cluster it creates");
        }
    });

    it("an existing cluster's fix is the platform team's kubectl: a create when absent, a patch of the key when the ConfigMap exists", () => {
        const e = autoModeState("prod");
        const absent = check(e, without(healthyObjects(e), "ConfigMap", CM));
        assert.strictEqual(absent.status, "fail");
        assert.match(
            absent.fix!,
            /^the platform team turns the controller on .*`kubectl -n kube-system create configmap amazon-vpc-cni --from-literal=enable-network-policy-controller=true`/,
        );
        const off = check(
            e,
            edit<ConfigMap>(healthyObjects(e), "ConfigMap", CM, (c) => (c.data = { "enable-network-policy-controller": "false" })),
        );
        assert.match(
            off.fix!,
            /`kubectl -n kube-system patch configmap amazon-vpc-cni --type merge -p '\{"data":\{"enable-network-policy-controller":"true"\}\}'`/,
        );
    });

    it("only kube-system's ConfigMap counts, and an aws-node with policies on does not stand in for it", () => {
        const e = autoModeState("staging");
        const elsewhere = obj("v1", "ConfigMap", CM, e.namespace, { data: { "enable-network-policy-controller": "true" } });
        const otherName = obj("v1", "ConfigMap", "amazon-vpc-cni-backup", "kube-system", { data: { "enable-network-policy-controller": "true" } });
        assert.strictEqual(check(e, [...without(healthyObjects(e), "ConfigMap", CM), otherName]).status, "fail");
        const node = stackState("staging");
        const awsNode = healthyObjects(node).find((o) => o.kind === "DaemonSet" && o.metadata.name === "aws-node")!;
        assert.strictEqual(check(e, [...without(healthyObjects(e), "ConfigMap", CM), elsewhere, awsNode]).status, "fail");
    });
});

describe("endpoint.networkPolicyEnforced on a node-group cluster", () => {
    it("reads aws-node's flag, and no ConfigMap stands in for it", () => {
        const e = stackState("dev");
        assert.deepStrictEqual([check(e, healthyObjects(e)).status, check(e, healthyObjects(e)).found], ["pass", "enabled"]);
        const off = edit<Workload>(
            healthyObjects(e),
            "DaemonSet",
            "aws-node",
            (d) => (d.spec!.template!.spec!.containers[0].args = ["--enable-network-policy=false"]),
        );
        const switchOn = obj("v1", "ConfigMap", CM, "kube-system", { data: { "enable-network-policy-controller": "true" } });
        assert.strictEqual(check(e, [...off, switchOn]).status, "fail");
    });
});

describe("evaluate: one enforcement finding, by compute", () => {
    it("each stack, node-group and Auto Mode, reports the id once, from the source its compute uses", () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            for (const e of [stackState(stack), autoModeState(stack)]) {
                const found = evaluate(e, groupObjects(healthyObjects(e))).filter((f) => f.id === ENFORCEMENT_ID);
                assert.deepStrictEqual(
                    found.map((f) => [f.status, f.found]),
                    [["pass", e.compute === "auto-mode" ? SWITCH_ONLY : "enabled"]],
                    `${stack} ${e.compute}`,
                );
                const broken = evaluate(e, groupObjects(without(without(healthyObjects(e), "ConfigMap", CM), "DaemonSet", "aws-node")));
                assert.deepStrictEqual(
                    broken.filter((f) => f.id === ENFORCEMENT_ID).map((f) => f.status),
                    [e.compute === "auto-mode" ? "fail" : "n/a"],
                    `${stack} ${e.compute}`,
                );
            }
        }
    });
});
