// The pods' own AWS access beyond the secret (docs/data-plane.md): the S3 log store, Bedrock and the
// dataservice's buckets, on the pods' roles instead of long-lived keys. IAM documents, the chart's
// environment and the settings of a bucket the program creates; all pure.
import { createHash } from "crypto";
import type { AwsContext, PolicyDocument } from "./iam";

/** `logStore.bucket` (or a dataservice bucket) set to this: the program creates the bucket. */
export const CREATE_BUCKET = "create";

export interface LogStoreSpec {
    /** `create`, or an existing bucket's name. */
    bucket: string;
    /** The bucket's region. @default the stack's */
    region?: string;
    /** The account that owns an existing bucket. @default the stack's */
    bucketAccountId?: string;
    /** Customer-managed key of the bucket's default encryption (SSE-KMS). */
    kmsKeyArn?: string;
    /** A created bucket deletes log objects this many days after they are written. */
    retentionDays?: number;
}

export interface BedrockSpec {
    /** Foundation model IDs (`anthropic.claude-…`) or geographic inference profile IDs (`us.anthropic.claude-…`). */
    models: string[];
    /** Where the gateway calls Bedrock, and every destination region of the profiles. @default the stack's region */
    regions?: string[];
}

/** What the pods reach on their own roles. Every part is optional; `{}` is none of it. */
export interface DataPlaneSpec {
    logStore?: LogStoreSpec;
    bedrock?: BedrockSpec;
    /** The dataservice's fine-tuning bucket: `create` or an existing bucket's name. */
    finetunesBucket?: string;
    /** The dataservice's log-export bucket: `create` or an existing bucket's name. */
    logExportsBucket?: string;
}

export type BucketPurpose = "logs" | "finetunes" | "exports";

/** A bucket as the policies and the chart name it, resolved against the stack's account and region. */
export interface BucketRef {
    purpose: BucketPurpose;
    name: string;
    accountId: string;
    region: string;
    created: boolean;
    kmsKeyArn?: string;
    retentionDays?: number;
}

export interface DataPlaneBuckets {
    logStore?: BucketRef;
    finetunes?: BucketRef;
    logExports?: BucketRef;
}

/**
 * S3's bucket naming rules (S3 user guide, bucketnamingrules): 3-63 characters of lower-case letters,
 * digits, dots and hyphens, starting and ending with a letter or digit, no two adjacent dots, not an
 * IP address, none of the reserved prefixes and suffixes.
 */
export function isBucketName(v: string): boolean {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) || v.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(v)) return false;
    if (["xn--", "sthree-", "amzn-s3-demo-"].some((p) => v.startsWith(p))) return false;
    return !["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].some((s) => v.endsWith(s));
}

/**
 * The name of a bucket the program creates: the purpose, the account (bucket names are global) and
 * a digest of `seed` (project, stack, namespace and release), so two stacks never pick one name.
 */
export function createdBucketName(purpose: BucketPurpose, accountId: string, seed: string): string {
    return `portkey-${purpose}-${accountId}-${createHash("sha256").update(seed).digest("hex").slice(0, 8)}`;
}

function bucketRef(purpose: BucketPurpose, bucket: string, ctx: AwsContext, seed: string, extra: Partial<BucketRef> = {}): BucketRef {
    const created = bucket === CREATE_BUCKET;
    return {
        purpose,
        name: created ? createdBucketName(purpose, ctx.accountId, seed) : bucket,
        accountId: created ? ctx.accountId : (extra.accountId ?? ctx.accountId),
        region: created ? ctx.region : (extra.region ?? ctx.region),
        created,
        ...(extra.kmsKeyArn ? { kmsKeyArn: extra.kmsKeyArn } : {}),
        ...(created && extra.retentionDays !== undefined ? { retentionDays: extra.retentionDays } : {}),
    };
}

/** Every bucket of the data plane, with its name, account and region. */
export function dataPlaneBuckets(dp: DataPlaneSpec, ctx: AwsContext, seed: string): DataPlaneBuckets {
    const l = dp.logStore;
    return {
        ...(l
            ? {
                  logStore: bucketRef("logs", l.bucket, ctx, seed, {
                      region: l.region,
                      accountId: l.bucketAccountId,
                      kmsKeyArn: l.kmsKeyArn,
                      retentionDays: l.retentionDays,
                  }),
              }
            : {}),
        ...(dp.finetunesBucket ? { finetunes: bucketRef("finetunes", dp.finetunesBucket, ctx, seed) } : {}),
        ...(dp.logExportsBucket ? { logExports: bucketRef("exports", dp.logExportsBucket, ctx, seed) } : {}),
    };
}

/**
 * The chart's environment for the log store on the role and the dataservice's buckets (chart
 * README "AWS S3 with Assumed Role", Method 2: docs/upstream-facts.md#log-store-role). None is
 * secret: literals in every secrets mode. The dataservice reads the LOG_STORE_* keys and the two
 * bucket keys from the same `environment.data` (docs/upstream-facts.md#chart-dataservice-env).
 */
export function dataPlaneEnvironment(buckets: DataPlaneBuckets): Record<string, string> {
    return {
        ...(buckets.logStore ? { LOG_STORE: "s3_assume", LOG_STORE_REGION: buckets.logStore.region, LOG_STORE_GENERATIONS_BUCKET: buckets.logStore.name } : {}),
        ...(buckets.finetunes ? { FINETUNES_BUCKET: buckets.finetunes.name } : {}),
        ...(buckets.logExports ? { LOG_EXPORTS_BUCKET: buckets.logExports.name } : {}),
    };
}

/** The env keys the program sets from the data-plane settings; a stack may not set them itself. */
export const LOG_STORE_ENV_KEYS = ["LOG_STORE", "LOG_STORE_REGION", "LOG_STORE_GENERATIONS_BUCKET"] as const;

/** Log store: what the gateway and the dataservice both do (docs/upstream-facts.md#log-store-role). */
export const LOG_STORE_ACTIONS = ["s3:GetObject", "s3:PutObject"] as const;
/** The dataservice's own buckets (Portkey's ECS Terraform, docs/upstream-facts.md#log-store-role). */
export const DATASERVICE_BUCKET_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] as const;
/** Bedrock on the role (docs/upstream-facts.md#bedrock-role). */
export const BEDROCK_INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] as const;

function objectsStatement(sid: string, actions: readonly string[], buckets: BucketRef[], partition: string): Record<string, unknown> {
    const accounts = [...new Set(buckets.map((b) => b.accountId))];
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...actions],
        Resource: buckets.map((b) => `arn:${partition}:s3:::${b.name}/*`),
        // A bucket of that name in another account (after a deletion, a typo) is never reached.
        Condition: { StringEquals: { "s3:ResourceAccount": accounts.length === 1 ? accounts[0] : accounts } },
    };
}

/** SSE-KMS: the key, only through S3 in the bucket's region (docs/upstream-facts.md#log-store-role). */
function keyStatement(sid: string, bucket: BucketRef): Record<string, unknown> | undefined {
    if (!bucket.kmsKeyArn) return undefined;
    return {
        Sid: sid,
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: bucket.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${bucket.region}.amazonaws.com` } },
    };
}

/** Geographic inference profile prefixes and the regions of each geography (docs/upstream-facts.md#bedrock-profiles). */
export const PROFILE_GEOGRAPHIES: Readonly<Record<string, (region: string) => boolean>> = {
    us: (r) => /^us-(east|west)-\d+$/.test(r),
    "us-gov": (r) => r.startsWith("us-gov-"),
    eu: (r) => r.startsWith("eu-"),
    apac: (r) => r.startsWith("ap-"),
};

export type BedrockModel =
    | { kind: "foundation-model"; id: string }
    | { kind: "profile"; id: string; geography: string; modelId: string }
    | { kind: "global"; id: string }
    | { kind: "invalid"; id: string };

/** A model ID is `<provider>.<model>`; a system-defined profile ID adds a geography in front (`us.<provider>.<model>`). */
export function parseBedrockModel(id: string): BedrockModel {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+){1,2}(:[0-9a-z]+)?$/.test(id)) return { kind: "invalid", id };
    const parts = id.split(":")[0].split(".");
    if (parts.length === 2) return { kind: "foundation-model", id };
    if (parts[0] === "global") return { kind: "global", id };
    if (!Object.hasOwn(PROFILE_GEOGRAPHIES, parts[0])) return { kind: "invalid", id };
    return { kind: "profile", id, geography: parts[0], modelId: id.slice(parts[0].length + 1) };
}

/** The regions of `bedrock.regions` a profile of this geography routes within. */
export function profileRegions(geography: string, regions: string[]): string[] {
    return regions.filter((r) => PROFILE_GEOGRAPHIES[geography](r));
}

/** Resources of bedrock:InvokeModel*: each model in each region; a profile's ARN plus its model in its geography's regions. */
export function bedrockResources(b: BedrockSpec, ctx: AwsContext): { invoke: string[]; profiles: string[] } {
    const regions = b.regions ?? [ctx.region];
    const fm = (region: string, id: string) => `arn:${ctx.partition}:bedrock:${region}::foundation-model/${id}`;
    const invoke: string[] = [];
    const profiles: string[] = [];
    for (const id of b.models) {
        const m = parseBedrockModel(id);
        if (m.kind === "foundation-model") invoke.push(...regions.map((r) => fm(r, m.id)));
        else if (m.kind === "profile") {
            const rs = profileRegions(m.geography, regions);
            profiles.push(...rs.map((r) => `arn:${ctx.partition}:bedrock:${r}:${ctx.accountId}:inference-profile/${m.id}`));
            invoke.push(...rs.map((r) => fm(r, m.modelId)));
        } else throw new Error(`bedrock model ${id} was not refused by validation`);
    }
    return { invoke: [...new Set([...profiles, ...invoke])], profiles: [...new Set(profiles)] };
}

/** Where the gateway calls Bedrock: the first of `bedrock.regions`, else the stack's; a profile's source region. */
export function bedrockSourceRegion(b: Pick<BedrockSpec, "regions">, stackRegion: string): string {
    return (b.regions ?? [stackRegion])[0];
}

/** The geographic inference profiles among `bedrock.models`, with their index in the list. */
export function bedrockProfiles(models: string[]): Array<{ index: number; id: string }> {
    return models.flatMap((id, index) => (parseBedrockModel(id).kind === "profile" ? [{ index, id }] : []));
}

/**
 * What Bedrock answers for each profile (GetInferenceProfile, asked in the source region): the
 * `modelArn` of each model it routes to, `arn:<partition>:bedrock:<destination region>::foundation-model/<id>`
 * (docs/upstream-facts.md#bedrock-profile-destinations).
 */
export type ProfileDestinations = Record<string, string[]>;

/** The region of a foundation model's ARN, or undefined for another kind of ARN. */
export function foundationModelRegion(arn: string): string | undefined {
    return /^arn:[a-z-]+:bedrock:([a-z0-9-]+)::foundation-model\/.+$/.exec(arn)?.[1];
}

/**
 * The problems of a grant that misses a destination of a profile, `[key, what, fix]`: the role
 * must hold the foundation model in every region the profile routes to, or calls routed there are
 * refused (docs/upstream-facts.md#bedrock-profiles). `ctx.region` is the stack's, bedrock.regions' default.
 */
export function profileDestinationProblems(b: BedrockSpec, ctx: AwsContext, destinations: ProfileDestinations): Array<[string, string, string]> {
    const regions = b.regions ?? [ctx.region];
    // A refused model (invalid, global) has its own problem.
    const valid = b.models.filter((id) => ["foundation-model", "profile"].includes(parseBedrockModel(id).kind));
    const granted = new Set(bedrockResources({ models: valid, regions }, ctx).invoke);
    const out: Array<[string, string, string]> = [];
    for (const { index, id } of bedrockProfiles(b.models)) {
        const missing = (destinations[id] ?? []).filter((arn) => !granted.has(arn));
        const unlisted = [...new Set(missing.map((arn) => foundationModelRegion(arn) ?? arn).filter((r) => !regions.includes(r)))];
        const other = missing.filter((arn) => regions.includes(foundationModelRegion(arn) ?? ""));
        if (unlisted.length > 0)
            out.push([
                "bedrock.regions",
                `lacks ${unlisted.join(", ")}, where bedrock.models[${index}] (${id}) routes requests (Bedrock GetInferenceProfile), so calls routed there would be refused`,
                `list every destination region of the profile in bedrock.regions: add ${unlisted.join(", ")}`,
            ]);
        if (other.length > 0)
            out.push([
                `bedrock.models[${index}]`,
                `routes to ${other.join(", ")}, which the grant derived from the ID ${id} does not name`,
                "list that foundation model's ID in bedrock.models as well, or use another profile",
            ]);
    }
    return out;
}

function bedrockStatements(b: BedrockSpec, ctx: AwsContext): Array<Record<string, unknown>> {
    const { invoke, profiles } = bedrockResources(b, ctx);
    return [
        { Sid: "InvokeBedrockModels", Effect: "Allow", Action: [...BEDROCK_INVOKE_ACTIONS], Resource: invoke },
        // Portkey's Bedrock doc asks for GetInferenceProfile (docs/upstream-facts.md#bedrock-role); here on the profiles only.
        ...(profiles.length > 0 ? [{ Sid: "ReadBedrockProfiles", Effect: "Allow", Action: "bedrock:GetInferenceProfile", Resource: profiles }] : []),
    ];
}

function doc(statements: Array<Record<string, unknown> | undefined>): PolicyDocument | undefined {
    const s = statements.filter((x): x is Record<string, unknown> => x !== undefined);
    return s.length === 0 ? undefined : { Version: "2012-10-17", Statement: s };
}

/** The gateway role's data-plane policy: the log store's objects (read and write, never delete) and Bedrock. */
export function gatewayDataPlanePolicy(dp: DataPlaneSpec, buckets: DataPlaneBuckets, ctx: AwsContext): PolicyDocument | undefined {
    const l = buckets.logStore;
    return doc([
        l ? objectsStatement("LogStoreObjects", LOG_STORE_ACTIONS, [l], ctx.partition) : undefined,
        l ? keyStatement("LogStoreKey", l) : undefined,
        ...(dp.bedrock ? bedrockStatements(dp.bedrock, ctx) : []),
    ]);
}

/** The dataservice role's: the log store as the gateway has it, and its own buckets' objects (no Bedrock). */
export function dataserviceDataPlanePolicy(buckets: DataPlaneBuckets, ctx: AwsContext): PolicyDocument | undefined {
    const l = buckets.logStore;
    const own = [buckets.finetunes, buckets.logExports].filter((b): b is BucketRef => b !== undefined);
    return doc([
        l ? objectsStatement("LogStoreObjects", LOG_STORE_ACTIONS, [l], ctx.partition) : undefined,
        l ? keyStatement("LogStoreKey", l) : undefined,
        own.length > 0 ? objectsStatement("DataserviceBucketObjects", DATASERVICE_BUCKET_ACTIONS, own, ctx.partition) : undefined,
    ]);
}

/** What a bucket the program creates is configured with (docs/data-plane.md, "The bucket"). */
export interface PrivateBucketSpec {
    name: string;
    tags: Record<string, string>;
    publicAccessBlock: { blockPublicAcls: true; blockPublicPolicy: true; ignorePublicAcls: true; restrictPublicBuckets: true };
    objectOwnership: "BucketOwnerEnforced";
    encryption: { sseAlgorithm: "AES256" | "aws:kms"; kmsMasterKeyId?: string; bucketKeyEnabled: boolean };
    policy: PolicyDocument;
    /** Expire objects after this many days (none without a retention). */
    expirationDays?: number;
}

/** Deny every request that does not use TLS, on the bucket and its objects (docs/upstream-facts.md#s3-tls-only). */
export function tlsOnlyBucketPolicy(partition: string, bucket: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** All four Block Public Access settings on. */
export const PUBLIC_ACCESS_BLOCK = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } as const;

export function privateBucketSpec(b: BucketRef, partition: string, tags: Record<string, string>): PrivateBucketSpec {
    return {
        name: b.name,
        tags: { ...tags, "portkey-gateway/purpose": b.purpose },
        publicAccessBlock: PUBLIC_ACCESS_BLOCK,
        objectOwnership: "BucketOwnerEnforced",
        encryption: b.kmsKeyArn
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: b.kmsKeyArn, bucketKeyEnabled: true }
            : { sseAlgorithm: "AES256", bucketKeyEnabled: false },
        policy: tlsOnlyBucketPolicy(partition, b.name),
        ...(b.retentionDays !== undefined ? { expirationDays: b.retentionDays } : {}),
    };
}

/** The Portkey integration's settings for Bedrock on the role: the role, the region, the auth type. */
export function bedrockIntegration(b: BedrockSpec, ctx: AwsContext, roleArn: string): { authType: string; roleArn: string; region: string } {
    return { authType: "AWS Service Role", roleArn, region: bedrockSourceRegion(b, ctx.region) };
}

/** The data-plane settings of a validated stack config (`logStore`, `bedrock`, the dataservice's buckets); undefined when none is set. */
export function dataPlaneOfConfig(c: {
    logStore?: { bucket?: string; region?: string; bucketAccountId?: string; kmsKeyArn?: string; retentionDays: number };
    bedrock?: { models?: string[]; regions?: string[] };
    gateway: { dataservice: { enabled: boolean; finetunesBucket?: string; logExportsBucket?: string } };
}): DataPlaneSpec | undefined {
    const l = c.logStore;
    const ds = c.gateway.dataservice;
    const dp: DataPlaneSpec = {
        ...(l?.bucket !== undefined
            ? {
                  logStore: {
                      bucket: l.bucket,
                      ...(l.region !== undefined ? { region: l.region } : {}),
                      ...(l.bucketAccountId !== undefined ? { bucketAccountId: l.bucketAccountId } : {}),
                      ...(l.kmsKeyArn !== undefined ? { kmsKeyArn: l.kmsKeyArn } : {}),
                      // 0: keep the logs (no expiry rule).
                      ...(l.retentionDays > 0 ? { retentionDays: l.retentionDays } : {}),
                  },
              }
            : {}),
        ...(c.bedrock ? { bedrock: { models: c.bedrock.models ?? [], ...(c.bedrock.regions ? { regions: c.bedrock.regions } : {}) } } : {}),
        ...(ds.enabled && ds.finetunesBucket !== undefined ? { finetunesBucket: ds.finetunesBucket } : {}),
        ...(ds.enabled && ds.logExportsBucket !== undefined ? { logExportsBucket: ds.logExportsBucket } : {}),
    };
    return Object.keys(dp).length > 0 ? dp : undefined;
}

/**
 * The awsx VPC arguments that add an S3 gateway endpoint on every route table of a created VPC:
 * with the "Auto" strategy, a Gateway spec without route tables gets all of the VPC's
 * (docs/upstream-facts.md#awsx-vpc-endpoints). Log writes and image layers then reach S3 without
 * NAT processing charges, in the VPC's region.
 */
export function s3GatewayEndpointArgs(region: string | undefined) {
    if (!region) return {};
    return {
        vpcEndpointStrategy: "Auto" as const,
        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway" }],
    };
}

/** Every created bucket's settings, and the ones the roles reach. */
export function createdBuckets(buckets: DataPlaneBuckets): BucketRef[] {
    return [buckets.logStore, buckets.finetunes, buckets.logExports].filter((b): b is BucketRef => b !== undefined && b.created);
}

/** What seeds a created bucket's name: the project, stack, namespace and release. */
export function bucketSeed(project: string, stack: string, namespace: string, release: string): string {
    return [project, stack, namespace, release].join("/");
}

/** What verify expects of the log store on both pods; the bucket's name only when it is known before deploy (an existing bucket). */
export function expectedLogStore(dp: DataPlaneSpec | undefined, stackRegion: string): { region: string; bucket?: string } | undefined {
    const l = dp?.logStore;
    if (!l) return undefined;
    return l.bucket === CREATE_BUCKET ? { region: stackRegion } : { region: l.region ?? stackRegion, bucket: l.bucket };
}

/** A created log bucket's name, as `createdBucketName` makes it. */
export const CREATED_LOG_BUCKET = /^portkey-logs-\d{12}-[0-9a-f]{8}$/;
