// e2e/leftovers.sh run for real against a stand-in `aws` that answers one lookup with a leftover:
// the check must fail naming it, whichever tag found it, and pass when every lookup answers none.
// The tags: derive/tags.ts (pulumi:stack); the controller's elbv2.k8s.aws/cluster; the VPC CNI's
// cluster.k8s.amazonaws.com/name; EKS's eks:cluster-name on a node group's nodes; and EKS Auto
// Mode's eks:eks-cluster-name on what it creates (docs/upstream-facts.md#auto-mode-resource-tags:
// AmazonEKSComputePolicy, AmazonEKSNetworkingPolicy, AmazonEKSLoadBalancingPolicy,
// AmazonEKSBlockStoragePolicyV2 allow those creates only with that tag).
import * as assert from "assert";
import { RECORD_CALL, runE2eScript, ScriptResult } from "./e2eScript";

const STACK = "e2e-9";
const CLUSTER = `portkey-${STACK}`;
const AUTO = `Name=tag:eks:eks-cluster-name,Values=${CLUSTER}`;

/** leftovers.sh once (one attempt), with an `aws` that prints `id` for the call containing `match`, and `none` for every other. */
function leftovers(match: string, id: string, none = ""): ScriptResult {
    const aws = [RECORD_CALL, 'case "$*" in *"$MATCH"*) echo "$ID" ;; *) [ -n "$NONE" ] && echo "$NONE" ;; esac', "exit 0"];
    return runE2eScript("leftovers.sh", [STACK], { aws }, { MATCH: match, ID: id, NONE: none, E2E_LEFTOVER_ATTEMPTS: "1", AWS_REGION: "us-east-1" });
}

describe("e2e/leftovers.sh", () => {
    for (const none of ["", "None"]) {
        it(`passes when every lookup finds nothing (the CLI printing ${none === "" ? "nothing" : "None"})`, () => {
            const r = leftovers("no call has this", "x", none);
            assert.strictEqual(r.status, 0, r.output);
            assert.match(r.output, new RegExp(`nothing left behind by ${STACK}`));
            assert.ok(r.calls.length > 0 && r.calls.every((c) => c.startsWith("--region us-east-1 --output text ")), r.calls.join("\n"));
        });
    }

    // [what the error names, the call that finds it, what it prints]
    const LEFT: Array<[string, string, string]> = [
        [
            "resources tagged pulumi:stack",
            `get-resources --tag-filters Key=pulumi:stack,Values=${STACK}`,
            "arn:aws:ec2:us-east-1:123456789012:natgateway/nat-1",
        ],
        [
            "load balancers and target groups tagged elbv2.k8s.aws/cluster",
            `Key=elbv2.k8s.aws/cluster,Values=${CLUSTER}`,
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/k8s-x/1",
        ],
        [
            "load balancers and target groups EKS Auto Mode made",
            `get-resources --tag-filters Key=eks:eks-cluster-name,Values=${CLUSTER} --resource-type-filters elasticloadbalancing`,
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/k8s-auto/2",
        ],
        ["security groups of the cluster or its load balancers", `describe-security-groups --filters ${AUTO}`, "sg-0auto"],
        ["security groups of the cluster or its load balancers", `Name=tag-key,Values=kubernetes.io/cluster/${CLUSTER}`, "sg-0eks"],
        ["network interfaces the VPC CNI or EKS Auto Mode made", `describe-network-interfaces --filters ${AUTO}`, "eni-0auto"],
        ["network interfaces the VPC CNI or EKS Auto Mode made", `Name=tag:cluster.k8s.amazonaws.com/name,Values=${CLUSTER}`, "eni-0cni"],
        ["EC2 instances of the node group or EKS Auto Mode", `describe-instances --filters ${AUTO} Name=instance-state-name`, "i-0auto"],
        ["EC2 instances of the node group or EKS Auto Mode", `describe-instances --filters Name=tag:eks:cluster-name,Values=${CLUSTER}`, "i-0nodegroup"],
        ["volumes and launch templates EKS Auto Mode made", `describe-volumes --filters ${AUTO}`, "vol-0auto"],
        ["volumes and launch templates EKS Auto Mode made", `describe-launch-templates --filters ${AUTO}`, "lt-0auto"],
        ["the EKS cluster", `describe-cluster --name ${CLUSTER}`, CLUSTER],
    ];
    for (const [what, match, id] of LEFT) {
        it(`fails naming ${id} (${what})`, () => {
            const r = leftovers(match, id, "None");
            assert.strictEqual(r.status, 1, r.output);
            assert.ok(r.output.includes(`::error::left behind: ${what}`), r.output);
            const line = r.output.split("\n").find((l) => l.startsWith(`::error::left behind: ${what}`))!;
            assert.ok(line.endsWith(`: ${id}`), `only ${id} is named: ${line}`);
            assert.match(r.output, /remove them by hand/);
        });
    }

    it("Auto Mode's instances are looked up only while they may still run, as the node group's are", () => {
        const calls = leftovers("none", "x").calls.filter((c) => c.includes("describe-instances"));
        assert.strictEqual(calls.length, 2);
        for (const c of calls) assert.ok(c.includes("Name=instance-state-name,Values=pending,running,stopping,stopped"), c);
    });
});
