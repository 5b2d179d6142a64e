#!/usr/bin/env bash
# Destroys one end-to-end stack and removes it, retrying past the known hazards of a Kubernetes
# teardown (docs/e2e.md "Teardown"). Usage: e2e/teardown.sh <org>/<stack>
# Needs AWS credentials, PULUMI_ACCESS_TOKEN, the Pulumi CLI, kubectl and the AWS CLI. With
# E2E_CLEANUP_ROLE_ARN set (the workflow's cleanup role), that role is first given cluster-admin.
set -uo pipefail
full=$1
stack=${full##*/}
cluster="portkey-$stack"
region=${AWS_REGION:-us-east-1}
ns=${E2E_NAMESPACE:-portkeyai}

if ! pulumi stack select "$full" 2>/dev/null; then
  echo "stack $full does not exist: nothing to destroy"
  exit 0
fi
# A fresh checkout has no Pulumi.<stack>.yaml: take the config of the last deployment.
pulumi config refresh --force --stack "$full" || true

# The cleanup role did not create the cluster, so EKS gives it no access (docs/upstream-facts.md#eks-access-entries);
# destroy deletes the Helm releases and Kubernetes objects through the cluster's API. The entry is
# made here, outside the stack, so destroy never removes it before the objects it must delete;
# EKS deletes it with the cluster.
grant_cluster_access() {
  local role=${E2E_CLEANUP_ROLE_ARN:-} partition
  [ -n "$role" ] || return 0
  aws eks describe-cluster --name "$cluster" --region "$region" >/dev/null 2>&1 || return 0
  partition=$(echo "$role" | cut -d: -f2)
  aws eks create-access-entry --cluster-name "$cluster" --principal-arn "$role" --region "$region" >/dev/null 2>&1 || true
  aws eks associate-access-policy --cluster-name "$cluster" --principal-arn "$role" --region "$region" \
    --policy-arn "arn:$partition:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" --access-scope type=cluster >/dev/null ||
    echo "::warning::could not give $role cluster-admin on $cluster; deleting Kubernetes objects may fail"
}

kube() {
  aws eks update-kubeconfig --name "$cluster" --region "$region" --alias "$stack" >/dev/null 2>&1 && kubectl --context "$stack" "$@"
}

# An Ingress whose controller went first keeps its finalizer for ever
# (kubernetes-sigs/aws-load-balancer-controller#1629): drop it, the leftover check then names the ALB.
clear_ingress_finalizers() {
  for ing in $(kube get ingress -n "$ns" -o name 2>/dev/null); do
    echo "removing the finalizers of $ing"
    kube patch "$ing" -n "$ns" --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' || true
  done
}

# Pods whose CSI volume can no longer be unmounted stay Terminating and hold the namespace.
force_delete_terminating_pods() {
  for pod in $(kube get pods -n "$ns" -o jsonpath='{range .items[?(@.metadata.deletionTimestamp)]}{.metadata.name}{"\n"}{end}' 2>/dev/null); do
    echo "force-deleting the terminating pod $pod"
    kube delete pod "$pod" -n "$ns" --grace-period=0 --force || true
  done
}

grant_cluster_access
for attempt in 1 2 3; do
  echo "::group::pulumi destroy, attempt $attempt"
  if pulumi destroy --yes --skip-preview --stack "$full"; then
    echo "::endgroup::"
    pulumi stack rm --yes --stack "$full"
    exit $?
  fi
  echo "::endgroup::"
  echo "::warning::pulumi destroy failed (attempt $attempt); clearing known hazards and retrying"
  clear_ingress_finalizers
  force_delete_terminating_pods
  pulumi refresh --yes --skip-preview --stack "$full" || true
  sleep 30
done
echo "::error::$full could not be destroyed; see docs/e2e.md \"Cleaning up by hand\""
exit 1
