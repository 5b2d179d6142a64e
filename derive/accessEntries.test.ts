import * as assert from "assert";
import { adminAccessEntries, adminNamingCaller, clusterAdminPolicyArn, principalIdentity, repeatedPrincipal } from "./accessEntries";

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
    it("finds the role whatever the case of its name in the list (IAM names are unique without regard to case)", () => {
        // IAM API Reference, CreateRole RoleName: "Names are not distinguished by case".
        assert.strictEqual(adminNamingCaller("arn:aws:sts::111122223333:assumed-role/Deployer/GitHubActions", admins), admins[0]);
        assert.strictEqual(adminNamingCaller("arn:aws:iam::111122223333:user/ALICE", admins), admins[1]);
    });
    it("ignores the same name in another account, or another kind", () => {
        assert.strictEqual(adminNamingCaller("arn:aws:sts::444455556666:assumed-role/deployer/s", admins), undefined);
        assert.strictEqual(adminNamingCaller("arn:aws:sts::111122223333:assumed-role/alice/s", admins), undefined);
        assert.strictEqual(adminNamingCaller("arn:aws:iam::111122223333:root", admins), undefined);
    });
});

describe("principalIdentity and repeatedPrincipal", () => {
    // IAM API Reference, CreateRole/CreateUser: names are unique within the account and not distinguished by case;
    // the path is not part of the name (GetRole and GetUser take the name alone).
    it("names a principal by account, kind and lower-cased name, whatever its path", () => {
        assert.strictEqual(principalIdentity("arn:aws:iam::111122223333:role/team/PlatformAdmins"), "111122223333:role:platformadmins");
        assert.strictEqual(principalIdentity("arn:aws:iam::111122223333:user/Alice"), "111122223333:user:alice");
    });
    it("finds the first ARN that repeats a principal, in any case or path", () => {
        const r = (n: string) => `arn:aws:iam::111122223333:role/${n}`;
        assert.strictEqual(repeatedPrincipal([r("PlatformAdmins"), r("ci"), r("platformadmins")]), 2);
        assert.strictEqual(repeatedPrincipal([r("a/ops"), r("b/OPS")]), 1);
        assert.strictEqual(repeatedPrincipal([r("ci"), "arn:aws:iam::111122223333:user/ci", "arn:aws:iam::444455556666:role/ci"]), undefined);
        assert.strictEqual(repeatedPrincipal([]), undefined);
    });
});
