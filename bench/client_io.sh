#!/usr/bin/env bash
# Samples what each load client reads, every 0.5 s, until killed: epoch seconds, pid, target, then
# rchar and syscr from /proc/<pid>/io (bytes and read calls). With a run's log stamped line by line,
# bench/client_io.py turns it into bytes and read calls per delivery, per measured round:
#   bench/client_io.sh > /tmp/io.txt & sampler=$!
#   TARGETS="nchan herald" MODES=steady RUNS=1 WARMUP_ROUNDS=2 CONNECT_BATCHES=2 ROUNDS=2 AGE_SECONDS=1 \
#     PAIR_NCHAN=0 bench/run.sh 500 2>&1 | while IFS= read -r l; do echo "$(date +%s.%N) $l"; done > /tmp/run.log
#   kill $sampler; python3 bench/client_io.py /tmp/io.txt /tmp/run.log
while true; do
    for p in $(pgrep -f "bench/client/load.mjs"); do
        target=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -o -- "--target [a-z]*" | cut -d' ' -f2)
        io=$(awk '/^rchar|^syscr/ { printf "%s ", $2 }' "/proc/$p/io" 2>/dev/null)
        echo "$(date +%s.%N) $p $target $io"
    done
    sleep 0.5
done
