// The value-level rules of the declaration, the settings that apply only in some configurations,
// and the documentation every key carries.
import * as assert from "assert";
import { CONFIG, DEFAULT_VERSIONS, IDENTITIES, NAT_GATEWAYS, RELOADER_SOURCES, SECRETS_MODES } from "./declaration";
import { Field, Fields, Section } from "./schema";
import { parseConfig } from "./index";
import { assertNotEchoed, MINIMAL, onMinimal, OPEN_IMAGE, parsed, problemsOf, rawMap } from "./testing";

const V = MINIMAL;
/** The single problem `cfg` (on top of MINIMAL) produces. */
function only(cfg: Record<string, unknown>): string {
    const list = problemsOf(onMinimal(cfg));
    assert.strictEqual(list.length, 1, list.join("\n"));
    return list[0];
}
/** The single problem of `cfg`, checked not to repeat `value`. */
function onlyNotEchoing(cfg: Record<string, unknown>, value: string): string {
    const line = only(cfg);
    assertNotEchoed([line], value);
    return line;
}

describe("the choices", () => {
    it("are the config reference's (docs/config-reference.md)", () => {
        assert.deepStrictEqual([...SECRETS_MODES], ["partial", "full", "mount-only"]);
        assert.deepStrictEqual([...IDENTITIES], ["irsa", "pod-identity"]);
        assert.deepStrictEqual([...RELOADER_SOURCES], ["install", "existing", "none"]);
        assert.deepStrictEqual([...NAT_GATEWAYS], ["single", "one-per-zone"]);
    });
});

describe("DEFAULT_VERSIONS", () => {
    // Kubernetes: the newest version in EKS standard support on 2026-11-30 (docs/versions.md).
    it("are the README's defaults (docs/upstream-facts.md#chart-source, docs/upstream-facts.md#driver-version, docs/upstream-facts.md#ascp-chart)", () =>
        assert.deepStrictEqual(
            { ...DEFAULT_VERSIONS },
            {
                gatewayChart: "1.7.7",
                csiDriverChart: "1.5.6",
                awsProviderChart: "3.1.1",
                reloaderChart: "2.2.16",
                metricsServerChart: "3.13.1",
                kubernetes: "1.36",
            },
        ));
});

describe("documentation", () => {
    function walk(fields: Fields, path: string, visit: (path: string, f: Field<unknown> | Section) => void): void {
        for (const [k, f] of Object.entries(fields)) {
            visit(`${path}${k}`, f);
            if (f.kind === "section") walk(f.fields, `${path}${k}.`, visit);
        }
    }
    it("every key has a sentence of doc; every computed default says how it is chosen", () => {
        const missing: string[] = [];
        walk(CONFIG, "", (path, f) => {
            if (!/^\S.*\.$/s.test(f.doc)) missing.push(`${path}: doc`);
            if (f.kind === "field" && typeof f.default === "function" && f.defaultDoc === undefined) missing.push(`${path}: defaultDoc`);
            if (f.kind === "field" && f.defaultDoc !== undefined && !/^\S/.test(f.defaultDoc)) missing.push(`${path}: empty defaultDoc`);
        });
        assert.deepStrictEqual(missing, []);
    });
    it("marks exactly secretValues and imageCredentials secret (docs/config-reference.md: **Secret.**)", () => {
        const secret: string[] = [];
        walk(CONFIG, "", (path, f) => f.secret === true && secret.push(path));
        assert.deepStrictEqual(secret, ["secretValues", "imageCredentials"]);
    });
});

describe("value rules", () => {
    it("namespace: a DNS-1123 label", () =>
        assert.strictEqual(
            onlyNotEchoing({ namespace: "Portkey_AI" }, "Portkey_AI"),
            "portkey-gateway:namespace: is not a valid namespace name. Fix: use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit.",
        ));
    it("cluster.name: EKS's cluster name", () =>
        assert.strictEqual(
            onlyNotEchoing({ cluster: { name: "-dev" } }, "-dev"),
            "portkey-gateway:cluster.name: is not a valid EKS cluster name. Fix: use letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters.",
        ));
    it("cluster.version: a Kubernetes minor version", () => {
        for (const v of ["1.3", "v1.33", "1.33.1", "2.0"])
            assert.strictEqual(
                onlyNotEchoing({ cluster: { version: v } }, `"${v}"`),
                `portkey-gateway:cluster.version: is not a Kubernetes minor version. Fix: use a version EKS supports, such as "1.36".`,
            );
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { version: "1.34" } }), []);
    });
    it("cluster.instanceTypes: a non-empty list of EC2 types", () => {
        assert.strictEqual(
            only({ cluster: { instanceTypes: [] } }),
            'portkey-gateway:cluster.instanceTypes: is empty. Fix: list at least one EC2 instance type, such as "m6i.large".',
        );
        assert.strictEqual(
            onlyNotEchoing({ cluster: { instanceTypes: ["m6i.large", "large"] } }, '"large"'),
            'portkey-gateway:cluster.instanceTypes: item 1 is not an EC2 instance type. Fix: use a type such as "m6i.large".',
        );
        for (const t of ["M6i.large", "m6i.", ".large", "m6i.large "])
            assert.match(only({ cluster: { instanceTypes: [t] } }), /is not an EC2 instance type/, t);
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { instanceTypes: ["c7g.2xlarge", "x2gd.xlarge"] } }), []);
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { instanceTypes: ["u-6tb1.metal"] } }), []);
    });
    it("node group sizes: EKS allows up to 450 nodes per managed node group", () => {
        assert.strictEqual(
            only({ cluster: { minSize: 1, desiredSize: 1, maxSize: 451 } }),
            "portkey-gateway:cluster.maxSize: expected a whole number from 1 to 450, got 451. Fix: set a number in that range.",
        );
        assert.strictEqual(
            only({ cluster: { maxSize: 0 } }),
            "portkey-gateway:cluster.maxSize: expected a whole number from 1 to 450, got 0. Fix: set a number in that range.",
        );
        assert.strictEqual(
            only({ cluster: { minSize: -1 } }),
            "portkey-gateway:cluster.minSize: expected a whole number from 0 to 450, got -1. Fix: set a number in that range.",
        );
        assert.strictEqual(
            only({ cluster: { desiredSize: 451 } }),
            "portkey-gateway:cluster.desiredSize: expected a whole number from 0 to 450, got 451. Fix: set a number in that range.",
        );
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { minSize: 450, maxSize: 450 } }), []);
        assert.strictEqual(
            only({ cluster: { minSize: 451 } }),
            "portkey-gateway:cluster.minSize: expected a whole number from 0 to 450, got 451. Fix: set a number in that range.",
        );
    });
    it("cluster.availabilityZoneCount: 2 to 6 (EKS needs subnets in two zones)", () => {
        assert.strictEqual(
            only({ cluster: { availabilityZoneCount: 1 } }),
            "portkey-gateway:cluster.availabilityZoneCount: expected a whole number from 2 to 6, got 1. Fix: set a number in that range.",
        );
        assert.strictEqual(
            only({ cluster: { availabilityZoneCount: 7 } }),
            "portkey-gateway:cluster.availabilityZoneCount: expected a whole number from 2 to 6, got 7. Fix: set a number in that range.",
        );
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { availabilityZoneCount: 6 } }), []);
    });
    // /16 is the largest VPC block AWS allows; /20 keeps the created subnets (an eighth per zone for pods) usable.
    it("cluster.vpcCidr: an IPv4 block from /16 to /20", () => {
        // An octet is 0-255 (RFC 791), which AWS CreateVpc checks only at deploy time.
        for (const v of [
            "10.0.0.0/15",
            "10.0.0.0/21",
            "192.168.1.0/24",
            "10.0.0.0/25",
            "10.0.0/16",
            "10.0.0.0",
            "10.0.0.0/16x",
            "x10.0.0.0/16",
            "256.0.0.0/16",
            "10.300.0.0/16",
            "10.0.999.0/20",
            "1.10.0.0.0/16",
        ]) {
            assert.strictEqual(
                onlyNotEchoing({ cluster: { vpcCidr: v } }, `"${v}"`),
                'portkey-gateway:cluster.vpcCidr: is not an IPv4 CIDR block from /16 to /20. Fix: use a block such as "10.0.0.0/16".',
            );
        }
        for (const v of ["10.1.0.0/16", "172.16.0.0/20", "10.0.0.0/17", "10.0.0.0/19", "255.255.0.0/16"])
            assert.deepStrictEqual(problemsOf({ ...V, cluster: { vpcCidr: v } }), [], v);
    });
    it("cluster.adminPrincipalArns: role or user ARNs", () =>
        assert.strictEqual(
            onlyNotEchoing(
                { cluster: { adminPrincipalArns: ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/ci/s"] } },
                "assumed-role/ci/s",
            ),
            "portkey-gateway:cluster.adminPrincipalArns: item 1 is not an IAM role or user ARN. Fix: give arn:<partition>:iam::<account>:role/<name> (not an assumed-role session ARN).",
        ));
    it("secret.kmsKeyArn: a key ARN, not an alias", () =>
        assert.strictEqual(
            onlyNotEchoing({ secret: { kmsKeyArn: "alias/portkey" } }, "alias/portkey"),
            "portkey-gateway:secret.kmsKeyArn: is not a KMS key ARN. Fix: give the key's ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (an alias cannot scope kms:Decrypt).",
        ));
    it("secret.recoveryWindowInDays: at most 30", () =>
        assert.strictEqual(
            only({ secret: { recoveryWindowInDays: 31 } }),
            "portkey-gateway:secret.recoveryWindowInDays: expected a whole number from 0 to 30, got 31. Fix: set a number in that range.",
        ));
    it("chart versions are pinned exactly", () => {
        const loose = (key: string) => `portkey-gateway:${key}: is not an exact chart version. Fix: pin an exact version such as "1.2.3".`;
        assert.strictEqual(onlyNotEchoing({ gateway: { chartVersion: "^1.7" } }, "^1.7"), loose("gateway.chartVersion"));
        assert.strictEqual(onlyNotEchoing({ addons: { csiDriverChartVersion: "1.6" } }, '"1.6"'), loose("addons.csiDriverChartVersion"));
        assert.strictEqual(onlyNotEchoing({ addons: { awsProviderChartVersion: "3.x" } }, "3.x"), loose("addons.awsProviderChartVersion"));
        assert.strictEqual(onlyNotEchoing({ rotation: { enabled: true, reloaderChartVersion: "2" } }, '"2"'), loose("rotation.reloaderChartVersion"));
    });
    it("Kubernetes object names are DNS-1123 subdomains", () => {
        const bad = (key: string, item = "") =>
            `portkey-gateway:${key}: ${item}is not a valid Kubernetes object name. Fix: use lower-case letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit.`;
        assert.strictEqual(onlyNotEchoing({ gateway: { serviceAccountName: "Gateway" } }, "Gateway"), bad("gateway.serviceAccountName"));
        assert.strictEqual(onlyNotEchoing({ gateway: { syncedSecretName: "aws_secrets" } }, "aws_secrets"), bad("gateway.syncedSecretName"));
        assert.strictEqual(onlyNotEchoing({ gateway: { imagePullSecrets: ["regcred", "Reg"] } }, "Reg"), bad("gateway.imagePullSecrets", "item 1 "));
        assert.strictEqual(
            onlyNotEchoing({ gateway: { dataservice: { enabled: true, serviceAccountName: "ds_" } } }, "ds_"),
            bad("gateway.dataservice.serviceAccountName"),
        );
        assert.deepStrictEqual(
            problemsOf(
                onMinimal({
                    gateway: { imagePullSecrets: ["regcred", "a.b"], serviceAccountName: "gw", dataservice: { enabled: true, serviceAccountName: "ds" } },
                }),
            ),
            [],
        );
    });
});

describe("settings that apply only in some configurations", () => {
    const na = (key: string, because: string, otherwise: string) => `portkey-gateway:${key}: ${because}. Fix: remove ${key}, or ${otherwise}.`;
    const existing = { create: false, name: "platform" };
    it("cluster settings of a created cluster", () => {
        const because = "only applies to a cluster the program creates (cluster.create is false)";
        for (const [k, v] of [
            ["version", "1.33"],
            ["supportType", "STANDARD"],
            ["vpcId", "vpc-0123456789abcdef0"],
            ["publicSubnetIds", ["subnet-0a1b2c3d4e5f60003"]],
            ["privateSubnetIds", ["subnet-0a1b2c3d4e5f60001"]],
            ["adminPrincipalArns", []],
        ] as const) {
            assert.strictEqual(only({ cluster: { ...existing, [k]: v } }), na(`cluster.${k}`, because, "set cluster.create to true"), k);
        }
    });
    it("node group settings of a created node-group cluster, refused on an existing one and under Auto Mode", () => {
        const because =
            "only applies to the managed node group of a cluster the program creates (cluster.create is false, or cluster.compute is auto-mode, whose built-in general-purpose pool picks on-demand amd64 C, M or R instances of generation 5 or later and grows with pending pods)";
        for (const [k, v] of [
            ["instanceTypes", ["m6i.large"]],
            ["amiFamily", "bottlerocket"],
            ["minSize", 1],
            ["desiredSize", 2],
            ["maxSize", 4],
        ] as const) {
            for (const cluster of [existing, { compute: "auto-mode" }])
                assert.strictEqual(
                    only({ cluster: { ...cluster, [k]: v } }),
                    na(`cluster.${k}`, because, "set cluster.compute to node-group on a created cluster"),
                    k,
                );
            assert.deepStrictEqual(problemsOf({ ...V, cluster: { compute: "node-group", [k]: v } }), [], k);
        }
    });
    it("network settings of a created network", () => {
        const because = "only applies to the network the program creates (cluster.create is false, or cluster.vpcId is set)";
        for (const [k, v] of [
            ["vpcCidr", "10.0.0.0/16"],
            ["availabilityZoneCount", 3],
            ["natGateways", "single"],
        ] as const) {
            assert.strictEqual(
                only({ cluster: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], [k]: v } }),
                na(`cluster.${k}`, because, "set cluster.create to true and remove cluster.vpcId"),
                k,
            );
            assert.deepStrictEqual(problemsOf({ ...V, cluster: { [k]: v } }), [], k);
        }
        assert.strictEqual(
            only({ cluster: { ...existing, natGateways: "single" } }),
            na("cluster.natGateways", because, "set cluster.create to true and remove cluster.vpcId"),
        );
    });
    it("Pod Identity agent settings with identity pod-identity", () => {
        const because =
            "the Pod Identity agent add-on applies only with identity pod-identity on a node-group cluster (under cluster.compute auto-mode the agent is built into every node)";
        const otherwise = "set identity to pod-identity on a cluster whose cluster.compute is node-group";
        assert.strictEqual(only({ cluster: { installPodIdentityAgent: true } }), na("cluster.installPodIdentityAgent", because, otherwise));
        assert.strictEqual(only({ cluster: { podIdentityAgentVersion: "v1.3.4-eksbuild.1" } }), na("cluster.podIdentityAgentVersion", because, otherwise));
        assert.strictEqual(
            only({ identity: "pod-identity", cluster: { compute: "auto-mode", podIdentityAgentVersion: "v1.3.4-eksbuild.1" } }),
            na("cluster.podIdentityAgentVersion", because, otherwise),
        );
        assert.deepStrictEqual(problemsOf({ ...V, identity: "pod-identity", cluster: { installPodIdentityAgent: false } }), []);
    });
    it("add-on versions when the program installs the add-ons", () => {
        for (const k of ["csiDriverChartVersion", "awsProviderChartVersion"]) {
            assert.strictEqual(
                only({ addons: { install: false, [k]: "1.0.0" } }),
                na(`addons.${k}`, "only applies when the program installs the add-ons (addons.install is false)", "set addons.install to true"),
            );
        }
    });
    it("rotation settings", () => {
        assert.strictEqual(
            only({ rotation: { pollInterval: "2h" } }),
            na("rotation.pollInterval", "is set but rotation.enabled is false", "set rotation.enabled to true"),
        );
        assert.strictEqual(
            only({ rotation: { enabled: true, reloader: "existing", reloaderChartVersion: "2.2.16" } }),
            na(
                "rotation.reloaderChartVersion",
                "only applies when the program installs Reloader (rotation.reloader is not install)",
                "set rotation.reloader to install",
            ),
        );
        assert.deepStrictEqual(problemsOf({ ...V, rotation: { enabled: true, pollInterval: "2h", reloaderChartVersion: "2.2.16" } }), []);
    });
    it("secret settings of a created or an adopted secret", () => {
        const adopted = { secretKeys: ["A"], gateway: { values: OPEN_IMAGE } };
        const created = "only applies to a secret the program creates (secret.existing is set)";
        assert.deepStrictEqual(problemsOf({ ...adopted, secret: { existing: "p", name: "n" } }), [na("secret.name", created, "remove secret.existing")]);
        assert.deepStrictEqual(problemsOf({ ...adopted, secret: { existing: "p", recoveryWindowInDays: 7 } }), [
            na("secret.recoveryWindowInDays", created, "remove secret.existing"),
        ]);
        assert.strictEqual(
            only({ secret: { checkKeys: false } }),
            na("secret.checkKeys", "only applies to an adopted secret (secret.existing is not set)", "set secret.existing"),
        );
        assert.deepStrictEqual(problemsOf({ ...adopted, secret: { existing: "p", checkKeys: false } }), []);
        assert.deepStrictEqual(problemsOf({ ...V, secret: { name: "team/portkey", recoveryWindowInDays: 7 } }), []);
    });
    it("gateway settings of the mode and the dataservice", () => {
        assert.strictEqual(
            // A key the open-source image reads from a file, so that mount-only is otherwise valid (derive/image.ts).
            only({ secretsMode: "mount-only", secretValues: { AZURE_CLIENT_ID: "c" }, gateway: { syncedSecretName: "s" } }),
            na("gateway.syncedSecretName", "mount-only mode creates no Kubernetes Secret", "use secretsMode partial or full"),
        );
        assert.strictEqual(
            only({ gateway: { dataservice: { serviceAccountName: "ds" } } }),
            na("gateway.dataservice.serviceAccountName", "is set but the dataservice is off", "set gateway.dataservice.enabled to true"),
        );
    });
});

describe("keys of the layouts", () => {
    const STACK = "acme/infra/prod";
    it("cluster.fromStack: <org>/<project>/<stack> (a StackReference name), not echoed", () => {
        for (const v of ["acme/infra", "acme/infra/prod/x", "acme infra/a/b"]) {
            assert.strictEqual(
                onlyNotEchoing({ cluster: { fromStack: v } }, v),
                "portkey-gateway:cluster.fromStack: is not a fully qualified stack name. Fix: give <org>/<project>/<stack>, each part letters, digits, '-', '_' or '.'.",
            );
        }
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { fromStack: "acme_1/infra.x/prod-2" } }), []);
    });
    it("cluster.fromStack makes cluster.create default to false and excludes cluster.name", () => {
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { fromStack: STACK } }), []);
        assert.strictEqual(
            only({ cluster: { fromStack: STACK, name: "c" } }),
            "portkey-gateway:cluster.name: the cluster comes from another stack (cluster.fromStack is set), which names it. Fix: remove cluster.name, or remove cluster.fromStack.",
        );
    });
    it("cluster.fromStackOutputs: only with cluster.fromStack; the OIDC outputs only with IRSA; exact names", () => {
        assert.strictEqual(
            only({ cluster: { fromStackOutputs: { kubeconfig: "kc" } } }),
            "portkey-gateway:cluster.fromStackOutputs: only applies to a cluster taken from another stack (cluster.fromStack is not set). Fix: remove cluster.fromStackOutputs, or set cluster.fromStack.",
        );
        assert.strictEqual(
            only({ identity: "pod-identity", cluster: { fromStack: STACK, fromStackOutputs: { oidcIssuer: "issuer" } } }),
            "portkey-gateway:cluster.fromStackOutputs.oidcIssuer: the OIDC outputs are read only with identity irsa. Fix: remove cluster.fromStackOutputs.oidcIssuer, or set identity to irsa.",
        );
        assert.strictEqual(
            onlyNotEchoing({ cluster: { fromStack: STACK, fromStackOutputs: { clusterName: " eksName" } } }, " eksName"),
            "portkey-gateway:cluster.fromStackOutputs.clusterName: has leading or trailing spaces. Fix: give the output's exact name.",
        );
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { fromStack: STACK, fromStackOutputs: { kubeconfig: "kc", oidcProviderArn: "oidc" } } }), []);
    });
    it("secret.failoverRegion: a region code; secret.failoverKmsKeyArn: a key ARN, only with a failover region", () => {
        assert.strictEqual(
            onlyNotEchoing({ secret: { failoverRegion: "Oregon" } }, "Oregon"),
            'portkey-gateway:secret.failoverRegion: is not an AWS region code. Fix: give a region such as "us-west-2".',
        );
        const key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert.strictEqual(
            only({ secret: { failoverKmsKeyArn: key } }),
            "portkey-gateway:secret.failoverKmsKeyArn: only applies with a failover region (secret.failoverRegion is not set). Fix: remove secret.failoverKmsKeyArn, or set secret.failoverRegion.",
        );
        assert.strictEqual(
            onlyNotEchoing({ secret: { failoverRegion: "us-west-2", failoverKmsKeyArn: "alias/replica" } }, "alias/replica"),
            only({ secret: { kmsKeyArn: "alias/x" } }).replace("secret.kmsKeyArn", "secret.failoverKmsKeyArn"),
        );
        assert.deepStrictEqual(problemsOf({ ...V, secret: { failoverRegion: "us-west-2" } }), []);
    });
});

describe("keys of the availability profile", () => {
    it("defaults: production-like stacks get 2 replicas and a budget of 1, others 1 and none (docs/availability.md)", () => {
        const { raw, secretKeys } = rawMap({ ...MINIMAL, protect: false });
        const at = (stack: string) => {
            const g = parseConfig(raw, secretKeys, stack).gateway;
            return [g.replicas, g.minAvailable, g.dataservice.replicas, g.dataservice.minAvailable];
        };
        assert.deepStrictEqual(
            [at("dev"), at("eu-prod")],
            [
                [1, 0, 1, 0],
                [2, 1, 2, 1],
            ],
        );
    });
    it("gateway.replicas only without autoscaling; the autoscaling bounds only with it", () => {
        assert.strictEqual(
            only({ gateway: { replicas: 3, autoscaling: { enabled: true } } }),
            "portkey-gateway:gateway.replicas: is not honoured while gateway.autoscaling.enabled is true (the HPA owns the replica count). Fix: remove gateway.replicas, or set gateway.autoscaling.enabled to false.",
        );
        for (const k of ["min", "max", "targetCPU"]) {
            assert.strictEqual(
                only({ gateway: { autoscaling: { [k]: 50 } } }),
                `portkey-gateway:gateway.autoscaling.${k}: is set but gateway.autoscaling.enabled is false. Fix: remove gateway.autoscaling.${k}, or set gateway.autoscaling.enabled to true.`,
            );
        }
        assert.deepStrictEqual(problemsOf(onMinimal({ gateway: { autoscaling: { enabled: true, min: 3, max: 9, targetCPU: 60 } } })), []);
    });
    it("ranges: replicas 1-100, targetCPU 10-100 percent", () => {
        assert.strictEqual(
            only({ gateway: { replicas: 0 } }),
            "portkey-gateway:gateway.replicas: expected a whole number from 1 to 100, got 0. Fix: set a number in that range.",
        );
        assert.strictEqual(
            only({ gateway: { autoscaling: { enabled: true, targetCPU: 5 } } }),
            "portkey-gateway:gateway.autoscaling.targetCPU: expected a whole number from 10 to 100, got 5. Fix: set a number in that range.",
        );
    });
    it("resources: each container's keys say whose they are (docs/config-reference.md rows)", () => {
        const g = CONFIG.gateway.fields;
        assert.strictEqual(g.resources.fields.requests.fields.cpu.doc, "CPU request of the gateway.");
        assert.strictEqual(
            g.dataservice.fields.resources.fields.limits.fields.memory.doc,
            "Memory limit of the dataservice; above it the container is OOM-killed and restarted.",
        );
    });
    it("resources: Kubernetes quantities, not echoed", () => {
        const cpu = 'is not a CPU quantity. Fix: use cores or millicores, such as "500m" or "1".';
        const memory = 'is not a memory quantity. Fix: use a size such as "512Mi" or "1Gi".';
        assert.strictEqual(
            onlyNotEchoing({ gateway: { resources: { requests: { cpu: "half" } } } }, "half"),
            `portkey-gateway:gateway.resources.requests.cpu: ${cpu}`,
        );
        assert.strictEqual(
            onlyNotEchoing({ gateway: { resources: { limits: { cpu: "2 cores" } } } }, "2 cores"),
            `portkey-gateway:gateway.resources.limits.cpu: ${cpu}`,
        );
        assert.strictEqual(
            onlyNotEchoing({ gateway: { resources: { requests: { memory: "512MB" } } } }, "512MB"),
            `portkey-gateway:gateway.resources.requests.memory: ${memory}`,
        );
        assert.strictEqual(
            onlyNotEchoing({ gateway: { resources: { limits: { memory: "lots" } } } }, "lots"),
            `portkey-gateway:gateway.resources.limits.memory: ${memory}`,
        );
        assert.deepStrictEqual(
            problemsOf(onMinimal({ gateway: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } } } })),
            [],
        );
    });
    it("dataservice settings only with the dataservice", () => {
        for (const [k, v] of [
            ["replicas", 2],
            ["minAvailable", 1],
            ["resources", { requests: { cpu: "1" } }],
        ] as const) {
            assert.strictEqual(
                only({ gateway: { dataservice: { [k]: v } } }),
                `portkey-gateway:gateway.dataservice.${k}: is set but the dataservice is off. Fix: remove gateway.dataservice.${k}, or set gateway.dataservice.enabled to true.`,
            );
        }
        assert.deepStrictEqual(problemsOf(onMinimal({ gateway: { dataservice: { enabled: true, replicas: 4, minAvailable: 3 } } })), []);
    });
});

describe("other merged keys", () => {
    it("cluster.natGateways: single or one-per-zone, the value not echoed", () => {
        assert.strictEqual(
            onlyNotEchoing({ cluster: { natGateways: "none" } }, "none"),
            "portkey-gateway:cluster.natGateways: is not one of the accepted values. Fix: use one of single, one-per-zone.",
        );
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { natGateways: "one-per-zone" } }), []);
    });
    it("protect: a flag, true by default", () => {
        assert.strictEqual(parsed().protect, true);
        assert.strictEqual(parsed({ ...V, protect: false }).protect, false);
        assert.match(only({ protect: "yes" }), /^portkey-gateway:protect: /);
    });
    it("secret.checkKeys: a flag for an adopted secret", () => {
        const adopted = { secretKeys: ["A"], gateway: { values: OPEN_IMAGE }, secret: { existing: "prod/portkey", checkKeys: false } };
        assert.strictEqual(parsed(adopted).secret.checkKeys, false);
        assert.match(problemsOf({ ...adopted, secret: { existing: "prod/portkey", checkKeys: "no" } })[0], /^portkey-gateway:secret\.checkKeys: /);
    });
    it("cluster.desiredSize may be 0 in range (the node-count rule rejects a created cluster without nodes)", () =>
        assert.match(only({ cluster: { minSize: 0, desiredSize: 0 } }), /^portkey-gateway:cluster\.desiredSize: is 0, /));
});
