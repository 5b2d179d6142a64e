// The AWS partition of a region, and the ARNs the program writes in it. A China or GovCloud
// stack lives in its own partition: an ARN of another partition names nothing there.
// Partitions, their region patterns and DNS suffixes: aws/aws-sdk-js-v3
// packages/util-endpoints/src/lib/aws/partitions.json (the endpoint rules' partition table).

export interface PartitionInfo {
    /** The ARN partition, such as aws, aws-cn or aws-us-gov. */
    partition: string;
    /** The domain of the partition's service endpoints. */
    dnsSuffix: string;
}

/** Partitions other than aws, each with the pattern of its region codes (checked in this order). */
const OTHER_PARTITIONS: ReadonlyArray<PartitionInfo & { regions: RegExp }> = [
    { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn", regions: /^cn-\w+-\d+$/ },
    { partition: "aws-us-gov", dnsSuffix: "amazonaws.com", regions: /^us-gov-\w+-\d+$/ },
    { partition: "aws-iso", dnsSuffix: "c2s.ic.gov", regions: /^us-iso-\w+-\d+$/ },
    { partition: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", regions: /^us-isob-\w+-\d+$/ },
    { partition: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", regions: /^eu-isoe-\w+-\d+$/ },
    { partition: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", regions: /^us-isof-\w+-\d+$/ },
    { partition: "aws-eusc", dnsSuffix: "amazonaws.eu", regions: /^eusc-de-\w+-\d+$/ },
];

const COMMERCIAL: PartitionInfo = { partition: "aws", dnsSuffix: "amazonaws.com" };

/** Every partition the program knows, aws first. */
export const PARTITIONS: readonly string[] = [COMMERCIAL.partition, ...OTHER_PARTITIONS.map((p) => p.partition)];

/** The partition of a region code; like the SDKs, a region no other partition claims is in aws. */
export function partitionInfoOfRegion(region: string): PartitionInfo {
    const other = OTHER_PARTITIONS.find((p) => p.regions.test(region));
    return other === undefined ? COMMERCIAL : { partition: other.partition, dnsSuffix: other.dnsSuffix };
}

/** The ARN partition of a region code (aws, aws-cn, aws-us-gov, ...). */
export function partitionOfRegion(region: string): string {
    return partitionInfoOfRegion(region).partition;
}

/** The partition field of an ARN, or undefined when the text is not an ARN. */
export function partitionOfArn(arn: string): string | undefined {
    const m = /^arn:([^:]*):/.exec(arn);
    return m === null ? undefined : m[1];
}

/** Whether an ARN belongs to the region's partition (false for text that is not an ARN). */
export function arnInRegionPartition(arn: string, region: string): boolean {
    return partitionOfArn(arn) === partitionOfRegion(region);
}

/** An AWS managed policy's ARN in a partition (arn:<partition>:iam::aws:policy/<name>). */
export function managedPolicyArn(partition: string, name: string): string {
    return `arn:${partition}:iam::aws:policy/${name}`;
}
