// Pinned chart versions the program has facts for. Sources: gateway chart 1.7.7 is the one read
// (Portkey-AI/helm@576a626 charts/portkey-gateway); driver lines 1.5 and 1.6
// (kubernetes-sigs/secrets-store-csi-driver releases); ASCP 2.x/3.x
// (aws/secrets-store-csi-driver-provider-aws README); Reloader's CSI integration from chart 2.2.8
// (stakater/Reloader, Reloader v1.4.13).
import * as assert from "assert";
import { assertNotEchoed, ruleInput, run, problemsOf, onMinimal } from "../testing";
import { awsProviderMajorKnown, csiDriverLineKnown, gatewayChartKnown, reloaderHasCsiIntegration, VERSION_RULES } from "./versions";

const gateway = (chartVersion: string) => ruleInput({ gateway: { chartVersion } as never });

describe("gatewayChartKnown", () => {
    it("accepts chart 1.7.7", () => assert.deepStrictEqual(run(gatewayChartKnown, gateway("1.7.7")), []));
    it("refuses a version without facts, saying what to check and where to add it, without quoting it", () => {
        const out = run(gatewayChartKnown, gateway("1.7.8"));
        assert.strictEqual(out.length, 1);
        assert.match(out[0], /^portkey-gateway:gateway\.chartVersion: is a gateway chart version the program has no facts for/);
        assert.match(
            out[0],
            /Fix: use one of 1\.7\.7, or check that version's charts\/portkey-gateway values\.yaml .* GATEWAY_CHART_FACTS in derive\/charts\.ts/,
        );
        assertNotEchoed(out, "1.7.8");
    });
    it("leaves a malformed version to the format check", () => assert.deepStrictEqual(run(gatewayChartKnown, gateway("latest")), []));
    it("stops the whole config", () =>
        assert.ok(problemsOf(onMinimal({ gateway: { chartVersion: "1.8.0" } })).some((l) => l.includes("gateway.chartVersion"))));
});

describe("csiDriverLineKnown", () => {
    const addons = (csiDriverChartVersion: string, install = true) => ruleInput({ addons: { csiDriverChartVersion, install } });
    it("accepts 1.5.6 and 1.6.0", () => assert.deepStrictEqual([...run(csiDriverLineKnown, addons("1.5.6")), ...run(csiDriverLineKnown, addons("1.6.0"))], []));
    it("refuses another line (1.7, 1.4) without quoting it", () => {
        for (const v of ["1.7.0", "1.4.8"]) {
            const out = run(csiDriverLineKnown, addons(v));
            assert.match(out[0], /addons\.csiDriverChartVersion: is a secrets-store-csi-driver release line .* Fix: use a 1\.5\.x or 1\.6\.x version/);
            assertNotEchoed(out, v);
        }
    });
    it("says nothing when the program installs no add-ons", () => assert.deepStrictEqual(run(csiDriverLineKnown, addons("1.7.0", false)), []));
});

describe("awsProviderMajorKnown", () => {
    const addons = (awsProviderChartVersion: string) => ruleInput({ addons: { awsProviderChartVersion, install: true } });
    it("accepts 2.x and 3.x", () =>
        assert.deepStrictEqual([...run(awsProviderMajorKnown, addons("3.1.1")), ...run(awsProviderMajorKnown, addons("2.1.0"))], []));
    it("refuses 4.0.0 and 1.0.0", () => {
        assert.match(run(awsProviderMajorKnown, addons("4.0.0"))[0], /Fix: use a 2\.x or 3\.x version/);
        assert.strictEqual(run(awsProviderMajorKnown, addons("1.0.0")).length, 1);
    });
});

describe("reloaderHasCsiIntegration", () => {
    const input = (reloaderChartVersion: string, secretsMode = "mount-only", reloader = "install") =>
        ruleInput({ secretsMode: secretsMode as never, rotation: { enabled: true, reloader: reloader as never, reloaderChartVersion } });
    it("accepts 2.2.8 and later in mount-only", () => {
        assert.deepStrictEqual(
            ["2.2.8", "2.2.16", "2.10.0", "3.0.0"].flatMap((v) => run(reloaderHasCsiIntegration, input(v))),
            [],
        );
    });
    it("refuses 2.2.7 and 1.9.9 in mount-only", () => {
        for (const v of ["2.2.7", "1.9.9", "2.1.20"])
            assert.match(run(reloaderHasCsiIntegration, input(v))[0], /rotation\.reloaderChartVersion: is older than Reloader chart 2\.2\.8/);
    });
    it("does not apply outside mount-only or when Reloader is not installed here", () => {
        assert.deepStrictEqual(
            [...run(reloaderHasCsiIntegration, input("2.0.0", "partial")), ...run(reloaderHasCsiIntegration, input("2.0.0", "mount-only", "existing"))],
            [],
        );
    });
});

describe("VERSION_RULES", () => {
    it("holds the four rules", () =>
        assert.deepStrictEqual(VERSION_RULES, [gatewayChartKnown, csiDriverLineKnown, awsProviderMajorKnown, reloaderHasCsiIntegration]));
});
