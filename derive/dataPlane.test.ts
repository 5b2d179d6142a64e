import * as assert from "assert";
import {
    bedrockIntegration,
    bedrockProfiles,
    bedrockResources,
    bucketSeed,
    createdBucketName,
    createdBuckets,
    dataPlaneBuckets,
    dataPlaneEnvironment,
    DataPlaneSpec,
    dataserviceDataPlanePolicy,
    expectedLogStore,
    gatewayDataPlanePolicy,
    isBucketName,
    parseBedrockModel,
    privateBucketSpec,
    profileDestinationProblems,
    profileRegions,
    dataPlaneOfConfig,
    s3GatewayEndpointArgs,
    tlsOnlyBucketPolicy,
} from "./dataPlane";
import { evaluate } from "./testing";

const CTX = { partition: "aws", region: "eu-west-1", accountId: "111122223333" };
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SEED = "portkey-gateway/prod/portkeyai/portkey";
const OWN = { "s3:ResourceAccount": "111122223333" };

function policies(dp: DataPlaneSpec) {
    const buckets = dataPlaneBuckets(dp, CTX, SEED);
    return { buckets, gateway: gatewayDataPlanePolicy(dp, buckets, CTX)!, dataservice: dataserviceDataPlanePolicy(buckets, CTX) };
}

describe("isBucketName", () => {
    // S3 user guide, bucketnamingrules.
    it("accepts names S3 accepts", () => {
        for (const n of ["abc", "portkey-logs", "my.bucket.name", "a".repeat(63), "0bucket9"]) assert.ok(isBucketName(n), n);
    });
    it("refuses what S3 refuses", () => {
        for (const n of [
            "ab",
            "a".repeat(64),
            "Upper",
            "under_score",
            "-start",
            "end-",
            "two..dots",
            "192.168.5.4",
            "xn--bucket",
            "sthree-x",
            "x-s3alias",
            "x--ol-s3",
            "x.mrap",
            "x--x-s3",
            "x--table-s3",
            "amzn-s3-demo-x",
        ])
            assert.ok(!isBucketName(n), n);
    });
});

describe("createdBucketName", () => {
    it("is a valid bucket name naming the purpose and the account, the same for the same seed", () => {
        const n = createdBucketName("finetunes", "111122223333", SEED);
        assert.match(n, /^portkey-finetunes-111122223333-[0-9a-f]{8}$/);
        assert.ok(isBucketName(n));
        assert.strictEqual(n, createdBucketName("finetunes", "111122223333", SEED));
        assert.notStrictEqual(n, createdBucketName("finetunes", "111122223333", "portkey-gateway/dev/portkeyai/portkey"));
    });
});

describe("dataPlaneEnvironment", () => {
    // Chart 1.7.7 README "AWS S3 with Assumed Role", Method 2 (IRSA): LOG_STORE s3_assume, LOG_STORE_REGION,
    // LOG_STORE_GENERATIONS_BUCKET and no keys; _helpers.tpl dataservice.commonEnv: FINETUNES_BUCKET, LOG_EXPORTS_BUCKET.
    it("sets the log store on the role and the dataservice's buckets, and no key", () => {
        const { buckets } = policies({ logStore: { bucket: "acme-logs", region: "us-east-2" }, finetunesBucket: "acme-ft", logExportsBucket: "create" });
        assert.deepStrictEqual(dataPlaneEnvironment(buckets), {
            LOG_STORE: "s3_assume",
            LOG_STORE_REGION: "us-east-2",
            LOG_STORE_GENERATIONS_BUCKET: "acme-logs",
            FINETUNES_BUCKET: "acme-ft",
            LOG_EXPORTS_BUCKET: createdBucketName("exports", "111122223333", SEED),
        });
    });
    it("a created log bucket is in the stack's region; nothing without settings", () => {
        const { buckets } = policies({ logStore: { bucket: "create" } });
        assert.strictEqual(dataPlaneEnvironment(buckets).LOG_STORE_REGION, "eu-west-1");
        assert.deepStrictEqual(dataPlaneEnvironment(policies({}).buckets), {});
    });
});

describe("gatewayDataPlanePolicy and dataserviceDataPlanePolicy, evaluated", () => {
    const dp: DataPlaneSpec = {
        logStore: { bucket: "acme-logs", kmsKeyArn: KEY },
        bedrock: { models: ["anthropic.claude-3-5-sonnet-20240620-v1:0", "us.anthropic.claude-sonnet-4-20250514-v1:0"], regions: ["us-east-1", "us-west-2"] },
        finetunesBucket: "acme-ft",
        logExportsBucket: "acme-exports",
    };
    const { gateway, dataservice } = policies(dp);
    const obj = (bucket: string) => `arn:aws:s3:::${bucket}/30/org/log.json`;

    it("the log store: both roles read and write the bucket's objects in its account, nothing else", () => {
        for (const doc of [gateway, dataservice!]) {
            for (const action of ["s3:GetObject", "s3:PutObject"])
                assert.strictEqual(evaluate(doc, { action, resource: obj("acme-logs"), context: OWN }), "allow", action);
            // Another bucket, the same bucket name in another account, the bucket itself (list), a delete by either role.
            assert.strictEqual(evaluate(doc, { action: "s3:GetObject", resource: obj("acme-other"), context: OWN }), "deny");
            assert.strictEqual(
                evaluate(doc, { action: "s3:PutObject", resource: obj("acme-logs"), context: { "s3:ResourceAccount": "444455556666" } }),
                "deny",
            );
            assert.strictEqual(evaluate(doc, { action: "s3:ListBucket", resource: "arn:aws:s3:::acme-logs", context: OWN }), "deny");
            assert.strictEqual(evaluate(doc, { action: "s3:DeleteObject", resource: obj("acme-logs"), context: OWN }), "deny");
        }
    });

    it("the key: data keys and decryption only through S3 in the bucket's region", () => {
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
            assert.strictEqual(evaluate(gateway, { action, resource: KEY, context: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }), "allow");
            assert.strictEqual(evaluate(gateway, { action, resource: KEY, context: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } }), "deny");
            assert.strictEqual(evaluate(gateway, { action, resource: KEY }), "deny");
        }
        assert.strictEqual(evaluate(gateway, { action: "kms:Encrypt", resource: KEY, context: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }), "deny");
    });

    it("Bedrock: the gateway invokes exactly the listed models in the listed regions; the dataservice never", () => {
        const fm = (r: string, id: string) => `arn:aws:bedrock:${r}::foundation-model/${id}`;
        for (const action of ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]) {
            assert.strictEqual(evaluate(gateway, { action, resource: fm("us-west-2", "anthropic.claude-3-5-sonnet-20240620-v1:0") }), "allow");
            // The profile's ARN, and its foundation model in each destination region (Bedrock user guide, inference-profiles-prereq).
            assert.strictEqual(
                evaluate(gateway, { action, resource: "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0" }),
                "allow",
            );
            assert.strictEqual(evaluate(gateway, { action, resource: fm("us-west-2", "anthropic.claude-sonnet-4-20250514-v1:0") }), "allow");
            assert.strictEqual(evaluate(gateway, { action, resource: fm("us-east-1", "meta.llama3-70b-instruct-v1:0") }), "deny");
            assert.strictEqual(evaluate(gateway, { action, resource: fm("eu-central-1", "anthropic.claude-3-5-sonnet-20240620-v1:0") }), "deny");
            assert.strictEqual(evaluate(dataservice!, { action, resource: fm("us-west-2", "anthropic.claude-3-5-sonnet-20240620-v1:0") }), "deny");
        }
        assert.strictEqual(
            evaluate(gateway, { action: "bedrock:CreateModelCustomizationJob", resource: fm("us-west-2", "anthropic.claude-3-5-sonnet-20240620-v1:0") }),
            "deny",
        );
        const profile = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0";
        assert.strictEqual(evaluate(gateway, { action: "bedrock:GetInferenceProfile", resource: profile }), "allow");
        // Nothing on `*`, in no statement of either role.
        for (const doc of [gateway, dataservice!])
            for (const s of doc.Statement) assert.ok(![s.Resource].flat().some((r) => String(r).includes("*") && !String(r).endsWith("/*")), JSON.stringify(s));
    });

    it("the dataservice's buckets: get, put, delete and abort uploads, for the dataservice only", () => {
        for (const b of ["acme-ft", "acme-exports"]) {
            for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"])
                assert.strictEqual(evaluate(dataservice!, { action, resource: obj(b), context: OWN }), "allow", `${action} ${b}`);
            assert.strictEqual(
                evaluate(dataservice!, { action: "s3:DeleteObject", resource: obj(b), context: { "s3:ResourceAccount": "444455556666" } }),
                "deny",
            );
            assert.strictEqual(evaluate(gateway, { action: "s3:GetObject", resource: obj(b), context: OWN }), "deny");
        }
    });

    it("an existing bucket in another account is pinned to that account", () => {
        const { gateway: g } = policies({ logStore: { bucket: "central-logs", bucketAccountId: "444455556666", region: "us-east-1" } });
        assert.strictEqual(evaluate(g, { action: "s3:PutObject", resource: obj("central-logs"), context: { "s3:ResourceAccount": "444455556666" } }), "allow");
        assert.strictEqual(evaluate(g, { action: "s3:PutObject", resource: obj("central-logs"), context: OWN }), "deny");
    });

    it("no statement at all without settings", () => {
        const { buckets } = policies({});
        assert.strictEqual(gatewayDataPlanePolicy({}, buckets, CTX), undefined);
        assert.strictEqual(dataserviceDataPlanePolicy(buckets, CTX), undefined);
    });
});

describe("parseBedrockModel and bedrockResources", () => {
    it("tells foundation models, geographic profiles and global profiles apart", () => {
        assert.deepStrictEqual(parseBedrockModel("amazon.nova-pro-v1:0"), { kind: "foundation-model", id: "amazon.nova-pro-v1:0" });
        assert.deepStrictEqual(parseBedrockModel("eu.amazon.nova-pro-v1:0"), {
            kind: "profile",
            id: "eu.amazon.nova-pro-v1:0",
            geography: "eu",
            modelId: "amazon.nova-pro-v1:0",
        });
        assert.strictEqual(parseBedrockModel("global.anthropic.claude-sonnet-4-5-20250929-v1:0").kind, "global");
        for (const id of ["*", "anthropic", "xx.anthropic.claude-v2:1", "arn:aws:bedrock:us-east-1::foundation-model/x", "a.b.c.d"])
            assert.strictEqual(parseBedrockModel(id).kind, "invalid", id);
    });
    it("a profile reaches only the regions of its geography among bedrock.regions", () => {
        const r = bedrockResources({ models: ["eu.amazon.nova-pro-v1:0"], regions: ["eu-west-1", "eu-central-1", "us-east-1"] }, CTX);
        assert.deepStrictEqual(r.profiles, [
            "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-pro-v1:0",
            "arn:aws:bedrock:eu-central-1:111122223333:inference-profile/eu.amazon.nova-pro-v1:0",
        ]);
        assert.ok(!r.invoke.some((a) => a.includes("us-east-1")));
    });
    it("lists the profiles among the models, with their index", () =>
        assert.deepStrictEqual(bedrockProfiles(["amazon.nova-pro-v1:0", "eu.amazon.nova-pro-v1:0", "global.x.y"]), [
            { index: 1, id: "eu.amazon.nova-pro-v1:0" },
        ]));
    it("the integration: auth type AWS Service Role, the role, the first region", () => {
        assert.deepStrictEqual(bedrockIntegration({ models: [], regions: ["us-west-2", "us-east-1"] }, CTX, "arn:aws:iam::111122223333:role/r"), {
            authType: "AWS Service Role",
            roleArn: "arn:aws:iam::111122223333:role/r",
            region: "us-west-2",
        });
    });
});

describe("privateBucketSpec", () => {
    const created = (extra: Partial<DataPlaneSpec["logStore"]> = {}) => dataPlaneBuckets({ logStore: { bucket: "create", ...extra } }, CTX, SEED).logStore!;

    it("blocks public access all four ways, enforces the owner, encrypts, and expires after the retention", () => {
        const s = privateBucketSpec(created({ retentionDays: 30 }), "aws", { team: "ai" });
        assert.deepStrictEqual(s.publicAccessBlock, { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        assert.strictEqual(s.objectOwnership, "BucketOwnerEnforced");
        assert.deepStrictEqual(s.encryption, { sseAlgorithm: "AES256", bucketKeyEnabled: false });
        assert.strictEqual(s.expirationDays, 30);
        assert.deepStrictEqual(s.tags, { team: "ai", "portkey-gateway/purpose": "logs" });
    });
    it("SSE-KMS with the key and a bucket key", () => {
        assert.deepStrictEqual(privateBucketSpec(created({ kmsKeyArn: KEY }), "aws", {}).encryption, {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: KEY,
            bucketKeyEnabled: true,
        });
        assert.strictEqual(privateBucketSpec(created(), "aws", {}).expirationDays, undefined);
    });
    // AWS Knowledge Center s3-bucket-ssl-requests-only: deny s3:* on the bucket and its objects when aws:SecureTransport is false.
    it("the bucket policy denies any request without TLS, on the bucket and its objects", () => {
        const s = privateBucketSpec(created(), "aws", {});
        for (const resource of [`arn:aws:s3:::${s.name}`, `arn:aws:s3:::${s.name}/x`]) {
            assert.strictEqual(evaluate(s.policy, { action: "s3:GetObject", resource, context: { "aws:SecureTransport": "false" } }), "deny");
        }
        // It grants nothing: access comes from the roles' own policies.
        assert.ok(s.policy.Statement.every((x) => x.Effect === "Deny"));
    });
});

describe("dataPlaneOfConfig", () => {
    const ds = (o: Record<string, unknown> = {}) => ({ dataservice: { enabled: true, ...o } });
    it("maps the stack's keys; retention 0 keeps the logs; the dataservice's buckets only with the dataservice on", () => {
        assert.deepStrictEqual(
            dataPlaneOfConfig({
                logStore: { bucket: "create", retentionDays: 0 },
                bedrock: { models: ["amazon.nova-pro-v1:0"] },
                gateway: ds({ finetunesBucket: "create", logExportsBucket: "acme-exports" }),
            }),
            { logStore: { bucket: "create" }, bedrock: { models: ["amazon.nova-pro-v1:0"] }, finetunesBucket: "create", logExportsBucket: "acme-exports" },
        );
        assert.deepStrictEqual(dataPlaneOfConfig({ logStore: { bucket: "create", retentionDays: 7 }, gateway: ds() })?.logStore, {
            bucket: "create",
            retentionDays: 7,
        });
        assert.strictEqual(dataPlaneOfConfig({ gateway: { dataservice: { enabled: false, finetunesBucket: "create" } } }), undefined);
    });
});

describe("s3GatewayEndpointArgs", () => {
    it("names S3 in the VPC's region, as a Gateway endpoint the Auto strategy puts on every route table", () => {
        assert.deepStrictEqual(s3GatewayEndpointArgs("eu-central-1"), {
            vpcEndpointStrategy: "Auto",
            vpcEndpointSpecs: [{ serviceName: "com.amazonaws.eu-central-1.s3", vpcEndpointType: "Gateway" }],
        });
        assert.deepStrictEqual(s3GatewayEndpointArgs(undefined), {});
    });
});

describe("profileDestinationProblems: the grant holds the model in every destination region", () => {
    // Bedrock API reference, GetInferenceProfile: the response's `models[].modelArn`, one per model the
    // profile routes to; the user guide (inference-profiles-support) gives this profile's destinations
    // from us-east-2 as us-east-1, us-east-2 and us-west-2 (docs/upstream-facts.md#bedrock-profile-destinations).
    const HAIKU = "us.anthropic.claude-3-haiku-20240307-v1:0";
    const fm = (r: string) => `arn:aws:bedrock:${r}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`;
    const ANSWER = { [HAIKU]: ["us-east-1", "us-east-2", "us-west-2"].map(fm) };
    const US = { partition: "aws", region: "us-east-2", accountId: "111122223333" };
    it("refuses bedrock.regions that lack a destination, naming the missing region and the profile", () => {
        // One region of the geography is enough for the rule at parse time; us-west-2 would answer AccessDenied.
        assert.deepStrictEqual(profileDestinationProblems({ models: [HAIKU], regions: ["us-east-2", "us-east-1"] }, US, ANSWER), [
            [
                "bedrock.regions",
                `lacks us-west-2, where bedrock.models[0] (${HAIKU}) routes requests (Bedrock GetInferenceProfile), so calls routed there would be refused`,
                "list every destination region of the profile in bedrock.regions: add us-west-2",
            ],
        ]);
        // Without bedrock.regions only the stack's region is granted.
        assert.match(profileDestinationProblems({ models: [HAIKU] }, US, ANSWER)[0][1], /^lacks us-east-1, us-west-2, /);
    });
    it("accepts regions listing every destination: the policy then allows the model in each", () => {
        const b = { models: [HAIKU], regions: ["us-east-2", "us-east-1", "us-west-2"] };
        assert.deepStrictEqual(profileDestinationProblems(b, US, ANSWER), []);
        const { invoke } = bedrockResources(b, US);
        for (const arn of ANSWER[HAIKU]) assert.ok(invoke.includes(arn), arn);
    });
    it("a destination listed but outside the grant (another model, another geography) names the model entry", () => {
        const odd = { [HAIKU]: ["arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v2:0"] };
        const found = profileDestinationProblems({ models: [HAIKU], regions: ["us-east-2"] }, US, odd);
        assert.deepStrictEqual(
            found.map(([k]) => k),
            ["bedrock.models[0]"],
        );
    });
    it("judges only the profiles Bedrock answered for, and skips models refused elsewhere", () => {
        assert.deepStrictEqual(profileDestinationProblems({ models: ["anthropic.claude-3-haiku-20240307-v1:0", "global.a.b"] }, US, {}), []);
    });
});

describe("data plane, exact outputs", () => {
    // S3 user guide, bucketnamingrules: "not formatted as an IP address"; only a whole dotted quad is one.
    it("a bucket name is refused as an IP address only when it is one, whatever the digits per part", () => {
        for (const n of ["x192.168.5.4", "192.168.5.4x"]) assert.ok(isBucketName(n), n);
        for (const n of ["192.168.10.40", "10.0.0.1"]) assert.ok(!isBucketName(n), n);
    });

    it("the buckets: an existing bucket as named, in the stack's account and region unless set; a created one named for its purpose", () => {
        const b = dataPlaneBuckets(
            { logStore: { bucket: "acme-logs", retentionDays: 30 }, finetunesBucket: "create", logExportsBucket: "acme-exports" },
            CTX,
            SEED,
        );
        const here = { accountId: "111122223333", region: "eu-west-1" };
        assert.match(b.finetunes!.name, /^portkey-finetunes-111122223333-[0-9a-f]{8}$/);
        // Retention applies to a created bucket only (docs/data-plane.md, "The bucket").
        assert.deepStrictEqual(b, {
            logStore: { purpose: "logs", name: "acme-logs", ...here, created: false },
            finetunes: { purpose: "finetunes", name: b.finetunes!.name, ...here, created: true },
            logExports: { purpose: "exports", name: "acme-exports", ...here, created: false },
        });
        const created = dataPlaneBuckets({ logStore: { bucket: "create" } }, CTX, SEED).logStore!;
        assert.deepStrictEqual({ ...created, name: "" }, { purpose: "logs", name: "", ...here, created: true });
        assert.deepStrictEqual(createdBuckets(b), [b.finetunes]);
        const all = dataPlaneBuckets({ logStore: { bucket: "create" }, finetunesBucket: "create", logExportsBucket: "create" }, CTX, SEED);
        assert.deepStrictEqual(
            createdBuckets(all).map((x) => x.purpose),
            ["logs", "finetunes", "exports"],
        );
        assert.deepStrictEqual(createdBuckets({}), []);
    });

    it("a created bucket's seed tells apart every project, stack, namespace and release", () => {
        const seeds = [
            bucketSeed("portkey-gateway", "prod", "portkeyai", "portkey"),
            bucketSeed("other", "prod", "portkeyai", "portkey"),
            bucketSeed("portkey-gateway", "dev", "portkeyai", "portkey"),
            bucketSeed("portkey-gateway", "prod", "ai", "portkey"),
            bucketSeed("portkey-gateway", "prod", "portkeyai", "gw"),
        ];
        assert.ok(seeds.every((s) => typeof s === "string"));
        assert.strictEqual(new Set(seeds.map((s) => createdBucketName("logs", "111122223333", s))).size, seeds.length);
    });

    it("what verify expects of the log store: a created bucket's region only, an existing bucket's name and region", () => {
        assert.strictEqual(expectedLogStore(undefined, "eu-west-1"), undefined);
        assert.strictEqual(expectedLogStore({}, "eu-west-1"), undefined);
        assert.deepStrictEqual(expectedLogStore({ logStore: { bucket: "create" } }, "eu-west-1"), { region: "eu-west-1" });
        assert.deepStrictEqual(expectedLogStore({ logStore: { bucket: "acme-logs", region: "us-west-2" } }, "eu-west-1"), {
            region: "us-west-2",
            bucket: "acme-logs",
        });
        assert.deepStrictEqual(expectedLogStore({ logStore: { bucket: "acme-logs" } }, "eu-west-1"), { region: "eu-west-1", bucket: "acme-logs" });
    });

    // docs/upstream-facts.md#log-store-role (get and put), #bedrock-role (invoke), #s3-tls-only (s3:ResourceAccount).
    it("the gateway's policy without a key or a profile: the log store's objects and the model in the stack's region, nothing more", () => {
        const dp: DataPlaneSpec = { logStore: { bucket: "acme-logs" }, bedrock: { models: ["amazon.nova-pro-v1:0"] } };
        const { gateway, dataservice } = policies(dp);
        const logStore = {
            Sid: "LogStoreObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject"],
            Resource: ["arn:aws:s3:::acme-logs/*"],
            Condition: { StringEquals: OWN },
        };
        assert.deepStrictEqual(gateway, {
            Version: "2012-10-17",
            Statement: [
                logStore,
                {
                    Sid: "InvokeBedrockModels",
                    Effect: "Allow",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"],
                },
            ],
        });
        assert.deepStrictEqual(dataservice, { Version: "2012-10-17", Statement: [logStore] });
    });

    it("the statements' names: the key, the profiles, the dataservice's buckets", () => {
        const { gateway, dataservice } = policies({
            logStore: { bucket: "acme-logs", kmsKeyArn: KEY },
            bedrock: { models: ["eu.amazon.nova-pro-v1:0"] },
            finetunesBucket: "acme-ft",
        });
        assert.deepStrictEqual(
            gateway.Statement.map((s) => s.Sid),
            ["LogStoreObjects", "LogStoreKey", "InvokeBedrockModels", "ReadBedrockProfiles"],
        );
        assert.deepStrictEqual(
            dataservice!.Statement.map((s) => s.Sid),
            ["LogStoreObjects", "LogStoreKey", "DataserviceBucketObjects"],
        );
        assert.deepStrictEqual(dataservice!.Statement[2].Condition, { StringEquals: OWN });
    });

    // docs/upstream-facts.md#bedrock-profiles: us-gov. and apac. route within us-gov- and ap- regions.
    it("each geography's regions, and the error for a model validation should have refused", () => {
        const regions = ["us-east-1", "us-gov-west-1", "eu-west-1", "ap-southeast-2"];
        assert.deepStrictEqual(
            ["us", "us-gov", "eu", "apac"].map((g) => profileRegions(g, regions)),
            [["us-east-1"], ["us-gov-west-1"], ["eu-west-1"], ["ap-southeast-2"]],
        );
        assert.throws(() => bedrockResources({ models: ["global.anthropic.claude-x-v1:0"] }, CTX), {
            message: "bedrock model global.anthropic.claude-x-v1:0 was not refused by validation",
        });
        assert.deepStrictEqual(bedrockIntegration({ models: [] }, CTX, "arn:aws:iam::111122223333:role/r").region, "eu-west-1");
    });

    it("the TLS-only bucket policy, exactly (docs/upstream-facts.md#s3-tls-only)", () => {
        assert.deepStrictEqual(tlsOnlyBucketPolicy("aws-us-gov", "acme-logs"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyWithoutTls",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws-us-gov:s3:::acme-logs", "arn:aws-us-gov:s3:::acme-logs/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
        const created = dataPlaneBuckets({ logStore: { bucket: "create" } }, CTX, SEED).logStore!;
        assert.ok(!("expirationDays" in privateBucketSpec(created, "aws", {})));
    });

    it("dataPlaneOfConfig carries the log store's region, account and key; a bedrock without models has none; buckets need the dataservice on", () => {
        const logStore = { bucket: "acme-logs", region: "us-west-2", bucketAccountId: "444455556666", kmsKeyArn: KEY, retentionDays: 0 };
        assert.deepStrictEqual(dataPlaneOfConfig({ logStore, bedrock: {}, gateway: { dataservice: { enabled: true } } }), {
            logStore: { bucket: "acme-logs", region: "us-west-2", bucketAccountId: "444455556666", kmsKeyArn: KEY },
            bedrock: { models: [] },
        });
        assert.strictEqual(dataPlaneOfConfig({ gateway: { dataservice: { enabled: false, logExportsBucket: "create" } } }), undefined);
    });
});
