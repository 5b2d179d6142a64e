// parseConfig end to end: the documented defaults (docs/config-reference.md), one message with every problem, the assembled
// fields, and messages that name the key and never quote a secret.
import * as assert from "assert";
import { CHART_RENDER_KEYS, ConfigError, isSecretArn, parseConfig, PROJECT, SECRET_CONFIG_KEYS } from "./index";
import { CANARIES, MINIMAL, OPEN_IMAGE, onMinimal, parsed, PROBLEM_FORM, problemsOf, problemsOfRaw, rawMap } from "./testing";

describe("parseConfig", () => {
    it("applies the documented defaults to the minimal stack", () =>
        assert.deepStrictEqual(parsed(MINIMAL, "qa"), {
            secretsMode: "partial",
            identity: "irsa",
            namespace: "portkeyai",
            createNamespace: true,
            // docs/endpoint.md: a ClusterIP Service only, no other namespace admitted, the ALB idle timeout at 600 s.
            endpoint: {
                type: "cluster",
                certificateArn: undefined,
                hostname: undefined,
                inboundCidrs: [],
                allowedNamespaces: [],
                loadBalancerSubnetIds: undefined,
                idleTimeoutSeconds: 600,
            },
            protect: true,
            cluster: {
                fromStack: undefined,
                fromStackOutputs: { kubeconfig: "kubeconfig", clusterName: "clusterName", oidcProviderArn: "oidcProviderArn", oidcIssuer: "oidcIssuer" },
                create: true,
                name: "portkey-qa",
                version: "1.36",
                supportType: "EXTENDED",
                kubernetesVersion: "1.36",
                instanceTypes: ["m6i.large"],
                minSize: 2,
                desiredSize: 2,
                maxSize: 4,
                vpcId: undefined,
                publicSubnetIds: undefined,
                privateSubnetIds: undefined,
                vpcCidr: "10.0.0.0/16",
                availabilityZoneCount: 3,
                natGateways: "single",
                adminPrincipalArns: [],
                amiFamily: "al2023",
                // docs/availability.md, "Nodes that follow the pods".
                compute: "node-group",
                installPodIdentityAgent: false,
                podIdentityAgentVersion: undefined,
            },
            addons: {
                loadBalancerController: "none",
                loadBalancerControllerVersion: undefined,
                // docs/availability.md, "The metrics API": installed on a created cluster; two replicas where protect is on.
                metricsServer: "install",
                metricsServerReplicas: 2,
                install: true,
                csiDriverChartVersion: "1.5.6",
                awsProviderChartVersion: "3.1.1",
            },
            rotation: { enabled: false, pollInterval: "1h", reloader: "none", reloaderChartVersion: "2.2.16" },
            secret: {
                name: "portkey/gateway/config",
                existing: undefined,
                kmsKeyArn: undefined,
                failoverRegion: undefined,
                failoverKmsKeyArn: undefined,
                recoveryWindowInDays: 30,
                checkKeys: true,
            },
            secretValues: { OPENAI_API_KEY: "sk-minimal" },
            secretKeys: undefined,
            env: {},
            logStore: undefined,
            bedrock: undefined,
            gateway: {
                releaseName: "portkey",
                chartVersion: "1.7.7",
                serviceAccountName: undefined,
                mountPath: "/mnt/secrets-store",
                syncedSecretName: undefined,
                imagePullSecrets: [],
                // No gateway.capacity: nothing is sized from a peak (docs/availability.md, "Sizing from the figures").
                capacity: undefined,
                // docs/availability.md: 2 replicas on a protected stack, a budget one below, 500m/512Mi requests, a 1Gi limit.
                replicas: 2,
                autoscaling: { enabled: false, min: 2, max: 6, targetCPU: 70 },
                minAvailable: 1,
                resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: undefined, memory: "1Gi" } },
                values: OPEN_IMAGE,
                image: "open-source",
                dataservice: {
                    enabled: false,
                    serviceAccountName: undefined,
                    finetunesBucket: undefined,
                    logExportsBucket: undefined,
                    replicas: 2,
                    minAvailable: 1,
                    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: undefined, memory: "1Gi" } },
                },
            },
            imageCredentials: undefined,
            awsKeys: ["OPENAI_API_KEY"],
            region: "eu-west-1",
        }));
    it("names the default cluster after the stack, dev unless given", () => {
        const { raw, secretKeys } = rawMap(MINIMAL);
        assert.strictEqual(parseConfig(raw, secretKeys).cluster.name, "portkey-dev");
    });
    it("treats every key as plaintext unless marked secret", () => {
        const { raw } = rawMap(MINIMAL);
        assert.throws(
            () => parseConfig(raw),
            (e: unknown) => e instanceof ConfigError && e.problems.length === 1 && e.problems[0].startsWith("portkey-gateway:secretValues: holds plaintext"),
        );
    });
    it("defaults desiredSize to minSize and Reloader to install with rotation", () => {
        const c = parsed({ ...MINIMAL, cluster: { minSize: 3 }, rotation: { enabled: true } });
        assert.deepStrictEqual([c.cluster.desiredSize, c.rotation.reloader], [3, "install"]);
    });
    it("installs the Pod Identity agent only with pod-identity, by default on a created cluster", () => {
        const agent = (identity: string, cluster: Record<string, unknown>) => parsed({ ...MINIMAL, identity, cluster }).cluster.installPodIdentityAgent;
        assert.deepStrictEqual(
            [
                agent("pod-identity", {}),
                agent("pod-identity", { create: false, name: "c" }),
                agent("pod-identity", { create: false, name: "c", installPodIdentityAgent: true }),
                agent("irsa", {}),
            ],
            [true, false, true, false],
        );
    });
    it("assembles env, credentials, AWS keys and region", () => {
        const c = parsed({
            secretValues: { A: "a-value", B: "b-value" },
            secretKeys: ["B", "A"],
            env: { LOG_LEVEL: "info" },
            imageCredentials: { username: "u", password: "p" },
            gateway: { values: OPEN_IMAGE },
        });
        assert.deepStrictEqual(c.env, { LOG_LEVEL: "info" });
        assert.deepStrictEqual(c.imageCredentials, { registry: "https://index.docker.io/v1/", username: "u", password: "p", email: undefined });
        assert.deepStrictEqual(c.awsKeys, ["B", "A"]);
        const adopted = parsed({ secret: { existing: "prod/portkey" }, secretKeys: ["K"], gateway: { values: OPEN_IMAGE } });
        assert.deepStrictEqual([adopted.awsKeys, adopted.secret.existing], [["K"], "prod/portkey"]);
    });
    it("leaves the region out when the stack does not set it", () => {
        const { raw, secretKeys } = rawMap(MINIMAL, null);
        assert.strictEqual(parseConfig(raw, secretKeys).region, undefined);
    });
});

describe("parseConfig problems", () => {
    it("lists every problem in one message, decoding first, then rules in order", () => {
        const { raw, secretKeys } = rawMap({
            ...MINIMAL,
            secretsMode: "sync",
            gateway: { mountPath: "rel", values: OPEN_IMAGE },
            cluster: { create: false },
            bogus: 1,
        });
        raw["aws:region"] = "nowhere";
        assert.throws(
            () => parseConfig(raw, secretKeys),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepStrictEqual(e.problems, [
                    "portkey-gateway:bogus: unknown config key. Fix: remove it (`pulumi config rm bogus`), or use one of secretsMode, identity, namespace, createNamespace, protect, cluster, addons, rotation, secret, secretValues, secretKeys, env, logStore, bedrock, gateway, endpoint, imageCredentials.",
                    "aws:region: is not an AWS region code. Fix: set it with `pulumi config set aws:region <region>`, such as us-east-1.",
                    "portkey-gateway:secretsMode: is not one of the accepted values. Fix: use one of partial, full, mount-only.",
                    "portkey-gateway:cluster.name: an existing cluster needs its name (cluster.create is false). Fix: set `pulumi config set --path cluster.name <eks-cluster-name>`, or set cluster.create to true.",
                    'portkey-gateway:gateway.mountPath: is not an absolute path. Fix: use an absolute path such as "/mnt/secrets-store".',
                ]);
                assert.ok(e.message.startsWith("Invalid stack config (5 problems):\n  - portkey-gateway:bogus: "));
                return true;
            },
        );
    });
    it("reports inapplicable settings and rules together", () =>
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, cluster: { create: false, minSize: 1 } }), [
            "portkey-gateway:cluster.minSize: only applies to the managed node group of a cluster the program creates (cluster.create is false, or cluster.compute is auto-mode, whose built-in general-purpose pool picks on-demand amd64 C, M or R instances of generation 5 or later and grows with pending pods). Fix: remove cluster.minSize, or set cluster.compute to node-group on a created cluster.",
            "portkey-gateway:cluster.name: an existing cluster needs its name (cluster.create is false). Fix: set `pulumi config set --path cluster.name <eks-cluster-name>`, or set cluster.create to true.",
        ]));
});

describe("SECRET_CONFIG_KEYS", () => {
    it("are the **Secret.** keys of docs/config-reference.md", () => assert.deepStrictEqual(SECRET_CONFIG_KEYS, ["secretValues", "imageCredentials"]));
});

describe("isSecretArn", () => {
    it("tells an ARN from a name", () =>
        assert.deepStrictEqual([isSecretArn("arn:aws:secretsmanager:x"), isSecretArn("prod/portkey"), isSecretArn("prod/arn:x")], [true, false, false]));
});

describe("re-exports", () => {
    it("PROJECT and CHART_RENDER_KEYS", () =>
        assert.deepStrictEqual([PROJECT, [...CHART_RENDER_KEYS]], ["portkey-gateway", ["PORT", "MCP_PORT", "SERVER_MODE", "CACHE_STORE"]]));
});

/** Bad configs through every path that can reject a value, with canaries as the values. */
function canaryConfigs(): Record<string, unknown>[] {
    const [a, b, c, d, e] = CANARIES;
    return [
        { secretValues: a },
        { secretValues: [a] },
        { secretValues: { "BAD-KEY": a, N: [b], O: { x: c }, P: d } },
        { secretValues: { A: a }, env: { COPY: `x${a}x`, PORT: b, "BAD-ENV": c, LIST: [d] } },
        { secretValues: { A: a }, env: { A: b } },
        { secretValues: { A: a }, secretsMode: "full", env: { LEAK: e } },
        { secretValues: { A: a }, gateway: { values: { extra: [a], environment: { X: b } } } },
        { secretValues: { A: a }, imageCredentials: { username: [b], password: { p: c }, email: 5, token: d } },
        { secretValues: { A: a }, imageCredentials: e },
        { secretValues: { A: a }, imageCredentials: { username: b } },
        { secretValues: { A: a }, imageCredentials: { username: b, password: c }, env: { U: `u=${b}`, P: c } },
        { secretValues: { A: a }, secretvalues: { B: b }, "other:key": c },
        { secretValues: { A: a }, env: a },
        { secretValues: { A: a }, secret: { existing: "prod/portkey" } },
    ];
}

describe("messages", () => {
    it("have the form <namespace>:<key>: <what>. Fix: <how>. (problemsOf checks every problem any test produces)", () => {
        assert.match('portkey-gateway:rotation.pollInterval: "1d" is not a duration. Fix: use "1h".', PROBLEM_FORM);
        for (const bad of [
            "portkey-gateway:x: what. Fix: how",
            "portkey-gateway:x: what Fix: how.",
            "x: what. Fix: how.",
            "portkey-gateway:x what. Fix: how.",
            "portkey-gateway:x: what.\nFix: how.",
        ])
            assert.doesNotMatch(bad, PROBLEM_FORM);
    });
    it("never quote a secretValues, imageCredentials or env value (canaries through every rejecting path)", () => {
        let total = 0;
        for (const cfg of canaryConfigs()) {
            const { raw, secretKeys } = rawMap(cfg);
            if (cfg.secretvalues) secretKeys.add("portkey-gateway:secretvalues");
            const list = problemsOfRaw(raw, secretKeys);
            assert.ok(list.length > 0, `expected problems for ${JSON.stringify(Object.keys(cfg))}`);
            total += list.length;
            for (const line of list) for (const canary of CANARIES) assert.ok(!line.includes(canary), line);
        }
        assert.ok(total >= 25, `only ${total} problems`);
    });
    it("never quote a plaintext secret either", () => {
        const { raw } = rawMap({
            secretValues: { A: CANARIES[0] },
            imageCredentials: { username: CANARIES[1], password: CANARIES[2] },
            gateway: { values: OPEN_IMAGE },
        });
        const list = problemsOfRaw(raw, new Set());
        assert.strictEqual(list.length, 2);
    });
});

describe("parseConfig: values an offline plan could not decrypt", () => {
    // Offline every ciphertext reads as "[secret]" (offline/configValue.ts); the Pulumi CLI decrypts it, and no undecrypted path is given.
    const PLACEHOLDER = "[secret]";
    const ALB = {
        type: "internal-alb",
        certificateArn: PLACEHOLDER,
        hostname: "gw.internal.example.com",
        inboundCidrs: ["10.0.0.0/8"],
        loadBalancerSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    };
    const stack = onMinimal({
        endpoint: ALB,
        addons: { loadBalancerController: "install" },
        secret: { existing: PLACEHOLDER },
        secretValues: undefined,
        secretKeys: ["OPENAI_API_KEY"],
    });
    const { raw, secretKeys } = rawMap(stack, PLACEHOLDER);
    const undecrypted = new Set(["aws:region", "endpoint.certificateArn", "secret.existing"]);

    it("refuses the placeholder as a value when it was decrypted (the path under the Pulumi CLI)", () => {
        const keys = problemsOfRaw(raw, secretKeys).map((p) => p.split(": ")[0]);
        assert.ok(
            ["aws:region", "portkey-gateway:endpoint.certificateArn"].every((k) => keys.includes(k)),
            keys.join("\n"),
        );
    });
    it("lists the rules that judged an undecrypted value, and refuses nothing for them", () => {
        const c = parseConfig(raw, secretKeys, "dev", undecrypted);
        assert.deepStrictEqual(c.undecryptedChecks, ["aws:region", "endpoint.certificateArn", "secret.existing"]);
        assert.strictEqual(c.endpoint.certificateArn, PLACEHOLDER, "the placeholder stands for the value in the plan");
    });
    it("compares literals with decrypted secret values only: a literal holding the placeholder's text is no leak", () => {
        const withLiteral = rawMap(onMinimal({ secretValues: { OPENAI_API_KEY: PLACEHOLDER }, env: { LOG_REDACTION_TEXT: PLACEHOLDER } }));
        assert.ok(problemsOfRaw(withLiteral.raw, withLiteral.secretKeys).some((p) => p.includes("env.LOG_REDACTION_TEXT: contains a value set with --secret")));
        const c = parseConfig(withLiteral.raw, withLiteral.secretKeys, "dev", new Set(["secretValues.OPENAI_API_KEY"]));
        assert.strictEqual(c.env.LOG_REDACTION_TEXT, PLACEHOLDER);
        assert.strictEqual(c.undecryptedChecks, undefined);
    });
    it("still refuses the secret maps' keys: a key that is no env var name, or one no env var uses", () => {
        const bad = rawMap(onMinimal({ secretValues: { OPENAI_API_KEY: PLACEHOLDER, "bad-name": PLACEHOLDER } }));
        const paths = new Set(["secretValues.OPENAI_API_KEY", "secretValues.bad-name"]);
        assert.throws(
            () => parseConfig(bad.raw, bad.secretKeys, "dev", paths),
            (e: Error) => e.message.includes("portkey-gateway:secretValues.bad-name:"),
        );
    });
    it("an encrypted item of a list is listed, not refused; a whole list stored encrypted too, with the list left to its default", () => {
        const cert = "arn:aws:acm:eu-west-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
        const withCidrs = (inboundCidrs: unknown) => rawMap(onMinimal({ ...stack, endpoint: { ...ALB, certificateArn: cert, inboundCidrs } }), "eu-west-1");
        const item = withCidrs([PLACEHOLDER, "10.0.0.0/8"]);
        assert.ok(problemsOfRaw(item.raw, item.secretKeys).some((p) => p.includes("endpoint.inboundCidrs: item 0 ")));
        const c1 = parseConfig(item.raw, item.secretKeys, "dev", new Set(["secret.existing", "endpoint.inboundCidrs[0]"]));
        assert.deepStrictEqual(c1.undecryptedChecks, ["endpoint.inboundCidrs[0]", "secret.existing"]);
        const whole = withCidrs(PLACEHOLDER);
        const c2 = parseConfig(whole.raw, whole.secretKeys, "dev", new Set(["secret.existing", "endpoint.inboundCidrs"]));
        assert.deepStrictEqual(c2.undecryptedChecks, ["endpoint.inboundCidrs", "secret.existing"]);
        assert.ok(Array.isArray(c2.endpoint.inboundCidrs), "a list, never the placeholder text");
    });
});
