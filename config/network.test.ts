// The network of a created cluster as EC2 and EKS take it. EC2 resource IDs: a type prefix, '-',
// and 8 or 17 hexadecimal digits (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html);
// EKS needs subnets in at least two Availability Zones (EKS user guide, network-reqs:
// https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).
import * as assert from "assert";
import { isEc2Id } from "./grammar";
import { assertNotEchoed, onMinimal, problemsOf } from "./testing";

const VPC = "vpc-0123456789abcdef0";
const [A, B, C] = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d", "subnet-0a1b2c3d4e5f60003"];
const net = (cluster: Record<string, unknown>) => problemsOf(onMinimal({ cluster }));

describe("isEc2Id", () => {
    it("accepts the 8- and 17-digit forms", () => {
        for (const id of ["vpc-1a2b3c4d", "vpc-0123456789abcdef0"]) assert.ok(isEc2Id("vpc", id), id);
        for (const id of ["subnet-1a2b3c4d", "subnet-0123456789abcdef0"]) assert.ok(isEc2Id("subnet", id), id);
    });
    it("rejects Name tags, other prefixes, other lengths and upper case", () => {
        for (const id of [
            "main",
            "prod-vpc",
            "vpc-1",
            "vpc-1a2b3c4",
            "vpc-0123456789abcdef",
            "vpc-1A2B3C4D",
            "vpc-1a2b3c4g",
            "subnet-1a2b3c4d",
            " vpc-1a2b3c4d",
        ])
            assert.ok(!isEc2Id("vpc", id), id);
        assert.ok(!isEc2Id("subnet", "vpc-1a2b3c4d"));
        assert.ok(!isEc2Id("subnet", "subnet-1a2b3c4d-x"));
    });
});

describe("a given VPC and its subnets", () => {
    it("rejects a VPC given by its Name tag, without quoting it", () => {
        const list = net({ vpcId: "portkey-prod-network", privateSubnetIds: [A, C] });
        assert.deepStrictEqual(list, [
            "portkey-gateway:cluster.vpcId: is not a VPC ID. Fix: give the VPC's ID, vpc- and 8 or 17 hexadecimal digits (a Name tag is not an ID: `aws ec2 describe-vpcs --filters Name=tag:Name,Values=<name>` prints it).",
        ]);
        assertNotEchoed(list, "portkey-prod-network");
    });
    it("rejects subnets given by Name tags, naming the item", () => {
        const list = net({ vpcId: VPC, privateSubnetIds: [A, "private-b"], publicSubnetIds: ["public-a"] });
        const fix =
            "Fix: give subnet IDs, subnet- and 8 or 17 hexadecimal digits (a Name tag is not an ID: `aws ec2 describe-subnets --filters Name=vpc-id,Values=<vpc-id>` lists them).";
        assert.deepStrictEqual(list, [
            `portkey-gateway:cluster.publicSubnetIds: item 0 is not a subnet ID. ${fix}`,
            `portkey-gateway:cluster.privateSubnetIds: item 1 is not a subnet ID. ${fix}`,
        ]);
        assertNotEchoed(list, "private-b");
    });
    it("rejects a subnet listed twice", () => {
        assert.deepStrictEqual(net({ vpcId: VPC, privateSubnetIds: [A, A] }), [
            "portkey-gateway:cluster.privateSubnetIds: lists a subnet more than once. Fix: list each subnet once.",
        ]);
    });
    it("rejects a single private subnet: EKS needs two zones", () => {
        assert.deepStrictEqual(net({ vpcId: VPC, privateSubnetIds: [A] }), [
            "portkey-gateway:cluster.privateSubnetIds: lists one subnet, but EKS needs subnets in at least two Availability Zones for a cluster. Fix: list private subnets of the VPC in at least two zones EKS supports.",
        ]);
    });
    it("accepts IDs of both lengths in two or more subnets", () => {
        assert.deepStrictEqual(net({ vpcId: "vpc-1a2b3c4d", privateSubnetIds: [A, B], publicSubnetIds: [C] }), []);
        assert.deepStrictEqual(net({ vpcId: VPC, privateSubnetIds: [A, B, C] }), []);
    });
});
