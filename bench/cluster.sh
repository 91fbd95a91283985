#!/usr/bin/env bash
# Issue 12's figures: two Herald nodes on one Kafka (started here from the Maven Central jars) against
# one node without Kafka, with the same client (bench/client/cluster.mjs).
#   bench/cluster.sh            N (default 1000) streams; RATES (default "100 1000") events/s; DURATION seconds a rate (20)
#                               FAILOVER_N (default 5000): streams on node A when it is killed
# Prints one JSON line a run: latency p50/p99 and CPU per event per server; then the failover: how
# long until all of A's clients were back on B, and events missed or doubled.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
RATES=${RATES:-100 1000}
SECONDS_EACH=${DURATION:-20}
FAILOVER_N=${FAILOVER_N:-5000}
MODES=${MODES:-latency failover}
OUT=target/bench
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
mvn -q -DskipTests package liberty:create liberty:deploy
(cd bench/client && npm ci --no-audit --no-fund --silent)
WLP=target/liberty/wlp
SERVERS=$WLP/usr/servers
ADMIN=$(java -cp target/classes src/build/MintToken.java bench-admin admin 7200)
java -cp target/classes bench/Tokens.java "$((N > FAILOVER_N ? N : FAILOVER_N))" > "$OUT/tokens.txt"
for node in benchA benchB; do
    rm -rf "${SERVERS:?}/$node"
    cp -r "$SERVERS/defaultServer" "$SERVERS/$node"
    rm -rf "$SERVERS/$node/logs" "$SERVERS/$node/workarea"
done
pid_of() { cat "$SERVERS/.pid/$1.pid"; }
ready() { for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0; sleep 0.5; done; return 1; }
start() { # name port [kafka]
    env HERALD_HTTP_PORT="$2" HERALD_HTTPS_PORT="$(($2 + 363))" ${3:+HERALD_KAFKA_BOOTSTRAP_SERVERS=$3} \
        HERALD_SSE_MAX_CONNECTIONS=$((FAILOVER_N + N + 500)) "$WLP/bin/server" start "$1" >/dev/null || true
    ready "$2"
}
stop() { "$WLP/bin/server" stop "$1" >/dev/null 2>&1 || true; }
trap 'stop defaultServer; stop benchA; stop benchB; mvn -q -Pkafka exec:exec@kafka-it-stop -Dherald.kafka.test.dir=$OUT/kafka >/dev/null 2>&1 || true; rm -f target/liberty/wlp/usr/servers/defaultServer/dropins/herald.war.xml' EXIT

echo "one node, no Kafka" >&2
[[ " $MODES " == *" latency "* ]] && start defaultServer 9080
for rate in $RATES; do
    [[ " $MODES " == *" latency "* ]] || break
    node bench/client/cluster.mjs --mode latency --stream http://127.0.0.1:9080 --n "$N" --rate "$rate" \
        --batch $((rate >= 100 ? rate / 10 : 1)) --seconds "$SECONDS_EACH" --tokens "$OUT/tokens.txt" --admin "$ADMIN" \
        --pids "$(pid_of defaultServer)" | sed 's/^{/{"setup":"one node",/' | tee -a "$OUT/cluster.jsonl"
done
stop defaultServer

echo "two nodes on Kafka" >&2
mvn -q -Pkafka exec:exec@kafka-it-start -Dherald.kafka.test.port=19192 -Dherald.kafka.test.dir="$OUT/kafka"
KAFKA=127.0.0.1:19192
start benchA 9080 "$KAFKA"
start benchB 9081 "$KAFKA"
for rate in $RATES; do
    [[ " $MODES " == *" latency "* ]] || break
    node bench/client/cluster.mjs --mode latency --stream http://127.0.0.1:9081 --publish http://127.0.0.1:9080 --n "$N" \
        --rate "$rate" --batch $((rate >= 100 ? rate / 10 : 1)) --seconds "$SECONDS_EACH" --tokens "$OUT/tokens.txt" \
        --admin "$ADMIN" --pids "$(pid_of benchA),$(pid_of benchB)" \
        | sed 's/^{/{"setup":"two nodes, Kafka, published on A, streams on B",/' | tee -a "$OUT/cluster.jsonl"
done

echo "failover: $FAILOVER_N streams on A, A killed, all resume on B" >&2
rm -f "$OUT/killed"
node --max-old-space-size=4096 bench/client/cluster.mjs --mode failover --stream http://127.0.0.1:9080 \
    --other http://127.0.0.1:9081 --publish http://127.0.0.1:9081 --n "$FAILOVER_N" --rate 1000 --batch 100 \
    --tokens "$OUT/tokens.txt" --admin "$ADMIN" --killed "$OUT/killed" 2> >(while read -r line; do
        if [ "$line" = kill ]; then kill -9 "$(pid_of benchA)"; touch "$OUT/killed"; else echo "$line" >&2; fi; done) \
    | sed 's/^{/{"setup":"failover",/' | tee -a "$OUT/cluster.jsonl"
