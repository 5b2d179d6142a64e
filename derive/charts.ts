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
