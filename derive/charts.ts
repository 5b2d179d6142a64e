// Helm repositories and chart names of everything the program installs (docs/upstream-facts.md#chart-source, docs/upstream-facts.md#driver-chart,
// docs/upstream-facts.md#ascp-chart, docs/upstream-facts.md#reloader-annotations).

export interface ChartRef {
    chart: string;
    repo: string;
}

export const CHARTS = {
    gateway: { chart: "gateway", repo: "https://portkey-ai.github.io/helm" },
    csiDriver: { chart: "secrets-store-csi-driver", repo: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts" },
    awsProvider: { chart: "secrets-store-csi-driver-provider-aws", repo: "https://aws.github.io/secrets-store-csi-driver-provider-aws" },
    reloader: { chart: "reloader", repo: "https://stakater.github.io/stakater-charts" },
} as const;

/**
 * Keys of the gateway chart's `environment.data` whose default is null (charts/portkey-gateway
 * values.yaml, chart 1.7.7). In the chart's explicit mode (existingSecret + secretKeys) its env
 * helper (`portkeyenterprise.commonEnvMap`, `$value | toString`) turns a null into the text
 * "<nil>": the dataservice receives it, and a "<nil>" SERVER_MODE enables neither the gateway nor
 * MCP, so the Service renders without ports. Given as "", they read as the chart's own Secret
 * writes them in its default mode.
 */
export const GATEWAY_CHART_NULL_ENV_KEYS = [
    "LOG_STORE",
    "LOG_STORE_REGION",
    "LOG_STORE_ACCESS_KEY",
    "LOG_STORE_SECRET_KEY",
    "LOG_STORE_GENERATIONS_BUCKET",
    "LOG_STORE_BASEPATH",
    "LOG_STORE_AWS_ROLE_ARN",
    "LOG_STORE_AWS_EXTERNAL_ID",
    "MONGO_DB_CONNECTION_URL",
    "MONGO_DATABASE",
    "MONGO_COLLECTION_NAME",
    "MONGO_GENERATIONS_HOOKS_COLLECTION_NAME",
    "AWS_ASSUME_ROLE_ACCESS_KEY_ID",
    "AWS_ASSUME_ROLE_SECRET_ACCESS_KEY",
    "AWS_ASSUME_ROLE_REGION",
    "AZURE_AUTH_MODE",
    "AZURE_MANAGED_CLIENT_ID",
    "AZURE_ENTRA_CLIENT_ID",
    "AZURE_ENTRA_CLIENT_SECRET",
    "AZURE_ENTRA_TENANT_ID",
    "AZURE_STORAGE_ACCOUNT",
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_CONTAINER",
    "ANALYTICS_STORE_ENDPOINT",
    "ANALYTICS_STORE_USER",
    "ANALYTICS_STORE_PASSWORD",
    "ANALYTICS_LOG_TABLE",
    "ANALYTICS_FEEDBACK_TABLE",
    "REDIS_MODE",
    "PORTKEY_CLIENT_AUTH",
    "ORGANISATIONS_TO_SYNC",
    "FINETUNES_BUCKET",
    "LOG_EXPORTS_BUCKET",
    "FINETUNES_AWS_ROLE_ARN",
    "SERVER_MODE",
    "MCP_GATEWAY_BASE_URL",
] as const;

/**
 * What the program relies on in one version of the gateway chart (Portkey-AI/helm
 * charts/portkey-gateway at that version). A version without an entry is refused at plan time:
 * a bump is the version plus its entry, checked against that version's values.yaml and
 * templates/_helpers.tpl (docs/upgrading.md).
 */
export interface GatewayChartFacts {
    /** `environment.data` keys whose default is null (given as "" in the chart's explicit mode). */
    nullEnvKeys: readonly string[];
    /** `environment.data` keys the chart reads while rendering (ports, server mode, its Redis). */
    renderTimeKeys: readonly string[];
    /** `app.kubernetes.io/name` of its pods (`portkeyenterprise.name`). */
    nameLabel: string;
    /** The pod label only the dataservice carries (selects the gateway's pods by its absence). */
    dataserviceLabel: string;
}

export const GATEWAY_CHART_FACTS: Readonly<Record<string, GatewayChartFacts>> = {
    // Portkey-AI/helm@576a626 charts/portkey-gateway (chart 1.7.7): values.yaml environment.data;
    // _helpers.tpl portkeyenterprise.name, selectorLabels, commonEnvMap; templates/service.yaml.
    "1.7.7": {
        nullEnvKeys: GATEWAY_CHART_NULL_ENV_KEYS,
        renderTimeKeys: ["PORT", "MCP_PORT", "SERVER_MODE", "CACHE_STORE"],
        nameLabel: "gateway",
        dataserviceLabel: "app.kubernetes.io/component",
    },
};

/** The facts of a gateway chart version; validation has refused a version without them. */
export function gatewayChartFacts(version: string): GatewayChartFacts {
    if (!Object.hasOwn(GATEWAY_CHART_FACTS, version)) throw new Error(`no facts for gateway chart ${version}: add its entry to GATEWAY_CHART_FACTS`);
    return GATEWAY_CHART_FACTS[version];
}

/** `major.minor` of an exact version, or `major` with `parts` 1. */
export function versionLine(version: string, parts: 1 | 2): string {
    return version.split(/[.+-]/).slice(0, parts).join(".");
}

/** Whether exact version `a` is at least `b` (release numbers only). */
export function atLeast(a: string, b: string): boolean {
    const [x, y] = [a, b].map((v) => v.split(/[+-]/)[0].split(".").map(Number));
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
    return true;
}

/**
 * How the Secrets Store CSI driver rotates, by release line. 1.5: the driver polls every
 * `rotationPollInterval`. 1.6: the chart sets the CSIDriver's `requiresRepublish` from
 * `enableSecretRotation`, kubelet re-publishes the volume on its sync period and
 * `rotationPollInterval` becomes the least time between provider calls
 * (kubernetes-sigs/secrets-store-csi-driver v1.6.0 charts/secrets-store-csi-driver/templates/csidriver.yaml,
 * pkg/secrets-store/nodeserver.go). Both take the same values from the program.
 */
export const CSI_DRIVER_LINES: Readonly<Record<string, { rotation: "poll" | "republish" }>> = {
    "1.5": { rotation: "poll" },
    "1.6": { rotation: "republish" },
};

/**
 * What the program relies on in the ASCP chart, by major version: since 2.0 it bundles the driver
 * (`secrets-store-csi-driver.install`, set false here); since 3.0 it takes the pod's token from
 * the driver's `tokenRequests` (aws/secrets-store-csi-driver-provider-aws README, PR #561).
 */
export const AWS_PROVIDER_MAJORS: Readonly<Record<string, { driverTokens: boolean }>> = {
    "2": { driverTokens: false },
    "3": { driverTokens: true },
};

/** Reloader's CSI integration (`reloader.enableCSIIntegration`) exists from chart 2.2.8 (Reloader v1.4.13). */
export const RELOADER_CSI_SINCE = "2.2.8";
