// The pure planner: from a validated Config, decide every name, chart value, SecretProviderClass
// spec and IAM document the program will create. Nothing here touches Pulumi, so every decision
// is tested as plain data. Each secrets mode's wiring lives in MODES below and nowhere else.

import { Config, SecretsMode, isSecretArn } from "../config";

export const CHARTS = {
    gateway: { chart: "gateway", repo: "https://portkey-ai.github.io/helm" },
    csiDriver: { chart: "secrets-store-csi-driver", repo: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts" },
    awsProvider: { chart: "secrets-store-csi-driver-provider-aws", repo: "https://aws.github.io/secrets-store-csi-driver-provider-aws" },
    reloader: { chart: "reloader", repo: "https://stakater.github.io/stakater-charts" },
} as const;

export const ADDONS_NAMESPACE = "kube-system";
export const CSI_DRIVER_NAME = "secrets-store.csi.k8s.io";
export const SECRETS_VOLUME = "secrets-store";
/** File name of the whole secret in the mount; cannot clash with an env var name. */
export const WHOLE_SECRET_FILE = "secret.json";
export const IRSA_AUDIENCE = "sts.amazonaws.com";
export const POD_IDENTITY_AUDIENCE = "pods.eks.amazonaws.com";
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
export const RELOADER_SECRET_ANNOTATION = "secret.reloader.stakater.com/reload";
export const RELOADER_SPC_ANNOTATION = "secretproviderclass.reloader.stakater.com/reload";

/** Names of everything the chart and the program create, derived once. */
export interface Names {
    release: string;
    /** The chart's fullname: `<release>-gateway`, or `<release>` when it already contains "gateway". */
    fullname: string;
    gatewayDeployment: string;
    gatewayServiceAccount: string;
    dataserviceDeployment?: string;
    dataserviceServiceAccount?: string;
    secretProviderClass: string;
    syncedSecret?: string;
    pullSecret?: string;
    /** Service accounts the IAM role trusts, gateway first. */
    serviceAccounts: string[];
}

export function chartFullname(release: string): string {
    const name = release.includes("gateway") ? release : `${release}-gateway`;
    return name.slice(0, 63).replace(/-+$/, "");
}

export function planNames(cfg: Config): Names {
    const release = cfg.gateway.releaseName;
    const fullname = chartFullname(release);
    const ds = cfg.gateway.dataservice.enabled;
    const gatewayServiceAccount = cfg.gateway.serviceAccountName ?? fullname;
    // The chart truncates its default dataservice account name to 63 characters.
    const dataserviceServiceAccount = ds ? (cfg.gateway.dataservice.serviceAccountName ?? `${fullname}-dataservice`.slice(0, 63)) : undefined;
    return {
        release,
        fullname,
        gatewayDeployment: fullname,
        gatewayServiceAccount,
        dataserviceDeployment: ds ? `${fullname}-dataservice` : undefined,
        dataserviceServiceAccount,
        secretProviderClass: `${fullname}-aws-secrets`,
        syncedSecret: MODES[cfg.secretsMode].syncsSecret ? (cfg.gateway.syncedSecretName ?? `${fullname}-aws-secrets`) : undefined,
        pullSecret: cfg.imageCredentials ? `${fullname}-image-pull` : undefined,
        serviceAccounts: unique([gatewayServiceAccount, ...(dataserviceServiceAccount ? [dataserviceServiceAccount] : [])]),
    };
}

// ---------------------------------------------------------------------------------------------
// Secrets modes

type Environment = Record<string, unknown>;

interface ModePlan {
    /** Whether the SecretProviderClass syncs the AWS keys into a Kubernetes Secret. */
    syncsSecret: boolean;
    /** The chart's `environment` values. Never contains a secret value. */
    environment(cfg: Config, names: Names): Environment;
    /** The Reloader annotation that rolls the Deployments when the secret changes. */
    reloadAnnotation(names: Names): [string, string];
}

/**
 * The chart's explicit mode: each key in `secretKeys` is a secretKeyRef into the synced Secret
 * and every other `data` key a literal. Never the `lookup` mode, which on a first install finds
 * no Secret and silently turns every key into its literal. AWS keys are not put in `data`: the
 * chart reads `data` for other decisions (CACHE_STORE gates its Redis), so chart defaults stay.
 */
function fromSyncedSecret(cfg: Config, names: Names): Environment {
    return {
        create: false,
        existingSecret: names.syncedSecret,
        secretKeys: [...cfg.awsKeys],
        data: sortKeys({ ...cfg.env }),
    };
}

const MODES: Record<SecretsMode, ModePlan> = {
    partial: {
        syncsSecret: true,
        environment: fromSyncedSecret,
        reloadAnnotation: (n) => [RELOADER_SECRET_ANNOTATION, n.syncedSecret!],
    },
    // Validation has rejected literals in full mode, so every key the stack sets is a secretKeyRef.
    full: {
        syncsSecret: true,
        environment: fromSyncedSecret,
        reloadAnnotation: (n) => [RELOADER_SECRET_ANNOTATION, n.syncedSecret!],
    },
    "mount-only": {
        syncsSecret: false,
        environment: (cfg) => {
            const data: Record<string, string> = { ...cfg.env };
            for (const k of cfg.awsKeys) data[k] = secretFilePath(cfg, k);
            // Paths and literals only: the chart keeps them in a ConfigMap, not a Secret.
            return { create: true, secret: false, data: sortKeys(data) };
        },
        reloadAnnotation: (n) => [RELOADER_SPC_ANNOTATION, n.secretProviderClass],
    },
};

export function secretFilePath(cfg: Config, envKey: string): string {
    return `${cfg.gateway.mountPath.replace(/\/+$/, "")}/${envKey}`;
}

// ---------------------------------------------------------------------------------------------
// Secret

/** The secret's JSON: one string per env var. Only ever placed in the secret itself. */
export function planSecretString(values: Record<string, string>): string {
    return JSON.stringify(sortKeys(values));
}

/** What the SecretProviderClass and the IAM policy name: the secret's name or the adopted ref. */
export function secretObjectName(cfg: Config): string {
    return cfg.secret.existing ?? cfg.secret.name;
}

// ---------------------------------------------------------------------------------------------
// SecretProviderClass

export interface SecretProviderClassSpec {
    provider: "aws";
    parameters: Record<string, string>;
    secretObjects?: Array<{ secretName: string; type: "Opaque"; data: Array<{ objectName: string; key: string }> }>;
}

export function planSecretProviderClass(cfg: Config, names: Names, region: string): SecretProviderClassSpec {
    const objects = [
        {
            objectName: secretObjectName(cfg),
            objectType: "secretsmanager",
            objectAlias: WHOLE_SECRET_FILE,
            jmesPath: cfg.awsKeys.map((k) => ({ path: k, objectAlias: k })),
        },
    ];
    const parameters: Record<string, string> = {
        region,
        // ASCP reads `objects` as a YAML string; JSON is valid YAML and keeps it unambiguous.
        objects: JSON.stringify(objects),
    };
    if (cfg.identity === "pod-identity") parameters.usePodIdentity = "true";
    const spec: SecretProviderClassSpec = { provider: "aws", parameters };
    if (MODES[cfg.secretsMode].syncsSecret) {
        spec.secretObjects = [
            {
                secretName: names.syncedSecret!,
                type: "Opaque",
                data: cfg.awsKeys.map((k) => ({ objectName: k, key: k })),
            },
        ];
    }
    return spec;
}

// ---------------------------------------------------------------------------------------------
// Gateway chart values

function secretsVolume(names: Names) {
    return {
        name: SECRETS_VOLUME,
        csi: { driver: CSI_DRIVER_NAME, readOnly: true, volumeAttributes: { secretProviderClass: names.secretProviderClass } },
    };
}

function secretsVolumeMount(cfg: Config) {
    return { name: SECRETS_VOLUME, mountPath: cfg.gateway.mountPath, readOnly: true };
}

function serviceAccountValues(cfg: Config, name: string, roleArn: string) {
    const annotations = cfg.identity === "irsa" ? { [ROLE_ARN_ANNOTATION]: roleArn } : {};
    return { create: true, name, annotations };
}

/**
 * Values for the gateway chart. `roleArn` is only used for the IRSA annotation.
 * The user's `gateway.values` are merged underneath: managed keys always win (validation
 * rejects attempts to set them).
 */
export function planGatewayValues(cfg: Config, names: Names, roleArn: string): Record<string, unknown> {
    const managed: Record<string, unknown> = {
        serviceAccount: serviceAccountValues(cfg, names.gatewayServiceAccount, roleArn),
        // The chart's default imageCredentials entry creates a pull secret from placeholders.
        imageCredentials: [],
        imagePullSecrets: [...(names.pullSecret ? [names.pullSecret] : []), ...cfg.gateway.imagePullSecrets].map((name) => ({ name })),
        environment: MODES[cfg.secretsMode].environment(cfg, names),
        volumes: [secretsVolume(names)],
        volumeMounts: [secretsVolumeMount(cfg)],
        dataservice: cfg.gateway.dataservice.enabled
            ? {
                  enabled: true,
                  serviceAccount: serviceAccountValues(cfg, names.dataserviceServiceAccount!, roleArn),
                  deployment: { volumes: [secretsVolume(names)], volumeMounts: [secretsVolumeMount(cfg)] },
              }
            : { enabled: false },
    };
    return deepMerge(cfg.gateway.values, managed);
}

// ---------------------------------------------------------------------------------------------
// Cluster add-ons

export interface AddonValues {
    csiDriver: Record<string, unknown>;
    awsProvider: Record<string, unknown>;
    reloader?: Record<string, unknown>;
}

export function planAddonValues(cfg: Config): AddonValues {
    const rotation = cfg.rotation.enabled;
    return {
        csiDriver: {
            syncSecret: { enabled: MODES[cfg.secretsMode].syncsSecret },
            enableSecretRotation: rotation,
            ...(rotation ? { rotationPollInterval: toSeconds(cfg.rotation.pollInterval) } : {}),
            // ASCP 3.x asks for a token for each audience; without them every mount fails.
            tokenRequests: [{ audience: IRSA_AUDIENCE }, { audience: POD_IDENTITY_AUDIENCE }],
        },
        awsProvider: {
            // The driver is installed by its own release (its version is a setting).
            "secrets-store-csi-driver": { install: false },
            // A DaemonSet with no tolerations skips tainted nodes: "provider not found".
            tolerations: [{ operator: "Exists" }],
        },
        reloader: cfg.rotation.reloader === "install"
            ? {
                  reloader: {
                      watchGlobally: true,
                      ...(cfg.secretsMode === "mount-only" ? { enableCSIIntegration: true } : {}),
                  },
              }
            : undefined,
    };
}

/** Go duration in seconds, the form the driver's flag documents. */
export function toSeconds(duration: string): string {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
    if (!m) throw new Error(`not a duration: ${duration}`);
    const [h, mi, s] = [m[1], m[2], m[3]].map((x) => Number(x ?? 0));
    return `${h * 3600 + mi * 60 + s}s`;
}

/**
 * Annotations that make Reloader roll the Deployments, keyed by Deployment name; undefined when
 * rotation does not reach the pods.
 */
export function planReloadAnnotations(cfg: Config, names: Names): Record<string, Record<string, string>> | undefined {
    if (!cfg.rotation.enabled || cfg.rotation.reloader === "none") return undefined;
    const [k, v] = MODES[cfg.secretsMode].reloadAnnotation(names);
    const out: Record<string, Record<string, string>> = { [names.gatewayDeployment]: { [k]: v } };
    if (names.dataserviceDeployment) out[names.dataserviceDeployment] = { [k]: v };
    return out;
}

// ---------------------------------------------------------------------------------------------
// IAM

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Array<Record<string, unknown>>;
}

export interface AwsContext {
    partition: string;
    region: string;
    accountId: string;
}

/** The IAM resource that is exactly this secret. */
export function secretResourceArn(cfg: Config, ctx: AwsContext, createdArn?: string): string {
    if (createdArn !== undefined) return createdArn;
    const ref = secretObjectName(cfg);
    if (isSecretArn(ref)) return ref;
    // The ARN ends in '-' and six random characters; `<name>*` would also match `<name>-other…`.
    return `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${ref}-??????`;
}

export function planAccessPolicy(cfg: Config, ctx: AwsContext, secretArn: string): PolicyDocument {
    const statements: Array<Record<string, unknown>> = [
        {
            Sid: "ReadGatewaySecret",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: secretArn,
        },
    ];
    if (cfg.secret.kmsKeyArn) {
        statements.push({
            Sid: "DecryptGatewaySecret",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: cfg.secret.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${ctx.region}.amazonaws.com` } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

export type TrustContext =
    | { kind: "irsa"; oidcProviderArn: string; oidcIssuer: string }
    | { kind: "pod-identity"; clusterName: string };

function oneOrMany(xs: string[]): string | string[] {
    return xs.length === 1 ? xs[0] : xs;
}

export function planTrustPolicy(cfg: Config, names: Names, trust: TrustContext): PolicyDocument {
    if (trust.kind === "irsa") {
        const issuer = trust.oidcIssuer.replace(/^https:\/\//, "");
        return {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: trust.oidcProviderArn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`${issuer}:sub`]: oneOrMany(names.serviceAccounts.map((sa) => `system:serviceaccount:${cfg.namespace}:${sa}`)),
                            [`${issuer}:aud`]: IRSA_AUDIENCE,
                        },
                    },
                },
            ],
        };
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: POD_IDENTITY_PRINCIPAL },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-name": trust.clusterName,
                        "aws:RequestTag/kubernetes-namespace": cfg.namespace,
                        "aws:RequestTag/kubernetes-service-account": oneOrMany(names.serviceAccounts),
                    },
                },
            },
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// Cluster

export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";
export const NODE_ROLE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
] as const;

export function planNodeRoleTrust(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}

/** Kubeconfig for an existing cluster; credentials come from `aws eks get-token` at use time. */
export function planExistingClusterKubeconfig(clusterName: string, endpoint: string, caData: string, region: string) {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": caData } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
                    },
                },
            },
        ],
    };
}

/** Docker config for the image pull secret: the only place the registry password goes. */
export function planDockerConfigJson(c: { registry: string; username: string; password: string; email?: string }) {
    const auth = Buffer.from(`${c.username}:${c.password}`).toString("base64");
    return { auths: { [c.registry]: { username: c.username, password: c.password, ...(c.email ? { email: c.email } : {}), auth } } };
}

// ---------------------------------------------------------------------------------------------
// Validation commands

export function planValidationCommands(cfg: Config, names: Names): string[] {
    const ns = `-n ${cfg.namespace}`;
    // Dataservice pods carry the same name/instance labels plus a component label.
    const selector = `'app.kubernetes.io/name=gateway,app.kubernetes.io/instance=${names.release},!app.kubernetes.io/component'`;
    const cmds = [
        `kubectl ${ns} get secretproviderclass ${names.secretProviderClass}`,
        `kubectl ${ns} rollout status deployment/${names.gatewayDeployment}`,
        `kubectl ${ns} get pods -l ${selector}`,
        `kubectl ${ns} exec deployment/${names.gatewayDeployment} -- ls ${cfg.gateway.mountPath}`,
    ];
    if (names.syncedSecret) cmds.push(`kubectl ${ns} get secret ${names.syncedSecret} -o jsonpath='{.data}' | jq 'keys'`);
    if (names.dataserviceDeployment) cmds.push(`kubectl ${ns} rollout status deployment/${names.dataserviceDeployment}`);
    cmds.push(`kubectl ${ns} get events --field-selector reason=FailedMount`);
    cmds.push(`kubectl ${ns} get secretproviderclasspodstatuses`);
    cmds.push(`kubectl -n ${ADDONS_NAMESPACE} logs -l app=secrets-store-csi-driver-provider-aws --tail=50`);
    if (cfg.identity === "pod-identity") {
        cmds.push(`aws eks describe-addon --cluster-name ${cfg.cluster.name} --addon-name ${POD_IDENTITY_AGENT_ADDON} --query addon.status`);
        cmds.push(`aws eks list-pod-identity-associations --cluster-name ${cfg.cluster.name} --namespace ${cfg.namespace}`);
    }
    return cmds;
}

// ---------------------------------------------------------------------------------------------
// helpers

function unique<T>(xs: T[]): T[] {
    return [...new Set(xs)];
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else in `over` replaces `base`. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
    }
    return out;
}
