#!/usr/bin/env bash
# Runs every test in the solution (unit and integration), installing missing prerequisites first.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --solution Provisioner.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(sed -n '/^Test run summary/,$p' "$log")
passed=$(printf '%s\n' "$summary" | sed -n 's/^ *succeeded: *\([0-9]*\).*/\1/p' | tail -n 1)
failed=$(printf '%s\n' "$summary" | sed -n 's/^ *failed: *\([0-9]*\).*/\1/p' | tail -n 1)
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
