// The whole program under Pulumi's mocks: which resources it registers, with which inputs, in
// which order, for each secrets mode and for created/adopted secrets and clusters.
import * as assert from "assert";
import program = require("../index");
import { isWrappedSecret, runProgram } from "../offline/run";
import {
    all,
    baseConfig,
    CREATED_CLUSTER,
    find,
    gatewayValues,
    objects,
    plan,
    policy,
    rawConfig,
    REGION,
    spcSpec,
    T,
    OPEN_SOURCE_IMAGE,
    FILE_READ_VALUES,
} from "./testing";

/** The env values the stack sets, without the chart null defaults given as "". */
function literals(data: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== ""));
}

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

describe("program: partial mode (default)", () => {
    let p: Awaited<ReturnType<typeof plan>>;
    before(async () => {
        p = await plan(baseConfig({ cluster: CREATED_CLUSTER }));
    });

    it("installs the CSI driver exactly once, with sync RBAC and both token audiences", () => {
        const releases = all(p, T.release).filter((r) => String(r.inputs.chart).startsWith("secrets-store-csi-driver"));
        const driver = releases.filter((r) => r.inputs.chart === "secrets-store-csi-driver");
        assert.strictEqual(driver.length, 1);
        const values = driver[0].inputs.values as any;
        assert.deepStrictEqual(values.syncSecret, { enabled: true });
        assert.deepStrictEqual(values.tokenRequests, [{ audience: "sts.amazonaws.com" }, { audience: "pods.eks.amazonaws.com" }]);
        assert.strictEqual(values.enableSecretRotation, false);
        assert.strictEqual(driver[0].inputs.version, "1.5.6");
        assert.strictEqual(driver[0].inputs.namespace, "kube-system");
    });

    it("installs ASCP without its bundled driver and tolerating tainted nodes", () => {
        const ascp = find(p, T.release, "portkey-addons-secrets-store-csi-driver-provider-aws");
        const values = ascp.inputs.values as any;
        assert.deepStrictEqual(values["secrets-store-csi-driver"], { install: false });
        assert.deepStrictEqual(values.tolerations, [{ operator: "Exists" }]);
        assert.strictEqual(ascp.inputs.version, "3.1.1");
        assert.deepStrictEqual(ascp.dependsOn, ["portkey-addons-secrets-store-csi-driver"]);
    });

    it("creates the secret as a JSON object of strings, marked secret", () => {
        const secret = find(p, T.secret);
        assert.strictEqual(secret.inputs.name, "portkey/gateway/config");
        assert.strictEqual(secret.inputs.recoveryWindowInDays, 30);
        const version = find(p, T.secretVersion).inputs.secretString;
        assert.ok(isWrappedSecret(version), "secretString must be marked secret");
        assert.deepStrictEqual(JSON.parse(version.value as string), { OPENAI_API_KEY: "sk-test", REDIS_URL: "redis://r:6379" });
    });

    it("trusts only the gateway service account through the cluster's OIDC provider", () => {
        const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement, [
            {
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${ISSUER}:sub`]: "system:serviceaccount:portkeyai:portkey-gateway",
                        [`${ISSUER}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ]);
    });

    it("grants read on exactly the created secret's ARN and nothing else", () => {
        const doc = policy(p, T.rolePolicy, "portkey-role-read-secret", "policy");
        assert.deepStrictEqual(doc.Statement, [
            {
                Sid: "ReadGatewaySecret",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: `arn:aws:secretsmanager:${REGION}:123456789012:secret:portkey/gateway/config-AbCdEf`,
            },
        ]);
    });

    it("writes a SecretProviderClass in the gateway namespace that syncs exactly the AWS keys", () => {
        const spc = find(p, T.spc);
        assert.deepStrictEqual(spc.inputs.metadata, { name: "portkey-gateway-aws-secrets", namespace: "portkeyai" });
        const spec = spcSpec(p);
        assert.strictEqual(typeof spec.parameters.objects, "string");
        assert.strictEqual(spec.parameters.region, REGION);
        assert.strictEqual(spec.parameters.usePodIdentity, undefined);
        assert.deepStrictEqual(objects(p), [
            {
                objectName: "portkey/gateway/config",
                objectType: "secretsmanager",
                objectAlias: "secret.json",
                jmesPath: [
                    { path: "OPENAI_API_KEY", objectAlias: "OPENAI_API_KEY" },
                    { path: "REDIS_URL", objectAlias: "REDIS_URL" },
                ],
            },
        ]);
        assert.deepStrictEqual(spec.secretObjects, [
            {
                secretName: "portkey-gateway-aws-secrets",
                type: "Opaque",
                data: [
                    { objectName: "OPENAI_API_KEY", key: "OPENAI_API_KEY" },
                    { objectName: "REDIS_URL", key: "REDIS_URL" },
                ],
            },
        ]);
    });

    it("wires the chart in explicit secretKeys mode, never the lookup mode", () => {
        const release = find(p, T.release, "portkey-gateway-release");
        assert.strictEqual(release.inputs.chart, "gateway");
        assert.strictEqual(release.inputs.version, "1.7.7");
        assert.deepStrictEqual(release.inputs.repositoryOpts, { repo: "https://portkey-ai.github.io/helm" });
        const v = gatewayValues(p);
        assert.deepStrictEqual(
            { ...v.environment, data: literals(v.environment.data) },
            {
                create: false,
                existingSecret: "portkey-gateway-aws-secrets",
                secretKeys: ["OPENAI_API_KEY", "REDIS_URL"],
                data: { LOG_LEVEL: "info" },
            },
        );
        // Chart 1.7.7 explicit mode renders a null default as "<nil>"; the program gives it as "".
        assert.strictEqual(v.environment.data.SERVER_MODE, "");
        assert.deepStrictEqual(v.serviceAccount, {
            create: true,
            // docs/security.md: no service-account token in the gateway's pods.
            automount: false,
            name: "portkey-gateway",
            annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/portkey-role-iam" },
        });
        assert.deepStrictEqual(v.imageCredentials, []);
        assert.deepStrictEqual(v.volumes, [
            {
                name: "secrets-store",
                csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "portkey-gateway-aws-secrets" } },
            },
        ]);
        assert.deepStrictEqual(v.volumeMounts, [{ name: "secrets-store", mountPath: "/mnt/secrets-store", readOnly: true }]);
        assert.deepStrictEqual(v.dataservice, { enabled: false });
    });

    it("orders the SecretProviderClass after the add-ons and the release after everything it needs", () => {
        const spc = find(p, "portkey:secrets:SecretProviderClass", "portkey-spc");
        assert.deepStrictEqual([...spc.dependsOn].sort(), [
            "portkey-addons-secrets-store-csi-driver",
            "portkey-addons-secrets-store-csi-driver-provider-aws",
            "portkey-namespace",
        ]);
        const release = find(p, "portkey:gateway:GatewayRelease", "portkey-gateway");
        assert.deepStrictEqual([...release.dependsOn].sort(), [
            "portkey-namespace",
            "portkey-role-iam",
            "portkey-role-read-secret",
            "portkey-secret-value",
            "portkey-spc",
        ]);
        // Nothing else waits for the release or the add-ons; the namespace does for teardown (test/teardown.test.ts).
        for (const r of p.resources) {
            if (["portkey-spc", "portkey-addons-secrets-store-csi-driver-provider-aws", "portkey-namespace"].includes(r.name)) continue;
            assert.ok(!r.dependsOn.some((d) => d.startsWith("portkey-addons")), `${r.name} should not wait for the add-ons`);
        }
    });

    it("creates an EKS cluster with an OIDC provider and a managed node group", () => {
        const cluster = find(p, T.cluster);
        assert.strictEqual(cluster.inputs.createOidcProvider, true);
        assert.strictEqual(cluster.inputs.skipDefaultNodeGroup, true);
        assert.strictEqual(cluster.inputs.name, "portkey-test");
        const ng = find(p, T.nodeGroup);
        assert.deepStrictEqual(ng.inputs.cluster, { resource: "portkey-cluster-eks" });
        assert.deepStrictEqual(ng.inputs.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 4 });
        // Kubernetes resources go through the cluster's provider, which waits for nodes.
        assert.deepStrictEqual(find(p, T.k8sProvider).dependsOn, ["portkey-cluster-nodes"]);
        for (const r of [...all(p, T.release), find(p, T.spc), find(p, T.namespace)]) {
            assert.strictEqual(r.provider, "portkey-cluster-k8s", r.name);
        }
    });

    it("exports the names operators need and validation commands with the chart's real labels", () => {
        assert.strictEqual(p.outputs.roleArn, "arn:aws:iam::123456789012:role/portkey-role-iam");
        // Pasted as printed, verify compares the IRSA annotations with the stack's own roles (scripts/verify.ts).
        assert.match(String(p.outputs.verifyCommand), /^npm run verify -- --stack \S+ --role-arn arn:aws:iam::123456789012:role\/portkey-role-iam( |$)/);
        assert.strictEqual(p.outputs.secretProviderClassName, "portkey-gateway-aws-secrets");
        assert.strictEqual(p.outputs.syncedSecretName, "portkey-gateway-aws-secrets");
        assert.strictEqual(p.outputs.releaseName, "portkey");
        const cmds = String(p.outputs.validationCommands);
        // Quoted: an unquoted `!` is history expansion in an interactive bash.
        assert.match(cmds, /-l 'app\.kubernetes\.io\/name=gateway,app\.kubernetes\.io\/instance=portkey,!app\.kubernetes\.io\/component'/);
        assert.match(cmds, /deployment\/portkey-gateway/);
        assert.doesNotMatch(cmds, /portkey-gateway-portkey-gateway|name=portkey-gateway/);
        // The region the stack runs in (the AWS provider's), so the commands run as pasted.
        assert.strictEqual(cmds.split("\n")[0], `aws eks update-kubeconfig --name ${String(p.outputs.clusterName)} --region ${REGION}`);
    });
});

describe("program: full mode", () => {
    it("takes every key from AWS through the synced Secret", async () => {
        const p = await plan(baseConfig({ secretsMode: "full", env: undefined }));
        const env = gatewayValues(p).environment;
        assert.deepStrictEqual(env.secretKeys, ["OPENAI_API_KEY", "REDIS_URL"]);
        assert.deepStrictEqual(literals(env.data), {});
        assert.strictEqual(env.create, false);
        assert.strictEqual(spcSpec(p).secretObjects[0].data.length, 2);
    });

    // The chart deploys its Redis only when `environment.data.CACHE_STORE` is "redis"
    // (charts/portkey-gateway templates/redis/*.yaml), so the render-time keys stay literals.
    it("keeps the render-time settings as literals, so CACHE_STORE can turn the chart's Redis off", async () => {
        const p = await plan(baseConfig({ secretsMode: "full", env: { CACHE_STORE: "memory", PORT: "8787" } }));
        const env = gatewayValues(p).environment;
        assert.deepStrictEqual(literals(env.data), { CACHE_STORE: "memory", PORT: "8787" });
        assert.deepStrictEqual(env.secretKeys, ["OPENAI_API_KEY", "REDIS_URL"]);
    });
});

describe("program: mount-only mode", () => {
    let p: Awaited<ReturnType<typeof plan>>;
    before(async () => {
        p = await plan(baseConfig({ secretsMode: "mount-only", secretValues: FILE_READ_VALUES, gateway: { mountPath: "/var/run/portkey" } }));
    });

    it("syncs no Kubernetes Secret and does not install the sync RBAC", () => {
        assert.strictEqual(spcSpec(p).secretObjects, undefined);
        const driver = find(p, T.release, "portkey-addons-secrets-store-csi-driver");
        assert.deepStrictEqual((driver.inputs.values as any).syncSecret, { enabled: false });
        assert.strictEqual(p.outputs.syncedSecretName, undefined);
    });

    it("sets each AWS key's env value to its file path under the mount", () => {
        const v = gatewayValues(p);
        assert.deepStrictEqual(v.environment, {
            create: true,
            secret: false,
            data: { LOG_LEVEL: "info", AZURE_CLIENT_ID: "/var/run/portkey/AZURE_CLIENT_ID", TRUSTED_CUSTOM_HOSTS: "/var/run/portkey/TRUSTED_CUSTOM_HOSTS" },
        });
        assert.deepStrictEqual(v.volumeMounts, [{ name: "secrets-store", mountPath: "/var/run/portkey", readOnly: true }]);
    });
});

describe("program: dataservice on", () => {
    it("gives the dataservice its own service account, the mount, and a role of its own that reads the secret", async () => {
        const p = await plan(baseConfig({ gateway: { dataservice: { enabled: true } } }));
        const v = gatewayValues(p);
        assert.deepStrictEqual(v.dataservice, {
            enabled: true,
            serviceAccount: {
                create: true,
                name: "portkey-gateway-dataservice",
                annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam" },
            },
            deployment: { ...v.dataservice.deployment, volumes: v.volumes, volumeMounts: v.volumeMounts },
        });
        const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals[`${ISSUER}:sub`], "system:serviceaccount:portkeyai:portkey-gateway");
        const dsTrust = policy(p, T.role, "portkey-dataservice-role-iam", "assumeRolePolicy");
        assert.deepStrictEqual(dsTrust.Statement[0].Condition.StringEquals[`${ISSUER}:sub`], "system:serviceaccount:portkeyai:portkey-gateway-dataservice");
        assert.deepStrictEqual(
            policy(p, T.rolePolicy, "portkey-dataservice-role-read-secret", "policy"),
            policy(p, T.rolePolicy, "portkey-role-read-secret", "policy"),
        );
        const release = find(p, "portkey:gateway:GatewayRelease");
        for (const dep of ["portkey-dataservice-role-iam", "portkey-dataservice-role-read-secret"]) assert.ok(release.dependsOn.includes(dep), dep);
    });
});

describe("program: adopted secret", () => {
    it("by name: creates no secret and scopes IAM to name-??????", async () => {
        const p = await plan({
            secret: { existing: "prod/portkey" },
            secretKeys: ["OPENAI_API_KEY"],
            env: { LOG_LEVEL: "warn" },
            gateway: { values: OPEN_SOURCE_IMAGE },
        });
        assert.strictEqual(all(p, T.secret).length, 0);
        assert.strictEqual(all(p, T.secretVersion).length, 0);
        const doc = policy(p, T.rolePolicy, "portkey-role-read-secret", "policy");
        assert.strictEqual(doc.Statement[0].Resource, `arn:aws:secretsmanager:${REGION}:123456789012:secret:prod/portkey-??????`);
        assert.strictEqual(objects(p)[0].objectName, "prod/portkey");
        assert.strictEqual(p.outputs.secretArn, `arn:aws:secretsmanager:${REGION}:123456789012:secret:prod/portkey-??????`);
    });

    it("by ARN, with a customer-managed key: IAM names the ARN and allows kms:Decrypt on that key only", async () => {
        const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/portkey-Xy12Ab";
        const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const p = await plan({
            secretsMode: "full",
            secret: { existing: arn, kmsKeyArn: key },
            secretKeys: ["OPENAI_API_KEY", "PORTKEY_API_KEY"],
            gateway: { values: OPEN_SOURCE_IMAGE },
        });
        const doc = policy(p, T.rolePolicy, "portkey-role-read-secret", "policy");
        assert.strictEqual(doc.Statement[0].Resource, arn);
        assert.deepStrictEqual(doc.Statement[1], {
            Sid: "DecryptGatewaySecret",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: key,
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
        });
        assert.strictEqual(objects(p)[0].objectName, arn);
    });
});

describe("program: existing cluster", () => {
    let p: Awaited<ReturnType<typeof plan>>;
    before(async () => {
        p = await plan(baseConfig({ cluster: { create: false, name: "shared-prod" }, addons: { install: false }, createNamespace: false }));
    });

    it("creates no cluster, node group, add-ons or namespace", () => {
        for (const t of [T.cluster, T.nodeGroup, T.namespace]) assert.strictEqual(all(p, t).length, 0, t);
        assert.deepStrictEqual(
            all(p, T.release).map((r) => r.name),
            ["portkey-gateway-release"],
        );
    });

    it("trusts the cluster's looked-up OIDC provider and authenticates with aws eks get-token", () => {
        const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy");
        assert.strictEqual(trust.Statement[0].Principal.Federated, `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`);
        const kubeconfig = JSON.parse(find(p, T.k8sProvider).inputs.kubeconfig as string);
        assert.deepStrictEqual(kubeconfig.users[0].user.exec.args, [
            "eks",
            "get-token",
            "--cluster-name",
            "shared-prod",
            "--region",
            REGION,
            "--output",
            "json",
        ]);
        assert.strictEqual(p.outputs.clusterName, "shared-prod");
    });

    it("still orders the release after the SecretProviderClass and the role", () => {
        const release = find(p, "portkey:gateway:GatewayRelease");
        assert.deepStrictEqual([...release.dependsOn].sort(), ["portkey-role-iam", "portkey-role-read-secret", "portkey-secret-value", "portkey-spc"]);
        assert.deepStrictEqual(find(p, "portkey:secrets:SecretProviderClass").dependsOn, []);
    });
});

describe("program: image pull credentials", () => {
    it("become a dockerconfigjson Secret referenced by name, never chart values", async () => {
        const p = await plan(baseConfig({ imageCredentials: { username: "acme", password: "pw-canary" } }));
        const pull = find(p, T.k8sSecret);
        assert.strictEqual(pull.inputs.type, "kubernetes.io/dockerconfigjson");
        assert.deepStrictEqual(pull.inputs.metadata, { name: "portkey-gateway-image-pull", namespace: "portkeyai" });
        const v = gatewayValues(p);
        assert.deepStrictEqual(v.imagePullSecrets, [{ name: "portkey-gateway-image-pull" }]);
        assert.deepStrictEqual(v.imageCredentials, []);
        assert.ok(find(p, "portkey:gateway:GatewayRelease").dependsOn.includes("portkey-namespace"));
        assert.ok(find(p, T.release, "portkey-gateway-release").dependsOn.includes("portkey-gateway-image-pull"));
    });
});

describe("program: mount-only with an adopted secret on an existing cluster", () => {
    it("mounts the adopted secret's keys as files, with IAM scoped to it", async () => {
        const p = await plan({
            secretsMode: "mount-only",
            cluster: { create: false, name: "shared-nonprod" },
            secret: { existing: "team/portkey" },
            gateway: { values: OPEN_SOURCE_IMAGE },
            secretKeys: Object.keys(FILE_READ_VALUES),
            env: { LOG_LEVEL: "info" },
        });
        assert.strictEqual(all(p, T.secret).length, 0);
        assert.strictEqual(all(p, T.cluster).length, 0);
        assert.deepStrictEqual(gatewayValues(p).environment.data, {
            LOG_LEVEL: "info",
            AZURE_CLIENT_ID: "/mnt/secrets-store/AZURE_CLIENT_ID",
            TRUSTED_CUSTOM_HOSTS: "/mnt/secrets-store/TRUSTED_CUSTOM_HOSTS",
        });
        assert.strictEqual(spcSpec(p).secretObjects, undefined);
        assert.strictEqual(objects(p)[0].objectName, "team/portkey");
        assert.strictEqual(
            policy(p, T.rolePolicy, "portkey-role-read-secret", "policy").Statement[0].Resource,
            `arn:aws:secretsmanager:${REGION}:123456789012:secret:team/portkey-??????`,
        );
        assert.deepStrictEqual([...find(p, "portkey:gateway:GatewayRelease").dependsOn].sort(), [
            "portkey-namespace",
            "portkey-role-iam",
            "portkey-role-read-secret",
            "portkey-spc",
        ]);
    });
});

describe("program: bad config", () => {
    it("registers no resource at all before failing", async () => {
        const seen: string[] = [];
        await assert.rejects(
            runProgram(program, rawConfig(baseConfig({ gateway: { mountPath: "relative" } })), (type, name) => seen.push(`${type} ${name}`)),
            /portkey-gateway:gateway\.mountPath/,
        );
        assert.deepStrictEqual(
            seen.filter((s) => !s.startsWith("pulumi:pulumi:Stack")),
            [],
        );
        // The same observer does see a valid run's resources.
        const ok: string[] = [];
        await runProgram(program, rawConfig(baseConfig()), (type, name) => ok.push(`${type} ${name}`));
        assert.ok(ok.includes("portkey:index:PortkeyGateway portkey"));
    });
});
