// The layouts platform teams use (issue #12): a cluster from another stack, a secret in another
// account, a failover region. Config rejections are pure; composition runs the whole program.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import program = require("../index");
import { GatewayCluster } from "../components/cluster";
import { checkAgainstCloud, ConfigError, parseConfig } from "../config";
import { runProgram } from "../offline/run";
import { all, baseConfig, find, objects, plan, policy, rawConfig, REGION, spcSpec, T, unwrap, configProblems, rejects, DECLARED_CALLER } from "./testing";

const STACK = "acme/platform-eks/prod";
const ACCOUNT = "123456789012";
const ISSUER = `oidc.eks.${REGION}.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;
const OTHER = `arn:aws:secretsmanager:${REGION}:210987654321:secret:shared/portkey-XyZ123`;
const OTHER_KMS = `arn:aws:kms:${REGION}:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KMS = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KMS_WEST = `arn:aws:kms:us-west-2:${ACCOUNT}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;

const adopted = (secret: Record<string, unknown>) =>
    baseConfig({ secret: { existing: "team/portkey", ...secret }, secretValues: undefined, secretKeys: ["OPENAI_API_KEY"] });

describe("config: cluster.fromStack", () => {
    it("accepts a stack name alone: no create, no name lookup", () => {
        assert.deepStrictEqual(configProblems(baseConfig({ cluster: { fromStack: STACK } })), []);
        const raw = rawConfig(baseConfig({ cluster: { fromStack: STACK, fromStackOutputs: { kubeconfig: "kc" } } }));
        const c = parseConfig(raw.config, new Set(raw.secretKeys), "test");
        assert.strictEqual(c.cluster.create, false);
        assert.deepStrictEqual(c.cluster.fromStackOutputs, {
            kubeconfig: "kc",
            clusterName: "clusterName",
            oidcProviderArn: "oidcProviderArn",
            oidcIssuer: "oidcIssuer",
        });
    });
    it("rejects a name that is not <org>/<project>/<stack>", () =>
        rejects(baseConfig({ cluster: { fromStack: "prod" } }), "cluster.fromStack", /not a fully qualified stack name/));
    it("rejects it with cluster.create true", () =>
        rejects(baseConfig({ cluster: { fromStack: STACK, create: true } }), "cluster.fromStack", /cannot be combined with cluster\.create/));
    it("rejects it with cluster.name", () =>
        rejects(baseConfig({ cluster: { fromStack: STACK, create: false, name: "x" } }), "cluster.name", /comes from another stack/));
    it("rejects output names without cluster.fromStack", () =>
        rejects(
            baseConfig({ cluster: { fromStackOutputs: { kubeconfig: "kc" } } }),
            "cluster.fromStackOutputs",
            /only applies to a cluster taken from another stack/,
        ));
    it("rejects OIDC output names with Pod Identity", () =>
        rejects(
            baseConfig({ identity: "pod-identity", cluster: { fromStack: STACK, fromStackOutputs: { oidcIssuer: "issuer" } } }),
            "cluster.fromStackOutputs.oidcIssuer",
            /only with identity irsa/,
        ));
});

describe("config: secret.failoverRegion", () => {
    it("accepts a second region, with paired keys", () => {
        assert.deepStrictEqual(configProblems(adopted({ failoverRegion: "us-west-2" })), []);
        assert.deepStrictEqual(configProblems(baseConfig({ secret: { kmsKeyArn: KMS, failoverRegion: "us-west-2", failoverKmsKeyArn: KMS_WEST } })), []);
    });
    it("rejects a value that is not a region code", () => rejects(adopted({ failoverRegion: "oregon" }), "secret.failoverRegion", /not an AWS region code/));
    it("rejects the stack's own region", () => rejects(adopted({ failoverRegion: REGION }), "secret.failoverRegion", /stack's own region/));
    it("rejects a failover key outside the failover region", () =>
        rejects(
            baseConfig({ secret: { kmsKeyArn: KMS, failoverRegion: "us-east-2", failoverKmsKeyArn: KMS_WEST } }),
            "secret.failoverKmsKeyArn",
            /not in secret\.failoverRegion/,
        ));
    it("rejects a failover key without a primary key", () =>
        rejects(
            baseConfig({ secret: { failoverRegion: "us-west-2", failoverKmsKeyArn: KMS_WEST } }),
            "secret.failoverKmsKeyArn",
            /primary uses the aws\/secretsmanager key/,
        ));
    it("rejects a primary key without a failover key", () =>
        rejects(baseConfig({ secret: { kmsKeyArn: KMS, failoverRegion: "us-west-2" } }), "secret.failoverKmsKeyArn", /is required with secret\.kmsKeyArn/));
    it("rejects a failover key without a failover region", () =>
        rejects(baseConfig({ secret: { kmsKeyArn: KMS, failoverKmsKeyArn: KMS_WEST } }), "secret.failoverKmsKeyArn", /only applies with a failover region/));
    it("rejects a failover key that is not a key ARN", () =>
        rejects(
            baseConfig({ secret: { kmsKeyArn: KMS, failoverRegion: "us-west-2", failoverKmsKeyArn: "alias/x" } }),
            "secret.failoverKmsKeyArn",
            /not a KMS key ARN/,
        ));
});

describe("config: a secret in another account", () => {
    it("accepts another account's ARN in the stack's region (the region check is about the region only)", () => {
        assert.deepStrictEqual(configProblems(adopted({ existing: OTHER, kmsKeyArn: OTHER_KMS })), []);
    });
    it("requires the owner's customer-managed key, once the deploying account is known", () => {
        const c = { secret: { existing: OTHER }, cluster: { create: false } } as Parameters<typeof checkAgainstCloud>[0];
        const cloud = { accountId: ACCOUNT, callerArn: `arn:aws:iam::${ACCOUNT}:user/fake` };
        assert.throws(
            () => checkAgainstCloud(c, cloud),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.problems.length === 1 &&
                /^portkey-gateway:secret\.kmsKeyArn: is required for a secret in another account.*Fix: .+\.$/.test(e.problems[0]),
        );
        assert.doesNotThrow(() => checkAgainstCloud({ ...c, secret: { existing: OTHER, kmsKeyArn: OTHER_KMS } } as typeof c, cloud));
        assert.doesNotThrow(() => checkAgainstCloud({ ...c, secret: { existing: OTHER.replace("210987654321", ACCOUNT) } } as typeof c, cloud));
    });
    it("stops the program before any resource, naming the key", async () => {
        const seen: string[] = [];
        await assert.rejects(
            runProgram(program, rawConfig(adopted({ existing: OTHER })), (type) => seen.push(type), { callerIdentity: DECLARED_CALLER }),
            /portkey-gateway:secret\.kmsKeyArn: is required for a secret in another account/,
        );
        assert.deepStrictEqual(
            seen.filter((t) => t !== "pulumi:pulumi:Stack"),
            [],
        );
    });
});

describe("program: cluster from another stack (IRSA)", () => {
    let p: Awaited<ReturnType<typeof plan>>;
    before(async () => {
        p = await plan(baseConfig({ cluster: { fromStack: STACK }, addons: { install: false }, createNamespace: false }));
    });

    it("reads the stack by its name and creates or looks up no cluster", () => {
        assert.deepStrictEqual(find(p, "pulumi:pulumi:StackReference", "portkey-cluster-stack").inputs, { name: STACK });
        for (const t of [T.cluster, T.nodeGroup]) assert.strictEqual(all(p, t).length, 0, t);
        assert.ok(!p.calls.includes("aws:eks/getCluster:getCluster"), p.calls.join(", "));
        assert.ok(!p.calls.includes("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider"), p.calls.join(", "));
    });

    it("gives the Kubernetes provider the stack's kubeconfig object as a string, kept secret", () => {
        const kc = find(p, T.k8sProvider).inputs.kubeconfig;
        assert.notStrictEqual(unwrap(kc), kc, "the kubeconfig must stay secret");
        assert.strictEqual(JSON.parse(unwrap<string>(kc)).kind, "Config");
    });

    it("trusts the stack's OIDC provider (issuer without https://) and outputs its cluster name", () => {
        const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy");
        assert.strictEqual(trust.Statement[0].Principal.Federated, `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`);
        assert.ok(`${ISSUER}:sub` in trust.Statement[0].Condition.StringEquals);
        assert.strictEqual(p.outputs.clusterName, "eks-prod");
        assert.ok(!("crossAccountGrants" in p.outputs));
    });

    it("lists the referenced stack's outputs as placeholders that preview reads", () => {
        assert.ok(
            p.notCheckedOffline.includes(
                "cluster.fromStack: the outputs kubeconfig, clusterName, oidcProviderArn and oidcIssuer of stack acme/platform-eks/prod, which the plan shows as placeholders (Pulumi StackReference, requireOutput)",
            ),
            p.notCheckedOffline.join("\n"),
        );
    });
});

describe("program: cluster from another stack, renamed outputs (Pod Identity)", () => {
    it("binds the role to the stack's cluster name under the renamed output", async () => {
        const p = await plan(
            baseConfig({
                identity: "pod-identity",
                cluster: { fromStack: STACK, fromStackOutputs: { kubeconfig: "kubeconfigJson", clusterName: "eksClusterName" } },
            }),
        );
        for (const a of all(p, T.podIdentity)) assert.strictEqual(a.inputs.clusterName, "eks-prod");
        assert.strictEqual(all(p, T.podIdentity).length, 1);
        // Pod Identity reads no OIDC output; the line names the renamed outputs it does read.
        assert.ok(
            p.notCheckedOffline.some((l) => l.startsWith("cluster.fromStack: the outputs kubeconfigJson and eksClusterName of stack")),
            p.notCheckedOffline.join("\n"),
        );
    });
});

describe("GatewayCluster from a stack without the output", () => {
    it("fails naming the stack and the output", async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (a) =>
                    a.type === "pulumi:pulumi:StackReference"
                        ? { id: a.inputs.name, state: { name: a.inputs.name, outputs: { kubeconfig: "{}" }, secretOutputNames: ["kubeconfig"] } }
                        : { id: `${a.name}-id`, state: a.inputs },
                call: (a) => a.inputs,
            },
            "portkey-gateway",
            "test",
            false,
        );
        const c = new GatewayCluster("c", { fromStack: { name: STACK }, irsa: false, region: REGION });
        await assert.rejects(
            new Promise((res, rej) => (c.clusterName as any).promise().then(res, rej)),
            /Required output 'clusterName' does not exist on stack 'acme\/platform-eks\/prod'/,
        );
    });
});

describe("program: secret in another account", () => {
    it("reads it by full ARN, scopes the role to it and outputs the owner's grants naming the role", async () => {
        const p = await plan(adopted({ existing: OTHER, kmsKeyArn: OTHER_KMS }));
        assert.strictEqual(objects(p)[0].objectName, OTHER);
        const role = `arn:aws:iam::${ACCOUNT}:role/portkey-role-iam`;
        assert.deepStrictEqual(
            policy(p, T.rolePolicy, "portkey-role-read-secret", "policy").Statement.map((s: any) => s.Resource),
            [OTHER, OTHER_KMS],
        );
        const grants = p.outputs.crossAccountGrants as any;
        assert.strictEqual(grants.secretAccount, "210987654321");
        assert.deepStrictEqual(grants.secretResourcePolicy.Statement[0].Principal, { AWS: role });
        assert.deepStrictEqual(grants.keyPolicyStatements[0].Principal, { AWS: role });
        assert.deepStrictEqual(grants.keyPolicyStatements[0].Action, ["kms:Decrypt", "kms:DescribeKey"]);
    });
});

describe("program: created secret with a failover region", () => {
    let p: Awaited<ReturnType<typeof plan>>;
    before(async () => {
        p = await plan(baseConfig({ secret: { kmsKeyArn: KMS, failoverRegion: "us-west-2", failoverKmsKeyArn: KMS_WEST } }));
    });

    it("creates the replica on the failover key", () => {
        assert.deepStrictEqual(find(p, T.secret).inputs.replicas, [{ region: "us-west-2", kmsKeyId: KMS_WEST }]);
    });

    it("gives the class the failover region and a failoverObject", () => {
        assert.strictEqual(spcSpec(p).parameters.failoverRegion, "us-west-2");
        assert.deepStrictEqual(objects(p)[0].failoverObject, { objectName: "portkey/gateway/config" });
    });

    // docs/upstream-facts.md#secret-replicas: the replica ARN is the primary's with the region swapped.
    it("lets the role read exactly the primary and the replica, each decrypted in its own region", () => {
        const primary = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:portkey/gateway/config-AbCdEf`;
        assert.deepStrictEqual(policy(p, T.rolePolicy, "portkey-role-read-secret", "policy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadGatewaySecret",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: [primary, `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:portkey/gateway/config-AbCdEf`],
                },
                {
                    Sid: "DecryptGatewaySecret",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS,
                    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
                },
                {
                    Sid: "DecryptGatewaySecretReplica",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KMS_WEST,
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" } },
                },
            ],
        });
    });
});
