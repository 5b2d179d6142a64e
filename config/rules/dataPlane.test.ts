import * as assert from "assert";
import { gatewayDataPlanePolicy } from "../../derive/dataPlane";
import { MINIMAL, onMinimal, problemsOfRaw, rawMap, ruleInput, run, settingsOf } from "../testing";
import {
    bedrockSettings,
    dataPlanePolicyFits,
    dataPlaneWarnings,
    enterpriseTag,
    isStaticCredentialKey,
    logStoreSettings,
    managedDataPlaneKeys,
    noStaticKeysWithRole,
    podIdentityGatewayVersion,
} from "./dataPlane";

const ENTERPRISE = { values: {} };
const problems = (cfg: Record<string, unknown>) => {
    const { raw, secretKeys } = rawMap(onMinimal(cfg));
    return problemsOfRaw(raw, secretKeys);
};
const about = (list: string[], key: string) => list.filter((l) => l.startsWith(`portkey-gateway:${key}: `));
const LOG = { logStore: { bucket: "create" }, gateway: ENTERPRISE };
const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

describe("data plane: no keys where the role serves", () => {
    // The issue's own case: LOG_STORE s3 with both keys in secretValues, now with logStore set.
    it("refuses the log store's keys in secretValues with logStore set, naming each key and the fix", () => {
        const list = problems({
            ...LOG,
            secretValues: { OPENAI_API_KEY: "sk-minimal", LOG_STORE_ACCESS_KEY: "AKIAEXAMPLE1", LOG_STORE_SECRET_KEY: "secretexample1" },
        });
        for (const k of ["LOG_STORE_ACCESS_KEY", "LOG_STORE_SECRET_KEY"]) {
            const own = about(list, `secretValues.${k}`);
            assert.strictEqual(own.length, 1, list.join("\n"));
            assert.match(own[0], /long-lived credential.*silently replace it.*Fix: remove/);
        }
        // The values themselves are never quoted.
        assert.ok(!list.some((l) => l.includes("AKIAEXAMPLE1") || l.includes("secretexample1")));
    });

    it("refuses the SDK's credential variables in env and secretKeys with bedrock set, and any AWS_CONTAINER_CREDENTIALS_*", () => {
        const list = problems({
            bedrock: { models: [MODEL] },
            gateway: ENTERPRISE,
            env: { AWS_PROFILE: "x", AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials" },
            secretKeys: ["OPENAI_API_KEY", "AWS_ACCESS_KEY_ID"],
            secret: { existing: "team/portkey" },
            secretValues: undefined,
        });
        assert.strictEqual(about(list, "env.AWS_PROFILE").length, 1);
        assert.strictEqual(about(list, "env.AWS_CONTAINER_CREDENTIALS_FULL_URI").length, 1);
        assert.ok(about(list, "secretKeys").some((l) => l.includes("AWS_ACCESS_KEY_ID")));
    });

    it("the list is the issue's: the log store and Bedrock keys, and the SDK's chain", () => {
        // Issue 27, "No keys where the role serves", written out rather than read from the constant.
        const issue = [
            "LOG_STORE_ACCESS_KEY",
            "LOG_STORE_SECRET_KEY",
            "AWS_ASSUME_ROLE_ACCESS_KEY_ID",
            "AWS_ASSUME_ROLE_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_SHARED_CREDENTIALS_FILE",
            "AWS_ROLE_ARN",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        ];
        for (const k of issue) assert.ok(isStaticCredentialKey(k), k);
        for (const k of ["AWS_REGION", "AWS_ASSUME_ROLE_REGION", "LOG_STORE_REGION", "OPENAI_API_KEY"]) assert.ok(!isStaticCredentialKey(k), k);
    });

    it("refuses the same keys where the chart's values add env vars: extraEnv, the dataservice's extraEnv and env", () => {
        const list = problems({
            ...LOG,
            gateway: {
                values: {
                    extraEnv: [
                        { name: "OTHER", value: "1" },
                        { name: "AWS_ACCESS_KEY_ID", value: "AKIAEXAMPLE2" },
                    ],
                    dataservice: { env: { AWS_SECRET_ACCESS_KEY: "secretexample2" }, deployment: { extraEnv: [{ name: "AWS_SESSION_TOKEN", value: "t" }] } },
                },
            },
        });
        assert.strictEqual(about(list, "gateway.values.extraEnv[1].name").length, 1, list.join("\n"));
        assert.strictEqual(about(list, "gateway.values.dataservice.env.AWS_SECRET_ACCESS_KEY").length, 1);
        assert.strictEqual(about(list, "gateway.values.dataservice.deployment.extraEnv[0].name").length, 1);
        assert.deepStrictEqual(about(list, "gateway.values.extraEnv[0].name"), []);
        assert.ok(!list.some((l) => l.includes("AKIAEXAMPLE2") || l.includes("secretexample2")));
    });

    it("without logStore or bedrock, keys are not refused (another store, or a stack not migrated yet)", () => {
        const list = problems({ gateway: ENTERPRISE, secretValues: { OPENAI_API_KEY: "sk-minimal", LOG_STORE_ACCESS_KEY: "AKIAEXAMPLE1" } });
        assert.deepStrictEqual(about(list, "secretValues.LOG_STORE_ACCESS_KEY"), []);
    });
});

describe("data plane: the warning", () => {
    const warn = (cfg: Record<string, unknown>) => dataPlaneWarnings(settingsOf(onMinimal(cfg)));
    it("S3 (s3 or s3_assume) with keys and no logStore names the keyless alternative", () => {
        for (const store of ["s3", "s3_assume"]) {
            const w = warn({ env: { LOG_STORE: store }, secretValues: { OPENAI_API_KEY: "sk-minimal", LOG_STORE_ACCESS_KEY: "a", LOG_STORE_SECRET_KEY: "b" } });
            assert.strictEqual(w.length, 1, store);
            assert.match(w[0], /logStore\.bucket/);
        }
    });
    it("not for gcs, azure, an S3-compatible endpoint, or a stack on the role already", () => {
        const keys = { OPENAI_API_KEY: "sk-minimal", LOG_STORE_ACCESS_KEY: "a", LOG_STORE_SECRET_KEY: "b" };
        assert.deepStrictEqual(warn({ env: { LOG_STORE: "gcs" }, secretValues: keys }), []);
        assert.deepStrictEqual(warn({ env: { LOG_STORE: "azure" }, secretValues: keys }), []);
        assert.deepStrictEqual(warn({ env: { LOG_STORE: "s3", LOG_STORE_BASEPATH: "https://minio.internal:9000" }, secretValues: keys }), []);
        assert.deepStrictEqual(warn({ env: { LOG_STORE: "s3" }, secretValues: { OPENAI_API_KEY: "sk-minimal" } }), []);
    });
});

describe("data plane: settings", () => {
    it("the program's log store keys may not be set by the stack", () => {
        const list = problems({ ...LOG, env: { LOG_STORE_GENERATIONS_BUCKET: "other", LOG_STORE_BASEPATH: "https://x" } });
        assert.strictEqual(about(list, "env.LOG_STORE_GENERATIONS_BUCKET").length, 1);
        assert.strictEqual(about(list, "env.LOG_STORE_BASEPATH").length, 1);
        const ds = problems({ gateway: { ...ENTERPRISE, dataservice: { enabled: true, finetunesBucket: "create" } }, env: { FINETUNES_BUCKET: "x" } });
        assert.strictEqual(about(ds, "env.FINETUNES_BUCKET").length, 1);
    });

    it("logStore needs a bucket; a created bucket is in the stack's region and account", () => {
        assert.strictEqual(about(problems({ logStore: { region: "eu-west-1" }, gateway: ENTERPRISE }), "logStore.bucket").length, 1);
        assert.strictEqual(about(problems({ logStore: { bucket: "create", region: "us-east-1" }, gateway: ENTERPRISE }), "logStore.region").length, 1);
        assert.strictEqual(
            about(problems({ logStore: { bucket: "create", bucketAccountId: "444455556666" }, gateway: ENTERPRISE }), "logStore.bucketAccountId").length,
            1,
        );
        assert.deepStrictEqual(about(problems({ logStore: { bucket: "acme-logs", region: "us-east-1" }, gateway: ENTERPRISE }), "logStore.region"), []);
    });

    // docs/upstream-facts.md#s3-kms-key-region: SSE-KMS takes a key in the bucket's region.
    it("a customer-managed key must be in the bucket's region: logStore.region, else the stack's", () => {
        const key = (region: string) => `arn:aws:kms:${region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const created = problems({ logStore: { bucket: "create", kmsKeyArn: key("us-west-2") }, gateway: ENTERPRISE });
        const own = about(created, "logStore.kmsKeyArn");
        assert.strictEqual(own.length, 1, created.join("\n"));
        assert.match(own[0], /in us-west-2, but the bucket is in eu-west-1.*Fix: use a customer-managed key in eu-west-1/);
        assert.deepStrictEqual(about(problems({ logStore: { bucket: "create", kmsKeyArn: key("eu-west-1") }, gateway: ENTERPRISE }), "logStore.kmsKeyArn"), []);
        const existing = problems({ logStore: { bucket: "acme-logs", region: "us-west-2", kmsKeyArn: key("us-west-2") }, gateway: ENTERPRISE });
        assert.deepStrictEqual(about(existing, "logStore.kmsKeyArn"), []);
        assert.strictEqual(
            about(problems({ logStore: { bucket: "acme-logs", region: "us-west-2", kmsKeyArn: key("eu-west-1") }, gateway: ENTERPRISE }), "logStore.kmsKeyArn")
                .length,
            1,
        );
    });

    it("bucket names are checked as S3 names; retention only for a created bucket", () => {
        assert.strictEqual(about(problems({ logStore: { bucket: "Acme_Logs" }, gateway: ENTERPRISE }), "logStore.bucket").length, 1);
        assert.strictEqual(about(problems({ logStore: { bucket: "acme-logs", retentionDays: 30 }, gateway: ENTERPRISE }), "logStore.retentionDays").length, 1);
        assert.deepStrictEqual(
            problems({ logStore: { bucket: "create", retentionDays: 30 }, gateway: ENTERPRISE }).filter((l) => l.includes("logStore")),
            [],
        );
    });

    it("bedrock: models required; a global profile refused with the reason; a profile needs a region of its geography", () => {
        assert.strictEqual(about(problems({ bedrock: { regions: ["eu-west-1"] }, gateway: ENTERPRISE }), "bedrock.models").length, 1);
        const global = about(problems({ bedrock: { models: ["global.anthropic.claude-sonnet-4-5-20250929-v1:0"] }, gateway: ENTERPRISE }), "bedrock.models[0]");
        assert.match(global[0], /global inference profile.*every region/);
        assert.strictEqual(about(problems({ bedrock: { models: ["*"] }, gateway: ENTERPRISE }), "bedrock.models[0]").length, 1);
        // The stack is in eu-west-1: a us. profile needs US regions listed.
        assert.strictEqual(about(problems({ bedrock: { models: ["us.amazon.nova-pro-v1:0"] }, gateway: ENTERPRISE }), "bedrock.regions").length, 1);
        assert.deepStrictEqual(
            problems({ bedrock: { models: ["us.amazon.nova-pro-v1:0", MODEL], regions: ["us-east-1", "us-west-2"] }, gateway: ENTERPRISE }).filter((l) =>
                l.includes("bedrock"),
            ),
            [],
        );
    });

    it("a Bedrock grant too large for IAM's inline policy limit is refused; an ordinary one fits", () => {
        const models = Array.from({ length: 40 }, (_, i) => `anthropic.claude-model-${i}-v1:0`);
        const big = problems({ bedrock: { models, regions: ["eu-west-1", "eu-central-1", "eu-west-3"] }, gateway: ENTERPRISE });
        assert.match(about(big, "bedrock.models")[0], /over the 9000 its inline policies leave \(IAM allows 10,240 per role\)/);
        assert.deepStrictEqual(
            about(problems({ bedrock: { models: models.slice(0, 5), regions: ["eu-west-1", "eu-central-1"] }, gateway: ENTERPRISE }), "bedrock.models"),
            [],
        );
    });

    it("the open-source image cannot use the role: logStore and bedrock are refused with the reason", () => {
        const list = problems({ logStore: { bucket: "create" }, bedrock: { models: [MODEL] } });
        for (const k of ["logStore", "bedrock"]) assert.match(about(list, k)[0], /open-source gateway has no S3 log store and cannot use the pod's role/);
    });

    it("Pod Identity needs enterprise gateway 1.16.4 or later for its own AWS calls, named in the message", () => {
        const at = (tag: unknown) =>
            about(
                problems({ identity: "pod-identity", ...LOG, gateway: { values: tag === undefined ? {} : { images: { gatewayImage: { tag } } } } }),
                "identity",
            );
        assert.match(at("1.16.3")[0], /1\.16\.3 predates Pod Identity support \(1\.16\.4\)/);
        assert.match(at("latest")[0], /not an exact version/);
        assert.deepStrictEqual(at("1.16.4"), []);
        // The chart's default image, 2.13.0 (Portkey-AI/helm@576a626 charts/portkey-gateway/Chart.yaml appVersion).
        assert.deepStrictEqual(at(undefined), []);
        assert.strictEqual(enterpriseTag({ gateway: { values: {}, chartVersion: "1.7.7" } } as never), "2.13.0");
    });
});

// The rules one at a time, with the exact problems they report (docs/data-plane.md, issue 27).
describe("data plane rules: exact problems", () => {
    const base = ruleInput().s;
    const ent = (values: Record<string, unknown> = {}) => ({ ...base.gateway, image: "enterprise" as const, values });
    const LOG_ON = { bucket: "create", retentionDays: 0 };
    const line = (key: string, what: string, fix: string) => `portkey-gateway:${key}: ${what}. Fix: ${fix}.`;
    const staticKey = (key: string, path: string, on: string) =>
        line(
            path,
            `sets ${key}, a long-lived credential, while ${on} use the pods' own role; static credentials in the environment also come before the role in the AWS SDK's credential chain and would silently replace it`,
            `remove ${key}; the role needs no key (docs/data-plane.md, "Migrating off keys")`,
        );

    it("static keys: one problem per place a key is set (a key listed twice in secretKeys once), naming both settings on the role", () => {
        const out = run(
            noStaticKeysWithRole,
            ruleInput({ logStore: LOG_ON, bedrock: { models: [MODEL] }, secretKeys: ["AWS_PROFILE", "AWS_PROFILE"], env: { AWS_ROLE_ARN: "x" } } as never),
        );
        assert.deepStrictEqual(out, [
            staticKey("AWS_PROFILE", "secretKeys", "logStore and bedrock"),
            staticKey("AWS_ROLE_ARN", "env.AWS_ROLE_ARN", "logStore and bedrock"),
        ]);
    });

    it("keys the program sets: only for the settings that set them, and the fix names the section they were set in", () => {
        const ds = (d: Record<string, unknown>) => ({ ...base.gateway, dataservice: { ...base.gateway.dataservice, enabled: true, ...d } });
        const env = { LOG_EXPORTS_BUCKET: "x", FINETUNES_BUCKET: "y" };
        assert.deepStrictEqual(run(managedDataPlaneKeys, ruleInput({ gateway: ds({ logExportsBucket: "create" }), env } as never)), [
            line(
                "env.LOG_EXPORTS_BUCKET",
                "sets LOG_EXPORTS_BUCKET, which the program sets from gateway.dataservice.logExportsBucket",
                "remove LOG_EXPORTS_BUCKET from env",
            ),
        ]);
        assert.deepStrictEqual(run(managedDataPlaneKeys, ruleInput({ gateway: ds({}), env } as never)), []);
        assert.deepStrictEqual(
            run(managedDataPlaneKeys, ruleInput({ logStore: LOG_ON, secretValues: { OPENAI_API_KEY: "sk-minimal", LOG_STORE_REGION: "eu-west-1" } } as never)),
            [line("secretValues.LOG_STORE_REGION", "sets LOG_STORE_REGION, which the program sets from logStore", "remove LOG_STORE_REGION from secretValues")],
        );
    });

    it("logStore: a created bucket in the stack's region and account is fine; a region is compared only when both are known", () => {
        const at = (logStore: Record<string, unknown>, region?: string) =>
            run(logStoreSettings, ruleInput({ logStore: { retentionDays: 0, ...logStore } } as never, { logStore }, region));
        assert.deepStrictEqual(at({ bucket: "create" }, "eu-west-1"), []);
        assert.deepStrictEqual(at({ bucket: "create", region: "us-east-1" }), []);
        assert.deepStrictEqual(at({ bucket: "create", region: "us-east-1" }, "eu-west-1"), [
            line("logStore.region", "differs from the stack's region, but a created bucket is in the stack's region", "remove logStore.region"),
        ]);
        assert.deepStrictEqual(at({ bucket: "create", bucketAccountId: "444455556666" }, "eu-west-1"), [
            line("logStore.bucketAccountId", "names an account, but a created bucket is in the stack's account", "remove logStore.bucketAccountId"),
        ]);
        assert.deepStrictEqual(at({}, "eu-west-1"), [
            line("logStore.bucket", "is required with logStore", "set it to create, or to an existing bucket's name"),
        ]);
    });

    // docs/upstream-facts.md#bedrock-profiles: eu. routes within eu- regions; bedrock.regions defaults to the stack's region.
    it("bedrock: a profile is checked against the stack's region when bedrock.regions is unset, and against none without one", () => {
        const EU = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0";
        const at = (models: string[], region?: string) => run(bedrockSettings, ruleInput({ bedrock: { models } } as never, MINIMAL, region));
        assert.deepStrictEqual(at([EU], "eu-west-1"), []);
        assert.deepStrictEqual(at([EU]), [
            line(
                "bedrock.regions",
                "names no region of the eu geography that bedrock.models[0] routes within",
                `list the profile's source region and every destination region (\`aws bedrock get-inference-profile --inference-profile-identifier ${EU}\`; pulumi preview checks them against Bedrock)`,
            ),
        ]);
        assert.deepStrictEqual(at(["*"], "eu-west-1"), [
            line(
                "bedrock.models[0]",
                "is neither a foundation model ID (<provider>.<model>) nor a geographic inference profile ID",
                "give an ID such as anthropic.claude-3-5-sonnet-20240620-v1:0 or us.anthropic.claude-sonnet-4-20250514-v1:0 (profiles: us, us-gov, eu, apac)",
            ),
        ]);
    });

    it("Pod Identity's version check applies only to the enterprise image on pod-identity with a setting on the role", () => {
        const at = (identity: string, gateway: ReturnType<typeof ent>, logStore?: object) =>
            run(podIdentityGatewayVersion, ruleInput({ identity, gateway, logStore } as never));
        const old = ent({ images: { gatewayImage: { tag: "1.16.3" } } });
        assert.deepStrictEqual(at("irsa", old, LOG_ON), []);
        assert.deepStrictEqual(at("pod-identity", { ...old, image: "open-source" } as never, LOG_ON), []);
        assert.deepStrictEqual(at("pod-identity", old), []);
        const fix = "run enterprise gateway 1.16.4 or later (gateway.values.images.gatewayImage.tag), or use identity irsa";
        assert.deepStrictEqual(at("pod-identity", old, LOG_ON), [
            line(
                "identity",
                "is pod-identity, but enterprise gateway 1.16.3 predates Pod Identity support (1.16.4): its log store and Bedrock calls would find no credentials",
                fix,
            ),
        ]);
        const inexact = line(
            "identity",
            "is pod-identity, and the gateway's image tag is not an exact version, so whether it reaches its role through Pod Identity (1.16.4 and later) cannot be checked",
            fix,
        );
        for (const tag of ["latest", 20])
            assert.deepStrictEqual(at("pod-identity", ent({ images: { gatewayImage: { tag } } }), LOG_ON), [inexact], String(tag));
        // images set without gatewayImage: the chart's appVersion (Portkey-AI/helm@576a626 charts/portkey-gateway/Chart.yaml).
        assert.strictEqual(enterpriseTag({ gateway: { values: { images: {} }, chartVersion: "1.7.7" } } as never), "2.13.0");
    });

    // docs/upstream-facts.md#iam-inline-size: the gateway role's data-plane policy, measured without whitespace, must fit 9000.
    it("the policy size: the gateway's policy for the stack's partition, region and a 12-digit account; 9000 fits, 9001 does not", () => {
        const ctx = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
        const measure = (bedrock: { models: string[]; regions?: string[] }) => JSON.stringify(gatewayDataPlanePolicy({ bedrock }, {}, ctx)).length;
        const at = (bedrock: { models: string[]; regions?: string[] }, region: string | null = "eu-west-1") =>
            run(dataPlanePolicyFits, ruleInput({ bedrock } as never, MINIMAL, region ?? undefined));
        const over = (size: number) =>
            line(
                "bedrock.models",
                `with bedrock.regions, makes the gateway role's policy about ${size} characters, over the 9000 its inline policies leave (IAM allows 10,240 per role)`,
                "list fewer models or regions",
            );
        // Foundation models in the stack's region only: each character of an ID adds one to the size.
        const models = Array.from({ length: 110 }, (_, i) => `anthropic.claude-model-${i}-v1:0`);
        const pad = 9000 - measure({ models: [...models, "anthropic.x-v1:0"] });
        assert.ok(pad > 0 && pad < 400, String(pad));
        const fits = [...models, `anthropic.x${"y".repeat(pad)}-v1:0`];
        assert.strictEqual(measure({ models: fits }), 9000);
        assert.deepStrictEqual(at({ models: fits }), []);
        const tooBig = [...models, `anthropic.x${"y".repeat(pad + 1)}-v1:0`];
        assert.deepStrictEqual(at({ models: tooBig }), [over(9001)]);
        // A profile's ARN carries the account: the size is the one the stack's role gets.
        const withProfile = { models: ["eu.anthropic.claude-3-7-sonnet-20250219-v1:0", ...models], regions: ["eu-west-1", "eu-central-1"] };
        assert.deepStrictEqual(at(withProfile), [over(measure(withProfile))]);
        // Without the stack's region nothing is measured; a refused model has its own problem.
        assert.deepStrictEqual(at(withProfile, null), []);
        assert.deepStrictEqual(at({ ...withProfile, models: ["*", ...withProfile.models] }), []);
    });
});

describe("data plane: the warning, exactly", () => {
    const warn = (cfg: Record<string, unknown>) => dataPlaneWarnings(settingsOf(onMinimal(cfg)));
    const WARNING =
        "The S3 log store uses long-lived keys (LOG_STORE_ACCESS_KEY, LOG_STORE_SECRET_KEY). Set logStore.bucket (create, or the bucket's name) to write logs on the pods' own role instead, then remove the keys (docs/data-plane.md, \"Migrating off keys\").";
    it("either key is enough; LOG_STORE may be in secretValues; never with logStore set", () => {
        for (const secretValues of [
            { OPENAI_API_KEY: "sk-minimal", LOG_STORE: "s3", LOG_STORE_ACCESS_KEY: "a" },
            { OPENAI_API_KEY: "sk-minimal", LOG_STORE: "s3_assume", LOG_STORE_SECRET_KEY: "b" },
        ])
            assert.deepStrictEqual(warn({ secretValues }), [WARNING], JSON.stringify(secretValues));
        const keys = { OPENAI_API_KEY: "sk-minimal", LOG_STORE_ACCESS_KEY: "a", LOG_STORE_SECRET_KEY: "b" };
        assert.deepStrictEqual(warn({ env: { LOG_STORE: "s3" }, secretValues: keys, logStore: { bucket: "create" }, gateway: { values: {} } }), []);
    });
});
