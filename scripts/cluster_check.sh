#!/usr/bin/env bash
# The heavy cluster check behind README "Deploying at scale" (loopback only, bounded in time):
#  1. throughput through nginx with 1, 2 and 3 replicas (wrk, POST /api/chat)
#  2. failover: steady load while replica 2 is SIGKILLed and restarted; failed client requests counted
#  3. feedback written through every replica, all rows present in PostgreSQL
#  4. hot reload of a new artifact under load; replies afterwards carry the new index_version
# Usage: bash scripts/cluster_check.sh [SECONDS per throughput run, default 15]. Leaves the cluster down.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:-15}
export YIBAO_CLUSTER_DIR=${YIBAO_CLUSTER_DIR:-var/cluster-check} YIBAO_NGINX_RATE=100000 YIBAO_REPLICAS=3
STATE=$YIBAO_CLUSTER_DIR
PORT=${YIBAO_CLUSTER_PORT:-8080}
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq wrk >/dev/null; }
LUA=$(mktemp --suffix=.lua)
trap 'rm -f "$LUA"; bash scripts/cluster.sh down >/dev/null 2>&1 || true' EXIT
cat > "$LUA" <<'LUA'
local qs = {"中山怎么选定点医院", "平阳县县级医院住院花了2万能报多少", "潍坊居民医保高档一家三口交多少", "异地就医怎么备案",
            "北京医保交多少", "今天天气怎么样"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"},
                    '{"message":"' .. qs[(i % #qs) + 1] .. '"}')
end
LUA
summary() {  # wrk output -> one line: req/s, p50, p99, errors
  awk '/Requests\/sec/ {rps=$2} /50%/ {p50=$2} /99%/ {p99=$2} /Non-2xx/ {non2xx=$NF}
       /Socket errors/ {sock=$0} /requests in/ {n=$1}
       END {printf "requests=%s req/s=%s p50=%s p99=%s non2xx=%s %s\n", n, rps, p50, p99, (non2xx==""?0:non2xx), sock}'
}

bash scripts/cluster.sh up >/dev/null
echo "== throughput through nginx (wrk -t2 -c16 -d${D}s, POST /api/chat)"
for n in 1 2 3; do
  YIBAO_REPLICAS=$n bash scripts/cluster.sh up >/dev/null 2>&1
  sleep 1
  echo "replicas=$n $(wrk -t2 -c16 -d"${D}s" --timeout 10s --latency -s "$LUA" "$URL" | summary)"
done

echo "== failover: 20 s of load, replica 2 SIGKILLed at 5 s and restarted at 10 s"
wrk -t2 -c16 -d20s --timeout 10s --latency -s "$LUA" "$URL" > "$STATE/failover.txt" &
W=$!
sleep 5; bash scripts/cluster.sh kill 2
sleep 5; bash scripts/cluster.sh start 2 >/dev/null
wait $W
echo "failover $(summary < "$STATE/failover.txt")"

echo "== feedback through every replica"
.venv/bin/python - "$URL" "$STATE" <<'PY'
import sys, httpx, psycopg, os
url, state = sys.argv[1], sys.argv[2]
base = int(os.environ.get("YIBAO_REPLICA_BASE_PORT", 8101))
ids = []
for k in range(3):
    replica = f"http://127.0.0.1:{base + k}"
    for i in range(20):
        rid = httpx.post(f"{replica}/api/chat", json={"message": "中山怎么选定点医院"}).json()["request_id"]
        # feedback goes through nginx (any replica), right after the answer
        r = httpx.post(f"{url}/api/feedback", json={"request_id": rid, "rating": "up", "reason": None})
        r.raise_for_status()
        ids.append(r.json()["feedback_id"])
with psycopg.connect(f"postgresql://yibao@127.0.0.1:{os.environ.get('YIBAO_PG_PORT', 55432)}/postgres") as c:
    have = {row[0] for row in c.execute("SELECT id FROM feedback WHERE id = ANY(%s)", (ids,))}
print(f"feedback acknowledged={len(ids)} present_in_postgresql={len(have)} missing={len(set(ids) - have)}")
PY

echo "== hot reload under load"
NEW="$STATE/artifacts/reload-$(date +%s)"
RAW=$(mktemp -d); cp -r corpus/raw/. "$RAW/"
printf -- '---\ntitle: 医保服务热线时间调整\nregion: 潍坊市\nyear: 2026\n---\n自2026年1月1日起,潍坊市医保服务热线工作日8:30至17:30人工接听。\n' > "$RAW/zz_reload.md"
YIBAO_RAW_DIR="$RAW" YIBAO_DERIVED_DIR="$RAW/derived" .venv/bin/yibao index --out "$NEW" >/dev/null
BEFORE=$(curl -s -X POST -H 'content-type: application/json' -d '{"message":"中山怎么选定点医院"}' "$URL/api/chat" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['index_version'])")
wrk -t2 -c16 -d12s --timeout 10s --latency -s "$LUA" "$URL" > "$STATE/reload.txt" &
W=$!
sleep 4; bash scripts/cluster.sh reload "$NEW" > "$STATE/reload-replies.txt"
wait $W
AFTER=$(for i in 1 2 3 4 5 6; do curl -s -X POST -H 'content-type: application/json' -d '{"message":"中山怎么选定点医院"}' "$URL/api/chat" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['index_version'])"; done | sort | uniq -c | tr '\n' ' ')
echo "reload $(summary < "$STATE/reload.txt")"
echo "index_version before=$BEFORE after: $AFTER"
cat "$STATE/reload-replies.txt"
rm -rf "$RAW"
