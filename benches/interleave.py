#!/usr/bin/env python3
"""Whole-process medians of two orglint binaries, runs interleaved (A B, B A, ...) so
that the VM's drift hits both alike.

    python3 benches/interleave.py BEFORE AFTER "check --no-config -q ORG.toml" RUNS
"""
import subprocess, time, sys, statistics, os
a, b, args, n = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4])
ta, tb = [], []
devnull = open(os.devnull, 'w')
for i in range(n):
    for exe, acc in ((a, ta), (b, tb)) if i % 2 == 0 else ((b, tb), (a, ta)):
        t = time.perf_counter(); subprocess.run([exe] + args, stdout=devnull, stderr=devnull); acc.append(time.perf_counter() - t)
ma, mb = statistics.median(ta), statistics.median(tb)
print(f"{a}: median {ma*1000:.2f} ms; {b}: median {mb*1000:.2f} ms; ratio after/before {mb/ma:.3f}")
