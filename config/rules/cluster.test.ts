import * as assert from "assert";
import { assertNotEchoed, ruleInput, run, Overrides } from "../testing";
import { adminsListedOnce, existingClusterNeedsName, nodeGroupSizesInOrder, podIdentityAgentVersionNeedsAgent, subnetsMatchVpc } from "./cluster";

describe("existingClusterNeedsName", () => {
    const problem =
        "portkey-gateway:cluster.name: an existing cluster needs its name (cluster.create is false). Fix: set `pulumi config set --path cluster.name <eks-cluster-name>`, or set cluster.create to true.";
    it("asks for the name of an existing cluster (the default portkey-<stack> names a cluster to create)", () => {
        assert.deepStrictEqual(run(existingClusterNeedsName, ruleInput({ cluster: { create: false } }, { cluster: { create: false } })), [problem]);
        assert.deepStrictEqual(run(existingClusterNeedsName, ruleInput({ cluster: { create: false } }, {})), [problem]);
        assert.deepStrictEqual(run(existingClusterNeedsName, ruleInput({ cluster: { create: false } }, { cluster: "x" })), [problem]);
        assert.deepStrictEqual(run(existingClusterNeedsName, ruleInput({ cluster: { create: false } }, { cluster: Object.create({ name: "c" }) })), [problem]);
    });
    it("accepts a written name, and a created cluster without one", () => {
        assert.deepStrictEqual(
            run(existingClusterNeedsName, ruleInput({ cluster: { create: false, name: "c" } }, { cluster: { create: false, name: "c" } })),
            [],
        );
        assert.deepStrictEqual(run(existingClusterNeedsName, ruleInput({ cluster: { create: true } }, {})), []);
    });
});

describe("nodeGroupSizesInOrder", () => {
    const sizes = (minSize: number, desiredSize: number, maxSize: number, create = true) =>
        run(nodeGroupSizesInOrder, ruleInput({ cluster: { minSize, desiredSize, maxSize, create } }));
    const order = (a: number, b: number, c: number) => [
        `portkey-gateway:cluster.desiredSize: node group sizes must satisfy minSize <= desiredSize <= maxSize (got ${a}, ${b}, ${c}). Fix: adjust cluster.minSize, cluster.desiredSize and cluster.maxSize.`,
    ];
    it("accepts min <= desired <= max, edges included", () => {
        for (const [a, b, c] of [
            [2, 2, 4],
            [1, 4, 4],
            [3, 3, 3],
            [0, 1, 1],
        ])
            assert.deepStrictEqual(sizes(a, b, c), [], `${a} ${b} ${c}`);
    });
    it("rejects each order violation (EKS UpdateNodegroupConfig: min <= desired <= max)", () => {
        assert.deepStrictEqual(sizes(5, 5, 4), order(5, 5, 4));
        assert.deepStrictEqual(sizes(2, 1, 4), order(2, 1, 4));
        assert.deepStrictEqual(sizes(2, 5, 4), order(2, 5, 4));
        assert.deepStrictEqual(sizes(3, 2, 2), order(3, 2, 2));
    });
    it("rejects a created cluster with no node", () =>
        assert.deepStrictEqual(sizes(0, 0, 4), [
            "portkey-gateway:cluster.desiredSize: is 0, so the created cluster has no node to run the add-ons and the gateway, and the releases time out waiting for them. Fix: set cluster.desiredSize (and cluster.minSize) to at least 1.",
        ]));
    it("ignores the sizes of an existing cluster", () => assert.deepStrictEqual(sizes(5, 0, 1, false), []));
    it("ignores sizes under Auto Mode, which refuses them as not applying (reported once)", () => {
        assert.deepStrictEqual(
            run(nodeGroupSizesInOrder, ruleInput({ cluster: { minSize: 5, desiredSize: 5, maxSize: 4, create: true, compute: "auto-mode" } })),
            [],
        );
        assert.deepStrictEqual(
            run(nodeGroupSizesInOrder, ruleInput({ cluster: { minSize: 5, desiredSize: 5, maxSize: 4, create: true, compute: "node-group" } })),
            order(5, 5, 4),
        );
    });
});

describe("subnetsMatchVpc", () => {
    const vpc =
        "portkey-gateway:cluster.vpcId: subnets are set without their VPC. Fix: set cluster.vpcId to the VPC of those subnets, or remove the subnets to let the program create a VPC.";
    const priv =
        "portkey-gateway:cluster.privateSubnetIds: cluster.vpcId is set without private subnets, so EKS would get an empty subnet list. Fix: list the VPC's private subnets (in at least two zones EKS supports), or remove cluster.vpcId to let the program create a VPC.";
    const check = (cluster: Overrides["cluster"]) => run(subnetsMatchVpc, ruleInput({ cluster }, { cluster }));
    it("rejects subnets without their VPC", () => {
        assert.deepStrictEqual(check({ publicSubnetIds: ["subnet-0a1b2c3d4e5f60001"] }), [vpc]);
        assert.deepStrictEqual(check({ privateSubnetIds: ["subnet-0a1b2c3d4e5f60001"] }), [vpc]);
    });
    it("rejects a VPC without private subnets (pulumi-eks sends an empty list)", () => {
        assert.deepStrictEqual(check({ vpcId: "vpc-0123456789abcdef0" }), [priv]);
        assert.deepStrictEqual(check({ vpcId: "vpc-0123456789abcdef0", privateSubnetIds: [], publicSubnetIds: ["subnet-0a1b2c3d4e5f60003"] }), [priv]);
    });
    it("accepts a VPC with private subnets, or neither", () => {
        assert.deepStrictEqual(check({ vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"] }), []);
        assert.deepStrictEqual(check({}), []);
    });
    it("ignores the network of an existing cluster", () =>
        assert.deepStrictEqual(check({ create: false, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-0a1b2c3d4e5f60003"] }), []));
});

describe("podIdentityAgentVersionNeedsAgent", () => {
    const check = (identity: "irsa" | "pod-identity", installPodIdentityAgent: boolean, podIdentityAgentVersion?: string) =>
        run(podIdentityAgentVersionNeedsAgent, ruleInput({ identity, cluster: { installPodIdentityAgent, podIdentityAgentVersion } }));
    it("rejects a version for an agent the program does not install", () =>
        assert.deepStrictEqual(check("pod-identity", false, "v1.3.0-eksbuild.1"), [
            "portkey-gateway:cluster.podIdentityAgentVersion: is set but the program does not install the agent (cluster.installPodIdentityAgent is false). Fix: remove it, or set cluster.installPodIdentityAgent to true.",
        ]));
    it("accepts it when installing, or without a version, or with IRSA (reported as inapplicable elsewhere)", () => {
        assert.deepStrictEqual(check("pod-identity", true, "v1"), []);
        assert.deepStrictEqual(check("pod-identity", false), []);
        assert.deepStrictEqual(check("irsa", false, "v1"), []);
    });
});

describe("adminsListedOnce", () => {
    const check = (adminPrincipalArns: string[]) => run(adminsListedOnce, ruleInput({ cluster: { adminPrincipalArns } }));
    const role = (n: string) => `arn:aws:iam::111122223333:role/${n}`;
    it("rejects a principal listed twice (EKS CreateAccessEntry: one entry per principal)", () => {
        const list = check([role("ci"), role("ops"), role("ci")]);
        assert.deepStrictEqual(list, [
            "portkey-gateway:cluster.adminPrincipalArns: item 2 names a principal an earlier item already names (IAM role and user names are unique in an account whatever their case and path, and EKS allows one access entry per principal). Fix: list each principal once.",
        ]);
        assertNotEchoed(list, role("ci"));
    });
    it("rejects one role written in two cases, or under two paths (IAM API CreateRole: names are unique in the account and not distinguished by case)", () => {
        assert.strictEqual(check([role("PlatformAdmins"), role("platformadmins")]).length, 1);
        assert.strictEqual(check([role("team/Ops"), role("other/ops")]).length, 1);
    });
    it("accepts distinct principals, a role and a user of one name, one name in two accounts, and none", () => {
        assert.deepStrictEqual(check([role("ci"), role("ops")]), []);
        assert.deepStrictEqual(check([role("ci"), "arn:aws:iam::111122223333:user/ci", "arn:aws:iam::444455556666:role/ci"]), []);
        assert.deepStrictEqual(check([]), []);
    });
});

describe("existingClusterNeedsName with cluster.fromStack", () => {
    it("does not ask for a name when the other stack names the cluster", () =>
        assert.deepStrictEqual(run(existingClusterNeedsName, ruleInput({ cluster: { create: false, fromStack: "org/infra/prod" } }, {})), []));
});
