#!/usr/bin/env bash
# Issue 11, scenario 1: 2,000,000 events to users who never connect, on Herald's defaults (the heap
# of liberty-config/jvm.options, the default history budget). Prints the heap after GC against the
# budget as it goes; fails if the server goes down or a publish is refused.
#   bench/flood.sh            EVENTS (default 2000000), PER_REQUEST (5000), USERS (50000), PAYLOAD (400)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench
mkdir -p "$OUT"
mvn -q -DskipTests package liberty:create liberty:deploy
(cd bench/client && npm ci --no-audit --no-fund --silent)
WLP=target/liberty/wlp
ADMIN=$(java -cp target/classes src/build/MintToken.java bench-admin admin 7200)
rm -rf "$WLP/usr/servers/defaultServer/logs"
"$WLP/bin/server" start defaultServer >/dev/null
# liberty:deploy leaves the app in defaultServer, where it would run beside the next mvn verify's test apps.
trap '"$WLP/bin/server" stop defaultServer >/dev/null 2>&1 || true; rm -f target/liberty/wlp/usr/servers/defaultServer/dropins/herald.war.xml' EXIT
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:9080/health/ready >/dev/null && break; sleep 0.5; done
pid=$(cat "$WLP/usr/servers/.pid/defaultServer.pid")
node bench/client/flood.mjs --base http://127.0.0.1:9080 --admin "$ADMIN" --pid "$pid" \
    --events "${EVENTS:-2000000}" --per-request "${PER_REQUEST:-5000}" --users "${USERS:-50000}" \
    --payload "${PAYLOAD:-400}" | tee "$OUT/flood.jsonl"
