import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../derive/iam";

export interface GatewayRoleArgs {
    /** Trust policy: IRSA (OIDC web identity) or EKS Pod Identity. */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** Read access to exactly the gateway's secret (and its KMS key when customer-managed). */
    accessPolicy: pulumi.Input<PolicyDocument>;
    /** The pods' own AWS access beyond the secret (log store, Bedrock, buckets); none when absent. */
    dataPlanePolicy?: pulumi.Input<PolicyDocument>;
    /** What the role is for, as IAM shows it. @default the gateway's pods reading the secret */
    description?: string;
    /** Pod Identity only: bind the role to these service accounts. */
    podIdentity?: {
        clusterName: pulumi.Input<string>;
        namespace: string;
        serviceAccounts: string[];
        /** The cluster the associations name must exist first. */
        dependsOn?: pulumi.Resource[];
        /** Earlier names of the associations (a service account's association moved from another role keeps its resource). */
        aliases?: pulumi.Input<pulumi.Alias>[];
    };
}

/** An IAM role the gateway's (or the dataservice's) pods assume, its policies and its Pod Identity bindings. */
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
                description: args.description ?? "Read the Portkey gateway secret from the gateway's pods",
                assumeRolePolicy: pulumi.output(args.trustPolicy).apply((d) => JSON.stringify(d)),
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-read-secret`,
            { role: role.name, policy: pulumi.output(args.accessPolicy).apply((d) => JSON.stringify(d)) },
            { parent: this },
        );
        const dataPlane =
            args.dataPlanePolicy === undefined
                ? []
                : [
                      new aws.iam.RolePolicy(
                          `${name}-data-plane`,
                          { role: role.name, policy: pulumi.output(args.dataPlanePolicy).apply((d) => JSON.stringify(d)) },
                          { parent: this },
                      ),
                  ];
        const pi = args.podIdentity;
        const associations = (pi?.serviceAccounts ?? []).map(
            (sa) =>
                new aws.eks.PodIdentityAssociation(
                    `${name}-${sa}`,
                    { clusterName: pi!.clusterName, namespace: pi!.namespace, serviceAccount: sa, roleArn: role.arn },
                    { parent: this, dependsOn: pi!.dependsOn ?? [], aliases: pi!.aliases },
                ),
        );
        this.role = role;
        this.arn = role.arn;
        this.ready = [role, policy, ...dataPlane, ...associations];
        this.registerOutputs({ arn: this.arn });
    }
}
