// How callers reach the gateway (docs/endpoint.md), across the whole program: no NodePort anywhere,
// a NetworkPolicy selecting exactly the gateway pods, the Ingress or the one LoadBalancer Service,
// and the AWS Load Balancer Controller with its published policy, which the gateway waits for.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { fakeSubnetCidrs } from "../offline/fakeCloud";
import { CREATED_CLUSTER, all, baseConfig, find, gatewayValues, plan, policy, rejects, T, TestConfig } from "./testing";
import { parsedYamlFile } from "./parsedYaml";

/** Chart 1.7.7 labels of the gateway pods of release `portkey`; the dataservice's add a component label (_helpers.tpl). */
const GATEWAY_POD_SELECTOR = {
    matchLabels: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" },
    matchExpressions: [{ key: "app.kubernetes.io/component", operator: "DoesNotExist" }],
};
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const SERVICE = "kubernetes:core/v1:Service";
/** The controller's published policy for the aws partition, as recorded (its bytes are checked against the v3.5.0 tag in derive/loadBalancerController.test.ts). */
const PUBLISHED_POLICY = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "derive", "data", "aws-load-balancer-controller-v3.5.0", "iam_policy.json"), "utf8"),
);

const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
function lbConfig(type: "internal-alb" | "internal-nlb", extra: TestConfig = {}): TestConfig {
    return baseConfig({
        endpoint: { type, certificateArn: CERT, hostname: "gw.internal.example.com", inboundCidrs: ["10.20.0.0/16"], allowedNamespaces: ["apps"] },
        addons: { loadBalancerController: "install" },
        cluster: CREATED_CLUSTER,
        ...extra,
    });
}

describe("shipped stacks: no NodePort, and a NetworkPolicy selecting the gateway pods", () => {
    const planOf = (stack: string) => parsedYamlFile(path.join(__dirname, "..", "plans", `${stack}.yaml`));
    const ofType = (p: any, type: string) => p.resources.filter((r: any) => r.type === type);
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: the chart's Services are ClusterIP, nothing anywhere is NodePort, one policy selects exactly the gateway pods`, () => {
            const p = planOf(stack);
            const values = p.resources.find((r: any) => r.name === "portkey-gateway-release").inputs.values;
            // Chart values.yaml: service.type and redis.serviceType default to NodePort.
            assert.strictEqual(values.service.type, "ClusterIP");
            assert.strictEqual(values.redis.serviceType, "ClusterIP");
            // No Service type NodePort, anywhere (allocateLoadBalancerNodePorts: false is the one mention allowed).
            assert.ok(!/"NodePort"/.test(JSON.stringify(p)));
            const gatewayPolicies = ofType(p, NETWORK_POLICY).filter((r: any) => isDeepStrictEqual(r.inputs.spec.podSelector, GATEWAY_POD_SELECTOR));
            assert.strictEqual(gatewayPolicies.length, 1);
        });
    }
    it("dev stays cluster: no Ingress, no Service of its own, no controller; callers use the in-cluster name", () => {
        const p = planOf("dev");
        assert.deepStrictEqual([ofType(p, INGRESS).length, ofType(p, SERVICE).length], [0, 0]);
        assert.ok(!p.resources.some((r: any) => r.name.startsWith("portkey-lbc")));
        assert.strictEqual(p.outputs.endpoint, "http://portkey-gateway.portkeyai.svc.cluster.local:8787");
        // dev's chart Redis (CACHE_STORE redis) is reached by the gateway's pods only.
        assert.ok(ofType(p, NETWORK_POLICY).some((r: any) => r.inputs.spec.podSelector.matchLabels["app.kubernetes.io/name"] === "redis"));
    });
    it("staging: an internal ALB's Ingress after the gateway and the installed controller, which the gateway release waits for", () => {
        const p = planOf("staging");
        const [ingress] = ofType(p, INGRESS);
        assert.strictEqual(ingress.inputs.metadata.annotations["alb.ingress.kubernetes.io/scheme"], "internal");
        assert.deepStrictEqual(ingress.dependsOn, ["portkey-gateway-release", "portkey-lbc-release"]);
        assert.ok(p.resources.find((r: any) => r.name === "portkey-gateway").dependsOn.includes("portkey-lbc-release"));
        assert.strictEqual(p.outputs.endpoint, "https://portkey.staging.internal.example.com");
    });
    it("prod: exactly one LoadBalancer Service, of the controller's class, with the platform team's controller", () => {
        const p = planOf("prod");
        const services = ofType(p, SERVICE);
        assert.strictEqual(services.length, 1);
        assert.strictEqual(services[0].inputs.spec.type, "LoadBalancer");
        assert.strictEqual(services[0].inputs.spec.loadBalancerClass, "service.k8s.aws/nlb");
        assert.strictEqual(services[0].inputs.spec.allocateLoadBalancerNodePorts, false);
        assert.ok(!p.resources.some((r: any) => r.name.startsWith("portkey-lbc")));
        // prod's namespace belongs to the platform team: the readiness-gate label is theirs to set (docs/endpoint.md).
        assert.ok(!ofType(p, "kubernetes:core/v1:Namespace").length);
    });
});

describe("program: the AWS Load Balancer Controller", () => {
    it("installs chart 3.5.0 from eks-charts in kube-system, with its role allowing exactly the published v3.5.0 policy", async () => {
        const p = await plan(lbConfig("internal-alb"));
        const release = find(p, T.release, "portkey-lbc-release");
        assert.deepStrictEqual(
            [release.inputs.chart, release.inputs.version, (release.inputs.repositoryOpts as any).repo, release.inputs.namespace],
            ["aws-load-balancer-controller", "3.5.0", "https://aws.github.io/eks-charts", "kube-system"],
        );
        assert.deepStrictEqual(policy(p, T.rolePolicy, "portkey-lbc-policy", "policy"), PUBLISHED_POLICY);
        const values = release.inputs.values as any;
        assert.deepStrictEqual([values.clusterName, values.region, values.vpcId], ["portkey-test", "eu-west-1", "vpc-0fake00000000000"]);
        assert.strictEqual(values.enableServiceMutatorWebhook, false);
        assert.deepStrictEqual(values.defaultTags, { "pulumi:project": "portkey-gateway", "pulumi:stack": "test" });
        assert.strictEqual(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::123456789012:role/portkey-lbc-iam");
        // aws/eks-charts stable/aws-load-balancer-controller 3.5.0: templates/pdb.yaml needs a non-empty
        // podDisruptionBudget and replicaCount above 1; templates/webhook.yaml takes the pod webhook's
        // failurePolicy (default Ignore) and objectSelector.
        assert.deepStrictEqual([values.podDisruptionBudget, values.replicaCount], [{ maxUnavailable: 1 }, 2]);
        assert.deepStrictEqual(
            [values.podMutatorWebhookConfig, values.objectSelector],
            [{ failurePolicy: "Fail" }, { matchLabels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } }],
        );
    });
    it("the gateway release waits for the controller's release", async () => {
        const p = await plan(lbConfig("internal-nlb"));
        assert.ok(find(p, "portkey:gateway:GatewayRelease", "portkey-gateway").dependsOn.includes("portkey-lbc-release"));
        assert.deepStrictEqual(find(p, SERVICE).dependsOn, ["portkey-gateway-release", "portkey-lbc-release"]);
    });
    it("a stopping gateway pod waits 150 s behind an NLB, with 30 s more grace; only the gateway's pods are load-balanced", async () => {
        // docs/endpoint.md ("Rollouts"); chart 1.7.7 (Portkey-AI/helm) templates/gateway/deployment.yaml reads these values.
        const p = await plan(lbConfig("internal-nlb"));
        const v = gatewayValues(p) as any;
        assert.deepStrictEqual(v.extraContainerConfig, { lifecycle: { preStop: { sleep: { seconds: 150 } } } });
        assert.strictEqual(v.terminationGracePeriodSeconds, 180);
        assert.deepStrictEqual(v.podLabels, { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
        const svc = find(p, SERVICE).inputs as any;
        assert.strictEqual(svc.spec.selector["elbv2.k8s.aws/pod-readiness-gate-inject"], "enabled");
        assert.strictEqual(
            svc.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"],
            "deregistration_delay.timeout_seconds=180",
        );
    });
    it("with Pod Identity: a binding for kube-system/aws-load-balancer-controller and no role annotation", async () => {
        const p = await plan(lbConfig("internal-nlb", { identity: "pod-identity" }));
        const binding = all(p, T.podIdentity).find((r) => r.inputs.serviceAccount === "aws-load-balancer-controller")!;
        assert.deepStrictEqual([binding.inputs.namespace, binding.inputs.clusterName], ["kube-system", "portkey-test"]);
        assert.deepStrictEqual((find(p, T.release, "portkey-lbc-release").inputs.values as any).serviceAccount.annotations, {});
    });
    it("existing: installs nothing", async () => {
        const p = await plan(lbConfig("internal-alb", { addons: { loadBalancerController: "existing" } }));
        assert.ok(!p.resources.some((r) => r.name.startsWith("portkey-lbc")));
    });
});

describe("program: a created cluster and VPC", () => {
    it("turns on the VPC CNI's network-policy support", async () => {
        const p = await plan(baseConfig({ cluster: CREATED_CLUSTER }));
        assert.strictEqual((find(p, T.cluster).inputs.vpcCniOptions as any).enableNetworkPolicy, true);
    });
    it("puts the load balancer in the VPC's own load-balancer subnets and admits exactly their blocks", async () => {
        const p = await plan(lbConfig("internal-alb"));
        // The created VPC spans the default three zones, one load-balancer subnet in each (offline/fakeCloud.ts names them).
        const ids = ["subnet-0c000000000000", "subnet-0c000000000001", "subnet-0c000000000002"];
        const ingress = find(p, INGRESS);
        assert.strictEqual((ingress.inputs.metadata as any).annotations["alb.ingress.kubernetes.io/subnets"], ids.join(","));
        const from = (find(p, NETWORK_POLICY, "portkey-endpoint-callers").inputs.spec as any).ingress[0].from;
        assert.deepStrictEqual(
            from.filter((f: any) => f.ipBlock).map((f: any) => f.ipBlock.cidr),
            ids.map(fakeSubnetCidrs()),
        );
        assert.deepStrictEqual(
            (find(p, T.namespace).inputs.metadata as any).labels["elbv2.k8s.aws/pod-readiness-gate-inject"],
            "enabled",
            "readiness gates keep rollouts from dropping calls in flight",
        );
    });
});

describe("program: endpoint settings the chart must not get", () => {
    it("rejects gateway.values.service (the endpoint manages it)", () =>
        rejects(baseConfig({ gateway: { values: { service: { type: "NodePort" } } } }), "gateway.values.service", /managed by the endpoint/));
    it("rejects gateway.values.ingress", () =>
        rejects(baseConfig({ gateway: { values: { ingress: { enabled: true } } } }), "gateway.values.ingress", /managed by the endpoint/));
    it("keeps load-balancer annotations off the chart: its service.annotations reach the ServiceAccounts and the dataservice", async () => {
        const p = await plan(lbConfig("internal-nlb", { gateway: { dataservice: { enabled: true } } }));
        assert.ok(!JSON.stringify(gatewayValues(p)).includes("aws-load-balancer"));
        assert.deepStrictEqual(gatewayValues(p).service, { type: "ClusterIP" });
    });
});
