// Shared test helpers: build a raw config map the way Pulumi passes it, and run the program.
import program = require("../index");
import * as assert from "assert";
import { ConfigError, parseConfig, PROJECT, SECRET_CONFIG_KEYS } from "../config";
import { isPlainObject } from "../derive/objects";
import { isWrappedSecret, Plan, PlannedResource, runProgram } from "../offline/run";
import { ROOT, StackConfig } from "../offline/stackConfig";
import { Planner, planStack } from "../scripts/plan";

export const REGION = "eu-west-1";

/** Stack config as a test writes it: top-level keys → values (objects become JSON text). */
export type TestConfig = Record<string, unknown>;

const SECRET_TOP_KEYS = new Set<string>(SECRET_CONFIG_KEYS);

export function rawConfig(cfg: TestConfig): StackConfig {
    const config: Record<string, string> = { "aws:region": REGION };
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(cfg)) {
        if (v === undefined) continue;
        const full = k.includes(":") ? k : `${PROJECT}:${k}`;
        config[full] = typeof v === "string" ? v : JSON.stringify(v);
        if (SECRET_TOP_KEYS.has(k)) secretKeys.push(full);
    }
    return { stack: "test", config, secretKeys, region: config["aws:region"] };
}

/** The open-source gateway image, which needs no registry credentials nor Portkey's mandatory keys. */
export const OPEN_SOURCE_IMAGE = { images: { gatewayImage: { repository: "portkeyai/gateway" } } };

/**
 * Secret values of a mount-only stack on the open-source image: keys the pinned image reads from a
 * file (derive/image.ts OPEN_SOURCE_FILE_KEYS); any other key would reach it as the path.
 */
export const FILE_READ_VALUES = { AZURE_CLIENT_ID: "azure-client-id", TRUSTED_CUSTOM_HOSTS: "llm.internal.example.com" };

/** `over` merged into `base`, objects key by key. */
function merged(base: TestConfig, over: TestConfig): TestConfig {
    const out: TestConfig = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? merged(out[k] as TestConfig, v) : v;
    return out;
}

/** The cluster setting of a test about the cluster the program creates (cluster.create defaults to true). */
export const CREATED_CLUSTER = { create: true };

/** An existing cluster: what most tests run on (see baseConfig). */
export const EXISTING_CLUSTER = { create: false, name: "portkey-test" };

/**
 * A minimal valid config: an existing cluster, created secret, partial mode, open-source image.
 * The cluster is an existing one because most tests are about the gateway, and planning a created
 * cluster (pulumi-eks, awsx) costs as much again; a test about the cluster sets `cluster`.
 */
export function baseConfig(extra: TestConfig = {}): TestConfig {
    const base = {
        secretValues: { OPENAI_API_KEY: "sk-test", REDIS_URL: "redis://r:6379" },
        env: { LOG_LEVEL: "info" },
        gateway: { values: OPEN_SOURCE_IMAGE },
        cluster: EXISTING_CLUSTER,
    };
    const out = merged(base, extra);
    // A test that sets these replaces them whole, as a stack file would.
    for (const k of ["secretValues", "env", "cluster"]) if (k in extra) out[k] = extra[k];
    return out;
}

/** The deploying identity as sts:GetCallerIdentity would answer (`cloud.callerIdentity`): offline it is unknown unless declared. */
export const DECLARED_CALLER = { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/fake" };

/** Plans already run, by config: a plan is plain data the tests only read, so one run serves all. */
const plans = new Map<string, Promise<Plan>>();

export function plan(cfg: TestConfig): Promise<Plan> {
    const key = JSON.stringify(cfg);
    if (!plans.has(key)) plans.set(key, runProgram(program, rawConfig(cfg)));
    return plans.get(key)!;
}

/** Shipped stacks' plans, as `npm run plan -- --stack <stack>` makes them: planned once for the whole run. */
const shipped = new Map<string, Promise<Plan>>();

export function shippedPlan(stack: string): Promise<Plan> {
    if (!shipped.has(stack)) shipped.set(stack, planStack(stack));
    return shipped.get(stack)!;
}

/** The plan command's planner for its tests: a shipped stack as it is comes from shippedPlan, anything else is planned. */
export const reusingPlanner: Planner = (stack, overrides = [], paths = false, root = ROOT, warn, cloud = {}) =>
    overrides.length === 0 && !paths && root === ROOT && Object.keys(cloud).length === 0
        ? shippedPlan(stack)
        : planStack(stack, overrides, paths, root, warn, cloud);

export function find(p: Plan, type: string, name?: string): PlannedResource {
    const r = p.resources.find((x) => x.type === type && (name === undefined || x.name === name));
    if (!r) throw new Error(`no ${type}${name ? ` named ${name}` : ""} in plan: ${p.resources.map((x) => `${x.type} ${x.name}`).join(", ")}`);
    return r;
}

export function all(p: Plan, type: string): PlannedResource[] {
    return p.resources.filter((x) => x.type === type);
}

export const T = {
    release: "kubernetes:helm.sh/v3:Release",
    spc: "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    namespace: "kubernetes:core/v1:Namespace",
    k8sSecret: "kubernetes:core/v1:Secret",
    cluster: "eks:index:Cluster",
    nodeGroup: "eks:index:ManagedNodeGroup",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    addon: "aws:eks/addon:Addon",
    deploymentPatch: "kubernetes:apps/v1:DeploymentPatch",
    k8sProvider: "pulumi:providers:kubernetes",
} as const;

/** Unwraps a value the mocks keep wrapped as secret. */
export function unwrap<T = unknown>(v: unknown): T {
    return (isWrappedSecret(v) ? v.value : v) as T;
}

export function gatewayValues(p: Plan): any {
    return find(p, T.release, "portkey-gateway-release").inputs.values;
}

export function spcSpec(p: Plan): any {
    return find(p, T.spc).inputs.spec as any;
}

export function objects(p: Plan): any[] {
    return JSON.parse(spcSpec(p).parameters.objects);
}

export function policy(p: Plan, type: string, name: string, field: string): any {
    return JSON.parse(unwrap<string>(find(p, type, name).inputs[field]));
}

/** The problems config validation reports for `cfg` (none when it is valid). */
export function configProblems(cfg: TestConfig): string[] {
    const raw = rawConfig(cfg);
    try {
        parseConfig(raw.config, new Set(raw.secretKeys), "test");
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems;
    }
    return [];
}

/** Asserts exactly one problem, on `key`, matching `what`, with a fix. */
export function rejects(cfg: TestConfig, key: string, what: RegExp): void {
    const list = configProblems(cfg);
    assert.strictEqual(list.length, 1, list.join("\n"));
    assert.ok(list[0].startsWith(`portkey-gateway:${key}: `), list[0]);
    assert.match(list[0], what);
    assert.match(list[0], /Fix: .+\.$/);
}
