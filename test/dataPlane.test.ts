// The log store, Bedrock and the dataservice's buckets on the pods' own roles (docs/data-plane.md), planned
// whole: a private bucket, two role policies an IAM evaluation allows for exactly each pod's needs, the
// chart's environment on both pods, no key anywhere.
import program = require("../index");
import * as assert from "assert";
import { OFFLINE_MARK } from "../config/rules/cloud";
import { evaluate } from "../derive/testing";
import { fakeCloud } from "../offline/fakeCloud";
import { runProgram } from "../offline/run";
import { all, baseConfig, find, gatewayValues, plan, policy, rawConfig, shippedPlan, T } from "./testing";

const ACCOUNT = "123456789012";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const PROFILE = "eu.amazon.nova-pro-v1:0";

function config(extra: Record<string, unknown> = {}) {
    return baseConfig({
        secretValues: { OPENAI_API_KEY: "sk-test", PORTKEY_CLIENT_AUTH: "pk-test" },
        env: { LOG_LEVEL: "info", ORGANISATIONS_TO_SYNC: "org-1" },
        gateway: {
            values: { images: { gatewayImage: { repository: "docker.io/portkeyai/gateway_enterprise" } } },
            image: "enterprise",
            imagePullSecrets: ["portkey-pull"],
            dataservice: { enabled: true, finetunesBucket: "create", logExportsBucket: "acme-exports" },
        },
        logStore: { bucket: "create", kmsKeyArn: KEY, retentionDays: 30 },
        bedrock: { models: [MODEL, PROFILE], regions: ["eu-west-1", "eu-central-1"] },
        ...extra,
    });
}

const BUCKET = "aws:s3/bucket:Bucket";

describe("program: the data plane on the pods' roles", () => {
    it("creates each bucket private by construction, kept on a protected stack", async () => {
        const p = await plan(config());
        const buckets = all(p, BUCKET);
        assert.deepStrictEqual(buckets.map((b) => b.name).sort(), ["portkey-finetunes-bucket", "portkey-logs-bucket"]);
        const logs = find(p, BUCKET, "portkey-logs-bucket");
        assert.match(String(logs.inputs.bucket), new RegExp(`^portkey-logs-${ACCOUNT}-[0-9a-f]{8}$`));
        assert.strictEqual(logs.inputs.forceDestroy, false);
        assert.deepStrictEqual([logs.options?.protect, logs.options?.retainOnDelete], [true, true]);
        // Removed from the stack, a kept bucket keeps every setting that makes it private and expiring.
        const settings = p.resources.filter((r) => r.parent === "portkey-logs" && r.type !== BUCKET);
        assert.strictEqual(settings.length, 5);
        for (const r of settings) assert.deepStrictEqual([r.type, r.options?.protect, r.options?.retainOnDelete], [r.type, true, true]);
        assert.deepStrictEqual(find(p, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "portkey-logs-public-access").inputs, {
            bucket: "portkey-logs-bucket-id",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.deepStrictEqual(find(p, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "portkey-logs-ownership").inputs.rule, {
            objectOwnership: "BucketOwnerEnforced",
        });
        assert.deepStrictEqual(
            find(p, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "portkey-logs-encryption").inputs.rules,
            [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
        );
        const tls = JSON.parse(String(find(p, "aws:s3/bucketPolicy:BucketPolicy", "portkey-logs-policy").inputs.policy));
        assert.strictEqual(
            evaluate(tls, { action: "s3:PutObject", resource: `arn:aws:s3:::${String(logs.inputs.bucket)}/x`, context: { "aws:SecureTransport": "false" } }),
            "deny",
        );
        assert.deepStrictEqual(find(p, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "portkey-logs-lifecycle").inputs.rules, [
            { id: "retention", status: "Enabled", filter: { prefix: "" }, expiration: { days: 30 } },
        ]);
        // No retention on the fine-tuning bucket: no lifecycle rule.
        assert.strictEqual(all(p, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").length, 1);
        // The gateway's release waits for the buckets with their settings.
        const release = find(p, "portkey:gateway:GatewayRelease");
        for (const dep of ["portkey-logs-bucket", "portkey-logs-policy", "portkey-finetunes-encryption"]) assert.ok(release.dependsOn.includes(dep), dep);
    });

    it("two role policies, evaluated: exactly each pod's needs", async () => {
        const p = await plan(config());
        const logs = String(find(p, BUCKET, "portkey-logs-bucket").inputs.bucket);
        const ft = String(find(p, BUCKET, "portkey-finetunes-bucket").inputs.bucket);
        const gw = policy(p, T.rolePolicy, "portkey-role-data-plane", "policy");
        const ds = policy(p, T.rolePolicy, "portkey-dataservice-role-data-plane", "policy");
        const own = { "s3:ResourceAccount": ACCOUNT };
        const obj = (b: string) => `arn:aws:s3:::${b}/30/org/log.json`;
        for (const doc of [gw, ds]) {
            assert.strictEqual(evaluate(doc, { action: "s3:PutObject", resource: obj(logs), context: own }), "allow");
            assert.strictEqual(evaluate(doc, { action: "s3:PutObject", resource: obj(logs), context: { "s3:ResourceAccount": "444455556666" } }), "deny");
            assert.strictEqual(evaluate(doc, { action: "s3:DeleteObject", resource: obj(logs), context: own }), "deny");
        }
        assert.strictEqual(evaluate(gw, { action: "s3:GetObject", resource: obj(ft), context: own }), "deny");
        assert.strictEqual(evaluate(ds, { action: "s3:DeleteObject", resource: obj(ft), context: own }), "allow");
        assert.strictEqual(evaluate(ds, { action: "s3:DeleteObject", resource: obj("acme-exports"), context: own }), "allow");
        const fm = (r: string, id: string) => `arn:aws:bedrock:${r}::foundation-model/${id}`;
        assert.strictEqual(evaluate(gw, { action: "bedrock:InvokeModel", resource: fm("eu-central-1", MODEL) }), "allow");
        assert.strictEqual(evaluate(gw, { action: "bedrock:InvokeModel", resource: fm("eu-central-1", "amazon.nova-pro-v1:0") }), "allow");
        assert.strictEqual(evaluate(gw, { action: "bedrock:InvokeModel", resource: fm("eu-west-1", "meta.llama3-70b-instruct-v1:0") }), "deny");
        assert.strictEqual(evaluate(ds, { action: "bedrock:InvokeModel", resource: fm("eu-west-1", MODEL) }), "deny");
        // Each role still reads the secret through its own policy, and is trusted by its own account alone.
        assert.ok(find(p, T.rolePolicy, "portkey-dataservice-role-read-secret"));
    });

    it("the chart's environment carries the log store and the buckets as literals, and no key", async () => {
        const p = await plan(config());
        const v = gatewayValues(p);
        const logs = String(find(p, BUCKET, "portkey-logs-bucket").inputs.bucket);
        const ft = String(find(p, BUCKET, "portkey-finetunes-bucket").inputs.bucket);
        assert.deepStrictEqual(
            {
                LOG_STORE: v.environment.data.LOG_STORE,
                LOG_STORE_REGION: v.environment.data.LOG_STORE_REGION,
                LOG_STORE_GENERATIONS_BUCKET: v.environment.data.LOG_STORE_GENERATIONS_BUCKET,
                FINETUNES_BUCKET: v.environment.data.FINETUNES_BUCKET,
                LOG_EXPORTS_BUCKET: v.environment.data.LOG_EXPORTS_BUCKET,
            },
            {
                LOG_STORE: "s3_assume",
                LOG_STORE_REGION: "eu-west-1",
                LOG_STORE_GENERATIONS_BUCKET: logs,
                FINETUNES_BUCKET: ft,
                LOG_EXPORTS_BUCKET: "acme-exports",
            },
        );
        assert.ok(!v.environment.secretKeys.some((k: string) => k.startsWith("LOG_STORE")));
        assert.ok(!v.environment.data.LOG_STORE_ACCESS_KEY && !v.environment.data.LOG_STORE_SECRET_KEY);
        // The Portkey integration's settings.
        assert.deepStrictEqual(p.outputs.bedrock, {
            authType: "AWS Service Role",
            roleArn: `arn:aws:iam::${ACCOUNT}:role/portkey-role-iam`,
            region: "eu-west-1",
        });
        assert.deepStrictEqual(p.outputs.logStore, { bucket: logs, region: "eu-west-1" });
        assert.strictEqual(p.outputs.dataserviceRoleArn, `arn:aws:iam::${ACCOUNT}:role/portkey-dataservice-role-iam`);
    });

    // docs/upstream-facts.md#bedrock-profile-destinations: only Bedrock's GetInferenceProfile knows where a profile routes.
    it("offline, a profile's destinations are asked, never judged, and listed as not checked", async () => {
        const p = await plan(config());
        assert.ok(p.calls.includes("aws:bedrock/getInferenceProfile:getInferenceProfile"), p.calls.join(", "));
        assert.ok(
            p.notCheckedOffline.includes("bedrock.models: destination regions of each inference profile (Bedrock GetInferenceProfile)"),
            p.notCheckedOffline.join("\n"),
        );
    });

    it("with Bedrock's answer declared (as preview gets it), a destination missing from bedrock.regions stops the run before any resource", async () => {
        // A declared answer: the profile routes to a third EU region the stack does not list.
        const routes = ["eu-west-1", "eu-central-1", "eu-west-3"].map((r) => `arn:aws:bedrock:${r}::foundation-model/amazon.nova-pro-v1:0`);
        const seen: string[] = [];
        const err = await runProgram(program, rawConfig(config()), (type) => seen.push(type), { inferenceProfiles: { [PROFILE]: routes } }).then(
            () => "",
            (e: Error) => e.message,
        );
        assert.match(err, /bedrock\.regions: lacks eu-west-3, where bedrock\.models\[1\] \(eu\.amazon\.nova-pro-v1:0\) routes requests/);
        assert.deepStrictEqual(
            seen.filter((t) => t !== "pulumi:pulumi:Stack"),
            [],
        );
    });

    it("the fake cloud invents no destination: an undeclared profile's model ARN is unknown, a declared one is answered as declared", () => {
        const ask = (options = {}) =>
            fakeCloud("eu-west-1", options).call({
                token: "aws:bedrock/getInferenceProfile:getInferenceProfile",
                inputs: { inferenceProfileId: PROFILE },
            }) as Record<string, unknown>;
        assert.deepStrictEqual(ask().models, [{ modelArn: OFFLINE_MARK }]);
        const declared = ["eu-west-1", "eu-west-3"].map((r) => `arn:aws:bedrock:${r}::foundation-model/amazon.nova-pro-v1:0`);
        assert.deepStrictEqual(
            ask({ inferenceProfiles: { [PROFILE]: declared } }).models,
            declared.map((modelArn) => ({ modelArn })),
        );
    });

    it("a stack that is not production-like lets destroy remove its buckets", async () => {
        const p = await plan(config({ protect: false }));
        const logs = find(p, BUCKET, "portkey-logs-bucket");
        assert.strictEqual(logs.inputs.forceDestroy, true);
        assert.ok(!logs.options?.protect && !logs.options?.retainOnDelete);
        const settings = p.resources.filter((r) => r.parent === "portkey-logs" && r.type !== BUCKET);
        assert.ok(settings.length > 0 && settings.every((r) => !r.options?.protect && !r.options?.retainOnDelete));
    });

    // docs/upstream-facts.md#awsx-vpc-endpoints: with the Auto strategy a Gateway spec without route tables goes on all of the VPC's.
    it("a VPC the program creates gets an S3 gateway endpoint on its route tables", async () => {
        const vpc = find(await shippedPlan("dev"), "awsx:ec2:Vpc");
        assert.strictEqual(vpc.inputs.vpcEndpointStrategy, "Auto");
        assert.deepStrictEqual(vpc.inputs.vpcEndpointSpecs, [{ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }]);
    });
});
