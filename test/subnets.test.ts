// Subnets given by ID, as EC2 describes them (DescribeSubnets: each Subnet's `VpcId`,
// `AvailabilityZone` and `AvailabilityZoneId`; EC2 API reference, Subnet), checked before any
// resource is registered:
// - the private subnets of a created cluster: EKS needs subnets in at least two zones it supports,
//   all in the VPC (EKS user guide, network-reqs: https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html;
//   zones EKS refuses: use1-az3, usw1-az2, cac1-az3);
// - the load balancer's subnets: one per zone, two zones for an ALB
//   (kubernetes-sigs/aws-load-balancer-controller v3.5.0 pkg/networking/subnet_resolver.go,
//   validateSubnetsAZExclusivity and computeSubnetsMinimalCount).
// Offline no zone or VPC is known: the plan goes on and names what `pulumi preview` checks.
import program = require("../index");
import * as assert from "assert";
import { checkAgainstCloud, UNKNOWN_OFFLINE } from "../config/rules/cloud";
import { ConfigError } from "../config/problems";
import { settingsOf } from "../config/testing";
import { givenSubnetProblems, loadBalancerSubnetProblems, SubnetFacts } from "../derive/network";
import { FakeCloudOptions } from "../offline/fakeCloud";
import { renderYaml } from "../offline/render";
import { Plan, runProgram } from "../offline/run";
import { baseConfig, EXISTING_CLUSTER, rawConfig, TestConfig } from "./testing";

const VPC = "vpc-0123456789abcdef0";
const [A, B] = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const GET_SUBNET = "aws:ec2/getSubnet:getSubnet";

/** Subnet IDs ending in every hex digit, in an order that spreads them across the list. */
const EVERY_LAST_DIGIT = [..."0123456789abcdef"].map((d, i) => `subnet-0${((i * 7) % 16).toString(16)}1b2c3d4e5f6000${d}`);

/** A subnet as DescribeSubnets describes it: its VPC, zone name and zone ID. */
const subnet = (vpcId: string, availabilityZone: string, availabilityZoneId: string): SubnetFacts => ({ vpcId, availabilityZone, availabilityZoneId });

function endpoint(type: "internal-alb" | "internal-nlb", loadBalancerSubnetIds: string[]) {
    return {
        endpoint: { type, certificateArn: CERT, hostname: "gw.internal.example.com", inboundCidrs: ["10.20.0.0/16"], loadBalancerSubnetIds },
        addons: { loadBalancerController: "install" },
    };
}

/** The run's error, checking that nothing was registered before it; "" when the run passes. */
async function rejection(cfg: TestConfig, cloud: FakeCloudOptions): Promise<string> {
    const seen: string[] = [];
    const err = await runProgram(program, rawConfig(cfg), (type) => seen.push(type), cloud).then(
        () => "",
        (e: Error) => e.message,
    );
    if (err !== "")
        assert.deepStrictEqual(
            seen.filter((t) => t !== "pulumi:pulumi:Stack"),
            [],
            "nothing is registered before the check fails",
        );
    return err;
}

const givenPrivate = (region = "eu-west-1") => baseConfig({ "aws:region": region, cluster: { vpcId: VPC, privateSubnetIds: [A, B] } });

describe("given private subnets, as a test declares EC2's answers (what preview gets)", function () {
    this.timeout(30000);
    const declared = (a: [string, number], b: [string, number]) => ({
        subnets: { [A]: { vpcId: a[0], zoneIndex: a[1] }, [B]: { vpcId: b[0], zoneIndex: b[1] } },
    });
    it("rejects subnets all in one zone", async () => {
        const msg = await rejection(givenPrivate(), declared([VPC, 1], [VPC, 1]));
        assert.match(
            msg,
            /portkey-gateway:cluster\.privateSubnetIds: the subnets are all in one Availability Zone, and EKS needs subnets in at least 2\. Fix: add a private subnet of the VPC in another zone\./,
        );
    });
    it("rejects a subnet of another VPC, naming the item", async () => {
        const msg = await rejection(givenPrivate(), declared([VPC, 1], ["vpc-0aaaaaaaaaaaaaaaa", 2]));
        assert.match(
            msg,
            /portkey-gateway:cluster\.privateSubnetIds: item 1 is a subnet of another VPC than cluster\.vpcId\. Fix: list subnets of cluster\.vpcId only\./,
        );
    });
    it("rejects a subnet in a zone EKS refuses (us-east-1's use1-az3)", async () => {
        const msg = await rejection(givenPrivate("us-east-1"), declared([VPC, 0], [VPC, 1]));
        assert.match(msg, /item 0 is in zone use1-az3, where EKS does not place clusters/);
    });
});

describe("given subnets offline, whatever their IDs", function () {
    this.timeout(60000);
    // Private subnets and the load balancer's, their IDs ending in each of the 16 hex digits, in
    // us-east-1 (where one zone ID is refused): before, the fake cloud gave one ID in four use1-az3.
    let p: Plan;
    before(async () => {
        const cfg = baseConfig({
            "aws:region": "us-east-1",
            cluster: { vpcId: VPC, privateSubnetIds: EVERY_LAST_DIGIT },
            ...endpoint("internal-alb", EVERY_LAST_DIGIT),
        });
        p = await runProgram(program, rawConfig(cfg));
    });
    it("plans, after asking EC2 about each subnet", () => {
        assert.ok(p.resources.some((r) => r.type === "eks:index:Cluster"));
        assert.ok(p.calls.filter((c) => c === GET_SUBNET).length >= 2 * EVERY_LAST_DIGIT.length);
    });
    it("names, one line each, the checks pulumi preview makes", () => {
        const text = renderYaml(p);
        assert.match(text, /^notCheckedOffline:$/m);
        assert.match(text, /^ {2}- "cluster\.privateSubnetIds: each subnet's VPC and zone: .*\(EC2 DescribeSubnets\)"$/m);
        assert.match(text, /^ {2}- "endpoint\.loadBalancerSubnetIds: each subnet's zone: one subnet per zone, two zones or more \(EC2 DescribeSubnets\)"$/m);
    });
    it("covers every last hex digit", () => assert.deepStrictEqual(new Set(EVERY_LAST_DIGIT.map((id) => id.slice(-1))).size, 16));
});

describe("the load balancer's subnets, as a test declares EC2's answers", function () {
    this.timeout(30000);
    it("rejects two subnets in one zone, before any resource", async () => {
        const cfg = baseConfig({ "aws:region": "us-east-1", cluster: EXISTING_CLUSTER, ...endpoint("internal-nlb", [A, B]) });
        const msg = await rejection(cfg, { subnets: { [A]: { vpcId: VPC, zoneIndex: 2 }, [B]: { vpcId: VPC, zoneIndex: 2 } } });
        assert.match(
            msg,
            /portkey-gateway:endpoint\.loadBalancerSubnetIds: items 0, 1 are all in zone us-east-1c; the load balancer controller refuses more than one subnet per zone\. Fix: list one subnet per zone\./,
        );
    });
});

describe("givenSubnetProblems", () => {
    it("reports each problem once, in list order", () => {
        const facts = [subnet(VPC, "us-west-1a", "usw1-az2"), subnet("vpc-other", "us-west-1a", "usw1-az2")];
        assert.deepStrictEqual(
            givenSubnetProblems(VPC, facts).map(([k, what]) => `${k}: ${what}`),
            [
                "cluster.privateSubnetIds: item 0 is in zone usw1-az2, where EKS does not place clusters",
                "cluster.privateSubnetIds: item 1 is a subnet of another VPC than cluster.vpcId",
                "cluster.privateSubnetIds: item 1 is in zone usw1-az2, where EKS does not place clusters",
                "cluster.privateSubnetIds: the subnets are all in one Availability Zone, and EKS needs subnets in at least 2",
            ],
        );
        assert.deepStrictEqual(givenSubnetProblems(VPC, [subnet(VPC, "eu-west-1a", "euw1-az1"), subnet(VPC, "eu-west-1b", "euw1-az2")]), []);
    });
});

describe("loadBalancerSubnetProblems (controller v3.5.0 subnet_resolver.go)", () => {
    const [a, b, c] = [subnet(VPC, "eu-west-1a", "euw1-az3"), subnet(VPC, "eu-west-1b", "euw1-az1"), subnet(VPC, "eu-west-1c", "euw1-az2")];
    const whats = (type: "internal-alb" | "internal-nlb", list: SubnetFacts[]) => loadBalancerSubnetProblems(type, list).map(([k, what]) => `${k}: ${what}`);
    it("refuses more than one subnet in a zone (validateSubnetsAZExclusivity), naming the items", () => {
        assert.deepStrictEqual(whats("internal-nlb", [a, b, { ...b }, c, { ...a }]), [
            "endpoint.loadBalancerSubnetIds: items 0, 4 are all in zone eu-west-1a; the load balancer controller refuses more than one subnet per zone",
            "endpoint.loadBalancerSubnetIds: items 1, 2 are all in zone eu-west-1b; the load balancer controller refuses more than one subnet per zone",
        ]);
    });
    it("an ALB needs two zones, an NLB one (computeSubnetsMinimalCount)", () => {
        assert.deepStrictEqual(whats("internal-alb", [a]), [
            "endpoint.loadBalancerSubnetIds: the subnets are in one Availability Zone, and an ALB needs subnets in at least 2",
        ]);
        assert.deepStrictEqual(whats("internal-nlb", [a]), []);
        assert.deepStrictEqual(whats("internal-nlb", []), [
            "endpoint.loadBalancerSubnetIds: the subnets are in 0 Availability Zones, and an NLB needs subnets in at least 1",
        ]);
        assert.deepStrictEqual(whats("internal-alb", [a, b]), []);
        assert.deepStrictEqual(whats("internal-alb", [a, b, c]), []);
    });
    it("every problem has a fix", () => {
        for (const [, , fix] of loadBalancerSubnetProblems("internal-alb", [a, { ...a }])) assert.ok(fix.length > 0);
    });
});

describe("the subnet rules with AWS's answers, and offline", () => {
    const given = settingsOf({
        secretValues: { OPENAI_API_KEY: "sk" },
        cluster: { create: true, vpcId: VPC, privateSubnetIds: [A, B] },
        ...endpoint("internal-alb", [A, B]),
    });
    const problems = (answers: Parameters<typeof checkAgainstCloud>[1]) => {
        try {
            return checkAgainstCloud(given, answers);
        } catch (e) {
            assert.ok(e instanceof ConfigError, String(e));
            return e.problems;
        }
    };
    it("refuses with real answers: the private subnets in one zone, the ALB's in one zone", () => {
        const oneZone = [subnet(VPC, "us-east-1b", "use1-az1"), subnet(VPC, "us-east-1b", "use1-az1")];
        const found = problems({ subnets: oneZone, loadBalancerSubnets: oneZone });
        assert.deepStrictEqual(
            found.map((l) => l.split(":")[1]),
            ["cluster.privateSubnetIds", "endpoint.loadBalancerSubnetIds", "endpoint.loadBalancerSubnetIds"],
        );
    });
    it("refuses a private subnet in use1-az3 with real answers, whatever its ID", () => {
        const found = problems({ subnets: [subnet(VPC, "us-east-1a", "use1-az3"), subnet(VPC, "us-east-1b", "use1-az1")] });
        assert.deepStrictEqual(found, [
            "portkey-gateway:cluster.privateSubnetIds: item 0 is in zone use1-az3, where EKS does not place clusters. Fix: use subnets in other zones of the region.",
        ]);
    });
    it("passes good answers, and reports unknown ones as not checked", () => {
        const good = [subnet(VPC, "us-east-1b", "use1-az1"), subnet(VPC, "us-east-1c", "use1-az2")];
        assert.deepStrictEqual(problems({ subnets: good, loadBalancerSubnets: good }), []);
        assert.deepStrictEqual(
            problems({ subnets: UNKNOWN_OFFLINE, loadBalancerSubnets: UNKNOWN_OFFLINE }).map((l) => l.split(":")[0]),
            ["cluster.privateSubnetIds", "endpoint.loadBalancerSubnetIds"],
        );
    });
});
