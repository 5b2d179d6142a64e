import * as assert from "assert";
import { COMPUTE_OUTPUT, computeSwitchRefusal, previousCompute, previousHadLoadBalancer, usesAutoMode } from "./compute";
import { testConfig } from "./testing";

describe("usesAutoMode", () => {
    it("follows cluster.compute", () => {
        assert.strictEqual(usesAutoMode(testConfig({ cluster: { compute: "auto-mode" } })), true);
        assert.strictEqual(usesAutoMode(testConfig({ cluster: { compute: "node-group" } })), false);
    });
});

describe("previousCompute", () => {
    it("reads the recorded compute, nothing before the first deployment, and nothing it does not know", () => {
        assert.strictEqual(previousCompute({ [COMPUTE_OUTPUT]: "auto-mode" }), "auto-mode");
        assert.strictEqual(previousCompute({ clusterCompute: "node-group" }), "node-group");
        assert.strictEqual(previousCompute({}), undefined);
        assert.strictEqual(previousCompute({ clusterCompute: "fargate", releaseName: "portkey" }), undefined);
    });
    it("takes a deployment from before clusterCompute was exported (releaseName only) as node-group, the only compute it could create", () => {
        assert.strictEqual(previousCompute({ releaseName: "portkey" }), "node-group");
        // Such a stack moving its created cluster to Auto Mode is refused like any other.
        assert.match(
            computeSwitchRefusal({ created: true, loadBalancer: false, compute: "auto-mode" }, previousCompute({ releaseName: "portkey" })) ?? "",
            /last deployment ran node-group/,
        );
    });
});

describe("previousHadLoadBalancer", () => {
    it("is whether the last deployment exported the load balancer's hostname, as a load-balancer endpoint's does (index.ts)", () => {
        assert.strictEqual(previousHadLoadBalancer({ loadBalancerHostname: "(not assigned yet)" }), true);
        assert.strictEqual(previousHadLoadBalancer({ releaseName: "portkey" }), false);
    });
});

describe("computeSwitchRefusal", () => {
    const existing = { created: false, loadBalancer: false } as const;
    it("allows a first deployment and an unchanged compute", () => {
        assert.strictEqual(computeSwitchRefusal({ created: true, loadBalancer: true, compute: "auto-mode" }, undefined), undefined);
        assert.strictEqual(computeSwitchRefusal({ created: true, loadBalancer: true, compute: "auto-mode" }, "auto-mode"), undefined);
    });
    it("refuses a created cluster's switch either way, with the way back and the migration", () => {
        const out = computeSwitchRefusal({ created: true, loadBalancer: false, compute: "auto-mode" }, "node-group");
        assert.match(
            out ?? "",
            /^cluster\.compute: is auto-mode, but the stack's last deployment ran node-group; .*managed node group.*security groups.*Fix: set cluster\.compute back to node-group/,
        );
        assert.match(
            computeSwitchRefusal({ created: true, loadBalancer: false, compute: "node-group" }, "auto-mode") ?? "",
            /Fix: set cluster\.compute back to auto-mode, and move to node-group with a new stack as docs\/availability\.md, "Switching between node-group and auto-mode" describes\.$/,
        );
    });
    it("refuses an existing cluster's switch only when a load balancer would change controllers", () => {
        // EKS user guide, migrate-auto: a load balancer cannot move from the self-managed controller to Auto Mode's.
        assert.match(
            computeSwitchRefusal({ ...existing, loadBalancer: true, compute: "auto-mode" }, "node-group") ?? "",
            /load balancer would move between the self-managed AWS Load Balancer Controller and Auto Mode's.*Fix: set cluster\.compute back to node-group/,
        );
        assert.strictEqual(computeSwitchRefusal({ ...existing, compute: "auto-mode" }, "node-group"), undefined);
    });
});
