// Rules of AWS partitions: a stack deploys into the partition of its region (aws, aws-cn,
// aws-us-gov, ...), and an ARN of another partition names nothing there. Partition of a region:
// derive/partition.ts.
import { partitionOfArn, partitionOfRegion } from "../../derive/partition";
import { Problems } from "../problems";
import { Rule } from "./rule";

function checkPartition(p: Problems, path: string, arn: string | undefined, partition: string, where: string, item = ""): void {
    if (arn === undefined || !arn.startsWith("arn:") || partitionOfArn(arn) === partition) return;
    p.add(
        path,
        `${item}is an ARN of another partition than ${where}, which is in partition ${partition}`,
        `give the ARN as it is in partition ${partition} (arn:${partition}:…), or deploy to a region of the ARN's partition`,
    );
}

/** Every ARN given is in the partition of the region it is used in. */
export const arnsInRegionPartition: Rule = ({ s, region }, p) => {
    const failover = s.secret.failoverRegion;
    if (failover !== undefined) checkPartition(p, "secret.failoverKmsKeyArn", s.secret.failoverKmsKeyArn, partitionOfRegion(failover), "secret.failoverRegion");
    if (region === undefined) return;
    const partition = partitionOfRegion(region);
    const where = "the stack's region (aws:region)";
    checkPartition(p, "secret.existing", s.secret.existing, partition, where);
    checkPartition(p, "secret.kmsKeyArn", s.secret.kmsKeyArn, partition, where);
    s.cluster.adminPrincipalArns.forEach((arn, i) => checkPartition(p, "cluster.adminPrincipalArns", arn, partition, where, `item ${i} `));
};

/** Secrets Manager replicates only within a partition; ASCP would call a region it has no credentials for. */
export const failoverRegionInPartition: Rule = ({ s, region }, p) => {
    const failover = s.secret.failoverRegion;
    if (failover === undefined || region === undefined) return;
    const [mine, theirs] = [partitionOfRegion(region), partitionOfRegion(failover)];
    if (mine !== theirs) {
        p.add(
            "secret.failoverRegion",
            `is in partition ${theirs} but the stack's region (aws:region) is in partition ${mine}, and a secret replicates only within its partition`,
            `choose a failover region in partition ${mine}`,
        );
    }
};

export const PARTITION_RULES: Rule[] = [arnsInRegionPartition, failoverRegionInPartition];
