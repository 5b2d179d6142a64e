// Stack config: the typed shape, its defaults, and validation.
// Pure: takes the raw config map (as Pulumi hands it to the program) and returns a typed
// config or throws one ConfigError listing every problem. Nothing here touches Pulumi.

export const PROJECT = "portkey-gateway";

export type SecretsMode = "partial" | "full" | "mount-only";
export const SECRETS_MODES: readonly SecretsMode[] = ["partial", "full", "mount-only"];

export type Identity = "irsa" | "pod-identity";
export const IDENTITIES: readonly Identity[] = ["irsa", "pod-identity"];

export type ReloaderSource = "install" | "existing" | "none";
export const RELOADER_SOURCES: readonly ReloaderSource[] = ["install", "existing", "none"];

/** Chart and component versions the product is tested with. Every one can be overridden by config. */
export const DEFAULT_VERSIONS = {
    gatewayChart: "1.7.7",
    csiDriverChart: "1.5.6",
    awsProviderChart: "3.1.1",
    reloaderChart: "2.2.16",
    kubernetes: "1.33",
} as const;

export interface ClusterConfig {
    /** true: create an EKS cluster; false: use the existing cluster `name`. */
    create: boolean;
    name: string;
    version: string;
    instanceTypes: string[];
    desiredSize: number;
    minSize: number;
    maxSize: number;
    vpcId?: string;
    publicSubnetIds?: string[];
    privateSubnetIds?: string[];
    /** Install the `eks-pod-identity-agent` managed add-on (identity `pod-identity` only). */
    installPodIdentityAgent: boolean;
    podIdentityAgentVersion?: string;
}

export interface AddonsConfig {
    install: boolean;
    csiDriverChartVersion: string;
    awsProviderChartVersion: string;
}

export interface RotationConfig {
    enabled: boolean;
    /** Go duration handed to the driver's `rotationPollInterval`. */
    pollInterval: string;
    reloader: ReloaderSource;
    reloaderChartVersion: string;
}

export interface SecretConfig {
    /** Name of the secret the program creates. */
    name: string;
    /** Name or ARN of an existing secret to adopt instead of creating one. */
    existing?: string;
    kmsKeyArn?: string;
    recoveryWindowInDays: number;
}

export interface DataserviceConfig {
    enabled: boolean;
    serviceAccountName?: string;
}

export interface GatewayConfig {
    releaseName: string;
    chartVersion: string;
    serviceAccountName?: string;
    mountPath: string;
    syncedSecretName?: string;
    imagePullSecrets: string[];
    /** Extra chart values merged under the managed ones. */
    values: Record<string, unknown>;
    dataservice: DataserviceConfig;
}

export interface ImageCredentials {
    registry: string;
    username: string;
    password: string;
    email?: string;
}

export interface Config {
    secretsMode: SecretsMode;
    identity: Identity;
    namespace: string;
    createNamespace: boolean;
    cluster: ClusterConfig;
    addons: AddonsConfig;
    rotation: RotationConfig;
    secret: SecretConfig;
    /** Values of the secret the program creates (absent when adopting). Never logged. */
    secretValues?: Record<string, string>;
    /** Literal env values (the chart's `environment.data`). */
    env: Record<string, string>;
    /** Env vars whose values come from AWS Secrets Manager. */
    awsKeys: string[];
    gateway: GatewayConfig;
    imageCredentials?: ImageCredentials;
}

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(
            `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Top-level keys under the project namespace and, for objects, the keys they accept. */
const SCHEMA: Record<string, readonly string[] | null> = {
    secretsMode: null,
    identity: null,
    namespace: null,
    createNamespace: null,
    cluster: [
        "create", "name", "version", "instanceTypes", "desiredSize", "minSize", "maxSize", "vpcId",
        "publicSubnetIds", "privateSubnetIds", "installPodIdentityAgent", "podIdentityAgentVersion",
    ],
    addons: ["install", "csiDriverChartVersion", "awsProviderChartVersion"],
    rotation: ["enabled", "pollInterval", "reloader", "reloaderChartVersion"],
    secret: ["name", "existing", "kmsKeyArn", "recoveryWindowInDays"],
    secretValues: null,
    env: null,
    secretKeys: null,
    gateway: [
        "releaseName", "chartVersion", "serviceAccountName", "mountPath", "syncedSecretName",
        "imagePullSecrets", "values", "dataservice",
    ],
    imageCredentials: ["registry", "username", "password", "email"],
};
const DATASERVICE_KEYS = ["enabled", "serviceAccountName"];

/** Top-level keys that are plain strings: kept as typed, never read as JSON ("2024" stays text). */
const STRING_KEYS = new Set(["secretsMode", "identity", "namespace"]);

/**
 * Env vars the chart reads from `environment.data` while rendering (container port, server mode,
 * whether to deploy Redis). From AWS they would be a file path or unknown at render time.
 */
export const CHART_RENDER_KEYS = ["PORT", "MCP_PORT", "SERVER_MODE", "CACHE_STORE"] as const;

/** Namespaces that always exist; the program must not try to create them. */
const BUILTIN_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/** Config keys that hold secret values and must be set with `pulumi config set --secret`. */
export const SECRET_CONFIG_KEYS = ["secretValues", "imageCredentials"] as const;

/** Chart values the product manages; the `gateway.values` escape hatch may not set them. */
export const MANAGED_VALUE_PATHS = [
    "fullnameOverride",
    "nameOverride",
    "useVaultInjection",
    "environment",
    "serviceAccount",
    "volumes",
    "volumeMounts",
    "imageCredentials",
    "imagePullSecrets",
    "dataservice.enabled",
    "dataservice.name",
    "dataservice.serviceAccount",
    "dataservice.deployment.volumes",
    "dataservice.deployment.volumeMounts",
] as const;

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_NAME_SUFFIX = /-[A-Za-z0-9]{6}$/;
const SECRET_ARN = /^arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const KMS_KEY_ARN = /^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const GO_DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;
const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const MAX_SECRET_BYTES = 65536;

const key = (k: string) => `${PROJECT}:${k}`;

/** Collects problems so that one run reports all of them. */
class Problems {
    readonly list: string[] = [];
    add(configKey: string, what: string, fix: string) {
        this.list.push(`${key(configKey)}: ${what}. Fix: ${fix}.`);
    }

    /** Reports each of `fields` set in `section` although the setting that gives it meaning is off. */
    notApplicable(section: string, values: Record<string, unknown>, fields: readonly string[], what: string, otherwise: string) {
        for (const f of fields) {
            if (values[f] !== undefined) this.add(`${section}.${f}`, what, `remove ${section}.${f}, or ${otherwise}`);
        }
    }
}

type Raw = Record<string, string>;

/** Reads one raw value: objects, arrays, numbers and booleans arrive as JSON text. */
function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "null";
    return `a ${typeof v}`;
}

/** Typed readers that record a problem and fall back to the default when a value is wrong. */
class Reader {
    constructor(private readonly p: Problems) {}

    str(path: string, v: unknown, def: string): string;
    str(path: string, v: unknown, def?: string): string | undefined;
    str(path: string, v: unknown, def?: string): string | undefined {
        if (v === undefined) return def;
        if (typeof v === "string" && v.length > 0) return v;
        this.p.add(path, `expected a non-empty string, got ${describe(v)}`, `set it with \`pulumi config set ${path} <text>\``);
        return def;
    }

    bool(path: string, v: unknown, def: boolean): boolean {
        if (v === undefined) return def;
        if (typeof v === "boolean") return v;
        if (v === "true" || v === "false") return v === "true";
        this.p.add(path, `expected true or false, got ${JSON.stringify(v)}`, `set it to true or false`);
        return def;
    }

    int(path: string, v: unknown, def: number, min: number, max: number): number {
        if (v === undefined) return def;
        const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
        if (typeof n === "number" && Number.isInteger(n) && n >= min && n <= max) return n;
        this.p.add(path, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`, `set a number in that range`);
        return def;
    }

    oneOf<T extends string>(path: string, v: unknown, allowed: readonly T[], def: T): T {
        if (v === undefined) return def;
        if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
        this.p.add(path, `unknown value ${JSON.stringify(v)}`, `use one of ${allowed.join(", ")}`);
        return def;
    }

    strList(path: string, v: unknown): string[] | undefined {
        if (v === undefined) return undefined;
        if (Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0)) return v as string[];
        this.p.add(path, `expected a list of strings, got ${describe(v)}`, `set it with \`pulumi config set --path '${path}[0]' <value>\``);
        return undefined;
    }

    obj(path: string, v: unknown, allowedKeys: readonly string[] | null): Record<string, unknown> {
        if (v === undefined) return {};
        if (!isObject(v)) {
            this.p.add(path, `expected an object, got ${describe(v)}`, `set its fields with \`pulumi config set --path '${path}.<field>' <value>\``);
            return {};
        }
        if (allowedKeys) {
            for (const k of Object.keys(v)) {
                if (!allowedKeys.includes(k)) {
                    this.p.add(`${path}.${k}`, "unknown setting", `remove it, or use one of ${allowedKeys.join(", ")}`);
                }
            }
        }
        return v;
    }

    /** A map of env var name → string. Values are never echoed: they may be secret. */
    envMap(path: string, v: unknown, secret: boolean): Record<string, string> {
        const m = this.obj(path, v, null);
        const out: Record<string, string> = {};
        for (const [k, val] of Object.entries(m)) {
            if (!ENV_NAME.test(k)) {
                this.p.add(`${path}.${k}`, `"${k}" is not an environment variable name (letters, digits and _, not starting with a digit)`, "rename the key");
                continue;
            }
            if (typeof val !== "string") {
                const how = secret ? `pulumi config set --secret --path '${path}.${k}' <value>` : `quote the value in the stack file, or \`pulumi config set --path '${path}.${k}' <value>\``;
                this.p.add(`${path}.${k}`, `expected a string value, got ${describe(val)}`, `set it as a string: ${how}`);
                continue;
            }
            out[k] = val;
        }
        return out;
    }
}

function unique<T>(xs: T[]): T[] {
    return [...new Set(xs)];
}

/** Kubernetes object names must be DNS subdomains; namespaces and SA names stay conservative. */
function checkDns(p: Problems, path: string, v: string | undefined, label: boolean) {
    if (v === undefined) return;
    const re = label ? DNS_LABEL : DNS_SUBDOMAIN;
    const max = label ? 63 : 253;
    if (!re.test(v) || v.length > max) {
        p.add(path, `"${v}" is not a valid Kubernetes name`, `use lower-case letters, digits and '-'${label ? "" : " or '.'"}, at most ${max} characters, starting and ending with a letter or digit`);
    }
}

export function isSecretArn(ref: string): boolean {
    return ref.startsWith("arn:");
}

function checkSecretRef(p: Problems, path: string, ref: string) {
    if (isSecretArn(ref)) {
        if (!SECRET_ARN.test(ref)) {
            p.add(path, `"${ref}" is not a Secrets Manager secret ARN`, "give the full ARN, arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, or the secret's name");
        }
        return;
    }
    checkSecretName(p, path, ref);
}

function checkSecretName(p: Problems, path: string, name: string) {
    if (name.length > 512) {
        p.add(path, `is ${name.length} characters long`, "use a name of at most 512 characters");
    } else if (!SECRET_NAME.test(name)) {
        p.add(path, `"${name}" has characters a secret name cannot have`, "use letters, digits and /_+=.@- only, at most 512 characters");
    } else if (SECRET_NAME_SUFFIX.test(name)) {
        p.add(path, `"${name}" ends in '-' and six characters, which Secrets Manager reserves for the ARN suffix`, "change the end of the name (for example drop the last '-' part)");
    }
}

function dig(values: Record<string, unknown>, dotted: string): unknown {
    let cur: unknown = values;
    for (const part of dotted.split(".")) {
        if (!isObject(cur)) return undefined;
        cur = cur[part];
    }
    return cur;
}

/**
 * Validates the raw config map (`<project>:<key>` → string as Pulumi provides it) and returns
 * the typed config with defaults applied. Throws one ConfigError naming every bad key.
 * `secretKeysSet` holds the full keys that Pulumi marks secret.
 */
export function parseConfig(raw: Raw, secretKeysSet: ReadonlySet<string> = new Set(), stackName = "dev"): Config {
    const p = new Problems();
    const r = new Reader(p);
    const values: Record<string, unknown> = {};
    for (const [full, text] of Object.entries(raw)) {
        if (!full.startsWith(`${PROJECT}:`)) continue;
        const k = full.slice(PROJECT.length + 1);
        if (!(k in SCHEMA)) {
            p.add(k, "unknown config key", `remove it (\`pulumi config rm ${k}\`), or use one of ${Object.keys(SCHEMA).join(", ")}`);
            continue;
        }
        values[k] = STRING_KEYS.has(k) ? text : parseValue(text);
    }

    const secretsMode = r.oneOf("secretsMode", values.secretsMode, SECRETS_MODES, "partial");
    const identity = r.oneOf("identity", values.identity, IDENTITIES, "irsa");
    const namespace = r.str("namespace", values.namespace, "portkeyai");
    checkDns(p, "namespace", namespace, true);
    const createNamespace = r.bool("createNamespace", values.createNamespace, true);
    if (createNamespace && BUILTIN_NAMESPACES.has(namespace)) {
        p.add("createNamespace", `namespace "${namespace}" always exists, so the program cannot create it`, "set createNamespace to false, or choose another namespace");
    }

    // cluster
    const c = r.obj("cluster", values.cluster, SCHEMA.cluster);
    const clusterCreate = r.bool("cluster.create", c.create, true);
    const clusterName = r.str("cluster.name", c.name);
    if (!clusterCreate && clusterName === undefined) {
        p.add("cluster.name", "an existing cluster needs its name (cluster.create is false)", "set `pulumi config set --path cluster.name <eks-cluster-name>`, or set cluster.create to true");
    }
    if (clusterName !== undefined && !CLUSTER_NAME.test(clusterName)) {
        p.add("cluster.name", `"${clusterName}" is not a valid EKS cluster name`, "use letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters");
    }
    const instanceTypes = r.strList("cluster.instanceTypes", c.instanceTypes) ?? ["m6i.large"];
    if (instanceTypes.length === 0) {
        p.add("cluster.instanceTypes", "is empty", 'list at least one EC2 instance type, such as "m6i.large"');
    }
    const minSize = r.int("cluster.minSize", c.minSize, 2, 0, 450);
    const maxSize = r.int("cluster.maxSize", c.maxSize, 4, 1, 450);
    const desiredSize = r.int("cluster.desiredSize", c.desiredSize, minSize, 0, 450);
    if (minSize > maxSize || desiredSize < minSize || desiredSize > maxSize) {
        p.add("cluster.desiredSize", `node group sizes must satisfy minSize <= desiredSize <= maxSize (got ${minSize}, ${desiredSize}, ${maxSize})`, "adjust cluster.minSize, cluster.desiredSize and cluster.maxSize");
    }
    const version = r.str("cluster.version", c.version, DEFAULT_VERSIONS.kubernetes);
    if (!/^1\.\d+$/.test(version)) {
        p.add("cluster.version", `"${version}" is not a Kubernetes minor version`, `use a version EKS supports, such as "${DEFAULT_VERSIONS.kubernetes}"`);
    }
    const vpcId = r.str("cluster.vpcId", c.vpcId);
    const publicSubnetIds = r.strList("cluster.publicSubnetIds", c.publicSubnetIds);
    const privateSubnetIds = r.strList("cluster.privateSubnetIds", c.privateSubnetIds);
    if (!clusterCreate) {
        const fields = ["version", "instanceTypes", "desiredSize", "minSize", "maxSize", "vpcId", "publicSubnetIds", "privateSubnetIds"];
        p.notApplicable("cluster", c, fields, "only applies to a cluster the program creates (cluster.create is false)", "set cluster.create to true");
    }
    if (vpcId === undefined && (publicSubnetIds || privateSubnetIds)) {
        p.add("cluster.vpcId", "subnets are set without their VPC", "set cluster.vpcId to the VPC of those subnets");
    }
    const installPodIdentityAgent = r.bool("cluster.installPodIdentityAgent", c.installPodIdentityAgent, clusterCreate);
    const podIdentityAgentVersion = r.str("cluster.podIdentityAgentVersion", c.podIdentityAgentVersion);
    if (identity !== "pod-identity") {
        p.notApplicable("cluster", c, ["installPodIdentityAgent", "podIdentityAgentVersion"], "the Pod Identity agent settings apply only with identity pod-identity", "set identity to pod-identity");
    } else if (!installPodIdentityAgent && podIdentityAgentVersion !== undefined) {
        p.add("cluster.podIdentityAgentVersion", "is set but the program does not install the agent (cluster.installPodIdentityAgent is false)", "remove it, or set cluster.installPodIdentityAgent to true");
    }

    // add-ons
    const a = r.obj("addons", values.addons, SCHEMA.addons);
    const addons: AddonsConfig = {
        install: r.bool("addons.install", a.install, true),
        csiDriverChartVersion: r.str("addons.csiDriverChartVersion", a.csiDriverChartVersion, DEFAULT_VERSIONS.csiDriverChart),
        awsProviderChartVersion: r.str("addons.awsProviderChartVersion", a.awsProviderChartVersion, DEFAULT_VERSIONS.awsProviderChart),
    };

    if (!addons.install) {
        p.notApplicable("addons", a, ["csiDriverChartVersion", "awsProviderChartVersion"], "only applies when the program installs the add-ons (addons.install is false)", "set addons.install to true");
    }

    // rotation
    const ro = r.obj("rotation", values.rotation, SCHEMA.rotation);
    const rotationEnabled = r.bool("rotation.enabled", ro.enabled, false);
    const rotation: RotationConfig = {
        enabled: rotationEnabled,
        pollInterval: r.str("rotation.pollInterval", ro.pollInterval, "1h"),
        reloader: r.oneOf("rotation.reloader", ro.reloader, RELOADER_SOURCES, rotationEnabled ? "install" : "none"),
        reloaderChartVersion: r.str("rotation.reloaderChartVersion", ro.reloaderChartVersion, DEFAULT_VERSIONS.reloaderChart),
    };
    if (rotation.pollInterval === "" || !GO_DURATION.test(rotation.pollInterval)) {
        p.add("rotation.pollInterval", `"${rotation.pollInterval}" is not a duration`, 'use a duration such as "1h", "30m" or "3600s"');
    } else if (!/[1-9]/.test(rotation.pollInterval)) {
        p.add("rotation.pollInterval", `"${rotation.pollInterval}" is zero`, 'use a positive duration; one hour ("1h") keeps the Secrets Manager API cost down');
    }
    if (!rotation.enabled && rotation.reloader !== "none") {
        const why = secretsMode === "mount-only"
            ? "in mount-only mode Reloader's CSI integration only sees a change when the driver rotates the mounted secrets"
            : "without driver rotation the synced Secret never changes, so Reloader has nothing to react to";
        p.add("rotation.reloader", `Reloader is set to "${rotation.reloader}" but rotation.enabled is false: ${why}`, "set rotation.enabled to true, or set rotation.reloader to none");
    }
    if (!rotation.enabled && ro.pollInterval !== undefined) {
        p.add("rotation.pollInterval", "is set but rotation.enabled is false", "set rotation.enabled to true, or remove rotation.pollInterval");
    }
    if (rotation.reloader !== "install" && ro.reloaderChartVersion !== undefined) {
        p.add("rotation.reloaderChartVersion", `only applies when the program installs Reloader (rotation.reloader is "${rotation.reloader}")`, "remove it, or set rotation.reloader to install");
    }

    // the secret
    const s = r.obj("secret", values.secret, SCHEMA.secret);
    const secret: SecretConfig = {
        name: r.str("secret.name", s.name, "portkey/gateway/config"),
        existing: r.str("secret.existing", s.existing),
        kmsKeyArn: r.str("secret.kmsKeyArn", s.kmsKeyArn),
        recoveryWindowInDays: 30,
    };
    if (s.recoveryWindowInDays !== undefined) {
        const n = r.int("secret.recoveryWindowInDays", s.recoveryWindowInDays, 30, 0, 30);
        if (n > 0 && n < 7) {
            p.add("secret.recoveryWindowInDays", `${n} is not allowed`, "use 0 (delete at once) or a number of days from 7 to 30");
        }
        secret.recoveryWindowInDays = n;
    }
    checkSecretName(p, "secret.name", secret.name);
    if (secret.existing !== undefined) {
        checkSecretRef(p, "secret.existing", secret.existing);
        p.notApplicable("secret", s, ["name", "recoveryWindowInDays"], "only applies to a secret the program creates (secret.existing is set)", "remove secret.existing");
    }
    if (secret.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(secret.kmsKeyArn)) {
        p.add("secret.kmsKeyArn", `"${secret.kmsKeyArn}" is not a KMS key ARN`, "give the key's ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (an alias cannot scope kms:Decrypt)");
    }
    // The SecretProviderClass and kms:ViaService name the stack's region; a secret elsewhere never mounts.
    const region = raw["aws:region"];
    for (const [path, arn] of [["secret.existing", secret.existing], ["secret.kmsKeyArn", secret.kmsKeyArn]] as const) {
        const arnRegion = arn?.startsWith("arn:") ? arn.split(":")[3] : undefined;
        if (region && arnRegion && arnRegion !== region) {
            p.add(path, `is in region ${arnRegion} but the stack deploys to ${region} (aws:region)`, `use a ${path === "secret.existing" ? "secret" : "key"} in ${region}, or set aws:region to ${arnRegion}`);
        }
    }

    // secret values, literals and the AWS keys
    const creating = secret.existing === undefined;
    for (const sk of SECRET_CONFIG_KEYS) {
        if (values[sk] !== undefined && !secretKeysSet.has(key(sk))) {
            p.add(sk, "holds plaintext in the stack file", `set every value with \`pulumi config set --secret --path '${sk}.<field>' <value>\``);
        }
    }
    const secretValuesRaw = values.secretValues;
    const secretValues = r.envMap("secretValues", secretValuesRaw, true);
    if (!creating && secretValuesRaw !== undefined) {
        p.add("secretValues", "values are set but the secret is adopted (secret.existing is set), so the program cannot write them", "remove secretValues and put the values in the existing secret, or remove secret.existing");
    }
    if (creating && secretValuesRaw !== undefined && Buffer.byteLength(JSON.stringify(secretValues), "utf8") > MAX_SECRET_BYTES) {
        p.add("secretValues", "the secret's JSON is larger than the 64 KiB Secrets Manager allows", "move large values elsewhere");
    }
    const env = r.envMap("env", values.env, false);
    const listed = r.strList("secretKeys", values.secretKeys);
    for (const k of listed ?? []) {
        if (!ENV_NAME.test(k)) {
            p.add("secretKeys", `"${k}" is not an environment variable name (letters, digits and _, not starting with a digit)`, "rename the key here and in the secret");
        }
    }
    if (listed && unique(listed).length !== listed.length) {
        p.add("secretKeys", "lists a key more than once", "list each key once");
    }
    let awsKeys = unique(listed ?? (creating ? Object.keys(secretValues) : []));
    if (awsKeys.length === 0) {
        const fix = creating
            ? "add values with `pulumi config set --secret --path 'secretValues.<KEY>' <value>`"
            : "list the keys of the existing secret with `pulumi config set --path 'secretKeys[0]' <KEY>`";
        p.add("secretKeys", "no key comes from AWS Secrets Manager", fix);
    }
    awsKeys = awsKeys.filter((k) => ENV_NAME.test(k));
    if (creating) {
        for (const k of awsKeys) {
            if (!(k in secretValues) && !(secretValuesRaw !== undefined && isObject(secretValuesRaw) && k in secretValuesRaw)) {
                p.add(`secretValues.${k}`, `secretKeys lists ${k} but the secret the program creates has no value for it (its mount would fail)`, `set it with \`pulumi config set --secret --path 'secretValues.${k}' <value>\`, or remove ${k} from secretKeys`);
            }
        }
        for (const k of Object.keys(secretValues)) {
            if (!awsKeys.includes(k)) {
                p.add(`secretValues.${k}`, `is stored in the secret but no env var uses it (secretKeys does not list ${k})`, `add ${k} to secretKeys, or remove it with \`pulumi config rm --path 'secretValues.${k}'\``);
            }
        }
    }
    if (secretsMode === "full" && Object.keys(env).length > 0) {
        p.add("env", `full mode takes every value from AWS Secrets Manager, but literal values are set for ${Object.keys(env).join(", ")}`, "move those values into the secret, or use secretsMode partial");
    }
    for (const k of awsKeys) {
        if (k in env) {
            p.add(`env.${k}`, `${k} has a literal value and also comes from AWS (secretKeys)`, `remove env.${k}, or remove ${k} from secretKeys`);
        }
        if ((CHART_RENDER_KEYS as readonly string[]).includes(k)) {
            p.add("secretKeys", `${k} cannot come from AWS: the chart reads it from its values while rendering (ports, server mode, whether to deploy Redis)`, `remove ${k} from secretKeys${creating ? " and secretValues" : ""}, and set it in env${secretsMode === "full" ? " (with secretsMode partial)" : ""}`);
        }
    }

    // gateway
    const g = r.obj("gateway", values.gateway, SCHEMA.gateway);
    const ds = r.obj("gateway.dataservice", g.dataservice, DATASERVICE_KEYS);
    const dataservice: DataserviceConfig = {
        enabled: r.bool("gateway.dataservice.enabled", ds.enabled, false),
        serviceAccountName: r.str("gateway.dataservice.serviceAccountName", ds.serviceAccountName),
    };
    if (!dataservice.enabled && dataservice.serviceAccountName !== undefined) {
        p.add("gateway.dataservice.serviceAccountName", "is set but the dataservice is off", "set gateway.dataservice.enabled to true, or remove the setting");
    }
    const gateway: GatewayConfig = {
        releaseName: r.str("gateway.releaseName", g.releaseName, "portkey"),
        chartVersion: r.str("gateway.chartVersion", g.chartVersion, DEFAULT_VERSIONS.gatewayChart),
        serviceAccountName: r.str("gateway.serviceAccountName", g.serviceAccountName),
        mountPath: r.str("gateway.mountPath", g.mountPath, "/mnt/secrets-store"),
        syncedSecretName: r.str("gateway.syncedSecretName", g.syncedSecretName),
        imagePullSecrets: r.strList("gateway.imagePullSecrets", g.imagePullSecrets) ?? [],
        values: r.obj("gateway.values", g.values, null),
        dataservice,
    };
    checkDns(p, "gateway.releaseName", gateway.releaseName, true);
    if (gateway.releaseName.length > 53) {
        p.add("gateway.releaseName", `is ${gateway.releaseName.length} characters long`, "use at most 53 characters (Helm's limit for release names)");
    }
    checkDns(p, "gateway.serviceAccountName", gateway.serviceAccountName, false);
    checkDns(p, "gateway.dataservice.serviceAccountName", dataservice.serviceAccountName, false);
    checkDns(p, "gateway.syncedSecretName", gateway.syncedSecretName, false);
    for (const n of gateway.imagePullSecrets) checkDns(p, "gateway.imagePullSecrets", n, false);
    if (!gateway.mountPath.startsWith("/")) {
        p.add("gateway.mountPath", `"${gateway.mountPath}" is not an absolute path`, 'use an absolute path such as "/mnt/secrets-store"');
    } else if (gateway.mountPath === "/" || gateway.mountPath.endsWith("/") || gateway.mountPath.slice(1).split("/").some((seg) => seg === "" || seg === "." || seg === "..")) {
        p.add("gateway.mountPath", `"${gateway.mountPath}" is not a normalised directory below /`, 'use a plain absolute directory such as "/mnt/secrets-store"');
    }
    if (secretsMode === "mount-only" && gateway.syncedSecretName !== undefined) {
        p.add("gateway.syncedSecretName", "mount-only mode creates no Kubernetes Secret", "remove it, or use secretsMode partial or full");
    }
    for (const f of ["chartVersion"] as const) {
        if (!CHART_VERSION.test(gateway[f])) p.add(`gateway.${f}`, `"${gateway[f]}" is not an exact chart version`, 'pin an exact version such as "1.7.7"');
    }
    for (const [path, v] of [["addons.csiDriverChartVersion", addons.csiDriverChartVersion], ["addons.awsProviderChartVersion", addons.awsProviderChartVersion], ["rotation.reloaderChartVersion", rotation.reloaderChartVersion]] as const) {
        if (!CHART_VERSION.test(v)) p.add(path, `"${v}" is not an exact chart version`, "pin an exact version such as 1.2.3");
    }
    for (const managed of MANAGED_VALUE_PATHS) {
        if (dig(gateway.values, managed) !== undefined) {
            p.add(`gateway.values.${managed}`, "is managed by the program", `remove it from gateway.values; see the README's config reference for the setting that controls it`);
        }
    }

    // A secret value pasted into chart values would sit there in plaintext. Short values are
    // skipped: "true" or "info" match by coincidence.
    const secretTexts = new Set(Object.values(secretValues).filter((v) => v.length >= 8));
    for (const [k, v] of Object.entries(env)) {
        if (secretTexts.has(v)) p.add(`env.${k}`, "holds the same value as an entry of secretValues, so the secret would be in the chart values in plaintext", `remove env.${k} and list ${k} in secretKeys instead`);
    }
    if (secretTexts.size > 0 && [...secretTexts].some((t) => JSON.stringify(gateway.values).includes(JSON.stringify(t).slice(1, -1)))) {
        p.add("gateway.values", "contains a value of secretValues, which would be in the chart values in plaintext", "remove it from gateway.values; take it from AWS with secretKeys");
    }

    // image pull credentials
    let imageCredentials: ImageCredentials | undefined;
    if (values.imageCredentials !== undefined) {
        const ic = r.obj("imageCredentials", values.imageCredentials, SCHEMA.imageCredentials);
        const registry = r.str("imageCredentials.registry", ic.registry, "https://index.docker.io/v1/");
        const username = r.str("imageCredentials.username", ic.username);
        const password = r.str("imageCredentials.password", ic.password);
        const email = r.str("imageCredentials.email", ic.email);
        if (username === undefined || password === undefined) {
            p.add("imageCredentials", "needs both username and password", "set them with `pulumi config set --secret --path 'imageCredentials.username' <user>` (and password)");
        } else {
            imageCredentials = { registry, username, password, email };
        }
    }

    if (p.list.length > 0) throw new ConfigError(p.list);

    return {
        secretsMode,
        identity,
        namespace,
        createNamespace,
        cluster: {
            create: clusterCreate,
            name: clusterName ?? `portkey-${stackName}`,
            version,
            instanceTypes,
            desiredSize,
            minSize,
            maxSize,
            vpcId,
            publicSubnetIds,
            privateSubnetIds,
            installPodIdentityAgent: identity === "pod-identity" && installPodIdentityAgent,
            podIdentityAgentVersion,
        },
        addons,
        rotation,
        secret,
        secretValues: creating ? secretValues : undefined,
        env,
        awsKeys,
        gateway,
        imageCredentials,
    };
}
