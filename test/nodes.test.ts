// The node group gets the AMI type of its instance types' architecture; without one EKS takes an
// x86_64 type and rejects Graviton instances ("not a valid instance type for requested amiType").
// AMI types: EKS API reference, Nodegroup.amiType (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html).
import * as assert from "assert";
import { CREATED_CLUSTER, baseConfig, find, plan, T } from "./testing";

describe("the node group's AMI type", () => {
    it("is AL2023 arm64 for Graviton types", async () => {
        const p = await plan(baseConfig({ cluster: { instanceTypes: ["m6g.large", "c7g.large"] } }));
        assert.strictEqual(find(p, T.nodeGroup).inputs.amiType, "AL2023_ARM_64_STANDARD");
        assert.deepStrictEqual(find(p, T.nodeGroup).inputs.instanceTypes, ["m6g.large", "c7g.large"]);
    });
    it("is AL2023 x86_64 by default", async () => {
        const p = await plan(baseConfig({ cluster: CREATED_CLUSTER }));
        assert.strictEqual(find(p, T.nodeGroup).inputs.amiType, "AL2023_x86_64_STANDARD");
    });
    it("is Bottlerocket arm64 with amiFamily bottlerocket and Graviton types", async () => {
        const p = await plan(baseConfig({ cluster: { instanceTypes: ["t4g.large"], amiFamily: "bottlerocket" } }));
        assert.strictEqual(find(p, T.nodeGroup).inputs.amiType, "BOTTLEROCKET_ARM_64");
    });
});
