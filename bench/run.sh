#!/usr/bin/env bash
# Herald against Nchan, side by side, with the same load client (bench/client/load.mjs).
#   bench/run.sh [N ...]        default: 2000 10000
# Environment: RUNS (measured runs per server, default 3), EVENTS (broadcast events, default 20),
# USER_EVENTS (per-user events, default 2000), MODES (default "steady all user": "steady" is one
# broadcast every INTERVAL ms, default 200, in rounds of ROUND_SECONDS, default 10; "all" a burst of
# EVENTS broadcasts; "user" USER_EVENTS events to one user each; "hold" keeps the N connections
# open for HOLD seconds, default 600, and reports memory growth), WARMUP_ROUNDS (rounds run and
# printed before the measured ones, default 6), ROUNDS (measured rounds, default 3),
# CONNECT_BATCHES (the N streams are opened on the fresh server, where memory per stream is
# measured; after the warm-up they are closed and N new users connect, CONNECT_BATCHES - 1 times,
# 200 connects in flight at a time (CONNECT_PACING: "waves", the default, starts 200 and waits for all
# of them; "window" starts the next as soon as one has opened; "alternate" paces the batches by turns,
# to compare the two in one run: BENCHMARKS.md, "Connects paced in waves or in a window"):
# the median of the last five batches' rates is the warm figure, and the last batch's streams take the
# measured rounds, after AGE_SECONDS, default 30, of events at the steady rate that are not measured, so
# that the measured streams' objects have reached the JVM's old generation, as a long-lived stream's
# have; on a JVM the ageing goes on in rounds of 10 s, up to AGE_MAX_SECONDS in all (default six times
# AGE_SECONDS), until the server has collected at least once since the last batch, and that
# collection's pause is reported on its own: BENCHMARKS.md, "Ageing until the server has collected";
# by default as many batches as make 80,000 connects, at least 5, because on one core
# Liberty's connect path is still getting faster after 60,000: BENCHMARKS.md, "Issue 13"), TARGETS
# (default "nchan liberty herald"; "liberty" is bench/reference: a minimal SSE servlet on the same
# Liberty runtime, servlet-6.0 only, no authentication, to show what Herald adds to Liberty; "herald-b"
# is Herald again with HERALD_B_JVM_ARGS added to its JVM options, so that a JVM setting is measured
# against the defaults in the same run: TARGETS="nchan liberty herald herald-b" HERALD_B_JVM_ARGS=...).
# HERALD_JVM_ARGS (default none): options added to target herald's, for what both should have (a GC log).
# PAIR_NCHAN (default 1): during Herald's run, Nchan runs too and takes a batch of N new users just
# before each of Herald's warm batches; the table then also gives Herald's connect rate over Nchan's
# batch by batch (the median of the last five pairs), both taken on the same minutes of the machine.
# Nchan then also holds the last batch's users beside Herald's measured streams, and runs a round of its
# own just before each of Herald's measured rounds: the table gives Herald's CPU per delivery and p99
# over Nchan's from those paired rounds too.
# CLIENT_NODE_ARGS: the load client's Node options (default: 64 MiB semi-spaces, --expose-gc and a fixed heap-growing factor, see below; set it empty
# for Node's defaults, as every run before run DD had).
# Each run starts a fresh server, warms it up (discarded), then measures. Server and client are
# pinned to different cores when there are two. Results: target/bench/results.jsonl and the table.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${*:-2000 10000}
RUNS=${RUNS:-3}
EVENTS=${EVENTS:-20}
USER_EVENTS=${USER_EVENTS:-2000}
MODES=${MODES:-steady all user}
INTERVAL=${INTERVAL:-200}
ROUND_SECONDS=${ROUND_SECONDS:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-6}
AGE_SECONDS=${AGE_SECONDS:-30}
AGE_MAX_SECONDS=${AGE_MAX_SECONDS:-$((AGE_SECONDS * 6))}
ROUNDS=${ROUNDS:-3}
HOLD=${HOLD:-600}
CONNECT_PACING=${CONNECT_PACING:-waves}
PAIR_NCHAN=${PAIR_NCHAN:-1}
TARGETS=${TARGETS:-nchan liberty herald}
# The load client's young generation: 64 MiB semi-spaces instead of Node 20's default (at most 16 MiB).
# With the default, the client scavenged about six times a second at 2,000 deliveries per 200 ms,
# 10-24 ms each, and promoted enough to need a major collection every 20-25 s: its own pauses were
# most of both servers' steady p99 (BENCHMARKS.md, "The client's young generation").
# --expose-gc: the client collects its own heap fully before every round, while nothing is measured, so
# that its major collections (up to 141.5 ms) fall between rounds, not inside them (BENCHMARKS.md, "The
# client's full collection before every round").
# --heap-growing-percent=200: after a full collection V8 sets the old generation's limit to its live
# size times a factor of its own choosing, and starts incremental marking as soon as less than the new
# space's capacity (64 MiB here) is left below that limit. With the factor it chose, that was at once:
# a marking cycle ran inside every round, its concurrent marker on the client's one core, and the
# round's p99 rose to 160-190 ms. With the limit at three times the live size (about 190 MiB for 63),
# no marking starts within a round (BENCHMARKS.md, "The client's old generation").
CLIENT_NODE_ARGS=${CLIENT_NODE_ARGS---min-semi-space-size=64 --max-semi-space-size=64 --expose-gc --heap-growing-percent=200}
OUT=target/bench
mkdir -p "$OUT/nchan/logs" "$OUT/nchan/tmp"
: > "$OUT/results.jsonl"

if [ "$(nproc)" -ge 2 ]; then SERVER_CPU="taskset -c 0"; CLIENT_CPU="taskset -c 1"; else SERVER_CPU=""; CLIENT_CPU=""; fi
if ! [ -f /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
    echo "Installing nginx and Nchan from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-nchan >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan >/dev/null; }
fi
ulimit -n "$(ulimit -Hn)"

mvn -q -DskipTests package liberty:create liberty:deploy
# liberty:deploy leaves the app in defaultServer, where it would run beside the next mvn verify's test apps.
trap 'rm -f target/liberty/wlp/usr/servers/defaultServer/dropins/herald.war.xml' EXIT
(cd bench/client && npm ci --no-audit --no-fund --silent)
WLP=target/liberty/wlp
REF=$WLP/usr/servers/benchRef
bench/reference/build.sh
ADMIN=$(java -cp target/classes src/build/MintToken.java bench-admin admin 7200)

mode_args() {
    if [ "$1" = hold ]; then echo "--hold $HOLD"; fi
    echo "--interval $INTERVAL --round-seconds $ROUND_SECONDS --warmup-rounds $WARMUP_ROUNDS --rounds $ROUNDS"
    echo "--connect-pacing $CONNECT_PACING"
    if [ "$1" != hold ]; then echo "--connect-batches $(connect_batches "$2") --age-seconds $AGE_SECONDS --age-max-seconds $AGE_MAX_SECONDS"; fi
}
connect_batches() {
    local batches=$(( (80000 + $1 - 1) / $1 ))
    echo "${CONNECT_BATCHES:-$(( batches > 5 ? batches : 5 ))}"
}

# Starts Nchan on the server's core and sets NCHAN_WORKER to its worker's pid.
start_nchan() {
    $SERVER_CPU nginx -p "$PWD/$OUT/nchan" -c "$PWD/bench/nchan.conf" 2>/dev/null
    sleep 0.5
    NCHAN_WORKER=$(pgrep -P "$(cat "$OUT/nchan/logs/nginx.pid")" | head -1)
}
stop_nchan() {
    nginx -p "$PWD/$OUT/nchan" -c "$PWD/bench/nchan.conf" -s stop
    sleep 0.5
}

run_nchan() {
    local n=$1 mode=$2 events=$3
    start_nchan
    $CLIENT_CPU node $CLIENT_NODE_ARGS bench/client/load.mjs --target nchan --base http://127.0.0.1:9380 --n "$n" \
        --events "$events" --mode "$mode" --pid "$NCHAN_WORKER" $(mode_args "$mode" "$n") >> "$OUT/results.jsonl"
    stop_nchan
}

# PAIR_NCHAN=1: Nchan runs beside Herald, idle but for its own connect batch just before each of
# Herald's warm batches and its own round just before each of Herald's measured rounds, so that the
# connect, CPU and p99 ratios are also taken on the same minutes.
pairing() { [ "$PAIR_NCHAN" = 1 ] && [ "$1" != hold ]; }
pair_args() {
    if pairing "$1"; then echo "--pair-base http://127.0.0.1:9380 --pair-pid $NCHAN_WORKER"; fi
}

run_liberty() {
    local n=$1 mode=$2 events=$3
    rm -rf "$REF/logs"
    JVM_ARGS=-Xmx2g $SERVER_CPU "$WLP/bin/server" start benchRef >/dev/null
    for _ in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:9480/ && break; sleep 0.5; done
    local pid
    pid=$(cat "$WLP/usr/servers/.pid/benchRef.pid")
    $CLIENT_CPU node $CLIENT_NODE_ARGS bench/client/load.mjs --target liberty --base http://127.0.0.1:9480 --n "$n" \
        --events "$events" --mode "$mode" --pid "$pid" $(mode_args "$mode" "$n") >> "$OUT/results.jsonl"
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

# The connection limit Herald computes with the heap options of liberty-config/jvm.options and this
# shell's open-files limit: Herald's own rule (SseConfig.maxConnections), asked through bench/HeapLimit.java.
heap_connection_limit() {
    java $(grep -E '^-Xm[sx][0-9]+[kKmMgG]?$|^-XX:\+Use[A-Za-z0-9]+GC$' liberty-config/jvm.options) \
        -cp target/classes bench/HeapLimit.java
}

run_herald() {
    local n=$1 mode=$2 events=$3 label=${4:-herald} extra_jvm=${5:-${HERALD_JVM_ARGS:-}}
    local batches
    batches=$(connect_batches "$n")
    [ "$mode" = hold ] && batches=1
    java -cp target/classes bench/Tokens.java $((n * batches)) > "$OUT/tokens.txt"
    rm -rf "$WLP/usr/servers/defaultServer/logs"
    # Herald's own heap (liberty-config/jvm.options, -Xmx1g) while N + 100 streams fit the connection
    # limit it computes for that heap (11,264 for 1 GiB; README, "Sizing a server"). Above that, -Xmx2g, as the
    # README tells an operator to raise -Xmx: 19,000 connections take about 0.75 GiB. Until run YY every N ran
    # at -Xmx2g, which at N = 2,000 brought on the fresh servers' RSS jumps (BENCHMARKS.md, "The benchmark's
    # -Xmx2g against Herald's own -Xmx1g").
    local heap=""
    [ $((n + 100)) -gt "$(heap_connection_limit)" ] && heap=-Xmx2g
    JVM_ARGS="$heap $extra_jvm" HERALD_SSE_MAX_CONNECTIONS=$((n + 100)) HERALD_SSE_HISTORY_MAX_EVENTS=100 \
        $SERVER_CPU "$WLP/bin/server" start defaultServer >/dev/null
    for _ in $(seq 1 120); do curl -sf http://127.0.0.1:9080/health/ready >/dev/null && break; sleep 0.5; done
    local pid
    pid=$(cat "$WLP/usr/servers/.pid/defaultServer.pid")
    if pairing "$mode"; then start_nchan; fi
    $CLIENT_CPU node $CLIENT_NODE_ARGS bench/client/load.mjs --target herald --base http://127.0.0.1:9080 --n "$n" \
        --events "$events" --mode "$mode" --pid "$pid" --tokens "$OUT/tokens.txt" --admin "$ADMIN" \
        --label "$label" $(mode_args "$mode" "$n") $(pair_args "$mode") >> "$OUT/results.jsonl"
    if pairing "$mode"; then stop_nchan; fi
    # The writer pool at the end: its threads, and how many its watcher added because all were blocked.
    echo "$label $mode N=$n writer pool at the end: $(curl -s -H "Authorization: Bearer $ADMIN" \
        http://127.0.0.1:9080/api/sse/stats | grep -o '"writerThreads[A-Za-z]*":[0-9]*' | tr '\n' ' ')" >&2
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

run_herald-b() {
    run_herald "$1" "$2" "$3" herald-b "${HERALD_B_JVM_ARGS:?herald-b needs HERALD_B_JVM_ARGS}"
}

for n in $NS; do
    for mode in $MODES; do
        events=$EVENTS
        [ "$mode" = user ] && events=$USER_EVENTS
        for run in $(seq 1 "$RUNS"); do
            echo "N=$n mode=$mode run $run/$RUNS" >&2
            for target in $TARGETS; do
                # The reference has one channel, everyone's: no per-user events.
                if [ "$target" = liberty ] && [ "$mode" = user ]; then continue; fi
                "run_$target" "$n" "$mode" "$events"
            done
        done
    done
done
node bench/client/report.mjs "$OUT/results.jsonl" | tee "$OUT/table.md"
