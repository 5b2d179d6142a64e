import * as assert from "assert";
import { arnInRegionPartition, managedPolicyArn, PARTITIONS, partitionInfoOfRegion, partitionOfArn, partitionOfRegion } from "./partition";

// Expected partitions and DNS suffixes: aws/aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json
// (regionRegex and outputs.dnsSuffix of each partition).
describe("partitionOfRegion", () => {
    const cases: Array<[string, string, string]> = [
        ["us-east-1", "aws", "amazonaws.com"],
        ["eu-west-1", "aws", "amazonaws.com"],
        ["ap-southeast-7", "aws", "amazonaws.com"],
        ["mx-central-1", "aws", "amazonaws.com"],
        ["cn-north-1", "aws-cn", "amazonaws.com.cn"],
        ["cn-northwest-1", "aws-cn", "amazonaws.com.cn"],
        ["us-gov-west-1", "aws-us-gov", "amazonaws.com"],
        ["us-gov-east-1", "aws-us-gov", "amazonaws.com"],
        ["us-iso-east-1", "aws-iso", "c2s.ic.gov"],
        ["us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov"],
        ["eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk"],
        ["us-isof-south-1", "aws-iso-f", "csp.hci.ic.gov"],
        ["eusc-de-east-1", "aws-eusc", "amazonaws.eu"],
    ];
    for (const [region, partition, dnsSuffix] of cases) {
        it(`${region} is in ${partition}`, () => {
            assert.strictEqual(partitionOfRegion(region), partition);
            assert.deepStrictEqual(partitionInfoOfRegion(region), { partition, dnsSuffix });
        });
    }
    it("puts a region no other partition claims in aws, as the SDKs do", () => {
        assert.strictEqual(partitionOfRegion("xx-future-1"), "aws");
        // Anchored patterns: a prefix or suffix alone does not move a region.
        assert.strictEqual(partitionOfRegion("acn-north-1"), "aws");
        assert.strictEqual(partitionOfRegion("cn-north-1x"), "aws");
        assert.strictEqual(partitionOfRegion("xus-gov-west-1"), "aws");
    });
    it("reads every pattern whole: any region number, no prefix, no suffix", () => {
        for (const [region, partition] of cases.filter(([, p]) => p !== "aws")) {
            assert.strictEqual(partitionOfRegion(region.replace(/\d+$/, "12")), partition, region);
            assert.strictEqual(partitionOfRegion(`x${region}`), "aws", `x${region}`);
            assert.strictEqual(partitionOfRegion(`${region}x`), "aws", `${region}x`);
        }
    });
    it("knows every partition once, aws first", () => {
        assert.deepStrictEqual(PARTITIONS, ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);
    });
});

describe("partitionOfArn and arnInRegionPartition", () => {
    it("reads the second field of an ARN", () => {
        assert.strictEqual(partitionOfArn("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:a-AbCdEf"), "aws-cn");
        assert.strictEqual(partitionOfArn("arn:aws:iam::123456789012:role/x"), "aws");
        assert.strictEqual(partitionOfArn("arn::iam::1:role/x"), "");
        assert.strictEqual(partitionOfArn("portkey/gateway"), undefined);
        assert.strictEqual(partitionOfArn("xarn:aws:iam::1:role/x"), undefined);
    });
    it("compares an ARN's partition with the region's", () => {
        assert.ok(arnInRegionPartition("arn:aws-cn:kms:cn-north-1:123456789012:key/k", "cn-northwest-1"));
        assert.ok(!arnInRegionPartition("arn:aws:kms:cn-north-1:123456789012:key/k", "cn-north-1"));
        assert.ok(!arnInRegionPartition("arn:aws-us-gov:iam::123456789012:role/r", "us-east-1"));
        assert.ok(!arnInRegionPartition("not-an-arn", "us-east-1"));
    });
});

describe("managedPolicyArn", () => {
    // IAM user guide, AWS managed policies: arn:<partition>:iam::aws:policy/<name>.
    it("builds an AWS managed policy ARN in the partition", () => {
        assert.strictEqual(managedPolicyArn("aws-us-gov", "AmazonEKS_CNI_Policy"), "arn:aws-us-gov:iam::aws:policy/AmazonEKS_CNI_Policy");
    });
});
