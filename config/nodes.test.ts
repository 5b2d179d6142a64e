// The node group's instance types and AMI family, checked before EKS sees them. A node group runs
// one AMI type (EKS API reference, CreateNodegroup amiType:
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html), and an AMI type
// has one architecture; Graviton types are arm64 (EC2 instance type naming conventions).
import * as assert from "assert";
import { onMinimal, parsed, problemsOf } from "./testing";

const types = (instanceTypes: string[], extra: Record<string, unknown> = {}) => problemsOf(onMinimal({ cluster: { instanceTypes, ...extra } }));

describe("node group instance types", () => {
    it("rejects x86_64 and Graviton types in one node group", () => {
        assert.deepStrictEqual(types(["m6i.large", "m6g.large"]), [
            "portkey-gateway:cluster.instanceTypes: mixes x86_64 and Graviton (arm64) types, but one node group runs one AMI type and EKS rejects the others. Fix: list types of one architecture only (for example all Graviton, such as m7g.large and c7g.large).",
        ]);
    });
    it("rejects a type whose architecture a node group cannot tell, naming the item", () => {
        assert.deepStrictEqual(types(["m6i.large", "mac2.metal"]), [
            'portkey-gateway:cluster.instanceTypes: item 1 is not a type whose processor architecture EKS node groups take (x86_64, or arm64 for Graviton). Fix: use a current type such as "m6i.large" (x86_64) or "m7g.large" (Graviton).',
        ]);
    });
    it("accepts Graviton-only and x86-only lists, with either AMI family", () => {
        assert.deepStrictEqual(types(["m6g.large", "c7g.large"]), []);
        assert.deepStrictEqual(types(["m6i.large", "m6a.large"], { amiFamily: "bottlerocket" }), []);
        assert.strictEqual(parsed(onMinimal({ cluster: { instanceTypes: ["m7g.large"] } })).cluster.amiFamily, "al2023");
    });
    it("rejects an AMI family other than al2023 and bottlerocket (AL2 has no AMIs for current versions)", () => {
        assert.deepStrictEqual(types(["m6i.large"], { amiFamily: "al2" }), [
            "portkey-gateway:cluster.amiFamily: is not one of the accepted values. Fix: use one of al2023, bottlerocket.",
        ]);
    });
});
