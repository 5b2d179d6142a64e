// The zones of the VPC the program creates: chosen by zone ID among those EKS supports (EKS user
// guide, network-reqs.adoc: use1-az3, usw1-az2 and cac1-az3 cannot host a control plane; a cluster
// needs subnets in two zones). Zone names map to different zone IDs in each account, so offline,
// where no ID is known, the plan chooses no zone and names the check `pulumi preview` makes.
import * as assert from "assert";
import { checkAgainstCloud, UNKNOWN_OFFLINE } from "../config/rules/cloud";
import { ConfigError } from "../config/problems";
import { settingsOf } from "../config/testing";
import { regionOfZoneNames, zonesChosenAtPreview } from "../derive/network";
import { createdVpcZoneNames } from "../program/cloudAnswers";

// One account's us-east-1 as DescribeAvailabilityZones could answer it: its first name is use1-az3.
const US_EAST_1 = { names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"], zoneIds: ["use1-az3", "use1-az1", "use1-az2", "use1-az4"] };
// derive/network.ts eksZoneNames takes the first count usable zones, or all of them when the region has fewer (two at least).
const ZONES_LINE =
    "cluster.availabilityZoneCount: the created VPC's zones, the first 3 of the region's zones EKS places clusters in, or all of them (at least 2) if the region has fewer (EC2 DescribeAvailabilityZones)";

const created = settingsOf({ secretValues: { OPENAI_API_KEY: "sk" }, cluster: { create: true, name: "gw" } });

function outcome(zones: Parameters<typeof checkAgainstCloud>[1]["zones"]): { problems: string[]; notChecked: string[] } {
    try {
        return { problems: [], notChecked: checkAgainstCloud(created, { zones }) };
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return { problems: e.problems, notChecked: [] };
    }
}

describe("a created VPC's zones", () => {
    it("with AWS's answer: drops the zone whose ID EKS refuses, by ID, in the provider's order", async () => {
        const config = { cluster: { ...created.cluster, availabilityZoneCount: 2 }, region: "us-east-1" };
        assert.deepStrictEqual(await createdVpcZoneNames(config, US_EAST_1), ["us-east-1b", "us-east-1c"]);
        assert.deepStrictEqual(outcome(US_EAST_1), { problems: [], notChecked: [] });
    });

    it("with AWS's answer: refuses a region with fewer than two zones EKS supports, before any resource", () => {
        const { problems } = outcome({ names: ["us-east-1a", "us-east-1b"], zoneIds: ["use1-az3", "use1-az1"] });
        assert.strictEqual(problems.length, 1);
        assert.match(problems[0], /^portkey-gateway:cluster\.vpcId: .*1 available zone\(s\) that EKS supports and an EKS cluster needs at least 2\. Fix: /);
    });

    it("offline: chooses no zone, holds one placeholder per zone, and names what preview checks", async () => {
        assert.deepStrictEqual(outcome(UNKNOWN_OFFLINE), { problems: [], notChecked: [ZONES_LINE] });
        const config = { cluster: { ...created.cluster, availabilityZoneCount: 3 }, region: "us-east-1" };
        const names = await createdVpcZoneNames(config, UNKNOWN_OFFLINE);
        assert.deepStrictEqual(names, ["us-east-1 zone 1 (chosen at preview)", "us-east-1 zone 2 (chosen at preview)", "us-east-1 zone 3 (chosen at preview)"]);
        // No AWS zone name holds a space (EC2 API reference, AvailabilityZone: region code and a letter).
        for (const n of names ?? []) assert.ok(!US_EAST_1.names.includes(n) && /\s/.test(n));
    });

    it("asks nothing without a created VPC", async () => {
        assert.strictEqual(await createdVpcZoneNames({ cluster: created.cluster, region: "us-east-1" }, undefined), undefined);
        assert.deepStrictEqual(outcome(undefined), { problems: [], notChecked: [] });
    });

    it("the region of zone names and of placeholders, which the S3 endpoint's name needs", () => {
        assert.strictEqual(regionOfZoneNames(["eu-west-1b", "eu-west-1c"]), "eu-west-1");
        assert.strictEqual(regionOfZoneNames(zonesChosenAtPreview("ap-southeast-2", 2)), "ap-southeast-2");
        assert.strictEqual(regionOfZoneNames([]), undefined);
    });
});
