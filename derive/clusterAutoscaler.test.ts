// Expected values: kubernetes/autoscaler at tag cluster-autoscaler-chart-9.59.0,
// cluster-autoscaler/charts/cluster-autoscaler/values.yaml (autoDiscovery.clusterName and its default tags,
// awsRegion, image.repository, rbac.serviceAccount) and cluster-autoscaler/cloudprovider/aws/README.md
// (the read actions of the full-features policy; auto-discovery matches tag keys); the release tags
// cluster-autoscaler-1.36.1 and cluster-autoscaler-1.29.5; cluster-autoscaler/README.md "Releases"
// (the autoscaler's minor is the cluster's).
import * as assert from "assert";
import {
    clusterAutoscalerImageTag,
    clusterAutoscalerPolicy,
    clusterAutoscalerTrustPolicy,
    clusterAutoscalerValues,
    nodeGroupScales,
} from "./clusterAutoscaler";
import { EKS_CALENDAR } from "./eksVersions";
import { evaluate } from "./testing";

describe("clusterAutoscalerImageTag", () => {
    it("gives the release of the cluster's own minor", () => {
        assert.strictEqual(clusterAutoscalerImageTag("1.36"), "v1.36.1");
        assert.strictEqual(clusterAutoscalerImageTag("1.29"), "v1.29.5");
    });
    // A minor added to the EKS calendar (whose other minors are refused before any resource) without a
    // release here fails this test, so a growing node group always has an autoscaler that can run.
    it("has a release for every minor on the EKS calendar, and none for a minor it does not know", () => {
        for (const minor of Object.keys(EKS_CALENDAR))
            assert.match(clusterAutoscalerImageTag(minor)!, new RegExp(`^v${minor.replace(".", "\\.")}\\.\\d+$`), minor);
        assert.strictEqual(clusterAutoscalerImageTag("1.37"), undefined);
        assert.strictEqual(clusterAutoscalerImageTag("constructor"), undefined);
    });
});

describe("nodeGroupScales", () => {
    it("only a group whose maximum is above its minimum", () => {
        assert.deepStrictEqual([nodeGroupScales({ minSize: 1, maxSize: 3 }), nodeGroupScales({ minSize: 2, maxSize: 2 })], [true, false]);
    });
});

// The policy's expected shape: the AWS EKS best-practices guide, "Employ least privileged access to the
// IAM role" (https://docs.aws.amazon.com/eks/latest/best-practices/cas.html; its source
// aws/aws-eks-best-practices latest/bpg/autoscaling/cluster-autoscaler.adoc), with <my-cluster> = portkey-dev.
describe("clusterAutoscalerPolicy", () => {
    const doc = clusterAutoscalerPolicy("portkey-dev");
    it("resizes only groups tagged enabled=true and <cluster>=owned, as the best-practices guide gives it", () => {
        assert.deepStrictEqual(doc.Statement[0], {
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/portkey-dev": "owned",
                },
            },
        });
        assert.strictEqual(doc.Statement.length, 2);
    });
    it("reads on *: the guide's Describe actions, DescribeTags included (auto-discovery)", () => {
        assert.deepStrictEqual(doc.Statement[1], {
            Effect: "Allow",
            Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "autoscaling:DescribeTags",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
                "eks:DescribeNodegroup",
            ],
            Resource: "*",
        });
    });
    // Tags as EKS puts them on a managed node group's Auto Scaling group (docs/upstream-facts.md#cluster-autoscaler-iam).
    const ASG = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1a2b3c4d-0000-1111-2222-333344445555:autoScalingGroupName/eks-ng-1";
    const resize = (tags: Record<string, string>) =>
        ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"].map((action) =>
            evaluate(doc, { action, resource: ASG, context: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])) }),
        );
    it("IAM allows resizing this cluster's group and denies a group of another cluster, or one not owned or not enabled", () => {
        const enabled = { "k8s.io/cluster-autoscaler/enabled": "true" };
        assert.deepStrictEqual(resize({ ...enabled, "k8s.io/cluster-autoscaler/portkey-dev": "owned" }), ["allow", "allow"]);
        assert.deepStrictEqual(resize({ ...enabled, "k8s.io/cluster-autoscaler/portkey-prod": "owned" }), ["deny", "deny"]);
        assert.deepStrictEqual(resize({ ...enabled, "k8s.io/cluster-autoscaler/portkey-dev": "shared" }), ["deny", "deny"]);
        assert.deepStrictEqual(resize(enabled), ["deny", "deny"]);
        assert.deepStrictEqual(resize({ "k8s.io/cluster-autoscaler/portkey-dev": "owned" }), ["deny", "deny"]);
        assert.strictEqual(evaluate(doc, { action: "autoscaling:DescribeTags", resource: "*" }), "allow");
    });
});

describe("clusterAutoscalerTrustPolicy", () => {
    it("trusts exactly kube-system/cluster-autoscaler", () => {
        const t = clusterAutoscalerTrustPolicy({
            kind: "irsa",
            oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.x/id/ABC",
            oidcIssuer: "oidc.eks.x/id/ABC",
        });
        assert.match(JSON.stringify(t), /system:serviceaccount:kube-system:cluster-autoscaler"/);
    });
});

describe("clusterAutoscalerValues", () => {
    it("auto-discovers the cluster's groups in its region with the image of its minor, the service account named and annotated for IRSA", () => {
        const v = clusterAutoscalerValues({
            clusterName: "portkey-dev",
            region: "us-east-1",
            kubernetesMinor: "1.36",
            irsaRoleArn: "arn:aws:iam::1:role/r",
        }) as any;
        assert.deepStrictEqual(v.autoDiscovery, { clusterName: "portkey-dev" });
        assert.strictEqual(v.awsRegion, "us-east-1");
        assert.strictEqual(v.cloudProvider, "aws");
        assert.deepStrictEqual(v.image, { repository: "registry.k8s.io/autoscaling/cluster-autoscaler", tag: "v1.36.1" });
        assert.deepStrictEqual(v.rbac.serviceAccount, {
            create: true,
            name: "cluster-autoscaler",
            annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/r" },
        });
    });
    it("no annotation with Pod Identity; throws for a minor with no release", () => {
        const v = clusterAutoscalerValues({ clusterName: "c", region: "r", kubernetesMinor: "1.35" }) as any;
        assert.deepStrictEqual(v.rbac.serviceAccount.annotations, {});
        assert.throws(
            () => clusterAutoscalerValues({ clusterName: "c", region: "r", kubernetesMinor: "1.28" }),
            /no Cluster Autoscaler release recorded for Kubernetes 1\.28/,
        );
    });
});
