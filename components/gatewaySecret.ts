import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { secretJson } from "../derive/secret";

export interface GatewaySecretArgs {
    /** Secret name to create; ignored when `existing` is set. */
    name: string;
    /** Values to store (one string per env var). Absent when adopting. */
    values?: Record<string, string>;
    /** Name or ARN of an existing secret to adopt. */
    existing?: string;
    kmsKeyArn?: string;
    recoveryWindowInDays: number;
}

/**
 * The Secrets Manager secret holding the gateway's env values as one JSON object, either created
 * from encrypted stack config or adopted by name or ARN (the program then never writes it).
 */
export class GatewaySecret extends pulumi.ComponentResource {
    /** ARN of a created secret; undefined when adopted (the IAM policy then scopes by name). */
    readonly arn?: pulumi.Output<string>;
    /** What the SecretProviderClass names: the secret's name, or the adopted name or ARN. */
    readonly objectName: string;
    /** What must exist before a pod mounts the secret: its value. */
    readonly ready: pulumi.Resource[] = [];

    constructor(name: string, args: GatewaySecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:secrets:GatewaySecret", name, {}, opts);
        if (args.existing !== undefined) {
            this.objectName = args.existing;
        } else {
            if (!args.values) throw new Error("GatewaySecret: values are required to create a secret");
            const secret = new aws.secretsmanager.Secret(
                name,
                {
                    name: args.name,
                    description: "Portkey AI Gateway environment (one key per env var); managed by Pulumi",
                    kmsKeyId: args.kmsKeyArn,
                    recoveryWindowInDays: args.recoveryWindowInDays,
                },
                { parent: this },
            );
            const version = new aws.secretsmanager.SecretVersion(
                `${name}-value`,
                { secretId: secret.id, secretString: pulumi.secret(secretJson(args.values)) },
                { parent: this },
            );
            this.objectName = args.name;
            this.arn = secret.arn;
            this.ready = [version];
        }
        this.registerOutputs({ arn: this.arn, objectName: this.objectName });
    }
}
