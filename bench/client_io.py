#!/usr/bin/env python3
"""Bytes and read calls per delivery of each load client, per measured round.

client_io.py SAMPLES RUN_LOG: SAMPLES from bench/client_io.sh, RUN_LOG the run's output with each line
stamped with its epoch seconds (see client_io.sh). A round's window is the ROUND_SECONDS (10 unless
given as a third argument) before its "measured round" line.
"""
import re
import sys

samples, run_log = sys.argv[1], sys.argv[2]
round_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
rows = []
for line in open(samples):
    fields = line.split()
    if len(fields) >= 5:
        rows.append((float(fields[0]), fields[2], int(fields[3]), int(fields[4])))
pattern = re.compile(r'(\S+) (\w+) (\w+) N=\d+ measured round (\d+)/\d+: .*"delivered":(\d+)')
for line in open(run_log):
    match = pattern.match(line)
    if not match:
        continue
    end, target, mode, number, delivered = float(match[1]), match[2], match[3], match[4], int(match[5])
    window = [r for r in rows if r[1] == target and end - round_seconds <= r[0] <= end]
    if len(window) < 2:
        continue
    first, last = window[0], window[-1]
    # the samples cover a little less than the round: scale the round's deliveries to their span
    share = (last[0] - first[0]) / round_seconds
    print(f"{target} {mode} round {number}: {(last[2] - first[2]) / (delivered * share):.0f} bytes and "
          f"{(last[3] - first[3]) / (delivered * share):.2f} read calls per delivery")
