#!/usr/bin/env bash
# System services and packages the test suite needs, on Debian 12 (run as root, or with sudo).
#
#   redis-server   the system tests start their own redis-server processes (binary from PATH)
#   postgresql     `make test` runs the suite a second time on PostgreSQL (127.0.0.1:5432)
#   chromium       the browser (e2e) tests drive /usr/bin/chromium headless
#   python3-venv   `python3.11 -m venv` needs ensurepip
#   coturn         tests/system/test_turn.py starts its own turnserver (use-auth-secret)
#
# Idempotent and quick when everything is present: `apt-get update` and `apt-get install`
# run only when something is missing, PostgreSQL is started only when it is not answering.
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
PG_HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=()
fi

log() { printf 'setup-test-deps: %s\n' "$*" >&2; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_isready >/dev/null 2>&1 || missing+=(postgresql)
[ -d /etc/postgresql ] && [ -n "$(ls -A /etc/postgresql 2>/dev/null)" ] || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# nginx: the cluster test runs scripts/cluster.sh (nginx in front of several Daphne processes).
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
# coturn: the TURN test starts turnserver itself (the package's own service is not used).
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
# Chromium's own dependencies come with it; fonts are only recommended, and text renders without glyphs otherwise.
installed fonts-liberation || missing+=(fonts-liberation)
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
elif ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi
if [ -f frontend/package.json ] && ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    # De-duplicate, keep order.
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# PostgreSQL: a cluster must exist and answer on 127.0.0.1.
if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "starting PostgreSQL $version/main"
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 60); do
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break
        sleep 0.5
    done
    pg_isready -h "$PG_HOST" -p "$PG_PORT"
fi

# The suite connects as postgres@127.0.0.1 without a password. A fresh Debian cluster asks
# for one over TCP (scram-sha-256): on such a (test) machine, trust local TCP for postgres.
if ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    log "allowing passwordless TCP connections for postgres from 127.0.0.1 in $hba"
    "${SUDO[@]}" sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    for _ in $(seq 1 20); do
        psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -d postgres -tAc 'select 1' >/dev/null 2>&1 && break
        sleep 0.5
    done
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -d postgres -tAc 'select 1' >/dev/null
fi
