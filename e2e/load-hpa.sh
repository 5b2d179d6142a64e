#!/usr/bin/env bash
# Shows the gateway's HPA at work in the real cluster: it waits until the HPA reads CPU metrics,
# runs a bounded load from inside the cluster (a Job in the gateway's namespace, calling the chart's
# Service, which routes each request to an OpenAI-shaped mock provider in the same namespace),
# watches the Deployment scale out during the load and back to its minimum after it, and prints the
# load tool's report. docs/e2e.md "The load step".
# Usage: e2e/load-hpa.sh <bundle dir>   (the output of `npm run load:bundle`)
#
# The load tool and the mock run with plain `node` on a pinned public image, from a ConfigMap that
# holds the bundle: nothing to build or push. Each read asks the API server for the HPA, the
# Deployment and the Job at once; budgets are counted in reads 30 s apart, and E2E_POLL_SECONDS
# changes only the pause between two reads (the tests set it to 0).
set -euo pipefail
bundle=${1:?usage: e2e/load-hpa.sh <bundle dir>}
ns=${E2E_NAMESPACE:-portkeyai}
# The chart's Deployment, HPA and Service are all named after its fullname (derive/names.ts).
name=${E2E_DEPLOYMENT:-portkey-gateway}
port=${E2E_PORT:-8787}
interval=${E2E_POLL_SECONDS:-30}
read_seconds=30
# Docker Hub library/node, Node 22 on Alpine; its user `node` is uid and gid 1000
# (docs/upstream-facts.md#node-image).
image=docker.io/library/node:22.23.3-alpine3.24@sha256:0a7108bf6c7bf5de370ffb1a3ed6be93d405b43ff159f681a8d18c0e2bc2e402
uid=1000
mock=e2e-llm-mock
mock_port=8080
# The gateway refuses a custom host under .local unless TRUSTED_CUSTOM_HOSTS lists it
# (docs/upstream-facts.md#gateway-custom-host-guard): the e2e workflow's "Configure the stack" step
# trusts exactly this name.
mock_host="$mock.$ns.svc.cluster.local"
job=e2e-load
bundle_map=e2e-load-bundle
part_of=portkey-e2e-load
# A ConfigMap holds at most 1 MiB of data (docs/upstream-facts.md#k8s-configmap-size).
max_bundle_bytes=1048576

# The load: non-streaming completions at a fixed rate well above what the pods' CPU requests cover
# at the HPA's target (docs/e2e.md "The load step" has the arithmetic), for load_seconds.
load_seconds=180
load_rate=300
load_concurrency=32
load_requests=$((load_seconds * load_rate))
# Kubernetes ends the Job at its deadline: the load, plus pulling the image and starting node.
job_deadline=$((load_seconds + 240))

# Budgets, in reads.
metrics_reads=10                        # 5 min: an HPA shows <unknown> for a minute or two after its pods start
mock_timeout=180s
job_reads=$(((job_deadline + 60) / read_seconds)) # Kubernetes ends the Job at its deadline; a minute more to see it
scale_out_reads=2                       # 1 min after the load: the HPA acts on metrics up to a minute old
# Scale-in: computed from the HPA's own scale-down behaviour below.

kube() { kubectl -n "$ns" "$@"; }
next_read() { if [ "$interval" -gt 0 ]; then sleep "$interval"; fi; }

# The compressed bundle (load_bundle), removed on every exit with what the script made in the cluster.
work=$(mktemp -d)
cleanup() {
  kube delete job,deployment,service,configmap -l "app.kubernetes.io/part-of=$part_of" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# ---- one read: the HPA, the gateway's Deployment and the load Job ----

# What one read finds, as one line: the HPA's bounds, CPU target and scale-in budget (below); the
# Deployment's spec.replicas, status.replicas (pods not terminating) and readyReplicas; the HPA's
# CPU utilisation (autoscaling/v2 HorizontalPodAutoscalerStatus
# currentMetrics[].resource.current.averageUtilization, "-" when it has none); the Job's end
# (batch/v1 JobStatus conditions Complete or Failed, else running, "-" before it exists); and the
# HPA's ScalingActive condition ("status reason: message"). docs/upstream-facts.md#hpa-status.
#
# The scale-in budget: the HPA scales down to the highest recommendation of its stabilisation window
# (300 s by default), then by at most `value` pods per `periodSeconds`
# (docs/upstream-facts.md#hpa-scale-down). From max to min that is the window plus one period per
# further step; 120 s more for the metrics to fall after the load (metrics-server's window and the
# HPA's sync). A pod that is terminating no longer counts in the Deployment's status.replicas.
STATE='
  (.items // [.]) as $items
  | ([$items[] | select(.kind == "Deployment")][0] // {}) as $d
  | ([$items[] | select(.kind == "HorizontalPodAutoscaler")][0] // {}) as $h
  | ([$items[] | select(.kind == "Job")][0]) as $j
  | ($h.spec // {}) as $s
  | ($s.minReplicas // 1) as $min | ($s.maxReplicas // 0) as $max | ([$max - $min, 1] | max) as $n
  | ($s.behavior.scaleDown // {}) as $down
  | ([$down.policies[]? | select(.type == "Pods")][0] // {value: $n, periodSeconds: 0}) as $step
  | (($down.stabilizationWindowSeconds // 300) + ((($n + $step.value - 1) / $step.value | floor) - 1) * $step.periodSeconds + 120) as $scale_in
  | [$s.metrics[]? | select(.type == "Resource" and .resource.name == "cpu") | .resource.target.averageUtilization][0] as $target
  | [($h.status.currentMetrics // [])[] | select(.type == "Resource" and .resource.name == "cpu") | .resource.current.averageUtilization | numbers][0] as $cpu
  | [($h.status.conditions // [])[] | select(.type == "ScalingActive") | "\(.status) \(.reason): \(.message)"][0] as $active
  | [($j.status.conditions // [])[] | select((.type == "Complete" or .type == "Failed") and .status == "True") | .type][0] as $over
  | "\($min) \($max) \($target // "?") \($scale_in) \($d.spec.replicas // 0) \($d.status.replicas // 0) \($d.status.readyReplicas // 0) \($cpu // "-") \(if $j == null then "-" else $over // "running" end) \($active // "- no ScalingActive condition")"'

# One jq reads every answer of the run (starting one per read costs more than the read itself).
coproc STATE_JQ { jq --unbuffered -r "$STATE"; }
trap '' PIPE # should that jq be gone, a read finds nothing instead of ending the script

# Sets bounds ("min max target scale_in_seconds"), spec, current, ready, cpu, job_end and active
# from one read, and logs it under the label given.
observe() {
  local answer line=""
  answer=$(kube get "hpa/$name" "deployment/$name" "job/$job" --ignore-not-found -o json 2>/dev/null) || answer=""
  { printf '%s\n' "${answer:-"{}"}" >&"${STATE_JQ[1]}" && read -r -t 60 line <&"${STATE_JQ[0]}"; } 2>/dev/null || line=""
  local b_min b_max b_target b_scale_in
  read -r b_min b_max b_target b_scale_in spec current ready cpu job_end active <<<"${line:-1 0 ? 0 0 0 0 - - - no answer from the API server}"
  bounds="$b_min $b_max $b_target $b_scale_in"
  echo "$1: replicas $spec wanted, $current running, $ready ready; CPU $cpu% of requests (target $target%); ScalingActive $active" >&2
}

# ---- the steps ----

wait_for_metrics() {
  for ((i = 1; i <= metrics_reads; i++)); do
    observe "metrics, read $i"
    if [ "$cpu" != - ] && [ "${active%% *}" = True ]; then
      echo "HPA $name reads CPU metrics: $cpu% of requests (target $target%), ScalingActive True"
      return 0
    fi
    next_read
  done
  echo "::error::HPA $name in $ns read no CPU metrics in $((metrics_reads * read_seconds)) s (ScalingActive ${active}): check metrics-server (kubectl get apiservice v1beta1.metrics.k8s.io); see docs/e2e.md \"Reading a failed run\""
  return 1
}

load_bundle() {
  local bytes
  for f in load.js mock.js; do
    [ -f "$bundle/$f" ] || { echo "::error::$bundle/$f is missing: run npm run load:bundle first" >&2; return 1; }
    gzip -9 -c "$bundle/$f" >"$work/$f.gz"
  done
  bytes=$(cat "$work/load.js.gz" "$work/mock.js.gz" | wc -c)
  if [ "$bytes" -gt "$max_bundle_bytes" ]; then
    echo "::error::the load bundle is $bytes bytes compressed, more than a ConfigMap holds ($max_bundle_bytes)" >&2
    return 1
  fi
  echo "load bundle: $(cat "$bundle/load.js" "$bundle/mock.js" | wc -c) bytes, $bytes compressed"
  # create, not apply: apply would copy the whole bundle into an annotation, which holds at most 256 KiB.
  kube create configmap "$bundle_map" --from-file=load.js.gz="$work/load.js.gz" --from-file=mock.js.gz="$work/mock.js.gz"
  kube label configmap "$bundle_map" "app.kubernetes.io/part-of=$part_of"
}

# The container fields both workloads share: the restricted Pod Security profile, no writable root.
container_security() {
  cat <<YAML
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
YAML
}

# The pod spec both workloads share: the restricted Pod Security profile, no API token, the bundle
# unpacked from the ConfigMap into an emptyDir by an init container, then `node` with the given
# arguments; a writable /tmp; a readiness probe on the given port ("-": none).
pod_spec() {
  local container=$1 cpu=$2 memory=$3 restart=$4 probe=$5
  shift 5
  local args
  args=$(printf '"%s",' "$@")
  cat <<YAML
      restartPolicy: $restart
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: 5
      securityContext:
        runAsNonRoot: true
        runAsUser: $uid
        runAsGroup: $uid
        seccompProfile: { type: RuntimeDefault }
      initContainers:
        - name: unpack
          image: $image
          command:
            - node
            - -e
            - >-
              const fs = require("fs"), zlib = require("zlib");
              for (const f of ["load.js", "mock.js"])
              fs.writeFileSync("/app/" + f, zlib.gunzipSync(fs.readFileSync("/bundle/" + f + ".gz")));
$(container_security)
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { cpu: 500m, memory: 128Mi }
          volumeMounts:
            - { name: bundle, mountPath: /bundle, readOnly: true }
            - { name: app, mountPath: /app }
      containers:
        - name: $container
          image: $image
          command: [${args%,}]
$(container_security)
          resources:
            requests: { cpu: $cpu, memory: $memory }
            limits: { cpu: "1", memory: $memory }
          volumeMounts:
            - { name: app, mountPath: /app, readOnly: true }
            - { name: tmp, mountPath: /tmp }
YAML
  if [ "$probe" != - ]; then
    cat <<YAML
          readinessProbe:
            tcpSocket: { port: $probe }
            periodSeconds: 2
YAML
  fi
  cat <<YAML
      volumes:
        - name: bundle
          configMap: { name: $bundle_map }
        - name: app
          emptyDir: { sizeLimit: 32Mi }
        - name: tmp
          emptyDir: { sizeLimit: 16Mi }
YAML
}

mock_manifest() {
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $mock
  labels: { app.kubernetes.io/name: $mock, app.kubernetes.io/part-of: $part_of }
spec:
  replicas: 1
  selector:
    matchLabels: { app.kubernetes.io/name: $mock }
  template:
    metadata:
      labels: { app.kubernetes.io/name: $mock, app.kubernetes.io/part-of: $part_of }
    spec:
$(pod_spec mock 250m 128Mi Always "$mock_port" node /app/mock.js --host 0.0.0.0 --port "$mock_port" --chunks 20 --interval-ms 50)
---
apiVersion: v1
kind: Service
metadata:
  name: $mock
  labels: { app.kubernetes.io/name: $mock, app.kubernetes.io/part-of: $part_of }
spec:
  selector: { app.kubernetes.io/name: $mock }
  ports:
    - { name: http, port: $mock_port, targetPort: $mock_port, protocol: TCP }
YAML
}

job_manifest() {
  cat <<YAML
apiVersion: batch/v1
kind: Job
metadata:
  name: $job
  labels: { app.kubernetes.io/name: $job, app.kubernetes.io/part-of: $part_of }
spec:
  backoffLimit: 0
  activeDeadlineSeconds: $job_deadline
  ttlSecondsAfterFinished: 900
  template:
    metadata:
      labels: { app.kubernetes.io/name: $job, app.kubernetes.io/part-of: $part_of }
    spec:
$(pod_spec load 500m 256Mi Never - node /app/load.js --url "http://$name.$ns.svc.cluster.local:$port" --provider-host "http://$mock_host:$mock_port/v1" --concurrency "$load_concurrency" --rate "$load_rate" --duration "$load_seconds" --requests "$load_requests" --json)
YAML
}

# Watches the Job to its end, noting the highest replica count the Deployment was asked for.
run_load() {
  job_manifest | kube apply -f -
  for ((i = 1; i <= job_reads; i++)); do
    observe "load, read $i"
    [ "$spec" -gt "$peak" ] && peak=$spec
    [ "$job_end" = Complete ] || [ "$job_end" = Failed ] && break
    next_read
  done
  report_load "$job_end"
}

# Prints the load tool's report (JSON, from the Job's log) and fails unless nearly every request
# reached the mock through the gateway.
report_load() {
  local state=$1 log report verdict
  log=$(kube logs "job/$job" -c load 2>&1 || true)
  report=$(sed -n '/^{/,$p' <<<"$log")
  echo "::group::load report (Job $job: $state)"
  echo "${report:-$log}"
  echo "::endgroup::"
  case "$state" in
    Complete) ;;
    Failed) echo "::error::the load Job failed; its log is above (kubectl describe job $job -n $ns)"; return 1 ;;
    *) echo "::error::the load Job did not end within $((job_reads * read_seconds)) s"; return 1 ;;
  esac
  verdict=$(jq -r 'if .completed > 0 and .ok * 100 >= .completed * 99
    then "ok load: \(.completed) requests in \(.elapsedSeconds | floor) s, \(.ok) answered 2xx, \(.throughput | floor) per second"
    else "failed \({completed, ok, errors} | tojson)" end' <<<"$report" 2>/dev/null || echo "failed: no report")
  if [ "${verdict%% *}" != ok ]; then
    echo "::error::the load's requests did not reach the mock through the gateway: ${verdict#* }." \
      "A 400 \"Invalid custom host\" means TRUSTED_CUSTOM_HOSTS does not list $mock_host (the workflow's \"Configure the stack\" step)"
    return 1
  fi
  echo "${verdict#ok }"
}

# Reads until the Deployment is asked for more than min replicas, at most `reads` times.
scaled_out() {
  for ((i = 1; i <= $1; i++)); do
    observe "after the load, read $i"
    [ "$spec" -gt "$min" ] && return 0
    next_read
  done
  return 1
}

# Reads until the Deployment is back to min replicas, wanted and running.
scaled_in() {
  for ((i = 1; i <= scale_in_reads; i++)); do
    observe "scale-in, read $i"
    [ "$spec" -eq "$min" ] && [ "$current" -eq "$min" ] && return 0
    next_read
  done
  return 1
}

target="?"
observe "the HPA"
read -r min max target scale_in_seconds <<<"$bounds"
if [ "$max" -eq 0 ]; then
  echo "::error::no HPA $name in $ns: the e2e stack sets gateway.autoscaling.enabled (e2e/Pulumi.e2e.template.yaml)"
  exit 1
fi
if [ "$max" -le "$min" ]; then
  echo "::error::HPA $name cannot scale out: maxReplicas $max is not above minReplicas $min (e2e/Pulumi.e2e.template.yaml gateway.autoscaling)"
  exit 1
fi
echo "HPA $name: $min to $max replicas at $target% CPU"
scale_in_reads=$(((scale_in_seconds + read_seconds - 1) / read_seconds))

wait_for_metrics
load_bundle
mock_manifest | kube apply -f -
if ! kube rollout status "deployment/$mock" --timeout="$mock_timeout"; then
  echo "::error::the mock provider $mock did not become ready in $mock_timeout (kubectl describe deployment $mock -n $ns)"
  kube logs "deployment/$mock" --all-containers || true
  exit 1
fi
peak=0
run_load
if [ "$peak" -le "$min" ] && ! scaled_out "$scale_out_reads"; then
  echo "::error::the HPA did not scale $name out under load: it stayed at $min replicas (kubectl describe hpa $name -n $ns)"
  kube describe hpa "$name" || true
  exit 1
fi
echo "scaled out: the HPA asked for more than $min replicas under load"
if ! scaled_in; then
  echo "::error::$name did not come back to $min replicas within $((scale_in_reads * read_seconds)) s of the load's end"
  kube describe hpa "$name" || true
  exit 1
fi
echo "scaled back in to $min replicas"
kube describe hpa "$name" || true
