#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs the Debian packages it needs, starts
# PostgreSQL and dockerd when they are not running, then runs every test project.
# Extra arguments go to 'dotnet test', for example: deploy/test.sh --filter Category!=Slow
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
setup_all
cd "$REPO_ROOT"

log "building"
dotnet build Leaderboard.sln -c Release -nologo -clp:ErrorsOnly

# Test projects run one after another: the sandbox and end-to-end suites share the one
# Docker engine and the 2 cores of a small machine.
OUTPUT="$STATE_DIR/test-output.log"
status=0
dotnet test Leaderboard.sln -c Release --no-build -nologo -m:1 \
    --logger "console;verbosity=normal" "$@" 2>&1 | tee "$OUTPUT" || status=$?

# One closing line over all test projects, in the plain 'N passed, N failed' form.
passed=$(awk '/^ +Passed: +[0-9]+$/ {sum += $2} END {print sum + 0}' "$OUTPUT")
failed=$(awk '/^ +Failed: +[0-9]+$/ {sum += $2} END {print sum + 0}' "$OUTPUT")
echo "$passed passed, $failed failed"
exit "$status"
