// The AMI type of the managed node group, from its instance types' processor architecture.
// Without one EKS takes an x86_64 type and refuses a Graviton instance type after the control plane
// exists. AMI types: EKS API reference, Nodegroup.amiType
// (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html); there are no AL2 AMIs
// for Kubernetes 1.33 and later (EKS user guide, "AL2 AMI deprecation").

export type Architecture = "x86_64" | "arm64";
export const AMI_FAMILIES = ["al2023", "bottlerocket"] as const;
export type AmiFamily = (typeof AMI_FAMILIES)[number];

/**
 * The processor architecture of an EC2 instance type, or undefined when its name does not say.
 * Names are <family><generation><attributes>.<size>; the attribute `g` means an AWS Graviton
 * processor (EC2 instance types guide, "Amazon EC2 instance type naming conventions":
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html). `a1` is the
 * first Graviton generation. Mac instances, which EKS node groups do not run, say nothing here.
 */
export function instanceArchitecture(instanceType: string): Architecture | undefined {
    // The first High Memory types (u-6tb1, u-12tb1, ...) name no generation; they are Intel Xeon.
    if (/^u-\d+tb\d+\.[a-z0-9]+$/.test(instanceType)) return "x86_64";
    const m = /^([a-z]+)(\d+)([a-z0-9-]*)\.[a-z0-9-]+$/.exec(instanceType);
    if (m === null || m[1] === "mac") return undefined;
    const [, family, generation, attributes] = m;
    if (family === "a" && generation === "1") return "arm64";
    return /^[a-z]*g/.test(attributes) ? "arm64" : "x86_64";
}

const AMI_TYPES: Record<AmiFamily, Record<Architecture, string>> = {
    al2023: { x86_64: "AL2023_x86_64_STANDARD", arm64: "AL2023_ARM_64_STANDARD" },
    bottlerocket: { x86_64: "BOTTLEROCKET_x86_64", arm64: "BOTTLEROCKET_ARM_64" },
};

/** The node group's AMI type for its instance types, or undefined when they do not share one architecture. */
export function nodeGroupAmiType(instanceTypes: readonly string[], family: AmiFamily): string | undefined {
    const arches = new Set(instanceTypes.map(instanceArchitecture));
    if (arches.size !== 1) return undefined;
    const [arch] = [...arches];
    return arch === undefined ? undefined : AMI_TYPES[family][arch];
}
