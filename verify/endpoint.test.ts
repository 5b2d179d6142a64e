// The endpoint checks (docs/endpoint.md) against a healthy install of each shipped stack and
// against installs broken one way each. Pod labels: chart 1.7.7 _helpers.tpl (the dataservice's
// pods add app.kubernetes.io/component); the VPC CNI's policy agent flag: amazon-vpc-cni-k8s
// chart, aws-node DaemonSet (--enable-network-policy).
import * as assert from "assert";
import { evaluate } from "./checks";
import { imageTag, nlbSecurityGroupsOff, selects } from "./checks/endpoint";
import { ExpectedState } from "./expected";
import { groupObjects } from "./observed";
import { Fetch, probeFinding } from "./probe";
import { parseArgs } from "../scripts/verify";
import { autoModeState, edit, healthyObjects, obj, stackState, without } from "./testing";
import { Finding, KubeObject, LoadBalanced, NetworkPolicy, Pod, Workload } from "./types";

function finding(e: ExpectedState, objects: KubeObject[], id: string): Finding {
    const f = evaluate(e, groupObjects(objects)).find((x) => x.id === id);
    assert.ok(f, `no finding ${id}`);
    return f;
}

function status(e: ExpectedState, objects: KubeObject[], id: string): string {
    return finding(e, objects, id).status;
}

describe("selects", () => {
    it("reads matchLabels and the NetworkPolicy operators", () => {
        const sel = {
            matchLabels: { a: "1" },
            matchExpressions: [
                { key: "c", operator: "DoesNotExist" },
                { key: "b", operator: "In", values: ["x", "y"] },
            ],
        };
        assert.strictEqual(selects(sel, { a: "1", b: "x" }), true);
        assert.strictEqual(selects(sel, { a: "1", b: "x", c: "" }), false);
        assert.strictEqual(selects(sel, { a: "2", b: "x" }), false);
        assert.strictEqual(selects(sel, { a: "1", b: "z" }), false);
        assert.strictEqual(selects({ matchExpressions: [{ key: "k", operator: "Exists" }] }, { k: "" }), true);
        assert.strictEqual(selects({ matchExpressions: [{ key: "k", operator: "NotIn", values: ["v"] }] }, { k: "v" }), false);
        assert.strictEqual(selects({ matchExpressions: [{ key: "k", operator: "Gt" }] }, { k: "1" }), false);
        assert.strictEqual(selects({}, undefined), true);
    });
});

describe("verify checks: endpoint", () => {
    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`${stack}: a healthy install passes (n/a only where the type has no load balancer)`, () => {
            const e = stackState(stack);
            const objects = healthyObjects(e);
            const lb = stack === "dev" ? "n/a" : "pass";
            assert.deepStrictEqual(
                ["endpoint.networkPolicy", "endpoint.loadBalancer", "endpoint.controller", "endpoint.networkPolicyEnforced"].map((id) =>
                    status(e, objects, id),
                ),
                ["pass", lb, lb, "pass"],
            );
        });
    }

    it("fails when the policy is missing, or its selector also takes the dataservice's pods (prod runs the dataservice)", () => {
        const e = stackState("prod");
        const name = e.endpoint.networkPolicy.name;
        assert.strictEqual(status(e, without(healthyObjects(e), "NetworkPolicy"), "endpoint.networkPolicy"), "fail");
        const loose = edit<NetworkPolicy>(healthyObjects(e), "NetworkPolicy", name, (p) => delete p.spec!.podSelector!.matchExpressions);
        const f = finding(e, loose, "endpoint.networkPolicy");
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /also selects: portkey-gateway-dataservice-/);
    });

    it("fails when the load balancer has no address yet, naming the object to describe", () => {
        const e = stackState("staging");
        const objects = edit<LoadBalanced>(healthyObjects(e), "Ingress", e.endpoint.loadBalancer!.name, (i) => delete i.status);
        const f = finding(e, objects, "endpoint.loadBalancer");
        assert.deepStrictEqual([f.status, f.found], ["fail", "no address yet"]);
        assert.match(f.fix!, /kubectl -n portkeyai describe ingress portkey-gateway/);
    });

    it("passes with the address, which is the DNS record's target", () =>
        assert.match(
            finding(stackState("prod"), healthyObjects(stackState("prod")), "endpoint.loadBalancer").found,
            /elb\.amazonaws\.com; point the DNS record of https:\/\/portkey\.internal\.example\.com/,
        ));

    it("fails without a ready controller; for existing, the fix points at the platform team", () => {
        const e = stackState("prod");
        const objects = edit<Workload>(healthyObjects(e), "Deployment", "aws-load-balancer-controller", (d) => (d.status = { readyReplicas: 0 }));
        const f = finding(e, objects, "endpoint.controller");
        assert.strictEqual(f.status, "fail");
        assert.match(f.fix!, /platform team's controller/);
    });

    it("fails when the VPC CNI does not enforce policies, and is n/a without aws-node", () => {
        const e = stackState("dev");
        const off = edit<Workload>(
            healthyObjects(e),
            "DaemonSet",
            "aws-node",
            (d) => (d.spec!.template!.spec!.containers[0].args = ["--enable-network-policy=false"]),
        );
        assert.strictEqual(status(e, off, "endpoint.networkPolicyEnforced"), "fail");
        assert.strictEqual(status(e, without(healthyObjects(e), "DaemonSet", "aws-node"), "endpoint.networkPolicyEnforced"), "n/a");
    });
});

describe("probeFinding (--probe)", () => {
    const answering =
        (status: number, seen: string[] = []): Fetch =>
        (url) => {
            seen.push(url);
            return Promise.resolve({ status });
        };
    it("GETs /v1/health through the load balancer's hostname and passes on 200", async () => {
        const seen: string[] = [];
        const f = await probeFinding(stackState("prod"), answering(200, seen));
        assert.deepStrictEqual([f.status, seen], ["pass", ["https://portkey.internal.example.com/v1/health"]]);
    });
    it("fails on another status and on no answer, naming what to check", async () => {
        assert.strictEqual((await probeFinding(stackState("staging"), answering(503))).found, "HTTP 503");
        const f = await probeFinding(stackState("staging"), () => Promise.reject(new TypeError("fetch failed")));
        assert.deepStrictEqual([f.status, f.found], ["fail", "no answer (TypeError)"]);
        assert.match(f.fix!, /endpoint\.inboundCidrs/);
    });
    it("is n/a for a cluster endpoint, reachable only inside the cluster", async () =>
        assert.strictEqual((await probeFinding(stackState("dev"), answering(200))).status, "n/a"));
});

describe("npm run verify -- --probe", () => {
    it("is a live-only flag", () => {
        assert.strictEqual(parseArgs(["--stack", "prod", "--probe"]).probe, true);
        assert.strictEqual(parseArgs(["--stack", "prod"]).probe, false);
        assert.throws(() => parseArgs(["--stack", "prod", "--from", "dir", "--probe"]), /cannot be combined with --dump, --context or --probe/);
    });
});

describe("verify checks: readiness gates", () => {
    it("a load balancer's namespace must carry the readiness-gate label; cluster needs none", () => {
        const e = stackState("prod");
        assert.strictEqual(status(e, healthyObjects(e), "endpoint.readinessGates"), "pass");
        assert.strictEqual(status(stackState("dev"), healthyObjects(stackState("dev")), "endpoint.readinessGates"), "n/a");
        const unlabelled = edit<KubeObject>(healthyObjects(e), "Namespace", e.namespace, (n) => (n.metadata.labels = {}));
        const f = finding(e, unlabelled, "endpoint.readinessGates");
        assert.deepStrictEqual([f.status, f.found], ["fail", "missing elbv2.k8s.aws/pod-readiness-gate-inject=enabled"]);
        assert.match(f.fix!, /kubectl label namespace portkey elbv2\.k8s\.aws\/pod-readiness-gate-inject=enabled/);
        assert.strictEqual(status(e, without(healthyObjects(e), "Namespace"), "endpoint.readinessGates"), "fail");
    });
});

describe("verify checks: the controller's version (internal-nlb)", () => {
    const withImage = (e: ExpectedState, image: string, args: string[] = []) =>
        edit<Workload>(healthyObjects(e), "Deployment", "aws-load-balancer-controller", (d) => {
            d.spec!.template!.spec!.containers[0].image = image;
            d.spec!.template!.spec!.containers[0].args = args;
        });
    it("passes v3.5.0 for prod's NLB, and is n/a for an ALB and for cluster", () => {
        assert.strictEqual(status(stackState("prod"), healthyObjects(stackState("prod")), "endpoint.controllerVersion"), "pass");
        assert.strictEqual(status(stackState("staging"), healthyObjects(stackState("staging")), "endpoint.controllerVersion"), "n/a");
        assert.strictEqual(status(stackState("dev"), healthyObjects(stackState("dev")), "endpoint.controllerVersion"), "n/a");
    });
    // NLB security groups arrived in v2.6.0 (kubernetes-sigs/aws-load-balancer-controller pkg/config/feature_gates.go).
    it("fails below v2.6.0 or on a digest, telling the platform team what to upgrade", () => {
        const e = stackState("prod");
        for (const image of [
            "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-load-balancer-controller:v2.5.4",
            "public.ecr.aws/eks/aws-load-balancer-controller@sha256:abc",
        ]) {
            const f = finding(e, withImage(e, image), "endpoint.controllerVersion");
            assert.strictEqual(f.status, "fail", image);
            assert.match(f.fix!, /upgrade the controller to v2\.6\.0 or later/);
        }
        assert.strictEqual(status(e, withImage(e, "public.ecr.aws/eks/aws-load-balancer-controller:v2.6.0"), "endpoint.controllerVersion"), "pass");
    });
    it("fails when the NLBSecurityGroup feature gate is off (kubernetes-sigs/aws-load-balancer-controller v3.5.0 docs/deploy/configurations.md)", () => {
        const e = stackState("prod");
        const f = finding(
            e,
            withImage(e, "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0", ["--feature-gates=ALBSingleSubnet=true,NLBSecurityGroup=false"]),
            "endpoint.controllerVersion",
        );
        assert.deepStrictEqual([f.status, /NLBSecurityGroup=false/.test(f.found)], ["fail", true]);
        assert.match(f.fix!, /remove NLBSecurityGroup=false/);
    });
    it("reads image tags and feature gates as the controller does", () => {
        assert.deepStrictEqual(["r.example.com:5000/lbc:v2.7.2", "r.example.com:5000/lbc", "lbc@sha256:1", "lbc:v2.7.2@sha256:1"].map(imageTag), [
            "v2.7.2",
            undefined,
            undefined,
            "v2.7.2",
        ]);
        // kubernetes-sigs/aws-load-balancer-controller pkg/config/feature_gates.go SplitMapStringBool: comma-separated key=bool, strconv.ParseBool values.
        assert.strictEqual(nlbSecurityGroupsOff(["--feature-gates= NLBSecurityGroup = 0"]), true);
        assert.strictEqual(nlbSecurityGroupsOff(["--feature-gates=NLBSecurityGroup=true", "--nlb=false"]), false);
    });
});

describe("verify checks: readiness gates only on the gateway's pods", () => {
    it("passes for prod (its dataservice runs ungated), is n/a without a dataservice or a load balancer", () => {
        assert.strictEqual(status(stackState("prod"), healthyObjects(stackState("prod")), "endpoint.readinessGateScope"), "pass");
        assert.strictEqual(status(stackState("staging"), healthyObjects(stackState("staging")), "endpoint.readinessGateScope"), "n/a");
        assert.strictEqual(status(stackState("dev"), healthyObjects(stackState("dev")), "endpoint.readinessGateScope"), "n/a");
    });
    it("fails for a dataservice pod gated by the controller, with the webhook fix for an existing controller", () => {
        const e = stackState("prod");
        const gated = healthyObjects(e).map((o) =>
            o.kind === "Pod" && o.metadata.name.startsWith("portkey-gateway-dataservice-")
                ? ({ ...o, spec: { ...(o as Pod).spec!, readinessGates: [{ conditionType: "target-health.elbv2.k8s.aws/k8s-portkey-abc" }] } } as Pod)
                : o,
        );
        const f = finding(e, gated, "endpoint.readinessGateScope");
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /portkey-gateway-dataservice-/);
        assert.match(f.fix!, /object selector elbv2\.k8s\.aws\/pod-readiness-gate-inject=enabled/);
    });
});

describe("verify checks: a bundle written before verify read NetworkPolicies, Services and Ingresses", () => {
    const unread = (objects: KubeObject[], kinds: string[]) => ({ ...groupObjects(objects.filter((o) => !kinds.includes(o.kind))), unread: kinds });
    it("reports the policy and load-balancer checks as n/a, not as failures", () => {
        for (const stack of ["staging", "prod"] as const) {
            const e = stackState(stack);
            const findings = evaluate(e, unread(healthyObjects(e), ["NetworkPolicy", "Service", "Ingress"]));
            for (const id of ["endpoint.networkPolicy", "endpoint.loadBalancer"]) {
                const f = findings.find((x) => x.id === id)!;
                assert.strictEqual(f.status, "n/a", `${stack} ${id}`);
                assert.match(f.expected, /the bundle has no (NetworkPolicy|Service|Ingress) objects/);
            }
        }
    });
    it("still fails a missing policy when the bundle read the kind", () => {
        const e = stackState("dev");
        assert.strictEqual(status(e, without(healthyObjects(e), "NetworkPolicy"), "endpoint.networkPolicy"), "fail");
    });
});

// EKS Auto Mode: awsdocs/amazon-eks-user-guide latest/ug/automode/auto-configure-alb.adoc and auto-configure-nlb.adoc
// (docs/upstream-facts.md#auto-mode-alb, #auto-mode-nlb): no controller; the ALB's IngressClass (controller
// eks.amazonaws.com/alb) and IngressClassParams, or the NLB Service's class eks.amazonaws.com/nlb.
describe("verify checks: the endpoint under EKS Auto Mode", () => {
    const CLASS = "portkeyai-portkey-gateway";
    it("staging (internal-alb): no controller expected, the class and its parameters pass, and drift covers both", () => {
        const e = autoModeState("staging");
        const objects = healthyObjects(e);
        const ids = ["endpoint.controller", "endpoint.controllerVersion", "endpoint.autoMode", "endpoint.readinessGates", "endpoint.loadBalancer"];
        assert.deepStrictEqual(
            ids.map((id) => status(e, objects, id)),
            ["n/a", "n/a", "pass", "n/a", "pass"],
        );
        assert.match(finding(e, objects, "endpoint.controller").expected, /EKS Auto Mode's built-in load balancing/);
        assert.match(finding(e, objects, "endpoint.readinessGates").expected, /no readiness gate/);
        assert.deepStrictEqual(
            [`drift.ingressClass/${CLASS}`, `drift.ingressClassParams/${CLASS}`].map((id) => status(e, objects, id)),
            ["pass", "pass"],
        );
    });
    it("fails without the IngressClassParams, or with a class of another controller", () => {
        const e = autoModeState("staging");
        const noParams = without(healthyObjects(e), "IngressClassParams");
        assert.strictEqual(status(e, noParams, "endpoint.autoMode"), "fail");
        assert.match(finding(e, noParams, "endpoint.autoMode").found, /no IngressClassParams portkeyai-portkey-gateway/);
        assert.strictEqual(status(e, noParams, `drift.ingressClassParams/${CLASS}`), "fail");
        const other = edit(healthyObjects(e), "IngressClass", CLASS, (c: KubeObject & { spec: { controller: string } }) => {
            c.spec.controller = "ingress.k8s.aws/alb";
        });
        assert.strictEqual(status(e, other, "endpoint.autoMode"), "fail");
        assert.match(finding(e, other, "drift.ingressClass/" + CLASS).found, /spec\.controller/);
    });
    it("drift names a changed IngressClassParams field (the certificate, the scheme)", () => {
        const e = autoModeState("staging");
        const changed = edit(healthyObjects(e), "IngressClassParams", CLASS, (p: KubeObject & { spec: Record<string, unknown> }) => {
            p.spec.scheme = "internet-facing";
        });
        const f = finding(e, changed, `drift.ingressClassParams/${CLASS}`);
        assert.strictEqual(f.status, "fail");
        assert.match(f.found, /spec\.scheme: expected "internal", found "internet-facing"/);
    });
    it("drift compares the class and its parameters' spec exactly: a field added by hand fails (docs/upstream-facts.md#auto-mode-alb)", () => {
        const e = autoModeState("staging");
        // group.name shares one ALB among every Ingress of the group.
        const grouped = edit(healthyObjects(e), "IngressClassParams", CLASS, (p: KubeObject & { spec: Record<string, unknown> }) => {
            p.spec.group = { name: "shared" };
        });
        assert.match(finding(e, grouped, `drift.ingressClassParams/${CLASS}`).found, /^spec\.group: expected \(absent\), found \{"name":"shared"\}$/);
        // A namespace-scoped parameters reference (networking/v1 IngressClassParametersReference) names other parameters.
        const scoped = edit(healthyObjects(e), "IngressClass", CLASS, (c: KubeObject & { spec: { parameters: Record<string, unknown> } }) => {
            c.spec.parameters.scope = "Namespace";
        });
        assert.match(finding(e, scoped, `drift.ingressClass/${CLASS}`).found, /^spec\.parameters\.scope: expected \(absent\), found "Namespace"$/);
    });
    it("drift accepts the scope the API server gives a parameters reference without one (docs/upstream-facts.md#k8s-list-keys)", () => {
        const e = autoModeState("staging");
        const scope = (o: unknown) => (o as { spec: { parameters: { scope?: string } } }).spec.parameters.scope;
        assert.strictEqual(scope(healthyObjects(e).find((o) => o.kind === "IngressClass")), "Cluster", "the fixture stores it as the API server does");
        assert.strictEqual(scope(e.applied.autoModeClass!.ingressClass), undefined, "the program leaves it to the server");
        assert.strictEqual(finding(e, healthyObjects(e), `drift.ingressClass/${CLASS}`).status, "pass");
    });
    it("prod (internal-nlb): the Service's class is Auto Mode's; another class fails with the delete-and-recreate fix", () => {
        const e = autoModeState("prod");
        const objects = healthyObjects(e);
        assert.deepStrictEqual(
            ["endpoint.controller", "endpoint.autoMode"].map((id) => status(e, objects, id)),
            ["n/a", "pass"],
        );
        const name = e.endpoint.loadBalancer!.name;
        const selfManaged = edit(objects, "Service", name, (s: LoadBalanced) => {
            s.spec!.loadBalancerClass = "service.k8s.aws/nlb";
        });
        const f = finding(e, selfManaged, "endpoint.autoMode");
        assert.strictEqual(f.status, "fail");
        assert.match(f.fix!, /loadBalancerClass cannot change: `kubectl -n portkey delete service portkey-gateway-nlb`/);
    });
    it("names what it found: a missing Service or class, a class without parameters, another namespace's Service of the same name", () => {
        const nlb = autoModeState("prod");
        const name = nlb.endpoint.loadBalancer!.name;
        const gone = finding(nlb, without(healthyObjects(nlb), "Service", name), "endpoint.autoMode");
        assert.deepStrictEqual([gone.status, gone.found, gone.fix], ["fail", `no Service ${name} in portkey`, "run `pulumi up`"]);
        assert.strictEqual(finding(nlb, healthyObjects(nlb), "endpoint.autoMode").found, "loadBalancerClass eks.amazonaws.com/nlb");
        assert.match(
            finding(nlb, healthyObjects(nlb), "endpoint.autoMode").expected,
            new RegExp(`^Service ${name} of loadBalancerClass eks\\.amazonaws\\.com/nlb`),
        );
        const ours = healthyObjects(nlb).find((o) => o.kind === "Service" && o.metadata.name === name) as LoadBalanced;
        const elsewhere = { ...structuredClone(ours), metadata: { ...ours.metadata, namespace: "other" }, spec: { ...ours.spec, loadBalancerClass: "x" } };
        assert.strictEqual(status(nlb, [elsewhere, ...healthyObjects(nlb)], "endpoint.autoMode"), "pass");
        const o = { ...groupObjects(healthyObjects(nlb).filter((x) => x.kind !== "Service")), unread: ["Service"] };
        assert.match(evaluate(nlb, o).find((x) => x.id === "endpoint.autoMode")!.expected, /the bundle has no Service objects/);
        const alb = autoModeState("staging");
        assert.strictEqual(finding(alb, without(healthyObjects(alb), "IngressClass"), "endpoint.autoMode").found, `no IngressClass ${CLASS}`);
        const bare = edit(healthyObjects(alb), "IngressClass", CLASS, (c: KubeObject & { spec: Record<string, unknown> }) => {
            delete c.spec.parameters;
            delete c.spec.controller;
        });
        assert.strictEqual(finding(alb, bare, "endpoint.autoMode").found, "controller none, parameters none");
        assert.strictEqual(
            finding(alb, healthyObjects(alb), "endpoint.autoMode").found,
            `controller eks.amazonaws.com/alb, parameters eks.amazonaws.com/IngressClassParams ${CLASS}`,
        );
        assert.strictEqual(
            finding(alb, healthyObjects(alb), "endpoint.autoMode").expected,
            `IngressClass ${CLASS} of controller eks.amazonaws.com/alb, with its IngressClassParams ${CLASS}`,
        );
        // Another team's class and parameters, listed first, are not this release's.
        const others = [
            obj("networking.k8s.io/v1", "IngressClass", "alb", undefined, { spec: { controller: "ingress.k8s.aws/alb" } }),
            obj("eks.amazonaws.com/v1", "IngressClassParams", "alb"),
        ];
        const onlyOthers = [...others, ...without(without(healthyObjects(alb), "IngressClass"), "IngressClassParams")];
        assert.strictEqual(finding(alb, onlyOthers, "endpoint.autoMode").found, `no IngressClass ${CLASS}`);
        const noParams = [...others, ...without(healthyObjects(alb), "IngressClassParams")];
        assert.match(finding(alb, noParams, "endpoint.autoMode").found, new RegExp(`; no IngressClassParams ${CLASS}$`));
        const unreadParams = { ...groupObjects(healthyObjects(alb)), unread: ["IngressClassParams"] };
        assert.match(evaluate(alb, unreadParams).find((x) => x.id === "endpoint.autoMode")!.expected, /no IngressClassParams objects/);
    });
    it("is n/a on a node-group cluster, where the controller serves the load balancer, and for cluster", () => {
        const why = (stack: "dev" | "staging" | "prod") => finding(stackState(stack), healthyObjects(stackState(stack)), "endpoint.autoMode");
        for (const stack of ["dev", "staging", "prod"] as const) assert.strictEqual(why(stack).status, "n/a");
        assert.match(why("dev").expected, /endpoint\.type cluster: no load balancer/);
        assert.match(why("staging").expected, /the AWS Load Balancer Controller serves the load balancer/);
    });
    it("reports a bundle without IngressClass objects as unread, not as a failure", () => {
        const e = autoModeState("staging");
        const o = { ...groupObjects(healthyObjects(e).filter((x) => x.kind !== "IngressClass")), unread: ["IngressClass"] };
        const f = evaluate(e, o).find((x) => x.id === "endpoint.autoMode")!;
        assert.strictEqual(f.status, "n/a");
    });
});
