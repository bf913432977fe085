#!/usr/bin/env bash
# Runs the product end to end on one machine. It writes a synthetic hidden test set, builds
# the three sample submissions as images and uploads them through the HTTP API. They run in
# the sandbox and are scored and ranked. The script then prints the leaderboard and serves
# it at http://127.0.0.1:8080 until stopped. Pass --exit-when-done to exit after printing. Later runs reuse the data, the
# images and the build of the first run.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
setup_all
cd "$REPO_ROOT"

log "building the command-line tool"
dotnet build src/Leaderboard.Cli -c Release -nologo -clp:ErrorsOnly
LEADERBOARD="$REPO_ROOT/src/Leaderboard.Cli/bin/Release/net10.0/leaderboard"

DATA_DIR="$STATE_DIR/synthetic"
if [[ ! -s "$DATA_DIR/MRNet-v1.0/test-meniscus.csv" ]]; then
    log "writing the synthetic MRNet data set to $DATA_DIR"
    rm -rf "$DATA_DIR"
    "$LEADERBOARD" testset synth --out "$DATA_DIR" --seed 2026
fi

log "building the sample submissions (the first run builds a Debian base image; minutes)"
MRNET_TRAIN_DATA="$DATA_DIR/MRNet-v1.0" bash samples/build.sh "$STATE_DIR/samples"

exec "$LEADERBOARD" demo --data "$DATA_DIR" --samples "$STATE_DIR/samples" --state "$STATE_DIR/demo" "$@"
