import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    ControllerValuesInput,
    LOAD_BALANCER_CONTROLLER,
    LOAD_BALANCER_CONTROLLER_CHART,
    loadBalancerControllerValues,
} from "../derive/loadBalancerController";
import { RoleBoundArgs, roleBoundRelease } from "./roleBoundRelease";

/** `trustPolicy` is `loadBalancerControllerTrustPolicy`; `policy` the controller's published IAM policy for the chart's version and the partition. */
export type LoadBalancerControllerArgs = RoleBoundArgs<Omit<ControllerValuesInput, "irsaRoleArn">>;

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
        ({ role: this.role, release: this.release } = roleBoundRelease(this, name, args, {
            description: "AWS Load Balancer Controller of the Portkey gateway's cluster",
            chart: LOAD_BALANCER_CONTROLLER_CHART,
            account: LOAD_BALANCER_CONTROLLER,
            values: (v, irsaRoleArn) => loadBalancerControllerValues({ ...v, irsaRoleArn }),
        }));
        this.registerOutputs({ roleArn: this.role.arn, release: this.release.name });
    }
}
