import * as assert from "assert";
import {
    dataserviceTrustPolicy,
    eksClusterArn,
    gatewayTrustPolicy,
    nodeRolePolicyArns,
    nodeRoleTrustPolicy,
    secretAccessPolicy,
    secretResourceArn,
} from "./iam";
import { gatewayNames } from "./names";
import { testConfig } from "./testing";

const CTX = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/portkey-AbCdEf";
const KMS = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;

describe("secretResourceArn", () => {
    it("is the created secret's ARN when there is one", () => {
        assert.strictEqual(
            secretResourceArn(testConfig(), CTX, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portkey/gateway/config-AbCdEf"),
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portkey/gateway/config-AbCdEf",
        );
    });

    it("is an adopted ARN as given", () => {
        assert.strictEqual(secretResourceArn(testConfig({ secret: { existing: ARN } }), CTX), ARN);
    });

    // docs/upstream-facts.md#secret-arn-suffix: scope by name as `<name>-??????` (six random characters), not `<name>*`.
    it("scopes an adopted name to exactly that secret, in the stack's partition, region and account", () => {
        assert.strictEqual(
            secretResourceArn(testConfig({ secret: { existing: "team/portkey" } }), CTX),
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/portkey-??????",
        );
        assert.strictEqual(
            secretResourceArn(testConfig({ secret: { existing: "gw" } }), { partition: "aws-cn", region: "cn-north-1", accountId: "210987654321" }),
            "arn:aws-cn:secretsmanager:cn-north-1:210987654321:secret:gw-??????",
        );
    });
});

describe("secretAccessPolicy", () => {
    const READ = { Sid: "ReadGatewaySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: ARN };

    // docs/upstream-facts.md#ascp-iam-actions: ASCP needs GetSecretValue and DescribeSecret; kms:Decrypt only for a customer key.
    it("reads exactly the secret and nothing else", () => {
        assert.deepStrictEqual(secretAccessPolicy(testConfig(), CTX, ARN), { Version: "2012-10-17", Statement: [READ] });
    });

    it("decrypts with the customer-managed key only through Secrets Manager in the region", () => {
        assert.deepStrictEqual(secretAccessPolicy(testConfig({ secret: { kmsKeyArn: KMS } }), CTX, ARN), {
            Version: "2012-10-17",
            Statement: [
                READ,
                {
                    Sid: "DecryptGatewaySecret",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
                },
            ],
        });
    });
});

const REPLICA = "arn:aws:secretsmanager:us-west-2:123456789012:secret:team/portkey-AbCdEf";
const KMS_WEST = "arn:aws:kms:us-west-2:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab";

// docs/upstream-facts.md#ascp-failover: ASCP reads both regions on every mount, so the role reads the primary and the
// replica (same name and suffix, failover region) and decrypts with each region's key, each only
// through Secrets Manager in its own region.
describe("secretAccessPolicy with a failover region", () => {
    it("reads exactly the primary and the replica, and decrypts each with its region's key", () => {
        const cfg = testConfig({ secret: { existing: ARN, kmsKeyArn: KMS, failoverRegion: "us-west-2", failoverKmsKeyArn: KMS_WEST } });
        assert.deepStrictEqual(secretAccessPolicy(cfg, CTX, ARN), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadGatewaySecret",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: [ARN, REPLICA],
                },
                {
                    Sid: "DecryptGatewaySecret",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
                },
                {
                    Sid: "DecryptGatewaySecretReplica",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS_WEST,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" } },
                },
            ],
        });
    });

    // kms:ViaService is secretsmanager.<region>.amazonaws.com (AWS KMS condition keys); with no
    // failover region there is no region to name, so a stray replica key adds nothing.
    it("no replica decrypt statement without a failover region, even with a replica key", () => {
        const cfg = testConfig({ secret: { existing: ARN, kmsKeyArn: KMS, failoverKmsKeyArn: KMS_WEST } });
        assert.deepStrictEqual(secretAccessPolicy(cfg, CTX, ARN), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadGatewaySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: ARN },
                {
                    Sid: "DecryptGatewaySecret",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
                },
            ],
        });
    });

    it("reads the replica of a secret adopted by name as <name>-?????? in the failover region, no KMS statement on aws/secretsmanager", () => {
        const cfg = testConfig({ secret: { existing: "team/portkey", failoverRegion: "us-west-2" } });
        assert.deepStrictEqual(secretAccessPolicy(cfg, CTX, secretResourceArn(cfg, CTX)), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadGatewaySecret",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: [
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/portkey-??????",
                        "arn:aws:secretsmanager:us-west-2:123456789012:secret:team/portkey-??????",
                    ],
                },
            ],
        });
    });
});

// docs/upstream-facts.md#cross-account-secret: a secret in another account is read by its full ARN; the role's own policy names
// that ARN and the owner's key (Decrypt through Secrets Manager only), nothing of its own account.
describe("secretAccessPolicy for a secret in another account", () => {
    const OTHER = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:shared/portkey-XyZ123";
    const OTHER_KMS = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    it("reads exactly the owner's secret and decrypts with the owner's key", () => {
        const cfg = testConfig({ secret: { existing: OTHER, kmsKeyArn: OTHER_KMS } });
        assert.deepStrictEqual(secretAccessPolicy(cfg, CTX, secretResourceArn(cfg, CTX)), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadGatewaySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: OTHER },
                {
                    Sid: "DecryptGatewaySecret",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: OTHER_KMS,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
                },
            ],
        });
    });
});

// docs/upstream-facts.md#iam-irsa-trust: Federated OIDC provider, AssumeRoleWithWebIdentity, sub and aud.
const IRSA_STATEMENT = {
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
        StringEquals: {
            [`${ISSUER}:sub`]: "system:serviceaccount:portkeyai:portkey-gateway",
            [`${ISSUER}:aud`]: "sts.amazonaws.com",
        },
    },
};

describe("gatewayTrustPolicy", () => {
    const irsa = { kind: "irsa" as const, oidcProviderArn: PROVIDER, oidcIssuer: ISSUER };

    it("IRSA: trusts the gateway's service account alone as a string", () => {
        const cfg = testConfig();
        assert.deepStrictEqual(gatewayTrustPolicy(cfg, gatewayNames(cfg), irsa), { Version: "2012-10-17", Statement: [IRSA_STATEMENT] });
    });

    it("IRSA: with the dataservice on, trusts the gateway's account alone, and strips a leading https:// from the issuer", () => {
        const cfg = testConfig({ namespace: "ai", gateway: { dataservice: { enabled: true } } });
        const doc = gatewayTrustPolicy(cfg, gatewayNames(cfg), { ...irsa, oidcIssuer: `https://${ISSUER}` });
        assert.deepStrictEqual((doc.Statement[0] as any).Condition.StringEquals, {
            [`${ISSUER}:sub`]: "system:serviceaccount:ai:portkey-gateway",
            [`${ISSUER}:aud`]: "sts.amazonaws.com",
        });
    });

    it("IRSA: only a leading scheme is stripped", () => {
        const cfg = testConfig();
        const doc = gatewayTrustPolicy(cfg, gatewayNames(cfg), { ...irsa, oidcIssuer: "issuer.example/https://x" });
        assert.deepStrictEqual(Object.keys((doc.Statement[0] as any).Condition.StringEquals), ["issuer.example/https://x:sub", "issuer.example/https://x:aud"]);
    });

    // docs/upstream-facts.md#iam-pod-identity: Pod Identity principal, AssumeRole + TagSession, session-tag conditions
    // (EKS user guide pod-id-abac lists eks-cluster-arn among the tags), and the account condition.
    const pi = { kind: "pod-identity" as const, clusterName: "c1", accountId: "111122223333", clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/c1" };
    it("Pod Identity: trusts the EKS service with the account, cluster, namespace and service-account tags", () => {
        const one = testConfig({ identity: "pod-identity" });
        assert.deepStrictEqual(gatewayTrustPolicy(one, gatewayNames(one), pi), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:SourceAccount": "111122223333",
                            "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-1:111122223333:cluster/c1",
                            "aws:RequestTag/eks-cluster-name": "c1",
                            "aws:RequestTag/kubernetes-namespace": "portkeyai",
                            "aws:RequestTag/kubernetes-service-account": "portkey-gateway",
                        },
                    },
                },
            ],
        });
        const two = testConfig({ identity: "pod-identity", gateway: { dataservice: { enabled: true } } });
        const doc = gatewayTrustPolicy(two, gatewayNames(two), pi);
        assert.strictEqual((doc.Statement[0] as any).Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], "portkey-gateway");
    });
});

describe("dataserviceTrustPolicy", () => {
    const irsa = { kind: "irsa" as const, oidcProviderArn: PROVIDER, oidcIssuer: ISSUER };
    const pi = { kind: "pod-identity" as const, clusterName: "c1", accountId: "111122223333", clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/c1" };
    const cfg = testConfig({ namespace: "ai", gateway: { dataservice: { enabled: true, serviceAccountName: "ds" } } });

    it("IRSA: trusts the dataservice's account alone, never the gateway's", () => {
        assert.deepStrictEqual((dataserviceTrustPolicy(cfg, gatewayNames(cfg), irsa).Statement[0] as any).Condition.StringEquals, {
            [`${ISSUER}:sub`]: "system:serviceaccount:ai:ds",
            [`${ISSUER}:aud`]: "sts.amazonaws.com",
        });
    });

    it("Pod Identity: the service-account tag is the dataservice's, with the same account and cluster conditions", () => {
        const c = testConfig({ identity: "pod-identity", namespace: "ai", gateway: { dataservice: { enabled: true } } });
        assert.deepStrictEqual((dataserviceTrustPolicy(c, gatewayNames(c), pi).Statement[0] as any).Condition.StringEquals, {
            "aws:SourceAccount": "111122223333",
            "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-1:111122223333:cluster/c1",
            "aws:RequestTag/eks-cluster-name": "c1",
            "aws:RequestTag/kubernetes-namespace": "ai",
            "aws:RequestTag/kubernetes-service-account": "portkey-gateway-dataservice",
        });
    });

    it("is refused with the dataservice off", () => {
        const off = testConfig();
        assert.throws(() => dataserviceTrustPolicy(off, gatewayNames(off), irsa), /dataservice is off/);
    });
});

describe("eksClusterArn", () => {
    it("is arn:partition:eks:region:account:cluster/name (EKS API reference, Cluster.arn)", () => {
        assert.strictEqual(
            eksClusterArn({ partition: "aws-cn", region: "cn-north-1", accountId: "111122223333" }, "c1"),
            "arn:aws-cn:eks:cn-north-1:111122223333:cluster/c1",
        );
    });
});

describe("nodeRoleTrustPolicy", () => {
    it("lets EC2 instances assume the node role", () => {
        assert.deepStrictEqual(nodeRoleTrustPolicy(), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });
});

describe("nodeRolePolicyArns", () => {
    // EKS user guide, "Amazon EKS node IAM role": the three managed policies a node needs.
    it("are the EKS worker, CNI and ECR read-only managed policies", () => {
        assert.deepStrictEqual(nodeRolePolicyArns("aws"), [
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        ]);
    });
    // https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html: in the China regions an ARN starts arn:aws-cn.
    it("are in the given partition", () => {
        assert.deepStrictEqual(nodeRolePolicyArns("aws-cn"), [
            "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        ]);
        assert.ok(nodeRolePolicyArns("aws-us-gov").every((a) => a.startsWith("arn:aws-us-gov:iam::aws:policy/")));
    });
});
