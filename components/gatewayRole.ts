import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../derive/iam";

export interface GatewayRoleArgs {
    /** Trust policy: IRSA (OIDC web identity) or EKS Pod Identity. */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** Read access to exactly the gateway's secret (and its KMS key when customer-managed). */
    accessPolicy: pulumi.Input<PolicyDocument>;
    /** Pod Identity only: bind the role to these service accounts. */
    podIdentity?: {
        clusterName: pulumi.Input<string>;
        namespace: string;
        serviceAccounts: string[];
        /** The cluster the associations name must exist first. */
        dependsOn?: pulumi.Resource[];
    };
}

/** The IAM role the gateway's pods assume to read the secret, and its Pod Identity bindings. */
export class GatewayRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly arn: pulumi.Output<string>;
    /** What must exist before pods start: the role with its permissions (and bindings). */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: GatewayRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:iam:GatewayRole", name, {}, opts);
        const role = new aws.iam.Role(
            `${name}-iam`,
            {
                description: "Read the Portkey gateway secret from the gateway's pods",
                assumeRolePolicy: pulumi.output(args.trustPolicy).apply((d) => JSON.stringify(d)),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-read-secret`,
            { role: role.name, policy: pulumi.output(args.accessPolicy).apply((d) => JSON.stringify(d)) },
            { parent: this },
        );
        const associations = (args.podIdentity?.serviceAccounts ?? []).map(
            (sa) =>
                new aws.eks.PodIdentityAssociation(
                    `${name}-${sa}`,
                    { clusterName: args.podIdentity!.clusterName, namespace: args.podIdentity!.namespace, serviceAccount: sa, roleArn: role.arn },
                    { parent: this, dependsOn: args.podIdentity!.dependsOn ?? [] },
                ),
        );
        this.role = role;
        this.arn = role.arn;
        this.ready = [role, policy, ...associations];
        this.registerOutputs({ arn: this.arn });
    }
}
