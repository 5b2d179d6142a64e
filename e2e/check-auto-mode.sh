#!/usr/bin/env bash
# On an EKS Auto Mode run: the gateway's pods are ready on nodes Auto Mode launched, and their secret
# was read with EKS Pod Identity. Usage: e2e/check-auto-mode.sh <cluster>
# Auto Mode labels its nodes eks.amazonaws.com/compute-type=auto (docs/upstream-facts.md#auto-mode-node-label).
# Pod Identity: the class asks ASCP for it (usePodIdentity "true"), the service account has its
# association and no IRSA role annotation, so ASCP could not have taken the IRSA path, and a ready pod
# has mounted its secret (docs/upstream-facts.md#ascp-pod-identity-auto-mode, docs/e2e.md "An Auto Mode run").
set -uo pipefail
cluster=$1
region=${AWS_REGION:-us-east-1}
ns=${E2E_NAMESPACE:-portkeyai}
release=${E2E_RELEASE:-portkey}
# The chart's names for release portkey (derive/names.ts): the gateway's service account and the class.
account=${E2E_SERVICE_ACCOUNT:-portkey-gateway}
class=${E2E_SECRET_PROVIDER_CLASS:-portkey-gateway-aws-secrets}
# The gateway's pods: the chart's name and instance labels, without the dataservice's component label.
selector="app.kubernetes.io/name=gateway,app.kubernetes.io/instance=$release,!app.kubernetes.io/component"
status=0
error() { echo "::error::$1"; status=1; }

pods=$(kubectl get pods -n "$ns" -l "$selector" \
  -o jsonpath='{range .items[*]}{.metadata.name}{"|"}{.spec.nodeName}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}') ||
  error "cannot list the gateway's pods in $ns"
[ -n "$pods" ] || error "no gateway pod in $ns ($selector)"
while IFS='|' read -r pod node ready; do
  [ -n "$pod" ] || continue
  compute=""
  [ -z "$node" ] || compute=$(kubectl get node "$node" -o jsonpath='{.metadata.labels.eks\.amazonaws\.com/compute-type}')
  echo "$pod: node ${node:-<none>} (eks.amazonaws.com/compute-type=${compute:-<none>}), ready ${ready:-<unknown>}"
  [ "$compute" = auto ] || error "$pod runs on ${node:-no node}, which EKS Auto Mode did not launch"
  [ "$ready" = True ] || error "$pod is not ready: its events say why (kubectl describe pod $pod -n $ns); npm run verify names known mount failures"
done <<<"$pods"

use=$(kubectl get secretproviderclass "$class" -n "$ns" -o jsonpath='{.spec.parameters.usePodIdentity}')
echo "SecretProviderClass $class: usePodIdentity=${use:-<unset>}"
[ "$use" = true ] || error "the SecretProviderClass $class does not set usePodIdentity \"true\""
annotation=$(kubectl get serviceaccount "$account" -n "$ns" -o jsonpath='{.metadata.annotations.eks\.amazonaws\.com/role-arn}')
[ -z "$annotation" ] || error "the service account $account carries the IRSA annotation eks.amazonaws.com/role-arn; ASCP could have read the secret with IRSA"
associations=$(aws eks list-pod-identity-associations --region "$region" --cluster-name "$cluster" --namespace "$ns" \
  --service-account "$account" --query 'associations[].associationId' --output text)
echo "Pod Identity associations of $ns/$account: ${associations:-none}"
{ [ -n "$associations" ] && [ "$associations" != None ]; } || error "no Pod Identity association for $ns/$account in $cluster"

[ "$status" = 0 ] && echo "the gateway's pods run on EKS Auto Mode nodes and read their secret with Pod Identity"
exit $status
