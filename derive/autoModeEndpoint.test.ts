// The endpoint under EKS Auto Mode. Expected values: awsdocs/amazon-eks-user-guide
// latest/ug/automode/auto-configure-alb.adoc and auto-configure-nlb.adoc (commit 1eb6aa42, and the
// copy of 2025-12-16 in sheetaljoshi/amazon-eks-user-guide@f61a77a), as docs/upstream-facts.md
// (#auto-mode-alb, #auto-mode-nlb, #auto-mode-readiness-gates) records them.
import * as assert from "assert";
import { autoModeAlbClass, autoModeClassName, autoModeIngressClass, autoModeIngressClassParams, usesAutoModeLoadBalancer } from "./autoModeEndpoint";
import { endpointChartValues, endpointNamespaceLabels } from "./endpoint";
import { albIngress, nlbService } from "./endpointObjects";
import { gatewayNames } from "./names";
import { testConfig } from "./testing";

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
const LB = { certificateArn: CERT, hostname: "gw.internal.example.com", inboundCidrs: ["10.20.0.0/16"], idleTimeoutSeconds: 900 };
const SUBNETS = ["subnet-0a", "subnet-0b"];
type Overrides = Parameters<typeof testConfig>[0];
const auto = (type: "internal-alb" | "internal-nlb", o: Overrides = {}) =>
    testConfig({ ...o, cluster: { compute: "auto-mode", ...o.cluster }, endpoint: { type, ...LB, ...o.endpoint } });
const names = (o: Overrides = {}) => gatewayNames(testConfig(o));

/** The IngressClassParams fields auto-configure-alb.adoc documents ("IngressClassParams Reference", with `subnets.tags` renamed `matchTags`). */
const DOCUMENTED_PARAMS_FIELDS = ["scheme", "namespaceSelector", "group", "ipAddressType", "subnets", "certificateARNs", "tags", "loadBalancerAttributes"];
/** Ingress annotations auto-configure-alb.adoc lists as not supported by Auto Mode. */
const UNSUPPORTED_INGRESS = [
    "kubernetes.io/ingress.class",
    "alb.ingress.kubernetes.io/group.name",
    "alb.ingress.kubernetes.io/waf-acl-id",
    "alb.ingress.kubernetes.io/web-acl-id",
    "alb.ingress.kubernetes.io/shield-advanced-protection",
];
/** Service annotations auto-configure-nlb.adoc lists as not supported by Auto Mode. */
const UNSUPPORTED_SERVICE = [
    "service.beta.kubernetes.io/load-balancer-source-ranges",
    "service.beta.kubernetes.io/aws-load-balancer-type",
    "service.beta.kubernetes.io/aws-load-balancer-internal",
    "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol",
    "service.beta.kubernetes.io/aws-load-balancer-access-log-enabled",
    "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled",
];

describe("usesAutoModeLoadBalancer", () => {
    it("holds for a load-balancer type on an Auto Mode cluster only", () => {
        assert.strictEqual(usesAutoModeLoadBalancer(auto("internal-alb")), true);
        assert.strictEqual(usesAutoModeLoadBalancer(auto("internal-nlb")), true);
        assert.strictEqual(usesAutoModeLoadBalancer(testConfig({ cluster: { compute: "auto-mode" } })), false);
        assert.strictEqual(usesAutoModeLoadBalancer(testConfig({ endpoint: { type: "internal-alb", ...LB } })), false);
    });
});

describe("autoModeClassName", () => {
    it("is per release and per namespace, and never the self-managed controller's class `alb` (eks-charts values.yaml ingressClass)", () => {
        const a = autoModeClassName({ namespace: "portkeyai" }, names());
        assert.strictEqual(a, "portkeyai-portkey-gateway");
        assert.notStrictEqual(autoModeClassName({ namespace: "portkeyai" }, names({ gateway: { releaseName: "second" } })), a);
        assert.notStrictEqual(autoModeClassName({ namespace: "other" }, names()), a);
        assert.notStrictEqual(a, "alb");
    });
});

describe("autoModeIngressClass", () => {
    it("hands the Ingress to Auto Mode's ALB and names the IngressClassParams by group, kind and name", () => {
        const c = autoModeIngressClass({ namespace: "portkeyai" }, names());
        assert.deepStrictEqual([c.apiVersion, c.kind, c.metadata.name], ["networking.k8s.io/v1", "IngressClass", "portkeyai-portkey-gateway"]);
        assert.strictEqual(c.spec.controller, "eks.amazonaws.com/alb");
        assert.deepStrictEqual(c.spec.parameters, { apiGroup: "eks.amazonaws.com", kind: "IngressClassParams", name: "portkeyai-portkey-gateway" });
        // Auto Mode reads no annotation on an IngressClass, and a default class would take other teams' Ingresses.
        assert.strictEqual((c.metadata as Record<string, unknown>).annotations, undefined);
    });
});

describe("autoModeIngressClassParams", () => {
    it("sets the internal scheme, the subnets, the certificate and the idle timeout, for the gateway's namespace only", () => {
        const p = autoModeIngressClassParams(auto("internal-alb"), names(), SUBNETS);
        assert.deepStrictEqual(p, {
            apiVersion: "eks.amazonaws.com/v1",
            kind: "IngressClassParams",
            metadata: { name: "portkeyai-portkey-gateway" },
            spec: {
                scheme: "internal",
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "portkeyai" } },
                subnets: { ids: SUBNETS },
                certificateARNs: [CERT],
                loadBalancerAttributes: [{ key: "idle_timeout.timeout_seconds", value: "900" }],
            },
        });
        assert.ok(Object.keys(p.spec).every((k) => DOCUMENTED_PARAMS_FIELDS.includes(k)));
        // IngressClassParams is cluster-scoped: no namespace.
        assert.strictEqual((p.metadata as Record<string, unknown>).namespace, undefined);
    });
    it("throws without a certificate (the config rules require one first)", () => {
        assert.throws(() => autoModeIngressClassParams(auto("internal-alb", { endpoint: { certificateArn: undefined } }), names(), SUBNETS), /certificateArn/);
    });
});

describe("autoModeAlbClass", () => {
    it("exists only for an internal ALB on an Auto Mode cluster", () => {
        const c = autoModeAlbClass(auto("internal-alb"), names(), SUBNETS);
        assert.strictEqual(c?.ingressClass.spec.controller, "eks.amazonaws.com/alb");
        assert.deepStrictEqual(c?.ingressClassParams.spec.subnets, { ids: SUBNETS });
        assert.strictEqual(autoModeAlbClass(auto("internal-nlb"), names(), SUBNETS), undefined);
        assert.strictEqual(autoModeAlbClass(testConfig({ endpoint: { type: "internal-alb", ...LB } }), names(), SUBNETS), undefined);
    });
});

describe("the Ingress under Auto Mode", () => {
    const cfg = auto("internal-alb");
    const ingress = albIngress(cfg, names(), SUBNETS);
    const annotations = ingress.metadata.annotations;
    it("names the release's Auto Mode class", () => assert.strictEqual(ingress.spec.ingressClassName, "portkeyai-portkey-gateway"));
    it("leaves the scheme, certificate, subnets and idle timeout to the IngressClassParams", () => {
        for (const k of ["scheme", "certificate-arn", "subnets", "load-balancer-attributes"])
            assert.strictEqual(annotations[`alb.ingress.kubernetes.io/${k}`], undefined, k);
    });
    it("keeps ip targets, HTTPS on 443, the health check, the inbound CIDRs and the deregistration delay", () => {
        assert.strictEqual(annotations["alb.ingress.kubernetes.io/target-type"], "ip");
        assert.strictEqual(annotations["alb.ingress.kubernetes.io/listen-ports"], '[{"HTTPS":443}]');
        assert.strictEqual(annotations["alb.ingress.kubernetes.io/healthcheck-path"], "/v1/health");
        assert.strictEqual(annotations["alb.ingress.kubernetes.io/inbound-cidrs"], "10.20.0.0/16");
        assert.match(annotations["alb.ingress.kubernetes.io/target-group-attributes"], /^deregistration_delay\.timeout_seconds=\d+$/);
    });
    it("carries no annotation Auto Mode does not support", () => {
        for (const k of UNSUPPORTED_INGRESS) assert.strictEqual(annotations[k], undefined, k);
    });
});

describe("the NLB Service under Auto Mode", () => {
    const svc = nlbService(auto("internal-nlb"), names(), SUBNETS);
    it("takes Auto Mode's class and the source ranges in the spec", () => {
        assert.strictEqual(svc.spec.loadBalancerClass, "eks.amazonaws.com/nlb");
        assert.deepStrictEqual(svc.spec.loadBalancerSourceRanges, ["10.20.0.0/16"]);
    });
    it("sets the scheme, ip targets, TLS on 443 and the HTTP health check with annotations Auto Mode lists", () => {
        const a = svc.metadata.annotations;
        assert.strictEqual(a["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internal");
        assert.strictEqual(a["service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"], "ip");
        assert.strictEqual(a["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"], CERT);
        assert.strictEqual(a["service.beta.kubernetes.io/aws-load-balancer-ssl-ports"], "443");
        assert.strictEqual(a["service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol"], "HTTP");
        assert.strictEqual(a["service.beta.kubernetes.io/aws-load-balancer-subnets"], SUBNETS.join(","));
    });
    it("carries no annotation Auto Mode does not support", () => {
        for (const k of UNSUPPORTED_SERVICE) assert.strictEqual(svc.metadata.annotations[k], undefined, k);
    });
});

describe("readiness gates under Auto Mode", () => {
    it("no namespace label: Auto Mode has no readiness gate; a node-group cluster keeps it", () => {
        assert.deepStrictEqual(endpointNamespaceLabels(auto("internal-alb")), {});
        assert.deepStrictEqual(endpointNamespaceLabels(auto("internal-nlb")), {});
        assert.deepStrictEqual(endpointNamespaceLabels(testConfig({ endpoint: { type: "internal-nlb", ...LB } })), {
            "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
        });
    });
    it("the gateway's pods keep the preStop delay that covers the load balancer letting go of them", () => {
        const v = endpointChartValues(auto("internal-alb")) as { extraContainerConfig: { lifecycle: { preStop: { sleep: { seconds: number } } } } };
        assert.strictEqual(v.extraContainerConfig.lifecycle.preStop.sleep.seconds, 60);
    });
});
