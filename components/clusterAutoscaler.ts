import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLUSTER_AUTOSCALER, CLUSTER_AUTOSCALER_CHART, ClusterAutoscalerValuesInput, clusterAutoscalerValues } from "../derive/clusterAutoscaler";
import { RoleBoundArgs, roleBoundRelease } from "./roleBoundRelease";

/** `trustPolicy` is `clusterAutoscalerTrustPolicy`, `policy` is `clusterAutoscalerPolicy` of the cluster. */
export type ClusterAutoscalerArgs = RoleBoundArgs<Omit<ClusterAutoscalerValuesInput, "irsaRoleArn">>;

/**
 * The Cluster Autoscaler (kubernetes/autoscaler chart `cluster-autoscaler`, pinned) in kube-system
 * with an IAM role of its own: it grows the managed node group when pods are Pending for lack of
 * room and shrinks it when nodes are idle, between the group's minimum and maximum.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:addons:ClusterAutoscaler", name, {}, opts);
        ({ role: this.role, release: this.release } = roleBoundRelease(this, name, args, {
            description: "Cluster Autoscaler of the Portkey gateway's cluster",
            chart: CLUSTER_AUTOSCALER_CHART,
            account: CLUSTER_AUTOSCALER,
            values: (v, irsaRoleArn) => clusterAutoscalerValues({ ...v, irsaRoleArn }),
        }));
        this.registerOutputs({ roleArn: this.role.arn, release: this.release.name });
    }
}
