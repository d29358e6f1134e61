"""Whole processes of several commands (e.g. two builds of bin/monge) timed in interleaved rounds, so that the load of a
shared machine falls on all of them alike: median and least wall time and CPU time (user + system of the process and
its children) per command, the load average after each round, and each command's first 90 characters of output.
Usage: interleave.py ROUNDS 'LABEL::ENV::COMMAND' ...   (ENV: NAME=VALUE;NAME=VALUE or empty; run in the current
directory; one untimed round first: builds, class-data archives, page cache)
Example: interleave.py 5 "old::::BEFORE/bin/monge --version" "new::MONGE_JAVA_OPTS=-Xms1g::bin/monge --version"."""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    rounds, specs = int(sys.argv[1]), []
    for arg in sys.argv[2:]:
        label, env, cmd = arg.split("::", 2)
        e = dict(os.environ)
        for kv in filter(None, env.split(";")):
            k, v = kv.split("=", 1)
            e[k] = v
        specs.append((label, e, cmd))
    wall = {s[0]: [] for s in specs}
    cpu = {s[0]: [] for s in specs}
    first, loads = {}, []
    with tempfile.TemporaryFile("w+") as out:
        for r in range(rounds + 1):
            for label, env, cmd in specs:
                out.seek(0)
                out.truncate()
                t0 = time.perf_counter()
                p = subprocess.Popen(["/bin/sh", "-c", "exec " + cmd], env=env, stdout=out, stderr=subprocess.PIPE)
                err = p.stderr.read()
                _, status, usage = os.wait4(p.pid, 0)
                elapsed = time.perf_counter() - t0
                if status:
                    sys.exit(f"{label} failed: {err.decode()[-500:]}")
                if r > 0:
                    wall[label].append(elapsed)
                    cpu[label].append(usage.ru_utime + usage.ru_stime)
                out.seek(0)
                first[label] = out.read().strip()[:90]
            if r > 0:
                loads.append(os.getloadavg()[0])
    for label, _, _ in specs:
        print(f"{label:16s} wall median {statistics.median(wall[label]):.3f} s (least {min(wall[label]):.3f}) | "
              f"CPU median {statistics.median(cpu[label]):.3f} s (least {min(cpu[label]):.3f}) | {first[label]}")
    print(f"{rounds} rounds; 1-minute load average after each: {' '.join(f'{x:.1f}' for x in loads)}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
