#!/usr/bin/env python3
"""Each warm connect batch of a run beside the collector's pauses inside it.

Usage: python3 bench/gc_batches.py RUN_LOG GC_LOG

RUN_LOG is bench/run.sh's output (load.mjs prints each connect batch with the wall-clock time it ended);
GC_LOG is the server's -Xlog:gc* file, written with the `utctime` decoration (load.mjs prints UTC), for example
  TARGETS=herald-b HERALD_B_JVM_ARGS="-Xlog:gc*=info,gc+phases=debug:file=/tmp/gc-%p.log:utctime,uptime" ...
A batch's window runs from its end back by its length (its N connects at its rate). For each batch it
prints the server CPU per connect that load.mjs measured, the pauses that fell in the window, the CPU
the log gives for them (User + Sys, 10 ms resolution) per connect, and what is left: the connect's
cost without the pauses. Concurrent work of the collector (marking) is not a pause and stays in that rest.
Times of day only: a run across midnight is not handled.
"""
import datetime as dt
import re
import sys

BATCH = re.compile(r'N=(\d+) connect batch (\d+)/\d+ .*?: (\d+)/s, ([\d.]+) ms of server CPU each.*?ended (\d\d:\d\d:\d\d\.\d+)')
GC_LINE = re.compile(r'\[\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d\.\d+)[^\]]*\](?:\[[^\]]*\])* GC\((\d+)\) (.*)')
PAUSE = re.compile(r'Pause (\w+)(?: \(([^)]*)\))?.* ([\d.]+)ms$')
CPU = re.compile(r'User=([\d.]+)s Sys=([\d.]+)s')


def clock(text):
    return dt.datetime.strptime(text, '%H:%M:%S.%f')


def main(run_log, gc_log):
    # [time, kind, pause ms, CPU s]. A concurrent cycle's Remark and Cleanup share one GC id, and each
    # pause's User/Sys line follows its own end line, so the CPU goes to the pause just ended.
    pauses = []
    for line in open(gc_log, errors='replace'):
        m = GC_LINE.match(line)
        if not m:
            continue
        at, rest = clock(m.group(1)), m.group(3)
        if p := PAUSE.match(rest):
            pauses.append([at, p.group(1) + (f' ({p.group(2)})' if p.group(2) else ''), float(p.group(3)), 0.0])
        elif (c := CPU.match(rest)) and pauses:
            pauses[-1][3] = float(c.group(1)) + float(c.group(2))
    print('batch  rate/s  ms/connect | pauses  pause ms  pause CPU ms/connect | without the pauses | kinds')
    for line in open(run_log, errors='replace'):
        m = BATCH.search(line)
        if not m:
            continue
        connects, batch, rate, ms = int(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4))
        end = clock(m.group(5))
        start = end - dt.timedelta(seconds=connects / rate)
        inside = [p for p in pauses if start <= p[0] <= end]
        pause_cpu = sum(p[3] for p in inside) * 1000 / connects
        kinds = ', '.join(sorted({p[1] for p in inside}))
        print(f'{batch:5d} {rate:7d} {ms:11.2f} | {len(inside):6d} {sum(p[2] for p in inside):9.1f} {pause_cpu:21.3f} | '
              f'{ms - pause_cpu:18.3f} | {kinds}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
