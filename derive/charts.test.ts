import * as assert from "assert";
import { CHARTS, GATEWAY_CHART_NULL_ENV_KEYS } from "./charts";

describe("CHARTS", () => {
    it("names each chart and repository as upstream publishes them", () => {
        assert.deepStrictEqual(CHARTS, {
            // docs/upstream-facts.md#chart-source: repo portkey-ai.github.io/helm, chart `gateway` (folder charts/portkey-gateway).
            gateway: { chart: "gateway", repo: "https://portkey-ai.github.io/helm" },
            // docs/upstream-facts.md#driver-chart, docs/upstream-facts.md#ascp-chart, docs/upstream-facts.md#reloader-annotations: chart repositories.
            csiDriver: { chart: "secrets-store-csi-driver", repo: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts" },
            awsProvider: { chart: "secrets-store-csi-driver-provider-aws", repo: "https://aws.github.io/secrets-store-csi-driver-provider-aws" },
            reloader: { chart: "reloader", repo: "https://stakater.github.io/stakater-charts" },
        });
    });
});

describe("GATEWAY_CHART_NULL_ENV_KEYS", () => {
    // Portkey-AI/helm charts/portkey-gateway/values.yaml (chart 1.7.7): the keys of
    // `environment.data` left empty (null), in file order.
    it("lists exactly the keys chart 1.7.7 leaves null in environment.data", () => {
        assert.deepStrictEqual(
            [...GATEWAY_CHART_NULL_ENV_KEYS],
            "LOG_STORE LOG_STORE_REGION LOG_STORE_ACCESS_KEY LOG_STORE_SECRET_KEY LOG_STORE_GENERATIONS_BUCKET LOG_STORE_BASEPATH LOG_STORE_AWS_ROLE_ARN LOG_STORE_AWS_EXTERNAL_ID MONGO_DB_CONNECTION_URL MONGO_DATABASE MONGO_COLLECTION_NAME MONGO_GENERATIONS_HOOKS_COLLECTION_NAME AWS_ASSUME_ROLE_ACCESS_KEY_ID AWS_ASSUME_ROLE_SECRET_ACCESS_KEY AWS_ASSUME_ROLE_REGION AZURE_AUTH_MODE AZURE_MANAGED_CLIENT_ID AZURE_ENTRA_CLIENT_ID AZURE_ENTRA_CLIENT_SECRET AZURE_ENTRA_TENANT_ID AZURE_STORAGE_ACCOUNT AZURE_STORAGE_KEY AZURE_STORAGE_CONTAINER ANALYTICS_STORE_ENDPOINT ANALYTICS_STORE_USER ANALYTICS_STORE_PASSWORD ANALYTICS_LOG_TABLE ANALYTICS_FEEDBACK_TABLE REDIS_MODE PORTKEY_CLIENT_AUTH ORGANISATIONS_TO_SYNC FINETUNES_BUCKET LOG_EXPORTS_BUCKET FINETUNES_AWS_ROLE_ARN SERVER_MODE MCP_GATEWAY_BASE_URL".split(
                " ",
            ),
        );
    });
});
