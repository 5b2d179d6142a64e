import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PrivateBucketSpec } from "../derive/dataPlane";

export interface PrivateBucketArgs {
    /** The bucket's settings (derive/dataPlane.ts `privateBucketSpec`); its name names the account, known at deploy time. */
    spec: pulumi.Input<PrivateBucketSpec>;
    /** Whether the spec has a retention (known before the account is): the lifecycle rule. */
    expires: boolean;
    /**
     * Keep the bucket: Pulumi `protect` and `retainOnDelete` (a production-like stack); otherwise
     * `forceDestroy`, so a dev stack's `destroy` removes it with its objects.
     */
    retain: boolean;
}

/**
 * An S3 bucket that is private by construction: Block Public Access on all four settings, ACLs off
 * (BucketOwnerEnforced), default encryption, a TLS-only bucket policy and, with a retention, a
 * lifecycle rule. @pulumi/aws 7 keeps each setting in its own resource (docs/upstream-facts.md#s3-v7-resources).
 */
export class PrivateBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly name: pulumi.Output<string>;
    /** The bucket with every setting applied: what must exist before a pod writes to it. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: PrivateBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:dataPlane:PrivateBucket", name, {}, opts);
        const s = pulumi.output(args.spec);
        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { bucket: s.name, tags: s.tags, forceDestroy: !args.retain },
            { parent: this, protect: args.retain, retainOnDelete: args.retain },
        );
        // A kept bucket keeps its settings too: removed from the stack, it must not be left public, without TLS or without expiry.
        const child = { parent: this, protect: args.retain, retainOnDelete: args.retain };
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket: bucket.id,
                blockPublicAcls: s.publicAccessBlock.blockPublicAcls,
                blockPublicPolicy: s.publicAccessBlock.blockPublicPolicy,
                ignorePublicAcls: s.publicAccessBlock.ignorePublicAcls,
                restrictPublicBuckets: s.publicAccessBlock.restrictPublicBuckets,
            },
            child,
        );
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: s.objectOwnership } }, child);
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: s.encryption.apply(({ bucketKeyEnabled: _, ...d }) => d),
                        bucketKeyEnabled: s.encryption.bucketKeyEnabled,
                    },
                ],
            },
            child,
        );
        // The policy after Block Public Access: S3 checks a new policy against it.
        const policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: bucket.id, policy: s.policy.apply((d) => JSON.stringify(d)) },
            { ...child, dependsOn: [publicAccess, ownership] },
        );
        const lifecycle = !args.expires
            ? []
            : [
                  new aws.s3.BucketLifecycleConfiguration(
                      `${name}-lifecycle`,
                      {
                          bucket: bucket.id,
                          rules: [{ id: "retention", status: "Enabled", filter: { prefix: "" }, expiration: { days: s.apply((x) => x.expirationDays!) } }],
                      },
                      child,
                  ),
              ];
        this.bucket = bucket;
        this.name = bucket.bucket;
        this.ready = [bucket, publicAccess, ownership, encryption, policy, ...lifecycle];
        this.registerOutputs({ name: this.name });
    }
}
