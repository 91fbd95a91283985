#!/usr/bin/env python3
"""Which of a JVM's threads used CPU, moment by moment: every 50 ms (more when /proc is slow to read),
the UTC time and each thread group's CPU ticks (10 ms) in that window, for the groups that used any.
Digits in thread names are replaced by '#', so the writers are one group.

    python3 bench/thread_sample.py SERVER_PID > /tmp/threads.txt   # until the server exits

Set beside the late broadcasts that load.mjs prints with LATE_MS (BENCHMARKS.md, "Herald's slow
steady rounds"), it shows whether the server was busy when a broadcast came late."""
import datetime
import os
import re
import sys
import time

from thread_cpu import ticks

pid = sys.argv[1]


def snapshot():
    threads = {}
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            name, used = ticks(f'/proc/{pid}/task/{tid}/stat')
        except OSError:
            continue  # the thread ended meanwhile
        threads[tid] = (re.sub(r'\d+', '#', name), used)
    return threads


previous = snapshot()
while os.path.exists(f'/proc/{pid}'):
    time.sleep(0.05)
    current = snapshot()
    groups = {}
    for tid, (name, total) in current.items():
        used = total - previous[tid][1] if tid in previous else 0
        if used:
            groups[name] = groups.get(name, 0) + used
    previous = current
    if groups:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%H:%M:%S.%f')[:-3]
        print(stamp, ' '.join(f'{name}={used}' for name, used in sorted(groups.items(), key=lambda g: -g[1])),
              flush=True)
