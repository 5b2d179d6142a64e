// The components as another Pulumi program would use them: built from literal args, with no stack
// config at all, under Pulumi's unit-test mocks.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../offline/run";
import { GatewaySecret } from "./gatewaySecret";
import { PortkeyGateway } from "./portkeyGateway";

const NO_CONFIG = { stack: "literal", config: { "aws:region": "eu-west-1" }, secretKeys: [], region: "eu-west-1" };

describe("PortkeyGateway from literal args", () => {
    it("builds the whole gateway on an existing cluster, with the documented defaults", async () => {
        const plan = await runProgram(() => {
            const gw = new PortkeyGateway("acme", {
                cluster: { existingName: "shared" },
                secret: { values: { OPENAI_API_KEY: pulumi.secret("sk-literal-test") } },
                gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } },
            });
            return { spc: gw.secretProviderClassName, release: gw.releaseName, ns: gw.namespace };
        }, NO_CONFIG);
        // docs/config-reference.md: namespace portkeyai, release portkey, partial mode.
        assert.deepStrictEqual(plan.outputs, { spc: "portkey-gateway-aws-secrets", release: "portkey", ns: "portkeyai" });
        const types = plan.resources.map((r) => `${r.type} ${r.name}`);
        for (const t of [
            "portkey:index:PortkeyGateway acme",
            "aws:secretsmanager/secret:Secret acme-secret-secretsmanager",
            "kubernetes:helm.sh/v3:Release acme-gateway-release",
        ]) {
            assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
        }
        const spc = plan.resources.find((r) => r.type === "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass")!;
        assert.deepStrictEqual(JSON.parse((spc.inputs.spec as { parameters: { objects: string } }).parameters.objects)[0].jmesPath, [
            { path: "OPENAI_API_KEY", objectAlias: "OPENAI_API_KEY" },
        ]);
    });
});

describe("GatewaySecret from literal args", () => {
    it("adopts an existing secret without writing it, and creates one when given values", async () => {
        const plan = await runProgram(() => {
            const adopted = new GatewaySecret("adopted", { existing: "team/portkey", checkKeys: false });
            const created = new GatewaySecret("created", { name: "team/new", values: { A: "x" }, protect: false });
            return { adopted: adopted.objectName, created: created.objectName };
        }, NO_CONFIG);
        assert.deepStrictEqual(plan.outputs, { adopted: "team/portkey", created: "team/new" });
        const secrets = plan.resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret");
        assert.deepStrictEqual(
            secrets.map((r) => [r.name, r.inputs.name, r.options?.protect]),
            [["created-secretsmanager", "team/new", false]],
        );
    });
});
