# Shared set-up for the demo and the tests: installs the Debian packages the product
# needs and starts PostgreSQL and dockerd when they are not running. Sourced, not run.
# Every step is idempotent, so a second run reuses what the first one made.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${LEADERBOARD_STATE_DIR:-/var/tmp/mrnet-leaderboard}"
PG_BIN="/usr/lib/postgresql/15/bin"
PG_DATA="$STATE_DIR/pgdata"
PG_PORT="${LEADERBOARD_PG_PORT:-55432}"
export LEADERBOARD_PG_PORT="$PG_PORT"
export ConnectionStrings__Leaderboard="${ConnectionStrings__Leaderboard:-Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=leaderboard}"

log() { printf '[setup] %s\n' "$*" >&2; }

install_packages() {
    local wanted=(docker.io busybox-static debootstrap postgresql-15 chromium chromium-driver
                  python3-numpy python3-sklearn ca-certificates curl)
    local missing=()
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]} > 0)); then
        log "installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    command -v dotnet >/dev/null || { log "the .NET 10 SDK is missing: install it first (dotnet on PATH)"; exit 1; }
}

start_postgres() {
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
        log "creating a private PostgreSQL 15 cluster in $PG_DATA"
        install -d -o postgres -g postgres -m 700 "$PG_DATA"
        install -d -o postgres -g postgres -m 755 "$STATE_DIR/pglog"
        # Trust authentication is safe here only because the server listens on loopback alone.
        runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 60 -l "$STATE_DIR/pglog/postgres.log" \
            -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=/tmp -c max_connections=300" start >/dev/null
    fi
}

start_dockerd() {
    if docker info >/dev/null 2>&1; then
        return
    fi
    log "starting dockerd (no bridge, no iptables: submissions never get a network)"
    nohup dockerd --bridge=none --iptables=false --ip6tables=false >"$STATE_DIR/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && return
        sleep 1
    done
    log "dockerd did not start; see $STATE_DIR/dockerd.log"
    exit 1
}

setup_all() {
    install_packages
    mkdir -p "$STATE_DIR"
    start_postgres
    start_dockerd
}
