#!/usr/bin/env bash
# Server CPU per HTTP request, one at a time over keep-alive after 50,000 warm-up requests (on one
# core Liberty's JIT is still settling after 40,000), then ROUNDS rounds of N, every round printed and
# their median: a static file on the plain-Liberty reference (servlet-6.0 only, the same runtime), then
# on Herald the same static file, /health/ready, GET /api/sse/status (a JWT) and POST /api/sse/publish
# (a JWT, an event to a user with no stream). Server on core 0, client on core 1.
# Environment: WARMUP, N, ROUNDS.
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-50000}
N=${N:-5000}
ROUNDS=${ROUNDS:-6}
if [ "$(nproc)" -ge 2 ]; then SERVER_CPU="taskset -c 0"; CLIENT_CPU="taskset -c 1"; else SERVER_CPU=""; CLIENT_CPU=""; fi
mvn -q -DskipTests package liberty:create liberty:deploy
trap 'rm -f target/liberty/wlp/usr/servers/defaultServer/dropins/herald.war.xml' EXIT
(cd bench/client && npm ci --no-audit --no-fund --silent)
bench/reference/build.sh
WLP=target/liberty/wlp
ADMIN=$(java -cp target/classes src/build/MintToken.java bench-admin admin 7200)
USER_TOKEN=$(java -cp target/classes src/build/MintToken.java bench-user user 7200)
measure() {
    $CLIENT_CPU node bench/client/requests.mjs --pid "$1" --warmup "$WARMUP" --n "$N" --rounds "$ROUNDS" "${@:2}"
}
stop() {
    kill -TERM "$1"
    while kill -0 "$1" 2>/dev/null; do sleep 0.2; done
}

$SERVER_CPU "$WLP/bin/server" start benchRef >/dev/null
for _ in $(seq 1 120); do curl -sf -o /dev/null http://127.0.0.1:9480/demo.css && break; sleep 0.5; done
pid=$(cat "$WLP/usr/servers/.pid/benchRef.pid")
measure "$pid" --label "bare Liberty: GET /demo.css" --url http://127.0.0.1:9480/demo.css
stop "$pid"

$SERVER_CPU "$WLP/bin/server" start defaultServer >/dev/null
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:9080/health/ready >/dev/null && break; sleep 0.5; done
pid=$(cat "$WLP/usr/servers/.pid/defaultServer.pid")
measure "$pid" --label "Herald: GET /demo.css" --url http://127.0.0.1:9080/demo.css
measure "$pid" --label "Herald: GET /health/ready" --url http://127.0.0.1:9080/health/ready
measure "$pid" --label "Herald: GET /api/sse/status (JWT)" --url http://127.0.0.1:9080/api/sse/status --token "$USER_TOKEN"
measure "$pid" --label "Herald: POST /api/sse/publish (JWT)" --url http://127.0.0.1:9080/api/sse/publish --method POST \
    --token "$ADMIN" --body '{"type":"bench","data":{"n":1},"userIds":["nobody"]}'
stop "$pid"
