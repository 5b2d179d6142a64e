// The pure planner, without Pulumi: names, durations, merging and per-mode decisions.
import * as assert from "assert";
import { Config, parseConfig } from "../config";
import { chartFullname, deepMerge, planAddonValues, planGatewayValues, planNames, planReloadAnnotations, planSecretProviderClass, planTrustPolicy, toSeconds } from "../components/planner";
import { baseConfig, rawConfig, TestConfig } from "./harness";

function cfg(extra: TestConfig = {}): Config {
    const raw = rawConfig(baseConfig(extra));
    return parseConfig(raw.config, new Set(raw.secretKeys), "test");
}

describe("planner", () => {
    it("derives the chart's fullname like the chart does", () => {
        assert.strictEqual(chartFullname("portkey"), "portkey-gateway");
        assert.strictEqual(chartFullname("my-gateway"), "my-gateway");
        assert.strictEqual(chartFullname("x".repeat(70)).length, 63);
    });

    it("names service accounts and Deployments after the fullname, honouring overrides", () => {
        const n = planNames(cfg({ gateway: { releaseName: "edge-gateway", serviceAccountName: "gw", dataservice: { enabled: true, serviceAccountName: "ds" } } }));
        assert.strictEqual(n.fullname, "edge-gateway");
        assert.strictEqual(n.gatewayDeployment, "edge-gateway");
        assert.strictEqual(n.dataserviceDeployment, "edge-gateway-dataservice");
        assert.deepStrictEqual(n.serviceAccounts, ["gw", "ds"]);
    });

    it("converts poll intervals to seconds", () => {
        assert.strictEqual(toSeconds("1h"), "3600s");
        assert.strictEqual(toSeconds("1h30m"), "5400s");
        assert.strictEqual(toSeconds("90s"), "90s");
        assert.throws(() => toSeconds("soon"));
    });

    it("merges escape-hatch values under the managed ones", () => {
        const merged = deepMerge({ service: { type: "ClusterIP" }, environment: { create: true } }, { environment: { create: false } });
        assert.deepStrictEqual(merged, { service: { type: "ClusterIP" }, environment: { create: false } });
        const values = planGatewayValues(cfg({ gateway: { values: { service: { type: "ClusterIP" } } } }), planNames(cfg()), "arn:role");
        assert.deepStrictEqual(values.service, { type: "ClusterIP" });
    });

    it("never puts a secret value in chart values or the SecretProviderClass", () => {
        for (const secretsMode of ["partial", "full", "mount-only"]) {
            const c = cfg({ secretsMode, env: secretsMode === "full" ? undefined : { LOG_LEVEL: "info" } });
            const text = JSON.stringify([planGatewayValues(c, planNames(c), "arn:role"), planSecretProviderClass(c, planNames(c), "r")]);
            assert.ok(!text.includes("sk-test") && !text.includes("redis://r:6379"), secretsMode);
        }
    });

    it("trusts several service accounts as a list and one as a string", () => {
        const c = cfg({ identity: "pod-identity", gateway: { dataservice: { enabled: true } } });
        const doc = planTrustPolicy(c, planNames(c), { kind: "pod-identity", clusterName: "c1" });
        assert.deepStrictEqual((doc.Statement[0] as any).Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], ["portkey-gateway", "portkey-gateway-dataservice"]);
    });

    it("enables Reloader's CSI integration only for mount-only", () => {
        const reloader = (extra: TestConfig) => (planAddonValues(cfg({ rotation: { enabled: true }, ...extra })).reloader as any).reloader;
        assert.deepStrictEqual(reloader({}), { watchGlobally: true });
        assert.deepStrictEqual(reloader({ secretsMode: "mount-only" }), { watchGlobally: true, enableCSIIntegration: true });
        assert.strictEqual(planAddonValues(cfg()).reloader, undefined);
    });

    it("annotates no Deployment when rotation is off", () => {
        assert.strictEqual(planReloadAnnotations(cfg(), planNames(cfg())), undefined);
    });
});
