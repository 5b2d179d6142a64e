#!/usr/bin/env bash
# Lists what an end-to-end run left in the account and fails if anything is left (docs/e2e.md
# "The leftover check"). Usage: e2e/leftovers.sh <stack>
# Found by the program's default tags (pulumi:stack), by the AWS Load Balancer Controller's own
# tag (elbv2.k8s.aws/cluster) and by the VPC CNI's (cluster.k8s.amazonaws.com/name); EKS names
# its nodes with eks:cluster-name and its security groups with kubernetes.io/cluster/<name>.
set -uo pipefail
stack=$1
cluster="portkey-$stack"
region=${AWS_REGION:-us-east-1}
aws_q() { aws --region "$region" --output text "$@" 2>/dev/null; }

found() {
  local what=$1 list=$2
  if [ -n "$list" ] && [ "$list" != "None" ]; then
    echo "::error::left behind: $what: $list"
    return 1
  fi
  return 0
}

check_once() {
  local bad=0 arns lbs tgs
  found "resources tagged pulumi:stack=$stack" \
    "$(aws_q resourcegroupstaggingapi get-resources --tag-filters "Key=pulumi:stack,Values=$stack" --query 'ResourceTagMappingList[].ResourceARN')" || bad=1
  found "load balancers and target groups tagged elbv2.k8s.aws/cluster=$cluster" \
    "$(aws_q resourcegroupstaggingapi get-resources --tag-filters "Key=elbv2.k8s.aws/cluster,Values=$cluster" --query 'ResourceTagMappingList[].ResourceARN')" || bad=1
  found "security groups of the cluster or its load balancers" \
    "$(aws_q ec2 describe-security-groups --filters "Name=tag:elbv2.k8s.aws/cluster,Values=$cluster" --query 'SecurityGroups[].GroupId') $(aws_q ec2 describe-security-groups --filters "Name=tag-key,Values=kubernetes.io/cluster/$cluster" --query 'SecurityGroups[].GroupId')" || bad=1
  found "network interfaces the VPC CNI made" \
    "$(aws_q ec2 describe-network-interfaces --filters "Name=tag:cluster.k8s.amazonaws.com/name,Values=$cluster" --query 'NetworkInterfaces[].NetworkInterfaceId')" || bad=1
  found "EC2 instances of the node group" \
    "$(aws_q ec2 describe-instances --filters "Name=tag:eks:cluster-name,Values=$cluster" "Name=instance-state-name,Values=pending,running,stopping,stopped" --query 'Reservations[].Instances[].InstanceId')" || bad=1
  found "the EKS cluster" "$(aws_q eks describe-cluster --name "$cluster" --query 'cluster.name')" || bad=1
  found "VPCs tagged pulumi:stack=$stack" \
    "$(aws_q ec2 describe-vpcs --filters "Name=tag:pulumi:stack,Values=$stack" --query 'Vpcs[].VpcId')" || bad=1
  return $bad
}

# Deletions are eventually consistent (the tagging API lags behind): look again before failing.
for attempt in 1 2 3 4; do
  echo "leftover check, attempt $attempt"
  if check_once; then
    echo "nothing left behind by $stack"
    exit 0
  fi
  [ "$attempt" -lt 4 ] && sleep 60
done
echo "::error::$stack left resources behind; remove them by hand (docs/e2e.md \"Cleaning up by hand\")"
exit 1
