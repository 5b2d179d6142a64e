// A created cluster: its own VPC in zones EKS supports, nodes in private subnets, admins through
// access entries; and the checks that need the cloud's answers (zones, the deploying identity).
import program = require("../index");
import * as assert from "assert";
import { runProgram } from "../offline/run";
import { CREATED_CLUSTER, DECLARED_CALLER, all, baseConfig, find, plan, rawConfig } from "./testing";

const VPC = "awsx:ec2:Vpc";

describe("a created cluster", () => {
    it("gets a VPC of its own in zones EKS supports, with nodes in the private subnets", async () => {
        // Offline no zone ID is known (they are the account's): the plan holds one placeholder per
        // zone of cluster.availabilityZoneCount, which preview replaces with zones EKS supports.
        const p = await plan(baseConfig({ cluster: CREATED_CLUSTER }));
        const vpc = find(p, VPC);
        assert.deepStrictEqual(vpc.inputs.availabilityZoneNames, [
            "eu-west-1 zone 1 (chosen at preview)",
            "eu-west-1 zone 2 (chosen at preview)",
            "eu-west-1 zone 3 (chosen at preview)",
        ]);
        assert.deepStrictEqual(vpc.inputs.vpcEndpointSpecs, [{ serviceName: "com.amazonaws.eu-west-1.s3", vpcEndpointType: "Gateway" }]);
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "Single" });
        const cluster = find(p, "eks:index:Cluster");
        assert.strictEqual(cluster.inputs.vpcId, "vpc-0fake00000000000");
        assert.deepStrictEqual(cluster.inputs.privateSubnetIds, ["subnet-0a000000000000", "subnet-0a000000000001", "subnet-0a000000000002"]);
        assert.deepStrictEqual(find(p, "eks:index:ManagedNodeGroup").inputs.subnetIds, cluster.inputs.privateSubnetIds);
        assert.ok(p.calls.includes("aws:index/getAvailabilityZones:getAvailabilityZones"));
    });

    it("offline in us-east-1 picks no zone from invented zone IDs, and names the check preview makes", async () => {
        // Before, the fake cloud's us-east-1a was use1-az3, and the plan stated us-east-1b and c as the VPC's zones.
        const p = await plan(baseConfig({ "aws:region": "us-east-1", cluster: { availabilityZoneCount: 2 } }));
        assert.deepStrictEqual(find(p, VPC).inputs.availabilityZoneNames, ["us-east-1 zone 1 (chosen at preview)", "us-east-1 zone 2 (chosen at preview)"]);
        assert.ok(
            p.notCheckedOffline.includes(
                "cluster.availabilityZoneCount: the created VPC's zones, the first 2 of the region's zones EKS places clusters in (EC2 DescribeAvailabilityZones)",
            ),
            p.notCheckedOffline.join("\n"),
        );
    });

    it("uses a given VPC and its subnets, creating none", async () => {
        const p = await plan(
            baseConfig({
                cluster: {
                    vpcId: "vpc-0123456789abcdef0",
                    privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
                    publicSubnetIds: ["subnet-0a1b2c3d4e5f60003"],
                },
            }),
        );
        assert.strictEqual(all(p, VPC).length, 0);
        assert.ok(!p.calls.includes("aws:index/getAvailabilityZones:getAvailabilityZones"));
        const cluster = find(p, "eks:index:Cluster");
        assert.deepStrictEqual(
            [cluster.inputs.vpcId, cluster.inputs.privateSubnetIds, cluster.inputs.publicSubnetIds],
            ["vpc-0123456789abcdef0", ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], ["subnet-0a1b2c3d4e5f60003"]],
        );
    });

    it("turns cluster.adminPrincipalArns into cluster-admin access entries", async () => {
        const p = await plan(baseConfig({ cluster: { adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admins"] } }));
        assert.deepStrictEqual(find(p, "eks:index:Cluster").inputs.accessEntries, {
            "platform-admins": {
                principalArn: "arn:aws:iam::123456789012:role/platform-admins",
                accessPolicies: {
                    admin: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
                },
            },
        });
        // Offline the deploying identity is unknown (no cloud.callerIdentity): the plan lists the check preview makes
        // (config/rules/cloud.test.ts: none without admins).
        assert.ok(
            p.notCheckedOffline.includes("cluster.adminPrincipalArns: that it does not name the deploying identity (sts:GetCallerIdentity)"),
            p.notCheckedOffline.join("\n"),
        );
    });

    it("an existing cluster: lists the look-ups the plan answered with placeholders, and none for a cluster and last deployment declared", async () => {
        // baseConfig: the existing cluster portkey-test with IRSA, no autoscaling, no load balancer.
        const undeclared = await plan(baseConfig());
        assert.ok(
            undeclared.notCheckedOffline.includes(
                "cluster.name: that EKS cluster portkey-test exists, and its endpoint, VPC and IAM OIDC provider, which the plan shows as placeholders (EKS DescribeCluster, IAM ListOpenIDConnectProviders)",
            ),
            undeclared.notCheckedOffline.join("\n"),
        );
        // Nothing planned depends on the last deployment here (derive/replicaHandover.ts previousDeploymentDependents).
        assert.ok(!undeclared.notCheckedOffline.some((l) => l.includes("last deployment")), undeclared.notCheckedOffline.join("\n"));
        const declared = await runProgram(program, rawConfig(baseConfig({ gateway: { autoscaling: { enabled: true } } })), undefined, {
            runningClusters: { "portkey-test": "1.33" },
            previousOutputs: {},
        });
        assert.deepStrictEqual(declared.notCheckedOffline, []);
    });

    it("refuses to list the deploying identity as an admin, which EKS made admin already", async () => {
        const cfg = rawConfig(baseConfig({ cluster: { adminPrincipalArns: [DECLARED_CALLER.arn] } }));
        await assert.rejects(
            runProgram(program, cfg, undefined, { callerIdentity: DECLARED_CALLER }),
            /portkey-gateway:cluster\.adminPrincipalArns: lists the identity that runs this deployment/,
        );
    });
});
