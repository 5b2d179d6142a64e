// The hand changes of issue 28 and others of the same classes, made to bundles built from the
// program's own derived objects as the API server stores them (verify/testing.ts `stored`: its
// bookkeeping and defaults added) and the chart's gateway Service: each makes verify fail naming the
// field, with the fix for whoever manages the object. Expected values come from the issue and the
// program's docs (docs/endpoint.md, docs/operating.md), not from the table under test.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { readBundle, writeBundle } from "../bundle";
import { onMinimal, parsed } from "../../config/testing";
import { ExpectedState, expectedState, expectedStateForStack } from "../expected";
import { groupObjects } from "../observed";
import { autoModeState, chartGatewayService, edit, healthyObjects, obj, stackState, verifyInProcess } from "../testing";
import { all, shippedPlan, T, unwrap } from "../../test/testing";
import { Finding, KubeObject } from "../types";
import { DRIFT_TABLE, driftFindings, peerWithin, portWithin, selectorWithin } from "./drift";
import { tempDir } from "../../test/tempDir";

type Stack = "dev" | "staging" | "prod";
type Obj = {
    kind: string;
    apiVersion: string;
    spec: Record<string, any>;
    metadata: { name: string; annotations: Record<string, string>; labels: Record<string, string> } & Record<string, any>;
};

function drift(e: ExpectedState, objects: KubeObject[]): Finding[] {
    return driftFindings(e, groupObjects(objects));
}

function finding(findings: Finding[], id: string): Finding {
    const f = findings.find((x) => x.id === id);
    assert.ok(f, `no finding ${id}: ${findings.map((x) => x.id).join(", ")}`);
    return f;
}

/** A shipped stack's expected state and healthy objects, made once: tests change copies (`edit`), never these. */
const shared = new Map<Stack, { e: ExpectedState; objects: KubeObject[] }>();
function fixture(stack: Stack): { e: ExpectedState; objects: KubeObject[] } {
    if (!shared.has(stack)) {
        const e = stackState(stack);
        shared.set(stack, { e, objects: healthyObjects(e) });
    }
    return shared.get(stack)!;
}

/** Drift of a shipped stack with one object of its healthy install changed. */
function driftWith<T extends KubeObject>(stack: Stack, kind: string, name: string, change: (o: T) => void): Finding[] {
    const { e, objects } = fixture(stack);
    return drift(e, edit<T>(objects, kind, name, change));
}

/** The one failing finding, which names `field` in what it found. */
function failsNaming(findings: Finding[], id: string, field: string): Finding {
    const failed = findings.filter((f) => f.status === "fail");
    assert.deepStrictEqual(
        failed.map((f) => f.id),
        [id],
        failed.map((f) => `${f.id}: ${f.found}`).join("\n"),
    );
    assert.ok(failed[0].found.includes(field), `${id} should name ${field}: ${failed[0].found}`);
    return failed[0];
}

const CALLERS = "portkey-gateway-callers";
const CERT = "arn:aws:acm:eu-west-1:111122223333:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const REFRESH = (stack: string) => `\`pulumi up --refresh --stack ${stack}\``;
/** The fix for an object the program owns (docs/operating.md, "Drift"): a refresh, since a plain up compares with state. */
const driftFixText = (kind: string, object: string, stack: string) =>
    `the program owns ${kind} ${object}, and a plain \`pulumi up\` compares with its state, not the cluster, so it changes nothing: ` +
    `run ${REFRESH(stack)}, which reads the live object and puts back what the stack derives`;
/** The load balancer subnets' CIDRs in the healthy objects (verify/testing.ts `withAwsFacts`), as the stack output would give them. */
const LIVE_CIDRS = { staging: ["10.0.201.0/24", "10.0.202.0/24"], prod: ["10.0.201.0/24", "10.0.202.0/24", "10.0.203.0/24"] };
/** The expected state with `--lb-cidrs`: the stack output `loadBalancerSubnetCidrs`. */
const withCidrs = (stack: "staging" | "prod", cidrs = LIVE_CIDRS[stack]) => expectedStateForStack(stack, { loadBalancerCidrs: cidrs });

describe("drift: healthy installs", () => {
    for (const stack of ["dev", "staging", "prod"] as Stack[]) {
        it(`${stack}: every object the program applies is as derived, with the server's defaults and controllers' fields present`, () => {
            const findings = drift(stackState(stack), healthyObjects(stackState(stack)));
            assert.deepStrictEqual(
                findings.filter((f) => f.status === "fail").map((f) => `${f.id}: ${f.found}`),
                [],
            );
            assert.ok(findings.filter((f) => f.status === "pass").length >= 5);
        });
    }

    it("controllers' changes are no drift: Reloader's env and annotation, a rollout restart", () => {
        const e = stackState("prod");
        const objects = edit<Obj>(healthyObjects(e), "Deployment", "portkey-gateway", (d) => {
            d.spec.template.metadata.annotations["reloader.stakater.com/last-reloaded-from"] = "{}";
            d.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"] = "2026-02-01T00:00:00Z";
            d.spec.template.spec.containers[0].env.push({ name: "STAKATER_PORTKEY_GATEWAY_AWS_SECRETS_SECRET", value: "abc" });
        });
        assert.deepStrictEqual(
            drift(e, objects).filter((f) => f.status === "fail"),
            [],
        );
    });

    it("the HPA's replica count is no drift; a fixed count scaled by hand is, fixed by a forced release upgrade", () => {
        const scaled = (e: ExpectedState, n: number) =>
            drift(
                e,
                edit<Obj>(healthyObjects(e), "Deployment", "portkey-gateway", (d) => (d.spec.replicas = n)),
            );
        const hpa = expectedState(parsed(onMinimal({ gateway: { autoscaling: { enabled: true, min: 2, max: 6 } } })), "eu-west-1", { stack: "s" });
        assert.deepStrictEqual(
            scaled(hpa, 5).filter((f) => f.status === "fail"),
            [],
        );
        // staging runs a fixed count (2, production-like); prod autoscales (Pulumi.prod.yaml).
        const staging = stackState("staging");
        const f = failsNaming(scaled(staging, 1), "drift.chart/portkey-gateway", "spec.replicas: expected 2, found 1");
        assert.ok(f.fix!.includes(`helm -n ${staging.namespace} upgrade portkey gateway --repo https://portkey-ai.github.io/helm --version `), f.fix);
        assert.deepStrictEqual(
            scaled(stackState("prod"), 7).filter((x) => x.status === "fail"),
            [],
        );
    });

    it("the gateway's rollout strategy changed to take pods down first fails, naming spec.strategy", () => {
        const e = stackState("staging");
        const objects = edit<Obj>(healthyObjects(e), "Deployment", "portkey-gateway", (d) => (d.spec.strategy = { type: "Recreate" }));
        failsNaming(drift(e, objects), "drift.chart/portkey-gateway", "spec.strategy");
    });
});

describe("drift: NetworkPolicies", () => {
    for (const stack of ["dev", "staging", "prod"] as Stack[]) {
        it(`${stack}: the -callers policy edited to admit everyone (ingress: [{}]) fails at spec.ingress, fixed by pulumi up --refresh`, () => {
            const e = stackState(stack);
            const objects = edit<Obj>(healthyObjects(e), "NetworkPolicy", CALLERS, (p) => (p.spec.ingress = [{}]));
            const f = failsNaming(drift(e, objects), `drift.networkPolicy/${CALLERS}`, "spec.ingress: expected");
            assert.ok(f.found.includes("found [{}]"), f.found);
            assert.ok(f.fix!.includes(REFRESH(stack)), f.fix);
            assert.ok(f.fix!.includes("plain `pulumi up`"), f.fix);
        });
    }

    it("with --lb-cidrs: a peer added (0.0.0.0/0), a load balancer subnet's block widened, a port range or policyTypes removed: each fails", () => {
        const e = withCidrs("staging");
        const changes: Array<(p: Obj) => void> = [
            (p) => p.spec.ingress[0].from.push({ ipBlock: { cidr: "0.0.0.0/0" } }),
            (p) => (p.spec.ingress[0].from.find((x: any) => x.ipBlock).ipBlock.cidr = "10.0.0.0/8"),
            (p) => (p.spec.ingress[0].ports[0].endPort = 65535),
            (p) => p.spec.ingress.push({ from: [{ namespaceSelector: {} }] }),
            (p) => (p.spec.podSelector = { matchLabels: { "app.kubernetes.io/name": "nothing" } }),
        ];
        for (const change of changes)
            failsNaming(
                drift(e, edit<Obj>(healthyObjects(stackState("staging")), "NetworkPolicy", CALLERS, change)),
                `drift.networkPolicy/${CALLERS}`,
                "spec.",
            );
    });

    it("the policy deleted fails, naming it", () => {
        const e = stackState("dev");
        const objects = healthyObjects(e).filter((o) => !(o.kind === "NetworkPolicy" && o.metadata.name === CALLERS));
        const f = finding(drift(e, objects), `drift.networkPolicy/${CALLERS}`);
        assert.strictEqual(f.status, "fail");
        assert.strictEqual(f.found, `no NetworkPolicy ${CALLERS} in portkeyai`);
    });

    it("policies add up: another policy selecting the gateway's pods that admits more fails, naming it and the fix", () => {
        const e = stackState("prod");
        const open = obj("networking.k8s.io/v1", "NetworkPolicy", "allow-all", e.namespace, { spec: { podSelector: {}, ingress: [{}] } });
        const f = failsNaming(drift(e, [...healthyObjects(e), open]), "drift.networkPolicies", "allow-all also admits [{}]");
        assert.ok(f.fix!.includes("kubectl -n portkey delete networkpolicy allow-all"), f.fix);
    });

    it("another policy that admits nothing more passes: deny-all, one for other pods, one within what -callers admits", () => {
        const e = stackState("prod");
        const denyAll = obj("networking.k8s.io/v1", "NetworkPolicy", "deny-all", e.namespace, { spec: { podSelector: {}, policyTypes: ["Ingress"] } });
        const others = obj("networking.k8s.io/v1", "NetworkPolicy", "batch", e.namespace, {
            spec: { podSelector: { matchLabels: { app: "batch" } }, ingress: [{}] },
        });
        const within = obj("networking.k8s.io/v1", "NetworkPolicy", "same-namespace", e.namespace, {
            spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8787 }] }] },
        });
        const f = finding(drift(e, [...healthyObjects(e), denyAll, others, within]), "drift.networkPolicies");
        assert.strictEqual(f.status, "pass", f.found);
    });
});

describe("drift: the load balancer subnets' CIDRs (--lb-cidrs)", () => {
    const IPBLOCKS = `drift.networkPolicy/${CALLERS}.ipBlocks`;
    /** The -callers policy's ipBlocks all replaced by one block: the whole VPC (Pulumi.staging.yaml's cluster, docs/endpoint.md). */
    const wholeVpc = (p: Obj) => {
        p.spec.ingress[0].from = [...p.spec.ingress[0].from.filter((x: any) => !x.ipBlock), { ipBlock: { cidr: "10.0.0.0/16" } }];
    };
    /** Each ipBlock widened to the whole VPC, their number kept. */
    const eachWidened = (p: Obj) => {
        for (const x of p.spec.ingress[0].from) if (x.ipBlock) x.ipBlock.cidr = "10.0.0.0/16";
    };
    const vpcPolicy = (ns: string) =>
        obj("networking.k8s.io/v1", "NetworkPolicy", "from-vpc", ns, {
            spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 8787 }] }] },
        });

    for (const stack of ["staging", "prod"] as const) {
        it(`${stack}: a healthy install passes with the right --lb-cidrs, and no ipBlock is left unchecked`, () => {
            const findings = drift(withCidrs(stack), healthyObjects(stackState(stack)));
            assert.deepStrictEqual(
                findings.filter((f) => f.status !== "pass").map((f) => `${f.id}: ${f.found}`),
                stack === "prod" ? ["drift.namespace: -"] : [],
            );
            assert.strictEqual(finding(findings, `drift.networkPolicy/${CALLERS}`).status, "pass");
            assert.strictEqual(finding(findings, "drift.networkPolicies").status, "pass");
        });
    }

    it("with --lb-cidrs: the ipBlocks replaced by 10.0.0.0/16 (the whole VPC) fails, and so does each widened, or a wrong --lb-cidrs", () => {
        const live = healthyObjects(stackState("staging"));
        const id = `drift.networkPolicy/${CALLERS}`;
        const f = failsNaming(drift(withCidrs("staging"), edit<Obj>(live, "NetworkPolicy", CALLERS, wholeVpc)), id, "spec.ingress");
        assert.ok(f.found.includes('"cidr":"10.0.0.0/16"') && f.found.includes('"cidr":"10.0.201.0/24"'), f.found);
        failsNaming(drift(withCidrs("staging"), edit<Obj>(live, "NetworkPolicy", CALLERS, eachWidened)), id, "spec.ingress");
        failsNaming(drift(withCidrs("staging", ["10.0.201.0/24", "10.0.99.0/24"]), live), id, "spec.ingress");
        failsNaming(drift(withCidrs("staging", ["10.0.201.0/24"]), live), id, "spec.ingress");
    });

    it("with --lb-cidrs: another policy admitting 10.0.0.0/16 to the gateway's port admits more and fails; one within a subnet's block passes", () => {
        const e = withCidrs("prod");
        const live = healthyObjects(stackState("prod"));
        const f = failsNaming(
            drift(e, [...live, vpcPolicy(e.namespace)]),
            "drift.networkPolicies",
            'from-vpc also admits [{"from":[{"ipBlock":{"cidr":"10.0.0.0/16"}}]',
        );
        assert.ok(f.fix!.includes("kubectl -n portkey delete networkpolicy from-vpc"), f.fix);
        const within = obj("networking.k8s.io/v1", "NetworkPolicy", "from-one-subnet", e.namespace, {
            spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.202.0/25", except: ["10.0.202.0/28"] } }], ports: [{ port: 8787 }] }] },
        });
        assert.strictEqual(finding(drift(e, [...live, within]), "drift.networkPolicies").status, "pass");
        const otherPort = edit<Obj>([within], "NetworkPolicy", "from-one-subnet", (p) => (p.spec.ingress[0].ports = [{ port: 22 }]));
        failsNaming(drift(e, [...live, ...otherPort]), "drift.networkPolicies", "from-one-subnet also admits");
    });

    it("without --lb-cidrs: the ipBlocks are reported not checked (N/A, naming --lb-cidrs and the stack output), never passed as compared", () => {
        const e = stackState("staging");
        const live = healthyObjects(e);
        const healthy = drift(e, live);
        const na = finding(healthy, IPBLOCKS);
        assert.strictEqual(na.status, "n/a");
        assert.ok(na.expected.includes("not checked") && na.expected.includes("2 ipBlock peer(s)"), na.expected);
        assert.ok(
            na.expected.includes('--lb-cidrs "$(pulumi stack output loadBalancerSubnetCidrs --stack staging --json | jq -r \'join(",")\')"'),
            na.expected,
        );
        // Each block widened in place: the policy's other fields and the number of blocks are as derived, the blocks themselves unchecked.
        const widened = drift(e, edit<Obj>(live, "NetworkPolicy", CALLERS, eachWidened));
        assert.strictEqual(finding(widened, IPBLOCKS).status, "n/a");
        // The blocks' number, the ports and the other peers are still compared exactly.
        failsNaming(drift(e, edit<Obj>(live, "NetworkPolicy", CALLERS, wholeVpc)), `drift.networkPolicy/${CALLERS}`, "spec.ingress");
        const except = (p: Obj) => (p.spec.ingress[0].from.find((x: any) => x.ipBlock).ipBlock.except = ["10.0.201.0/28"]);
        failsNaming(drift(e, edit<Obj>(live, "NetworkPolicy", CALLERS, except)), `drift.networkPolicy/${CALLERS}`, "spec.ingress");
        // A stack without load balancer subnets has no ipBlock to check: no such line.
        assert.ok(!drift(stackState("dev"), healthyObjects(stackState("dev"))).some((f) => f.id.endsWith(".ipBlocks")));
    });

    // docs/upstream-facts.md#vpc-subnet-sizes: a subnet's block is IPv4, /16 to /28.
    for (const cidr of ["0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/15", "::/0", "10.0.201.0/29"])
        it(`without --lb-cidrs: an ipBlock of the -callers policy set to ${cidr}, which no subnet has, fails naming spec.ingress`, () => {
            for (const stack of ["staging", "prod"] as const) {
                const e = stackState(stack);
                const opened = edit<Obj>(healthyObjects(e), "NetworkPolicy", CALLERS, (p) => {
                    p.spec.ingress[0].from.find((x: any) => x.ipBlock).ipBlock.cidr = cidr;
                });
                const f = failsNaming(drift(e, opened), `drift.networkPolicy/${CALLERS}`, "spec.ingress");
                assert.ok(f.found.includes(`"cidr":"${cidr}"`), f.found);
            }
        });

    it("without --lb-cidrs: another policy admitting a block wider than any subnet's (or IPv6) admits more and fails; /16 and narrower stay N/A", () => {
        const e = stackState("prod");
        const admitting = (cidr: string) =>
            obj("networking.k8s.io/v1", "NetworkPolicy", "wide", e.namespace, {
                spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr } }], ports: [{ port: 8787 }] }] },
            });
        for (const cidr of ["0.0.0.0/0", "10.0.0.0/15", "::/0", "fd00::/64", "not a block"])
            failsNaming(
                drift(e, [...healthyObjects(e), admitting(cidr)]),
                "drift.networkPolicies",
                `wide also admits [{"from":[{"ipBlock":{"cidr":"${cidr}"}}]`,
            );
        for (const cidr of ["10.0.0.0/16", "10.0.201.7/32"])
            assert.strictEqual(finding(drift(e, [...healthyObjects(e), admitting(cidr)]), "drift.networkPolicies").status, "n/a", cidr);
    });

    it("without --lb-cidrs: another policy admitting an ipBlock to the gateway's port is N/A (could not check ipBlocks), not a pass", () => {
        const e = stackState("prod");
        const f = finding(drift(e, [...healthyObjects(e), vpcPolicy(e.namespace)]), "drift.networkPolicies");
        assert.strictEqual(f.status, "n/a");
        assert.ok(f.expected.startsWith("could not check ipBlocks: from-vpc admits") && f.expected.includes("--lb-cidrs"), f.expected);
        // Two such policies: each named with what it admits.
        const office = obj("networking.k8s.io/v1", "NetworkPolicy", "from-office", e.namespace, {
            spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "192.168.0.0/24" } }], ports: [{ port: 8787 }] }] },
        });
        const two = finding(drift(e, [...healthyObjects(e), vpcPolicy(e.namespace), office]), "drift.networkPolicies");
        assert.ok(
            two.expected.startsWith(
                'could not check ipBlocks: from-vpc admits [{"from":[{"ipBlock":{"cidr":"10.0.0.0/16"}}],"ports":[{"port":8787}]}]; ' +
                    'from-office admits [{"from":[{"ipBlock":{"cidr":"192.168.0.0/24"}}],"ports":[{"port":8787}]}], and without the load balancer subnets',
            ),
            two.expected,
        );
        // A peer or port it admits more than the program's is still a failure.
        const open = obj("networking.k8s.io/v1", "NetworkPolicy", "from-vpc", e.namespace, {
            spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 22 }] }] },
        });
        failsNaming(drift(e, [...healthyObjects(e), open]), "drift.networkPolicies", "from-vpc also admits");
    });
});

describe("drift: exposure", () => {
    for (const stack of ["dev", "staging", "prod"] as Stack[]) {
        it(`${stack}: the chart's gateway Service patched to NodePort fails, fixed by a forced release upgrade`, () => {
            const e = stackState(stack);
            const svc = chartGatewayService(e).metadata.name;
            const objects = edit<Obj>(healthyObjects(e), "Service", svc, (s) => {
                s.spec.type = "NodePort";
                s.spec.ports[0].nodePort = 31787;
            });
            const f = failsNaming(drift(e, objects), "drift.exposure", `Service ${svc} is NodePort`);
            assert.ok(f.fix!.includes(`helm -n ${e.namespace} upgrade portkey gateway --repo https://portkey-ai.github.io/helm --version `), f.fix);
            assert.ok(f.fix!.includes("--reuse-values --force"), f.fix);
            // A forced upgrade replaces the Deployments as the chart renders them, without the program's patches: the fix says to re-apply them.
            assert.ok(f.fix!.includes(`--reuse-values --force\`, then ${REFRESH(stack)} to re-apply the program's patches`), f.fix);
        });
    }

    it("the chart's ClusterIP gateway Service given externalIPs fails: it takes traffic on those addresses from outside the cluster", () => {
        const e = stackState("staging");
        const svc = chartGatewayService(e).metadata.name;
        const objects = edit<Obj>(healthyObjects(e), "Service", svc, (s) => (s.spec.externalIPs = ["203.0.113.9"]));
        const f = failsNaming(drift(e, objects), "drift.exposure", `Service ${svc} has externalIPs ["203.0.113.9"]`);
        assert.ok(f.fix!.includes("--reuse-values --force"), f.fix);
        const other = obj("v1", "Service", "debug", e.namespace, { spec: { type: "ClusterIP", externalIPs: ["198.51.100.7"], ports: [{ port: 80 }] } });
        assert.ok(
            failsNaming(drift(e, [...healthyObjects(e), other]), "drift.exposure", "Service debug has externalIPs").fix!.includes("delete service debug"),
        );
    });

    it("the chart's Redis or dataservice Service made NodePort or LoadBalancer fails too, with the forced upgrade", () => {
        const dev = stackState("dev");
        const redis = edit<Obj>(healthyObjects(dev), "Service", "redis", (s) => (s.spec.type = "NodePort"));
        assert.ok(failsNaming(drift(dev, redis), "drift.exposure", "Service redis is NodePort").fix!.includes("--reuse-values --force"));
        const prod = stackState("prod");
        const ds = edit<Obj>(healthyObjects(prod), "Service", "portkey-gateway-dataservice", (s) => (s.spec.type = "LoadBalancer"));
        assert.ok(
            failsNaming(drift(prod, ds), "drift.exposure", "Service portkey-gateway-dataservice is LoadBalancer").fix!.includes(
                "helm -n portkey upgrade portkey",
            ),
        );
    });

    it("a LoadBalancer Service someone else made fails, with the fix to delete it", () => {
        const e = stackState("staging");
        const lb = obj("v1", "Service", "debug-lb", e.namespace, { spec: { type: "LoadBalancer", ports: [{ port: 80 }] } });
        const f = failsNaming(drift(e, [...healthyObjects(e), lb]), "drift.exposure", "Service debug-lb is LoadBalancer");
        assert.ok(f.fix!.includes("kubectl -n portkeyai delete service debug-lb"), f.fix);
    });

    it("the program's own NLB Service is no exposure", () => {
        const e = stackState("prod");
        assert.strictEqual(finding(drift(e, healthyObjects(e)), "drift.exposure").status, "pass");
    });
});

describe("drift: Ingresses", () => {
    /** An Ingress to the gateway's Service, as someone might add one by hand. */
    const ingress = (name: string, namespace: string, annotations: Record<string, string> = {}, className?: string) =>
        obj("networking.k8s.io/v1", "Ingress", name, namespace, {
            metadata: { name, namespace, annotations },
            spec: {
                ...(className ? { ingressClassName: className } : {}),
                rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "portkey-gateway", port: { name: "gateway" } } } }] } }],
            },
        });
    const PUBLIC = { "alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/inbound-cidrs": "0.0.0.0/0" };

    for (const [stack, state] of [
        ["staging", () => stackState("staging")],
        ["Auto Mode staging", () => autoModeState("staging")],
        ["dev", () => stackState("dev")],
        ["prod", () => stackState("prod")],
    ] as const) {
        it(`${stack}: a second Ingress in the namespace fails, naming it and its class, with the fix to delete it`, () => {
            const e = state();
            const cls = e.applied.autoModeClass?.ingressClass.metadata.name ?? "alb";
            const f = failsNaming(
                drift(e, [...healthyObjects(e), ingress("portkey-public", e.namespace, PUBLIC, cls)]),
                "drift.ingresses",
                `Ingress portkey-public (class ${cls})`,
            );
            assert.strictEqual(
                f.fix,
                `Ingress portkey-public is not the program's: delete it (\`kubectl -n ${e.namespace} delete ingress portkey-public\`) and find who made it; to serve callers outside the cluster, set endpoint.type and run \`pulumi up --stack staging\` (docs/endpoint.md)`.replace(
                    "--stack staging",
                    `--stack ${e.stack}`,
                ),
            );
            const own = e.applied.loadBalancer?.kind === "Ingress" ? e.applied.loadBalancer.object.metadata.name : undefined;
            const services = e.applied.chartServices.map((c) => c.metadata.name).join(", ");
            assert.strictEqual(
                finding(drift(e, healthyObjects(e)), "drift.ingresses").expected,
                `no Ingress in ${e.namespace}${own ? ` but ${own}` : ""} to the chart's Services (${services})`,
            );
        });
    }

    it("an Ingress without a class names the legacy annotation's class, or the default class", () => {
        const e = stackState("dev");
        assert.ok(
            failsNaming(
                drift(e, [...healthyObjects(e), ingress("a", e.namespace, { "kubernetes.io/ingress.class": "nginx" })]),
                "drift.ingresses",
                "Ingress a (class nginx)",
            ),
        );
        assert.ok(failsNaming(drift(e, [...healthyObjects(e), ingress("b", e.namespace)]), "drift.ingresses", "Ingress b (class the default class)"));
    });

    it("the chart's own Ingress (turned on by a hand upgrade) is put back by the forced release upgrade", () => {
        const e = stackState("dev");
        const chartIngress = ingress("portkey-gateway", e.namespace, { "meta.helm.sh/release-name": e.release.name });
        assert.ok(
            failsNaming(drift(e, [...healthyObjects(e), chartIngress]), "drift.ingresses", "Ingress portkey-gateway").fix!.includes("--reuse-values --force"),
        );
    });

    it("the program's own Ingress, Ingresses of other namespaces and those to another app's Service pass; a bundle without Ingresses is N/A", () => {
        const e = stackState("staging");
        assert.strictEqual(finding(drift(e, [...healthyObjects(e), ingress("other", "default", PUBLIC, "alb")]), "drift.ingresses").status, "pass");
        // A shared namespace: an Ingress reaches Services of its own namespace only, so one to another app's never reaches the gateway.
        const toOther = edit<Obj>(
            [ingress("docs", e.namespace, PUBLIC, "alb")],
            "Ingress",
            "docs",
            (i) => (i.spec.rules[0].http.paths[0].backend.service.name = "docs"),
        );
        assert.strictEqual(finding(drift(e, [...healthyObjects(e), ...toOther]), "drift.ingresses").status, "pass");
        // A default backend to the gateway counts like a rule's.
        const byDefault = obj("networking.k8s.io/v1", "Ingress", "catch-all", e.namespace, {
            spec: { ingressClassName: "alb", defaultBackend: { service: { name: "portkey-gateway", port: { number: 8787 } } } },
        });
        failsNaming(drift(e, [...healthyObjects(e), byDefault]), "drift.ingresses", "Ingress catch-all (class alb)");
        const unread = driftFindings(e, { ...groupObjects(healthyObjects(e).filter((o) => o.kind !== "Ingress")), unread: ["Ingress"] });
        assert.strictEqual(finding(unread, "drift.ingresses").status, "n/a");
    });
});

describe("drift: the load balancer's object", () => {
    const ALB = "alb.ingress.kubernetes.io";
    const NLB = "service.beta.kubernetes.io";
    const ingress = (change: (o: Obj) => void) => {
        const e = stackState("staging");
        return drift(e, edit<Obj>(healthyObjects(e), "Ingress", "portkey-gateway", change));
    };
    const service = (change: (o: Obj) => void) => {
        const e = stackState("prod");
        return drift(e, edit<Obj>(healthyObjects(e), "Service", "portkey-gateway-nlb", change));
    };

    it("the ALB's scheme made internet-facing fails naming the annotation", () => {
        const f = failsNaming(
            ingress((o) => (o.metadata.annotations[`${ALB}/scheme`] = "internet-facing")),
            "drift.loadBalancer/portkey-gateway",
            `metadata.annotations["${ALB}/scheme"]: expected "internal", found "internet-facing"`,
        );
        assert.ok(f.fix!.includes(REFRESH("staging")), f.fix);
    });

    it("the ALB's inbound CIDRs widened or removed, or a security group added, fails naming the annotation", () => {
        const id = "drift.loadBalancer/portkey-gateway";
        failsNaming(
            ingress((o) => (o.metadata.annotations[`${ALB}/inbound-cidrs`] = "0.0.0.0/0")),
            id,
            `["${ALB}/inbound-cidrs"]`,
        );
        failsNaming(
            ingress((o) => delete o.metadata.annotations[`${ALB}/inbound-cidrs`]),
            id,
            `["${ALB}/inbound-cidrs"]: expected "10.20.0.0/16,10.30.8.0/22", found (absent)`,
        );
        failsNaming(
            ingress((o) => (o.metadata.annotations[`${ALB}/security-groups`] = "sg-0123")),
            id,
            `["${ALB}/security-groups"]: expected (absent)`,
        );
        failsNaming(
            ingress((o) => (o.spec.rules[0].host = "portkey.example.com")),
            id,
            "spec.rules",
        );
    });

    // kubernetes-sigs/aws-load-balancer-controller v3.5.0 pkg/annotations/parser.go: these are split on commas and trimmed.
    it("the ALB's inbound CIDRs and the subnets compare as lists in any order: reordered or spaced they pass, one more or one fewer fails", () => {
        const id = "drift.loadBalancer/portkey-gateway";
        const e = stackState("staging");
        const healthy = drift(e, healthyObjects(e));
        assert.strictEqual(finding(healthy, id).status, "pass");
        const cidrs = (v: string) => ingress((o) => (o.metadata.annotations[`${ALB}/inbound-cidrs`] = v));
        assert.strictEqual(finding(cidrs("10.30.8.0/22, 10.20.0.0/16"), id).status, "pass");
        for (const v of ["10.30.8.0/22,10.20.0.0/16,0.0.0.0/0", "10.30.8.0/22,10.30.8.0/22", "10.20.0.0/16"])
            failsNaming(cidrs(v), id, `["${ALB}/inbound-cidrs"]`);
        const reversed = (v: string) => v.split(",").reverse().join(",");
        assert.strictEqual(
            finding(
                ingress((o) => (o.metadata.annotations[`${ALB}/subnets`] = reversed(o.metadata.annotations[`${ALB}/subnets`]))),
                id,
            ).status,
            "pass",
        );
        assert.strictEqual(
            finding(
                service(
                    (o) => (o.metadata.annotations[`${NLB}/aws-load-balancer-subnets`] = reversed(o.metadata.annotations[`${NLB}/aws-load-balancer-subnets`])),
                ),
                "drift.loadBalancer/portkey-gateway-nlb",
            ).status,
            "pass",
        );
        failsNaming(
            service((o) => (o.metadata.annotations[`${NLB}/aws-load-balancer-subnets`] += ",subnet-0badbadbadbadbad0")),
            "drift.loadBalancer/portkey-gateway-nlb",
            `["${NLB}/aws-load-balancer-subnets"]`,
        );
        // Where order matters it still counts: the first certificate is the listener's default.
        failsNaming(
            ingress(
                (o) =>
                    (o.metadata.annotations[`${ALB}/certificate-arn`] =
                        `arn:aws:acm:eu-west-1:111122223333:certificate/x,${o.metadata.annotations[`${ALB}/certificate-arn`]}`),
            ),
            id,
            `["${ALB}/certificate-arn"]`,
        );
    });

    it("the ALB's listen-ports compared as written: a plain-HTTP listener added fails", () => {
        const id = "drift.loadBalancer/portkey-gateway";
        for (const v of ['[{"HTTPS":443,"HTTP":80}]', '[{"HTTP":80},{"HTTPS":443}]'])
            failsNaming(
                ingress((o) => (o.metadata.annotations[`${ALB}/listen-ports`] = v)),
                id,
                `["${ALB}/listen-ports"]`,
            );
    });

    it("the NLB's scheme, source ranges or type changed fails naming the field", () => {
        const id = "drift.loadBalancer/portkey-gateway-nlb";
        failsNaming(
            service((o) => (o.metadata.annotations[`${NLB}/aws-load-balancer-scheme`] = "internet-facing")),
            id,
            `["${NLB}/aws-load-balancer-scheme"]`,
        );
        failsNaming(
            service((o) => o.spec.loadBalancerSourceRanges.push("0.0.0.0/0")),
            id,
            'spec.loadBalancerSourceRanges: expected ["10.0.0.0/12"]',
        );
        failsNaming(
            service((o) => delete o.spec.loadBalancerSourceRanges),
            id,
            "spec.loadBalancerSourceRanges",
        );
        // externalIPs on the program's own Service: a drift of its spec, and an exposure like on any Service.
        const external = service((o) => (o.spec.externalIPs = ["203.0.113.9"])).filter((f) => f.status === "fail");
        assert.deepStrictEqual(
            external.map((f) => f.id),
            [id, "drift.exposure"],
        );
        assert.ok(external[0].found.includes("spec.externalIPs: expected (absent)"), external[0].found);
        assert.ok(external[1].fix!.includes(REFRESH("prod")), external[1].fix);
        failsNaming(
            service((o) => (o.metadata.annotations[`${NLB}/load-balancer-source-ranges`] = "0.0.0.0/0")),
            id,
            `["${NLB}/load-balancer-source-ranges"]`,
        );
    });

    it("a created VPC's subnets are AWS facts: any IDs pass, one subnet fewer fails; with --lb-cidrs an open block fails", () => {
        // The program passes a created VPC's load-balancer subnets, one per zone (components/cluster.ts), and their CIDRs to the policy.
        const config = parsed(
            onMinimal({
                cluster: { create: true, name: "gw", availabilityZoneCount: 3 },
                endpoint: { type: "internal-alb", hostname: "gw.example.internal", certificateArn: CERT, inboundCidrs: ["10.0.0.0/16"] },
                addons: { loadBalancerController: "install" },
            }),
        );
        const e = expectedState(config, "eu-west-1", { stack: "s" });
        const healthy = healthyObjects(e);
        assert.deepStrictEqual(
            drift(e, healthy).filter((f) => f.status === "fail"),
            [],
        );
        const two = edit<Obj>(
            healthy,
            "Ingress",
            "portkey-gateway",
            (o) => (o.metadata.annotations[`${ALB}/subnets`] = "subnet-0a1b2c3d4e5f60718,subnet-0a1b2c3d4e5f60729"),
        );
        failsNaming(drift(e, two), "drift.loadBalancer/portkey-gateway", `["${ALB}/subnets"]`);
        const open = edit<Obj>(healthy, "NetworkPolicy", CALLERS, (p) => (p.spec.ingress[0].from.find((x: any) => x.ipBlock).ipBlock.cidr = "0.0.0.0/0"));
        assert.strictEqual(finding(drift(e, open), `drift.networkPolicy/${CALLERS}.ipBlocks`).status, "n/a");
        const known = expectedState(config, "eu-west-1", { stack: "s", loadBalancerCidrs: ["10.0.201.0/24", "10.0.202.0/24", "10.0.203.0/24"] });
        assert.deepStrictEqual(
            drift(known, healthy)
                .filter((f) => f.status !== "pass")
                .map((f) => f.id),
            ["drift.deploymentPatch"],
        );
        failsNaming(drift(known, open), `drift.networkPolicy/${CALLERS}`, "spec.ingress");
    });
});

// The chart's objects as chart 1.7.7 renders the program's values (checked against `helm template` of
// Portkey-AI/helm charts/portkey-gateway at 576a626 for the shipped stacks): each hand change below is
// one a forced release upgrade puts back.
describe("drift: what the chart renders from the program's values", () => {
    const GW = "portkey-gateway";
    const DS = "portkey-gateway-dataservice";
    const deployment = (stack: Stack, name: string, change: (d: Obj) => void) => driftWith<Obj>(stack, "Deployment", name, change);
    const container = (d: Obj) => d.spec.template.spec.containers[0];
    const cases: Array<[string, Stack, string, (d: Obj) => void, string]> = [
        [
            "the gateway container made privileged",
            "staging",
            GW,
            (d) => (container(d).securityContext.privileged = true),
            "spec.template.spec.containers[name=gateway].securityContext.privileged",
        ],
        [
            "a capability added to the gateway container",
            "dev",
            GW,
            (d) => (container(d).securityContext.capabilities.add = ["NET_ADMIN"]),
            "spec.template.spec.containers[name=gateway].securityContext.capabilities.add",
        ],
        [
            "the gateway container run as root",
            "prod",
            GW,
            (d) => (container(d).securityContext.runAsUser = 0),
            "spec.template.spec.containers[name=gateway].securityContext.runAsUser",
        ],
        [
            "privilege escalation allowed",
            "prod",
            GW,
            (d) => (container(d).securityContext.allowPrivilegeEscalation = true),
            "securityContext.allowPrivilegeEscalation",
        ],
        ["a pod-level user added", "staging", GW, (d) => (d.spec.template.spec.securityContext.runAsUser = 0), "spec.template.spec.securityContext.runAsUser"],
        [
            "the gateway's pods given an API token",
            "dev",
            GW,
            (d) => (d.spec.template.spec.automountServiceAccountToken = true),
            "spec.template.spec.automountServiceAccountToken: expected (absent), found true",
        ],
        ["the zone spread removed", "prod", GW, (d) => delete d.spec.template.spec.topologySpreadConstraints, "spec.template.spec.topologySpreadConstraints"],
        [
            "the readiness probe slowed to the chart's 60 s",
            "staging",
            GW,
            (d) => (container(d).readinessProbe = { periodSeconds: 60 }),
            "readinessProbe.periodSeconds: expected 10, found 60",
        ],
        ["a lower CPU request", "prod", GW, (d) => (container(d).resources.requests.cpu = "100m"), "resources.requests.cpu"],
        ["the dataservice scaled by hand", "prod", DS, (d) => (d.spec.replicas = 5), "spec.replicas: expected 2, found 5"],
        [
            "the dataservice container made privileged",
            "prod",
            DS,
            (d) => (container(d).securityContext.privileged = true),
            "spec.template.spec.containers[name=dataservice].securityContext.privileged",
        ],
    ];
    for (const [what, stack, name, change, field] of cases)
        it(`${stack}: ${what} fails naming the field, fixed by a forced release upgrade`, () => {
            const f = failsNaming(deployment(stack, name, change), `drift.chart/${name}`, field);
            assert.ok(f.fix!.includes("--reuse-values --force"), f.fix);
        });

    // prod's values (plans/prod.yaml) pin the image, label the pods for readiness gates, set a grace period, a preStop
    // sleep and a pull secret; every stack mounts the secrets volume through the CSI driver.
    const more: Array<[string, Stack, string, (d: Obj) => void, string]> = [
        [
            "a sidecar container added",
            "staging",
            GW,
            (d) => d.spec.template.spec.containers.push({ name: "debug", image: "busybox", securityContext: { privileged: true } }),
            "spec.template.spec.containers[name=debug]: expected (absent)",
        ],
        [
            "an init container added",
            "dev",
            GW,
            (d) => (d.spec.template.spec.initContainers = [{ name: "setup", image: "busybox" }]),
            'spec.template.spec.initContainers: expected (absent), found [{"name":"setup","image":"busybox"}]',
        ],
        ["the Deployment paused", "prod", GW, (d) => (d.spec.paused = true), "spec.paused: expected (absent), found true"],
        [
            "the node's network given to the pods",
            "staging",
            GW,
            (d) => (d.spec.template.spec.hostNetwork = true),
            "spec.template.spec.hostNetwork: expected (absent), found true",
        ],
        [
            "a hostPath volume added",
            "prod",
            GW,
            (d) => d.spec.template.spec.volumes.push({ name: "host", hostPath: { path: "/" } }),
            "spec.template.spec.volumes[name=host]: expected (absent)",
        ],
        [
            "the secrets volume made writable",
            "staging",
            GW,
            (d) => (d.spec.template.spec.volumes[0].csi.readOnly = false),
            "spec.template.spec.volumes[name=secrets-store].csi.readOnly: expected true, found false",
        ],
        [
            "a node publish secret added to the secrets volume",
            "prod",
            DS,
            (d) => (d.spec.template.spec.volumes[0].csi.nodePublishSecretRef = { name: "x" }),
            "spec.template.spec.volumes[name=secrets-store].csi.nodePublishSecretRef",
        ],
        [
            "a CPU limit added",
            "staging",
            GW,
            (d) => (container(d).resources.limits = { ...(container(d).resources.limits ?? {}), cpu: "10m" }),
            "resources.limits",
        ],
        [
            "a spread constraint added",
            "prod",
            GW,
            (d) => d.spec.template.spec.topologySpreadConstraints.push({ maxSkew: 1, topologyKey: "example.com/none", whenUnsatisfiable: "DoNotSchedule" }),
            "spec.template.spec.topologySpreadConstraints",
        ],
        [
            "the image swapped",
            "prod",
            GW,
            (d) => (container(d).image = "docker.io/attacker/gateway:latest"),
            'image: expected "docker.io/portkeyai/gateway_enterprise:2.13.0", found "docker.io/attacker/gateway:latest"',
        ],
        [
            "the grace period cut",
            "prod",
            GW,
            (d) => (d.spec.template.spec.terminationGracePeriodSeconds = 1),
            "spec.template.spec.terminationGracePeriodSeconds: expected 180, found 1",
        ],
        [
            "the readiness-gate label removed from the pods",
            "prod",
            GW,
            (d) => delete d.spec.template.metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"],
            'spec.template.metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"]: expected "enabled", found (absent)',
        ],
        ["the preStop sleep removed", "prod", GW, (d) => delete container(d).lifecycle, "lifecycle: expected"],
        ["another pull secret", "prod", GW, (d) => (d.spec.template.spec.imagePullSecrets = [{ name: "other" }]), "spec.template.spec.imagePullSecrets"],
    ];
    for (const [what, stack, name, change, field] of more)
        it(`${stack}: ${what} fails naming the field`, () => {
            failsNaming(deployment(stack, name, change), `drift.chart/${name}`, field);
        });

    it("the same amounts in other units, the dataservice's patched automount, and the HPA's count pass", () => {
        assert.strictEqual(
            finding(
                deployment("prod", GW, (d) => (container(d).resources.requests = { cpu: "1000m", memory: "0.5Gi" })),
                `drift.chart/${GW}`,
            ).status,
            "pass",
        );
        const ds = healthyObjects(stackState("prod")).find((o) => o.kind === "Deployment" && o.metadata.name === DS) as unknown as Obj;
        assert.strictEqual(ds.spec.template.spec.automountServiceAccountToken, false, "the program's patch sets it");
        assert.strictEqual(finding(drift(stackState("prod"), healthyObjects(stackState("prod"))), `drift.chart/${DS}`).status, "pass");
        assert.strictEqual(
            finding(
                deployment("prod", GW, (d) => (d.spec.replicas = 7)),
                `drift.chart/${GW}`,
            ).status,
            "pass",
        );
    });

    it("the chart's Services: another selector or a load balancer annotation fails; the chart's Redis made ExternalName is an exposure", () => {
        const service = (stack: Stack, name: string, change: (s: Obj) => void) => driftWith<Obj>(stack, "Service", name, change);
        const f = failsNaming(
            service("staging", GW, (s) => (s.spec.selector = { app: "debug" })),
            `drift.chartService/${GW}`,
            'spec.selector["app.kubernetes.io/name"]: expected "gateway", found (absent)',
        );
        assert.ok(f.found.endsWith('spec.selector.app: expected (absent), found "debug"'), f.found);
        assert.ok(f.fix!.includes("--reuse-values --force"), f.fix);
        // Ports follow SERVER_MODE (Portkey-AI/helm charts/portkey-gateway/templates/gateway/service.yaml, chart 1.7.7, adds mcp 8788 with `all`): not compared.
        const mcp = service("staging", GW, (s) => s.spec.ports.push({ name: "mcp", port: 8788, targetPort: "mcp", protocol: "TCP" }));
        assert.strictEqual(finding(mcp, `drift.chartService/${GW}`).status, "pass");
        // A Service with no annotations at all is no drift: none of the controller's.
        assert.strictEqual(
            finding(
                service("staging", GW, (s) => delete (s.metadata as { annotations?: unknown }).annotations),
                `drift.chartService/${GW}`,
            ).status,
            "pass",
        );
        // kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md: annotations on the Service take precedence over the Ingress's.
        failsNaming(
            service("staging", GW, (s) => (s.metadata.annotations["alb.ingress.kubernetes.io/target-type"] = "instance")),
            `drift.chartService/${GW}`,
            'metadata.annotations["alb.ingress.kubernetes.io/target-type"]: expected (absent), found "instance"',
        );
        const external = service("dev", "redis", (s) => {
            s.spec = { type: "ExternalName", externalName: "redis.example.com", selector: s.spec.selector, ports: s.spec.ports };
        });
        failsNaming(external, "drift.exposure", "Service redis is ExternalName, sending its callers to redis.example.com");
        // An ExternalName Service of someone else's is a name in DNS, not a way in or out for the gateway's callers.
        const alias = obj("v1", "Service", "docs", "portkeyai", { spec: { type: "ExternalName", externalName: "docs.example.com" } });
        assert.strictEqual(finding(drift(stackState("dev"), [...healthyObjects(stackState("dev")), alias]), "drift.exposure").status, "pass");
    });

    it("the gateway's ServiceAccount mounting tokens again fails: the chart renders automountServiceAccountToken false from the program's values", () => {
        for (const stack of ["dev", "prod"] as const) {
            const e = stackState(stack);
            const on = edit<Obj & { automountServiceAccountToken?: boolean }>(
                healthyObjects(e),
                "ServiceAccount",
                GW,
                (a) => (a.automountServiceAccountToken = true),
            );
            const f = failsNaming(drift(e, on), `drift.serviceAccount/${GW}`, "automountServiceAccountToken: expected false, found true");
            assert.ok(f.fix!.includes("--reuse-values --force"), f.fix);
            const gone = edit<Obj & { automountServiceAccountToken?: boolean }>(
                healthyObjects(e),
                "ServiceAccount",
                GW,
                (a) => delete a.automountServiceAccountToken,
            );
            failsNaming(drift(e, gone), `drift.serviceAccount/${GW}`, "automountServiceAccountToken: expected false, found (absent)");
        }
    });
});

describe("drift: the load balancer controller's IngressClass", () => {
    // aws/eks-charts stable/aws-load-balancer-controller 3.5.0 templates/ingressclass.yaml: with the
    // chart's empty ingressClassParams.spec the class names no parameters; parameters would override the
    // Ingress's scheme and inbound CIDRs (docs/endpoint.md).
    const FIX =
        "the load balancer controller's chart renders IngressClass alb (release aws-load-balancer-controller), and `pulumi up` does not re-render an unchanged release: " +
        "force an upgrade with the same values, `helm -n kube-system upgrade aws-load-balancer-controller aws-load-balancer-controller --repo https://aws.github.io/eks-charts --version 3.5.0 --reuse-values --force`";

    it("staging (internal ALB, controller installed): parameters added to the class fail, fixed by a forced upgrade of the controller's release", () => {
        const e = stackState("staging");
        assert.strictEqual(finding(drift(e, healthyObjects(e)), "drift.ingressClass/alb").status, "pass");
        const params = edit<Obj>(
            healthyObjects(e),
            "IngressClass",
            "alb",
            (c) => (c.spec.parameters = { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "public" }),
        );
        const f = failsNaming(drift(e, params), "drift.ingressClass/alb", 'spec.parameters: expected (absent), found {"apiGroup":"elbv2.k8s.aws"');
        assert.strictEqual(f.fix, FIX);
        assert.strictEqual(f.expected, "IngressClass alb as the stack derives it (exact: spec)");
        const other = edit<Obj>(healthyObjects(e), "IngressClass", "alb", (c) => (c.spec.controller = "k8s.io/ingress-nginx"));
        failsNaming(drift(e, other), "drift.ingressClass/alb", 'spec.controller: expected "ingress.k8s.aws/alb", found "k8s.io/ingress-nginx"');
        const gone = healthyObjects(e).filter((o) => o.kind !== "IngressClass");
        assert.strictEqual(finding(drift(e, gone), "drift.ingressClass/alb").found, "no IngressClass alb");
    });

    it("none where the stack installs no controller for an Ingress: an NLB, an in-cluster endpoint, EKS Auto Mode", () => {
        for (const e of [stackState("prod"), stackState("dev"), autoModeState("staging")])
            assert.ok(!drift(e, healthyObjects(e)).some((f) => f.id === "drift.ingressClass/alb"), e.stack);
    });
});

describe("drift: namespace, budgets, class and patches", () => {
    it("the namespace's pod-security enforce label removed or weakened fails naming the label", () => {
        const e = stackState("dev");
        const id = "drift.namespace/portkeyai";
        const removed = edit<Obj>(healthyObjects(e), "Namespace", "portkeyai", (n) => delete n.metadata.labels["pod-security.kubernetes.io/enforce"]);
        const f = failsNaming(drift(e, removed), id, 'metadata.labels["pod-security.kubernetes.io/enforce"]: expected "baseline", found (absent)');
        assert.ok(f.fix!.includes(REFRESH("dev")), f.fix);
        const weakened = edit<Obj>(
            healthyObjects(e),
            "Namespace",
            "portkeyai",
            (n) => (n.metadata.labels["pod-security.kubernetes.io/enforce"] = "privileged"),
        );
        failsNaming(drift(e, weakened), id, 'found "privileged"');
        const exempt = edit<Obj>(
            healthyObjects(e),
            "Namespace",
            "portkeyai",
            (n) => (n.metadata.labels["pod-security.kubernetes.io/enforce-version"] = "latest"),
        );
        failsNaming(drift(e, exempt), id, "enforce-version");
    });

    it("a namespace the platform team owns is not compared (N/A)", () => {
        const f = finding(drift(stackState("prod"), healthyObjects(stackState("prod"))), "drift.namespace");
        assert.strictEqual(f.status, "n/a");
    });

    it("a PodDisruptionBudget lowered or widened fails naming the field", () => {
        const e = stackState("prod");
        const lowered = edit<Obj>(healthyObjects(e), "PodDisruptionBudget", "portkey-gateway", (b) => (b.spec.minAvailable = 0));
        const floor = e.applied.disruptionBudgets[0].spec!.minAvailable as number;
        assert.ok(floor > 0, "prod keeps pods up in a drain");
        const f = failsNaming(drift(e, lowered), "drift.disruptionBudget/portkey-gateway", `spec.minAvailable: expected ${floor}, found 0`);
        assert.ok(f.fix!.includes(REFRESH("prod")), f.fix);
        const widened = edit<Obj>(healthyObjects(e), "PodDisruptionBudget", "portkey-gateway", (b) => (b.spec.maxUnavailable = 3));
        failsNaming(drift(e, widened), "drift.disruptionBudget/portkey-gateway", "spec.maxUnavailable");
    });

    it("the SecretProviderClass's region or objects changed fails; its objects reformatted do not", () => {
        const e = stackState("dev");
        const id = "drift.secretProviderClass/portkey-gateway-aws-secrets";
        const spc = (change: (o: Obj) => void) => drift(e, edit<Obj>(healthyObjects(e), "SecretProviderClass", "portkey-gateway-aws-secrets", change));
        failsNaming(
            spc((o) => (o.spec.parameters.region = "us-west-2")),
            id,
            "spec.parameters.region",
        );
        failsNaming(
            spc(
                (o) =>
                    (o.spec.parameters.objects = JSON.stringify([
                        ...JSON.parse(o.spec.parameters.objects),
                        { objectName: "other", objectType: "secretsmanager" },
                    ])),
            ),
            id,
            "spec.parameters.objects",
        );
        const reformatted = spc((o) => (o.spec.parameters.objects = JSON.stringify(JSON.parse(o.spec.parameters.objects), null, 2)));
        assert.strictEqual(finding(reformatted, id).status, "pass");
    });

    it("a DeploymentPatch field changed fails naming it, fixed by pulumi up --refresh (the patches force their fields), never a kubectl apply", () => {
        const e = stackState("prod");
        const noReload = edit<Obj>(healthyObjects(e), "Deployment", "portkey-gateway", (d) => (d.metadata.annotations = {}));
        const f = failsNaming(drift(e, noReload), "drift.deploymentPatch/portkey-gateway", 'metadata.annotations["secret.reloader.stakater.com/reload"]');
        assert.ok(f.fix!.includes(REFRESH("prod")), f.fix);
        // A kubectl apply under another field manager would own the fields and conflict with the next `pulumi up` (docs/operating.md, "Drift").
        assert.ok(!f.fix!.includes("kubectl") && !f.fix!.includes("--field-manager"), f.fix);
        const token = edit<Obj>(
            healthyObjects(e),
            "Deployment",
            "portkey-gateway-dataservice",
            (d) => (d.spec.template.spec.automountServiceAccountToken = true),
        );
        failsNaming(
            drift(e, token),
            "drift.deploymentPatch/portkey-gateway-dataservice",
            "spec.template.spec.automountServiceAccountToken: expected false, found true",
        );
    });
});

describe("drift: the program's DeploymentPatches force their fields", () => {
    it("every DeploymentPatch of the shipped stacks carries pulumi.com/patchForce, so `pulumi up --refresh` takes drifted fields back", async () => {
        // @pulumi/kubernetes apps/v1/deploymentPatch.d.ts: conflicts are errors unless the patch carries "pulumi.com/patchForce".
        for (const stack of ["dev", "staging", "prod"]) {
            const patches = all(await shippedPlan(stack), T.deploymentPatch);
            assert.ok(patches.length > 0, stack);
            for (const p of patches) assert.strictEqual(unwrap<any>(p.inputs.metadata).annotations?.["pulumi.com/patchForce"], "true", `${stack} ${p.name}`);
        }
    });
});

describe("drift: bundles written before verify read a kind", () => {
    function bundle(stack: Stack, drop: string[], change?: (objects: KubeObject[]) => KubeObject[]): string {
        const dir = tempDir("verify-drift-");
        const objects = healthyObjects(stackState(stack));
        writeBundle(dir, groupObjects(change ? change(objects) : objects));
        for (const f of drop) fs.rmSync(path.join(dir, f));
        return dir;
    }

    it("without poddisruptionbudgets.json, networkpolicies.json or services.json: those checks are N/A, the rest still run", () => {
        const e = stackState("prod");
        const o = readBundle(bundle("prod", ["poddisruptionbudgets.json", "networkpolicies.json", "services.json"]));
        const findings = driftFindings(e, o);
        for (const id of [
            "drift.disruptionBudget/portkey-gateway",
            "drift.networkPolicy/portkey-gateway-callers",
            "drift.networkPolicies",
            "drift.exposure",
            "drift.loadBalancer/portkey-gateway-nlb",
        ])
            assert.strictEqual(finding(findings, id).status, "n/a", id);
        // Each names the kind the bundle lacks and how to write it again.
        for (const [id, kind] of [
            ["drift.exposure", "Service"],
            ["drift.networkPolicies", "NetworkPolicy"],
            ["drift.disruptionBudget/portkey-gateway", "PodDisruptionBudget"],
        ])
            assert.strictEqual(
                finding(findings, id).expected,
                `the bundle has no ${kind} objects (written before verify read them): write it again with --dump to check them`,
                id,
            );
        // Without the policies there is no ipBlock to report unchecked.
        assert.deepStrictEqual(
            findings.filter((f) => f.id.endsWith(".ipBlocks")),
            [],
        );
        assert.strictEqual(finding(findings, "drift.secretProviderClass/portkey-gateway-aws-secrets").status, "pass");
    });

    it("an old prod bundle without the new kinds: npm run verify still exits 0", async () => {
        const r = await verifyInProcess(["--stack", "prod", "--from", bundle("prod", ["poddisruptionbudgets.json"])]);
        assert.strictEqual(r.code, 0, r.stdout);
        assert.match(r.stdout, /^N\/A +drift\.disruptionBudget\/portkey-gateway +expected: the bundle has no PodDisruptionBudget objects/m);
    });

    it("npm run verify --from a bundle with -callers opened: exit 1, the line names spec.ingress and the fix", async () => {
        const dir = bundle("dev", [], (objects) => edit<Obj>(objects, "NetworkPolicy", CALLERS, (p) => (p.spec.ingress = [{}])));
        const r = await verifyInProcess(["--stack", "dev", "--from", dir]);
        assert.strictEqual(r.code, 1, r.stdout);
        assert.match(
            r.stdout,
            /^FAIL {2}drift\.networkPolicy\/portkey-gateway-callers .*found: spec\.ingress: expected .* found \[\{\}\] \| fix: .*pulumi up --refresh --stack dev/m,
        );
    });

    it("npm run verify --from a bundle with the chart's Service made NodePort: exit 1, the line names it and the forced upgrade", async () => {
        const e = stackState("staging");
        const svc = chartGatewayService(e).metadata.name;
        const dir = bundle("staging", [], (objects) => edit<Obj>(objects, "Service", svc, (s) => (s.spec.type = "NodePort")));
        const r = await verifyInProcess(["--stack", "staging", "--from", dir]);
        assert.strictEqual(r.code, 1, r.stdout);
        assert.match(
            r.stdout,
            /^FAIL {2}drift\.exposure .*found: Service portkey-gateway is NodePort \| fix: .*helm -n portkeyai upgrade portkey gateway .*--reuse-values --force/m,
        );
    });
});

describe("drift: the text of each finding", () => {
    // docs/operating.md, "Drift": where a change widens access the comparison is exact (a NetworkPolicy's
    // and the budgets' and SecretProviderClass's whole spec, the load balancer's spec and controller
    // annotations, the namespace's pod-security labels; the gateway Deployment's rollout strategy);
    // elsewhere the fields the program sets. A namespace the platform team owns and a stack without budgets are N/A.
    const healthy = (stack: Stack) =>
        Object.fromEntries(drift(stackState(stack), healthyObjects(stackState(stack))).map((f) => [f.id, `${f.status} | ${f.expected} | ${f.found}`]));

    it("each object of a healthy install: the object, what is exact, and `as derived`", () => {
        const prod = healthy("prod");
        const staging = healthy("staging");
        const dev = healthy("dev");
        const derived = (what: string, exact: string) => `pass | ${what} as the stack derives it (${exact}) | as derived`;
        assert.deepStrictEqual(
            [
                prod["drift.networkPolicy/portkey-gateway-callers"],
                prod["drift.loadBalancer/portkey-gateway-nlb"],
                prod["drift.disruptionBudget/portkey-gateway-dataservice"],
                prod["drift.secretProviderClass/portkey-gateway-aws-secrets"],
                prod["drift.deploymentPatch/portkey-gateway"],
                prod["drift.chart/portkey-gateway"],
                prod["drift.hpa/portkey-gateway"],
                prod["drift.namespace"],
                prod["drift.networkPolicies"],
                prod["drift.exposure"],
                staging["drift.loadBalancer/portkey-gateway"],
                staging["drift.exposure"],
                dev["drift.namespace/portkeyai"],
                dev["drift.disruptionBudget"],
            ],
            [
                derived("NetworkPolicy portkey/portkey-gateway-callers", "exact: spec"),
                derived("Service portkey/portkey-gateway-nlb", "exact: spec, annotations service.beta.kubernetes.io/*"),
                derived("PodDisruptionBudget portkey/portkey-gateway-dataservice", "exact: spec"),
                derived("SecretProviderClass portkey/portkey-gateway-aws-secrets", "exact: spec"),
                derived("Deployment portkey/portkey-gateway", "the fields it sets"),
                derived(
                    "Deployment portkey/portkey-gateway",
                    "exact: spec.strategy, spec paused, spec.template.spec.securityContext, spec.template.spec.containers.*.securityContext, spec.template.spec.containers.*.resources, " +
                        "spec.template.spec.topologySpreadConstraints, spec.template.spec.volumes.*.csi, containers *, volumes *, spec initContainers, spec hostNetwork, spec hostPID, spec hostIPC, spec automountServiceAccountToken",
                ),
                derived("HorizontalPodAutoscaler portkey/portkey-gateway", "exact: spec.behavior"),
                "n/a | the namespace is the platform team's (createNamespace: false): podSecurity and endpoint.readinessGates check its labels | -",
                "pass | no other NetworkPolicy in portkey admits more to the gateway's pods than portkey-gateway-callers | none admits more",
                "pass | no NodePort or LoadBalancer Service in portkey but portkey-gateway-nlb, none with externalIPs, and none of the chart's Services of type ExternalName | none",
                derived("Ingress portkeyai/portkey-gateway", "exact: spec, annotations alb.ingress.kubernetes.io/*, annotations kubernetes.io/ingress.class"),
                "pass | no NodePort or LoadBalancer Service in portkeyai, none with externalIPs, and none of the chart's Services of type ExternalName | none",
                derived("Namespace portkeyai", "exact: labels pod-security.kubernetes.io/*"),
                "n/a | no Deployment has a budget (minAvailable 0) | -",
            ],
        );
    });

    it("a stack whose program patches no Deployment field says so (N/A)", () => {
        const e = stackState("dev");
        e.applied.deploymentPatches = [];
        assert.deepStrictEqual(finding(drift(e, healthyObjects(stackState("dev"))), "drift.deploymentPatch"), {
            id: "drift.deploymentPatch",
            status: "n/a",
            expected: "the program patches no Deployment field for this stack",
            found: "-",
        });
    });

    it("the fix for each manager (docs/operating.md's table, upstream-facts.md#drift-fixes), exactly", () => {
        const dev = stackState("dev");
        const label = edit<Obj>(healthyObjects(dev), "Namespace", "portkeyai", (n) => (n.metadata.labels["pod-security.kubernetes.io/enforce"] = "privileged"));
        assert.strictEqual(
            finding(drift(dev, label), "drift.namespace/portkeyai").fix,
            "the program owns Namespace portkeyai, and a plain `pulumi up` compares with its state, not the cluster, so it changes nothing: " +
                "run `pulumi up --refresh --stack dev`, which reads the live object and puts back what the stack derives",
        );
        const prod = stackState("prod");
        const patch = edit<Obj>(healthyObjects(prod), "Deployment", "portkey-gateway", (d) => (d.metadata.annotations = {}));
        assert.strictEqual(
            finding(drift(prod, patch), "drift.deploymentPatch/portkey-gateway").fix,
            "the program patches these fields of Deployment portkey/portkey-gateway (a DeploymentPatch, server-side apply with `pulumi.com/patchForce`), " +
                "and a plain `pulumi up` compares with its state, not the cluster: run `pulumi up --refresh --stack prod`, which reads the live fields " +
                "and applies the patch again, taking them back",
        );
        const staging = stackState("staging");
        const scaled = edit<Obj>(healthyObjects(staging), "Deployment", "portkey-gateway", (d) => (d.spec.replicas = 1));
        assert.strictEqual(
            finding(drift(staging, scaled), "drift.chart/portkey-gateway").fix,
            "the gateway chart renders Deployment portkeyai/portkey-gateway (release portkey), and `pulumi up` does not re-render an unchanged release: " +
                "force an upgrade with the same values, `helm -n portkeyai upgrade portkey gateway --repo https://portkey-ai.github.io/helm --version 1.7.7 --reuse-values --force`, " +
                "then `pulumi up --refresh --stack staging` to re-apply the program's patches (the forced upgrade replaces the chart's objects as rendered, without the patched fields)",
        );
    });

    it("every object the program owns is fixed by pulumi up --refresh; a state built without a stack name prints --stack <stack>", () => {
        const prod = stackState("prod");
        const changes: Array<[string, string, string, (o: Obj) => void]> = [
            ["Service", "portkey-gateway-nlb", "drift.loadBalancer/portkey-gateway-nlb", (o) => (o.spec.type = "NodePort")],
            [
                "SecretProviderClass",
                "portkey-gateway-aws-secrets",
                "drift.secretProviderClass/portkey-gateway-aws-secrets",
                (o) => (o.spec.parameters.region = "us-west-2"),
            ],
            ["NetworkPolicy", CALLERS, `drift.networkPolicy/${CALLERS}`, (o) => (o.spec.ingress = [{}])],
        ];
        for (const [kind, name, id, change] of changes) {
            const f = finding(drift(prod, edit<Obj>(healthyObjects(prod), kind, name, change)), id);
            assert.ok(f.fix!.startsWith(`the program owns ${kind} portkey/${name}, `) && f.fix!.includes(REFRESH("prod")), f.fix);
        }
        // Every object the program's own resources apply (docs/operating.md, "Drift", the fix table), each removed in
        // turn, on the stacks (and Auto Mode) that derive them.
        const owned = ["NetworkPolicy", "Ingress", "Service", "IngressClass", "IngressClassParams", "Namespace", "PodDisruptionBudget", "SecretProviderClass"];
        const covered = new Set<string>();
        for (const e of [stackState("dev"), stackState("staging"), prod, autoModeState("staging")]) {
            for (const row of DRIFT_TABLE.filter((r) => r.manager === "program" && owned.includes(r.kind))) {
                const objects = row.objects(e);
                if (!Array.isArray(objects)) continue;
                for (const want of objects) {
                    const gone = healthyObjects(e).filter((o) => !(o.kind === row.kind && o.metadata.name === want.metadata.name));
                    const f = finding(drift(e, gone), `drift.${row.id}/${want.metadata.name}`);
                    // Cluster-scoped objects have no namespace to name.
                    const object = ["Namespace", "IngressClass", "IngressClassParams"].includes(row.kind)
                        ? want.metadata.name
                        : `${e.namespace}/${want.metadata.name}`;
                    assert.strictEqual(f.status, "fail", `${row.kind} ${object}`);
                    assert.strictEqual(f.fix, driftFixText(row.kind, object, e.stack));
                    covered.add(row.kind);
                }
            }
        }
        assert.deepStrictEqual([...covered].sort(), [...owned].sort(), "an owned kind no stack above derives");
        // And a new row the program owns joins the list above and the docs' table.
        assert.deepStrictEqual([...new Set(DRIFT_TABLE.filter((r) => r.manager === "program").map((r) => r.kind))].sort(), [...owned].sort());
        const unnamed = expectedState(parsed(onMinimal({})), "eu-west-1");
        const gone = healthyObjects(unnamed).filter((o) => !(o.kind === "NetworkPolicy" && o.metadata.name === CALLERS));
        assert.ok(finding(drift(unnamed, gone), `drift.networkPolicy/${CALLERS}`).fix!.includes("`pulumi up --refresh --stack <stack>`"));
    });

    it("a missing object names its namespace (none for a Namespace); one of the same name in another namespace is not it", () => {
        const dev = stackState("dev");
        const noNamespace = healthyObjects(dev).filter((o) => o.kind !== "Namespace");
        assert.strictEqual(finding(drift(dev, noNamespace), "drift.namespace/portkeyai").found, "no Namespace portkeyai");
        const prod = stackState("prod");
        const moved = edit<Obj>(healthyObjects(prod), "PodDisruptionBudget", "portkey-gateway", (b) => (b.metadata.namespace = "default"));
        const f = finding(drift(prod, moved), "drift.disruptionBudget/portkey-gateway");
        assert.deepStrictEqual([f.status, f.found], ["fail", "no PodDisruptionBudget portkey-gateway in portkey"]);
    });

    it("several differences of one object are each named, joined by `; `", () => {
        const prod = stackState("prod");
        const floor = prod.applied.disruptionBudgets[0].spec!.minAvailable as number;
        const both = edit<Obj>(healthyObjects(prod), "PodDisruptionBudget", "portkey-gateway", (b) => {
            b.spec.minAvailable = 0;
            b.spec.maxUnavailable = 3;
        });
        assert.strictEqual(
            finding(drift(prod, both), "drift.disruptionBudget/portkey-gateway").found,
            `spec.minAvailable: expected ${floor}, found 0; spec.maxUnavailable: expected (absent), found 3`,
        );
    });

    it("an Ingress handed to another controller by kubernetes.io/ingress.class fails (docs/operating.md: exact where widening is the risk)", () => {
        const e = stackState("staging");
        const other = edit<Obj>(healthyObjects(e), "Ingress", "portkey-gateway", (o) => (o.metadata.annotations["kubernetes.io/ingress.class"] = "nginx"));
        failsNaming(
            drift(e, other),
            "drift.loadBalancer/portkey-gateway",
            'metadata.annotations["kubernetes.io/ingress.class"]: expected (absent), found "nginx"',
        );
    });
});

describe("drift: which other policies select the gateway's pods", () => {
    // Label selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) all hold
    // (kubernetes/apimachinery pkg/apis/meta/v1/types.go, LabelSelector). The gateway's pods carry the
    // chart's name and instance labels, the dataservice's a component label too (verify/testing.ts podLabels).
    const NAME = "app.kubernetes.io/name";
    const COMPONENT = "app.kubernetes.io/component";
    const allowAll = (ns: string, podSelector: unknown, rest: Record<string, unknown> = {}, name = "allow-all") =>
        obj("networking.k8s.io/v1", "NetworkPolicy", name, ns, { spec: { podSelector, ingress: [{}], ...rest } });
    const status = (objects: KubeObject[], e = stackState("prod")) => finding(drift(e, objects), "drift.networkPolicies").status;

    it("a policy admitting everyone fails exactly when its selector selects a gateway pod", () => {
        const e = stackState("prod");
        const cases: Array<[unknown, "fail" | "pass"]> = [
            [{ matchLabels: { [NAME]: "gateway" } }, "fail"],
            [{ matchLabels: { [NAME]: "redis" } }, "pass"],
            [{ matchExpressions: [{ key: COMPONENT, operator: "DoesNotExist" }] }, "fail"],
            [{ matchExpressions: [{ key: NAME, operator: "DoesNotExist" }] }, "pass"],
            [{ matchExpressions: [{ key: NAME, operator: "Exists" }] }, "fail"],
            // Only the dataservice's pods carry a component label.
            [{ matchExpressions: [{ key: COMPONENT, operator: "Exists" }] }, "pass"],
            [{ matchExpressions: [{ key: NAME, operator: "In", values: ["redis", "gateway"] }] }, "fail"],
            [{ matchExpressions: [{ key: NAME, operator: "In", values: ["redis"] }] }, "pass"],
            [{ matchExpressions: [{ key: COMPONENT, operator: "In", values: ["portkey-gateway-dataservice"] }] }, "pass"],
            [{ matchExpressions: [{ key: NAME, operator: "NotIn", values: ["redis"] }] }, "fail"],
            [{ matchExpressions: [{ key: NAME, operator: "NotIn", values: ["gateway"] }] }, "pass"],
            [{ matchExpressions: [{ key: COMPONENT, operator: "NotIn", values: ["portkey-gateway-dataservice"] }] }, "fail"],
            [{ matchLabels: { [NAME]: "gateway" }, matchExpressions: [{ key: NAME, operator: "NotIn", values: ["gateway"] }] }, "pass"],
        ];
        const live = healthyObjects(e);
        assert.deepStrictEqual(
            cases.map(([sel]) => `${JSON.stringify(sel)}: ${status([...live, allowAll(e.namespace, sel)])}`),
            cases.map(([sel, want]) => `${JSON.stringify(sel)}: ${want}`),
        );
    });

    it("the gateway's pods are the running ones with all their labels, and the chart's labels before any runs", () => {
        const e = stackState("prod");
        const team = healthyObjects(e).map((o) =>
            o.kind === "Pod" && !o.metadata.labels?.[COMPONENT] && o.metadata.labels?.[NAME] === "gateway"
                ? ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, team: "payments" } } } as KubeObject)
                : o,
        );
        assert.strictEqual(status([...team, allowAll(e.namespace, { matchLabels: { team: "payments" } })]), "fail");
        const noPods = healthyObjects(e).filter((o) => o.kind !== "Pod");
        assert.strictEqual(status([...noPods, allowAll(e.namespace, { matchLabels: { [NAME]: "gateway", "app.kubernetes.io/instance": "portkey" } })]), "fail");
    });

    it("a policy of another namespace, one for egress only, or one with no rules admits nothing to the gateway", () => {
        const e = stackState("prod");
        const live = healthyObjects(e);
        assert.strictEqual(status([...live, allowAll("default", {})]), "pass");
        // policyTypes names the directions a policy governs (kubernetes/api networking/v1/types.go, NetworkPolicySpec).
        assert.strictEqual(status([...live, allowAll(e.namespace, {}, { policyTypes: ["Egress"] })]), "pass");
        assert.strictEqual(status([...live, allowAll(e.namespace, {}, { policyTypes: ["Egress", "Ingress"] })]), "fail");
        assert.strictEqual(status([...live, obj("networking.k8s.io/v1", "NetworkPolicy", "bare", e.namespace)]), "pass");
        // A rule that is not an object cannot be shown within the program's: it counts as admitting more.
        assert.strictEqual(status([...live, allowAll(e.namespace, {}, { ingress: [null] })]), "fail");
    });

    it("several wider policies are each named with what they admit, and the fix deletes them all", () => {
        const e = stackState("prod");
        const live = healthyObjects(e);
        const ssh = obj("networking.k8s.io/v1", "NetworkPolicy", "ssh", e.namespace, {
            spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 22 }] }] },
        });
        const f = finding(drift(e, [...live, allowAll(e.namespace, {}), ssh]), "drift.networkPolicies");
        assert.deepStrictEqual(
            { status: f.status, found: f.found, fix: f.fix },
            {
                status: "fail",
                found: 'allow-all also admits [{}]; ssh also admits [{"from":[{"podSelector":{}}],"ports":[{"port":22}]}]',
                fix:
                    "policies add up, so each admits its own callers to the pods it selects: delete allow-all, ssh (`kubectl -n portkey delete networkpolicy allow-all ssh`); " +
                    "to admit a namespace, add it to endpoint.allowedNamespaces and run `pulumi up --stack prod`",
            },
        );
    });
});

describe("drift: another policy admitting a part of what the program's admits", () => {
    // Label selectors (kubernetes/apimachinery pkg/apis/meta/v1/types.go LabelSelector): a narrower
    // selector selects a subset; a peer without a namespaceSelector is in the policy's own namespace, whose
    // kubernetes.io/metadata.name label names it. prod's -callers policy admits the namespace's pods and
    // the namespaces apps and batch on 8787, whose container port the chart names gateway.
    const allow = (from: unknown[], ports: unknown[] = [{ port: 8787 }]) =>
        obj("networking.k8s.io/v1", "NetworkPolicy", "narrower", "portkey", { spec: { podSelector: {}, ingress: [{ from, ports }] } });
    const status = (p: KubeObject, stack: Stack = "prod") => {
        const { e, objects } = fixture(stack);
        return finding(drift(e, [...objects, p]), "drift.networkPolicies").status;
    };
    const APPS = { matchLabels: { "kubernetes.io/metadata.name": "apps" } };

    it("pods of the namespace chosen by label, one of the admitted namespaces, or some pods of one pass", () => {
        for (const from of [
            [{ podSelector: { matchLabels: { app: "frontend" } } }],
            [{ namespaceSelector: APPS }],
            [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["batch"] }] } }],
            [{ namespaceSelector: APPS, podSelector: { matchLabels: { app: "frontend" } } }],
            [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "portkey" } }, podSelector: {} }],
        ])
            assert.strictEqual(status(allow(from)), "pass", JSON.stringify(from));
    });

    it("another namespace, every namespace, or a namespace chosen by another label admits more and fails", () => {
        for (const from of [
            [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "payments" } } }],
            [{ namespaceSelector: {} }],
            [{ namespaceSelector: { matchLabels: { team: "apps" } } }],
            [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["apps"] }] } }],
            [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps", "payments"] }] } }],
        ])
            assert.strictEqual(status(allow(from)), "fail", JSON.stringify(from));
    });

    it("ports: the named port gateway (8787 on the gateway's pods) and a range of one port pass; a wider range, another port or UDP fail", () => {
        const from = [{ podSelector: {} }];
        assert.strictEqual(status(allow(from, [{ port: "gateway" }])), "pass");
        assert.strictEqual(status(allow(from, [{ port: 8787, endPort: 8787 }])), "pass");
        assert.strictEqual(status(allow(from, [{ port: 8787, endPort: 8788 }])), "fail");
        assert.strictEqual(status(allow(from, [{ port: "metrics" }])), "fail");
        assert.strictEqual(status(allow(from, [{ port: 8787, protocol: "UDP" }])), "fail");
    });

    it("dev: a policy admitting only some of the gateway's pods to Redis passes", () => {
        const e = stackState("dev");
        const p = obj("networking.k8s.io/v1", "NetworkPolicy", "redis-narrower", e.namespace, {
            spec: {
                podSelector: { matchLabels: { "app.kubernetes.io/name": "redis" } },
                ingress: [
                    {
                        from: [
                            {
                                podSelector: {
                                    matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" },
                                    matchExpressions: [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }],
                                },
                            },
                        ],
                        ports: [{ port: 6379 }],
                    },
                ],
            },
        });
        assert.strictEqual(status(p, "dev"), "pass");
    });
});

describe("selectorWithin", () => {
    const L = (matchLabels: Record<string, string>) => ({ matchLabels });
    const X = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });
    it("follows label selector semantics for each operator", () => {
        const cases: Array<[unknown, unknown, boolean]> = [
            [L({ a: "1" }), {}, true],
            [{}, L({ a: "1" }), false],
            [L({ a: "1", b: "2" }), L({ a: "1" }), true],
            [L({ a: "1" }), L({ a: "2" }), false],
            [X("a", "In", ["1"]), L({ a: "1" }), true],
            [X("a", "In", ["1", "2"]), L({ a: "1" }), false],
            [L({ a: "1" }), X("a", "In", ["1", "2"]), true],
            [X("a", "In", ["1", "3"]), X("a", "In", ["1", "2"]), false],
            [L({ a: "3" }), X("a", "NotIn", ["1", "2"]), true],
            [L({ a: "1" }), X("a", "NotIn", ["1"]), false],
            [X("a", "DoesNotExist"), X("a", "NotIn", ["1"]), true],
            [X("a", "NotIn", ["1", "2"]), X("a", "NotIn", ["1"]), true],
            [X("a", "NotIn", ["1"]), X("a", "NotIn", ["1", "2"]), false],
            [L({ a: "1" }), X("a", "Exists"), true],
            [X("a", "Exists"), X("a", "Exists"), true],
            [{}, X("a", "Exists"), false],
            [X("a", "DoesNotExist"), X("a", "DoesNotExist"), true],
            [L({ a: "1" }), X("a", "DoesNotExist"), false],
            [L({ a: "1" }), X("a", "Unknown"), false],
        ];
        for (const [theirs, ours, want] of cases)
            assert.strictEqual(selectorWithin(theirs as never, ours as never), want, `${JSON.stringify(theirs)} within ${JSON.stringify(ours)}`);
        // Several requirements on one key narrow together; one on another key proves nothing of this one.
        const both = {
            matchExpressions: [
                { key: "a", operator: "In", values: ["1", "2"] },
                { key: "a", operator: "In", values: ["2", "3"] },
            ],
        };
        assert.strictEqual(selectorWithin(both, X("a", "In", ["2"]) as never), true);
        assert.strictEqual(selectorWithin(X("b", "In", ["1"]) as never, X("a", "In", ["1"]) as never), false);
        assert.strictEqual(selectorWithin(X("b", "DoesNotExist") as never, X("a", "DoesNotExist") as never), false);
        assert.strictEqual(selectorWithin(X("a", "Exists") as never, X("a", "DoesNotExist") as never), false);
        assert.strictEqual(selectorWithin(X("a", "In", ["1", "3"]) as never, X("a", "NotIn", ["1"]) as never), false);
        assert.strictEqual(selectorWithin(X("b", "NotIn", ["1", "2"]) as never, X("a", "NotIn", ["1"]) as never), false);
    });
});

describe("peerWithin and portWithin", () => {
    // kubernetes/api networking/v1/types.go NetworkPolicyPeer and NetworkPolicyPort: a peer without a
    // namespaceSelector is in the policy's namespace; a port without `port` is every port of its protocol
    // (TCP by default); `endPort` closes a range; a named port is the pods' container port of that name.
    const NS = "portkey";
    const APP = { podSelector: { matchLabels: { app: "a" } } };
    it("pods, namespaces, both, and nothing else", () => {
        const cases: Array<[unknown, unknown, boolean]> = [
            [APP, { podSelector: {} }, true],
            [{ podSelector: {} }, APP, false],
            [APP, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": NS } } }, true],
            [APP, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "other" } } }, false],
            [{ namespaceSelector: { matchLabels: { team: "x" } }, ...APP }, { namespaceSelector: { matchLabels: { team: "x" } }, podSelector: {} }, true],
            [{ namespaceSelector: { matchLabels: { team: "x" } }, podSelector: {} }, { namespaceSelector: { matchLabels: { team: "x" } }, ...APP }, false],
            [{ namespaceSelector: { matchLabels: { team: "x" } } }, { namespaceSelector: {} }, true],
            [{ namespaceSelector: { matchLabels: { team: "x" } } }, { podSelector: {} }, false],
            [{ ipBlock: { cidr: "10.0.0.0/24" } }, { podSelector: {} }, false],
            [{ podSelector: {} }, { ipBlock: { cidr: "0.0.0.0/0" } }, false],
            [{}, { podSelector: {} }, false],
            [APP, {}, false],
            [null, { podSelector: {} }, false],
            [APP, "x", false],
        ];
        for (const [peer, ours, want] of cases) assert.strictEqual(peerWithin(peer, ours, NS), want, `${JSON.stringify(peer)} within ${JSON.stringify(ours)}`);
    });
    it("ports by protocol, number, range and name", () => {
        const named = new Map([
            ["gateway", [8787]],
            ["two", [8787, 9000]],
        ]);
        const cases: Array<[unknown, unknown[], boolean]> = [
            [{ port: 8787 }, [{ port: 8787 }], true],
            [{ port: 8787 }, [{ port: 8787, protocol: "TCP" }], true],
            [{ port: 8787, protocol: "UDP" }, [{ port: 8787 }], false],
            [{ port: 8788 }, [{ port: 8787 }], false],
            [{}, [{ port: 8787 }], false],
            [{ port: 8787 }, [{}], true],
            [{ port: 8787, protocol: "UDP" }, [{ protocol: "UDP" }], true],
            [{ port: 8787, protocol: "UDP" }, [{}], false],
            [{ port: 8786, endPort: 8788 }, [{ port: 8787 }], false],
            [{ port: 8787, endPort: 8788 }, [{ port: 8787, endPort: 8788 }], true],
            [{ port: 8787, endPort: 8790 }, [{ port: 8000, endPort: 9000 }], true],
            [{ port: 8999, endPort: 9001 }, [{ port: 8000, endPort: 9000 }], false],
            [{ port: 8787, endPort: 8000 }, [{ port: 8787 }], true],
            [{ port: "gateway" }, [{ port: 8787 }], true],
            [{ port: "two" }, [{ port: 8787 }], false],
            [{ port: "unknown" }, [{ port: 8787 }], false],
            [{ port: 8787 }, [{ port: "gateway" }], true],
            [null, [{ port: 8787 }], false],
            [{ port: 8787 }, [null, "x", { port: 8787 }], true],
        ];
        for (const [p, ours, want] of cases) assert.strictEqual(portWithin(p, ours, named), want, `${JSON.stringify(p)} within ${JSON.stringify(ours)}`);
    });
});

describe("drift: other policies selecting the chart's Redis", () => {
    // dev runs the chart's Redis, which the program's -redis policy opens to the gateway's pods only (docs/endpoint.md).
    const REDIS = { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "portkey" };
    const GATEWAY = { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" };
    const policy = (name: string, podSelector: unknown, ingress: unknown[]) =>
        obj("networking.k8s.io/v1", "NetworkPolicy", name, "portkeyai", { spec: { podSelector, ingress } });

    it("one admitting more to Redis's pods fails, naming the program's policy it widens", () => {
        const e = stackState("dev");
        assert.strictEqual(e.applied.networkPolicies.map((p) => p.metadata.name).join(","), "portkey-gateway-callers,portkey-gateway-redis");
        const f = failsNaming(
            drift(e, [...healthyObjects(e), policy("redis-open", { matchLabels: REDIS }, [{}])]),
            "drift.networkPolicies",
            "redis-open also admits [{}] to the pods of portkey-gateway-redis",
        );
        assert.ok(f.fix!.includes("kubectl -n portkeyai delete networkpolicy redis-open"), f.fix);
        // endpoint.allowedNamespaces opens the gateway's policy, not Redis's.
        assert.ok(!f.fix!.includes("allowedNamespaces"), f.fix);
        assert.strictEqual(
            f.expected,
            "no other NetworkPolicy in portkeyai admits more to the gateway's pods than portkey-gateway-callers, nor more to the pods of portkey-gateway-redis than that policy",
        );
        const other = policy("redis-from-anywhere", { matchLabels: REDIS }, [{ from: [{ namespaceSelector: {} }], ports: [{ port: 6379 }] }]);
        failsNaming(drift(e, [...healthyObjects(e), other]), "drift.networkPolicies", "redis-from-anywhere also admits");
    });

    it("one admitting only the gateway's pods to Redis's port passes; one selecting every pod is named once for each it widens", () => {
        const e = stackState("dev");
        const same = policy("redis-gateway", { matchLabels: REDIS }, [{ from: [{ podSelector: { matchLabels: GATEWAY } }], ports: [{ port: 6379 }] }]);
        assert.strictEqual(finding(drift(e, [...healthyObjects(e), same]), "drift.networkPolicies").status, "pass");
        const f = finding(drift(e, [...healthyObjects(e), policy("allow-all", {}, [{}])]), "drift.networkPolicies");
        assert.deepStrictEqual([f.status, f.found], ["fail", "allow-all also admits [{}]; allow-all also admits [{}] to the pods of portkey-gateway-redis"]);
        assert.ok(f.fix!.includes("delete networkpolicy allow-all`"), f.fix);
    });
});

describe("drift: exposure, each Service and its fix", () => {
    // docs/operating.md, "Drift": the chart's Services are fixed by the forced release upgrade, a Service nobody declared is deleted.
    const nodePort = (name: string, ns: string, metadata: Record<string, unknown> = {}) =>
        obj("v1", "Service", name, ns, { metadata: { name, namespace: ns, ...metadata }, spec: { type: "NodePort", ports: [{ port: 80 }] } });
    const FORCED = "--reuse-values --force";

    it("several open Services are each named, with each one's fix, joined by `; `", () => {
        const e = stackState("staging");
        const svc = chartGatewayService(e).metadata.name;
        const objects = [
            ...edit<Obj>(healthyObjects(e), "Service", svc, (s) => (s.spec.type = "NodePort")),
            obj("v1", "Service", "debug-lb", e.namespace, { spec: { type: "LoadBalancer", ports: [{ port: 80 }] } }),
        ];
        const f = finding(drift(e, objects), "drift.exposure");
        assert.strictEqual(f.found, `Service ${svc} is NodePort; Service debug-lb is LoadBalancer`);
        const [chart, other] = f.fix!.split("; Service debug-lb");
        assert.ok(chart.startsWith(`the gateway chart renders Service portkeyai/${svc} (release portkey)`) && chart.includes(FORCED), chart);
        assert.strictEqual(
            other,
            " is not the program's: delete it (`kubectl -n portkeyai delete service debug-lb`) or make it ClusterIP without externalIPs, and find who made it",
        );
    });

    it("a Service is the chart's by Helm's release annotation or the instance label; another release's or namespace's is not", () => {
        const e = stackState("staging");
        const live = healthyObjects(e);
        const fix = (s: KubeObject) => finding(drift(e, [...live, s]), "drift.exposure").fix!;
        assert.ok(fix(nodePort("a", e.namespace, { annotations: { "meta.helm.sh/release-name": "portkey" } })).includes(FORCED));
        assert.ok(fix(nodePort("b", e.namespace, { labels: { "app.kubernetes.io/instance": "portkey" } })).includes(FORCED));
        const other = fix(
            nodePort("c", e.namespace, { labels: { "app.kubernetes.io/instance": "other" }, annotations: { "meta.helm.sh/release-name": "other" } }),
        );
        assert.ok(other.includes("delete service c") && !other.includes(FORCED), other);
        assert.strictEqual(finding(drift(e, [...live, nodePort("d", "default")]), "drift.exposure").status, "pass");
        assert.strictEqual(finding(drift(e, [...live, obj("v1", "Service", "headless", e.namespace)]), "drift.exposure").status, "pass");
    });
});

describe("drift: what another policy's rules admit beyond the program's", () => {
    // docs/operating.md, "Drift": policies add up; another policy fails when it admits a peer or port the
    // -callers policy does not, and an ipBlock must lie within a load balancer subnet's block (only
    // --lb-cidrs gives them, else N/A). An absent or empty `from` or `ports` admits every source or port, and a
    // port's protocol defaults to TCP (kubernetes/api networking/v1/types.go; docs/upstream-facts.md#k8s-list-keys).
    const SAME_NS = { podSelector: {} };
    const CALLER_NS = { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps", "batch"] }] } };
    const policy = (ns: string, ingress: unknown[], name = "other") =>
        obj("networking.k8s.io/v1", "NetworkPolicy", name, ns, { spec: { podSelector: {}, ingress } });
    const statusOf = (e: ExpectedState, ingress: unknown[]) =>
        finding(drift(e, [...healthyObjects(stackState("prod")), policy(e.namespace, ingress)]), "drift.networkPolicies").status;

    it("with --lb-cidrs: each rule passes only when every peer and every port is one the program admits", () => {
        const e = withCidrs("prod");
        const cases: Array<[unknown, "pass" | "fail"]> = [
            [{ from: [SAME_NS], ports: [{ port: 8787 }] }, "pass"],
            [{ from: [CALLER_NS, SAME_NS], ports: [{ port: 8787, protocol: "TCP" }] }, "pass"],
            [{ from: [{ ipBlock: { cidr: "10.0.203.0/25" } }], ports: [{ port: 8787 }] }, "pass"],
            [{ from: [SAME_NS], ports: [{ port: 8787, protocol: "UDP" }] }, "fail"],
            [{ from: [SAME_NS] }, "fail"],
            [{ from: [SAME_NS], ports: [] }, "fail"],
            [{ ports: [{ port: 8787 }] }, "fail"],
            [{ from: [], ports: [{ port: 8787 }] }, "fail"],
            [{ from: [SAME_NS, { namespaceSelector: {} }], ports: [{ port: 8787 }] }, "fail"],
            [{ from: [SAME_NS], ports: [{ port: 8787 }, { port: 22 }] }, "fail"],
            [{ from: [{ ipBlock: { cidr: "10.0.204.0/24" } }], ports: [{ port: 8787 }] }, "fail"],
        ];
        assert.deepStrictEqual(
            cases.map(([rule]) => `${JSON.stringify(rule)}: ${statusOf(e, [rule])}`),
            cases.map(([rule, want]) => `${JSON.stringify(rule)}: ${want}`),
        );
    });

    it("a rule within any one of the program's rules passes", () => {
        const e = withCidrs("prod");
        const callers = e.applied.networkPolicies.find((p) => p.metadata.name === CALLERS)!;
        (callers.spec!.ingress as unknown[]).push({ from: [SAME_NS], ports: [{ protocol: "TCP", port: 9090 }] });
        assert.strictEqual(statusOf(e, [{ from: [SAME_NS], ports: [{ port: 9090 }] }]), "pass");
        assert.strictEqual(statusOf(e, [{ from: [CALLER_NS], ports: [{ port: 9090 }] }]), "fail");
    });

    it("without --lb-cidrs: an ipBlock is N/A, other peers are still compared, and a rule that admits more fails whatever else is unknown", () => {
        const e = stackState("prod");
        assert.strictEqual(statusOf(e, [{ from: [SAME_NS, CALLER_NS], ports: [{ port: 8787 }] }]), "pass");
        const block = { from: [{ ipBlock: { cidr: "10.0.201.0/25" } }], ports: [{ port: 8787 }] };
        const na = finding(drift(e, [...healthyObjects(e), policy(e.namespace, [block])]), "drift.networkPolicies");
        assert.deepStrictEqual(na, {
            id: "drift.networkPolicies",
            status: "n/a",
            expected:
                'could not check ipBlocks: other admits [{"from":[{"ipBlock":{"cidr":"10.0.201.0/25"}}],"ports":[{"port":8787}]}], and without the load balancer ' +
                "subnets' CIDRs verify cannot tell whether that is more than portkey-gateway-callers admits: pass " +
                '--lb-cidrs "$(pulumi stack output loadBalancerSubnetCidrs --stack prod --json | jq -r \'join(",")\')"',
            found: "-",
        });
        assert.strictEqual(statusOf(e, [{ from: [{ ipBlock: { cidr: "10.0.201.0/25" } }, { namespaceSelector: {} }], ports: [{ port: 8787 }] }]), "fail");
        const open = { from: [SAME_NS], ports: [{ port: 22 }] };
        const f = finding(
            drift(e, [...healthyObjects(e), policy(e.namespace, [block, open]), policy(e.namespace, [block], "blocks-only")]),
            "drift.networkPolicies",
        );
        assert.deepStrictEqual([f.status, f.found], ["fail", 'other also admits [{"from":[{"podSelector":{}}],"ports":[{"port":22}]}]']);
    });
});

describe("drift: fields beyond the derived ones", () => {
    it("the dataservice's two patches (Reloader annotation, pod template field) are compared together: either one changed fails, naming it", () => {
        const e = stackState("prod");
        const id = "drift.deploymentPatch/portkey-gateway-dataservice";
        const both = edit<Obj>(healthyObjects(e), "Deployment", "portkey-gateway-dataservice", (d) => {
            delete d.metadata.annotations["secret.reloader.stakater.com/reload"];
            d.spec.template.spec.automountServiceAccountToken = true;
        });
        assert.strictEqual(
            finding(drift(e, both), id).found,
            'metadata.annotations["secret.reloader.stakater.com/reload"]: expected "portkey-gateway-aws-secrets", found (absent); ' +
                "spec.template.spec.automountServiceAccountToken: expected false, found true",
        );
    });

    it("a SecretProviderClass parameter the stack does not set fails (docs/operating.md: its spec is exact)", () => {
        // pathTranslation is a parameter of aws/secrets-store-csi-driver-provider-aws (README.md).
        const e = stackState("dev");
        const added = edit<Obj>(healthyObjects(e), "SecretProviderClass", "portkey-gateway-aws-secrets", (o) => (o.spec.parameters.pathTranslation = "False"));
        failsNaming(
            drift(e, added),
            "drift.secretProviderClass/portkey-gateway-aws-secrets",
            'spec.parameters.pathTranslation: expected (absent), found "False"',
        );
    });

    it("the program's NLB Service given externalIPs is an exposure fixed by the program; an empty externalIPs list is none", () => {
        const e = stackState("prod");
        const external = edit<Obj>(healthyObjects(e), "Service", "portkey-gateway-nlb", (o) => (o.spec.externalIPs = ["203.0.113.9"]));
        const f = finding(drift(e, external), "drift.exposure");
        assert.strictEqual(f.found, 'Service portkey-gateway-nlb has externalIPs ["203.0.113.9"]');
        assert.ok(f.fix!.startsWith("the program owns Service portkey/portkey-gateway-nlb, "), f.fix);
        const svc = chartGatewayService(e).metadata.name;
        const empty = edit<Obj>(healthyObjects(e), "Service", svc, (s) => (s.spec.externalIPs = []));
        assert.strictEqual(finding(drift(e, empty), "drift.exposure").status, "pass");
    });

    it("a rule within one of the program's rules passes only with each of its ports among that rule's", () => {
        const e = withCidrs("prod");
        const callers = e.applied.networkPolicies.find((p) => p.metadata.name === CALLERS)!;
        (callers.spec!.ingress as unknown[]).push({
            from: [{ podSelector: {} }],
            ports: [
                { protocol: "TCP", port: 9090 },
                { protocol: "TCP", port: 9091 },
            ],
        });
        const status = (ports: unknown[]) =>
            finding(
                drift(e, [
                    ...healthyObjects(stackState("prod")),
                    obj("networking.k8s.io/v1", "NetworkPolicy", "other", e.namespace, {
                        spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports }] },
                    }),
                ]),
                "drift.networkPolicies",
            ).status;
        assert.deepStrictEqual([status([{ port: 9091 }]), status([{ port: 9090 }, { port: 9091 }]), status([{ port: 9092 }])], ["pass", "pass", "fail"]);
    });
});
