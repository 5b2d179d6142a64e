// Partition rules. A region's partition: aws/aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json;
// ARN syntax per partition: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// ("arn:partition:service:region:account-id:..."; aws-cn in China, aws-us-gov in GovCloud).
import * as assert from "assert";
import { assertNotEchoed, onMinimal, problemsOf, ruleInput, run } from "../testing";
import { arnsInRegionPartition, failoverRegionInPartition, PARTITION_RULES } from "./partition";

const CN_SECRET = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:portkey/gateway-AbCdEf";
const CN_KEY = "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const AWS_KEY_CN_REGION = "arn:aws:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const other = (key: string, where: string, partition: string, item = "") =>
    `portkey-gateway:${key}: ${item}is an ARN of another partition than ${where}, which is in partition ${partition}. Fix: give the ARN as it is in partition ${partition} (arn:${partition}:…), or deploy to a region of the ARN's partition.`;
const STACK = "the stack's region (aws:region)";

describe("PARTITION_RULES", () => {
    it("holds every partition rule", () => assert.deepStrictEqual(PARTITION_RULES, [arnsInRegionPartition, failoverRegionInPartition]));
});

describe("arnsInRegionPartition", () => {
    it("rejects an adopted secret ARN in aws-cn for a stack in an aws region", () => {
        const list = problemsOf(
            onMinimal({ secretValues: undefined, secretKeys: ["OPENAI_API_KEY"], secret: { existing: CN_SECRET.replace("cn-north-1", "eu-west-1") } }),
        );
        assert.deepStrictEqual(list, [other("secret.existing", STACK, "aws")]);
        assertNotEchoed(list, "aws-cn");
    });
    it("rejects an aws ARN in a China stack, each key on its own", () => {
        const input = ruleInput(
            {
                secret: { existing: CN_SECRET.replace("aws-cn", "aws"), kmsKeyArn: AWS_KEY_CN_REGION },
                cluster: { adminPrincipalArns: ["arn:aws-cn:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"] },
            },
            {},
            "cn-north-1",
        );
        assert.deepStrictEqual(run(arnsInRegionPartition, input), [
            other("secret.existing", STACK, "aws-cn"),
            other("secret.kmsKeyArn", STACK, "aws-cn"),
            other("cluster.adminPrincipalArns", STACK, "aws-cn", "item 1 "),
        ]);
    });
    it("checks the failover key against the failover region's partition, even without aws:region", () => {
        const input = ruleInput({ secret: { failoverRegion: "us-gov-east-1", failoverKmsKeyArn: AWS_KEY_CN_REGION } }, {}, undefined);
        assert.deepStrictEqual(run(arnsInRegionPartition, input), [other("secret.failoverKmsKeyArn", "secret.failoverRegion", "aws-us-gov")]);
    });
    it("accepts ARNs of the region's partition, and a secret given by name", () => {
        const input = ruleInput(
            {
                secret: { existing: CN_SECRET, kmsKeyArn: CN_KEY, failoverRegion: "cn-northwest-1", failoverKmsKeyArn: CN_KEY },
                cluster: { adminPrincipalArns: ["arn:aws-cn:iam::123456789012:role/a"] },
            },
            {},
            "cn-north-1",
        );
        assert.deepStrictEqual(run(arnsInRegionPartition, input), []);
        assert.deepStrictEqual(run(arnsInRegionPartition, ruleInput({ secret: { existing: "portkey/gateway" } }, {}, "cn-north-1")), []);
        const gov = "arn:aws-us-gov:iam::123456789012:role/ci";
        assert.deepStrictEqual(run(arnsInRegionPartition, ruleInput({ cluster: { adminPrincipalArns: [gov] } }, {}, "us-gov-west-1")), []);
    });
});

describe("failoverRegionInPartition", () => {
    const problem = (theirs: string, mine: string) =>
        `portkey-gateway:secret.failoverRegion: is in partition ${theirs} but the stack's region (aws:region) is in partition ${mine}, and a secret replicates only within its partition. Fix: choose a failover region in partition ${mine}.`;
    it("rejects a failover region in another partition than the stack's", () => {
        assert.deepStrictEqual(problemsOf(onMinimal({ secret: { failoverRegion: "cn-north-1" } })), [problem("aws-cn", "aws")]);
        assert.deepStrictEqual(run(failoverRegionInPartition, ruleInput({ secret: { failoverRegion: "us-east-1" } }, {}, "us-gov-west-1")), [
            problem("aws", "aws-us-gov"),
        ]);
    });
    it("accepts a failover region of the same partition", () => {
        assert.deepStrictEqual(run(failoverRegionInPartition, ruleInput({ secret: { failoverRegion: "cn-northwest-1" } }, {}, "cn-north-1")), []);
        assert.deepStrictEqual(problemsOf(onMinimal({ secret: { failoverRegion: "us-west-2" } })), []);
        assert.deepStrictEqual(run(failoverRegionInPartition, ruleInput({ secret: { failoverRegion: "cn-north-1" } }, {}, undefined)), []);
    });
});
