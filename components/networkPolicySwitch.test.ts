// Where the Auto Mode NetworkPolicy switch is applied. Expected values from the EKS user guide, "Use
// Network Policies with EKS Auto Mode" (awsdocs/amazon-eks-user-guide latest/ug/automode/auto-net-pol.adoc,
// Step 1: ConfigMap amazon-vpc-cni in kube-system, enable-network-policy-controller: "true").
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Plan, runProgram } from "../offline/run";
import { schemaProblems } from "../test/kubeSchema";
import { PortkeyGateway, PortkeyGatewayArgs } from "./portkeyGateway";

const NO_CONFIG = { stack: "literal", config: { "aws:region": "eu-west-1" }, secretKeys: [], region: "eu-west-1" };
const PATCH = "kubernetes:core/v1:ConfigMapPatch";
const CREATED = { name: "c", version: "1.33", network: { availabilityZoneNames: ["eu-west-1a", "eu-west-1b"] }, protect: false };

function gateway(cluster: PortkeyGatewayArgs["cluster"], compute?: "auto-mode"): Promise<Plan> {
    return runProgram(() => {
        new PortkeyGateway("acme", {
            cluster,
            ...(compute ? { compute } : {}),
            secret: { values: { OPENAI_API_KEY: pulumi.secret("sk-literal-test") } },
            gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } },
        });
        return {};
    }, NO_CONFIG);
}

describe("NetworkPolicySwitch in PortkeyGateway", () => {
    it("a created Auto Mode cluster gets the key by a forced patch, and the gateway's NetworkPolicies wait for it", async () => {
        const plan = await gateway({ create: { ...CREATED, autoMode: true } });
        const patches = plan.resources.filter((r) => r.type === PATCH);
        assert.strictEqual(patches.length, 1);
        const inputs = patches[0].inputs as { metadata: Record<string, unknown>; data: Record<string, string> };
        assert.deepStrictEqual(inputs.data, { "enable-network-policy-controller": "true" });
        // A patch, so an amazon-vpc-cni the VPC CNI left behind is changed, not refused as AlreadyExists (docs/upstream-facts.md#pulumi-kubernetes-create).
        assert.deepStrictEqual(inputs.metadata, { name: "amazon-vpc-cni", namespace: "kube-system", annotations: { "pulumi.com/patchForce": "true" } });
        // A valid ConfigMap of the Kubernetes 1.33 API (kubernetes-models 4.5.1), as a patch (fields optional).
        assert.deepStrictEqual(schemaProblems({ ...inputs, apiVersion: "v1", kind: "ConfigMap" }, "1.33", true), []);
        assert.notDeepStrictEqual(schemaProblems({ ...inputs, apiVersion: "v1", kind: "ConfigMap", datas: {} }, "1.33", true), []);
        const component = plan.resources.find((r) => r.type === "portkey:cluster:NetworkPolicySwitch")!;
        const endpoint = plan.resources.find((r) => r.type === "portkey:gateway:GatewayEndpoint")!;
        assert.ok(endpoint.dependsOn.includes(component.name), `${endpoint.dependsOn.join(", ")}`);
    });
    it("an existing Auto Mode cluster and a created node-group cluster get none", async () => {
        for (const plan of [await gateway({ existingName: "shared" }, "auto-mode"), await gateway({ create: CREATED })]) {
            assert.deepStrictEqual(
                plan.resources.filter((r) => r.type === PATCH || r.type === "kubernetes:core/v1:ConfigMap").map((r) => r.name),
                [],
            );
        }
    });
});
