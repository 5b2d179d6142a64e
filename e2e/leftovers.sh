#!/usr/bin/env bash
# Lists what an end-to-end run left in the account and fails if anything is left (docs/e2e.md
# "The leftover check"). Usage: e2e/leftovers.sh <stack>
# Found by the program's default tags (pulumi:stack), by the AWS Load Balancer Controller's own
# tag (elbv2.k8s.aws/cluster) and by the VPC CNI's (cluster.k8s.amazonaws.com/name); EKS names
# its node group's nodes with eks:cluster-name and its security groups with kubernetes.io/cluster/<name>;
# EKS Auto Mode tags its instances, launch templates, network interfaces, volumes, load balancers and
# their security groups eks:eks-cluster-name=<name> (docs/upstream-facts.md#auto-mode-resource-tags).
# A lookup the AWS CLI fails (AccessDenied, throttling past its retries, a network error) finds out
# nothing: it is reported with the CLI's error and fails the attempt, never counted as "none left".
# E2E_LEFTOVER_ATTEMPTS: how many times to look (default 4, a minute apart).
set -uo pipefail
stack=$1
cluster="portkey-$stack"
region=${AWS_REGION:-us-east-1}
attempts=${E2E_LEFTOVER_ATTEMPTS:-4}
auto="Name=tag:eks:eks-cluster-name,Values=$cluster"
failed=$(mktemp)
trap 'rm -f "$failed" "$failed.err"' EXIT

# One lookup's text output. A failed call prints nothing and is appended to $failed, which fails the
# attempt; only describe-cluster's ResourceNotFoundException means "none" (the cluster is gone).
aws_q() {
  local out
  if out=$(aws --region "$region" --output text "$@" 2>"$failed.err"); then
    printf '%s\n' "$out"
    return 0
  fi
  if [ "$1 $2" = "eks describe-cluster" ] && grep -q '(ResourceNotFoundException)' "$failed.err"; then return 0; fi
  echo "::error::lookup failed, so what it looks for is unknown: aws $1 $2: $(tr '\n' ' ' <"$failed.err" | cut -c1-300)" >&2
  echo "aws $1 $2" >>"$failed"
  return 0
}

# Several lookups joined by spaces; the AWS CLI's text output prints "None" or nothing for none.
found() {
  local what=$1 list="" id
  for id in $2; do [ "$id" = None ] || list="${list:+$list }$id"; done
  if [ -n "$list" ]; then
    echo "::error::left behind: $what: $list"
    return 1
  fi
  return 0
}

check_once() {
  local bad=0
  : >"$failed"
  found "resources tagged pulumi:stack=$stack" \
    "$(aws_q resourcegroupstaggingapi get-resources --tag-filters "Key=pulumi:stack,Values=$stack" --query 'ResourceTagMappingList[].ResourceARN')" || bad=1
  found "load balancers and target groups tagged elbv2.k8s.aws/cluster=$cluster" \
    "$(aws_q resourcegroupstaggingapi get-resources --tag-filters "Key=elbv2.k8s.aws/cluster,Values=$cluster" --query 'ResourceTagMappingList[].ResourceARN')" || bad=1
  found "load balancers and target groups EKS Auto Mode made (tagged eks:eks-cluster-name=$cluster)" \
    "$(aws_q resourcegroupstaggingapi get-resources --tag-filters "Key=eks:eks-cluster-name,Values=$cluster" --resource-type-filters elasticloadbalancing --query 'ResourceTagMappingList[].ResourceARN')" || bad=1
  found "security groups of the cluster or its load balancers" \
    "$(aws_q ec2 describe-security-groups --filters "Name=tag:elbv2.k8s.aws/cluster,Values=$cluster" --query 'SecurityGroups[].GroupId') $(aws_q ec2 describe-security-groups --filters "Name=tag-key,Values=kubernetes.io/cluster/$cluster" --query 'SecurityGroups[].GroupId') $(aws_q ec2 describe-security-groups --filters "$auto" --query 'SecurityGroups[].GroupId')" || bad=1
  found "network interfaces the VPC CNI or EKS Auto Mode made" \
    "$(aws_q ec2 describe-network-interfaces --filters "Name=tag:cluster.k8s.amazonaws.com/name,Values=$cluster" --query 'NetworkInterfaces[].NetworkInterfaceId') $(aws_q ec2 describe-network-interfaces --filters "$auto" --query 'NetworkInterfaces[].NetworkInterfaceId')" || bad=1
  found "EC2 instances of the node group or EKS Auto Mode" \
    "$(aws_q ec2 describe-instances --filters "Name=tag:eks:cluster-name,Values=$cluster" "Name=instance-state-name,Values=pending,running,stopping,stopped" --query 'Reservations[].Instances[].InstanceId') $(aws_q ec2 describe-instances --filters "$auto" "Name=instance-state-name,Values=pending,running,stopping,stopped" --query 'Reservations[].Instances[].InstanceId')" || bad=1
  found "volumes and launch templates EKS Auto Mode made" \
    "$(aws_q ec2 describe-volumes --filters "$auto" --query 'Volumes[].VolumeId') $(aws_q ec2 describe-launch-templates --filters "$auto" --query 'LaunchTemplates[].LaunchTemplateId')" || bad=1
  found "the EKS cluster" "$(aws_q eks describe-cluster --name "$cluster" --query 'cluster.name')" || bad=1
  found "VPCs tagged pulumi:stack=$stack" \
    "$(aws_q ec2 describe-vpcs --filters "Name=tag:pulumi:stack,Values=$stack" --query 'Vpcs[].VpcId')" || bad=1
  if [ -s "$failed" ]; then
    echo "::error::$(wc -l <"$failed" | tr -d ' ') lookup(s) failed: what $stack left behind is not known"
    bad=1
  fi
  return $bad
}

# Deletions are eventually consistent (the tagging API lags behind): look again before failing.
for attempt in $(seq "$attempts"); do
  echo "leftover check, attempt $attempt"
  if check_once; then
    echo "nothing left behind by $stack"
    exit 0
  fi
  [ "$attempt" -lt "$attempts" ] && sleep 60
done
if [ -s "$failed" ]; then
  echo "::error::the leftover check could not look everywhere: the lookups above failed (the cleanup role needs the read permissions docs/e2e.md lists); look by hand (docs/e2e.md \"Cleaning up by hand\")"
else
  echo "::error::$stack left resources behind; remove them by hand (docs/e2e.md \"Cleaning up by hand\")"
fi
exit 1
