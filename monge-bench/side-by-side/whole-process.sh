#!/usr/bin/env bash
# Whole processes side by side, as a user waits for them: `bin/monge assign` against a Python program calling
# SciPy's linear_sum_assignment, `bin/monge sinkhorn --scaling` against POT's sinkhorn2, and `bin/monge sinkhorn`
# (log domain, the default) against POT's sinkhorn2(method='sinkhorn_log'). Each side is timed from its start to
# its exit: the launcher script and JVM or the interpreter and its imports, reading the same .npy files, solving,
# printing. Inputs are written once (NumPy, seed 2026): a 2000 × 2000 matrix of uniform costs; two clouds of 2000
# uniform random 2-D points, scaled so that the largest squared distance is 1, costs |x − y|², uniform weights,
# ε = 0.01. POT stops on its own rule (defaults); the L1 marginal error (rows and columns) its plan then has is
# computed once, untimed, and given to monge as --tol, so both stop at the same accuracy. Rounds interleave the
# commands; medians of the rounds, wall time, with the load average. Values are checked to agree.
# Usage: monge-bench/side-by-side/whole-process.sh [--runs N] [--small]   (--small: n = 300, a smoke run)
set -euo pipefail
SKIP_BENCH_JAR=1 source "$(dirname "$0")/common.sh"
RUNS=3; N=2000
while [ $# -gt 0 ]; do
  case "$1" in --runs) RUNS="$2"; shift;; --small) N=300;; *) echo "unknown option $1" >&2; exit 2;; esac
  shift
done
echo "inputs in $WORK" >&2
exec $PY - "$BENCH_ROOT" "$(cd "$(dirname "$0")" && pwd)/whole_process_ref.py" "$WORK" "$N" "$RUNS" <<'PYEOF'
import json, os, statistics, subprocess, sys, time
import numpy as np

root, ref, work, n, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
monge, py, eps = os.path.join(root, "bin", "monge"), "/usr/bin/python3", "0.01"
rng = np.random.default_rng(2026)
np.save(f"{work}/cost.npy", rng.random((n, n)))
x, y = rng.random((n, 2)), rng.random((n, 2))
s = np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1).max())
np.save(f"{work}/x.npy", x / s)
np.save(f"{work}/y.npy", y / s)


def out(cmd):
    p = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return p.stdout


# the accuracy POT's stopping rule reaches, which monge is then asked for (not timed)
tol = {m: out([py, ref, "l1err", work, eps, m]).strip() for m in ("sinkhorn", "sinkhorn_log")}
sk = [monge, "sinkhorn", "--x", "x.npy", "--y", "y.npy", "--epsilon", eps, "--json"]
cases = [  # name, reference command, monge command, target (monge's time at most this fraction of the reference's)
    (f"assign {n}×{n} uniform costs (SciPy linear_sum_assignment)", [py, ref, "assign", work],
     [monge, "assign", "--cost", "cost.npy", "--json"], 0.7),
    (f"sinkhorn --scaling n = {n}, ε = {eps}, L1 error {float(tol['sinkhorn']):.2g} (POT sinkhorn2)",
     [py, ref, "sinkhorn2", work, eps], sk + ["--scaling", "--tol", tol["sinkhorn"]], 0.6),
    (f"sinkhorn (log domain) n = {n}, ε = {eps}, L1 error {float(tol['sinkhorn_log']):.2g} (POT sinkhorn_log)",
     [py, ref, "sinkhorn_log", work, eps], sk + ["--tol", tol["sinkhorn_log"]], 0.05),
]
for _, r, m, _ in cases:  # first runs: bin/monge may build the jar and its class-data archive; files into the page cache
    out(r), out(m)
times = {(c[0], side): [] for c in cases for side in ("ref", "monge")}
values, loads = {}, []
for _ in range(runs):
    for name, r, m, _ in cases:
        for side, cmd in (("ref", r), ("monge", m)):
            t0 = time.perf_counter()
            text = out(cmd)
            times[(name, side)].append(time.perf_counter() - t0)
            values[(name, side)] = float(text) if side == "ref" else json.loads(text)
        loads.append(os.getloadavg()[0])
print(f"| case | reference | monge | monge / reference | target |")
print("|---|---|---|---|---|")
for name, _, _, target in cases:
    tr, tm = statistics.median(times[(name, "ref")]), statistics.median(times[(name, "monge")])
    print(f"| {name} | {tr:.3f} s | {tm:.3f} s | {tm / tr:.3f} | ≤ {target} ({'met' if tm / tr <= target else 'not met'}) |")
print(f"\nmedians of {runs} rounds; 1-minute load average during the rounds: median {statistics.median(loads):.1f} "
      f"({min(loads):.1f}-{max(loads):.1f}); {os.cpu_count()} cores")
for name, _, _, _ in cases:
    v, j = values[(name, "ref")], values[(name, "monge")]
    rel = abs(j["cost"] - v) / abs(v)
    extra = f", monge's L1 error {j['marginal_error']:.3g} in {j['iterations']} iterations" if "marginal_error" in j else ""
    ok = rel <= (1e-12 if name.startswith("assign") else 1e-6)
    print(f"  {name}: reference {v!r}, monge {j['cost']!r}, relative difference {rel:.2e}{extra}"
          f"{'' if ok else '  <-- DISAGREE'}")
    if not ok:
        sys.exit(1)
PYEOF
