#!/usr/bin/env python3
"""Herald's collections during its last five warm connect batches, beside its connect figures.

    python3 bench/connect_gc.py [--target herald-b] RUN_LOG RESULTS_JSONL GC_LOG...

RUN_LOG is bench/run.sh's stderr with each line prefixed by its wall-clock time (HH:MM:SS.mmm), as
bench/client_gc.py describes; RESULTS_JSONL is the run's target/bench/results.jsonl; the GC logs are
Herald's, written with HERALD_JVM_ARGS="-Xlog:gc*=info:file=/tmp/NAME-gc-%p.log:utctime,uptime"
(the launcher's own empty logs may be passed too). The warm connect rate in the table is the median
of the last five batches; for each Herald half this sums the young pauses that fell inside those five
batches (from the start of the Nchan batch paired just before each to the end of Herald's), and gives
the committed heap at the end of them (BENCHMARKS.md, "Young pauses in the connect batches under 1 GB").
--target herald-b reads the halves of the A/B target instead (its GC logs from HERALD_B_JVM_ARGS).
"""
import json
import re
import sys

from client_gc import seconds

PAUSE = re.compile(r"\[\d{4}-\d\d-\d\dT(\S+?)\+0000\]\[[\d.]+s\] GC\(\d+\) Pause Young.*? "
                   r"\d+M->\d+M\((\d+)M\) ([\d.]+)ms$")


args = sys.argv[1:]
target = 'herald'
if args[:1] == ['--target']:
    target, args = args[1], args[2:]
run_log, results, gc_logs = args[0], args[1], args[2:]
pauses = sorted((seconds(m.group(1)), int(m.group(2)), float(m.group(3)))
                for path in gc_logs for line in open(path) for m in [PAUSE.search(line.strip())] if m)
herald = {}
for line in open(results):
    record = json.loads(line)
    if record['target'] == target:
        herald[record['mode']] = record
lines = open(run_log).read().splitlines()
print('| half | heap committed | young pauses | their total | per connect | server CPU per warm connect '
      '| warm connects/s | paired ratio |')
print('|---|---|---|---|---|---|---|---|')
for mode, record in herald.items():
    batch_start = {}
    windows = []
    for line in lines:
        paired = re.match(rf"(\S+) {target} {mode} N=(\d+) connect batch (\d+)/(\d+), paired Nchan", line)
        if paired:
            batch_start[int(paired.group(3))] = seconds(paired.group(1))
        own = re.match(rf"\S+ {target} {mode} N=(\d+) connect batch (\d+)/(\d+) \(new users.*ended (\S+)", line)
        if own:
            batch, batches, end = int(own.group(2)), int(own.group(3)), seconds(own.group(4))
            # Without PAIR_NCHAN a batch starts where Herald's batch before it ended.
            batch_start.setdefault(batch + 1, end)
            if batch > batches - 5 and batch in batch_start:
                windows.append((batch_start[batch], end, int(own.group(1))))
    if not windows:
        continue
    inside = [p for p in pauses if any(start <= p[0] <= end for start, end, _ in windows)]
    around = [p for p in pauses if windows[0][0] <= p[0] <= windows[-1][1]]
    connects = sum(n for _, _, n in windows)
    total_ms = sum(p[2] for p in inside)
    committed = max((p[1] for p in around), default=0)
    paired_ratio = record.get('pairedConnectRatio')
    paired = f"{paired_ratio:.2f}" if paired_ratio else "-"
    print(f"| {'steady' if mode == 'steady' else 'burst'} | {committed} MB | {len(inside)} | {total_ms:,.0f} ms "
          f"| {total_ms * 1000 / connects:.0f} µs | {record['serverCpuMsPerConnect']:.2f} ms "
          f"| {record['connectPerSecond']:,.0f} | {paired} |")
