// Fixed, obviously fake cloud values for running the program under Pulumi's mocks, so that a plan
// is byte-identical from run to run. Nothing here reaches AWS or a cluster. A fact a rule judges
// (a subnet's VPC and zone, the deploying identity, a running cluster, an adopted secret's value, an
// inference profile's destinations) is answered only as a stack, flag or test declared it; otherwise
// the answer carries OFFLINE_MARK and the program reports the rule as not checked offline
// (config/rules/cloud.ts).
import * as pulumi from "@pulumi/pulumi";
import { OFFLINE_MARK } from "../config/rules/cloud";
import { partitionInfoOfRegion, partitionOfRegion } from "../derive/partition";
import { PREVIOUS_DEPLOYMENT } from "../derive/replicaHandover";

export const FAKE = {
    accountId: "123456789012",
    defaultRegion: "us-east-1",
    oidcId: "EXAMPLED539D4633E53DE1B71EXAMPLE",
    secretSuffix: "AbCdEf",
    caData: "RkFLRS1DQS1EQVRB",
} as const;

/** ARNs and endpoints carry the partition and DNS suffix of the region asked about, as AWS answers. */
const arn = (region: string, rest: string) => `arn:${partitionOfRegion(region)}:${rest}`;
const suffix = (region: string) => partitionInfoOfRegion(region).dnsSuffix;
export const oidcIssuer = (region: string) => `oidc.eks.${region}.${suffix(region)}/id/${FAKE.oidcId}`;
export const oidcProviderArn = (region: string) => arn(region, `iam::${FAKE.accountId}:oidc-provider/${oidcIssuer(region)}`);
const apiServer = (region: string) => `https://FAKE0000000000000000000000000000.gr7.${region}.eks.${suffix(region)}`;

/**
 * The region's zones, for subnets whose zone a test declares. Zone names map to different zone IDs
 * in each account; here the first name maps to the region's third zone ID, which in us-east-1 is
 * one EKS refuses (use1-az3).
 */
export function fakeZones(region: string) {
    const letters = ["a", "b", "c", "d"];
    const prefix = region
        .split("-")
        .map((p, i) => (i === 2 ? p : p.slice(0, i === 0 ? 2 : 1)))
        .join("");
    const ids = [3, 1, 2, 4].map((n) => `${prefix}-az${n}`);
    return { id: region, names: letters.map((l) => `${region}${l}`), zoneIds: ids, groupNames: letters.map(() => region) };
}

/**
 * DescribeAvailabilityZones for a created VPC: the zone names with every zone ID unknown, since the
 * name-to-ID mapping is the account's and the program chooses the VPC's zones by ID.
 */
function regionZones(region: string) {
    const zones = fakeZones(region);
    return { ...zones, zoneIds: zones.zoneIds.map(() => OFFLINE_MARK) };
}

function fakeVpc(zones: string[] = []) {
    const ids = (kind: string) => zones.map((_, i) => `subnet-${kind}${String(i).padStart(12, "0")}`);
    return { vpcId: "vpc-0fake00000000000", privateSubnetIds: ids("0a"), publicSubnetIds: ids("0b"), isolatedSubnetIds: ids("0c") };
}

/**
 * Placeholder CIDR blocks for the subnets of one run: a /24 per subnet ID in the order first asked
 * (10.0.0.0/24, 10.0.1.0/24, …), so the same subnet always gets the same block and two never share one.
 * The program lists them as placeholders (config/rules/cloud.ts loadBalancerCidrsLine).
 */
export function fakeSubnetCidrs(): (subnetId: string) => string {
    const blocks = new Map<string, string>();
    return (subnetId) => {
        if (!blocks.has(subnetId)) blocks.set(subnetId, `10.${Math.floor(blocks.size / 256)}.${blocks.size % 256}.0/24`);
        return blocks.get(subnetId)!;
    };
}

/**
 * A legal EKS cluster name for a referenced stack (1-100 letters, digits, hyphens and underscores,
 * starting with a letter or digit: docs/upstream-facts.md#eks-cluster-name); a stack name may hold dots.
 */
export function placeholderClusterName(stackName: string): string {
    return `eks-${stackName.split("/").pop()}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 100);
}

/** Output names a referenced cluster stack exports (cluster.fromStackOutputs); unset ones take the default. */
export type StackOutputNames = Partial<Record<"kubeconfig" | "clusterName" | "oidcProviderArn" | "oidcIssuer", string>>;

/**
 * The read of a `pulumi:pulumi:StackReference` (inputs `{name}`) answered like a pulumi-eks cluster
 * stack in the same account and region: the kubeconfig an object and secret (docs/upstream-facts.md#stack-reference).
 */
export function fakeClusterStack(region: string, stackName: string, names: StackOutputNames = {}) {
    const clusterName = placeholderClusterName(stackName);
    const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: clusterName,
                cluster: { server: apiServer(region), "certificate-authority-data": FAKE.caData },
            },
        ],
    };
    const n = { kubeconfig: "kubeconfig", clusterName: "clusterName", oidcProviderArn: "oidcProviderArn", oidcIssuer: "oidcIssuer", ...names };
    const outputs = {
        [n.kubeconfig]: kubeconfig,
        [n.clusterName]: clusterName,
        [n.oidcProviderArn]: oidcProviderArn(region),
        [n.oidcIssuer]: `https://${oidcIssuer(region)}`,
    };
    // The name marks the outputs as placeholders (components/cluster.ts lists them as not checked offline).
    return { id: stackName, state: { name: OFFLINE_MARK, outputs, secretOutputNames: [n.kubeconfig] } };
}

export interface FakeCloudOptions {
    /** The current value (SecretString) of an adopted secret; absent: unknown offline. */
    adoptedSecretJson?: string;
    /** The replica's value, read in another region; absent: unknown offline (the primary's value says nothing of the replica's). */
    replicaSecretJson?: string;
    /** Output names of a referenced cluster stack (cluster.fromStackOutputs). */
    stackOutputNames?: StackOutputNames;
    /**
     * EKS clusters that already run in the account, name → Kubernetes version, each with an IAM OIDC
     * provider for its issuer; absent: unknown offline, and any cluster looked up is a placeholder.
     */
    runningClusters?: Record<string, string>;
    /** Subnets by ID: their VPC and zone (index into fakeZones); any other subnet's are unknown offline. */
    subnets?: Record<string, { vpcId: string; zoneIndex: number }>;
    /** The deploying identity (sts:GetCallerIdentity); absent: unknown offline, with FAKE.accountId for ARNs. */
    callerIdentity?: { accountId: string; arn: string };
    /** Inference profiles by ID: the `modelArn` of each model Bedrock's GetInferenceProfile lists; any other's are unknown offline. */
    inferenceProfiles?: Record<string, string[]>;
    /** The outputs of the stack's own last deployment (program/previousDeployment.ts), `{}` for none; absent: unknown offline, answered as none. */
    previousOutputs?: Record<string, unknown>;
    /** The region was not declared by the stack (offline/stackConfig.ts assumed it): getRegion marks its answer. */
    regionAssumed?: boolean;
}

/** bedrock:GetInferenceProfile in the source region: the declared models, else one whose ARN is unknown (never invented destinations). */
function fakeInferenceProfile(region: string, options: FakeCloudOptions, inputs: Record<string, unknown>) {
    const id = String(inputs.inferenceProfileId);
    const at = (inputs.region as string | undefined) ?? region;
    const declared = options.inferenceProfiles?.[id];
    return {
        id,
        inferenceProfileId: id,
        inferenceProfileArn: declared ? arn(at, `bedrock:${at}:${FAKE.accountId}:inference-profile/${id}`) : OFFLINE_MARK,
        models: (declared ?? [OFFLINE_MARK]).map((modelArn) => ({ modelArn })),
        region: at,
        status: "ACTIVE",
        type: "SYSTEM_DEFINED",
    };
}

/** A subnet as DescribeSubnets answers: as declared, else its VPC and zone unknown; a placeholder CIDR block either way (marked in `arn`). */
function fakeSubnet(region: string, options: FakeCloudOptions, id: string, cidrOf: (id: string) => string) {
    const declared = options.subnets?.[id];
    const zones = fakeZones(region);
    return {
        id,
        vpcId: declared?.vpcId ?? OFFLINE_MARK,
        availabilityZone: declared ? zones.names[declared.zoneIndex] : OFFLINE_MARK,
        availabilityZoneId: declared ? zones.zoneIds[declared.zoneIndex] : OFFLINE_MARK,
        cidrBlock: cidrOf(id),
        arn: OFFLINE_MARK,
    };
}

/** sts:GetCallerIdentity: as declared, else an unknown caller whose account is the placeholder the plan's ARNs name. */
function fakeCaller(options: FakeCloudOptions) {
    const c = options.callerIdentity;
    if (c) return { id: c.accountId, accountId: c.accountId, arn: c.arn, userId: "AIDAFAKEUSERID" };
    return { id: FAKE.accountId, accountId: FAKE.accountId, arn: OFFLINE_MARK, userId: OFFLINE_MARK };
}

/** An adopted secret's AWSCURRENT version: the declared value (the replica's in another region), else unknown. */
function fakeSecretVersion(region: string, options: FakeCloudOptions, inputs: Record<string, unknown>) {
    const r = inputs.region as string | undefined;
    const value = r !== undefined && r !== region ? options.replicaSecretJson : options.adoptedSecretJson;
    const versionId = value === undefined ? OFFLINE_MARK : "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";
    return { id: `${String(inputs.secretId)}|AWSCURRENT`, secretId: inputs.secretId, secretString: value, versionId, versionStage: "AWSCURRENT" };
}

/** What AWS adds to a resource's inputs, and its id. */
function fakeResource(region: string, args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const state: Record<string, unknown> = { ...args.inputs };
    let id = `${args.name}-id`;
    switch (args.type) {
        case "aws:iam/role:Role":
            state.name = args.inputs.name ?? args.name;
            state.arn = arn(region, `iam::${FAKE.accountId}:role/${String(state.name)}`);
            break;
        case "aws:secretsmanager/secret:Secret":
            state.arn = arn(region, `secretsmanager:${region}:${FAKE.accountId}:secret:${args.inputs.name}-${FAKE.secretSuffix}`);
            id = state.arn as string;
            break;
        case "eks:index:Cluster":
            state.oidcIssuer = oidcIssuer(region);
            state.oidcProviderArn = oidcProviderArn(region);
            state.kubeconfigJson = JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: args.inputs.name, cluster: { server: "https://fake.example" } }],
            });
            break;
        case "awsx:ec2:Vpc":
            Object.assign(state, fakeVpc(args.inputs.availabilityZoneNames as string[]));
            break;
        case "kubernetes:helm.sh/v3:Release":
            state.status = { name: args.inputs.name, namespace: args.inputs.namespace, status: "deployed" };
            break;
    }
    return { id, state };
}

/** What AWS answers to a data-source call. */
function fakeCall(region: string, options: FakeCloudOptions, args: pulumi.runtime.MockCallArgs, cidrOf: (id: string) => string): Record<string, unknown> {
    switch (args.token) {
        case "aws:index/getRegion:getRegion":
            return { id: options.regionAssumed ? OFFLINE_MARK : region, name: region, region };
        case "aws:index/getPartition:getPartition":
            return { id: partitionOfRegion(region), ...partitionInfoOfRegion(region) };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return fakeCaller(options);
        case "aws:eks/getCluster:getCluster":
            return {
                id: args.inputs.name,
                name: args.inputs.name,
                // A cluster no test declared running is a placeholder: the mark tells the program (components/cluster.ts).
                arn: options.runningClusters?.[args.inputs.name] ? arn(region, `eks:${region}:${FAKE.accountId}:cluster/${args.inputs.name}`) : OFFLINE_MARK,
                endpoint: apiServer(region),
                certificateAuthorities: [{ data: FAKE.caData }],
                identities: [{ oidcs: [{ issuer: `https://${oidcIssuer(region)}` }] }],
                ...(options.runningClusters?.[args.inputs.name] ? { version: options.runningClusters[args.inputs.name] } : {}),
                vpcConfig: { vpcId: "vpc-0fake00000000000" },
            };
        case "aws:eks/getClusters:getClusters":
            return options.runningClusters ? { id: region, names: Object.keys(options.runningClusters) } : { id: OFFLINE_MARK, names: [] };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return regionZones(region);
        case "aws:ec2/getSubnet:getSubnet":
            return fakeSubnet(region, options, String(args.inputs.id), cidrOf);
        case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
            return { id: oidcProviderArn(region), arn: oidcProviderArn(region), url: args.inputs.url };
        case "aws:secretsmanager/getSecretVersion:getSecretVersion":
            return fakeSecretVersion(region, options, args.inputs);
        case "aws:bedrock/getInferenceProfile:getInferenceProfile":
            return fakeInferenceProfile(region, options, args.inputs);
        default:
            return args.inputs;
    }
}

/** Mocks for `pulumi.runtime.setMocks`: resources echo their inputs plus the outputs AWS would add. */
export function fakeCloud(region: string, options: FakeCloudOptions = {}): pulumi.runtime.Mocks {
    const cidrOf = fakeSubnetCidrs();
    return {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            if (args.type === "pulumi:pulumi:StackReference" && args.name === PREVIOUS_DEPLOYMENT) {
                // Undeclared: no outputs, and the name marks that as an assumption (program/previousDeployment.ts).
                const name = options.previousOutputs === undefined ? OFFLINE_MARK : args.inputs.name;
                return { id: String(args.inputs.name), state: { name, outputs: options.previousOutputs ?? {}, secretOutputNames: [] } };
            }
            if (args.type === "pulumi:pulumi:StackReference") return fakeClusterStack(region, String(args.inputs.name), options.stackOutputNames);
            return fakeResource(region, args);
        },
        call: (args: pulumi.runtime.MockCallArgs) => fakeCall(region, options, args, cidrOf),
    };
}
