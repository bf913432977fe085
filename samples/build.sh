#!/usr/bin/env bash
# Builds the sample submissions as local Docker images and writes one `docker save` archive
# per sample: OUT_DIR/baseline.tar, OUT_DIR/busybox-constant.tar and OUT_DIR/failing.tar.
# No image registry is used: the busybox samples are FROM scratch with the static busybox of
# this machine, and the baseline's base image is made with debootstrap (baseline/build-base.sh).
#
# Usage: samples/build.sh OUT_DIR [--only NAME] [--train-data DIR]
#   --only NAME        build one sample: baseline, busybox-constant or failing
#   --train-data DIR   synthetic data set to train the baseline on (the MRNet-v1.0 folder or
#                      the folder that contains it); MRNET_TRAIN_DATA sets the same. Training
#                      runs only when baseline/build/weights.json is missing or was trained on
#                      other data or with another train.py/predict.py.
# Environment: BUSYBOX (default /bin/busybox, from Debian's busybox-static), PYTHON (default
# /usr/bin/python3, which needs python3-numpy), BASELINE_BASE_IMAGE (default
# mrnet-baseline-base:bookworm).
#
# Everything generated stays under samples/*/build/ (ignored by git) and OUT_DIR. Images,
# layers and archives that are already up to date are reused.
set -euo pipefail

samples="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all_samples=(baseline busybox-constant failing)
busybox="${BUSYBOX:-/bin/busybox}"
python="${PYTHON:-/usr/bin/python3}"
base_image="${BASELINE_BASE_IMAGE:-mrnet-baseline-base:bookworm}"
train_data="${MRNET_TRAIN_DATA:-}"

die() {
    echo "build.sh: $*" >&2
    exit 1
}

usage() {
    sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

out=""
only=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --only) [[ $# -ge 2 ]] || usage; only="$2"; shift 2 ;;
        --train-data) [[ $# -ge 2 ]] || usage; train_data="$2"; shift 2 ;;
        -h|--help) usage ;;
        -*) echo "build.sh: unknown option $1" >&2; usage ;;
        *) [[ -z "$out" ]] || { echo "build.sh: more than one OUT_DIR given: $out and $1" >&2; usage; }; out="$1"; shift ;;
    esac
done
[[ -n "$out" ]] || usage

selected=("${all_samples[@]}")
if [[ -n "$only" ]]; then
    [[ " ${all_samples[*]} " == *" $only "* ]] || die "unknown sample '$only'; choose one of: ${all_samples[*]}"
    selected=("$only")
fi

docker info >/dev/null 2>&1 || die "the Docker daemon is not reachable ('docker info' failed); start dockerd and retry"

# The legacy builder needs no buildx plugin; use BuildKit only where buildx is installed.
if ! docker buildx version >/dev/null 2>&1; then
    export DOCKER_BUILDKIT=0
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Runs docker build quietly; on failure prints its output and stops.
docker_build() {
    local name="$1" log
    shift
    log="$samples/$name/build/docker-build.log"
    docker build "$@" >"$log" 2>&1 || { cat "$log" >&2; die "$name: docker build failed; its output is above"; }
}

# Writes OUT_DIR/NAME.tar unless it already contains exactly this image.
save_image() {
    local name="$1" tag="$2"
    local id archive="$out/$name.tar"
    id="$(docker image inspect --format '{{.Id}}' "$tag")"
    if [[ -f "$archive" ]] && tar -xOf "$archive" manifest.json 2>/dev/null | grep -q "${id#sha256:}"; then
        echo "$name: $archive is up to date"
        return
    fi
    docker save -o "$archive.partial" "$tag"
    chmod 644 "$archive.partial"
    mv "$archive.partial" "$archive"
    echo "$name: wrote $archive ($(du -h "$archive" | cut -f1))"
}

# Copies the sample's files and the static busybox into a fresh build context.
busybox_context() {
    local name="$1" context="$samples/$1/build/context"
    [[ -x "$busybox" ]] || die "$busybox is missing; install the Debian package busybox-static or set BUSYBOX"
    if command -v file >/dev/null && ! file -L "$busybox" | grep -q "statically linked"; then
        die "$busybox is not statically linked and cannot run in a FROM scratch image; install busybox-static"
    fi
    rm -rf "$context"
    mkdir -p "$context"
    cp "$samples/$name"/Dockerfile "$context/"
    [[ -f "$samples/$name/predict.sh" ]] && cp "$samples/$name/predict.sh" "$context/"
    cp "$busybox" "$context/busybox"
    echo "$context"
}

build_busybox_sample() {
    local name="$1" tag="mrnet-sample-$1:latest" context
    context="$(busybox_context "$name")"
    docker_build "$name" -t "$tag" "$context"
    echo "$name: built image $tag"
    save_image "$name" "$tag"
}

# A fingerprint of what the weights depend on: the training code and the train split, read
# as its label files and the names and sizes of its volumes. The generator is deterministic,
# so another seed or exam count changes these.
training_fingerprint() {
    local dataset="$1"
    {
        cat "$samples/baseline/train.py" "$samples/baseline/predict.py"
        cat "$dataset"/train-abnormal.csv "$dataset"/train-acl.csv "$dataset"/train-meniscus.csv
        find "$dataset/train" -name '*.npy' -printf '%P %s\n' | LC_ALL=C sort
    } | sha256sum | cut -d' ' -f1
}

ensure_weights() {
    local build="$samples/baseline/build" weights="$samples/baseline/build/weights.json"
    local stamp="$samples/baseline/build/weights.fingerprint"
    mkdir -p "$build"

    if [[ -z "$train_data" ]]; then
        [[ -f "$weights" ]] || die "baseline: $weights is missing and no train split was given; write one with
    leaderboard testset synth --out DIR --seed 1
and pass --train-data DIR (or set MRNET_TRAIN_DATA)"
        echo "baseline: reusing $weights (no train split given, so it is not checked against data)"
        return
    fi

    local dataset="$train_data"
    [[ -d "$dataset/MRNet-v1.0" ]] && dataset="$dataset/MRNet-v1.0"
    [[ -f "$dataset/train-abnormal.csv" && -d "$dataset/train/sagittal" ]] \
        || die "baseline: no train split found in $train_data (expected train-abnormal.csv and train/sagittal/ in it or in its MRNet-v1.0 folder)"

    local fingerprint
    fingerprint="$(training_fingerprint "$dataset")"
    if [[ -f "$weights" && -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" ]]; then
        echo "baseline: $weights is up to date for $dataset"
        return
    fi

    "$python" -c 'import numpy' 2>/dev/null || die "baseline: $python cannot import numpy; install python3-numpy or set PYTHON"
    echo "baseline: training on $dataset"
    # train.py names the temporary file it writes; the weights move into place only when complete.
    "$python" "$samples/baseline/train.py" "$dataset" "$weights.partial"
    mv "$weights.partial" "$weights"
    echo "baseline: weights in $weights"
    echo "$fingerprint" >"$stamp"
}

build_baseline() {
    local tag="mrnet-sample-baseline:latest" context="$samples/baseline/build/context"
    ensure_weights
    "$samples/baseline/build-base.sh" "$base_image"

    rm -rf "$context"
    mkdir -p "$context"
    cp "$samples/baseline/Dockerfile" "$samples/baseline/predict.py" "$samples/baseline/build/weights.json" "$context/"
    docker_build baseline --build-arg "BASE_IMAGE=$base_image" -t "$tag" "$context"
    echo "baseline: built image $tag"
    save_image baseline "$tag"
}

for name in "${selected[@]}"; do
    case "$name" in
        baseline) build_baseline ;;
        *) build_busybox_sample "$name" ;;
    esac
done
