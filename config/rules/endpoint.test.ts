// Endpoint rules (docs/endpoint.md): each bad combination fails with its key, what and a fix.
import * as assert from "assert";
import { onMinimal, problemsOf, ruleInput, run } from "../testing";
import {
    autoModeTlsPolicyUnknown,
    albSubnetsInTwoZones,
    certificateInStackRegion,
    controllerPolicyRecorded,
    endpointValuesUntouched,
    existingControllerEnforcesNlbSourceRanges,
    graceOutlastsPreStop,
    loadBalancerNeedsItsSettings,
    loadBalancerSubnetsKnown,
    mcpNeedsAlb,
    namespacesListedOnce,
    sleepActionAvailable,
} from "./endpoint";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const ALB = {
    type: "internal-alb" as const,
    certificateArn: CERT,
    hostname: "gw.internal.example.com",
    inboundCidrs: ["10.0.0.0/16"],
    allowedNamespaces: [],
    idleTimeoutSeconds: 600,
};
const INSTALL = { loadBalancerController: "install" as const };

describe("loadBalancerNeedsItsSettings", () => {
    it("accepts cluster without any of them", () => assert.deepStrictEqual(run(loadBalancerNeedsItsSettings, ruleInput()), []));
    it("asks a load-balancer type for certificate, hostname, CIDRs and the controller, each by key", () => {
        const got = run(loadBalancerNeedsItsSettings, ruleInput({ endpoint: { type: "internal-nlb", inboundCidrs: [] } }));
        assert.deepStrictEqual(
            got.map((l) => l.split(":")[1]),
            ["endpoint.certificateArn", "endpoint.hostname", "endpoint.inboundCidrs", "addons.loadBalancerController"],
        );
        assert.match(got[0], /required with endpoint\.type internal-nlb: TLS ends at the load balancer/);
        assert.match(got[2], /admit every address/);
    });
    it("is satisfied by a complete load-balancer endpoint", () =>
        assert.deepStrictEqual(run(loadBalancerNeedsItsSettings, ruleInput({ endpoint: ALB, addons: INSTALL })), []));
});

describe("certificateInStackRegion", () => {
    it("accepts a certificate of the stack's region", () =>
        assert.deepStrictEqual(run(certificateInStackRegion, ruleInput({ endpoint: ALB }, {}, "eu-west-1")), []));
    it("rejects another region or partition, without quoting the ARN", () => {
        for (const [arn, region] of [
            [CERT, "eu-central-1"],
            ["arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc", "eu-west-1"],
            ["arn:aws:acm:cn-north-1:123456789012:certificate/abc", "cn-north-1"],
        ]) {
            const got = run(certificateInStackRegion, ruleInput({ endpoint: { ...ALB, certificateArn: arn } }, {}, region));
            assert.strictEqual(got.length, 1, arn);
            assert.match(got[0], /^portkey-gateway:endpoint\.certificateArn: is not in the stack's region and partition/);
            assert.ok(!got[0].includes(arn));
        }
    });
    it("says nothing without a region (the region rule reports that)", () =>
        assert.deepStrictEqual(run(certificateInStackRegion, ruleInput({ endpoint: { ...ALB, certificateArn: CERT } }, {}, undefined)), []));
});

describe("loadBalancerSubnetsKnown", () => {
    it("a created VPC brings its own load-balancer subnets", () =>
        assert.deepStrictEqual(run(loadBalancerSubnetsKnown, ruleInput({ endpoint: ALB, cluster: { create: true, vpcId: undefined } })), []));
    it("an existing cluster must name them", () =>
        assert.match(
            run(loadBalancerSubnetsKnown, ruleInput({ endpoint: ALB, cluster: { create: false } }))[0],
            /^portkey-gateway:endpoint\.loadBalancerSubnetIds: is required/,
        ));
    it("so must a created cluster in a given VPC", () =>
        assert.strictEqual(run(loadBalancerSubnetsKnown, ruleInput({ endpoint: ALB, cluster: { create: true, vpcId: "vpc-1" } })).length, 1));
});

describe("albSubnetsInTwoZones", () => {
    it("rejects one subnet (twice) for an ALB", () =>
        assert.match(
            run(albSubnetsInTwoZones, ruleInput({ endpoint: { ...ALB, loadBalancerSubnetIds: ["subnet-0a1b2c3d", "subnet-0a1b2c3d"] } }))[0],
            /fewer than two subnets; an ALB needs subnets in at least two zones/,
        ));
    it("accepts one subnet for an NLB, and two for an ALB", () => {
        assert.deepStrictEqual(
            run(albSubnetsInTwoZones, ruleInput({ endpoint: { ...ALB, type: "internal-nlb", loadBalancerSubnetIds: ["subnet-0a1b2c3d"] } })),
            [],
        );
        assert.deepStrictEqual(
            run(albSubnetsInTwoZones, ruleInput({ endpoint: { ...ALB, loadBalancerSubnetIds: ["subnet-0a1b2c3d", "subnet-0a1b2c3e"] } })),
            [],
        );
    });
});

describe("mcpNeedsAlb", () => {
    it("rejects MCP behind an NLB (Portkey's ECS module: server_mode all must use an ALB)", () => {
        for (const mode of ["all", "mcp"])
            assert.match(
                run(mcpNeedsAlb, ruleInput({ endpoint: { ...ALB, type: "internal-nlb" }, env: { SERVER_MODE: mode } }))[0],
                /^portkey-gateway:endpoint\.type: is internal-nlb while the gateway serves MCP/,
            );
    });
    it("accepts MCP behind an ALB, and the gateway alone behind an NLB", () => {
        assert.deepStrictEqual(run(mcpNeedsAlb, ruleInput({ endpoint: ALB, env: { SERVER_MODE: "all" } })), []);
        assert.deepStrictEqual(run(mcpNeedsAlb, ruleInput({ endpoint: { ...ALB, type: "internal-nlb" }, env: {} })), []);
    });
});

describe("endpointValuesUntouched", () => {
    it("rejects gateway.values.service, ingress and the other Services' types, naming each path", () => {
        const values = { service: { type: "LoadBalancer" }, ingress: { enabled: true }, mcpService: { type: "NodePort" }, redis: { serviceType: "NodePort" } };
        const got = run(endpointValuesUntouched, ruleInput({ gateway: { values } as never }));
        assert.deepStrictEqual(
            got.map((l) => l.split(":")[1]),
            ["gateway.values.service", "gateway.values.ingress", "gateway.values.mcpService.type", "gateway.values.redis.serviceType"],
        );
        assert.match(got[0], /set the endpoint\.\* keys instead/);
    });
    it("leaves other values alone (mcpService.enabled, redis resources)", () =>
        assert.deepStrictEqual(
            run(endpointValuesUntouched, ruleInput({ gateway: { values: { mcpService: { enabled: true }, redis: { resources: {} } } } as never })),
            [],
        ));
});

describe("graceOutlastsPreStop", () => {
    // docs/endpoint.md: the gateway waits 60 s (ALB) or 150 s (NLB) in preStop before SIGTERM.
    it("rejects a grace period not above the preStop delay: 60 s for an ALB, 150 s for an NLB", () => {
        const grace = (endpoint: object, t: number) =>
            run(graceOutlastsPreStop, ruleInput({ endpoint, gateway: { values: { terminationGracePeriodSeconds: t } } as never }));
        assert.match(
            grace(ALB, 60)[0],
            /^portkey-gateway:gateway\.values\.terminationGracePeriodSeconds: is not above the gateway's preStop delay of 60 seconds/,
        );
        assert.match(grace({ ...ALB, type: "internal-nlb" }, 150)[0], /preStop delay of 150 seconds with endpoint\.type internal-nlb/);
        assert.deepStrictEqual(grace(ALB, 61), []);
        assert.deepStrictEqual(grace({ ...ALB, type: "internal-nlb" }, 151), []);
    });
    it("refuses a grace period above 3600 s, the longest deregistration_delay.timeout_seconds ELB takes (ELBv2 API reference, TargetGroupAttribute)", () => {
        const grace = (endpoint: object, t: number) =>
            run(graceOutlastsPreStop, ruleInput({ endpoint, gateway: { values: { terminationGracePeriodSeconds: t } } as never }));
        assert.deepStrictEqual(grace({ ...ALB, type: "internal-nlb" }, 3601), [
            "portkey-gateway:gateway.values.terminationGracePeriodSeconds: is above 3600 seconds, the longest deregistration delay a target group takes, and the target group keeps a stopping pod's calls for the whole grace period. Fix: set it to 3600 or less.",
        ]);
        assert.deepStrictEqual(grace(ALB, 3600), []);
        assert.deepStrictEqual(run(graceOutlastsPreStop, ruleInput({ gateway: { values: { terminationGracePeriodSeconds: 7200 } } as never })), []);
    });
    it("accepts any grace period without a load balancer, which has no preStop delay", () =>
        assert.deepStrictEqual(run(graceOutlastsPreStop, ruleInput({ gateway: { values: { terminationGracePeriodSeconds: 5 } } as never })), []));
    it("refuses a lifecycle of the stack's own with a load balancer: the preStop delay is the program's", () => {
        const values = { extraContainerConfig: { lifecycle: { preStop: { exec: { command: ["true"] } } } } };
        assert.match(
            run(graceOutlastsPreStop, ruleInput({ endpoint: ALB, gateway: { values } as never }))[0],
            /^portkey-gateway:gateway\.values\.extraContainerConfig\.lifecycle: is managed with a load-balancer endpoint/,
        );
        assert.deepStrictEqual(run(graceOutlastsPreStop, ruleInput({ gateway: { values } as never })), []);
    });
});

describe("sleepActionAvailable", () => {
    // The lifecycle sleep handler is on by default from Kubernetes 1.30 (KEP-3960: alpha 1.29, beta 1.30).
    it("refuses a load balancer on a cluster below 1.30, naming the key that holds the version", () => {
        assert.match(
            run(sleepActionAvailable, ruleInput({ endpoint: ALB, cluster: { create: false, kubernetesVersion: "1.29" } as never }))[0],
            /^portkey-gateway:cluster\.kubernetesVersion: is below 1\.30/,
        );
        assert.match(
            run(sleepActionAvailable, ruleInput({ endpoint: ALB, cluster: { create: true, version: "1.29" } as never }))[0],
            /^portkey-gateway:cluster\.version: is below 1\.30/,
        );
    });
    it("accepts 1.30 and later, and any version without a load balancer", () => {
        for (const v of ["1.30", "1.31", "1.36"])
            assert.deepStrictEqual(run(sleepActionAvailable, ruleInput({ endpoint: ALB, cluster: { create: false, kubernetesVersion: v } as never })), [], v);
        assert.deepStrictEqual(run(sleepActionAvailable, ruleInput({ cluster: { create: false, kubernetesVersion: "1.29" } as never })), []);
    });
});

describe("existingControllerEnforcesNlbSourceRanges", () => {
    const NLB = { ...ALB, type: "internal-nlb" as const };
    const existing = (v?: string) => ({ loadBalancerController: "existing" as const, loadBalancerControllerVersion: v });
    // kubernetes-sigs/aws-load-balancer-controller: NLB security groups from v2.6.0 (pkg/config/feature_gates.go);
    // v3.5.0 docs/guide/service/annotations.md: source ranges are ignored when preserve client IP is off.
    it("asks for the existing controller's version with internal-nlb, saying how to read it", () => {
        const got = run(existingControllerEnforcesNlbSourceRanges, ruleInput({ endpoint: NLB, addons: existing() as never }));
        assert.match(got[0], /^portkey-gateway:addons\.loadBalancerControllerVersion: is required with endpoint\.type internal-nlb and an existing controller/);
        assert.match(got[0], /kubectl get deployment -A -l app\.kubernetes\.io\/name=aws-load-balancer-controller/);
    });
    it("refuses a controller below v2.6.0, which gives an NLB no security group", () => {
        for (const v of ["v2.5.4", "v2.4.7"]) {
            const got = run(existingControllerEnforcesNlbSourceRanges, ruleInput({ endpoint: NLB, addons: existing(v) as never }));
            assert.match(got[0], /^portkey-gateway:addons\.loadBalancerControllerVersion: is below v2\.6\.0/, v);
            assert.ok(!got[0].includes(v), "the message names the key, not the value");
        }
    });
    it("accepts v2.6.0 and later, an ALB, and the controller the program installs", () => {
        for (const v of ["v2.6.0", "2.13.1", "v3.5.0"])
            assert.deepStrictEqual(run(existingControllerEnforcesNlbSourceRanges, ruleInput({ endpoint: NLB, addons: existing(v) as never })), [], v);
        assert.deepStrictEqual(run(existingControllerEnforcesNlbSourceRanges, ruleInput({ endpoint: ALB, addons: existing() as never })), []);
        assert.deepStrictEqual(run(existingControllerEnforcesNlbSourceRanges, ruleInput({ endpoint: NLB, addons: INSTALL })), []);
    });
});

describe("controllerPolicyRecorded", () => {
    it("installs only where the published policy is recorded (aws, aws-cn, aws-us-gov)", () => {
        for (const r of ["eu-west-1", "cn-north-1", "us-gov-west-1"])
            assert.deepStrictEqual(run(controllerPolicyRecorded, ruleInput({ endpoint: ALB, addons: INSTALL }, {}, r)), [], r);
        assert.match(
            run(controllerPolicyRecorded, ruleInput({ endpoint: ALB, addons: INSTALL }, {}, "us-iso-east-1"))[0],
            /^portkey-gateway:addons\.loadBalancerController: .*Fix: set it to existing/,
        );
        assert.deepStrictEqual(
            run(controllerPolicyRecorded, ruleInput({ endpoint: ALB, addons: { loadBalancerController: "existing" } }, {}, "us-iso-east-1")),
            [],
        );
    });
});

describe('EKS Auto Mode (docs/endpoint.md, "EKS Auto Mode")', () => {
    const AUTO = { compute: "auto-mode" as const };
    const NLB = { ...ALB, type: "internal-nlb" as const };
    it("needs no controller: Auto Mode's built-in load balancing serves the Ingress or Service", () => {
        for (const endpoint of [ALB, NLB]) assert.deepStrictEqual(run(loadBalancerNeedsItsSettings, ruleInput({ endpoint, cluster: AUTO as never })), []);
    });
    it("still needs the certificate, hostname and CIDRs", () => {
        const got = run(loadBalancerNeedsItsSettings, ruleInput({ endpoint: { type: "internal-alb", inboundCidrs: [] }, cluster: AUTO as never }));
        assert.deepStrictEqual(
            got.map((l) => l.split(":")[1]),
            ["endpoint.certificateArn", "endpoint.hostname", "endpoint.inboundCidrs"],
        );
    });
    it("asks no controller version and checks no controller policy", () => {
        const existing = { loadBalancerController: "existing" as const };
        assert.deepStrictEqual(
            run(existingControllerEnforcesNlbSourceRanges, ruleInput({ endpoint: NLB, addons: existing as never, cluster: AUTO as never })),
            [],
        );
        assert.deepStrictEqual(run(controllerPolicyRecorded, ruleInput({ endpoint: ALB, addons: INSTALL, cluster: AUTO as never }, {}, "us-iso-east-1")), []);
    });
    // awsdocs/amazon-eks-user-guide latest/ug/automode/auto-configure-alb.adoc and auto-configure-nlb.adoc name no
    // TLS policy setting; aws/containers-roadmap issue 2715 asks for one (docs/upstream-facts.md#auto-mode-tls-policy).
    it("refuses either load balancer: its TLS policy cannot be set, naming endpoint.type, the reason and a fix", () => {
        for (const endpoint of [ALB, NLB]) {
            const got = run(autoModeTlsPolicyUnknown, ruleInput({ endpoint, cluster: AUTO as never }));
            assert.strictEqual(got.length, 1);
            assert.match(got[0], new RegExp(`^portkey-gateway:endpoint\\.type: is ${endpoint.type} while cluster\\.compute is auto-mode`));
            assert.match(got[0], /ELBSecurityPolicy-2016-08, which accepts TLS 1\.0/);
            assert.match(got[0], /Fix: use endpoint\.type cluster .*or cluster\.compute node-group/);
        }
    });
    it("accepts endpoint.type cluster on Auto Mode, and either load balancer on a node group", () => {
        assert.deepStrictEqual(run(autoModeTlsPolicyUnknown, ruleInput({ cluster: AUTO as never })), []);
        for (const endpoint of [ALB, NLB]) assert.deepStrictEqual(run(autoModeTlsPolicyUnknown, ruleInput({ endpoint, addons: INSTALL })), []);
    });
    it("refuses addons.loadBalancerController install or existing, naming cluster.compute", () => {
        for (const source of ["install", "existing"]) {
            const got = problemsOf(
                onMinimal({
                    endpoint: { ...ALB, allowedNamespaces: [] },
                    addons: { loadBalancerController: source },
                    cluster: { create: false, name: "c", compute: "auto-mode" },
                }),
            ).filter((l) => l.split(":")[1] === "addons.loadBalancerController");
            assert.strictEqual(got.length, 1, source);
            assert.match(got[0], /cluster\.compute is auto-mode, whose built-in load balancing serves the Ingress or Service/);
        }
    });
});

describe("namespacesListedOnce", () => {
    it("rejects a repeated namespace and the gateway's own", () => {
        assert.match(run(namespacesListedOnce, ruleInput({ endpoint: { ...ALB, allowedNamespaces: ["apps", "apps"] } }))[0], /more than once/);
        assert.match(run(namespacesListedOnce, ruleInput({ endpoint: { ...ALB, allowedNamespaces: ["portkeyai"] } }))[0], /gateway's own namespace/);
    });
});

describe("endpoint keys: value checks and applicability", () => {
    const lb = (endpoint: Record<string, unknown>) =>
        onMinimal({ endpoint: { ...endpoint }, addons: { loadBalancerController: "install" }, cluster: { create: true } });
    const keysOf = (list: string[]) => list.map((l) => l.split(":")[1]);
    it("accepts a complete internal ALB on a created VPC", () => assert.deepStrictEqual(problemsOf(lb({ ...ALB, allowedNamespaces: ["apps"] })), []));
    it("rejects an invalid CIDR, hostname, namespace, subnet ID and certificate ARN, naming the keys only", () => {
        const bad = {
            ...ALB,
            inboundCidrs: ["10.0.0.1/16"],
            hostname: "Not_A_Host",
            allowedNamespaces: ["Apps"],
            loadBalancerSubnetIds: ["sub-1", "subnet-0a1b2c3d"],
            certificateArn: "arn:aws:iam::123456789012:server-certificate/x",
        };
        const got = problemsOf(lb(bad));
        assert.deepStrictEqual(
            keysOf(got).sort(),
            ["endpoint.allowedNamespaces", "endpoint.certificateArn", "endpoint.hostname", "endpoint.inboundCidrs", "endpoint.loadBalancerSubnetIds"].sort(),
        );
        for (const v of ["10.0.0.1/16", "Not_A_Host", "sub-1", "server-certificate"]) assert.ok(!got.join("\n").includes(v), v);
    });
    it("refuses an idle timeout for an NLB: its TLS listener's 350 s cannot be changed", () => {
        const got = problemsOf(lb({ ...ALB, type: "internal-nlb", idleTimeoutSeconds: 900 }));
        assert.deepStrictEqual(keysOf(got), ["endpoint.idleTimeoutSeconds"]);
        assert.match(got[0], /fixed idle timeout of 350 seconds/);
    });
    it("refuses load-balancer settings and the controller with endpoint.type cluster", () =>
        assert.deepStrictEqual(
            keysOf(
                problemsOf(onMinimal({ endpoint: { hostname: "a.example.com", inboundCidrs: ["10.0.0.0/8"] }, addons: { loadBalancerController: "install" } })),
            ).sort(),
            ["addons.loadBalancerController", "endpoint.hostname", "endpoint.inboundCidrs"],
        ));
    it("limits the ALB idle timeout to what the ALB accepts, 1-4000 s", () =>
        assert.deepStrictEqual(keysOf(problemsOf(lb({ ...ALB, idleTimeoutSeconds: 4001 }))), ["endpoint.idleTimeoutSeconds"]));
});

describe("endpoint rules: edges", () => {
    const keysOf = (list: string[]) => list.map((l) => l.split(":")[1]);
    it("a written endpoint section without hostname, or with an empty CIDR list, still lacks them", () => {
        const raw = { endpoint: { type: "internal-alb", certificateArn: CERT, inboundCidrs: [] } };
        const got = run(loadBalancerNeedsItsSettings, ruleInput({ endpoint: { ...ALB, hostname: undefined, inboundCidrs: [] }, addons: INSTALL }, raw));
        assert.deepStrictEqual(keysOf(got), ["endpoint.hostname", "endpoint.inboundCidrs"]);
    });
    it("an existing cluster with its load-balancer subnets named is fine", () =>
        assert.deepStrictEqual(
            run(loadBalancerSubnetsKnown, ruleInput({ endpoint: { ...ALB, loadBalancerSubnetIds: ["subnet-0a1b2c3d"] }, cluster: { create: false } })),
            [],
        ));
    it("a grace period that is not a number is the chart's to reject, not this rule's", () =>
        assert.deepStrictEqual(
            run(graceOutlastsPreStop, ruleInput({ endpoint: ALB, gateway: { values: { terminationGracePeriodSeconds: "10" } } as never })),
            [],
        ));
    it("without a region the partition is unknown: no policy problem", () =>
        assert.deepStrictEqual(run(controllerPolicyRecorded, ruleInput({ endpoint: ALB, addons: INSTALL }, {}, undefined)), []));
    it("names the partitions it has a policy for", () =>
        assert.deepStrictEqual(run(controllerPolicyRecorded, ruleInput({ endpoint: ALB, addons: INSTALL }, {}, "us-iso-east-1")), [
            "portkey-gateway:addons.loadBalancerController: the program records the controller's IAM policy for the partitions aws, aws-cn, aws-us-gov, not for the stack's region. Fix: set it to existing and install the controller with its policy for your partition.",
        ]));
});
