// The pods' own AWS access (docs/data-plane.md): the log store, Bedrock and the dataservice's
// buckets on the roles, and no long-lived key where a role serves.
import { atLeast } from "../../derive/charts";
import {
    CREATE_BUCKET,
    dataPlaneBuckets,
    dataPlaneOfConfig,
    gatewayDataPlanePolicy,
    LOG_STORE_ENV_KEYS,
    parseBedrockModel,
    PROFILE_GEOGRAPHIES,
    profileRegions,
} from "../../derive/dataPlane";
import { arnFields } from "../../derive/inputs";
import { partitionOfRegion } from "../../derive/partition";
import { isExactVersion } from "../grammar";
import { isPlainObject } from "../schema";
import { Settings } from "../declaration";
import { Rule } from "./rule";

/**
 * Credentials that would replace the pod's role or stand in for it: the log store's and the
 * Bedrock assumed-role keys (docs/upstream-facts.md#log-store-role, #bedrock-role), and the SDK's credential variables,
 * which the SDKs read before a web identity or Pod Identity (docs/upstream-facts.md#sdk-credential-chain).
 */
export const STATIC_CREDENTIAL_KEYS = [
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
] as const;
/** The container-credentials variables, by prefix (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, `_RELATIVE_URI`, …). */
export const STATIC_CREDENTIAL_PREFIX = "AWS_CONTAINER_CREDENTIALS_";

export function isStaticCredentialKey(k: string): boolean {
    return (STATIC_CREDENTIAL_KEYS as readonly string[]).includes(k) || k.startsWith(STATIC_CREDENTIAL_PREFIX);
}

/** Pod Identity reaches the enterprise gateway's own AWS calls from this version on (docs/upstream-facts.md#log-store-role). */
export const ENTERPRISE_POD_IDENTITY_SINCE = "1.16.4";
/** The enterprise image tag each chart version runs by default: its `appVersion` (Portkey-AI/helm@576a626 charts/portkey-gateway/Chart.yaml). */
export const CHART_APP_VERSIONS: Readonly<Record<string, string>> = { "1.7.7": "2.13.0" };

/** Where each env var name a stack sets is set: `secretValues.<K>`, `secretKeys` or `env.<K>`. */
function placedKeys(s: Settings): Array<{ key: string; path: string }> {
    return [
        ...Object.keys(s.secretValues ?? {}).map((key) => ({ key, path: `secretValues.${key}` })),
        ...(s.secretKeys ?? []).map((key) => ({ key, path: "secretKeys" })),
        ...Object.keys(s.env ?? {}).map((key) => ({ key, path: `env.${key}` })),
    ];
}

/** Env var names in a list of Kubernetes EnvVar objects (`{name, value | valueFrom}`), with their paths. */
function envVarNames(list: unknown, path: string): Array<{ key: string; path: string }> {
    if (!Array.isArray(list)) return [];
    return list.flatMap((e, i) => (isPlainObject(e) && typeof e.name === "string" ? [{ key: e.name, path: `${path}[${i}].name` }] : []));
}

/**
 * Env var names the chart's own values add to the pods: the gateway's and the dataservice's `extraEnv`
 * lists and the dataservice's `env` map (Portkey-AI/helm@576a626 charts/portkey-gateway/values.yaml). `envFrom`
 * loads whole Secrets and ConfigMaps whose keys the plan cannot see (docs/data-plane.md).
 */
function chartValueKeys(s: Settings): Array<{ key: string; path: string }> {
    const v = s.gateway.values;
    const ds = isPlainObject(v.dataservice) ? v.dataservice : {};
    const dsEnv = isPlainObject(ds.env) ? Object.keys(ds.env) : [];
    return [
        ...envVarNames(v.extraEnv, "gateway.values.extraEnv"),
        ...envVarNames(isPlainObject(ds.deployment) ? ds.deployment.extraEnv : undefined, "gateway.values.dataservice.deployment.extraEnv"),
        ...dsEnv.map((key) => ({ key, path: `gateway.values.dataservice.env.${key}` })),
    ];
}

function roleSettings(s: Settings): string[] {
    return [...(s.logStore ? ["logStore"] : []), ...(s.bedrock ? ["bedrock"] : [])];
}

export const noStaticKeysWithRole: Rule = ({ s }, p) => {
    const on = roleSettings(s);
    if (on.length === 0) return;
    const seen = new Set<string>();
    for (const { key, path } of [...placedKeys(s), ...chartValueKeys(s)]) {
        if (!isStaticCredentialKey(key) || seen.has(`${path}/${key}`)) continue;
        seen.add(`${path}/${key}`);
        p.add(
            path,
            `sets ${key}, a long-lived credential, while ${on.join(" and ")} use the pods' own role; static credentials in the environment also come before the role in the AWS SDK's credential chain and would silently replace it`,
            `remove ${key}; the role needs no key (docs/data-plane.md, "Migrating off keys")`,
        );
    }
};

export const managedDataPlaneKeys: Rule = ({ s }, p) => {
    const managed = new Map<string, string>([
        ...(s.logStore ? LOG_STORE_ENV_KEYS.map((k): [string, string] => [k, "logStore"]) : []),
        // A custom endpoint makes the store S3-compatible instead of S3 on the role.
        ...(s.logStore ? [["LOG_STORE_BASEPATH", "logStore"] as [string, string]] : []),
        ...(s.gateway.dataservice.finetunesBucket !== undefined ? [["FINETUNES_BUCKET", "gateway.dataservice.finetunesBucket"] as [string, string]] : []),
        ...(s.gateway.dataservice.logExportsBucket !== undefined ? [["LOG_EXPORTS_BUCKET", "gateway.dataservice.logExportsBucket"] as [string, string]] : []),
    ]);
    for (const { key, path } of placedKeys(s)) {
        const by = managed.get(key);
        if (by) p.add(path, `sets ${key}, which the program sets from ${by}`, `remove ${key} from ${path.split(".")[0]}`);
    }
};

export const logStoreSettings: Rule = ({ s, raw, region }, p) => {
    const l = s.logStore;
    if (!l) return;
    // A bucket written but refused has its own problem.
    const written = isPlainObject(raw.logStore) && raw.logStore.bucket !== undefined;
    if (l.bucket === undefined && !written) p.add("logStore.bucket", "is required with logStore", "set it to create, or to an existing bucket's name");
    if (l.bucket === CREATE_BUCKET && l.region !== undefined && region !== undefined && l.region !== region)
        p.add("logStore.region", "differs from the stack's region, but a created bucket is in the stack's region", "remove logStore.region");
    if (l.bucket === CREATE_BUCKET && l.bucketAccountId !== undefined)
        p.add("logStore.bucketAccountId", "names an account, but a created bucket is in the stack's account", "remove logStore.bucketAccountId");
    // SSE-KMS takes a key in the bucket's own region (docs/upstream-facts.md#s3-kms-key-region).
    const keyRegion = l.kmsKeyArn === undefined ? undefined : arnFields(l.kmsKeyArn)?.region;
    const bucketRegion = l.region ?? region;
    if (keyRegion !== undefined && bucketRegion !== undefined && keyRegion !== bucketRegion)
        p.add(
            "logStore.kmsKeyArn",
            `is a key in ${keyRegion}, but the bucket is in ${bucketRegion} and S3 encrypts only with a key in the bucket's region`,
            `use a customer-managed key in ${bucketRegion} (a multi-Region key's replica there has its own ARN)`,
        );
};

export const bedrockSettings: Rule = ({ s, region }, p) => {
    const b = s.bedrock;
    if (!b) return;
    const models = b.models ?? [];
    if (models.length === 0)
        p.add("bedrock.models", "is required with bedrock: the role is granted exactly the models listed", "list the model or inference profile IDs");
    const regions = b.regions ?? (region !== undefined ? [region] : []);
    models.forEach((id, i) => {
        const m = parseBedrockModel(id);
        const at = `bedrock.models[${i}]`;
        if (m.kind === "invalid")
            p.add(
                at,
                "is neither a foundation model ID (<provider>.<model>) nor a geographic inference profile ID",
                `give an ID such as anthropic.claude-3-5-sonnet-20240620-v1:0 or us.anthropic.claude-sonnet-4-20250514-v1:0 (profiles: ${Object.keys(PROFILE_GEOGRAPHIES).join(", ")})`,
            );
        else if (m.kind === "global")
            p.add(
                at,
                "is a global inference profile, which routes to any commercial region: the role would need the model in every region, and the plan cannot list them",
                "use the model's geographic profile (us., eu., apac.) and list its destination regions in bedrock.regions",
            );
        else if (m.kind === "profile" && profileRegions(m.geography, regions).length === 0)
            p.add(
                "bedrock.regions",
                `names no region of the ${m.geography} geography that ${at} routes within`,
                `list the profile's source region and every destination region (\`aws bedrock get-inference-profile --inference-profile-identifier ${m.id}\`; pulumi preview checks them against Bedrock)`,
            );
    });
};

export const roleNeedsEnterpriseImage: Rule = ({ s }, p) => {
    if (s.gateway.image !== "open-source") return;
    for (const key of roleSettings(s))
        p.add(
            key,
            "needs the enterprise image: the open-source gateway has no S3 log store and cannot use the pod's role (its Bedrock path signs with static keys)",
            `remove ${key}, or set gateway.image to enterprise`,
        );
};

/** The enterprise image's tag a stack runs: `gateway.values.images.gatewayImage.tag`, else the chart's appVersion. */
export function enterpriseTag(s: Pick<Settings, "gateway">): unknown {
    const images = s.gateway.values.images as { gatewayImage?: { tag?: unknown } } | undefined;
    return images?.gatewayImage?.tag ?? CHART_APP_VERSIONS[s.gateway.chartVersion];
}

export const podIdentityGatewayVersion: Rule = ({ s }, p) => {
    if (s.identity !== "pod-identity" || s.gateway.image !== "enterprise" || roleSettings(s).length === 0) return;
    const tag = enterpriseTag(s);
    const fix = `run enterprise gateway ${ENTERPRISE_POD_IDENTITY_SINCE} or later (gateway.values.images.gatewayImage.tag), or use identity irsa`;
    if (typeof tag !== "string" || !isExactVersion(tag))
        p.add(
            "identity",
            `is pod-identity, and the gateway's image tag is not an exact version, so whether it reaches its role through Pod Identity (${ENTERPRISE_POD_IDENTITY_SINCE} and later) cannot be checked`,
            fix,
        );
    else if (!atLeast(tag, ENTERPRISE_POD_IDENTITY_SINCE))
        p.add(
            "identity",
            `is pod-identity, but enterprise gateway ${tag} predates Pod Identity support (${ENTERPRISE_POD_IDENTITY_SINCE}): its log store and Bedrock calls would find no credentials`,
            fix,
        );
};

/**
 * IAM refuses a role whose inline policies together exceed 10,240 characters, whitespace not counted
 * (docs/upstream-facts.md#iam-inline-size). The secret's policy takes at most about 1,000; the data
 * plane's gets the rest, measured with the longest names it can hold (a created bucket's).
 */
export const DATA_PLANE_POLICY_LIMIT = 9000;

/** The models a grant is derived from; the other kinds are refused by bedrockSettings. */
const GRANTED_KINDS: readonly string[] = ["foundation-model", "profile"];

export const dataPlanePolicyFits: Rule = ({ s, region }, p) => {
    const dp = dataPlaneOfConfig(s);
    if (!dp?.bedrock || region === undefined) return;
    // A refused model (invalid, global) has its own problem, and no grant to measure.
    if (dp.bedrock.models.some((id) => !GRANTED_KINDS.includes(parseBedrockModel(id).kind))) return;
    const ctx = { partition: partitionOfRegion(region), region, accountId: "123456789012" };
    const size = JSON.stringify(gatewayDataPlanePolicy(dp, dataPlaneBuckets(dp, ctx, ""), ctx)).length;
    if (size > DATA_PLANE_POLICY_LIMIT)
        p.add(
            "bedrock.models",
            `with bedrock.regions, makes the gateway role's policy about ${size} characters, over the ${DATA_PLANE_POLICY_LIMIT} its inline policies leave (IAM allows 10,240 per role)`,
            "list fewer models or regions",
        );
};

export const DATA_PLANE_RULES: Rule[] = [
    dataPlanePolicyFits,
    noStaticKeysWithRole,
    managedDataPlaneKeys,
    logStoreSettings,
    bedrockSettings,
    roleNeedsEnterpriseImage,
    podIdentityGatewayVersion,
];

/**
 * Warnings, not refusals: a stack that keeps S3 logs with keys and no `logStore` is told the
 * keyless way. Not for gcs, azure, wasabi or an S3-compatible store (a LOG_STORE_BASEPATH).
 */
export function dataPlaneWarnings(s: Pick<Settings, "logStore" | "env" | "secretValues" | "secretKeys">): string[] {
    if (s.logStore) return [];
    const env = s.env ?? {};
    const values = s.secretValues ?? {};
    const keys = new Set([...Object.keys(env), ...Object.keys(values), ...(s.secretKeys ?? [])]);
    const store = env.LOG_STORE ?? values.LOG_STORE;
    const withKeys = keys.has("LOG_STORE_ACCESS_KEY") || keys.has("LOG_STORE_SECRET_KEY");
    if (!withKeys || (store !== "s3" && store !== "s3_assume") || keys.has("LOG_STORE_BASEPATH")) return [];
    return [
        "The S3 log store uses long-lived keys (LOG_STORE_ACCESS_KEY, LOG_STORE_SECRET_KEY). Set logStore.bucket (create, or the bucket's name) to write logs on the pods' own role instead, then remove the keys (docs/data-plane.md, \"Migrating off keys\").",
    ];
}
