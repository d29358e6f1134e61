#!/usr/bin/env python3
"""Start-up of the monge command: wall and CPU time of whole processes, runs interleaved.

Times `bin/monge --version`, `bin/monge gaussian w2` on two 2x2 covariances (--json) and, for comparison,
`python3 -c "import numpy, scipy, ot"`; with --before ROOT also the same two commands of another checkout
(e.g. an older commit unpacked with `git archive`, its jar built). Prints medians and the load average.
Usage: monge-bench/side-by-side/startup.py [--runs N] [--before ROOT]
"""
import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, '..', '..'))
ap = argparse.ArgumentParser()
ap.add_argument('--runs', type=int, default=10)
ap.add_argument('--before')
opts = ap.parse_args()
work = tempfile.mkdtemp(prefix='monge-startup-')
with open(os.path.join(work, 'a.csv'), 'w') as f:
    f.write('1,0.2\n0.2,1\n')
with open(os.path.join(work, 'b.csv'), 'w') as f:
    f.write('2,0.1\n0.1,0.5\n')
w2 = ['gaussian', 'w2', '--cov0', 'a.csv', '--cov1', 'b.csv', '--json']
cmds = {}
for name, tree in ([('before', opts.before)] if opts.before else []) + [('now', root)]:
    cmds[name + ' --version'] = [os.path.join(tree, 'bin', 'monge'), '--version']
    cmds[name + ' gaussian w2'] = [os.path.join(tree, 'bin', 'monge')] + w2
cmds['python3 import numpy, scipy, ot'] = ['/usr/bin/python3', '-c', 'import numpy, scipy, ot']
for c in cmds.values():  # first runs build the jar / the class-data archive: not timed
    subprocess.run(c, cwd=work, capture_output=True, check=True)
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
loads = []
for i in range(opts.runs):
    for k, c in cmds.items():
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(c, cwd=work, capture_output=True, check=True)
        t1 = time.perf_counter()
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall[k].append(t1 - t0)
        cpu[k].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    loads.append(os.getloadavg()[0])
for k in cmds:
    print(f"{k:32s} wall median {statistics.median(wall[k]):.3f} s (min {min(wall[k]):.3f} s), "
          f"CPU median {statistics.median(cpu[k]):.3f} s")
print(f"1-minute load average during the runs: median {statistics.median(loads):.1f} "
      f"({min(loads):.1f}-{max(loads):.1f}); {os.cpu_count()} cores")
