#!/usr/bin/env bash
# Measures how much the API process's memory grows while it receives a large upload.
# It starts 'leaderboard serve' on a loopback port with a scratch database and uploads a
# docker-save-format archive of SIZE_MIB (default 2048) with curl, three times. Meanwhile it
# samples the server's resident set size (VmRSS in /proc) every 50 ms. It prints the
# baseline, the peak and the growth of each upload, then the median growth.
# Usage: bench/upload-memory.sh [SIZE_MIB]
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/common.sh"
setup_all
cd "$REPO_ROOT"

SIZE_MIB="${1:-2048}"
WORK="$(mktemp -d /var/tmp/mrnet-upload-bench.XXXXXX)"
PORT=18080
DB=leaderboard_upload_bench
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build src/Leaderboard.Cli -c Release -nologo -clp:ErrorsOnly
LEADERBOARD="$REPO_ROOT/src/Leaderboard.Cli/bin/Release/net10.0/leaderboard"

psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export ConnectionStrings__Leaderboard="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$DB"
export Storage__RootDirectory="$WORK/storage"

"$LEADERBOARD" testset synth --out "$WORK/data" --seed 1 --train-exams 2 --valid-exams 2 >/dev/null
"$LEADERBOARD" competition create --slug mrnet --title MRNet
"$LEADERBOARD" phase create --competition mrnet --slug test --title "Hidden test set" --concurrent-limit 5
"$LEADERBOARD" testset register --competition mrnet --phase test --dir "$WORK/data"
TOKEN="$("$LEADERBOARD" team create --name "Bench Team" 2>/dev/null)"

# A docker-save layout: manifest, image config, one layer of SIZE_MIB zero bytes.
mkdir -p "$WORK/archive/layer0"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/zero > "$WORK/archive/layer0/layer.tar"
echo '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":[]}}' > "$WORK/archive/config.json"
echo '[{"Config":"config.json","RepoTags":["bench:latest"],"Layers":["layer0/layer.tar"]}]' > "$WORK/archive/manifest.json"
tar -C "$WORK/archive" -cf "$WORK/upload.tar" manifest.json config.json layer0
rm -rf "$WORK/archive"
ARCHIVE_BYTES=$(stat -c %s "$WORK/upload.tar")

"$LEADERBOARD" serve --urls "http://127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
# One request of each kind warms the process up before the baseline is read.
curl -fs "http://127.0.0.1:$PORT/api/v1/competitions/mrnet/phases/test/leaderboard" >/dev/null
sleep 2

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "archive: $ARCHIVE_BYTES bytes"
growths=()
for run in 1 2 3; do
    BASELINE=$(rss_kib)
    (
        while kill -0 "$SERVER_PID" 2>/dev/null; do rss_kib; sleep 0.05; done
    ) > "$WORK/rss.txt" &
    SAMPLER=$!

    START=$(date +%s.%N)
    STATUS=$(curl -s -o "$WORK/response.json" -w '%{http_code}' -X POST -T "$WORK/upload.tar" \
        -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/x-tar" \
        "http://127.0.0.1:$PORT/api/v1/competitions/mrnet/phases/test/submissions?model_name=bench-$run")
    END=$(date +%s.%N)
    sleep 1
    kill "$SAMPLER" 2>/dev/null || true
    PEAK=$(sort -n "$WORK/rss.txt" | tail -1)
    growths+=($(((PEAK - BASELINE) / 1024)))
    echo "upload $run: HTTP $STATUS in $(echo "$END - $START" | bc) s; API RSS before $((BASELINE / 1024)) MiB, peak $((PEAK / 1024)) MiB, growth $(((PEAK - BASELINE) / 1024)) MiB"
done
echo "median growth: $(printf '%s\n' "${growths[@]}" | sort -n | sed -n 2p) MiB"
