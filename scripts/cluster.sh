#!/usr/bin/env bash
# A demo cluster on loopback from one index artifact: PostgreSQL + N yibao replicas + nginx.
#   bash scripts/cluster.sh up        build the artifact (if missing) and start everything
#   bash scripts/cluster.sh status    what runs, each replica's /ready
#   bash scripts/cluster.sh down      stop everything (data stay in the state directory)
#   bash scripts/cluster.sh kill K | start K     SIGKILL / start replica K (1..N), for failover drills
#   bash scripts/cluster.sh reload [ARTIFACT]    point `current` at ARTIFACT (or rebuild) and hot-reload every replica
# Settings: YIBAO_REPLICAS (3), YIBAO_CLUSTER_DIR (var/cluster), YIBAO_CLUSTER_PORT (nginx, 8080),
# YIBAO_REPLICA_BASE_PORT (8101), YIBAO_PG_PORT (55432), YIBAO_PG_DIR ($STATE/pg), YIBAO_NGINX_RATE (requests/s per client, 50).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${YIBAO_REPLICAS:-3}
STATE=$(mkdir -p "${YIBAO_CLUSTER_DIR:-var/cluster}" && cd "${YIBAO_CLUSTER_DIR:-var/cluster}" && pwd)
PORT=${YIBAO_CLUSTER_PORT:-8080}
BASE=${YIBAO_REPLICA_BASE_PORT:-8101}
PGPORT=${YIBAO_PG_PORT:-55432}
PGDIR=${YIBAO_PG_DIR:-$STATE/pg}  # must be reachable by the postgres user when run as root
RATE=${YIBAO_NGINX_RATE:-50}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
YIBAO="$ROOT/.venv/bin/yibao"

log() { echo "[cluster] $*" >&2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

ensure_tools() {
  [ -x "$YIBAO" ] || { log "no .venv: run bash scripts/serve.sh or bash scripts/test.sh once"; exit 1; }
  local missing=()
  [ -n "$PGBIN" ] || missing+=(postgresql)
  command -v nginx >/dev/null 2>&1 || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  "$ROOT/.venv/bin/python" -c "import psycopg_pool" 2>/dev/null || "$ROOT/.venv/bin/pip" install -q -e "$ROOT[postgres]"
}

pg_up() {
  local pgdir="$PGDIR"
  if [ ! -d "$pgdir/data" ]; then
    mkdir -p "$pgdir"; [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
    as_pg "$PGBIN/initdb" -D "$pgdir/data" -A trust -U yibao -E UTF8 --no-locale >/dev/null
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
      -o "-p $PGPORT -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
  fi
  log "PostgreSQL on 127.0.0.1:$PGPORT"
}

secrets_up() {
  umask 077
  [ -s "$STATE/secret.key" ] || head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STATE/secret.key"
  [ -s "$STATE/admin.token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STATE/admin.token"
  umask 022
}

artifact_up() {
  if [ ! -e "$STATE/current" ]; then
    local dir="$STATE/artifacts/$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$STATE/artifacts"
    "$YIBAO" index --out "$dir" >&2
    ln -sfn "$dir" "$STATE/current"
  fi
  "$YIBAO" index --check --index "$STATE/current" >&2
}

replica_env() {
  export YIBAO_DATABASE_URL="postgresql://yibao@127.0.0.1:$PGPORT/postgres"
  export YIBAO_SECRET_FILE="$STATE/secret.key" YIBAO_ADMIN_TOKEN="$(cat "$STATE/admin.token")"
  export YIBAO_RATE_LIMIT_PER_MINUTE="${YIBAO_RATE_LIMIT_PER_MINUTE:-0}" YIBAO_TRUSTED_PROXIES="${YIBAO_TRUSTED_PROXIES:-[\"127.0.0.1\"]}"
}

replica_start() {
  local k=$1 port=$((BASE + $1 - 1))
  alive "$STATE/replica-$k.pid" && { log "replica $k already runs"; return; }
  replica_env
  setsid "$YIBAO" serve --host 127.0.0.1 --port "$port" --workers 1 --quiet --index "$STATE/current" \
    >>"$STATE/replica-$k.log" 2>&1 < /dev/null &
  echo $! > "$STATE/replica-$k.pid"
}

wait_ready() {
  local k=$1 port=$((BASE + $1 - 1))
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && { log "replica $k ready on :$port"; return 0; }
    alive "$STATE/replica-$k.pid" || { log "replica $k exited:"; tail -5 "$STATE/replica-$k.log" >&2; return 1; }
    sleep 0.2
  done
  log "replica $k did not become ready"; return 1
}

nginx_up() {
  local ng="$STATE/nginx" ups=""
  mkdir -p "$ng/tmp"
  for k in $(seq 1 "$N"); do ups+="        server 127.0.0.1:$((BASE + k - 1)) max_fails=1 fail_timeout=2s;\n"; done
  sed -e "s|@PREFIX@|$ng|g" -e "s|@PORT@|$PORT|g" -e "s|@RATE@|$RATE|g" -e "s|@BURST@|$((RATE * 2))|g" \
      -e "s|@ACCESS_LOG@|${YIBAO_NGINX_ACCESS_LOG:-off}|g" -e "s|@UPSTREAMS@|$ups|" \
      deploy/nginx.conf.template > "$ng/nginx.conf"
  if alive "$ng/nginx.pid"; then nginx -p "$ng" -c "$ng/nginx.conf" -s reload; else nginx -p "$ng" -c "$ng/nginx.conf"; fi
  log "nginx on http://127.0.0.1:$PORT -> $N replica(s)"
}

up() {
  ensure_tools; pg_up; secrets_up; artifact_up
  for k in $(seq 1 "$N"); do replica_start "$k"; done
  for k in $(seq 1 "$N"); do wait_ready "$k"; done
  nginx_up
  status
}

down() {
  local ng="$STATE/nginx"
  alive "$ng/nginx.pid" && nginx -p "$ng" -c "$ng/nginx.conf" -s quit && log "nginx stopped"
  for f in "$STATE"/replica-*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then kill -TERM "$(cat "$f")"; log "stopped $(basename "$f" .pid)"; fi
    rm -f "$f"
  done
  if [ -n "$PGBIN" ] && [ -d "$PGDIR/data" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 && log "PostgreSQL stopped" || true
  fi
}

status() {
  alive "$STATE/nginx/nginx.pid" && echo "nginx      http://127.0.0.1:$PORT  running" || echo "nginx      stopped"
  if [ -n "$PGBIN" ] && [ -d "$PGDIR/data" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
    echo "postgresql 127.0.0.1:$PGPORT  running"; else echo "postgresql stopped"; fi
  for k in $(seq 1 "$N"); do
    local port=$((BASE + k - 1))
    if alive "$STATE/replica-$k.pid"; then
      echo "replica $k  :$port  $(curl -s -m 2 "http://127.0.0.1:$port/ready" | tr -d '\n' | cut -c1-160)"
    else echo "replica $k  :$port  stopped"; fi
  done
}

reload() {
  local target=${1:-}
  if [ -z "$target" ]; then
    target="$STATE/artifacts/$(date +%Y%m%d-%H%M%S)"; "$YIBAO" index --out "$target" >&2
  fi
  "$YIBAO" index --check --index "$target" >&2
  ln -sfn "$(cd "$target" && pwd)" "$STATE/current.new" && mv -T "$STATE/current.new" "$STATE/current"
  for k in $(seq 1 "$N"); do
    curl -sS -m 30 -X POST -H "Authorization: Bearer $(cat "$STATE/admin.token")" \
      "http://127.0.0.1:$((BASE + k - 1))/admin/reload"; echo
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill) kill -KILL "$(cat "$STATE/replica-$2.pid")"; log "replica $2 killed (SIGKILL)" ;;
  start) replica_start "$2"; wait_ready "$2" ;;
  reload) reload "${2:-}" ;;
  *) echo "usage: $0 up|down|status|kill K|start K|reload [ARTIFACT]" >&2; exit 2 ;;
esac
