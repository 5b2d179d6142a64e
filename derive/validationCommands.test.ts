import * as assert from "assert";
import { gatewayNames } from "./names";
import { testConfig } from "./testConfig";
import type { ConfigOverrides } from "./testConfig";
import { validationCommands } from "./validationCommands";

function commands(o: ConfigOverrides): string[] {
    const cfg = testConfig(o);
    return validationCommands(cfg, gatewayNames(cfg));
}

// facts.md §1: pods carry app.kubernetes.io/name=gateway and instance=<release>, the Deployment is
// the fullname (the chart's own commands use wrong names). README "Running it for real", stack outputs.
const SELECTOR = "'app.kubernetes.io/name=gateway,app.kubernetes.io/instance=portkey,!app.kubernetes.io/component'";

describe("validationCommands", () => {
    it("IRSA with a synced Secret and no dataservice", () => {
        assert.deepStrictEqual(commands({}), [
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
            commands({ identity: "pod-identity", secretsMode: "mount-only", namespace: "ai", cluster: { name: "shared" }, gateway: { mountPath: "/var/run/portkey", dataservice: { enabled: true } } }),
            [
                "kubectl -n ai get secretproviderclass portkey-gateway-aws-secrets",
                "kubectl -n ai rollout status deployment/portkey-gateway",
                `kubectl -n ai get pods -l ${SELECTOR}`,
                "kubectl -n ai exec deployment/portkey-gateway -- ls /var/run/portkey",
                "kubectl -n ai rollout status deployment/portkey-gateway-dataservice",
                "kubectl -n ai get events --field-selector reason=FailedMount",
                "kubectl -n ai get secretproviderclasspodstatuses",
                "kubectl -n kube-system logs -l app=secrets-store-csi-driver-provider-aws --tail=50",
                "aws eks describe-addon --cluster-name shared --addon-name eks-pod-identity-agent --query addon.status",
                "aws eks list-pod-identity-associations --cluster-name shared --namespace ai",
            ],
        );
    });

    it("names the release in the selector and a custom synced Secret", () => {
        const cmds = commands({ gateway: { releaseName: "edge-gateway", syncedSecretName: "gw-env" } });
        assert.ok(cmds.includes("kubectl -n portkeyai get pods -l 'app.kubernetes.io/name=gateway,app.kubernetes.io/instance=edge-gateway,!app.kubernetes.io/component'"));
        assert.ok(cmds.includes("kubectl -n portkeyai get secret gw-env -o jsonpath='{.data}' | jq 'keys'"));
        assert.ok(cmds.includes("kubectl -n portkeyai rollout status deployment/edge-gateway"));
    });
});
