#!/usr/bin/env bash
# Shows that the gateway's NetworkPolicy is enforced, not only present: a caller in the gateway's own
# namespace (always admitted) must get an answer from the gateway's Service, and a caller in a
# namespace the policy does not admit (not the gateway's, not in endpoint.allowedNamespaces) must
# fail to connect within a bounded time. docs/e2e.md "The NetworkPolicy step".
# Usage: e2e/check-network-policy.sh <compute>   (node-group | auto-mode, the run's cluster.compute)
#
# The denied caller's namespace is made here at the Pod Security level `restricted` and deleted on
# exit; both callers run restricted, without a service-account token, with bounded resources and a
# deadline. curl's exit status tells the outcomes apart: 0 an answer, 28 the connect timed out (what a
# dropped connection gives), anything else (DNS, a refused connection) proves nothing either way.
set -euo pipefail
compute=${1:?usage: e2e/check-network-policy.sh <node-group|auto-mode>}
ns=${E2E_NAMESPACE:-portkeyai}
denied_ns=${E2E_DENIED_NAMESPACE:-e2e-denied-caller}
# The chart's ClusterIP Service, as e2e/check-endpoint.sh calls it.
service=${E2E_SERVICE:-portkey-gateway}
port=${E2E_PORT:-8787}
connect_timeout=${E2E_CONNECT_TIMEOUT:-10}
image=curlimages/curl:8.11.1
url="http://$service.$ns.svc.cluster.local:$port/"
run_id=${GITHUB_RUN_ID:-local}

cleanup() { kubectl delete namespace "$denied_ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true; }
trap cleanup EXIT

# Why a denied caller got through, by what runs the nodes (docs/endpoint.md "NetworkPolicy").
not_enforced() {
  echo "::error::NetworkPolicy not enforced: a pod in $denied_ns, which the gateway's NetworkPolicy does not admit, reached $url"
  if [ "$compute" = auto-mode ]; then
    echo "::error::EKS Auto Mode: check the ConfigMap kube-system/amazon-vpc-cni has enable-network-policy-controller: \"true\" (npm run verify, endpoint.networkPolicyEnforced); if it has, the built-in default NodeClass's nodes do not enforce with the ConfigMap alone, which the user guide leaves open: its NodeClass step (networkPolicy set, a NodePool using that NodeClass) is the next thing to try (docs/upstream-facts.md#eks-auto-network-policy)"
  else
    echo "::error::node group: the VPC CNI add-on needs {\"enableNetworkPolicy\": \"true\"} and aws-node's policy agent --enable-network-policy=true (npm run verify, endpoint.networkPolicyEnforced)"
  fi
}

# One call from a short-lived pod in namespace $1: prints "<http code> <curl exit status>". kubectl
# waits at most two minutes for the pod to start (EKS Auto Mode may launch a node for it).
# --override-type=strategic merges the container by name, so the command given here is kept
# (kubectl's default, a JSON merge patch, would replace the container list: kubernetes/kubernetes#105140).
call_from() {
  local from=$1 pod="e2e-np-$2-$run_id" overrides
  overrides=$(
    cat <<JSON
{"spec":{"automountServiceAccountToken":false,"enableServiceLinks":false,"activeDeadlineSeconds":$((connect_timeout * 3 + 60)),
 "securityContext":{"runAsNonRoot":true,"runAsUser":100,"runAsGroup":101,"seccompProfile":{"type":"RuntimeDefault"}},
 "containers":[{"name":"$pod","securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}},
  "resources":{"requests":{"cpu":"50m","memory":"32Mi"},"limits":{"cpu":"200m","memory":"64Mi"}}}]}}
JSON
  )
  kubectl run "$pod" -n "$from" --rm -i --restart=Never --quiet --pod-running-timeout=2m --image="$image" --override-type=strategic --overrides="$overrides" --command -- \
    sh -c 'curl -sS -o /dev/null -w "%{http_code}" --connect-timeout "$1" --max-time "$2" "$3" 2>/dev/null; echo " $?"' \
    sh "$connect_timeout" "$((connect_timeout * 2))" "$url" | tail -n 1
}

# The namespace of the denied caller: restricted, like the gateway's, so the same pod is admitted there.
kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $denied_ns
  labels:
    app.kubernetes.io/part-of: portkey-e2e-network-policy
    pod-security.kubernetes.io/enforce: restricted
YAML

read -r code status <<<"$(call_from "$ns" allowed)" || true
echo "from $ns (admitted): HTTP ${code:-none}, curl exit ${status:-none}"
if [ "${status:-}" != 0 ] || [ "${code:-}" != 200 ]; then
  echo "::error::the gateway did not answer a caller in its own namespace ($url): the denied caller's result would prove nothing; see docs/e2e.md \"Reading a failed run\""
  exit 1
fi

read -r code status <<<"$(call_from "$denied_ns" denied)" || true
echo "from $denied_ns (not admitted): HTTP ${code:-none}, curl exit ${status:-none}"
case "${status:-}" in
  28) echo "the NetworkPolicy refused the caller in $denied_ns (no connection within ${connect_timeout} s)" ;;
  0) not_enforced; exit 1 ;;
  *)
    echo "::error::the caller in $denied_ns neither connected nor timed out (curl exit ${status:-none}): the run cannot tell whether the NetworkPolicy is enforced; see docs/e2e.md \"The NetworkPolicy step\""
    exit 1
    ;;
esac
