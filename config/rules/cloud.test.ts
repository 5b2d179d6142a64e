// Rules that need the deploying identity: they report like every other rule, as one ConfigError.
import * as assert from "assert";
import { ConfigError } from "../problems";
import { assertWellFormed, settingsOf } from "../testing";
import {
    assumedRegionLine,
    checkAgainstCloud,
    CloudAnswers,
    clusterStackLine,
    clusterStackVpcLine,
    encryptedValueLine,
    existingClusterLine,
    loadBalancerCidrsLine,
    needsCallerIdentity,
    previousDeploymentLine,
    UNKNOWN_OFFLINE,
} from "./cloud";

const KMS_EU = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const FOREIGN = "arn:aws:secretsmanager:eu-west-1:444455556666:secret:prod/portkey-Ab12Cd";
const ADMIN = "arn:aws:iam::111122223333:role/deployer";
const CALLER: CloudAnswers = { accountId: "111122223333", callerArn: "arn:aws:sts::111122223333:assumed-role/deployer/ci" };

const adopted = (secret: Record<string, unknown>) => ({ secretValues: undefined, secretKeys: ["OPENAI_API_KEY"], secret });
/** Settings as parseConfig resolves them, over the minimal stack. */
const settings = (cfg: Record<string, unknown>) => settingsOf({ secretValues: { OPENAI_API_KEY: "sk" }, ...cfg });

function problems(cfg: Record<string, unknown>, cloud = CALLER): string[] {
    try {
        checkAgainstCloud(settings(cfg), cloud);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        assertWellFormed(e.problems);
        return e.problems;
    }
}

describe("needsCallerIdentity", () => {
    it("holds for an adopted ARN (a name is looked up in the caller's account) and for admins of a created cluster", () => {
        const cases: Array<[Record<string, unknown>, boolean]> = [
            [adopted({ existing: FOREIGN }), true],
            [adopted({ existing: "prod/portkey" }), false],
            [{}, false],
            [{ cluster: { create: true, adminPrincipalArns: [ADMIN] } }, true],
            [{ cluster: { create: true } }, false],
        ];
        for (const [cfg, want] of cases) assert.strictEqual(needsCallerIdentity(settings(cfg)), want, JSON.stringify(cfg));
    });
});

describe("checkAgainstCloud", () => {
    it("asks for the owner's KMS key for a secret in another account (aws/secretsmanager cannot be shared)", () => {
        assert.deepStrictEqual(problems(adopted({ existing: FOREIGN })), [
            "portkey-gateway:secret.kmsKeyArn: is required for a secret in another account: the default aws/secretsmanager key cannot be shared across accounts. Fix: set secret.kmsKeyArn to the owner's customer-managed key of the secret (and have the owner grant it, see crossAccountGrants).",
        ]);
    });
    it("accepts a foreign secret with a key, a secret of the caller's account, and a name", () => {
        assert.deepStrictEqual(problems(adopted({ existing: FOREIGN, kmsKeyArn: KMS_EU })), []);
        assert.deepStrictEqual(problems(adopted({ existing: FOREIGN }), { ...CALLER, accountId: "444455556666" }), []);
        assert.deepStrictEqual(problems(adopted({ existing: "prod/portkey" })), []);
        assert.deepStrictEqual(problems({}), []);
    });
    it("refuses an admin list naming the caller of a created cluster (EKS made it admin already)", () => {
        assert.deepStrictEqual(problems({ cluster: { create: true, adminPrincipalArns: [ADMIN] } }), [
            "portkey-gateway:cluster.adminPrincipalArns: lists the identity that runs this deployment, which EKS makes cluster admin itself (a second access entry fails). Fix: remove it from cluster.adminPrincipalArns.",
        ]);
        assert.deepStrictEqual(problems({ cluster: { create: true, adminPrincipalArns: ["arn:aws:iam::111122223333:role/other"] } }), []);
    });
    it("reports every problem at once", () => {
        const both = { ...adopted({ existing: FOREIGN }), cluster: { create: true, adminPrincipalArns: [ADMIN] } };
        assert.deepStrictEqual(
            problems(both).map((l) => l.split(":")[1]),
            ["secret.kmsKeyArn", "cluster.adminPrincipalArns"],
        );
    });
});

describe("cloud rules on run-time answers", () => {
    const VPC = "vpc-0123456789abcdef0";
    const given = { cluster: { create: true, vpcId: VPC, privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] } };
    it("given subnets: another VPC, or one zone only, is refused (EKS user guide, network-reqs: subnets in two zones)", () => {
        const inOneZone = [
            { vpcId: VPC, availabilityZone: "eu-west-1a", availabilityZoneId: "euw1-az1" },
            { vpcId: "vpc-0fedcba9876543210", availabilityZone: "eu-west-1a", availabilityZoneId: "euw1-az1" },
        ];
        const found = problems(given, { subnets: inOneZone });
        assert.ok(
            found.some((l) => l.startsWith("portkey-gateway:cluster.privateSubnetIds: item 1 is a subnet of another VPC")),
            found.join("\n"),
        );
        assert.ok(found.length >= 2, found.join("\n"));
        const fine = [
            { vpcId: VPC, availabilityZone: "eu-west-1a", availabilityZoneId: "euw1-az1" },
            { vpcId: VPC, availabilityZone: "eu-west-1b", availabilityZoneId: "euw1-az2" },
        ];
        assert.deepStrictEqual(problems(given, { subnets: fine }), []);
    });
    it("a created cluster's version must be offered on the day (docs/versions.md: 1.33 ended extended support on 2027-07-29)", () => {
        const c = { cluster: { create: true, version: "1.33" } };
        assert.deepStrictEqual(problems(c, { today: "2026-11-30" }), []);
        const found = problems(c, { today: "2027-08-01" });
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /^portkey-gateway:cluster\.version: /);
    });
    it("a running cluster moves one minor version, forward only", () => {
        const c = { cluster: { create: true, version: "1.35" } };
        assert.deepStrictEqual(problems(c, { runningClusterVersion: "1.34" }), []);
        assert.match(problems(c, { runningClusterVersion: "1.33" })[0], /^portkey-gateway:cluster\.version: .*1\.34/);
        assert.strictEqual(problems(c, { runningClusterVersion: "1.36" }).length, 1);
    });
    // Answers shaped like Bedrock's GetInferenceProfile response (API reference: `models[].modelArn`); the
    // user guide (inference-profiles-support) routes this profile from us-east-2 to us-east-1, us-east-2 and us-west-2.
    const HAIKU = "us.anthropic.claude-3-haiku-20240307-v1:0";
    const haiku = (r: string) => `arn:aws:bedrock:${r}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`;
    const profiles = { stackRegion: "us-east-2", destinations: { [HAIKU]: ["us-east-1", "us-east-2", "us-west-2"].map(haiku) } };
    it("an inference profile: bedrock.regions must list every destination region Bedrock answers", () => {
        const b = (regions: string[]) => ({ bedrock: { models: [HAIKU], regions } });
        assert.deepStrictEqual(problems(b(["us-east-2", "us-east-1"]), { bedrockProfiles: profiles }), [
            `portkey-gateway:bedrock.regions: lacks us-west-2, where bedrock.models[0] (${HAIKU}) routes requests (Bedrock GetInferenceProfile), so calls routed there would be refused. Fix: list every destination region of the profile in bedrock.regions: add us-west-2.`,
        ]);
        assert.deepStrictEqual(problems(b(["us-east-2", "us-east-1", "us-west-2"]), { bedrockProfiles: profiles }), []);
    });
    it("an answer not asked makes its rule not apply", () =>
        assert.deepStrictEqual(problems({ ...given, cluster: { ...given.cluster, version: "1.20" } }, {}), []));
});

describe("checkAgainstCloud offline: a secret adopted by ARN with the deploying identity unknown", () => {
    // The plan's ARNs name a placeholder account (offline/fakeCloud.ts); whether the secret is another account's is preview's answer.
    const unknown = (assumed: string): CloudAnswers => ({ accountId: UNKNOWN_OFFLINE, callerArn: UNKNOWN_OFFLINE, arnAccountId: assumed });
    it("without secret.kmsKeyArn: says preview may require the key, and what the plan assumed", () => {
        assert.deepStrictEqual(checkAgainstCloud(settings(adopted({ existing: FOREIGN })), unknown("123456789012")), [
            "secret.kmsKeyArn: whether secret.existing's account (444455556666) differs from the deploying identity's, and so whether secret.kmsKeyArn is required and the plan shows crossAccountGrants (sts:GetCallerIdentity); the plan assumed the deploying account is 123456789012, so it shows crossAccountGrants",
        ]);
    });
    it("with secret.kmsKeyArn: still names the decision, which decides crossAccountGrants", () => {
        assert.deepStrictEqual(checkAgainstCloud(settings(adopted({ existing: FOREIGN, kmsKeyArn: KMS_EU })), unknown("444455556666")), [
            "secret.existing: whether secret.existing's account (444455556666) differs from the deploying identity's, and so whether the plan shows crossAccountGrants (sts:GetCallerIdentity); the plan assumed the deploying account is 444455556666, so it shows no crossAccountGrants",
        ]);
    });
    it("with the deploying identity declared: judges and names nothing", () => {
        assert.deepStrictEqual(checkAgainstCloud(settings(adopted({ existing: FOREIGN, kmsKeyArn: KMS_EU })), CALLER), []);
    });
});

describe("checkAgainstCloud offline: an answer only AWS has is never judged", () => {
    const UNKNOWN: CloudAnswers = {
        accountId: UNKNOWN_OFFLINE,
        callerArn: UNKNOWN_OFFLINE,
        subnets: UNKNOWN_OFFLINE,
        loadBalancerSubnets: UNKNOWN_OFFLINE,
        runningClusterVersion: UNKNOWN_OFFLINE,
        bedrockProfiles: UNKNOWN_OFFLINE,
    };
    /** A stack each rule would refuse with some real answer. */
    const risky = {
        ...adopted({ existing: FOREIGN }),
        cluster: {
            create: true,
            adminPrincipalArns: [ADMIN],
            vpcId: "vpc-0123456789abcdef0",
            privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        },
        endpoint: {
            type: "internal-nlb",
            certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
            hostname: "gw.internal.example.com",
            inboundCidrs: ["10.0.0.0/8"],
            loadBalancerSubnetIds: ["subnet-0123456789abcdef2"],
        },
        addons: { loadBalancerController: "install" },
        bedrock: { models: ["us.anthropic.claude-3-haiku-20240307-v1:0"], regions: ["us-east-2"] },
    };
    it("names each rule it could not check, with its key and what pulumi preview checks", () => {
        const lines = checkAgainstCloud(settings(risky), UNKNOWN);
        assert.deepStrictEqual(
            lines.map((l) => l.split(":")[0]),
            [
                "secret.kmsKeyArn",
                "cluster.adminPrincipalArns",
                "cluster.privateSubnetIds",
                "endpoint.loadBalancerSubnetIds",
                "cluster.version",
                "bedrock.models",
            ],
        );
        for (const l of lines)
            assert.match(
                l,
                /^[a-zA-Z.]+: .+ \((sts:GetCallerIdentity|EC2 DescribeSubnets|EKS ListClusters, DescribeCluster|Bedrock GetInferenceProfile)\)$/,
                l,
            );
    });
    it("names nothing for a rule that would not apply anyway", () => {
        const shared = { cluster: { create: false, name: "shared" } };
        assert.deepStrictEqual(checkAgainstCloud(settings({ ...adopted({ existing: "prod/portkey" }), ...shared }), UNKNOWN), []);
        assert.deepStrictEqual(checkAgainstCloud(settings(shared), UNKNOWN), []);
        // A created cluster without admins and a secret adopted by name (always the caller's account): only its version.
        const created = { ...adopted({ existing: "prod/portkey" }), cluster: { create: true } };
        assert.deepStrictEqual(
            checkAgainstCloud(settings(created), UNKNOWN).map((l) => l.split(":")[0]),
            ["cluster.version"],
        );
    });
    it("real answers are judged and name nothing", () => {
        assert.deepStrictEqual(checkAgainstCloud(settings(adopted({ existing: FOREIGN, kmsKeyArn: KMS_EU })), CALLER), []);
        assert.strictEqual(problems(risky, { ...CALLER, runningClusterVersion: "1.20" }).length, 3);
    });
});

describe("lines for look-ups the offline plan answers with placeholders", () => {
    it("existingClusterLine: names the cluster and what preview looks up (EKS DescribeCluster; with IRSA, the IAM OIDC provider by its URL)", () => {
        // aws.iam.getOpenIdConnectProvider by url lists the providers (hashicorp/terraform-provider-aws internal/service/iam, findOpenIDConnectProviderByURL).
        assert.strictEqual(
            existingClusterLine("platform-nonprod", true),
            "cluster.name: that EKS cluster platform-nonprod exists, and its endpoint, VPC and IAM OIDC provider, which the plan shows as placeholders (EKS DescribeCluster, IAM ListOpenIDConnectProviders)",
        );
        assert.strictEqual(
            existingClusterLine("platform-prod", false),
            "cluster.name: that EKS cluster platform-prod exists, and its endpoint and VPC, which the plan shows as placeholders (EKS DescribeCluster)",
        );
    });
    it("clusterStackLine, clusterStackVpcLine: name the stack and the outputs read with requireOutput (docs/upstream-facts.md#stack-reference)", () => {
        assert.strictEqual(
            clusterStackLine("platform/eks/prod", ["kubeconfig", "clusterName"]),
            "cluster.fromStack: the outputs kubeconfig and clusterName of stack platform/eks/prod, which the plan shows as placeholders (Pulumi StackReference, requireOutput)",
        );
        assert.match(
            clusterStackVpcLine("platform/eks/prod"),
            /^cluster\.fromStack: the VPC of the EKS cluster stack platform\/eks\/prod names, .* \(EKS DescribeCluster\)$/,
        );
    });
    it("previousDeploymentLine: names only the decisions of the keys given", () => {
        assert.strictEqual(
            previousDeploymentLine(["cluster.compute"]),
            "cluster.compute: the stack's last deployment, which the plan assumed is none; preview reads its outputs and may refuse a change of cluster.compute (Pulumi StackReference to the stack itself)",
        );
        assert.match(
            previousDeploymentLine(["gateway.autoscaling", "cluster.compute"]),
            /^gateway\.autoscaling, cluster\.compute: .*two steps.*cluster\.compute/,
        );
    });
    it("assumedRegionLine: names the region assumed and where the AWS provider takes it (docs/upstream-facts.md#aws-provider-region)", () => {
        assert.strictEqual(
            assumedRegionLine("us-east-1"),
            "aws:region: the plan assumed us-east-1, since the stack sets none it can read; preview takes the stack's aws:region, else AWS_REGION, else AWS_DEFAULT_REGION, else the AWS profile's region (the AWS provider)",
        );
    });
    it("encryptedValueLine and loadBalancerCidrsLine name the key, never a value", () => {
        assert.strictEqual(
            encryptedValueLine("endpoint.certificateArn"),
            "endpoint.certificateArn: the rules on its value, which is stored encrypted (pulumi preview decrypts it)",
        );
        assert.match(
            loadBalancerCidrsLine("endpoint.loadBalancerSubnetIds"),
            /^endpoint\.loadBalancerSubnetIds: each subnet's CIDR block, .*placeholders \(EC2 DescribeSubnets\)$/,
        );
    });
    it("the zones and version lines say what the rules allow", () => {
        // derive/network.ts eksZoneNames: the first count usable zones, all of them (two at least) when fewer.
        const zones = (count: number) => checkAgainstCloud(settings({ cluster: { create: true, availabilityZoneCount: count } }), { zones: UNKNOWN_OFFLINE });
        assert.match(zones(3)[0], /the first 3 of the region's zones EKS places clusters in, or all of them \(at least 2\) if the region has fewer/);
        assert.doesNotMatch(zones(2)[0], /fewer/);
        // derive/eksVersions.ts versionStepRefusal: the same version or one minor step up; never down.
        const version = checkAgainstCloud(settings({ cluster: { create: true } }), { runningClusterVersion: UNKNOWN_OFFLINE });
        assert.deepStrictEqual(version, [
            "cluster.version: if the cluster runs, the same minor version as the running cluster's or one above it, never below (EKS ListClusters, DescribeCluster)",
        ]);
    });
    it("regionKnown: a region the plan assumed is named; a stack's own names nothing", () => {
        assert.deepStrictEqual(checkAgainstCloud(settings({}), { assumedRegion: "eu-central-1" }), [assumedRegionLine("eu-central-1")]);
        assert.deepStrictEqual(checkAgainstCloud(settings({}), {}), []);
    });
});
