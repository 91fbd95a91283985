#!/usr/bin/env bash
# Issue 11, scenario 2: N streams (default 10,000) on Herald's defaults drop and reconnect at once;
# then the same client against Nchan (TARGETS="herald nchan" by default) for a reference.
# Prints the storm client's JSON line for each, then what Herald logged: warnings, WELD warnings, the
# size of messages.log, and how the stop drained.
#   bench/storm.sh [N]        BROADCASTS (default 20), INTERVAL ms between them (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
OUT=target/bench
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
if [[ " ${TARGETS:-herald nchan} " == *" nchan "* ]] && ! [ -f /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
    echo "Installing nginx and Nchan from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-nchan >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan >/dev/null; }
    service nginx stop >/dev/null 2>&1 || true
fi
if [ "$(nproc)" -ge 2 ]; then SERVER_CPU="taskset -c 0"; CLIENT_CPU="taskset -c 1"; else SERVER_CPU=""; CLIENT_CPU=""; fi
mvn -q -DskipTests package liberty:create liberty:deploy
# liberty:deploy leaves the app in defaultServer, where it would run beside the next mvn verify's test apps.
trap 'rm -f target/liberty/wlp/usr/servers/defaultServer/dropins/herald.war.xml' EXIT
(cd bench/client && npm ci --no-audit --no-fund --silent)
WLP=target/liberty/wlp
LOGS=$WLP/usr/servers/defaultServer/logs
ADMIN=$(java -cp target/classes src/build/MintToken.java bench-admin admin 7200)
java -cp target/classes bench/Tokens.java "$N" > "$OUT/tokens.txt"
if [[ " ${TARGETS:-herald nchan} " == *" nchan "* ]]; then
    mkdir -p "$OUT/nchan/logs" "$OUT/nchan/tmp"
    $SERVER_CPU nginx -p "$PWD/$OUT/nchan" -c "$PWD/bench/nchan.conf" 2>/dev/null
    sleep 0.5
    $CLIENT_CPU node --max-old-space-size=4096 bench/client/storm.mjs --target nchan --base http://127.0.0.1:9380 --n "$N" \
        --broadcasts "${BROADCASTS:-20}" --interval "${INTERVAL:-500}" | tee "$OUT/storm-nchan.jsonl"
    nginx -p "$PWD/$OUT/nchan" -c "$PWD/bench/nchan.conf" -s stop
    sleep 1
fi
[[ " ${TARGETS:-herald nchan} " == *" herald "* ]] || exit 0
rm -rf "$LOGS"
$SERVER_CPU "$WLP/bin/server" start defaultServer >/dev/null
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:9080/health/ready >/dev/null && break; sleep 0.5; done
$CLIENT_CPU node --max-old-space-size=4096 bench/client/storm.mjs --base http://127.0.0.1:9080 --n "$N" \
    --target herald --tokens "$OUT/tokens.txt" --admin "$ADMIN" --broadcasts "${BROADCASTS:-20}" --interval "${INTERVAL:-500}" \
    | tee "$OUT/storm.jsonl"
stop_start=$(date +%s.%N)
"$WLP/bin/server" stop defaultServer >/dev/null
stop_seconds=$(echo "$(date +%s.%N) - $stop_start" | bc)
echo "{\"messagesLogLines\":$(wc -l < "$LOGS/messages.log"),\"warnings\":$(grep -c '^\[.*\] .*W ' "$LOGS/messages.log" || true),\"weldWarnings\":$(grep -c ' W WELD-' "$LOGS/messages.log" || true),\"stopSeconds\":$stop_seconds,\"drain\":\"$(grep -o 'Herald stopped: .*' "$LOGS/messages.log" | tail -1)\"}" \
    | tee -a "$OUT/storm.jsonl"
