// Rotation that reaches pods, and Pod Identity as an alternative to IRSA, composed by the whole
// program: a covering set of mode × identity × rotation (the full product is covered by the pure
// tests in derive/), and the rejected combinations.
import * as assert from "assert";
import { Plan } from "../offline/run";
import { all, baseConfig, CREATED_CLUSTER, FILE_READ_VALUES, find, gatewayValues, plan, policy, spcSpec, T, TestConfig } from "./testing";

/** The patches take their fields back from a hand change (@pulumi/kubernetes apps/v1/deploymentPatch.d.ts: "pulumi.com/patchForce"). */
const PATCH_FORCE = { "pulumi.com/patchForce": "true" };

const MODES = ["partial", "full", "mount-only"] as const;
const ROTATIONS: Record<string, TestConfig | undefined> = {
    off: undefined,
    "reloader installed": { enabled: true },
    "reloader existing": { enabled: true, reloader: "existing", pollInterval: "30m" },
    "rotation without reloader": { enabled: true, reloader: "none" },
};

/**
 * Pod Identity rows run on a created cluster, where the program installs the agent; IRSA rows on an
 * existing one, whose OIDC provider is looked up (the fixture's default).
 */
function configFor(
    mode: string,
    identity: string,
    rotation: TestConfig | undefined,
    cluster = identity === "pod-identity" ? CREATED_CLUSTER : undefined,
): TestConfig {
    return baseConfig({
        secretsMode: mode,
        identity,
        rotation,
        env: mode === "full" ? undefined : { LOG_LEVEL: "info" },
        // mount-only on the open-source image: only keys it reads from files.
        ...(mode === "mount-only" ? { secretValues: FILE_READ_VALUES } : {}),
        gateway: { dataservice: { enabled: true } },
        ...(cluster ? { cluster } : {}),
    });
}

/**
 * Every mode × identity pair once, and every rotation setting at least once (Reloader installed
 * both with a synced Secret and in mount-only, where it needs its CSI integration).
 */
const PAIRWISE = [
    ["partial", "irsa", "off"],
    ["partial", "pod-identity", "reloader existing"],
    ["full", "irsa", "rotation without reloader"],
    ["full", "pod-identity", "reloader installed"],
    ["mount-only", "irsa", "reloader installed"],
    ["mount-only", "pod-identity", "rotation without reloader"],
] as const;

for (const [mode, identity, rotationName] of PAIRWISE) {
    {
        {
            const rotation = ROTATIONS[rotationName];
            describe(`${mode} × ${identity} × rotation ${rotationName}`, () => {
                let p: Plan;
                before(async () => {
                    p = await plan(configFor(mode, identity, rotation));
                });

                it("configures identity on the role, service accounts and SecretProviderClass", () => {
                    const trust = policy(p, T.role, "portkey-role-iam", "assumeRolePolicy").Statement[0];
                    const v = gatewayValues(p);
                    const associations = all(p, T.podIdentity);
                    const agent = all(p, T.addon);
                    if (identity === "irsa") {
                        assert.strictEqual(trust.Action, "sts:AssumeRoleWithWebIdentity");
                        assert.ok(trust.Principal.Federated);
                        assert.strictEqual(v.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::123456789012:role/portkey-role-iam");
                        assert.strictEqual(
                            v.dataservice.serviceAccount.annotations["eks.amazonaws.com/role-arn"],
                            "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam",
                        );
                        assert.strictEqual(spcSpec(p).parameters.usePodIdentity, undefined);
                        assert.strictEqual(associations.length, 0);
                        assert.strictEqual(agent.length, 0);
                    } else {
                        assert.deepStrictEqual(trust, {
                            Effect: "Allow",
                            Principal: { Service: "pods.eks.amazonaws.com" },
                            Action: ["sts:AssumeRole", "sts:TagSession"],
                            Condition: {
                                StringEquals: {
                                    "aws:SourceAccount": "123456789012",
                                    "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-1:123456789012:cluster/portkey-test",
                                    "aws:RequestTag/eks-cluster-name": "portkey-test",
                                    "aws:RequestTag/kubernetes-namespace": "portkeyai",
                                    "aws:RequestTag/kubernetes-service-account": "portkey-gateway",
                                },
                            },
                        });
                        assert.deepStrictEqual(v.serviceAccount.annotations, {});
                        assert.deepStrictEqual(v.dataservice.serviceAccount.annotations, {});
                        assert.strictEqual(spcSpec(p).parameters.usePodIdentity, "true");
                        assert.deepStrictEqual(
                            associations.map((a) => [a.inputs.clusterName, a.inputs.namespace, a.inputs.serviceAccount, a.inputs.roleArn]),
                            [
                                ["portkey-test", "portkeyai", "portkey-gateway", "arn:aws:iam::123456789012:role/portkey-role-iam"],
                                ["portkey-test", "portkeyai", "portkey-gateway-dataservice", "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam"],
                                // The created cluster's node group can grow (2 to 4): its Cluster Autoscaler has a role of its own.
                                ["portkey-test", "kube-system", "cluster-autoscaler", "arn:aws:iam::123456789012:role/portkey-cluster-autoscaler-iam"],
                            ],
                        );
                        assert.strictEqual(agent.length, 1);
                        assert.strictEqual(agent[0].inputs.addonName, "eks-pod-identity-agent");
                        assert.deepStrictEqual(agent[0].dependsOn, ["portkey-cluster-nodes"]);
                        // Associations name the cluster, so they wait for it to exist.
                        for (const a of associations) assert.deepStrictEqual(a.dependsOn, ["portkey-cluster-eks"]);
                        const release = find(p, "portkey:gateway:GatewayRelease");
                        for (const dep of [
                            "portkey-role-portkey-gateway",
                            "portkey-dataservice-role-portkey-gateway-dataservice",
                            "portkey-cluster-pod-identity-agent",
                        ]) {
                            assert.ok(release.dependsOn.includes(dep), `release waits for ${dep}`);
                        }
                    }
                });

                it("makes rotation reach the pods, or leaves everything off", () => {
                    const driver = find(p, T.release, "portkey-addons-secrets-store-csi-driver").inputs.values as any;
                    const reloaders = all(p, T.release).filter((r) => r.inputs.chart === "reloader");
                    // The Reloader patches only (derive/workloadSecurity.ts adds a pod-template patch of its own).
                    const patches = all(p, T.deploymentPatch).filter((x) => x.name.includes("-reload-"));
                    if (!rotation) {
                        assert.strictEqual(driver.enableSecretRotation, false);
                        assert.strictEqual(driver.rotationPollInterval, undefined);
                        assert.strictEqual(reloaders.length, 0);
                        assert.strictEqual(patches.length, 0);
                        return;
                    }
                    assert.strictEqual(driver.enableSecretRotation, true);
                    assert.strictEqual(driver.rotationPollInterval, rotation.pollInterval === "30m" ? "1800s" : "3600s");
                    const reloader = rotation.reloader ?? "install";
                    assert.strictEqual(reloaders.length, reloader === "install" ? 1 : 0);
                    if (reloader === "install") {
                        const r = reloaders[0];
                        assert.strictEqual(r.inputs.namespace, "kube-system");
                        assert.strictEqual(r.inputs.version, "2.2.16");
                        assert.deepStrictEqual((r.inputs.repositoryOpts as any).repo, "https://stakater.github.io/stakater-charts");
                        assert.strictEqual((r.inputs.values as any).reloader.enableCSIIntegration, mode === "mount-only" ? true : undefined);
                        // Reloader checks for the driver's CRDs only when it starts.
                        assert.deepStrictEqual(r.dependsOn, ["portkey-addons-secrets-store-csi-driver"]);
                    }
                    if (reloader === "none") {
                        assert.strictEqual(patches.length, 0);
                        return;
                    }
                    const [key, value] =
                        mode === "mount-only"
                            ? ["secretproviderclass.reloader.stakater.com/reload", "portkey-gateway-aws-secrets"]
                            : ["secret.reloader.stakater.com/reload", "portkey-gateway-aws-secrets"];
                    assert.deepStrictEqual(
                        patches.map((d) => [d.inputs.metadata, d.dependsOn]),
                        [
                            [{ name: "portkey-gateway", namespace: "portkeyai", annotations: { [key]: value, ...PATCH_FORCE } }, ["portkey-gateway-release"]],
                            [
                                { name: "portkey-gateway-dataservice", namespace: "portkeyai", annotations: { [key]: value, ...PATCH_FORCE } },
                                ["portkey-gateway-release"],
                            ],
                        ],
                    );
                    // Annotations go on the Deployments only, never through chart values.
                    assert.ok(!JSON.stringify(gatewayValues(p)).includes("reloader.stakater.com"));
                });
            });
        }
    }
}

describe("rejected rotation combinations", () => {
    for (const mode of MODES) {
        it(`${mode}: Reloader with driver rotation off`, async () => {
            const why = mode === "mount-only" ? /CSI integration only sees a change when the driver rotates/ : /synced Secret never changes/;
            await assert.rejects(plan(configFor(mode, "irsa", { enabled: false, reloader: "install" })), (e: Error) => {
                assert.match(e.message, /portkey-gateway:rotation\.reloader: Reloader is set to "install" but rotation\.enabled is false/);
                assert.match(e.message, why);
                assert.match(e.message, /Fix: set rotation\.enabled to true, or set rotation\.reloader to none\./);
                return true;
            });
        });
    }
    it("a poll interval that is not a duration", async () => {
        await assert.rejects(
            plan(configFor("partial", "irsa", { enabled: true, pollInterval: "hourly" })),
            /portkey-gateway:rotation\.pollInterval: is not a duration/,
        );
    });
    it("Pod Identity agent settings with IRSA", async () => {
        await assert.rejects(
            plan(baseConfig({ cluster: { installPodIdentityAgent: true } })),
            /portkey-gateway:cluster\.installPodIdentityAgent: the Pod Identity agent add-on applies only with identity pod-identity on a node-group cluster/,
        );
    });
});

describe("Pod Identity on an existing cluster", () => {
    it("installs no agent unless asked, and says how to check it", async () => {
        const p = await plan(baseConfig({ identity: "pod-identity", cluster: { create: false, name: "shared" } }));
        assert.strictEqual(all(p, T.addon).length, 0);
        assert.match(String(p.outputs.validationCommands), /aws eks describe-addon --cluster-name shared --addon-name eks-pod-identity-agent/);
        // No IAM OIDC provider is looked up: a Pod Identity cluster may have none.
        assert.ok(!p.calls.includes("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider"), p.calls.join(", "));
        assert.deepStrictEqual(
            all(p, T.podIdentity).map((a) => [a.inputs.clusterName, a.dependsOn]),
            [["shared", []]],
        );
        const q = await plan(
            baseConfig({
                identity: "pod-identity",
                cluster: { create: false, name: "shared", installPodIdentityAgent: true, podIdentityAgentVersion: "v1.3.4-eksbuild.1" },
            }),
        );
        assert.deepStrictEqual(find(q, T.addon).inputs, { addonName: "eks-pod-identity-agent", addonVersion: "v1.3.4-eksbuild.1", clusterName: "shared" });
    });
});

describe("switching identity is a config edit with only the expected changes", () => {
    it("irsa → pod-identity changes the role's trust, the bindings, the agent, the class and the service accounts", async () => {
        const before = await plan(configFor("partial", "irsa", undefined, CREATED_CLUSTER));
        const after = await plan(configFor("partial", "pod-identity", undefined, CREATED_CLUSTER));
        const index = (p: Plan) => new Map(p.resources.map((r) => [`${r.type} ${r.name}`, JSON.stringify([r.inputs, r.dependsOn, r.parent, r.provider])]));
        const a = index(before);
        const b = index(after);
        const added = [...b.keys()].filter((k) => !a.has(k)).sort();
        const removed = [...a.keys()].filter((k) => !b.has(k));
        const changed = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k)).sort();
        assert.deepStrictEqual(removed, []);
        assert.deepStrictEqual(added, [
            "aws:eks/addon:Addon portkey-cluster-pod-identity-agent",
            "aws:eks/podIdentityAssociation:PodIdentityAssociation portkey-cluster-autoscaler-cluster-autoscaler",
            "aws:eks/podIdentityAssociation:PodIdentityAssociation portkey-dataservice-role-portkey-gateway-dataservice",
            "aws:eks/podIdentityAssociation:PodIdentityAssociation portkey-role-portkey-gateway",
        ]);
        assert.deepStrictEqual(changed, [
            "aws:iam/role:Role portkey-cluster-autoscaler-iam",
            "aws:iam/role:Role portkey-dataservice-role-iam",
            "aws:iam/role:Role portkey-role-iam",
            "kubernetes:helm.sh/v3:Release portkey-cluster-autoscaler-release",
            "kubernetes:helm.sh/v3:Release portkey-gateway-release",
            "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass portkey-spc-class",
            "portkey:addons:ClusterAutoscaler portkey-cluster-autoscaler",
            "portkey:gateway:GatewayRelease portkey-gateway",
        ]);
    });
});

describe("IRSA on an existing cluster", () => {
    it("looks up the cluster's IAM OIDC provider", async () => {
        const p = await plan(baseConfig({ cluster: { create: false, name: "shared" } }));
        assert.ok(p.calls.includes("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider"));
    });
});
