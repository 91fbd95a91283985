#!/usr/bin/env python3
"""The load client's own major collections inside measured rounds.

    python3 bench/client_gc.py RUN_LOG

RUN_LOG is bench/run.sh's stderr from a run with LATE_MS set, each line prefixed with its wall-clock
time (HH:MM:SS.mmm), as `... 2>&1 | while IFS= read -r l; do echo "$(date -u +%T.%N | cut -c1-12) $l"; done`
writes it. With LATE_MS the client logs every collection of its own of 10 ms or more ("client GC (kind K)
at T: D ms"; V8's kinds: 1 scavenge, 4 mark-compact, 8 incremental marking) and its forced full
collection before every round. This lists the kind 4 and kind 8 collections that fell between a
measured round's forced collection and the end of that round (BENCHMARKS.md, "The client's old
generation").
"""
import re
import sys


def seconds(clock):
    hours, minutes, rest = clock.split(':')
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main(run_log):
    lines = open(run_log).read().splitlines()
    collections = [m.groups() for m in (re.search(r"client GC \(kind ([48])\) at (\S+): ([\d.]+) ms", line) for line in lines) if m]
    start = None
    rounds = 0
    inside = []
    for line in lines:
        forced = re.match(r"(\S+) \S+ client's full collection before a measure round", line)
        if forced:
            start = seconds(forced.group(1))
            continue
        measured = re.match(r"(\S+) (\S+) (steady|all|user) N=\d+ measured round (\d+)/\d+(, paired Nchan just before)?:", line)
        if measured and start is not None:
            # The forced collection is logged when it ends, and the next round's starts as this one is printed.
            end = seconds(measured.group(1)) - 0.1
            rounds += 1
            server = 'paired nchan' if measured.group(5) else measured.group(2)
            for kind, at, ms in collections:
                if start + 0.5 < seconds(at) < end:
                    inside.append(f'{measured.group(3)} round {measured.group(4)} on {server}: kind {kind} at {at}, {ms} ms')
            start = None
    print(f'{rounds} measured rounds; the client\'s kind 4 and kind 8 collections inside them: {len(inside)}')
    for entry in inside:
        print(f'  {entry}')


if __name__ == '__main__':
    main(sys.argv[1])
