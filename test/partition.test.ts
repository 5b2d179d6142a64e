// A stack in a China or GovCloud region: every ARN the program writes is in the region's partition,
// and the fake cloud answers with that partition, as AWS does. ARN syntax per partition:
// https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html (arn:aws-cn in the China regions) and
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html (arn:aws-us-gov).
import * as assert from "assert";
import { CREATED_CLUSTER, all, baseConfig, find, plan, policy, T, unwrap } from "./testing";

const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/** Every string inside a value. */
function strings(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.flatMap(strings);
    if (typeof v === "object" && v !== null) return Object.values(v).flatMap(strings);
    return [];
}

describe("a stack in another partition", () => {
    it("attaches the node role's managed policies in aws-cn for a China region", async () => {
        const p = await plan(baseConfig({ "aws:region": "cn-north-1", cluster: CREATED_CLUSTER }));
        const arns = all(p, ATTACHMENT).map((a) => unwrap<string>(a.inputs.policyArn));
        assert.deepStrictEqual(arns.sort(), [
            "arn:aws-cn:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy",
        ]);
    });

    it("writes no arn:aws: ARN anywhere in a China plan", async () => {
        const p = await plan(baseConfig({ "aws:region": "cn-northwest-1", identity: "pod-identity" }));
        const texts = p.resources.flatMap((r) => strings(r.inputs)).flatMap((t) => t.match(/arn:[^:"]*:/g) ?? []);
        assert.ok(texts.length > 0);
        assert.deepStrictEqual([...new Set(texts)], ["arn:aws-cn:"]);
        const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy");
        assert.match(trust.Statement[0].Condition.StringEquals["aws:RequestTag/eks-cluster-arn"], /^arn:aws-cn:eks:cn-northwest-1:123456789012:cluster\//);
    });

    it("scopes the secret policy and the IRSA trust to GovCloud ARNs", async () => {
        const p = await plan(baseConfig({ "aws:region": "us-gov-west-1", cluster: CREATED_CLUSTER }));
        const access = policy(p, T.rolePolicy, "portkey-role-read-secret", "policy");
        assert.match(access.Statement[0].Resource, /^arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:/);
        const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy");
        assert.match(trust.Statement[0].Principal.Federated, /^arn:aws-us-gov:iam::123456789012:oidc-provider\//);
        assert.ok(find(p, T.cluster));
    });
});
