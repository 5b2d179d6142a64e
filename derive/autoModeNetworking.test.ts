// Expected values from the EKS user guide, "Use Network Policies with EKS Auto Mode"
// (awsdocs/amazon-eks-user-guide latest/ug/automode/auto-net-pol.adoc, Step 1: the ConfigMap
// amazon-vpc-cni in kube-system with enable-network-policy-controller: "true"), and the VPC CNI chart
// (aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/configmap.yaml: the same ConfigMap with other keys).
import * as assert from "assert";
import { networkPolicySwitch, switchCommand, switchIsOn } from "./autoModeNetworking";
import { testConfig } from "./testing";

const AUTO = testConfig({ cluster: { compute: "auto-mode" } });
const NODE_GROUP = testConfig({ cluster: { compute: "node-group" } });

describe("networkPolicySwitch", () => {
    it("a created Auto Mode cluster gets the user guide's ConfigMap", () => {
        assert.deepStrictEqual(networkPolicySwitch(AUTO, true), {
            metadata: { name: "amazon-vpc-cni", namespace: "kube-system" },
            data: { "enable-network-policy-controller": "true" },
        });
    });
    it("an existing Auto Mode cluster gets none: kube-system is the platform team's", () => {
        assert.strictEqual(networkPolicySwitch(AUTO, false), undefined);
    });
    it("a node-group cluster gets none, created or not: the vpc-cni add-on carries the switch", () => {
        assert.strictEqual(networkPolicySwitch(NODE_GROUP, true), undefined);
        assert.strictEqual(networkPolicySwitch(NODE_GROUP, false), undefined);
    });
});

describe("switchIsOn", () => {
    it('is on only with the key set to "true"', () => {
        assert.strictEqual(switchIsOn({ "enable-network-policy-controller": "true" }), true);
        // The VPC CNI chart renders the key "false" unless enableNetworkPolicy is set.
        assert.strictEqual(switchIsOn({ "enable-windows-ipam": "false", "enable-network-policy-controller": "false" }), false);
        assert.strictEqual(switchIsOn({ "enable-windows-ipam": "false" }), false);
        assert.strictEqual(switchIsOn(undefined), false);
    });
});

describe("switchCommand", () => {
    it("creates the ConfigMap when it is absent, and patches only the key when it exists", () => {
        assert.strictEqual(switchCommand(false), "kubectl -n kube-system create configmap amazon-vpc-cni --from-literal=enable-network-policy-controller=true");
        assert.strictEqual(
            switchCommand(true),
            `kubectl -n kube-system patch configmap amazon-vpc-cni --type merge -p '{"data":{"enable-network-policy-controller":"true"}}'`,
        );
    });
});
