// Commands an operator runs after `pulumi up` to see the secret reach the pods, pasted as they are
// into a shell with AWS credentials: the first points kubectl at the cluster.

import { NETWORK_POLICY_SWITCH } from "./autoModeNetworking";
import { usesAutoMode } from "./compute";
import { ADDONS_NAMESPACE, POD_IDENTITY_AGENT_ADDON } from "./constants";
import type { Config } from "./inputs";
import type { Names } from "./names";

/** The commands, in order; every `aws` command names `region`, so none depends on the shell's profile. */
export function validationCommands(cfg: Config, names: Names, region: string): string[] {
    const ns = `-n ${cfg.namespace}`;
    const aws = (cmd: string) => `aws ${cmd} --region ${region}`;
    // Dataservice pods carry the same name/instance labels plus a component label.
    const selector = `'app.kubernetes.io/name=gateway,app.kubernetes.io/instance=${names.release},!app.kubernetes.io/component'`;
    const cmds = [
        aws(`eks update-kubeconfig --name ${cfg.cluster.name}`),
        `kubectl ${ns} get secretproviderclass ${names.secretProviderClass}`,
        `kubectl ${ns} rollout status deployment/${names.gatewayDeployment}`,
        `kubectl ${ns} get pods -l ${selector}`,
        `kubectl ${ns} exec deployment/${names.gatewayDeployment} -- ls ${cfg.gateway.mountPath}`,
    ];
    if (names.syncedSecret) cmds.push(`kubectl ${ns} get secret ${names.syncedSecret} -o jsonpath='{.data}' | jq 'keys'`);
    if (names.dataserviceDeployment) cmds.push(`kubectl ${ns} rollout status deployment/${names.dataserviceDeployment}`);
    cmds.push(`kubectl ${ns} get events --field-selector reason=FailedMount`);
    cmds.push(`kubectl ${ns} get secretproviderclasspodstatuses`);
    cmds.push(`kubectl -n ${ADDONS_NAMESPACE} logs -l app=secrets-store-csi-driver-provider-aws --tail=50`);
    if (cfg.identity === "pod-identity") {
        // Auto Mode's nodes run the agent: there is no add-on to describe (docs/upstream-facts.md#auto-mode-pod-identity).
        if (!usesAutoMode(cfg))
            cmds.push(aws(`eks describe-addon --cluster-name ${cfg.cluster.name} --addon-name ${POD_IDENTITY_AGENT_ADDON} --query addon.status`));
        cmds.push(aws(`eks list-pod-identity-associations --cluster-name ${cfg.cluster.name} --namespace ${cfg.namespace}`));
    }
    // Auto Mode enforces the NetworkPolicies only with this "true" (docs/upstream-facts.md#eks-auto-network-policy).
    const s = NETWORK_POLICY_SWITCH;
    if (usesAutoMode(cfg)) cmds.push(`kubectl -n ${s.namespace} get configmap ${s.name} -o jsonpath='{.data.${s.key}}'`);
    return cmds;
}

/** What `npm run verify` compares exactly when it is told: the stack's role ARNs and the load balancer subnets' CIDRs. */
export interface VerifyFacts {
    identity: "irsa" | "pod-identity";
    roleArn: string;
    dataserviceRoleArn?: string;
    /** The -callers policy's ipBlocks; empty for a cluster endpoint. */
    loadBalancerCidrs: string[];
}

/**
 * The verify command for the stack, with the facts only the deploy knows, so pasting it compares them
 * exactly (docs/operating.md). The role ARNs are IRSA annotations; with Pod Identity no annotation is read.
 */
export function verifyCommand(stack: string, f: VerifyFacts): string {
    const parts = ["npm run verify --", `--stack ${stack}`];
    if (f.identity === "irsa") parts.push(`--role-arn ${f.roleArn}`, ...(f.dataserviceRoleArn ? [`--dataservice-role-arn ${f.dataserviceRoleArn}`] : []));
    if (f.loadBalancerCidrs.length > 0) parts.push(`--lb-cidrs ${f.loadBalancerCidrs.join(",")}`);
    return parts.join(" ");
}
