import * as assert from "assert";
import { deploysChartRedis, namespaceLabels, podSecurityLabels, podSecurityLevel } from "./namespace";
import { testConfig } from "./testing";

describe("deploysChartRedis", () => {
    // Portkey chart 1.7.7: values.yaml CACHE_STORE defaults to "redis"; templates/redis/* render only for "redis".
    it("is true for the chart's default and for redis, false for any other cache store", () => {
        assert.strictEqual(deploysChartRedis({ env: {} }), true);
        assert.strictEqual(deploysChartRedis({ env: { CACHE_STORE: "redis" } }), true);
        assert.strictEqual(deploysChartRedis({ env: { CACHE_STORE: "aws-elastic-cache" } }), false);
        assert.strictEqual(deploysChartRedis({ env: { CACHE_STORE: "" } }), false);
    });
});

describe("podSecurityLevel", () => {
    it("is restricted, or baseline with the chart's Redis (its pod has no security context)", () => {
        assert.strictEqual(podSecurityLevel({ env: { CACHE_STORE: "aws-elastic-cache" } }), "restricted");
        assert.strictEqual(podSecurityLevel({ env: {} }), "baseline");
    });
});

describe("podSecurityLabels", () => {
    // kubernetes/pod-security-admission v0.33.13 api/constants.go (label names) and api/helpers.go
    // ParseVersion ("latest" or "v1.x").
    it("sets enforce, warn and audit with their versions", () =>
        assert.deepStrictEqual(podSecurityLabels("restricted", "1.33"), {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "v1.33",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/warn-version": "v1.33",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/audit-version": "v1.33",
        }));
});

describe("namespaceLabels", () => {
    it("pins the cluster's version and the stack's level", () => {
        const labels = namespaceLabels(testConfig({ env: { CACHE_STORE: "aws-elastic-cache" }, cluster: { kubernetesVersion: "1.32" } }));
        assert.deepStrictEqual(labels, podSecurityLabels("restricted", "1.32"));
        assert.strictEqual(namespaceLabels(testConfig({ env: {} }))["pod-security.kubernetes.io/enforce"], "baseline");
    });
});
