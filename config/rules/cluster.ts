// Rules that span settings of the cluster.
import { repeatedPrincipal } from "../../derive/accessEntries";
import { instanceArchitecture } from "../../derive/amiType";
import { isInstanceTypeName } from "../grammar";
import { isPlainObject, own } from "../schema";
import { Rule } from "./rule";

export const existingClusterNeedsName: Rule = ({ s, raw }, p) => {
    const written = isPlainObject(raw.cluster) ? own(raw.cluster, "name") : undefined;
    if (!s.cluster.create && s.cluster.fromStack === undefined && written === undefined) {
        p.add(
            "cluster.name",
            "an existing cluster needs its name (cluster.create is false)",
            "set `pulumi config set --path cluster.name <eks-cluster-name>`, or set cluster.create to true",
        );
    }
};

export const nodeGroupSizesInOrder: Rule = ({ s }, p) => {
    const { minSize, desiredSize, maxSize, create, compute } = s.cluster;
    // Auto Mode has no node group: its sizes are refused as not applying (config/declaration.ts).
    if (!create || compute === "auto-mode") return;
    if (minSize > maxSize || desiredSize < minSize || desiredSize > maxSize) {
        p.add(
            "cluster.desiredSize",
            `node group sizes must satisfy minSize <= desiredSize <= maxSize (got ${minSize}, ${desiredSize}, ${maxSize})`,
            "adjust cluster.minSize, cluster.desiredSize and cluster.maxSize",
        );
    } else if (desiredSize === 0) {
        p.add(
            "cluster.desiredSize",
            "is 0, so the created cluster has no node to run the add-ons and the gateway, and the releases time out waiting for them",
            "set cluster.desiredSize (and cluster.minSize) to at least 1",
        );
    }
};

/** Whether the user wrote cluster.<key>: a written but rejected value is reported once, by its own check. */
function writtenClusterKey(raw: Record<string, unknown>, key: string): boolean {
    return isPlainObject(raw.cluster) && own(raw.cluster, key) !== undefined;
}

export const subnetsMatchVpc: Rule = ({ s, raw }, p) => {
    const { create, publicSubnetIds, privateSubnetIds } = s.cluster;
    if (!create) return;
    const vpcWritten = writtenClusterKey(raw, "vpcId");
    if (!vpcWritten && (publicSubnetIds !== undefined || privateSubnetIds !== undefined)) {
        p.add(
            "cluster.vpcId",
            "subnets are set without their VPC",
            "set cluster.vpcId to the VPC of those subnets, or remove the subnets to let the program create a VPC",
        );
    }
    if (!vpcWritten) return;
    if ((privateSubnetIds ?? []).length === 0 && (privateSubnetIds !== undefined || !writtenClusterKey(raw, "privateSubnetIds"))) {
        p.add(
            "cluster.privateSubnetIds",
            "cluster.vpcId is set without private subnets, so EKS would get an empty subnet list",
            "list the VPC's private subnets (in at least two zones EKS supports), or remove cluster.vpcId to let the program create a VPC",
        );
    } else if (privateSubnetIds?.length === 1) {
        // EKS user guide, network-reqs: "subnets in at least two different Availability Zones".
        p.add(
            "cluster.privateSubnetIds",
            "lists one subnet, but EKS needs subnets in at least two Availability Zones for a cluster",
            "list private subnets of the VPC in at least two zones EKS supports",
        );
    }
};

export const podIdentityAgentVersionNeedsAgent: Rule = ({ s }, p) => {
    // Under Auto Mode the version is refused as not applying (config/declaration.ts); once is enough.
    const addon = s.identity === "pod-identity" && s.cluster.compute !== "auto-mode";
    if (addon && !s.cluster.installPodIdentityAgent && s.cluster.podIdentityAgentVersion !== undefined) {
        p.add(
            "cluster.podIdentityAgentVersion",
            "is set but the program does not install the agent (cluster.installPodIdentityAgent is false)",
            "remove it, or set cluster.installPodIdentityAgent to true",
        );
    }
};

/** IAM names are unique per account whatever their case and path, so two spellings of one name are one principal. */
export const adminsListedOnce: Rule = ({ s }, p) => {
    const i = repeatedPrincipal(s.cluster.adminPrincipalArns);
    if (i !== undefined)
        p.add(
            "cluster.adminPrincipalArns",
            `item ${i} names a principal an earlier item already names (IAM role and user names are unique in an account whatever their case and path, and EKS allows one access entry per principal)`,
            "list each principal once",
        );
};

/** One node group runs one AMI type, so all its instance types share one architecture (derive/amiType.ts). */
export const instanceTypesShareArchitecture: Rule = ({ s }, p) => {
    const types = s.cluster.instanceTypes ?? [];
    // A name that is no instance type at all is the declaration's to report.
    if (!s.cluster.create || !types.every(isInstanceTypeName)) return;
    const arches = types.map(instanceArchitecture);
    const unknown = arches.findIndex((a) => a === undefined);
    if (unknown >= 0) {
        p.add(
            "cluster.instanceTypes",
            `item ${unknown} is not a type whose processor architecture EKS node groups take (x86_64, or arm64 for Graviton)`,
            'use a current type such as "m6i.large" (x86_64) or "m7g.large" (Graviton)',
        );
    } else if (new Set(arches).size > 1) {
        p.add(
            "cluster.instanceTypes",
            "mixes x86_64 and Graviton (arm64) types, but one node group runs one AMI type and EKS rejects the others",
            "list types of one architecture only (for example all Graviton, such as m7g.large and c7g.large)",
        );
    }
};

export const CLUSTER_RULES: Rule[] = [
    instanceTypesShareArchitecture,
    adminsListedOnce,
    existingClusterNeedsName,
    nodeGroupSizesInOrder,
    subnetsMatchVpc,
    podIdentityAgentVersionNeedsAgent,
];
