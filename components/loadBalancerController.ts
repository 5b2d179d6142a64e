import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../derive/iam";
import {
    ControllerValuesInput,
    LOAD_BALANCER_CONTROLLER,
    LOAD_BALANCER_CONTROLLER_CHART,
    loadBalancerControllerValues,
} from "../derive/loadBalancerController";

export interface LoadBalancerControllerArgs {
    /** Trust for exactly the controller's service account (`loadBalancerControllerTrustPolicy`). */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** The controller's published IAM policy for the chart's version and the partition. */
    policy: pulumi.Input<PolicyDocument>;
    /** Chart settings; the role's ARN is added for IRSA. */
    values: pulumi.Input<Omit<ControllerValuesInput, "irsaRoleArn">>;
    /** IRSA (annotate the service account) or Pod Identity (bind the role to it). */
    identity: "irsa" | "pod-identity";
    /** Pod Identity: the cluster to bind in, which must exist first. */
    podIdentity?: { clusterName: pulumi.Input<string>; dependsOn?: pulumi.Resource[] };
}

/**
 * The AWS Load Balancer Controller (chart `aws-load-balancer-controller` from eks-charts, pinned)
 * in kube-system with an IAM role of its own. The release waits for the controller's pods, so
 * whatever depends on it finds the controller's webhooks serving.
 */
export class LoadBalancerController extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:addons:LoadBalancerController", name, {}, opts);
        this.role = new aws.iam.Role(
            `${name}-iam`,
            {
                description: "AWS Load Balancer Controller of the Portkey gateway's cluster",
                assumeRolePolicy: pulumi.output(args.trustPolicy).apply((d) => JSON.stringify(d)),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.name, policy: pulumi.output(args.policy).apply((d) => JSON.stringify(d)) },
            { parent: this },
        );
        const association =
            args.identity === "pod-identity"
                ? new aws.eks.PodIdentityAssociation(
                      `${name}-${LOAD_BALANCER_CONTROLLER.serviceAccount}`,
                      {
                          clusterName: args.podIdentity!.clusterName,
                          namespace: LOAD_BALANCER_CONTROLLER.namespace,
                          serviceAccount: LOAD_BALANCER_CONTROLLER.serviceAccount,
                          roleArn: this.role.arn,
                      },
                      { parent: this, dependsOn: args.podIdentity?.dependsOn ?? [] },
                  )
                : undefined;
        const values = pulumi
            .all([args.values, this.role.arn])
            .apply(([v, arn]) => loadBalancerControllerValues({ ...v, irsaRoleArn: args.identity === "irsa" ? arn : undefined }));
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: LOAD_BALANCER_CONTROLLER.release,
                chart: LOAD_BALANCER_CONTROLLER_CHART.chart,
                version: LOAD_BALANCER_CONTROLLER_CHART.version,
                repositoryOpts: { repo: LOAD_BALANCER_CONTROLLER_CHART.repo },
                namespace: LOAD_BALANCER_CONTROLLER.namespace,
                values,
                atomic: true,
            },
            { parent: this, dependsOn: [policy, ...(association ? [association] : [])] },
        );
        this.registerOutputs({ roleArn: this.role.arn, release: this.release.name });
    }
}
