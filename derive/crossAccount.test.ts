import * as assert from "assert";
import { crossAccountGrants, foreignSecretAccount } from "./crossAccount";
import { testConfig } from "./testing";

const CTX = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const ROLE = "arn:aws:iam::123456789012:role/portkey-role-iam";
const OTHER = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:shared/portkey-XyZ123";
const OTHER_KMS = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KMS_WEST = "arn:aws:kms:us-west-2:210987654321:key/abcd1234-12ab-34cd-56ef-1234567890ab";

describe("foreignSecretAccount", () => {
    it("is the owner's account for another account's ARN, else undefined (a name is always the caller's)", () => {
        assert.strictEqual(foreignSecretAccount(OTHER, CTX.accountId), "210987654321");
        assert.strictEqual(foreignSecretAccount("arn:aws:secretsmanager:eu-west-1:123456789012:secret:mine-AbCdEf", CTX.accountId), undefined);
        assert.strictEqual(foreignSecretAccount("shared/portkey", CTX.accountId), undefined);
        assert.strictEqual(foreignSecretAccount(undefined, CTX.accountId), undefined);
    });
});

// docs/upstream-facts.md#cross-account-secret: the owner grants a resource policy on the secret naming the pod role, and a
// key-policy statement (kms:Decrypt, kms:DescribeKey) on its customer-managed key; ASCP needs
// GetSecretValue and DescribeSecret (docs/upstream-facts.md#ascp-iam-actions).
describe("crossAccountGrants", () => {
    const READ = {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PortkeyGatewayRead",
                Effect: "Allow",
                Principal: { AWS: ROLE },
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: "*",
            },
        ],
    };
    const key = (sid: string, region: string) => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: ROLE },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    });

    it("is undefined for a secret in the stack's own account", () => {
        assert.strictEqual(crossAccountGrants(testConfig(), CTX, ROLE), undefined);
        assert.strictEqual(crossAccountGrants(testConfig({ secret: { existing: "shared/portkey" } }), CTX, ROLE), undefined);
    });

    it("names exactly this stack's role in the secret's resource policy and the key-policy statement", () => {
        assert.deepStrictEqual(crossAccountGrants(testConfig({ secret: { existing: OTHER, kmsKeyArn: OTHER_KMS } }), CTX, ROLE), {
            secretAccount: "210987654321",
            secretResourcePolicy: READ,
            keyPolicyStatements: [key("PortkeyGatewayDecrypt", "eu-west-1")],
        });
    });

    it("with the dataservice's own role, names both roles wherever the gateway's is named", () => {
        const DS = "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam";
        const g = crossAccountGrants(testConfig({ secret: { existing: OTHER, kmsKeyArn: OTHER_KMS } }), CTX, [ROLE, DS])!;
        assert.deepStrictEqual(g.secretResourcePolicy.Statement[0].Principal, { AWS: [ROLE, DS] });
        assert.deepStrictEqual(g.keyPolicyStatements[0].Principal, { AWS: [ROLE, DS] });
        assert.deepStrictEqual(crossAccountGrants(testConfig({ secret: { existing: OTHER } }), CTX, [ROLE])!.secretResourcePolicy, READ);
    });

    it("adds the replica key's statement, through Secrets Manager in the failover region", () => {
        const cfg = testConfig({ secret: { existing: OTHER, kmsKeyArn: OTHER_KMS, failoverRegion: "us-west-2", failoverKmsKeyArn: OTHER_KMS_WEST } });
        assert.deepStrictEqual(crossAccountGrants(cfg, CTX, ROLE)?.keyPolicyStatements, [
            key("PortkeyGatewayDecrypt", "eu-west-1"),
            key("PortkeyGatewayDecryptReplica", "us-west-2"),
        ]);
    });

    // A statement belongs to a customer-managed key's policy in one region (docs/upstream-facts.md#secret-replicas:
    // aws/secretsmanager needs none and cannot be shared): without both the failover region and
    // its key there is no replica statement, and never one for an unset region.
    it("adds no replica statement without both a failover region and a replica key", () => {
        const onlyRegion = testConfig({ secret: { existing: OTHER, kmsKeyArn: OTHER_KMS, failoverRegion: "us-west-2" } });
        const onlyKey = testConfig({ secret: { existing: OTHER, kmsKeyArn: OTHER_KMS, failoverKmsKeyArn: OTHER_KMS_WEST } });
        for (const cfg of [onlyRegion, onlyKey]) {
            assert.deepStrictEqual(crossAccountGrants(cfg, CTX, ROLE)?.keyPolicyStatements, [key("PortkeyGatewayDecrypt", "eu-west-1")]);
        }
    });
});
