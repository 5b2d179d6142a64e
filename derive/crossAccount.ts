// A secret in another account: the pod role (in the cluster's account) reads it by ARN, but only
// the owner can write the secret's resource policy and the key policy. These are the documents
// the owner applies, naming exactly this stack's role (docs/upstream-facts.md#cross-account-secret).
import type { AwsContext, PolicyDocument } from "./iam";
import type { Config } from "./inputs";
import { isSecretArn } from "./inputs";

export interface CrossAccountGrants {
    /** The account that owns the secret and its key(s). */
    secretAccount: string;
    /** The secret's resource policy (`aws secretsmanager put-resource-policy`); replicas get the primary's. */
    secretResourcePolicy: PolicyDocument;
    /** Statements to add to each customer-managed key's policy, one per region. */
    keyPolicyStatements: Array<Record<string, unknown>>;
}

/** The account of an adopted secret ARN, when it is not `accountId` (a name is always in the caller's account). */
export function foreignSecretAccount(existing: string | undefined, accountId: string): string | undefined {
    const account = existing !== undefined && isSecretArn(existing) ? existing.split(":")[4] : undefined;
    return account !== undefined && account !== accountId ? account : undefined;
}

function keyStatement(sid: string, roleArn: string | string[], region: string): Record<string, unknown> {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: roleArn },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    };
}

/**
 * What the secret's owner must grant, or undefined for a secret in the stack's own account. Every
 * role that reads the secret is named: the gateway's, and the dataservice's own (docs/data-plane.md).
 */
export function crossAccountGrants(cfg: Config, ctx: AwsContext, roleArns: string | string[]): CrossAccountGrants | undefined {
    const secretAccount = foreignSecretAccount(cfg.secret.existing, ctx.accountId);
    if (secretAccount === undefined) return undefined;
    const roleArn = Array.isArray(roleArns) && roleArns.length === 1 ? roleArns[0] : roleArns;
    const { failoverRegion, failoverKmsKeyArn } = cfg.secret;
    const keyPolicyStatements = [keyStatement("PortkeyGatewayDecrypt", roleArn, ctx.region)];
    if (failoverRegion !== undefined && failoverKmsKeyArn !== undefined)
        keyPolicyStatements.push(keyStatement("PortkeyGatewayDecryptReplica", roleArn, failoverRegion));
    return {
        secretAccount,
        secretResourcePolicy: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "PortkeyGatewayRead",
                    Effect: "Allow",
                    Principal: { AWS: roleArn },
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: "*",
                },
            ],
        },
        keyPolicyStatements,
    };
}
