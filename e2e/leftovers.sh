#!/usr/bin/env bash
# Lists what an end-to-end run left in the account and fails if anything is left (docs/e2e.md
# "The leftover check"). Usage: e2e/leftovers.sh <stack>
# Found by the program's default tags (pulumi:stack), by the AWS Load Balancer Controller's own
# tag (elbv2.k8s.aws/cluster) and by the VPC CNI's (cluster.k8s.amazonaws.com/name); EKS names
# its node group's nodes with eks:cluster-name and its security groups with kubernetes.io/cluster/<name>;
# EKS Auto Mode tags its instances, launch templates, network interfaces, volumes, load balancers and
# their security groups eks:eks-cluster-name=<name> (docs/upstream-facts.md#auto-mode-resource-tags).
# E2E_LEFTOVER_ATTEMPTS: how many times to look (default 4, a minute apart).
set -uo pipefail
stack=$1
cluster="portkey-$stack"
region=${AWS_REGION:-us-east-1}
attempts=${E2E_LEFTOVER_ATTEMPTS:-4}
auto="Name=tag:eks:eks-cluster-name,Values=$cluster"
aws_q() { aws --region "$region" --output text "$@" 2>/dev/null; }

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
  local bad=0 arns lbs tgs
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
echo "::error::$stack left resources behind; remove them by hand (docs/e2e.md \"Cleaning up by hand\")"
exit 1
