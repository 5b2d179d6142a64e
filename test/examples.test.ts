// The examples/ programs run under the same mocks as the program's own plan: what they register
// is what a host program composing the components would get from `pulumi up`.
import * as assert from "assert";
import hostProgram = require("../examples/host-program");
import secretAndRole = require("../examples/secret-and-role");
import { Plan, runProgram } from "../offline/run";
import { StackConfig } from "../offline/stackConfig";
import { all, find, T, unwrap } from "./testing";

const REGION = "us-east-1";

function stack(values: Record<string, string>, secret: string[]): StackConfig {
    return { stack: "example", config: { "aws:region": REGION, ...values }, secretKeys: secret, region: REGION };
}

describe("examples/host-program: PortkeyGateway from literal args, with a resource of the host", () => {
    let p: Plan;
    before(async () => {
        p = await runProgram(hostProgram, stack({ "ai-platform:openaiApiKey": "sk-example" }, ["ai-platform:openaiApiKey"]));
    });

    it("orders its own resource after the gateway's release, on the gateway's cluster", () => {
        const policy = find(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "ai-gateway-from-apps");
        assert.deepStrictEqual(policy.dependsOn, ["ai-gateway"]);
        assert.strictEqual(find(p, "portkey:gateway:GatewayRelease", "ai-gateway").parent, "ai");
        assert.strictEqual(policy.provider, "ai-cluster-k8s");
        assert.strictEqual((policy.inputs.metadata as { namespace: string }).namespace, "ai-gateway");
    });

    it("gets the defaults the README documents for what it leaves out (node group 2/2/4 of m6i.large, VPC 10.0.0.0/16)", () => {
        const nodes = find(p, T.nodeGroup).inputs;
        assert.deepStrictEqual(nodes.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 4 });
        assert.deepStrictEqual(nodes.instanceTypes, ["m6i.large"]);
        assert.strictEqual(find(p, "awsx:ec2:Vpc").inputs.cidrBlock, "10.0.0.0/16");
    });

    it("wires its literal choices: partial with the key synced into a Kubernetes Secret, Pod Identity, the secret from its own config", () => {
        const objects = find(p, T.spc).inputs.spec as { secretObjects?: Array<{ data: Array<{ key: string }> }> };
        assert.deepStrictEqual(
            objects.secretObjects?.[0].data.map((d) => d.key),
            ["OPENAI_API_KEY"],
        );
        assert.deepStrictEqual(
            all(p, T.podIdentity).map((a) => a.inputs.serviceAccount),
            // The example's created node group can grow, so its Cluster Autoscaler is bound too.
            ["portkey-gateway", "cluster-autoscaler"],
        );
        const value = find(p, T.secretVersion).inputs.secretString;
        assert.deepStrictEqual(JSON.parse(unwrap<string>(value)), { OPENAI_API_KEY: "sk-example" });
        assert.notStrictEqual(value, unwrap(value), "the value stays secret");
        assert.strictEqual(find(p, T.secret).inputs.name, "ai-platform/gateway");
    });
});

describe("examples/secret-and-role: GatewaySecret and GatewayRole on their own", () => {
    const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    let p: Plan;
    before(async () => {
        const secret = ["team-gateway:openaiApiKey", "team-gateway:anthropicApiKey"];
        p = await runProgram(
            secretAndRole,
            stack(
                {
                    "team-gateway:openaiApiKey": "sk-openai",
                    "team-gateway:anthropicApiKey": "sk-anthropic",
                    "team-gateway:oidcProviderArn": `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`,
                    "team-gateway:oidcIssuer": ISSUER,
                },
                secret,
            ),
        );
    });

    it("registers the two components and nothing of the cluster, the add-ons or the chart", () => {
        assert.deepStrictEqual(
            p.resources.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`),
            ["portkey:secrets:GatewaySecret team-secret", "portkey:iam:GatewayRole team-role"],
        );
        assert.deepStrictEqual(
            p.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type.startsWith("eks:")),
            [],
        );
    });

    it("trusts exactly the chart's service account in its namespace through IRSA (EKS IRSA: sub and aud conditions)", () => {
        const trust = JSON.parse(unwrap<string>(find(p, T.role).inputs.assumeRolePolicy));
        assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals, {
            [`${ISSUER}:sub`]: "system:serviceaccount:team-ai:portkey-gateway",
            [`${ISSUER}:aud`]: "sts.amazonaws.com",
        });
    });

    it("lets the role read exactly the created secret", () => {
        const access = JSON.parse(unwrap<string>(find(p, T.rolePolicy).inputs.policy));
        const arn = `arn:aws:secretsmanager:${REGION}:123456789012:secret:team/ai-gateway-AbCdEf`;
        assert.ok(
            access.Statement.some((s: { Resource: unknown }) => s.Resource === arn),
            JSON.stringify(access),
        );
        assert.strictEqual(find(p, T.secret).inputs.recoveryWindowInDays, 7);
    });
});
