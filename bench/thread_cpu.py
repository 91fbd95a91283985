#!/usr/bin/env python3
"""Where a JVM's CPU goes, by thread: utime+stime of each thread in /proc, grouped by thread name with
the digits taken out (GC Thread#0 and #1 are one group).

    python3 bench/thread_cpu.py PID > a.json      # a snapshot
    python3 bench/thread_cpu.py PID > b.json      # later
    python3 bench/thread_cpu.py diff a.json b.json

Liberty's request threads ("Default Executo" in /proc, which keeps 15 characters of a name) come and go with its pool, and a thread that ended takes
its ticks with it, so they are reported as the process's ticks less those of every other group."""
import os, sys, json, re, collections
if sys.argv[1] == 'diff':
    a, b = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
    tot = b['__process__'] - a['__process__']
    d = collections.Counter({k: v - a.get(k, 0) for k, v in b.items() if k != '__process__'})
    known = sum(v for k, v in d.items() if v > 0 and not k.startswith('Default Executo'))
    d = collections.Counter({k: v for k, v in d.items() if v > 0 and not k.startswith('Default Executo')})
    d['Default Executor (remainder: pooled threads come and go)'] = tot - known
    print('process ticks', tot)
    for k, v in d.most_common(14):  # /proc cuts thread names to 15 characters
        print('%6.1f%%  %6d  %s' % (100.0 * v / max(tot, 1), v, k))
    sys.exit()
pid = sys.argv[1]; out = collections.Counter()
s = open('/proc/%s/stat' % pid).read(); f = s[s.rindex(')') + 2:].split()
out['__process__'] = int(f[11]) + int(f[12])
for t in os.listdir('/proc/%s/task' % pid):
    try:
        s = open('/proc/%s/task/%s/stat' % (pid, t)).read()
    except OSError:
        continue
    name = s[s.index('(') + 1:s.rindex(')')]
    f = s[s.rindex(')') + 2:].split()
    out[re.sub(r'\d+', '#', name)] += int(f[11]) + int(f[12])
json.dump(out, sys.stdout)
