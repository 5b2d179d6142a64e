import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULTS } from "../derive/defaults";
import { secretJson } from "../derive/secret";

export interface GatewaySecretArgs {
    /** Name of the secret to create; ignored when `existing` is set. Default "portkey/gateway/config". */
    name?: string;
    /** Values to store, one string per env var; required to create. Marked secret here. */
    values?: Record<string, pulumi.Input<string>>;
    /** Name or ARN of an existing secret to adopt; the component then never writes it. */
    existing?: string;
    /** Customer-managed KMS key of a created secret; default the account's `aws/secretsmanager` key. */
    kmsKeyArn?: string;
    /** The secret's replica in a second region, which ASCP also reads: created with a created secret (on `kmsKeyArn` there, default that region's `aws/secretsmanager` key); an adopted secret must already have it. */
    replica?: { region: string; kmsKeyArn?: string };
    /** Days a deleted secret keeps its name: 0, or 7 to 30. Default 30. */
    recoveryWindowInDays?: number;
    /** Pulumi `protect` on the created secret. Default true. */
    protect?: boolean;
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
            const secretName = args.name ?? DEFAULTS.secretName;
            const secret = new aws.secretsmanager.Secret(
                `${name}-secretsmanager`,
                {
                    name: secretName,
                    description: "Portkey AI Gateway environment (one key per env var); managed by Pulumi",
                    kmsKeyId: args.kmsKeyArn,
                    replicas: args.replica ? [{ region: args.replica.region, kmsKeyId: args.replica.kmsKeyArn }] : undefined,
                    recoveryWindowInDays: args.recoveryWindowInDays ?? DEFAULTS.recoveryWindowInDays,
                },
                { parent: this, protect: args.protect ?? true },
            );
            const value = pulumi.secret(pulumi.all(args.values).apply((v) => secretJson(v)));
            const version = new aws.secretsmanager.SecretVersion(`${name}-value`, { secretId: secret.id, secretString: value }, { parent: this });
            this.objectName = secretName;
            this.arn = secret.arn;
            this.ready = [version];
        }
        this.registerOutputs({ arn: this.arn, objectName: this.objectName });
    }
}
