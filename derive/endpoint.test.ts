// The endpoint's derivation: chart values, the Ingress and NLB Service, the NetworkPolicies and the
// URL. Annotation names and defaults: kubernetes-sigs/aws-load-balancer-controller v3.5.0,
// docs/guide/ingress/annotations.md and docs/guide/service/annotations.md; chart facts:
// Portkey-AI/helm charts/portkey-gateway 1.7.7.
import * as assert from "assert";
import {
    defaultTerminationGraceSeconds,
    deploysChartRedis,
    deregistrationDelaySeconds,
    effectiveTerminationGraceSeconds,
    endpointChartDefaults,
    endpointChartValues,
    endpointNamespaceLabels,
    endpointUrl,
    gatewayPodSelector,
    gatewayPorts,
    healthCheckPath,
    loadBalancedPodLabels,
    preStopSleepSeconds,
    serverMode,
    usesLoadBalancer,
} from "./endpoint";
import { albIngress, endpointCommands, endpointObjectNames, gatewayNetworkPolicy, nlbService, redisNetworkPolicy } from "./endpointObjects";
import { gatewayNames } from "./names";
import { testConfig } from "./testing";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
const LB = { certificateArn: CERT, hostname: "gw.internal.example.com", inboundCidrs: ["10.20.0.0/16", "10.30.0.0/22"], idleTimeoutSeconds: 900 };
const alb = (o: Parameters<typeof testConfig>[0] = {}) => testConfig({ ...o, endpoint: { type: "internal-alb", ...LB, ...o.endpoint } });
const nlb = (o: Parameters<typeof testConfig>[0] = {}) => testConfig({ ...o, endpoint: { type: "internal-nlb", ...LB, ...o.endpoint } });
const SUBNETS = ["subnet-0a", "subnet-0b"];

describe("healthCheckPath", () => {
    it("is /v1/health, what Portkey's EKS guide and the chart's probes call", () => assert.strictEqual(healthCheckPath(testConfig()), "/v1/health"));
    it("is / for the open-source image, which answers 200 there and has no /v1/health (Portkey-AI/gateway src/index.ts, v1.15.2)", () => {
        const c = testConfig();
        assert.strictEqual(healthCheckPath({ ...c, gateway: { ...c.gateway, image: "open-source" } }), "/");
    });
});

describe("usesLoadBalancer and endpointNamespaceLabels", () => {
    it("cluster: no load balancer, no label", () => {
        assert.strictEqual(usesLoadBalancer(testConfig().endpoint), false);
        assert.deepStrictEqual(endpointNamespaceLabels(testConfig()), {});
    });
    it("a load balancer labels the namespace for readiness gates (kubernetes-sigs/aws-load-balancer-controller docs/deploy/pod_readiness_gate.md)", () => {
        for (const cfg of [alb(), nlb()]) {
            assert.strictEqual(usesLoadBalancer(cfg.endpoint), true);
            assert.deepStrictEqual(endpointNamespaceLabels(cfg), { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
        }
    });
});

describe("serverMode and gatewayPorts", () => {
    // Chart _helpers.tpl: gateway on PORT (default 8787) unless SERVER_MODE is mcp; MCP on MCP_PORT (default 8788) with all or mcp.
    it("the gateway alone on 8787 by default", () => assert.deepStrictEqual(gatewayPorts({ env: {} }), { gateway: 8787, mcp: undefined }));
    it("both with all, MCP alone with mcp, PORT and MCP_PORT honoured", () => {
        assert.deepStrictEqual(gatewayPorts({ env: { SERVER_MODE: "all" } }), { gateway: 8787, mcp: 8788 });
        assert.deepStrictEqual(gatewayPorts({ env: { SERVER_MODE: " mcp ", MCP_PORT: "9000" } }), { gateway: undefined, mcp: 9000 });
        assert.deepStrictEqual(gatewayPorts({ env: { PORT: "8080" } }), { gateway: 8080, mcp: undefined });
        assert.strictEqual(serverMode({ env: {} }), "");
    });
});

describe("deploysChartRedis", () => {
    it("follows CACHE_STORE, redis by default (Portkey-AI/helm charts/portkey-gateway templates/redis/service.yaml)", () => {
        assert.strictEqual(deploysChartRedis({ env: {} }), true);
        assert.strictEqual(deploysChartRedis({ env: { CACHE_STORE: "redis" } }), true);
        assert.strictEqual(deploysChartRedis({ env: { CACHE_STORE: "aws-elastic-cache" } }), false);
    });
});

describe("endpointChartValues", () => {
    const services = { service: { type: "ClusterIP" }, mcpService: { type: "ClusterIP" }, ingress: { enabled: false }, redis: { serviceType: "ClusterIP" } };
    it("every Service ClusterIP (the chart defaults service.type and redis.serviceType to NodePort) and no chart Ingress", () =>
        assert.deepStrictEqual(endpointChartValues(testConfig()), services));
    // Chart 1.7.7 (Portkey-AI/helm) templates/gateway/deployment.yaml copies `podLabels` onto the gateway's pods only and
    // `extraContainerConfig` into the gateway container; docs/endpoint.md gives the delays.
    it("a load balancer: the gateway's pods carry the readiness-gate label and wait in a preStop sleep, 60 s (ALB) or 150 s (NLB)", () => {
        for (const [cfg, seconds] of [
            [alb(), 60],
            [nlb(), 150],
        ] as const)
            assert.deepStrictEqual(endpointChartValues(cfg), {
                ...services,
                podLabels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
                extraContainerConfig: { lifecycle: { preStop: { sleep: { seconds } } } },
            });
    });
});

describe("preStop delay, grace period and deregistration delay", () => {
    it("cluster: none of them (no load balancer to let go of the pod)", () => {
        assert.deepStrictEqual(
            [preStopSleepSeconds(testConfig().endpoint), defaultTerminationGraceSeconds(testConfig().endpoint), deregistrationDelaySeconds(testConfig())],
            [undefined, undefined, undefined],
        );
        assert.deepStrictEqual(endpointChartDefaults(testConfig()), {});
    });
    it("the grace period is the delay plus Kubernetes' default 30 s, and the target group drains for all of it", () => {
        assert.deepStrictEqual([defaultTerminationGraceSeconds(alb().endpoint), deregistrationDelaySeconds(alb())], [90, 90]);
        assert.deepStrictEqual([defaultTerminationGraceSeconds(nlb().endpoint), deregistrationDelaySeconds(nlb())], [180, 180]);
        assert.deepStrictEqual(endpointChartDefaults(nlb()), { terminationGracePeriodSeconds: 180 });
    });
    it("a longer gateway.values.terminationGracePeriodSeconds: the target group drains for all of it (docs/endpoint.md)", () => {
        const longer = (make: typeof alb) => make({ gateway: { values: { terminationGracePeriodSeconds: 600 } } });
        assert.deepStrictEqual([effectiveTerminationGraceSeconds(longer(alb)), deregistrationDelaySeconds(longer(alb))], [600, 600]);
        assert.deepStrictEqual([effectiveTerminationGraceSeconds(longer(nlb)), deregistrationDelaySeconds(longer(nlb))], [600, 600]);
        const names = gatewayNames(longer(nlb));
        assert.strictEqual(
            albIngress(longer(alb), names, ["subnet-0a1b2c3d"]).metadata.annotations["alb.ingress.kubernetes.io/target-group-attributes"],
            "deregistration_delay.timeout_seconds=600",
        );
        assert.strictEqual(
            nlbService(longer(nlb), names, ["subnet-0a1b2c3d"]).metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"],
            "deregistration_delay.timeout_seconds=600",
        );
        // Without a load balancer the chart's grace period is the stack's alone: no target group to drain.
        assert.strictEqual(effectiveTerminationGraceSeconds(testConfig({ gateway: { values: { terminationGracePeriodSeconds: 600 } } })), undefined);
    });
});

describe("loadBalancedPodLabels", () => {
    // _helpers.tpl: the dataservice's pods carry name and instance too, so a Service needs a label they lack.
    it("the chart's name and instance, and the label only the gateway's pods carry", () =>
        assert.deepStrictEqual(loadBalancedPodLabels(gatewayNames(testConfig({ gateway: { releaseName: "rel" } }))), {
            "app.kubernetes.io/name": "gateway",
            "app.kubernetes.io/instance": "rel",
            "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
        }));
});

describe("gatewayPodSelector", () => {
    it("selects the gateway's pods and not the dataservice's, which add app.kubernetes.io/component (_helpers.tpl)", () => {
        const sel = gatewayPodSelector(gatewayNames(testConfig({ gateway: { releaseName: "rel" } })));
        assert.deepStrictEqual(sel, {
            matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "rel" },
            matchExpressions: [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }],
        });
    });
});

describe("endpointUrl", () => {
    it("cluster: the Service's in-cluster name on the chart's service.port 8787", () =>
        assert.strictEqual(endpointUrl(testConfig(), gatewayNames(testConfig())), "http://portkey-gateway.portkeyai.svc.cluster.local:8787"));
    it("MCP alone: the chart's Service serves it on the MCP container port", () => {
        const cfg = testConfig({ env: { SERVER_MODE: "mcp" } });
        assert.strictEqual(endpointUrl(cfg, gatewayNames(cfg)), "http://portkey-gateway.portkeyai.svc.cluster.local:8788");
    });
    it("a load balancer: https://<hostname>", () => assert.strictEqual(endpointUrl(nlb(), gatewayNames(nlb())), "https://gw.internal.example.com"));
});

describe("albIngress", () => {
    it("an internal ALB: TLS 443 with the certificate and TLS 1.3 policy, ip targets, health check, CIDRs, subnets, idle timeout", () => {
        const cfg = alb();
        const i = albIngress(cfg, gatewayNames(cfg), SUBNETS);
        assert.deepStrictEqual(i.metadata, {
            name: "portkey-gateway",
            namespace: "portkeyai",
            annotations: {
                "alb.ingress.kubernetes.io/scheme": "internal",
                // The default target type is instance, which needs NodePorts.
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/certificate-arn": CERT,
                // The default is ELBSecurityPolicy-2016-08; Portkey's ECS module sets this one.
                "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "alb.ingress.kubernetes.io/healthcheck-path": "/v1/health",
                // The default is 0.0.0.0/0, even for an internal ALB.
                "alb.ingress.kubernetes.io/inbound-cidrs": "10.20.0.0/16,10.30.0.0/22",
                "alb.ingress.kubernetes.io/subnets": "subnet-0a,subnet-0b",
                "alb.ingress.kubernetes.io/load-balancer-attributes": "idle_timeout.timeout_seconds=900",
                "alb.ingress.kubernetes.io/target-group-attributes": "deregistration_delay.timeout_seconds=90",
            },
        });
        assert.deepStrictEqual(i.spec, {
            ingressClassName: "alb",
            rules: [
                {
                    host: "gw.internal.example.com",
                    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "portkey-gateway", port: { name: "gateway" } } } }] },
                },
            ],
        });
    });
    it("serves MCP host-based on mcp.<hostname>, the chart's default mcpHostname, on the Service's mcp port", () => {
        const cfg = alb({ env: { SERVER_MODE: "all" } });
        const rules = albIngress(cfg, gatewayNames(cfg), SUBNETS).spec.rules;
        assert.deepStrictEqual(
            rules.map((r) => [r.host, r.http.paths[0].backend.service.port.name]),
            [
                ["gw.internal.example.com", "gateway"],
                ["mcp.gw.internal.example.com", "mcp"],
            ],
        );
    });
    it("MCP alone: only the mcp.<hostname> rule", () => {
        const cfg = alb({ env: { SERVER_MODE: "mcp" } });
        assert.deepStrictEqual(
            albIngress(cfg, gatewayNames(cfg), SUBNETS).spec.rules.map((r) => r.host),
            ["mcp.gw.internal.example.com"],
        );
    });
    it("refuses to build without certificate or hostname, naming both keys", () => {
        for (const endpoint of [{ certificateArn: undefined }, { hostname: undefined }]) {
            const cfg = alb({ endpoint });
            assert.throws(
                () => albIngress(cfg, gatewayNames(cfg), SUBNETS),
                /^Error: a load-balancer endpoint needs endpoint\.certificateArn and endpoint\.hostname$/,
            );
        }
    });
});

describe("nlbService", () => {
    it("exactly one LoadBalancer Service: the controller's class, no node ports, source ranges, TLS at the NLB, ip targets", () => {
        const cfg = nlb();
        const s = nlbService(cfg, gatewayNames(cfg), SUBNETS);
        assert.deepStrictEqual(endpointObjectNames(gatewayNames(cfg)), {
            ingress: "portkey-gateway",
            nlbService: "portkey-gateway-nlb",
            gatewayPolicy: "portkey-gateway-callers",
            redisPolicy: "portkey-gateway-redis",
        });
        assert.strictEqual(s.metadata.name, "portkey-gateway-nlb");
        assert.deepStrictEqual(s.spec, {
            type: "LoadBalancer",
            loadBalancerClass: "service.k8s.aws/nlb",
            allocateLoadBalancerNodePorts: false,
            loadBalancerSourceRanges: ["10.20.0.0/16", "10.30.0.0/22"],
            // The gateway's pods only: the controller gates every pod the Service selects.
            selector: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey", "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
            ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: "gateway" }],
        });
        assert.deepStrictEqual(s.metadata.annotations, {
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": CERT,
            "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
            "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol": "HTTP",
            "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path": "/v1/health",
            "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port": "traffic-port",
            "service.beta.kubernetes.io/aws-load-balancer-subnets": "subnet-0a,subnet-0b",
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "deregistration_delay.timeout_seconds=180",
        });
    });
});

describe("gatewayNetworkPolicy", () => {
    it("cluster: only the gateway's own namespace, on the gateway port", () => {
        const cfg = testConfig();
        const p = gatewayNetworkPolicy(cfg, gatewayNames(cfg), []);
        assert.deepStrictEqual(p.metadata, { name: "portkey-gateway-callers", namespace: "portkeyai" });
        assert.deepStrictEqual(p.spec, {
            podSelector: gatewayPodSelector(gatewayNames(cfg)),
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 8787 }] }],
        });
    });
    it("admits the allowed namespaces by name and exactly the load balancer's subnets, on both ports with MCP", () => {
        const cfg = alb({ env: { SERVER_MODE: "all" }, endpoint: { allowedNamespaces: ["apps", "batch"] } });
        const p = gatewayNetworkPolicy(cfg, gatewayNames(cfg), ["10.0.250.0/24", "10.0.251.0/24"]);
        assert.deepStrictEqual(p.spec.ingress, [
            {
                from: [
                    { podSelector: {} },
                    { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["apps", "batch"] }] } },
                    { ipBlock: { cidr: "10.0.250.0/24" } },
                    { ipBlock: { cidr: "10.0.251.0/24" } },
                ],
                ports: [
                    { protocol: "TCP", port: 8787 },
                    { protocol: "TCP", port: 8788 },
                ],
            },
        ]);
    });
});

describe("redisNetworkPolicy", () => {
    it("only the gateway's and dataservice's pods (name gateway, this release) reach the chart's Redis on 6379", () => {
        const cfg = testConfig();
        assert.deepStrictEqual(redisNetworkPolicy(cfg, gatewayNames(cfg))?.metadata, { name: "portkey-gateway-redis", namespace: "portkeyai" });
        assert.deepStrictEqual(redisNetworkPolicy(cfg, gatewayNames(cfg))?.spec, {
            podSelector: { matchLabels: { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "portkey" } },
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" } } }],
                    ports: [{ protocol: "TCP", port: 6379 }],
                },
            ],
        });
    });
    it("none when the chart deploys no Redis", () => {
        const cfg = testConfig({ env: { CACHE_STORE: "aws-elastic-cache" } });
        assert.strictEqual(redisNetworkPolicy(cfg, gatewayNames(cfg)), undefined);
    });
});

describe("endpointCommands", () => {
    it("cluster: the policies only", () =>
        assert.deepStrictEqual(endpointCommands(testConfig(), gatewayNames(testConfig())), [
            "kubectl -n portkeyai get networkpolicy portkey-gateway-callers portkey-gateway-redis --ignore-not-found",
        ]));
    it("a load balancer: its address, then /v1/health through the hostname", () => {
        const cfg = nlb();
        assert.deepStrictEqual(endpointCommands(cfg, gatewayNames(cfg)).slice(1), [
            "kubectl -n portkeyai get service/portkey-gateway-nlb -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'",
            "curl -sS -o /dev/null -w '%{http_code}\\n' https://gw.internal.example.com/v1/health",
        ]);
        assert.match(endpointCommands(alb(), gatewayNames(alb()))[1], /get ingress\/portkey-gateway -o/);
    });
});
