import * as assert from "assert";
import { adminAccessEntries, adminNamingCaller, clusterAdminPolicyArn } from "./accessEntries";

describe("clusterAdminPolicyArn", () => {
    // EKS user guide, access-policy-permissions: AmazonEKSClusterAdminPolicy.
    it("names the EKS cluster-admin access policy in the principal's partition", () => {
        assert.strictEqual(clusterAdminPolicyArn("aws"), "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
        assert.strictEqual(clusterAdminPolicyArn("aws-us-gov"), "arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
    });
});

describe("adminAccessEntries", () => {
    // pulumi-eks ClusterArgs.accessEntries: {principalArn, accessPolicies: {…: {policyArn, accessScope: {type}}}}.
    it("gives each principal a cluster-scoped admin policy, keyed by its name", () => {
        assert.deepStrictEqual(adminAccessEntries(["arn:aws:iam::111122223333:role/team/CI_Deployer"]), {
            "ci-deployer": {
                principalArn: "arn:aws:iam::111122223333:role/team/CI_Deployer",
                accessPolicies: {
                    admin: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
                },
            },
        });
    });
    it("keeps keys apart when two accounts have a role of the same name", () => {
        const keys = Object.keys(adminAccessEntries(["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::444455556666:user/admin"]));
        assert.deepStrictEqual(keys, ["admin", "admin-444455556666"]);
    });
    it("is empty without principals", () => assert.deepStrictEqual(adminAccessEntries([]), {}));
    it("turns each run of other characters into one '-'", () => {
        assert.deepStrictEqual(Object.keys(adminAccessEntries(["arn:aws:iam::111122223333:role/Team__Admins+Ops"])), ["team-admins-ops"]);
    });
});

describe("adminNamingCaller", () => {
    const admins = ["arn:aws:iam::111122223333:role/ops/deployer", "arn:aws:iam::111122223333:user/alice"];
    it("finds the role of the assumed-role session that runs the deploy", () => {
        assert.strictEqual(adminNamingCaller("arn:aws:sts::111122223333:assumed-role/deployer/GitHubActions", admins), admins[0]);
    });
    it("finds a user by account and name", () => {
        assert.strictEqual(adminNamingCaller("arn:aws:iam::111122223333:user/alice", admins), admins[1]);
    });
    it("does not take a federated user's session for the IAM user of that name", () => {
        // STS federation: arn:aws:sts::<account>:federated-user/<name> is not the IAM user <name>.
        assert.strictEqual(adminNamingCaller("arn:aws:sts::111122223333:federated-user/alice", admins), undefined);
    });
    it("ignores the same name in another account, or another kind", () => {
        assert.strictEqual(adminNamingCaller("arn:aws:sts::444455556666:assumed-role/deployer/s", admins), undefined);
        assert.strictEqual(adminNamingCaller("arn:aws:sts::111122223333:assumed-role/alice/s", admins), undefined);
        assert.strictEqual(adminNamingCaller("arn:aws:iam::111122223333:root", admins), undefined);
    });
});
