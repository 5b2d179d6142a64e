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
service=${E2E_SERVICE:-portkey-gateway}
port=${E2E_PORT:-8787}
image=curlimages/curl:8.11.1

case "$endpoint" in
  cluster) base="http://$service.$ns.svc.cluster.local:$port"; connect=() ;;
  internal-alb)
    lb=$(kubectl get ingress -n "$ns" -o jsonpath='{.items[0].status.loadBalancer.ingress[0].hostname}')
    base="https://$host"; connect=(--connect-to "$host:443:$lb:443") ;;
  internal-nlb)
    lb=$(kubectl get service "$service" -n "$ns" -o jsonpath='{.status.loadBalancer.ingress[0].hostname}')
    base="https://$host"; connect=(--connect-to "$host:443:$lb:443") ;;
  *) echo "unknown endpoint type: $endpoint" >&2; exit 2 ;;
esac

pod="e2e-curl-${GITHUB_RUN_ID:-local}"
# Admitted under the Pod Security "restricted" level, should the namespace enforce it.
overrides=$(cat <<JSON
{"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":100,"seccompProfile":{"type":"RuntimeDefault"}},
 "containers":[{"name":"$pod","image":"$image","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}
JSON
)
call() {
  kubectl run "$pod" -n "$ns" --rm -i --restart=Never --quiet --image="$image" --overrides="$overrides" --command -- \
    curl -sS -o /dev/null -w '%{http_code}' --retry 10 --retry-all-errors --retry-delay 15 "${connect[@]}" "$@"
}
root=$(call "$base/")
echo "GET / -> $root"
chat=$(call -X POST -H 'content-type: application/json' -d '{}' "$base/v1/chat/completions")
echo "POST /v1/chat/completions without a provider header -> $chat"
[ "$root" = 200 ] && [ "$chat" = 400 ]
