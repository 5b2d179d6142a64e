import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecretProviderClassSpec } from "../derive/secretProviderClass";

export interface GatewaySecretProviderClassArgs {
    /** Object name; the class must live in the namespace of the pods that mount it. */
    name: string;
    namespace: pulumi.Input<string>;
    spec: pulumi.Input<SecretProviderClassSpec>;
}

/** The SecretProviderClass that tells the CSI driver which secret and keys to mount (and sync). */
export class GatewaySecretProviderClass extends pulumi.ComponentResource {
    readonly resource: k8s.apiextensions.CustomResource;
    readonly objectName: string;

    constructor(name: string, args: GatewaySecretProviderClassArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:secrets:SecretProviderClass", name, {}, opts);
        this.objectName = args.name;
        this.resource = new k8s.apiextensions.CustomResource(
            `${name}-class`,
            {
                apiVersion: "secrets-store.csi.x-k8s.io/v1",
                kind: "SecretProviderClass",
                metadata: { name: args.name, namespace: args.namespace },
                spec: args.spec,
            },
            { parent: this },
        );
        this.registerOutputs({ name: this.objectName });
    }
}
