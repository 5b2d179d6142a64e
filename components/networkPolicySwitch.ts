import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SwitchObject } from "../derive/autoModeNetworking";

export interface NetworkPolicySwitchArgs {
    /** The ConfigMap's name, namespace and data (`networkPolicySwitch`). */
    object: SwitchObject;
}

/**
 * Turns on the NetworkPolicy controller of an EKS Auto Mode cluster the program creates: the key of
 * kube-system/amazon-vpc-cni, applied as a server-side-apply patch. A patch creates the ConfigMap
 * when it is absent, sets only its key when it exists (a cluster that ran the VPC CNI has one), and on
 * destroy gives up only that key (docs/upstream-facts.md#eks-auto-network-policy,
 * docs/upstream-facts.md#pulumi-patch-create, docs/upstream-facts.md#pulumi-patch-relinquish).
 */
export class NetworkPolicySwitch extends pulumi.ComponentResource {
    readonly configMap: k8s.core.v1.ConfigMapPatch;

    constructor(name: string, args: NetworkPolicySwitchArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:cluster:NetworkPolicySwitch", name, {}, opts);
        this.configMap = new k8s.core.v1.ConfigMapPatch(
            `${name}-configmap`,
            {
                // The stack owns this key on its own cluster: a value another manager wrote is taken back.
                metadata: { ...args.object.metadata, annotations: { "pulumi.com/patchForce": "true" } },
                data: args.object.data,
            },
            { parent: this },
        );
        this.registerOutputs({ configMap: this.configMap.metadata.name });
    }
}
