#!/usr/bin/env bash
# Calls the gateway from inside the cluster, as its callers do: a hosted runner cannot reach an
# internal load balancer. A short-lived pod curls the gateway's Service (endpoint type cluster) or
# the load balancer with the real host name (SNI and Host), then is deleted.
# Usage: e2e/check-endpoint.sh <endpoint type> [<host name>]
# Expected answers (Portkey-AI/gateway src/index.ts, src/middlewares/requestValidator/index.ts, v1.15.2):
# GET / -> 200; POST /v1/chat/completions without a provider header -> 400.
set -euo pipefail
endpoint=$1
host=${2:-}
ns=${E2E_NAMESPACE:-portkeyai}
# The chart's ClusterIP Service; the program's Ingress (internal-alb) and its own LoadBalancer
# Service (internal-nlb), named in derive/endpointObjects.ts.
service=${E2E_SERVICE:-portkey-gateway}
ingress=${E2E_INGRESS:-portkey-gateway}
nlb_service=${E2E_NLB_SERVICE:-portkey-gateway-nlb}
port=${E2E_PORT:-8787}
image=curlimages/curl:8.11.1

# The load balancer's DNS name from the object's status, waiting up to ten minutes for the
# controller; an empty answer fails here rather than letting curl resolve the host name itself.
lb_address() {
  local object=$1 address=""
  for _ in $(seq 1 "${E2E_LB_ATTEMPTS:-40}"); do
    address=$(kubectl get "$object" -n "$ns" -o jsonpath='{.status.loadBalancer.ingress[0].hostname}' 2>/dev/null || true)
    [ -n "$address" ] && { echo "$address"; return 0; }
    sleep 15
  done
  echo "::error::$object in $ns has no load balancer address; see docs/e2e.md \"Reading a failed run\"" >&2
  return 1
}

case "$endpoint" in
  cluster) base="http://$service.$ns.svc.cluster.local:$port"; connect=() ;;
  internal-alb)
    lb=$(lb_address "ingress/$ingress")
    base="https://$host"; connect=(--connect-to "$host:443:$lb:443") ;;
  internal-nlb)
    lb=$(lb_address "service/$nlb_service")
    base="https://$host"; connect=(--connect-to "$host:443:$lb:443") ;;
  *) echo "unknown endpoint type: $endpoint" >&2; exit 2 ;;
esac
echo "calling $base${lb:+ through $lb}"

pod="e2e-curl-${GITHUB_RUN_ID:-local}"
# Admitted under the Pod Security "restricted" level, should the namespace enforce it.
overrides=$(cat <<JSON
{"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":100,"seccompProfile":{"type":"RuntimeDefault"}},
 "containers":[{"name":"$pod","image":"$image","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}
JSON
)
# --override-type=strategic merges the container by name and keeps the command below; kubectl's default
# (a JSON merge patch) would replace the container list and drop it (kubernetes/kubernetes#105140).
call() {
  kubectl run "$pod" -n "$ns" --rm -i --restart=Never --quiet --image="$image" --override-type=strategic --overrides="$overrides" --command -- \
    curl -sS -o /dev/null -w '%{http_code}' --retry 10 --retry-all-errors --retry-delay 15 "${connect[@]}" "$@"
}
root=$(call "$base/")
echo "GET / -> $root"
chat=$(call -X POST -H 'content-type: application/json' -d '{}' "$base/v1/chat/completions")
echo "POST /v1/chat/completions without a provider header -> $chat"
[ "$root" = 200 ] && [ "$chat" = 400 ]
