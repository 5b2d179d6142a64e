#!/usr/bin/env bash
# Destroys the end-to-end stacks that runs left behind (a force-cancelled run never reaches its
# teardown job). A stack is named e2e-<run id>: one whose run is still queued or in progress is
# left alone, so a run deploying or tearing down meanwhile is never touched. Usage: e2e/sweep.sh <org>
# Needs GH_TOKEN (actions: read) and GITHUB_REPOSITORY besides what teardown.sh needs.
set -uo pipefail
org=$1
here=$(dirname "$0")
stacks=$(pulumi stack ls --organization "$org" --project portkey-gateway --json |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const x of JSON.parse(s)){const n=x.name.split("/").pop();if(n.startsWith("e2e-"))console.log(n)}})')
status=0
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
for stack in $stacks; do
  run=${stack#e2e-}
  if ! state=$(gh api "repos/$GITHUB_REPOSITORY/actions/runs/$run" --jq .status 2>"$errors"); then
    if grep -q "HTTP 404" "$errors"; then
      state=completed # the run was deleted from the history: it has ended
    else
      echo "::error::cannot tell whether run $run has ended ($(cat "$errors")); $stack left alone"
      status=1
      continue
    fi
  fi
  if [ "$state" != completed ]; then
    echo "run $run is $state: $stack left alone"
    continue
  fi
  echo "::group::sweeping $stack"
  "$here/teardown.sh" "$org/$stack" && "$here/leftovers.sh" "$stack" || status=1
  echo "::endgroup::"
done
[ -z "$stacks" ] && echo "no e2e stack left"
exit $status
