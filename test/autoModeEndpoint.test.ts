// The endpoint on an EKS Auto Mode cluster, across the whole component under Pulumi's mocks: Auto
// Mode's built-in load balancing serves the Ingress or Service, so no controller is installed and
// the namespace gets no readiness-gate label. Built from literal args: the plan refuses these
// stacks (config/rules/endpoint.ts autoModeTlsPolicyUnknown), the component does not check config.
// Expected values: awsdocs/amazon-eks-user-guide latest/ug/automode/auto-configure-alb.adoc and
// auto-configure-nlb.adoc, as docs/upstream-facts.md (#auto-mode-alb, #auto-mode-nlb) records them.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PortkeyGateway } from "../components/portkeyGateway";
import { Plan, runProgram } from "../offline/run";
import { T } from "./testing";

const NO_CONFIG = { stack: "literal", config: { "aws:region": "eu-west-1" }, secretKeys: [], region: "eu-west-1" };
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
const INGRESS_CLASS = "kubernetes:networking.k8s.io/v1:IngressClass";
const PARAMS = "kubernetes:eks.amazonaws.com/v1:IngressClassParams";

function autoModeGateway(type: "internal-alb" | "internal-nlb"): Promise<Plan> {
    return runProgram(() => {
        new PortkeyGateway("acme", {
            cluster: { existingName: "shared" },
            compute: "auto-mode",
            secret: { values: { OPENAI_API_KEY: pulumi.secret("sk-literal-test") } },
            gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } },
            endpoint: { type, certificateArn: CERT, hostname: "gw.internal.example.com", inboundCidrs: ["10.20.0.0/16"], loadBalancerSubnetIds: SUBNETS },
            loadBalancerController: "install",
        });
        return {};
    }, NO_CONFIG);
}

const ofType = (p: Plan, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: Plan, type: string) => {
    const found = ofType(p, type);
    assert.strictEqual(found.length, 1, `${type}: ${found.map((r) => r.name).join(", ")}`);
    return found[0] as { name: string; inputs: any; dependsOn?: string[] };
};

describe('the endpoint on an EKS Auto Mode cluster (docs/endpoint.md, "EKS Auto Mode")', () => {
    it("internal-alb: the IngressClassParams, the IngressClass naming it, and the Ingress of that class", async () => {
        const p = await autoModeGateway("internal-alb");
        const params = one(p, PARAMS);
        assert.deepStrictEqual(params.inputs.metadata, { name: "portkeyai-portkey-gateway" });
        assert.deepStrictEqual(params.inputs.spec, {
            scheme: "internal",
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "portkeyai" } },
            subnets: { ids: SUBNETS },
            certificateARNs: [CERT],
            loadBalancerAttributes: [{ key: "idle_timeout.timeout_seconds", value: "600" }],
        });
        const cls = one(p, INGRESS_CLASS);
        assert.deepStrictEqual(cls.inputs.spec, {
            controller: "eks.amazonaws.com/alb",
            parameters: { apiGroup: "eks.amazonaws.com", kind: "IngressClassParams", name: "portkeyai-portkey-gateway" },
        });
        const ingress = one(p, "kubernetes:networking.k8s.io/v1:Ingress");
        assert.strictEqual(ingress.inputs.spec.ingressClassName, "portkeyai-portkey-gateway");
        assert.strictEqual(ingress.inputs.metadata.annotations["alb.ingress.kubernetes.io/scheme"], undefined);
        // The Ingress waits for its class (and goes first on destroy), the class for its parameters.
        assert.ok(ingress.dependsOn?.includes(cls.name) && ingress.dependsOn.includes(params.name), String(ingress.dependsOn));
        assert.ok(cls.dependsOn?.includes(params.name), String(cls.dependsOn));
    });

    it("internal-nlb: one Service of Auto Mode's class, and no IngressClass", async () => {
        const p = await autoModeGateway("internal-nlb");
        const svc = one(p, "kubernetes:core/v1:Service");
        assert.strictEqual(svc.inputs.spec.loadBalancerClass, "eks.amazonaws.com/nlb");
        assert.deepStrictEqual(svc.inputs.spec.loadBalancerSourceRanges, ["10.20.0.0/16"]);
        assert.deepStrictEqual([ofType(p, INGRESS_CLASS).length, ofType(p, PARAMS).length], [0, 0]);
    });

    it("installs no AWS Load Balancer Controller, even when asked, and labels no namespace for readiness gates", async () => {
        for (const type of ["internal-alb", "internal-nlb"] as const) {
            const p = await autoModeGateway(type);
            const releases = ofType(p, T.release).map((r) => (r.inputs as { chart?: string }).chart);
            assert.ok(!releases.includes("aws-load-balancer-controller"), releases.join(", "));
            const ns = one(p, T.namespace);
            assert.strictEqual(ns.inputs.metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"], undefined);
        }
    });
});
