// e2e/leftovers.sh run for real against a stand-in `aws` that answers one lookup with a leftover:
// the check must fail naming it, whichever tag found it, and pass when every lookup answers none.
// The tags: derive/tags.ts (pulumi:stack); the controller's elbv2.k8s.aws/cluster; the VPC CNI's
// cluster.k8s.amazonaws.com/name; EKS's eks:cluster-name on a node group's nodes; and EKS Auto
// Mode's eks:eks-cluster-name on what it creates (docs/upstream-facts.md#auto-mode-resource-tags:
// AmazonEKSComputePolicy, AmazonEKSNetworkingPolicy, AmazonEKSLoadBalancingPolicy,
// AmazonEKSBlockStoragePolicyV2 allow those creates only with that tag).
import * as assert from "assert";
import { E2eRun, RECORD_CALL, ScriptResult, startE2eScripts } from "./e2eScript";

const STACK = "e2e-9";
const CLUSTER = `portkey-${STACK}`;
const AUTO = `Name=tag:eks:eks-cluster-name,Values=${CLUSTER}`;

/**
 * leftovers.sh once (one attempt), with an `aws` that prints `id` for the call containing `match`, and
 * `none` for every other; the call containing `failing` (when given) prints `error` on stderr and exits
 * 254, as the AWS CLI does when the service answers an error.
 */
function leftoversRun([match, id, none, failing, error]: Lookup): E2eRun {
    const aws = [
        RECORD_CALL,
        'if [ -n "$FAILING" ]; then case "$*" in *"$FAILING"*) echo "$ERROR" >&2; exit 254 ;; esac; fi',
        'case "$*" in *"$MATCH"*) echo "$ID" ;; *) [ -n "$NONE" ] && echo "$NONE" ;; esac',
        "exit 0",
    ];
    return {
        script: "leftovers.sh",
        args: [STACK],
        standIns: { aws },
        env: { MATCH: match, ID: id, NONE: none, FAILING: failing, ERROR: error, E2E_LEFTOVER_ATTEMPTS: "1", AWS_REGION: "us-east-1" },
    };
}

/** A run's `aws`: [the call that finds a leftover, what it prints, what every other call prints, the call that fails, its error]. */
type Lookup = [match: string, id: string, none: string, failing: string, error: string];

// [the call that fails, the error the AWS CLI prints for it]: a denied read, throttling past the CLI's retries.
const FAILED: Array<[string, string]> = [
    [
        `get-resources --tag-filters Key=pulumi:stack,Values=${STACK}`,
        "An error occurred (AccessDenied) when calling the GetResources operation: User is not authorized to perform: tag:GetResources",
    ],
    [
        `describe-instances --filters ${AUTO}`,
        "An error occurred (RequestLimitExceeded) when calling the DescribeInstances operation (reached max retries: 2): Request limit exceeded.",
    ],
    [
        `describe-cluster --name ${CLUSTER}`,
        "An error occurred (AccessDeniedException) when calling the DescribeCluster operation: not authorized to perform: eks:DescribeCluster",
    ],
];
// What the AWS CLI prints for a cluster that does not exist (aws eks describe-cluster, exit 254): the cluster is gone.
const NO_CLUSTER = `An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: ${CLUSTER}.`;

// [what the error names, the call that finds it, what it prints]
const LEFT: Array<[string, string, string]> = [
    ["resources tagged pulumi:stack", `get-resources --tag-filters Key=pulumi:stack,Values=${STACK}`, "arn:aws:ec2:us-east-1:123456789012:natgateway/nat-1"],
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

// Every run the tests read, started as this file loads so that bash runs them while the tests before these run.
const LOOKUPS: Lookup[] = [
    ["no call has this", "x", "", "", ""],
    ["no call has this", "x", "None", "", ""],
    ...LEFT.map(([, match, id]): Lookup => [match, id, "None", "", ""]),
    ["none", "x", "", "", ""],
    ...FAILED.map(([failing, error]): Lookup => ["no call has this", "x", "None", failing, error]),
    ["no call has this", "x", "None", `describe-cluster --name ${CLUSTER}`, NO_CLUSTER],
    ["no call has this", "x", "None", `describe-volumes --filters ${AUTO}`, NO_CLUSTER],
];
let results: Map<string, ScriptResult> | undefined;
const started = startE2eScripts(LOOKUPS.map(leftoversRun)).then((rs) => {
    results = new Map(LOOKUPS.map((l, i) => [JSON.stringify(l), rs[i]]));
});
// Settled (and a failure reported) by the describe's `before`, whenever the batch ends.
started.catch(() => undefined);

/** The run of leftovers.sh with these lookups. */
function leftovers(match: string, id: string, none = "", failing = "", error = ""): ScriptResult {
    const r = results?.get(JSON.stringify([match, id, none, failing, error]));
    assert.ok(r, `no run for ${match}, ${id}, ${none}, ${failing}: add it to LOOKUPS`);
    return r;
}

describe("e2e/leftovers.sh", () => {
    before(() => started);

    for (const none of ["", "None"]) {
        it(`passes when every lookup finds nothing (the CLI printing ${none === "" ? "nothing" : "None"})`, () => {
            const r = leftovers("no call has this", "x", none);
            assert.strictEqual(r.status, 0, r.output);
            assert.match(r.output, new RegExp(`nothing left behind by ${STACK}`));
            assert.ok(r.calls.length > 0 && r.calls.every((c) => c.startsWith("--region us-east-1 --output text ")), r.calls.join("\n"));
        });
    }

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

    for (const [failing, error] of FAILED) {
        it(`a failed lookup is no answer: ${error.match(/\((\w+)\)/)![1]} on ${failing.split(" ")[0]} fails the check, with the CLI's error`, () => {
            const r = leftovers("no call has this", "x", "None", failing, error);
            assert.strictEqual(r.status, 1, r.output);
            assert.doesNotMatch(r.output, /nothing left behind/);
            const line = r.output.split("\n").find((l) => l.startsWith("::error::lookup failed"));
            assert.ok(line?.includes(error), r.output);
            assert.match(line!, new RegExp(`aws \\S+ ${failing.split(" ")[0]}: `));
            assert.match(r.output, /1 lookup\(s\) failed: what e2e-9 left behind is not known/);
            assert.match(r.output, /could not look everywhere/);
            assert.doesNotMatch(r.output, /left resources behind/);
        });
    }

    it("the cluster not found is the one error that means none: describe-cluster's ResourceNotFoundException passes", () => {
        const r = leftovers("no call has this", "x", "None", `describe-cluster --name ${CLUSTER}`, NO_CLUSTER);
        assert.strictEqual(r.status, 0, r.output);
        assert.match(r.output, /nothing left behind by e2e-9/);
        const elsewhere = leftovers("no call has this", "x", "None", `describe-volumes --filters ${AUTO}`, NO_CLUSTER);
        assert.strictEqual(elsewhere.status, 1, "the same error on another lookup is a failed lookup");
    });

    it("Auto Mode's instances are looked up only while they may still run, as the node group's are", () => {
        const calls = leftovers("none", "x").calls.filter((c) => c.includes("describe-instances"));
        assert.strictEqual(calls.length, 2);
        for (const c of calls) assert.ok(c.includes("Name=instance-state-name,Values=pending,running,stopping,stopped"), c);
    });
});
