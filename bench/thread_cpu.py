#!/usr/bin/env python3
"""Where a JVM's CPU goes, by thread: utime+stime of each thread in /proc, grouped by thread name with
the digits taken out (GC Thread#0 and #1 are one group).

    python3 bench/thread_cpu.py PID > a.json      # a snapshot
    python3 bench/thread_cpu.py PID > b.json      # later
    python3 bench/thread_cpu.py diff a.json b.json

Liberty's request threads come and go with its pool, and a thread that ended takes its ticks with it,
so they are reported as the process's ticks less those of every other group. /proc keeps 15
characters of a thread's name: they are "Default Executo" there."""
import collections, json, os, re, sys

PROCESS = '__process__'
REQUEST_THREADS = 'Default Executo'


def ticks(stat_path):
    """utime + stime, in clock ticks, and the name, from a /proc stat file."""
    text = open(stat_path).read()
    fields = text[text.rindex(')') + 2:].split()
    return text[text.index('(') + 1:text.rindex(')')], int(fields[11]) + int(fields[12])


def snapshot(pid):
    groups = collections.Counter()
    groups[PROCESS] = ticks('/proc/%s/stat' % pid)[1]
    for tid in os.listdir('/proc/%s/task' % pid):
        try:
            name, used = ticks('/proc/%s/task/%s/stat' % (pid, tid))
        except OSError:  # the thread ended meanwhile
            continue
        groups[re.sub(r'\d+', '#', name)] += used
    return groups


def diff(before, after):
    total = after[PROCESS] - before[PROCESS]
    groups = collections.Counter({name: used - before.get(name, 0) for name, used in after.items()
                                  if name != PROCESS and not name.startswith(REQUEST_THREADS)
                                  and used > before.get(name, 0)})
    groups['Default Executor (the rest: pooled threads come and go)'] = total - sum(groups.values())
    print('process ticks', total)
    for name, used in groups.most_common(14):
        print('%6.1f%%  %6d  %s' % (100.0 * used / max(total, 1), used, name))


if __name__ == '__main__':
    if sys.argv[1] == 'diff':
        diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])))
    else:
        json.dump(snapshot(sys.argv[1]), sys.stdout)
