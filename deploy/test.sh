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
dotnet test Leaderboard.sln -c Release --no-build -nologo -m:1 \
    --logger "console;verbosity=normal" "$@"
