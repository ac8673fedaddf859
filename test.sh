#!/usr/bin/env bash
# Runs every test in the solution (unit and integration), installing missing prerequisites first.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh || exit 1

# No build servers or reused MSBuild nodes: nothing outlives the run holding its output open.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

log=$(mktemp)
results=$(mktemp -d)
trap 'rm -rf "$log" "$results"' EXIT
# A test host in which no test finishes for 15 minutes is dumped and ended; the tests it was
# running are printed below, so a hang fails fast and says where it is.
dotnet test --solution Provisioner.sln --results-directory "$results" \
  --hangdump --hangdump-timeout 15m --hangdump-type Mini "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
for hang in "$results"/*_hang.log; do
  [ -e "$hang" ] || continue
  echo "Hung tests in $(basename "$hang" _hang.log):"
  sed 's/^/  /' "$hang"
done

summary=$(sed -n '/^Test run summary/,$p' "$log")
passed=$(printf '%s\n' "$summary" | sed -n 's/^ *succeeded: *\([0-9]*\).*/\1/p' | tail -n 1)
failed=$(printf '%s\n' "$summary" | sed -n 's/^ *failed: *\([0-9]*\).*/\1/p' | tail -n 1)
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
