// The private subnets given for a created cluster, as EC2 describes them, checked before any
// resource is registered: EKS needs subnets in at least two zones it supports, all in the VPC
// (EKS user guide, network-reqs: https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html;
// zones EKS refuses: use1-az3, usw1-az2, cac1-az3).
import program = require("../index");
import * as assert from "assert";
import { givenSubnetProblems } from "../derive/network";
import { FakeCloudOptions } from "../offline/fakeCloud";
import { runProgram } from "../offline/run";
import { baseConfig, rawConfig } from "./testing";

const VPC = "vpc-0123456789abcdef0";
const [A, B] = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];

async function rejection(cloud: FakeCloudOptions, region = "eu-west-1"): Promise<string> {
    const seen: string[] = [];
    const cfg = baseConfig({ "aws:region": region, cluster: { vpcId: VPC, privateSubnetIds: [A, B] } });
    const err = await runProgram(program, rawConfig(cfg), (type) => seen.push(type), { vpcId: VPC, ...cloud }).then(
        () => undefined,
        (e: Error) => e.message,
    );
    if (err !== undefined)
        assert.deepStrictEqual(
            seen.filter((t) => t !== "pulumi:pulumi:Stack"),
            [],
            "nothing is registered before the check fails",
        );
    else assert.ok(seen.includes("eks:index:Cluster"));
    return err ?? "";
}

describe("given subnets, as EC2 describes them", function () {
    this.timeout(30000);
    it("rejects subnets all in one zone", async () => {
        const msg = await rejection({ subnets: { [A]: { zoneIndex: 1 }, [B]: { zoneIndex: 1 } } });
        assert.match(
            msg,
            /portkey-gateway:cluster\.privateSubnetIds: the subnets are all in one Availability Zone, and EKS needs subnets in at least 2\. Fix: add a private subnet of the VPC in another zone\./,
        );
    });
    it("rejects a subnet of another VPC, naming the item", async () => {
        const msg = await rejection({ subnets: { [B]: { vpcId: "vpc-0aaaaaaaaaaaaaaaa" } } });
        assert.match(
            msg,
            /portkey-gateway:cluster\.privateSubnetIds: item 1 is a subnet of another VPC than cluster\.vpcId\. Fix: list subnets of cluster\.vpcId only\./,
        );
    });
    it("rejects a subnet in a zone EKS refuses (us-east-1's use1-az3)", async () => {
        const msg = await rejection({ subnets: { [A]: { zoneIndex: 0 } } }, "us-east-1");
        assert.match(msg, /item 0 is in zone use1-az3, where EKS does not place clusters/);
    });
    it("accepts subnets of the VPC in two supported zones", async () => {
        assert.strictEqual(await rejection({ subnets: { [A]: { zoneIndex: 1 }, [B]: { zoneIndex: 2 } } }), "");
    });
});

describe("givenSubnetProblems", () => {
    it("reports each problem once, in list order", () => {
        const facts = [
            { vpcId: VPC, availabilityZoneId: "usw1-az2" },
            { vpcId: "vpc-other", availabilityZoneId: "usw1-az2" },
        ];
        assert.deepStrictEqual(
            givenSubnetProblems(VPC, facts).map(([k, what]) => `${k}: ${what}`),
            [
                "cluster.privateSubnetIds: item 0 is in zone usw1-az2, where EKS does not place clusters",
                "cluster.privateSubnetIds: item 1 is a subnet of another VPC than cluster.vpcId",
                "cluster.privateSubnetIds: item 1 is in zone usw1-az2, where EKS does not place clusters",
                "cluster.privateSubnetIds: the subnets are all in one Availability Zone, and EKS needs subnets in at least 2",
            ],
        );
        assert.deepStrictEqual(
            givenSubnetProblems(VPC, [
                { vpcId: VPC, availabilityZoneId: "euw1-az1" },
                { vpcId: VPC, availabilityZoneId: "euw1-az2" },
            ]),
            [],
        );
    });
});
