// The network of a created cluster: which zones (by zone ID, since zone names map to different
// IDs in each account), the subnets and their load-balancer tags, and the NAT strategy.

/**
 * Zone IDs where EKS refuses a control plane (UnsupportedAvailabilityZoneException). EKS user
 * guide, "View Amazon EKS networking requirements for VPC and subnets" (network-reqs.adoc).
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"] as const;

/** EKS needs subnets in at least two zones (same page). */
export const MIN_ZONES = 2;

export interface ZoneList {
    names: string[];
    zoneIds: string[];
}

/** The zone names whose zone ID EKS supports, in the provider's order. */
export function usableZoneNames(zones: ZoneList): string[] {
    return zones.names.filter((_, i) => !(EKS_UNSUPPORTED_ZONE_IDS as readonly string[]).includes(zones.zoneIds[i]));
}

/**
 * Problems of the zones of the VPC the program creates, from EC2's answer (DescribeAvailabilityZones):
 * at least two that EKS supports. Each problem is `[key, what, fix]`.
 */
export function createdVpcZoneProblems(zones: ZoneList): Array<[string, string, string]> {
    const usable = usableZoneNames(zones).length;
    if (usable >= MIN_ZONES) return [];
    return [
        [
            "cluster.vpcId",
            `unset, so the program creates a VPC, but the region has ${usable} available zone(s) that EKS supports and an EKS cluster needs at least ${MIN_ZONES}`,
            "deploy in another region, or give a VPC (cluster.vpcId, cluster.privateSubnetIds) whose subnets are in zones EKS supports",
        ],
    ];
}

/**
 * Offline, where no zone ID is known: the zones of a created VPC as `pulumi preview` will choose
 * them, one placeholder per zone naming the region and the zone's place. No AWS zone name holds a
 * space or parentheses, so a placeholder is never taken for a real zone.
 */
export function zonesChosenAtPreview(region: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${region} zone ${i + 1} (chosen at preview)`);
}

/** The region of a created VPC's zone names: a zone name is its region and a letter; a placeholder starts with its region. */
export function regionOfZoneNames(names: string[]): string | undefined {
    const first = names[0];
    if (first === undefined) return undefined;
    return first.includes(" ") ? first.split(" ")[0] : first.replace(/[a-z]$/, "");
}

/**
 * The first `count` zone names whose zone ID EKS supports, in the provider's order. Throws when
 * fewer than two remain: the VPC could not host a control plane.
 */
export function eksZoneNames(zones: ZoneList, count: number): string[] {
    const usable = usableZoneNames(zones);
    if (usable.length < MIN_ZONES) {
        throw new Error(`the region has ${usable.length} available zone(s) that EKS supports; an EKS cluster needs at least ${MIN_ZONES}`);
    }
    return usable.slice(0, count);
}

/** What EC2 says of a given subnet (DescribeSubnets: docs/upstream-facts.md#ec2-subnet-facts). */
export interface SubnetFacts {
    vpcId: string;
    /** The zone's name (`eu-west-1a`), which maps to a different zone in each account. */
    availabilityZone: string;
    /** The zone's ID (`euw1-az1`), the same in every account. */
    availabilityZoneId: string;
}

/**
 * Problems of the private subnets given for a created cluster, from EC2's answers in list order:
 * each in `vpcId`, none in a zone EKS refuses, and at least two zones (EKS user guide, network-reqs).
 * Each problem is `[key, what, fix]`; zone IDs come from AWS, not from the config.
 */
export function givenSubnetProblems(vpcId: string, subnets: SubnetFacts[]): Array<[string, string, string]> {
    const key = "cluster.privateSubnetIds";
    const out: Array<[string, string, string]> = [];
    subnets.forEach((s, i) => {
        if (s.vpcId !== vpcId) out.push([key, `item ${i} is a subnet of another VPC than cluster.vpcId`, "list subnets of cluster.vpcId only"]);
        if ((EKS_UNSUPPORTED_ZONE_IDS as readonly string[]).includes(s.availabilityZoneId))
            out.push([key, `item ${i} is in zone ${s.availabilityZoneId}, where EKS does not place clusters`, "use subnets in other zones of the region"]);
    });
    if (new Set(subnets.map((s) => s.availabilityZoneId)).size < MIN_ZONES)
        out.push([
            key,
            `the subnets are all in one Availability Zone, and EKS needs subnets in at least ${MIN_ZONES}`,
            "add a private subnet of the VPC in another zone",
        ]);
    return out;
}

/** An ALB needs subnets in at least two zones; an NLB in one (docs/upstream-facts.md#lbc-given-subnets). */
export const MIN_LOAD_BALANCER_ZONES = { "internal-alb": 2, "internal-nlb": 1 } as const;

/**
 * Problems of the subnets a load balancer is given by annotation, from EC2's answers in list
 * order: the controller takes exactly one subnet per zone, and an ALB needs two zones
 * (docs/upstream-facts.md#lbc-given-subnets). Each problem is `[key, what, fix]`.
 */
export function loadBalancerSubnetProblems(type: keyof typeof MIN_LOAD_BALANCER_ZONES, subnets: SubnetFacts[]): Array<[string, string, string]> {
    const key = "endpoint.loadBalancerSubnetIds";
    const out: Array<[string, string, string]> = [];
    const byZone = new Map<string, number[]>();
    subnets.forEach((s, i) => byZone.set(s.availabilityZone, [...(byZone.get(s.availabilityZone) ?? []), i]));
    for (const [zone, items] of byZone)
        if (items.length > 1)
            out.push([
                key,
                `items ${items.join(", ")} are all in zone ${zone}; the load balancer controller refuses more than one subnet per zone`,
                "list one subnet per zone",
            ]);
    const min = MIN_LOAD_BALANCER_ZONES[type];
    const zones = byZone.size === 1 ? "one Availability Zone" : `${byZone.size} Availability Zones`;
    if (byZone.size < min)
        out.push([
            key,
            `the subnets are in ${zones}, and an ${type === "internal-alb" ? "ALB" : "NLB"} needs subnets in at least ${min}`,
            "add a subnet of another zone",
        ]);
    return out;
}

/** Subnet tags the AWS Load Balancer Controller selects subnets by (EKS user guide, network-reqs). */
export const PUBLIC_SUBNET_TAGS = { "kubernetes.io/role/elb": "1" } as const;
export const INTERNAL_LOAD_BALANCER_SUBNET_TAGS = { "kubernetes.io/role/internal-elb": "1" } as const;

export const NAT_GATEWAYS = ["single", "one-per-zone"] as const;
export type NatGateways = (typeof NAT_GATEWAYS)[number];

/**
 * The awsx `ec2.Vpc` arguments: private subnets (nodes, pods) much larger than public ones, and
 * small isolated subnets of their own for internal load balancers, the only ones tagged
 * internal-elb: a NetworkPolicy can then admit exactly the load balancers' addresses, where the
 * node subnets would admit every pod. Appended last: the "Auto" strategy lays each zone's subnets
 * out in the order of the specs inside that zone's block (pulumi/pulumi-awsx
 * awsx/ec2/subnetDistributorNew.ts, getSubnetSpecs), so the subnets before them keep their ranges.
 */
export function vpcArgs(cidrBlock: string, zoneNames: string[], nat: NatGateways, tags: Record<string, string>) {
    const prefix = Number(cidrBlock.split("/")[1]);
    return {
        cidrBlock,
        availabilityZoneNames: zoneNames,
        enableDnsHostnames: true,
        natGateways: { strategy: nat === "single" ? ("Single" as const) : ("OnePerAz" as const) },
        subnetStrategy: "Auto" as const,
        subnetSpecs: [
            // The VPC CNI gives every pod an address from these: an eighth of the VPC per zone.
            { type: "Private" as const, cidrMask: prefix + 3 },
            { type: "Public" as const, cidrMask: prefix + 6, tags: { ...PUBLIC_SUBNET_TAGS } },
            // At least 8 free addresses per subnet for the load balancer (kubernetes-sigs/aws-load-balancer-controller@v3.5.0 docs/deploy/subnet_discovery.md): /28 has 11.
            { type: "Isolated" as const, name: "loadbalancer", cidrMask: prefix + 8, tags: { ...INTERNAL_LOAD_BALANCER_SUBNET_TAGS } },
        ],
        tags,
    };
}
