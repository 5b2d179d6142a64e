// The AWS Load Balancer Controller the endpoint's Ingress or Service needs: its pinned chart, its
// IAM policy (the controller's published one for that version, per partition) and its values.
// Chart: aws/eks-charts stable/aws-load-balancer-controller 3.5.0 (values.yaml names the values).
import { stackTags } from "./tags";
import * as fs from "fs";
import * as path from "path";
import { ADDONS_NAMESPACE, ROLE_ARN_ANNOTATION } from "./constants";
import { serviceAccountTrustPolicy } from "./iam";
import type { PolicyDocument, TrustContext } from "./iam";
import { READINESS_GATE_LABEL } from "./endpoint";

/** The chart, pinned: its IAM policy below is the one published for this exact version. */
export const LOAD_BALANCER_CONTROLLER_CHART = {
    chart: "aws-load-balancer-controller",
    repo: "https://aws.github.io/eks-charts",
    version: "3.5.0",
} as const;

/** The release and its service account, in kube-system. */
export const LOAD_BALANCER_CONTROLLER = {
    release: "aws-load-balancer-controller",
    namespace: ADDONS_NAMESPACE,
    serviceAccount: "aws-load-balancer-controller",
    /** The IngressClass the chart creates (values.yaml `ingressClass`), which the Ingress names. */
    ingressClass: "alb",
    /**
     * That class's controller. With the chart's empty `ingressClassParams.spec` the class names no
     * parameters (aws/eks-charts stable/aws-load-balancer-controller 3.5.0 templates/ingressclass.yaml).
     */
    ingressClassController: "ingress.k8s.aws/alb",
} as const;

/** Published policy files of the pinned version, by partition (derive/data/…/SOURCE.md). */
const POLICY_FILES: Record<string, string> = {
    aws: "iam_policy.json",
    "aws-cn": "iam_policy_cn.json",
    "aws-us-gov": "iam_policy_us-gov.json",
};

export const POLICY_PARTITIONS = Object.keys(POLICY_FILES);

/** The directory holding the recorded policy files of the pinned version. */
export function policyDirectory(): string {
    return path.join(__dirname, "data", `aws-load-balancer-controller-v${LOAD_BALANCER_CONTROLLER_CHART.version}`);
}

/** The controller's published IAM policy for `partition`, whole. Throws for a partition without one. */
export function loadBalancerControllerPolicy(partition: string): PolicyDocument {
    const file = Object.hasOwn(POLICY_FILES, partition) ? POLICY_FILES[partition] : undefined;
    if (file === undefined) {
        throw new Error(
            `the AWS Load Balancer Controller's IAM policy is recorded for the partitions ${POLICY_PARTITIONS.join(", ")}, not for ${partition}; install the controller yourself (addons.loadBalancerController existing)`,
        );
    }
    return JSON.parse(fs.readFileSync(path.join(policyDirectory(), file), "utf8")) as PolicyDocument;
}

/** Trust for exactly the controller's service account (IRSA or Pod Identity). */
export function loadBalancerControllerTrustPolicy(trust: TrustContext): PolicyDocument {
    return serviceAccountTrustPolicy(LOAD_BALANCER_CONTROLLER.namespace, [LOAD_BALANCER_CONTROLLER.serviceAccount], trust);
}

export interface ControllerValuesInput {
    clusterName: string;
    region: string;
    vpcId: string;
    /** IRSA: the role the service account is annotated with; undefined with Pod Identity. */
    irsaRoleArn?: string;
    /** Pulumi project and stack, tagged on every AWS resource the controller creates. */
    project: string;
    stack: string;
}

/** Replicas of the controller (the chart's default, set so its PodDisruptionBudget always renders). */
export const CONTROLLER_REPLICAS = 2;

/**
 * Chart values. Region and VPC are given so the controller never asks IMDS (kubernetes-sigs/aws-load-balancer-controller@v3.5.0 docs/deploy/installation.md,
 * "IMDSv2"). The Service mutator webhook is off: it matches every Service created in every
 * namespace with failurePolicy Fail (templates/webhook.yaml) and would turn other teams'
 * LoadBalancer Services into NLBs; the program sets loadBalancerClass on its one Service itself.
 * A budget keeps a drain from taking both replicas: the Ingress webhooks fail closed
 * (docs/upstream-facts.md#lbc-chart-disruption-budget). The pod webhook that injects readiness
 * gates fails closed for the pods that carry the readiness-gate label, and only for them, so a
 * gateway pod is never created without its gate (docs/upstream-facts.md#lbc-pod-webhook-failure-policy).
 */
export function loadBalancerControllerValues(v: ControllerValuesInput): Record<string, unknown> {
    return {
        clusterName: v.clusterName,
        region: v.region,
        vpcId: v.vpcId,
        serviceAccount: {
            create: true,
            name: LOAD_BALANCER_CONTROLLER.serviceAccount,
            annotations: v.irsaRoleArn === undefined ? {} : { [ROLE_ARN_ANNOTATION]: v.irsaRoleArn },
        },
        ingressClass: LOAD_BALANCER_CONTROLLER.ingressClass,
        createIngressClassResource: true,
        enableServiceMutatorWebhook: false,
        replicaCount: CONTROLLER_REPLICAS,
        podDisruptionBudget: { maxUnavailable: 1 },
        podMutatorWebhookConfig: { failurePolicy: "Fail" },
        objectSelector: { matchLabels: { [READINESS_GATE_LABEL]: "enabled" } },
        // The same tags as every AWS resource of the stack (derive/tags.ts), so leftovers and costs are found by them.
        defaultTags: stackTags(v.project, v.stack),
    };
}

/**
 * The oldest controller that gives an NLB a security group of its own (feature gate
 * NLBSecurityGroup, on by default): with ip targets and client IP preservation off, the NLB's
 * source ranges act only through that group (docs/upstream-facts.md#lbc-nlb-security-groups).
 */
export const NLB_SECURITY_GROUP_MIN_VERSION = "2.6.0";

/** Major, minor and patch of a controller version or image tag ("v2.7.2", "2.7.2"); undefined otherwise. */
export function controllerVersion(tag: string): [number, number, number] | undefined {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:$|[-+])/.exec(tag);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Whether `tag` is at least `minimum`; undefined when `tag` is not a version. */
export function atLeastVersion(tag: string, minimum: string): boolean | undefined {
    const v = controllerVersion(tag);
    const min = controllerVersion(minimum)!;
    if (v === undefined) return undefined;
    for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
    return true;
}
