import * as assert from "assert";
import { CHART_RENDER_KEYS } from "../config/keys";
import { gatewayPodSelector, NAME_LABEL } from "./availability";
import {
    atLeast,
    AWS_PROVIDER_MAJORS,
    CHARTS,
    CSI_DRIVER_LINES,
    GATEWAY_CHART_FACTS,
    GATEWAY_CHART_NULL_ENV_KEYS,
    gatewayChartFacts,
    RELOADER_CSI_SINCE,
    versionLine,
} from "./charts";

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

describe("GATEWAY_CHART_FACTS", () => {
    // What the rest of the program assumes of every known version: a version whose facts differ
    // needs code changes, not only an entry (docs/upgrading.md).
    it("every known version has the labels the budgets select on and the render-time keys validation knows", () => {
        for (const [v, f] of Object.entries(GATEWAY_CHART_FACTS)) {
            const selector = gatewayPodSelector({ release: "r" } as never);
            assert.strictEqual(selector.matchLabels[NAME_LABEL], f.nameLabel, v);
            assert.strictEqual(selector.matchExpressions?.[0].key, f.dataserviceLabel, v);
            assert.deepStrictEqual([...f.renderTimeKeys], [...CHART_RENDER_KEYS], v);
        }
    });
    it("1.7.7: app.kubernetes.io/name gateway (Portkey-AI/helm@576a626 _helpers.tpl) and its null keys", () => {
        const f = gatewayChartFacts("1.7.7");
        assert.strictEqual(f.nameLabel, "gateway");
        assert.strictEqual(f.nullEnvKeys, GATEWAY_CHART_NULL_ENV_KEYS);
    });
    it("gatewayChartFacts refuses an unknown version and an inherited name", () => {
        assert.throws(() => gatewayChartFacts("9.9.9"), /no facts for gateway chart 9\.9\.9/);
        assert.throws(() => gatewayChartFacts("toString"), /no facts/);
    });
});

describe("versionLine and atLeast", () => {
    it("cut an exact version to its line", () =>
        assert.deepStrictEqual([versionLine("1.6.0", 2), versionLine("3.1.1", 1), versionLine("1.5.6-rc.1", 2)], ["1.6", "3", "1.5"]));
    it("compare release numbers, not text", () => {
        assert.deepStrictEqual(
            [
                atLeast("2.2.16", "2.2.8"),
                atLeast("2.2.8", "2.2.8"),
                atLeast("2.2.7", "2.2.8"),
                atLeast("2.10.0", "2.9.0"),
                atLeast("3.0.0", "2.2.8"),
                atLeast("1.9.9", "2.2.8"),
            ],
            [true, true, false, true, true, false],
        );
    });
});

describe("add-on facts by release line", () => {
    it("driver: 1.5 polls, 1.6 rotates on kubelet's republish (kubernetes-sigs/secrets-store-csi-driver v1.6.0 charts/secrets-store-csi-driver/templates/csidriver.yaml: requiresRepublish)", () =>
        assert.deepStrictEqual(CSI_DRIVER_LINES, { "1.5": { rotation: "poll" }, "1.6": { rotation: "republish" } }));
    it("ASCP: 3.x takes the pod's token from the driver's tokenRequests, 2.x mints it (aws/secrets-store-csi-driver-provider-aws README, PR #561)", () =>
        assert.deepStrictEqual(AWS_PROVIDER_MAJORS, { "2": { driverTokens: false }, "3": { driverTokens: true } }));
    it("Reloader's CSI integration from chart 2.2.8 (Reloader v1.4.13)", () => assert.strictEqual(RELOADER_CSI_SINCE, "2.2.8"));
});
