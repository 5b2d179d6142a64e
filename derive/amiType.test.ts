// Architectures: EC2 instance types guide, "Amazon EC2 instance type naming conventions"
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html: attribute g = AWS
// Graviton) and "Amazon EC2 instance types" (a1 is Graviton). AMI types: EKS API reference,
// Nodegroup.amiType (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html).
import * as assert from "assert";
import { AMI_FAMILIES, instanceArchitecture, nodeGroupAmiType } from "./amiType";

describe("instanceArchitecture", () => {
    it("reads Graviton types as arm64", () => {
        for (const t of [
            "m6g.large",
            "m7g.xlarge",
            "c7gn.2xlarge",
            "r8g.medium",
            "t4g.small",
            "x2gd.xlarge",
            "im4gn.large",
            "is4gen.medium",
            "g5g.xlarge",
            "hpc7g.4xlarge",
            "c6gd.metal",
            "a1.large",
            "i8ge.large",
        ])
            assert.strictEqual(instanceArchitecture(t), "arm64", t);
    });
    it("reads Intel and AMD types as x86_64, also those whose family letter is g", () => {
        for (const t of [
            "m6i.large",
            "m5.large",
            "m6a.large",
            "c7i-flex.large",
            "r7iz.large",
            "g4dn.xlarge",
            "g4ad.xlarge",
            "g6e.xlarge",
            "gr6.4xlarge",
            "p5.48xlarge",
            "inf2.xlarge",
            "trn1n.32xlarge",
            "x2iedn.xlarge",
            "z1d.large",
            "u7i-12tb.224xlarge",
            "u-6tb1.metal",
            "u-12tb1.112xlarge",
            "t3.medium",
        ])
            assert.strictEqual(instanceArchitecture(t), "x86_64", t);
    });
    it("follows the naming convention for any generation and attribute order", () => {
        // Names of the documented form not (yet) in the catalogue: the rule, not a list, decides.
        assert.strictEqual(instanceArchitecture("c10g.large"), "arm64");
        assert.strictEqual(instanceArchitecture("r9dg.large"), "arm64");
        assert.strictEqual(instanceArchitecture("a2.large"), "x86_64");
        assert.strictEqual(instanceArchitecture("m9i-gx.large"), "x86_64");
        assert.strictEqual(instanceArchitecture("u-6tb10.metal"), "x86_64");
    });
    it("says nothing for names it cannot read, and for Mac instances", () => {
        for (const t of ["9m6g.large", "xu-6tb1.metal", "u-6tb1.metal.x", "m6g.large.x"]) assert.strictEqual(instanceArchitecture(t), undefined, t);
        for (const t of ["mac2.metal", "mac2-m2pro.metal", "large", "m6g", "M6G.LARGE", "u-6tb.metal", "m6g.large "])
            assert.strictEqual(instanceArchitecture(t), undefined, t);
    });
});

describe("nodeGroupAmiType", () => {
    it("picks the AL2023 type of the architecture", () => {
        assert.strictEqual(nodeGroupAmiType(["m6i.large", "m5.large"], "al2023"), "AL2023_x86_64_STANDARD");
        assert.strictEqual(nodeGroupAmiType(["m6g.large", "c7g.large"], "al2023"), "AL2023_ARM_64_STANDARD");
    });
    it("picks the Bottlerocket type of the architecture", () => {
        assert.strictEqual(nodeGroupAmiType(["m6i.large"], "bottlerocket"), "BOTTLEROCKET_x86_64");
        assert.strictEqual(nodeGroupAmiType(["m7g.large"], "bottlerocket"), "BOTTLEROCKET_ARM_64");
    });
    it("has no type for mixed architectures or unreadable types", () => {
        assert.strictEqual(nodeGroupAmiType(["m6i.large", "m6g.large"], "al2023"), undefined);
        assert.strictEqual(nodeGroupAmiType(["mac2.metal"], "al2023"), undefined);
        assert.strictEqual(nodeGroupAmiType([], "al2023"), undefined);
    });
    it("offers AL2023 and Bottlerocket only (no AL2 AMIs for current Kubernetes versions)", () =>
        assert.deepStrictEqual([...AMI_FAMILIES], ["al2023", "bottlerocket"]));
});
