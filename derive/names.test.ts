import * as assert from "assert";
import fc from "fast-check";
import { chartFullname, defaultDataserviceAccount, gatewayNames } from "./names";
import { testConfig } from "./testing";

// A Helm release name as validation accepts it: a DNS label of at most 53 characters.
const releaseName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/);

describe("chartFullname", () => {
    // Portkey-AI/helm charts/portkey-gateway/templates/_helpers.tpl, "portkeyenterprise.fullname":
    // `<release>-gateway`, or the release when it contains "gateway"; trunc 63 | trimSuffix "-".
    it("appends -gateway unless the release already contains it", () => {
        assert.strictEqual(chartFullname("portkey"), "portkey-gateway");
        assert.strictEqual(chartFullname("my-gateway"), "my-gateway");
        assert.strictEqual(chartFullname("gateway"), "gateway");
        assert.strictEqual(chartFullname("gatewayish"), "gatewayish");
        assert.strictEqual(chartFullname("gate"), "gate-gateway");
    });

    it("truncates to 63 characters and trims the dashes the cut leaves at the end", () => {
        assert.strictEqual(chartFullname("x".repeat(70)), "x".repeat(63));
        assert.strictEqual(chartFullname(`${"a".repeat(60)}---b`), "a".repeat(60));
        // Only the trailing run goes; a dash inside the name stays.
        assert.strictEqual(chartFullname(`x-${"a".repeat(58)}---y`), `x-${"a".repeat(58)}`);
        assert.strictEqual(chartFullname(`gateway${"a".repeat(55)}-`), `gateway${"a".repeat(55)}`);
    });

    it("for any valid release: <= 63 characters, no trailing '-', contains 'gateway'", () => {
        fc.assert(
            fc.property(releaseName, (release) => {
                const name = chartFullname(release);
                assert.ok(name.length <= 63, name);
                assert.ok(!name.endsWith("-"), name);
                assert.ok(name.includes("gateway"), name);
                assert.strictEqual(name, release.includes("gateway") ? release : `${release}-gateway`);
            }),
        );
    });

    it("for any string: <= 63 characters and no trailing '-'", () => {
        fc.assert(
            fc.property(fc.stringMatching(/^[a-z-]{0,80}$/), (release) => {
                const name = chartFullname(release);
                assert.ok(name.length <= 63 && !name.endsWith("-"), name);
            }),
        );
    });
});

describe("gatewayNames", () => {
    it("names everything after the fullname by default (partial mode, no dataservice, no pull secret)", () => {
        assert.deepStrictEqual(gatewayNames(testConfig()), {
            release: "portkey",
            fullname: "portkey-gateway",
            gatewayDeployment: "portkey-gateway",
            gatewayServiceAccount: "portkey-gateway",
            dataserviceDeployment: undefined,
            dataserviceServiceAccount: undefined,
            secretProviderClass: "portkey-gateway-aws-secrets",
            syncedSecret: "portkey-gateway-aws-secrets",
            pullSecret: undefined,
            serviceAccounts: ["portkey-gateway"],
        });
    });

    it("names the dataservice `<fullname>-dataservice` (chart default) and trusts it second", () => {
        const n = gatewayNames(testConfig({ gateway: { dataservice: { enabled: true } } }));
        assert.strictEqual(n.dataserviceDeployment, "portkey-gateway-dataservice");
        assert.strictEqual(n.dataserviceServiceAccount, "portkey-gateway-dataservice");
        assert.deepStrictEqual(n.serviceAccounts, ["portkey-gateway", "portkey-gateway-dataservice"]);
    });

    it("honours service account overrides, and lists a shared account once", () => {
        const n = gatewayNames(
            testConfig({ gateway: { releaseName: "edge-gateway", serviceAccountName: "gw", dataservice: { enabled: true, serviceAccountName: "ds" } } }),
        );
        assert.strictEqual(n.fullname, "edge-gateway");
        assert.strictEqual(n.gatewayDeployment, "edge-gateway");
        assert.strictEqual(n.dataserviceDeployment, "edge-gateway-dataservice");
        assert.deepStrictEqual([n.gatewayServiceAccount, n.dataserviceServiceAccount], ["gw", "ds"]);
        assert.deepStrictEqual(n.serviceAccounts, ["gw", "ds"]);
        const shared = gatewayNames(testConfig({ gateway: { serviceAccountName: "one", dataservice: { enabled: true, serviceAccountName: "one" } } }));
        assert.deepStrictEqual(shared.serviceAccounts, ["one"]);
    });

    it("ignores the dataservice account override while the dataservice is off", () => {
        const n = gatewayNames(testConfig({ gateway: { dataservice: { enabled: false, serviceAccountName: "ds" } } }));
        assert.strictEqual(n.dataserviceServiceAccount, undefined);
        assert.deepStrictEqual(n.serviceAccounts, ["portkey-gateway"]);
    });

    it("truncates the default dataservice account to 63 characters, as the chart's helper does", () => {
        const release = "r".repeat(53);
        const n = gatewayNames(testConfig({ gateway: { releaseName: release, dataservice: { enabled: true } } }));
        assert.strictEqual(n.dataserviceServiceAccount, `${release}-gateway-d`);
        assert.strictEqual(n.dataserviceDeployment, `${release}-gateway-dataservice`);
    });

    it("syncs a Secret in partial and full modes (named by syncedSecretName when set), none in mount-only", () => {
        assert.strictEqual(gatewayNames(testConfig({ secretsMode: "full" })).syncedSecret, "portkey-gateway-aws-secrets");
        assert.strictEqual(gatewayNames(testConfig({ gateway: { syncedSecretName: "gw-env" } })).syncedSecret, "gw-env");
        assert.strictEqual(gatewayNames(testConfig({ secretsMode: "mount-only" })).syncedSecret, undefined);
        assert.strictEqual(gatewayNames(testConfig({ secretsMode: "mount-only", gateway: { syncedSecretName: "gw-env" } })).syncedSecret, undefined);
        assert.strictEqual(gatewayNames(testConfig({ secretsMode: "mount-only" })).secretProviderClass, "portkey-gateway-aws-secrets");
    });

    it("names the pull secret only when image credentials are set", () => {
        const n = gatewayNames(testConfig({ imageCredentials: { registry: "https://index.docker.io/v1/", username: "u", password: "p" } }));
        assert.strictEqual(n.pullSecret, "portkey-gateway-image-pull");
    });
});

describe("defaultDataserviceAccount", () => {
    // Portkey-AI/helm charts/portkey-gateway templates/_helpers.tpl: printf "%s-dataservice" fullname | trunc 63 | trimSuffix "-".
    it("is <fullname>-dataservice, cut to 63 characters without a trailing '-'", () => {
        assert.strictEqual(defaultDataserviceAccount("portkey-gateway"), "portkey-gateway-dataservice");
        assert.strictEqual(defaultDataserviceAccount("a".repeat(61)), `${"a".repeat(61)}-d`);
        assert.strictEqual(defaultDataserviceAccount("a".repeat(62)), "a".repeat(62));
    });
});
