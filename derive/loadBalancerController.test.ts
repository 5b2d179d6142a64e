// The AWS Load Balancer Controller: the recorded IAM policy is the published one, byte for byte;
// the trust names exactly its service account; the chart values never need IMDS.
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import {
    atLeastVersion,
    LOAD_BALANCER_CONTROLLER,
    LOAD_BALANCER_CONTROLLER_CHART,
    loadBalancerControllerPolicy,
    loadBalancerControllerTrustPolicy,
    loadBalancerControllerValues,
    NLB_SECURITY_GROUP_MIN_VERSION,
    POLICY_PARTITIONS,
    policyDirectory,
} from "./loadBalancerController";

/** Git's blob id of a file: sha1("blob <size>\0" + content), what `git ls-tree` lists. */
function gitBlobId(file: string): string {
    const content = fs.readFileSync(file);
    return crypto
        .createHash("sha1")
        .update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
        .digest("hex");
}

/**
 * Blob ids of the published policy files at kubernetes-sigs/aws-load-balancer-controller tag v3.5.0
 * (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4), `git ls-tree v3.5.0 docs/install/`.
 */
const UPSTREAM_BLOBS: Record<string, string> = {
    "iam_policy.json": "761d0e733c41089c91ea009dd29faf71918085e5",
    "iam_policy_cn.json": "f073f07e5de838d41bec06cad5666abf124123e6",
    "iam_policy_us-gov.json": "9557eac0d191773e042e2251b17a31ab7b70300c",
};

describe("LOAD_BALANCER_CONTROLLER_CHART", () => {
    it("is eks-charts' aws-load-balancer-controller 3.5.0 (aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml)", () =>
        assert.deepStrictEqual(LOAD_BALANCER_CONTROLLER_CHART, {
            chart: "aws-load-balancer-controller",
            repo: "https://aws.github.io/eks-charts",
            version: "3.5.0",
        }));
    it("reads the policy of its own version", () => assert.strictEqual(path.basename(policyDirectory()), "aws-load-balancer-controller-v3.5.0"));
});

describe("loadBalancerControllerPolicy", () => {
    for (const [file, blob] of Object.entries(UPSTREAM_BLOBS)) {
        it(`${file} is the published file of v3.5.0, byte for byte`, () => assert.strictEqual(gitBlobId(path.join(policyDirectory(), file)), blob));
    }
    it("takes the partition's own file, whole", () => {
        const files: Record<string, string> = { aws: "iam_policy.json", "aws-cn": "iam_policy_cn.json", "aws-us-gov": "iam_policy_us-gov.json" };
        assert.deepStrictEqual(POLICY_PARTITIONS, Object.keys(files));
        for (const [partition, file] of Object.entries(files)) {
            const published = JSON.parse(fs.readFileSync(path.join(policyDirectory(), file), "utf8"));
            assert.deepStrictEqual(loadBalancerControllerPolicy(partition), published, partition);
        }
    });
    it("names resources in the partition it is for", () => {
        for (const partition of POLICY_PARTITIONS) {
            const arns = JSON.stringify(loadBalancerControllerPolicy(partition)).match(/arn:[a-z-]+:/g) ?? [];
            assert.ok(arns.length > 0 && arns.every((a) => a === `arn:${partition}:`), partition);
        }
    });
    it("allows the actions v2.9+ controllers call, which older policies lack (eksctl-io/eksctl#7987)", () => {
        const actions = loadBalancerControllerPolicy("aws").Statement.flatMap((s) => s.Action as string[]);
        assert.ok(actions.includes("elasticloadbalancing:DescribeListenerAttributes"));
        assert.ok(actions.includes("ec2:GetSecurityGroupsForVpc"));
    });
    it("refuses a partition it has no policy for, saying what to do", () =>
        assert.throws(() => loadBalancerControllerPolicy("aws-iso"), /not for aws-iso; install the controller yourself/));
});

describe("loadBalancerControllerTrustPolicy", () => {
    it("IRSA: exactly kube-system:aws-load-balancer-controller, audience sts.amazonaws.com", () =>
        assert.deepStrictEqual(
            loadBalancerControllerTrustPolicy({
                kind: "irsa",
                oidcProviderArn: "arn:aws:iam::1:oidc-provider/oidc.example/id/X",
                oidcIssuer: "https://oidc.example/id/X",
            }),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.example/id/X" },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                "oidc.example/id/X:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller",
                                "oidc.example/id/X:aud": "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            },
        ));
    // EKS Pod Identity tags the session with eks-cluster-arn and eks-cluster-name (docs/upstream-facts.md#iam-pod-identity), both required, as for the gateway's role.
    it("Pod Identity: the EKS service with session tags naming the cluster, namespace and account", () => {
        const t = loadBalancerControllerTrustPolicy({
            kind: "pod-identity",
            clusterName: "c",
            accountId: "123456789012",
            clusterArn: "arn:aws:eks:r:123456789012:cluster/c",
        });
        assert.deepStrictEqual(t.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
        assert.deepStrictEqual(t.Statement[0].Action, ["sts:AssumeRole", "sts:TagSession"]);
        assert.deepStrictEqual((t.Statement[0].Condition as any).StringEquals, {
            "aws:SourceAccount": "123456789012",
            "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:r:123456789012:cluster/c",
            "aws:RequestTag/eks-cluster-name": "c",
            "aws:RequestTag/kubernetes-namespace": "kube-system",
            "aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
        });
    });
});

describe("loadBalancerControllerValues", () => {
    const input = { clusterName: "c", region: "eu-west-1", vpcId: "vpc-1", project: "portkey-gateway", stack: "staging" };
    it("sets clusterName (required by the aws/eks-charts chart's templates/deployment.yaml), region and vpcId so the controller never asks IMDS", () => {
        const v = loadBalancerControllerValues(input);
        assert.deepStrictEqual([v.clusterName, v.region, v.vpcId], ["c", "eu-west-1", "vpc-1"]);
    });
    it("turns the Service mutator webhook off (values.yaml enableServiceMutatorWebhook defaults to true)", () =>
        assert.strictEqual(loadBalancerControllerValues(input).enableServiceMutatorWebhook, false));
    // aws/eks-charts stable/aws-load-balancer-controller 3.5.0 templates/pdb.yaml renders a budget only
    // for a non-empty podDisruptionBudget and replicaCount above 1 (values.yaml: `podDisruptionBudget: {}`).
    it("gives the controller a PodDisruptionBudget of maxUnavailable 1, with the two replicas the chart's pdb.yaml needs", () => {
        const v = loadBalancerControllerValues(input);
        assert.deepStrictEqual([v.podDisruptionBudget, v.replicaCount], [{ maxUnavailable: 1 }, 2]);
    });
    // templates/webhook.yaml (3.5.0): mpod.elbv2.k8s.aws takes podMutatorWebhookConfig.failurePolicy
    // (values.yaml default Ignore) and objectSelector.matchLabels; kubernetes-sigs/aws-load-balancer-controller
    // v3.5.0 docs/deploy/pod_readiness_gate.md recommends Fail with an object selector.
    it("makes the pod webhook fail closed, only for pods labelled for readiness-gate injection", () => {
        const v = loadBalancerControllerValues(input);
        assert.deepStrictEqual(v.podMutatorWebhookConfig, { failurePolicy: "Fail" });
        assert.deepStrictEqual(v.objectSelector, { matchLabels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } });
    });
    it("tags what it creates with the Pulumi project and stack", () =>
        assert.deepStrictEqual(loadBalancerControllerValues(input).defaultTags, { "pulumi:project": "portkey-gateway", "pulumi:stack": "staging" }));
    it("annotates its service account with the role only for IRSA, and creates the IngressClass alb", () => {
        assert.deepStrictEqual(loadBalancerControllerValues({ ...input, irsaRoleArn: "arn:r" }).serviceAccount, {
            create: true,
            name: LOAD_BALANCER_CONTROLLER.serviceAccount,
            annotations: { "eks.amazonaws.com/role-arn": "arn:r" },
        });
        assert.deepStrictEqual((loadBalancerControllerValues(input).serviceAccount as any).annotations, {});
        assert.deepStrictEqual(
            [loadBalancerControllerValues(input).ingressClass, loadBalancerControllerValues(input).createIngressClassResource],
            ["alb", true],
        );
    });
});

describe("atLeastVersion", () => {
    // NLB security groups (feature gate NLBSecurityGroup) exist from v2.6.0: pkg/config/feature_gates.go
    // has it at tag v2.6.0 and not at v2.5.4 (kubernetes-sigs/aws-load-balancer-controller).
    it("puts v2.6.0 and later at or above the NLB security-group minimum, v2.5.4 and v2.4.7 below it", () => {
        assert.strictEqual(NLB_SECURITY_GROUP_MIN_VERSION, "2.6.0");
        for (const tag of ["v2.6.0", "2.6.0", "v2.13.1", "v3.5.0", "v10.0.0"]) assert.strictEqual(atLeastVersion(tag, "2.6.0"), true, tag);
        for (const tag of ["v2.5.4", "v2.4.7", "v1.9.9", "2.5.99"]) assert.strictEqual(atLeastVersion(tag, "2.6.0"), false, tag);
    });
    it("compares numbers, not text, and reads a tag with a build suffix", () => {
        assert.strictEqual(atLeastVersion("v2.10.0", "2.9.0"), true);
        assert.strictEqual(atLeastVersion("v2.6.0-eksbuild.1", "2.6.0"), true);
    });
    it("cannot tell for what is not a version (a digest, latest)", () => {
        for (const tag of ["latest", "sha256:abc", "v2.6", ""]) assert.strictEqual(atLeastVersion(tag, "2.6.0"), undefined, tag);
    });
});
