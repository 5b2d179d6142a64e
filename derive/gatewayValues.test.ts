import * as assert from "assert";
import { gatewayChartValues } from "./gatewayValues";
import { gatewayNames } from "./names";
import { IDENTITY_NAMES, MODE_NAMES, testConfig } from "./testing";
import type { ConfigOverrides } from "./testing";

const ROLE = "arn:aws:iam::123456789012:role/portkey-role";
const DATASERVICE_ROLE = "arn:aws:iam::123456789012:role/portkey-dataservice-role";
const CREDS = { registry: "https://index.docker.io/v1/", username: "u", password: "p" };

/** The values without what derive/availability.ts and the security contexts of derive/workloadSecurity.ts add (tested beside them). */
function values(o: ConfigOverrides = {}): any {
    const cfg = testConfig(o);
    const v: any = gatewayChartValues(cfg, gatewayNames(cfg), ROLE, DATASERVICE_ROLE);
    for (const k of [
        "replicaCount",
        "autoscaling",
        "resources",
        "strategy",
        "readinessProbe",
        "topologySpreadConstraints",
        "podSecurityContext",
        "securityContext",
    ])
        delete v[k];
    for (const k of ["replicas", "resources", "topologySpreadConstraints", "podSecurityContext", "securityContext"]) delete v.dataservice?.deployment?.[k];
    return v;
}

// docs/upstream-facts.md#chart-volumes: the gateway uses top-level volumes/volumeMounts, the dataservice only
// dataservice.deployment.*; docs/upstream-facts.md#driver-chart: the CSI driver is `secrets-store.csi.k8s.io`.
const VOLUME = {
    name: "secrets-store",
    csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "portkey-gateway-aws-secrets" } },
};
const MOUNT = { name: "secrets-store", mountPath: "/mnt/secrets-store", readOnly: true };

describe("gatewayChartValues", () => {
    it("partial × IRSA: annotated service account, no chart pull secret, the CSI mount, explicit env", () => {
        const v = values();
        const data = Object.fromEntries(Object.entries(v.environment.data).filter(([, x]) => x !== ""));
        assert.deepStrictEqual(
            { ...v, environment: { ...v.environment, data } },
            {
                // docs/upstream-facts.md#chart-service-accounts: serviceAccount.create defaults to false and the chart needs a name.
                // Chart values.yaml `serviceAccount.automount` (default true) is the ServiceAccount's automountServiceAccountToken.
                serviceAccount: { create: true, automount: false, name: "portkey-gateway", annotations: { "eks.amazonaws.com/role-arn": ROLE } },
                // docs/upstream-facts.md#chart-image: the default imageCredentials entry makes a pull secret from placeholders.
                imageCredentials: [],
                imagePullSecrets: [],
                environment: {
                    create: false,
                    existingSecret: "portkey-gateway-aws-secrets",
                    secretKeys: ["OPENAI_API_KEY", "REDIS_URL"],
                    data: { LOG_LEVEL: "info" },
                },
                volumes: [VOLUME],
                volumeMounts: [MOUNT],
                dataservice: { enabled: false },
                // docs/endpoint.md: no NodePort anywhere; the chart defaults service.type and redis.serviceType to NodePort
                // (charts/portkey-gateway values.yaml, chart 1.7.7) and renders no Ingress of its own.
                service: { type: "ClusterIP" },
                mcpService: { type: "ClusterIP" },
                ingress: { enabled: false },
                redis: { serviceType: "ClusterIP" },
            },
        );
    });

    for (const mode of MODE_NAMES) {
        for (const identity of IDENTITY_NAMES) {
            it(`${mode} × ${identity}: the role annotation only with IRSA, each service account with its own role`, () => {
                const v = values({ secretsMode: mode, identity, gateway: { dataservice: { enabled: true } } });
                const annotations = identity === "irsa" ? { "eks.amazonaws.com/role-arn": ROLE } : {};
                const dataservice = identity === "irsa" ? { "eks.amazonaws.com/role-arn": DATASERVICE_ROLE } : {};
                assert.deepStrictEqual(v.serviceAccount, { create: true, automount: false, name: "portkey-gateway", annotations });
                // Portkey-AI/helm charts/portkey-gateway/templates/dataservice/service-account.yaml (gateway-1.7.7): the dataservice's account takes dataservice.serviceAccount.annotations.
                assert.deepStrictEqual(v.dataservice, {
                    enabled: true,
                    serviceAccount: { create: true, name: "portkey-gateway-dataservice", annotations: dataservice },
                    deployment: { volumes: [VOLUME], volumeMounts: [MOUNT] },
                });
                assert.strictEqual(v.environment.create, mode === "mount-only");
            });
        }
    }

    it("mount-only: env values are file paths under the mount", () => {
        const v = values({ secretsMode: "mount-only", gateway: { mountPath: "/var/run/portkey" } });
        assert.deepStrictEqual(v.environment, {
            create: true,
            secret: false,
            data: { LOG_LEVEL: "info", OPENAI_API_KEY: "/var/run/portkey/OPENAI_API_KEY", REDIS_URL: "/var/run/portkey/REDIS_URL" },
        });
        assert.deepStrictEqual(v.volumeMounts, [{ name: "secrets-store", mountPath: "/var/run/portkey", readOnly: true }]);
    });

    it("lists the program's pull secret first, then the ones named in config", () => {
        assert.deepStrictEqual(values({ imageCredentials: CREDS, gateway: { imagePullSecrets: ["org-pull"] } }).imagePullSecrets, [
            { name: "portkey-gateway-image-pull" },
            { name: "org-pull" },
        ]);
        assert.deepStrictEqual(values({ gateway: { imagePullSecrets: ["a", "b"] } }).imagePullSecrets, [{ name: "a" }, { name: "b" }]);
        assert.deepStrictEqual(values({ imageCredentials: CREDS }).imagePullSecrets, [{ name: "portkey-gateway-image-pull" }]);
    });

    it("merges gateway.values underneath: unmanaged keys stay, managed keys win", () => {
        const v = values({
            gateway: { values: { service: { type: "ClusterIP" }, revisionHistoryLimit: 3, serviceAccount: { create: false, automount: true } } },
        });
        assert.deepStrictEqual(v.service, { type: "ClusterIP" });
        assert.strictEqual(v.revisionHistoryLimit, 3);
        assert.deepStrictEqual(v.serviceAccount, {
            create: true,
            automount: false,
            name: "portkey-gateway",
            annotations: { "eks.amazonaws.com/role-arn": ROLE },
        });
    });

    it("the availability values win over gateway.values", () => {
        const cfg = testConfig({ gateway: { replicas: 2, values: { replicaCount: 5, strategy: { type: "Recreate" } } } });
        const v: any = gatewayChartValues(cfg, gatewayNames(cfg), ROLE, DATASERVICE_ROLE);
        assert.strictEqual(v.replicaCount, 2);
        assert.deepStrictEqual(v.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    });

    it("a load balancer: the grace period outlasts the preStop delay by default, and a longer one of the stack's stays", () => {
        const lb = {
            type: "internal-alb" as const,
            certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
            hostname: "gw.example.com",
            inboundCidrs: ["10.0.0.0/8"],
        };
        const grace = (o: ConfigOverrides) => values(o).terminationGracePeriodSeconds;
        assert.strictEqual(grace({}), undefined);
        assert.strictEqual(grace({ endpoint: lb }), 90);
        assert.strictEqual(grace({ endpoint: lb, gateway: { values: { terminationGracePeriodSeconds: 300 } } }), 300);
        assert.deepStrictEqual(values({ endpoint: lb }).extraContainerConfig, { lifecycle: { preStop: { sleep: { seconds: 60 } } } });
    });
});
