"""Reference side of entropic.sh: POT's Sinkhorn (scaling and log domain) and sliced W.
Usage: entropic_ref.py sinkhorn|sinkhorn_log DIR NAME EPS  -> times POT, prints RESULT and
       "ITER name n" (POT's iteration count) and "L1ERR name e" (the L1 marginal error of POT's
       plan, rows and columns), at which our side then stops
       entropic_ref.py sliced DIR NAME L SEED
POT's stopping rule: every 10 iterations, stop when the L2 norm of the column-marginal violation
is below stopThr (default 1e-9); numItermax 1000."""
import sys
import numpy as np
import ot
from common import median_seconds, report

mode, d, name = sys.argv[1], sys.argv[2], sys.argv[3]
x, y = np.load(f"{d}/x.npy"), np.load(f"{d}/y.npy")
if mode in ("sinkhorn", "sinkhorn_log"):
    eps = float(sys.argv[4])
    M = ot.dist(x, y)
    M /= M.max()
    a = np.full(len(x), 1.0 / len(x)); b = np.full(len(y), 1.0 / len(y))
    if mode == "sinkhorn":
        fn = lambda: ot.sinkhorn(a, b, M, eps, log=True)
        reps = (1, 3)
    else:
        fn = lambda: ot.bregman.sinkhorn_log(a, b, M, eps, log=True)
        reps = (0, 1)  # minutes per run: one timed run
    t, (plan, log) = median_seconds(fn, warmups=reps[0], repeats=reps[1])
    iters = log["niter"] + 1
    print(f"ITER {name} {iters}")
    # the L1 marginal error (rows and columns) of POT's plan: our side stops once it reaches the same
    l1 = float(np.abs(plan.sum(1) - a).sum() + np.abs(plan.sum(0) - b).sum())
    print(f"L1ERR {name} {l1:.6g}")
    print(f"# {name}: POT {iters} iterations, last L2 column error {log['err'][-1]:.3g}", file=sys.stderr)
    report(name, t, float(np.sum(plan * M)))
elif mode == "sliced":
    L, seed = int(sys.argv[4]), int(sys.argv[5])
    t, v = median_seconds(lambda: ot.sliced_wasserstein_distance(x, y, n_projections=L, seed=seed), warmups=2, repeats=5)
    report(name, t, v)
