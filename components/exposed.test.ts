// What a host program can reach of PortkeyGateway: each readonly field is the child it names,
// registered under the gateway, so the host can add resources beside it or depend on it.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../offline/run";
import { GatewayCluster } from "./cluster";
import { PortkeyGateway } from "./portkeyGateway";

const NO_CONFIG = { stack: "literal", config: { "aws:region": "eu-west-1" }, secretKeys: [], region: "eu-west-1" };

/** `<type> <name>` of a resource, read from its URN (urn:pulumi:<stack>::<project>::<parent types$type>::<name>). */
function typeAndName(r: pulumi.Resource): pulumi.Output<string> {
    return r.urn.apply((urn) => {
        const [, , typePath, name] = urn.split("::");
        return `${typePath.split("$").pop()} ${name}`;
    });
}

describe("PortkeyGateway's exposed children", () => {
    it("are the registered children, under the gateway, and the spec is the resolved args", async () => {
        const plan = await runProgram(() => {
            const gw = new PortkeyGateway("acme", {
                cluster: { existingName: "shared" },
                secret: { values: { OPENAI_API_KEY: pulumi.secret("sk-literal-test") } },
                rotation: { enabled: true },
                gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } },
            });
            const fields = { cluster: gw.cluster, provider: gw.provider, addons: gw.addons!, namespace: gw.namespaceResource!, secret: gw.secret };
            const more = { role: gw.role, secretProviderClass: gw.secretProviderClass, release: gw.release };
            const all = { ...fields, ...more };
            return {
                ...Object.fromEntries(Object.entries(all).map(([k, r]) => [k, typeAndName(r)])),
                providerIsTheCluster: gw.provider === gw.cluster.provider,
                // README config reference: rotation on installs Reloader; namespace portkeyai.
                spec: { namespace: gw.spec.namespace, reloader: gw.spec.rotation.reloader, awsKeys: gw.spec.awsKeys },
            };
        }, NO_CONFIG);
        assert.deepStrictEqual(plan.outputs, {
            cluster: "portkey:cluster:GatewayCluster acme-cluster",
            provider: "pulumi:providers:kubernetes acme-cluster-k8s",
            addons: "portkey:addons:ClusterAddons acme-addons",
            namespace: "kubernetes:core/v1:Namespace acme-namespace",
            secret: "portkey:secrets:GatewaySecret acme-secret",
            role: "portkey:iam:GatewayRole acme-role",
            secretProviderClass: "portkey:secrets:SecretProviderClass acme-spc",
            release: "portkey:gateway:GatewayRelease acme-gateway",
            providerIsTheCluster: true,
            spec: { namespace: "portkeyai", reloader: "install", awsKeys: ["OPENAI_API_KEY"] },
        });
        const parents = plan.resources.filter((r) => ["acme-cluster", "acme-secret", "acme-role", "acme-spc", "acme-gateway"].includes(r.name));
        assert.deepStrictEqual(
            parents.map((r) => r.parent),
            parents.map(() => "acme"),
        );
    });
});

describe("GatewayCluster from literal args", () => {
    it("refuses to create a VPC in fewer than two zones (an EKS cluster needs subnets in two)", async () => {
        const seen: string[] = [];
        await assert.rejects(
            runProgram(
                () => {
                    new GatewayCluster("one-zone", {
                        create: { name: "c", version: "1.33", network: { availabilityZoneNames: ["eu-west-1a"] }, protect: false },
                        region: "eu-west-1",
                    });
                    return {};
                },
                NO_CONFIG,
                (type) => seen.push(type),
            ),
            /GatewayCluster: give at least 2 availabilityZoneNames to create a VPC/,
        );
        assert.ok(!seen.includes("awsx:ec2:Vpc"), seen.join(", "));
    });
});
