// The layouts: a cluster from another stack, a secret in another account, a failover region.
// ASCP reads the primary and the failover region on every mount; a 4xx from either fails it.
import * as assert from "assert";
import { assertNotEchoed, ruleInput, run, Overrides } from "../testing";
import { failoverKeyInFailoverRegion, failoverKeysPaired, failoverRegionDiffers, fromStackExcludesCreate } from "./layouts";

const KMS_EU = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const KMS_US = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("fromStackExcludesCreate", () => {
    const check = (cluster: Overrides["cluster"]) => run(fromStackExcludesCreate, ruleInput({ cluster }));
    it("rejects a cluster both taken from another stack and created here", () => {
        const list = check({ fromStack: "acme/infra/prod", create: true });
        assert.deepStrictEqual(list, [
            "portkey-gateway:cluster.fromStack: cannot be combined with cluster.create true: the cluster either comes from another stack or is created here. Fix: remove cluster.create, or remove cluster.fromStack.",
        ]);
        assertNotEchoed(list, "acme/infra/prod");
    });
    it("accepts either alone", () => {
        assert.deepStrictEqual(check({ fromStack: "acme/infra/prod", create: false }), []);
        assert.deepStrictEqual(check({ create: true }), []);
    });
});

describe("failoverRegionDiffers", () => {
    const check = (failoverRegion: string | undefined, region: string | undefined) =>
        run(failoverRegionDiffers, ruleInput({ secret: { failoverRegion } }, {}, region));
    it("rejects the stack's own region as the failover region", () =>
        assert.deepStrictEqual(check("eu-west-1", "eu-west-1"), [
            "portkey-gateway:secret.failoverRegion: is the stack's own region (aws:region); ASCP needs a second region. Fix: set another region, one where the secret has a replica.",
        ]));
    it("accepts another region, no failover, or a stack without a region", () => {
        assert.deepStrictEqual(check("us-west-2", "eu-west-1"), []);
        assert.deepStrictEqual(check(undefined, "eu-west-1"), []);
        assert.deepStrictEqual(check("eu-west-1", undefined), []);
        assert.deepStrictEqual(check(undefined, undefined), []);
    });
});

describe("failoverKeyInFailoverRegion", () => {
    // A replica is encrypted with a KMS key of its own region (Secrets Manager ReplicateSecretToRegions).
    const check = (failoverRegion: string | undefined, failoverKmsKeyArn: string | undefined) =>
        run(failoverKeyInFailoverRegion, ruleInput({ secret: { failoverRegion, failoverKmsKeyArn } }));
    it("rejects a replica key in another region", () =>
        assert.deepStrictEqual(check("us-west-2", KMS_EU), [
            "portkey-gateway:secret.failoverKmsKeyArn: is not in secret.failoverRegion, and a replica is encrypted with a key of its own region. Fix: use a key in secret.failoverRegion.",
        ]));
    it("accepts a key in the failover region, or no key, or no failover region", () => {
        assert.deepStrictEqual(check("us-west-2", KMS_US), []);
        assert.deepStrictEqual(check("us-west-2", undefined), []);
        assert.deepStrictEqual(check(undefined, KMS_EU), []);
        assert.deepStrictEqual(check("us-west-2", "not-an-arn"), []);
    });
});

describe("failoverKeysPaired", () => {
    const withoutPrimary =
        "portkey-gateway:secret.failoverKmsKeyArn: is set but the primary uses the aws/secretsmanager key (secret.kmsKeyArn is not set). Fix: remove secret.failoverKmsKeyArn, or set secret.kmsKeyArn to the primary's customer-managed key.";
    const required =
        "portkey-gateway:secret.failoverKmsKeyArn: is required with secret.kmsKeyArn and secret.failoverRegion: the replica needs a customer-managed key in its own region. Fix: set secret.failoverKmsKeyArn to a key in secret.failoverRegion.";
    const check = (secret: Overrides["secret"], raw: Record<string, unknown> = { secret }) => run(failoverKeysPaired, ruleInput({ secret }, raw));
    it("rejects a replica key without a primary key", () =>
        assert.deepStrictEqual(check({ failoverRegion: "us-west-2", failoverKmsKeyArn: KMS_US }), [withoutPrimary]));
    it("asks for a replica key when the primary has one", () => {
        assert.deepStrictEqual(check({ failoverRegion: "us-west-2", kmsKeyArn: KMS_EU }), [required]);
        assert.deepStrictEqual(check({ failoverRegion: "us-west-2", kmsKeyArn: KMS_EU }, { secret: "text" }), [required]);
    });
    it("reports a written but rejected replica key only once, by its own check", () =>
        assert.deepStrictEqual(check({ failoverRegion: "us-west-2", kmsKeyArn: KMS_EU }, { secret: { failoverKmsKeyArn: "alias/x" } }), []));
    it("accepts both keys, neither, or no failover region", () => {
        assert.deepStrictEqual(check({ failoverRegion: "us-west-2", kmsKeyArn: KMS_EU, failoverKmsKeyArn: KMS_US }), []);
        assert.deepStrictEqual(check({ failoverRegion: "us-west-2" }), []);
        assert.deepStrictEqual(check({ kmsKeyArn: KMS_EU }), []);
        assert.deepStrictEqual(check({ failoverKmsKeyArn: KMS_US }), []);
    });
});
