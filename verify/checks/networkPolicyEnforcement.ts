// Whether anything enforces the gateway's NetworkPolicies: on a node-group cluster the VPC CNI's
// policy agent (aws-node), under EKS Auto Mode its built-in controller, which stays off until the
// ConfigMap kube-system/amazon-vpc-cni turns it on (docs/upstream-facts.md#eks-auto-network-policy).
// Under Auto Mode only the switch can be read: whether the built-in NodeClass's nodes enforce with it
// alone is not documented, so a pass says no more than that.
import { switchCommand, switchIsOn } from "../../derive/autoModeNetworking";
import { ExpectedState } from "../expected";
import { Finding, Observed } from "../types";
import { fail, notApplicable, pass } from "./finding";

export const ENFORCEMENT_ID = "endpoint.networkPolicyEnforced";

type Switch = NonNullable<ExpectedState["networkPolicySwitch"]>;

/** What a pass under Auto Mode shows, and what it does not. */
export const SWITCH_ONLY =
    "on; this shows the switch, not that the nodes enforce: whether the built-in NodeClass's nodes need more is not documented (a caller the policy refuses is the test, docs/endpoint.md#networkpolicy)";

/** The VPC CNI's policy agent runs with `--enable-network-policy=true` (amazon-vpc-cni-k8s chart, aws-node DaemonSet). */
function vpcCniEnforcement(o: Observed): Finding {
    const id = ENFORCEMENT_ID;
    const expected = "the VPC CNI enforces NetworkPolicies (aws-node: --enable-network-policy=true)";
    const node = o.daemonSets.find((d) => d.metadata.name === "aws-node" && d.metadata.namespace === "kube-system");
    if (!node) return notApplicable(id, "no aws-node DaemonSet: check that the cluster's network plugin enforces NetworkPolicies");
    const args = (node.spec?.template?.spec?.containers ?? []).flatMap((c) => c.args ?? []);
    if (args.includes("--enable-network-policy=true")) return pass(id, expected, "enabled");
    return fail(
        id,
        expected,
        "not enabled: the NetworkPolicies exist but nothing enforces them",
        'set the vpc-cni add-on\'s configuration {"enableNetworkPolicy": "true"} (a created cluster has it)',
    );
}

function autoModeEnforcement(s: Switch, o: Observed): Finding {
    const where = `ConfigMap ${s.namespace}/${s.name}`;
    const expected = `EKS Auto Mode's NetworkPolicy controller switched on (${where}: ${s.key} "${s.value}")`;
    const cm = o.configMaps.find((c) => c.metadata.name === s.name && c.metadata.namespace === s.namespace);
    if (switchIsOn(cm?.data)) return pass(ENFORCEMENT_ID, expected, SWITCH_ONLY);
    const value = cm?.data?.[s.key];
    const found = `${cm ? (value === undefined ? `${where} has no ${s.key}` : `${s.key} is "${value}"`) : `no ${where}`}: the NetworkPolicies exist but nothing enforces them`;
    const fix =
        s.setBy === "stack"
            ? "run `pulumi up --refresh`: the stack sets the key on the Auto Mode cluster it creates"
            : `the platform team turns the controller on (the stack does not change kube-system on a cluster it did not create): \`${switchCommand(cm !== undefined)}\`; until then every pod may call the gateway`;
    return fail(ENFORCEMENT_ID, expected, found, fix);
}

/** The NetworkPolicy enforcement of the cluster `cluster.compute` declares. */
export function enforcementFinding(e: ExpectedState, o: Observed): Finding {
    return e.networkPolicySwitch ? autoModeEnforcement(e.networkPolicySwitch, o) : vpcCniEnforcement(o);
}
