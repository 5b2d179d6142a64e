import * as assert from "assert";
import { gatewayChartValues } from "./gatewayValues";
import { gatewayNames } from "./names";
import { deepMerge } from "./objects";
import { restrictedViolations, SecurityPodSpec } from "./podSecurity";
import { IDENTITY_NAMES, MODE_NAMES, testConfig } from "./testing";
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT, podTemplatePatches, securityValues } from "./workloadSecurity";

// Portkey-AI/helm charts/portkey-gateway 1.7.7 values.yaml: the defaults Helm merges the given values onto.
const CHART_DEFAULTS = {
    podSecurityContext: {},
    securityContext: { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    dataservice: {
        deployment: {
            podSecurityContext: {},
            securityContext: { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        },
    },
};

/**
 * The pod specs the chart (Portkey-AI/helm charts/portkey-gateway) renders from merged values:
 * templates/gateway/deployment.yaml puts
 * `podSecurityContext` on the pod and `securityContext` on its one container (named after the
 * chart, `gateway`), with `volumes`; templates/dataservice/deployment.yaml does the same from
 * `dataservice.deployment.*` for its container `dataservice`.
 */
function renderedPods(values: Record<string, unknown>): Record<string, SecurityPodSpec> {
    const v = deepMerge(CHART_DEFAULTS, values) as any;
    const pod = (name: string, src: any): SecurityPodSpec => ({
        securityContext: src.podSecurityContext,
        containers: [{ name, securityContext: src.securityContext }],
        volumes: src.volumes,
    });
    return { gateway: pod("gateway", v), ...(v.dataservice.enabled ? { dataservice: pod("dataservice", v.dataservice.deployment) } : {}) };
}

describe("securityValues", () => {
    for (const mode of MODE_NAMES) {
        for (const identity of IDENTITY_NAMES) {
            it(`${mode} × ${identity}: the gateway's and dataservice's pods pass restricted as the chart renders them`, () => {
                const cfg = testConfig({ secretsMode: mode, identity, gateway: { dataservice: { enabled: true } } });
                const pods = renderedPods(gatewayChartValues(cfg, gatewayNames(cfg), "arn:aws:iam::123456789012:role/r", "arn:aws:iam::123456789012:role/d"));
                assert.deepStrictEqual(Object.keys(pods), ["gateway", "dataservice"]);
                for (const [name, spec] of Object.entries(pods)) assert.deepStrictEqual(restrictedViolations(spec), [], name);
            });
        }
    }

    it("the chart's defaults alone fail restricted (no seccomp profile, no dropped capabilities), so each added field matters", () => {
        const cfg = testConfig({ gateway: { dataservice: { enabled: true } } });
        const pods = renderedPods({ dataservice: { enabled: true } });
        assert.deepStrictEqual(
            restrictedViolations(pods.gateway).map((v) => v.check),
            ["seccompProfile_restricted", "capabilities_restricted"],
        );
        const values = securityValues(cfg) as any;
        for (const key of ["capabilities", "seccompProfile", "allowPrivilegeEscalation"]) {
            const loosened = structuredClone(values);
            delete loosened.securityContext[key];
            delete loosened.podSecurityContext[key];
            // The chart's default allowPrivilegeEscalation: false would survive a dropped key; set it loose instead.
            if (key === "allowPrivilegeEscalation") loosened.securityContext[key] = true;
            assert.notDeepStrictEqual(restrictedViolations(renderedPods(loosened).gateway), [], key);
        }
    });

    it("keeps the chart's user id and read-only root filesystem, and adds the restricted fields", () => {
        assert.deepStrictEqual(CONTAINER_SECURITY_CONTEXT, {
            ...CHART_DEFAULTS.securityContext,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(POD_SECURITY_CONTEXT, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    });

    it("turns off the gateway ServiceAccount's token (chart value serviceAccount.automount), with or without the dataservice", () => {
        assert.deepStrictEqual((securityValues(testConfig()) as any).serviceAccount, { automount: false });
        assert.strictEqual((securityValues(testConfig()) as any).dataservice, undefined);
        assert.ok((securityValues(testConfig({ gateway: { dataservice: { enabled: true } } })) as any).dataservice.deployment.securityContext);
    });

    it("hands out copies: changing the values leaves the constants alone", () => {
        const v = securityValues(testConfig()) as any;
        v.securityContext.capabilities.drop.push("x");
        assert.deepStrictEqual(CONTAINER_SECURITY_CONTEXT.capabilities.drop, ["ALL"]);
    });
});

describe("podTemplatePatches", () => {
    it("patches the dataservice's pod template only (the chart has no automount value for its ServiceAccount)", () => {
        const on = testConfig({ gateway: { dataservice: { enabled: true } } });
        assert.deepStrictEqual(podTemplatePatches(gatewayNames(on)), [
            { deployment: "portkey-gateway-dataservice", podSpec: { automountServiceAccountToken: false } },
        ]);
        assert.deepStrictEqual(podTemplatePatches(gatewayNames(testConfig())), []);
    });
});
