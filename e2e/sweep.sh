#!/usr/bin/env bash
# Destroys the end-to-end stacks that runs left behind (a force-cancelled run never reaches its
# teardown job). The sweeper shares the e2e workflow's concurrency group, so no run is in flight
# while it looks: every e2e-* stack it finds is an orphan. Usage: e2e/sweep.sh <org>
set -uo pipefail
org=$1
here=$(dirname "$0")
stacks=$(pulumi stack ls --organization "$org" --project portkey-gateway --json |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const x of JSON.parse(s)){const n=x.name.split("/").pop();if(n.startsWith("e2e-"))console.log(n)}})')
status=0
for stack in $stacks; do
  echo "::group::sweeping $stack"
  "$here/teardown.sh" "$org/$stack" && "$here/leftovers.sh" "$stack" || status=1
  echo "::endgroup::"
done
[ -z "$stacks" ] && echo "no e2e stack left"
exit $status
