// The NetworkPolicy switch of an EKS Auto Mode cluster: its built-in network policy controller
// enforces nothing until the ConfigMap kube-system/amazon-vpc-cni sets
// enable-network-policy-controller to "true" (docs/upstream-facts.md#eks-auto-network-policy).
// A node-group cluster turns policies on through the vpc-cni add-on instead (components/cluster.ts).
import { usesAutoMode } from "./compute";
import type { GatewaySpec } from "./inputs";

/** Where the switch lives and the value that turns enforcement on. */
export const NETWORK_POLICY_SWITCH = {
    namespace: "kube-system",
    name: "amazon-vpc-cni",
    key: "enable-network-policy-controller",
    value: "true",
} as const;

/** The switch as a ConfigMap's metadata and data. */
export interface SwitchObject {
    metadata: { name: string; namespace: string };
    data: Record<string, string>;
}

/**
 * The switch the program applies: only on an Auto Mode cluster it creates. On an existing cluster
 * kube-system is the platform team's, and `verify` checks the switch instead.
 */
export function networkPolicySwitch(spec: Pick<GatewaySpec, "cluster">, createsCluster: boolean): SwitchObject | undefined {
    if (!createsCluster || !usesAutoMode(spec)) return undefined;
    const s = NETWORK_POLICY_SWITCH;
    return { metadata: { name: s.name, namespace: s.namespace }, data: { [s.key]: s.value } };
}

/** Whether a ConfigMap's data turns the controller on (the value exactly as the user guide gives it). */
export function switchIsOn(data: Record<string, string> | undefined): boolean {
    return data?.[NETWORK_POLICY_SWITCH.key] === NETWORK_POLICY_SWITCH.value;
}

/**
 * The kubectl command that turns the switch on: a patch of the key when the ConfigMap exists (a
 * cluster that ran the VPC CNI has one with other keys), else a create.
 */
export function switchCommand(exists: boolean): string {
    const s = NETWORK_POLICY_SWITCH;
    return exists
        ? `kubectl -n ${s.namespace} patch configmap ${s.name} --type merge -p '{"data":{"${s.key}":"${s.value}"}}'`
        : `kubectl -n ${s.namespace} create configmap ${s.name} --from-literal=${s.key}=${s.value}`;
}
