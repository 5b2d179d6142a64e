import * as assert from "assert";
import { eksZoneNames, vpcArgs } from "./network";

describe("eksZoneNames", () => {
    // EKS user guide, network-reqs: use1-az3, usw1-az2 and cac1-az3 cannot host a control plane;
    // a cluster needs subnets in at least two zones.
    const zones = { names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"], zoneIds: ["use1-az3", "use1-az1", "use1-az2", "use1-az4"] };
    it("skips zones by ID, not by name, and keeps the provider's order", () => {
        assert.deepStrictEqual(eksZoneNames(zones, 2), ["us-east-1b", "us-east-1c"]);
        assert.deepStrictEqual(eksZoneNames(zones, 6), ["us-east-1b", "us-east-1c", "us-east-1d"]);
    });
    it("skips every unsupported zone ID the guide lists", () => {
        const z = { names: ["a", "b", "c", "d", "e"], zoneIds: ["usw1-az2", "cac1-az3", "use1-az3", "x-az1", "x-az2"] };
        assert.deepStrictEqual(eksZoneNames(z, 3), ["d", "e"]);
    });
    it("refuses a region with fewer than two usable zones", () => {
        assert.throws(
            () => eksZoneNames({ names: ["a", "b"], zoneIds: ["use1-az3", "use1-az1"] }, 2),
            /1 available zone\(s\) that EKS supports; an EKS cluster needs at least 2/,
        );
    });
});

describe("vpcArgs", () => {
    it("tags subnets for the AWS Load Balancer Controller and sizes them from the block", () => {
        const a = vpcArgs("10.1.0.0/16", ["a", "b"], "single", { Name: "n" });
        // EKS user guide, network-reqs: kubernetes.io/role/elb (public), kubernetes.io/role/internal-elb (internal
        // load balancers): only the small subnets of their own carry it (docs/endpoint.md), none of the node subnets.
        assert.deepStrictEqual(a.subnetSpecs, [
            { type: "Private", cidrMask: 19 },
            { type: "Public", cidrMask: 22, tags: { "kubernetes.io/role/elb": "1" } },
            { type: "Isolated", name: "loadbalancer", cidrMask: 24, tags: { "kubernetes.io/role/internal-elb": "1" } },
        ]);
        assert.deepStrictEqual(a.natGateways, { strategy: "Single" });
        assert.deepStrictEqual(a.availabilityZoneNames, ["a", "b"]);
        assert.strictEqual(a.cidrBlock, "10.1.0.0/16");
        assert.strictEqual(a.enableDnsHostnames, true);
        assert.strictEqual(a.subnetStrategy, "Auto");
        assert.deepStrictEqual(a.tags, { Name: "n" });
    });
    it("puts a NAT gateway in each zone when asked (awsx NatGatewayStrategy OnePerAz)", () => {
        assert.deepStrictEqual(vpcArgs("10.0.0.0/20", ["a"], "one-per-zone", {}).natGateways, { strategy: "OnePerAz" });
        assert.deepStrictEqual(
            vpcArgs("10.0.0.0/20", ["a"], "one-per-zone", {}).subnetSpecs.map((s) => s.cidrMask),
            // The smallest VPC's load-balancer subnets are /28: 11 usable addresses, above the controller's minimum of 8 (kubernetes-sigs/aws-load-balancer-controller@v3.5.0 docs/deploy/subnet_discovery.md).
            [23, 26, 28],
        );
    });
});

describe("vpcArgs: the load-balancer subnets fit", () => {
    // pulumi/pulumi-awsx awsx/ec2/subnetDistributorNew.ts (getSubnetSpecs): each zone gets a block of
    // prefix + ceil(log2(zones)) bits, its subnets laid out in spec order; the total must fit the block.
    for (const [cidr, zones] of [
        ["10.0.0.0/16", 2],
        ["10.0.0.0/16", 3],
        ["10.0.0.0/16", 4],
        ["10.0.0.0/20", 4],
    ] as const) {
        it(`${cidr} over ${zones} zones`, () => {
            const a = vpcArgs(
                cidr,
                Array.from({ length: zones }, (_, i) => `z${i}`),
                "single",
                {},
            );
            const zoneBlock = 2 ** (32 - (Number(cidr.split("/")[1]) + Math.ceil(Math.log2(zones))));
            const used = a.subnetSpecs.reduce((n, s) => n + 2 ** (32 - s.cidrMask), 0);
            assert.ok(used <= zoneBlock, `${used} > ${zoneBlock}`);
            assert.strictEqual(a.subnetSpecs.at(-1)!.type, "Isolated", "appended last, so the other subnets keep their ranges");
        });
    }
});
