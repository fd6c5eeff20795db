#!/usr/bin/env bash
# N Daphne processes behind one port, as in production: nginx balances the sockets,
# Redis carries room events between the processes, all share one database.
#
#   scripts/cluster.sh [N]        (or `make cluster N=3`)
#
# PORT (default 8000) is nginx's; the Daphnes listen on PORT+1 … PORT+N. REDIS_URL is used
# when set; otherwise a redis-server of our own is started on PORT+100 (data not kept).
# DATABASE_URL / SQLITE_PATH as for `make run`. nginx comes from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-${N:-2}}"
PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
PY="${PYTHON:-.venv/bin/python}"
RUN_DIR="$(realpath -m "${CLUSTER_DIR:-var/cluster}")"
mkdir -p "$RUN_DIR"

if ! command -v nginx >/dev/null 2>&1; then
    echo "cluster: installing nginx" >&2
    SUDO=(); [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends nginx-light
fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [ -z "${REDIS_URL:-}" ]; then
    redis_port=$((PORT + 100))
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$RUN_DIR" \
        >"$RUN_DIR/redis.log" 2>&1 &
    pids+=($!)
    export REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi

# nginx refuses bodies past the largest upload Django accepts (413 before anything reaches a
# Daphne); below it, it streams bodies through unbuffered so that Daphne's guard
# (accounts/upload_guard.py) refuses an upload without the right while it is still sent.
if [ -z "${CLIENT_MAX_BODY_SIZE:-}" ]; then
    CLIENT_MAX_BODY_SIZE="$("$PY" manage.py shell -c \
        'from halls.uploads import largest_upload_bytes; print(largest_upload_bytes())' 2>/dev/null | tail -n 1)"
    CLIENT_MAX_BODY_SIZE="${CLIENT_MAX_BODY_SIZE:-220000000}"
fi

# Background work on the same Redis: one Celery worker (notification e-mails, reminders) and
# one beat scheduler (send_due_reminders every REMINDER_INTERVAL_SECONDS); docs/operations.md.
"$PY" -m celery -A config worker --concurrency="${CELERY_CONCURRENCY:-2}" --loglevel=INFO \
    >"$RUN_DIR/celery-worker.log" 2>&1 &
pids+=($!)
"$PY" -m celery -A config beat --loglevel=INFO --schedule "$RUN_DIR/celerybeat" \
    >"$RUN_DIR/celery-beat.log" 2>&1 &
pids+=($!)

# A Daphne that dies after it ran a while (a crash, the OOM killer, `kill -9` in the reconnect
# storm of bench.rooms) is started again, as a supervisor (systemd's Restart=) would: nginx
# sends its clients to the others meanwhile and they resume with since_seq. One that dies
# within 10 s of starting ends the cluster: a broken setup, not a crash.
supervise_daphne() {
    local port=$1 child=0 started status
    trap '[ "$child" -gt 0 ] && kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' TERM INT
    while true; do
        started=$SECONDS
        # Twisted listens with an accept queue of 50 unless told: a join storm (or nginx
        # passing one on) overflowed it, and each dropped SYN cost a 1-s retransmission.
        "$PY" -m daphne -e "tcp:port=$port:interface=127.0.0.1:backlog=${LISTEN_BACKLOG:-1024}" \
            --proxy-headers config.asgi:application \
            >>"$RUN_DIR/daphne-$port.log" 2>&1 &
        child=$!
        status=0
        wait "$child" || status=$?
        if [ $((SECONDS - started)) -lt 10 ]; then exit "$status"; fi
        echo "cluster: daphne on $port exited ($status), restarting" | tee -a "$RUN_DIR/daphne-$port.log" >&2
        sleep 1
    done
}

upstreams=""
ws_upstreams=""
for i in $(seq 1 "$N"); do
    port=$((PORT + i))
    : >"$RUN_DIR/daphne-$port.log"
    supervise_daphne "$port" &
    pids+=($!)
    upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
    ws_upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done

# Sockets: each proxied WebSocket holds two descriptors in nginx (client and upstream), so
# 10,000 clients need 20,000; two workers share them. Raise this shell's soft limit to the
# hard one for the Daphnes too (each holds its share of the sockets).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"

cat >"$RUN_DIR/nginx.conf" <<CONF
worker_processes 2;
worker_rlimit_nofile $NOFILE;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx-error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path $RUN_DIR/body;
    proxy_temp_path $RUN_DIR/proxy;
    fastcgi_temp_path $RUN_DIR/fastcgi;
    uwsgi_temp_path $RUN_DIR/uwsgi;
    scgi_temp_path $RUN_DIR/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    # The zones share each upstream's counts (least_conn, failures) between the two workers.
    upstream pavilion {
        zone pavilion 64k;
        least_conn;
$upstreams    }
    # WebSockets have an upstream of their own with max_fails=0: in a reconnect storm (a
    # process killed, its clients all arriving at the others) one reset handshake must not
    # mark a healthy process as failed — with max_fails=1 nginx then answered
    # "502 no live upstreams" for 5-s windows (docs/performance.md). A refused connection
    # still moves on to the next process (proxy_next_upstream error), so a dead process is
    # skipped at the cost of one connect; readiness (/readyz, max_fails=1 above) keeps
    # steering HTTP.
    upstream pavilion_ws {
        zone pavilion_ws 64k;
        least_conn;
$ws_upstreams    }
    server {
        listen $HOST:$PORT;
        client_max_body_size $CLIENT_MAX_BODY_SIZE;
        proxy_request_buffering off;
        # Readiness through nginx (what a load balancer in front polls): a process answering
        # 503 counts as failed (max_fails=1) and gets no new requests or sockets for
        # fail_timeout; the poll is retried on the next process, so /readyz here is 200 while
        # any process is ready. /healthz is the process only (config/health.py).
        location = /readyz {
            proxy_pass http://pavilion;
            proxy_next_upstream error timeout http_503;
            proxy_connect_timeout 2s;
            proxy_read_timeout 5s;
        }
        # Prometheus scrapes each Daphne on its own port; through nginx a client could claim
        # 127.0.0.1 in X-Forwarded-For (Daphne runs with --proxy-headers).
        location = /metrics {
            default_type application/json;
            return 403 '{"code": "forbidden", "message": "Scrape each process on its own port."}';
        }
        location /ws/ {
            proxy_pass http://pavilion_ws;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$host:$PORT;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 1h;
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries $N;
        }
        location / {
            proxy_pass http://pavilion;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$host:$PORT;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 1h;
            proxy_next_upstream error timeout;
        }
    }
}
CONF

echo "Pavilion: $N processes behind http://$HOST:$PORT/, a Celery worker and beat (Redis $REDIS_URL); logs in $RUN_DIR/"
nginx -c "$RUN_DIR/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait -n "${pids[@]}"
