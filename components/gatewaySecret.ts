import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NOT_CHECKED_OFFLINE, OFFLINE_MARK } from "../config/rules/cloud";
import { DEFAULTS } from "../derive/defaults";
import { secretJson } from "../derive/secret";
import { secretKeysMessage, secretKeysProblems } from "../derive/secretKeysCheck";
import { failoverObjectName } from "../derive/secretProviderClass";

export interface GatewaySecretArgs {
    /** Name of the secret to create; ignored when `existing` is set. @default "portkey/gateway/config" */
    name?: string;
    /** Values to store, one string per env var; required to create. Marked secret here. */
    values?: Record<string, pulumi.Input<string>>;
    /** Name or ARN of an existing secret to adopt; the component then never writes it. */
    existing?: string;
    /** Customer-managed KMS key of a created secret; default the account's `aws/secretsmanager` key. */
    kmsKeyArn?: string;
    /** The secret's replica in a second region, which ASCP also reads: created with a created secret (on `kmsKeyArn` there, default that region's `aws/secretsmanager` key); an adopted secret must already have it. */
    replica?: { region: string; kmsKeyArn?: string };
    /** Days a deleted secret keeps its name: 0, or 7 to 30. @default 30 */
    recoveryWindowInDays?: number;
    /** Pulumi `protect` on the created secret. @default true */
    protect?: boolean;
    /** Read an adopted secret at preview and up and check `mountedKeys` in it. @default true */
    checkKeys?: boolean;
    /** Keys the SecretProviderClass mounts (jmesPath); each must be a string in an adopted secret's JSON. */
    mountedKeys?: string[];
}

/**
 * The Secrets Manager secret holding the gateway's env values as one JSON object, either created
 * from encrypted stack config or adopted by name or ARN (the program then never writes it).
 */
export class GatewaySecret extends pulumi.ComponentResource {
    /** A created secret; undefined when adopted. */
    readonly secret?: aws.secretsmanager.Secret;
    /** ARN of a created secret; undefined when adopted (the IAM policy then scopes by name). */
    readonly arn?: pulumi.Output<string>;
    /** What the SecretProviderClass names: the secret's name, or the adopted name or ARN. */
    readonly objectName: string;
    /** What must exist before a pod mounts the secret: its value. */
    readonly ready: pulumi.Resource[] = [];
    /**
     * `objectName`, known only once an adopted secret's keys passed the check (at once otherwise).
     * Kubernetes resources take an input through it, so a failed check registers none of them.
     */
    readonly checkedObjectName: pulumi.Output<string>;

    constructor(name: string, args: GatewaySecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:secrets:GatewaySecret", name, {}, opts);
        if (args.existing !== undefined) {
            this.objectName = args.existing;
            this.checkedObjectName =
                args.checkKeys === false ? pulumi.output(args.existing) : this.keysChecked(args.existing, args.mountedKeys ?? [], args.replica?.region);
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
            this.secret = secret;
            this.arn = secret.arn;
            this.ready = [version];
            this.checkedObjectName = pulumi.output(secretName);
        }
        this.registerOutputs({ arn: this.arn, objectName: this.objectName });
    }

    /**
     * `ref` once its current value (and its replica's, when it has one: ASCP reads both on every
     * mount) holds every key as a string, else an error naming keys and JSON types. The values stay
     * secret and inside this check: only the ref leaves it, unsecreted.
     */
    private keysChecked(ref: string, keys: string[], replicaRegion?: string): pulumi.Output<string> {
        const copies = [{ ref, region: undefined as string | undefined }];
        if (replicaRegion !== undefined) copies.push({ ref: failoverObjectName(ref, replicaRegion), region: replicaRegion });
        const verdicts = copies.map((c) => {
            const version = aws.secretsmanager.getSecretVersionOutput({ secretId: c.ref, region: c.region }, { parent: this });
            const where = c.region === undefined ? c.ref : `${c.ref} (replica in ${c.region})`;
            return pulumi.all([version.versionId, pulumi.secret(version.secretString)]).apply(([versionId, value]) => {
                // An offline plan without the secret's value: reported, never judged (config/rules/cloud.ts).
                if (versionId === OFFLINE_MARK) {
                    void pulumi.log.info(`${NOT_CHECKED_OFFLINE}secretKeys: that ${where} holds each mounted key as a string (Secrets Manager GetSecretValue)`);
                    return ref;
                }
                const problems = secretKeysProblems(value, keys);
                if (problems.length > 0) throw new pulumi.ResourceError(secretKeysMessage(where, problems), this, true);
                return ref;
            });
        });
        return pulumi.unsecret(pulumi.all(verdicts).apply(() => ref));
    }
}
