// The expected state for configs the shipped stacks do not cover. Names and annotation keys are
// upstream facts: Reloader's README (stakater/Reloader, "secret.reloader.stakater.com/reload",
// "secretproviderclass.reloader.stakater.com/reload"), EKS IRSA's eks.amazonaws.com/role-arn, the
// eks-pod-identity-agent add-on; the whole-secret file is the objectAlias the class gives it (derive/secretProviderClass.ts).
import * as assert from "assert";
import { onMinimal, OPEN_IMAGE, parsed } from "../config/testing";
import { expectedState, expectedStateForStack } from "./expected";

const ROLE = "arn:aws:iam::111122223333:role/portkey";
const of = (cfg: Record<string, unknown>, roleArn?: string) => expectedState(parsed(onMinimal(cfg)), "eu-west-1", { roleArn, stack: "s" });

describe("expectedState", () => {
    it("expects the IRSA annotation with the given role, and no Pod Identity agent, with irsa", () => {
        const e = of({}, ROLE);
        assert.deepStrictEqual(e.serviceAccounts, [
            { name: "portkey-gateway", roleArnAnnotation: "eks.amazonaws.com/role-arn", annotation: "present", roleArn: ROLE },
        ]);
        assert.strictEqual(e.podIdentityAgent, undefined);
        assert.strictEqual(e.stack, "s");
    });
    it("expects no annotation and the Pod Identity agent with pod-identity", () => {
        const e = of({ identity: "pod-identity" }, ROLE);
        assert.deepStrictEqual(
            e.serviceAccounts.map((a) => [a.annotation, a.roleArn]),
            [["absent", undefined]],
        );
        assert.deepStrictEqual(e.podIdentityAgent, { daemonSet: "eks-pod-identity-agent" });
    });
    // EKS user guide: auto-net-pol (the ConfigMap amazon-vpc-cni in kube-system, enable-network-policy-controller
    // "true"), automode ("You do not have to install the EKS Pod Identity Agent on EKS Auto Mode clusters").
    it("under EKS Auto Mode expects its ConfigMap switch (set by the stack only on a cluster it creates), its node pools, no agent add-on", () => {
        const existing = of({ identity: "pod-identity", cluster: { create: false, name: "shared", compute: "auto-mode" } }, ROLE);
        assert.strictEqual(existing.compute, "auto-mode");
        assert.deepStrictEqual(existing.networkPolicySwitch, {
            namespace: "kube-system",
            name: "amazon-vpc-cni",
            key: "enable-network-policy-controller",
            value: "true",
            setBy: "platform",
        });
        assert.strictEqual(existing.podIdentityAgent, undefined);
        assert.strictEqual(existing.scaling.capacity, "auto-mode");
        const created = parsed(onMinimal({ identity: "pod-identity" }));
        const e = expectedState({ ...created, cluster: { ...created.cluster, compute: "auto-mode" } }, "eu-west-1", { stack: "s" });
        assert.strictEqual(e.networkPolicySwitch?.setBy, "stack");
        assert.strictEqual(e.scaling.capacity, "auto-mode");
        const nodeGroup = of({ identity: "pod-identity", cluster: { create: false, name: "shared" } });
        assert.deepStrictEqual([nodeGroup.compute, nodeGroup.networkPolicySwitch, nodeGroup.scaling.capacity], ["node-group", undefined, "platform"]);
    });
    it("expects no Reloader without rotation, and its annotation per mode with it", () => {
        assert.deepStrictEqual(of({}).reloader, { source: "none", needed: false, csiIntegration: false, annotationKey: undefined });
        assert.deepStrictEqual(of({ rotation: { enabled: true } }).reloader, {
            source: "install",
            needed: true,
            csiIntegration: false,
            annotationKey: "secret.reloader.stakater.com/reload",
        });
        // mount-only on the open-source image takes only keys it reads from files (derive/image.ts).
        assert.deepStrictEqual(
            of({ secretsMode: "mount-only", secretValues: { AZURE_CLIENT_ID: "c" }, rotation: { enabled: true, reloader: "existing" } }).reloader,
            {
                source: "existing",
                needed: true,
                csiIntegration: true,
                annotationKey: "secretproviderclass.reloader.stakater.com/reload",
            },
        );
    });
    it("expects the dataservice Deployment beside the gateway's when it is on", () => {
        const e = of({ rotation: { enabled: true }, gateway: { dataservice: { enabled: true } } });
        assert.deepStrictEqual(
            e.deployments.map((d) => [d.name, d.role, d.serviceAccount, Object.keys(d.reloadAnnotations)]),
            [
                ["portkey-gateway", "gateway", "portkey-gateway", ["secret.reloader.stakater.com/reload"]],
                ["portkey-gateway-dataservice", "dataservice", "portkey-gateway-dataservice", ["secret.reloader.stakater.com/reload"]],
            ],
        );
        assert.strictEqual(of({}).deployments.length, 1);
    });
    it("keeps at least one pod ready and spreads over two zones only from two pods on", () => {
        const one = of({ protect: false }).deployments[0];
        assert.deepStrictEqual([one.replicas, one.minReady, one.minZones], [1, 1, 1]);
        const two = of({ gateway: { replicas: 2, minAvailable: 1 } }).deployments[0];
        assert.deepStrictEqual([two.replicas, two.minReady, two.minZones], [2, 1, 2]);
        const three = of({ gateway: { replicas: 3, minAvailable: 2 } }).deployments[0];
        assert.deepStrictEqual([three.minReady, three.minZones], [2, 2]);
        const scaled = of({ gateway: { autoscaling: { enabled: true, min: 2, max: 4 } } }).deployments[0];
        assert.deepStrictEqual([scaled.replicas, scaled.minZones], [undefined, 2]);
    });
    it("expects every env var from its place, sorted by name: secretKeyRef, file path or literal", () => {
        const cfg = { secretValues: { OPENAI_API_KEY: "sk", ANTHROPIC_API_KEY: "sk" }, env: { LOG_LEVEL: "info" } };
        assert.deepStrictEqual(of(cfg).gatewayEnv, [
            { name: "ANTHROPIC_API_KEY", from: "secret", secretName: "portkey-gateway-aws-secrets", key: "ANTHROPIC_API_KEY" },
            { name: "LOG_LEVEL", from: "literal", value: "info" },
            { name: "OPENAI_API_KEY", from: "secret", secretName: "portkey-gateway-aws-secrets", key: "OPENAI_API_KEY" },
        ]);
        // mount-only on the open-source image takes only keys it reads from files (derive/image.ts).
        const files = { ...cfg, secretValues: { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" }, secretsMode: "mount-only" };
        assert.deepStrictEqual(
            of(files).gatewayEnv.map((e) => [e.name, e.from, e.from === "file" ? e.path : undefined]),
            [
                ["AZURE_CLIENT_ID", "file", "/mnt/secrets-store/AZURE_CLIENT_ID"],
                ["AZURE_TENANT_ID", "file", "/mnt/secrets-store/AZURE_TENANT_ID"],
                ["LOG_LEVEL", "literal", undefined],
            ],
        );
        const e = of(cfg);
        assert.deepStrictEqual(e.awsKeys, ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"]);
        assert.deepStrictEqual(e.mount.objectIds, ["secret.json", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"]);
        assert.deepStrictEqual(e.syncedSecret, { name: "portkey-gateway-aws-secrets", keys: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"] });
    });
});

describe("expectedStateForStack", () => {
    it("names the stack it loaded and passes the role on", () => {
        const e = expectedStateForStack("dev", { roleArn: ROLE });
        assert.strictEqual(e.stack, "dev");
        assert.strictEqual(e.serviceAccounts[0].roleArn, ROLE);
    });
});

// What `helm template` of Portkey-AI/helm charts/portkey-gateway 1.7.7 (576a626) renders from the values
// `npm run plan -- --stack prod --out` writes, read off that render: the fields the chart rows compare.
describe("expectedState: the chart's objects as chart 1.7.7 renders prod's values", () => {
    const e = expectedStateForStack("prod");
    const [gateway, dataservice] = e.applied.chart as Array<{ metadata: { name: string }; spec: any }>;
    it("the gateway's Deployment", () => {
        const pod = gateway.spec.template;
        assert.deepStrictEqual(
            {
                name: gateway.metadata.name,
                replicas: gateway.spec.replicas,
                labels: pod.metadata.labels,
                grace: pod.spec.terminationGracePeriodSeconds,
                pullSecrets: pod.spec.imagePullSecrets,
                containers: pod.spec.containers.map((c: any) => [c.name, c.image, c.lifecycle, c.readinessProbe, c.volumeMounts]),
                volumes: pod.spec.volumes,
                spread: pod.spec.topologySpreadConstraints.map((t: any) => [t.topologyKey, t.whenUnsatisfiable]),
            },
            {
                name: "portkey-gateway",
                // prod autoscales: the chart renders no replicas.
                replicas: undefined,
                labels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
                grace: 180,
                pullSecrets: [{ name: "portkey-enterprise-pull" }],
                containers: [
                    [
                        "gateway",
                        "docker.io/portkeyai/gateway_enterprise:2.13.0",
                        { preStop: { sleep: { seconds: 150 } } },
                        { periodSeconds: 10 },
                        [{ name: "secrets-store", mountPath: "/mnt/secrets-store", readOnly: true }],
                    ],
                ],
                volumes: [
                    {
                        name: "secrets-store",
                        csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "portkey-gateway-aws-secrets" } },
                    },
                ],
                spread: [
                    ["topology.kubernetes.io/zone", "ScheduleAnyway"],
                    ["kubernetes.io/hostname", "DoNotSchedule"],
                ],
            },
        );
    });
    it("the dataservice's Deployment", () => {
        const pod = dataservice.spec.template;
        assert.deepStrictEqual(
            [
                dataservice.metadata.name,
                dataservice.spec.replicas,
                pod.spec.imagePullSecrets,
                pod.spec.containers.map((c: any) => c.name),
                pod.spec.volumes.map((v: any) => v.name),
            ],
            ["portkey-gateway-dataservice", 2, [{ name: "portkey-enterprise-pull" }], ["dataservice"], ["secrets-store"]],
        );
    });
    it("the chart's Services: the selectors of the chart's labels, no load balancer annotation", () => {
        assert.deepStrictEqual(
            e.applied.chartServices.map((s) => [s.metadata.name, s.metadata.annotations, s.spec]),
            [
                ["portkey-gateway", {}, { selector: { "app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey" } }],
                [
                    "portkey-gateway-dataservice",
                    {},
                    {
                        selector: {
                            "app.kubernetes.io/name": "gateway",
                            "app.kubernetes.io/instance": "portkey",
                            "app.kubernetes.io/component": "portkey-gateway-dataservice",
                        },
                    },
                ],
            ],
        );
        // dev runs the chart's Redis (Portkey-AI/helm charts/portkey-gateway/templates/redis/service.yaml).
        assert.deepStrictEqual(expectedStateForStack("dev").applied.chartServices.find((s) => s.metadata.name === "redis")?.spec, {
            selector: { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "portkey" },
        });
    });
    it("sidecars a stack sets through gateway.values are containers of the pods (Portkey-AI/helm charts/portkey-gateway/templates/gateway/deployment.yaml and dataservice/deployment.yaml render them)", () => {
        const sidecar = { name: "log-shipper", image: "fluent/fluent-bit:3.2" };
        const cfg = parsed(
            onMinimal({
                gateway: {
                    dataservice: { enabled: true },
                    values: { ...OPEN_IMAGE, sidecars: [sidecar], dataservice: { deployment: { sidecars: [sidecar] } } },
                },
                identity: "pod-identity",
            }),
        );
        const [gw, ds] = expectedState(cfg, "eu-west-1").applied.chart as Array<{ spec: any }>;
        assert.deepStrictEqual(
            [gw, ds].map((d) => d.spec.template.spec.containers.map((c: { name: string }) => c.name)),
            [
                ["gateway", "log-shipper"],
                ["dataservice", "log-shipper"],
            ],
        );
    });
    it("the open-source image pinned by the program, and no pull secrets where there are none", () => {
        const open = expectedState(parsed(onMinimal({})), "eu-west-1").applied.chart[0].spec as any;
        assert.strictEqual(open.template.spec.imagePullSecrets, undefined);
        // The stack's repository (config/testing.ts onMinimal: portkeyai/gateway) with the tag the program pins for it (derive/image.ts).
        assert.strictEqual(open.template.spec.containers[0].image, "portkeyai/gateway:1.15.2");
    });
});
