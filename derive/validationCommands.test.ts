import * as assert from "assert";
import { gatewayNames } from "./names";
import { testConfig } from "./testing";
import type { ConfigOverrides } from "./testing";
import { validationCommands, verifyCommand } from "./validationCommands";

function commands(o: ConfigOverrides, region = "eu-west-1"): string[] {
    const cfg = testConfig(o);
    return validationCommands(cfg, gatewayNames(cfg), region);
}

// docs/upstream-facts.md#chart-names-labels: pods carry app.kubernetes.io/name=gateway and instance=<release>, the Deployment is
// the fullname (the chart's own commands use wrong names). docs/operating.md, stack outputs.
const SELECTOR = "'app.kubernetes.io/name=gateway,app.kubernetes.io/instance=portkey,!app.kubernetes.io/component'";

describe("validationCommands", () => {
    it("IRSA with a synced Secret and no dataservice", () => {
        assert.deepStrictEqual(commands({ cluster: { name: "portkey-test" } }), [
            "aws eks update-kubeconfig --name portkey-test --region eu-west-1",
            "kubectl -n portkeyai get secretproviderclass portkey-gateway-aws-secrets",
            "kubectl -n portkeyai rollout status deployment/portkey-gateway",
            `kubectl -n portkeyai get pods -l ${SELECTOR}`,
            "kubectl -n portkeyai exec deployment/portkey-gateway -- ls /mnt/secrets-store",
            "kubectl -n portkeyai get secret portkey-gateway-aws-secrets -o jsonpath='{.data}' | jq 'keys'",
            "kubectl -n portkeyai get events --field-selector reason=FailedMount",
            "kubectl -n portkeyai get secretproviderclasspodstatuses",
            "kubectl -n kube-system logs -l app=secrets-store-csi-driver-provider-aws --tail=50",
        ]);
    });

    it("Pod Identity, mount-only (no synced Secret), with the dataservice", () => {
        assert.deepStrictEqual(
            commands(
                {
                    identity: "pod-identity",
                    secretsMode: "mount-only",
                    namespace: "ai",
                    cluster: { name: "shared" },
                    gateway: { mountPath: "/var/run/portkey", dataservice: { enabled: true } },
                },
                "ap-southeast-2",
            ),
            [
                "aws eks update-kubeconfig --name shared --region ap-southeast-2",
                "kubectl -n ai get secretproviderclass portkey-gateway-aws-secrets",
                "kubectl -n ai rollout status deployment/portkey-gateway",
                `kubectl -n ai get pods -l ${SELECTOR}`,
                "kubectl -n ai exec deployment/portkey-gateway -- ls /var/run/portkey",
                "kubectl -n ai rollout status deployment/portkey-gateway-dataservice",
                "kubectl -n ai get events --field-selector reason=FailedMount",
                "kubectl -n ai get secretproviderclasspodstatuses",
                "kubectl -n kube-system logs -l app=secrets-store-csi-driver-provider-aws --tail=50",
                "aws eks describe-addon --cluster-name shared --addon-name eks-pod-identity-agent --query addon.status --region ap-southeast-2",
                "aws eks list-pod-identity-associations --cluster-name shared --namespace ai --region ap-southeast-2",
            ],
        );
    });

    // EKS user guide: automode (no Pod Identity Agent add-on to install), auto-net-pol (ConfigMap amazon-vpc-cni
    // in kube-system, enable-network-policy-controller "true").
    it("under EKS Auto Mode: no agent add-on to describe, and the NetworkPolicy switch to read", () => {
        const auto = commands({ identity: "pod-identity", cluster: { name: "shared", compute: "auto-mode" } });
        assert.ok(!auto.some((c) => c.includes("describe-addon")), auto.join("\n"));
        assert.ok(auto.includes("aws eks list-pod-identity-associations --cluster-name shared --namespace portkeyai --region eu-west-1"));
        assert.strictEqual(auto.at(-1), "kubectl -n kube-system get configmap amazon-vpc-cni -o jsonpath='{.data.enable-network-policy-controller}'");
        const nodeGroup = commands({ identity: "pod-identity", cluster: { name: "shared", compute: "node-group" } });
        assert.ok(nodeGroup.some((c) => c.includes("describe-addon")));
        assert.ok(!nodeGroup.some((c) => c.includes("amazon-vpc-cni")));
    });
    it("names the release in the selector and a custom synced Secret", () => {
        const cmds = commands({ gateway: { releaseName: "edge-gateway", syncedSecretName: "gw-env" } });
        assert.ok(
            cmds.includes(
                "kubectl -n portkeyai get pods -l 'app.kubernetes.io/name=gateway,app.kubernetes.io/instance=edge-gateway,!app.kubernetes.io/component'",
            ),
        );
        assert.ok(cmds.includes("kubectl -n portkeyai get secret gw-env -o jsonpath='{.data}' | jq 'keys'"));
        assert.ok(cmds.includes("kubectl -n portkeyai rollout status deployment/edge-gateway"));
    });

    // Pasted into a fresh shell: kubectl needs a kubeconfig first, and an `aws` command without
    // --region would use whatever region the operator's profile names.
    it("starts with update-kubeconfig and gives every aws command the stack's region", () => {
        for (const cfg of [{}, { identity: "pod-identity" as const, cluster: { name: "shared" } }]) {
            const cmds = commands(cfg, "sa-east-1");
            assert.match(cmds[0], /^aws eks update-kubeconfig --name \S+ --region sa-east-1$/);
            const awsCmds = cmds.filter((c) => c.startsWith("aws "));
            assert.ok(awsCmds.length >= 1);
            for (const c of awsCmds) assert.match(c, / --region sa-east-1$/, c);
        }
    });
});

describe("verifyCommand", () => {
    const ROLE = "arn:aws:iam::123456789012:role/portkey-role-iam";
    const DS = "arn:aws:iam::123456789012:role/portkey-dataservice-role-iam";
    it("with IRSA names both roles, and the load balancer's CIDRs when there are any (scripts/verify.ts flags)", () => {
        assert.strictEqual(
            verifyCommand("prod", { identity: "irsa", roleArn: ROLE, dataserviceRoleArn: DS, loadBalancerCidrs: ["10.0.96.0/24", "10.0.97.0/24"] }),
            `npm run verify -- --stack prod --role-arn ${ROLE} --dataservice-role-arn ${DS} --lb-cidrs 10.0.96.0/24,10.0.97.0/24`,
        );
        assert.strictEqual(
            verifyCommand("dev", { identity: "irsa", roleArn: ROLE, loadBalancerCidrs: [] }),
            `npm run verify -- --stack dev --role-arn ${ROLE}`,
        );
    });
    it("with Pod Identity names no role: no annotation carries one", () => {
        assert.strictEqual(
            verifyCommand("prod", { identity: "pod-identity", roleArn: ROLE, dataserviceRoleArn: DS, loadBalancerCidrs: ["10.0.96.0/24"] }),
            "npm run verify -- --stack prod --lb-cidrs 10.0.96.0/24",
        );
    });
});
