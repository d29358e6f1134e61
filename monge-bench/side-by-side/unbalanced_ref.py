"""Reference side of unbalanced.sh: POT 0.8.2's unbalanced Sinkhorn (scaling form) and exact partial OT.
Usage: unbalanced_ref.py sinkhorn DIR NAME EPS TAU TOL REPEATS -> POT sinkhorn_unbalanced (stopThr TOL), the median of
                                                       REPEATS runs; RESULT value: the objective
                                                       <P, C> + eps KL(P | a x b) + tau KL(P1 | a) + tau KL(P^T 1 | b)
       unbalanced_ref.py partial DIR NAME MASS       -> POT ot.partial.partial_wasserstein, timed; RESULT value: the cost
Costs: squared distances divided by their maximum (M /= M.max()), uniform weights. POT regularises towards the kernel
e^{-M/reg} (its entropy is sum P log P - P), so it is given M - eps (log a_i + log b_j), which makes its problem ours up
to a constant (see UnbalancedSinkhornTest); the objective is then evaluated here, on M, for POT's plan."""
import sys
import warnings
import numpy as np
import ot
from common import median_seconds, report

mode, d, name = sys.argv[1], sys.argv[2], sys.argv[3]
x, y = np.load(f"{d}/x.npy"), np.load(f"{d}/y.npy")
M = ot.dist(x, y)
M /= M.max()
a = np.full(len(x), 1.0 / len(x)); b = np.full(len(y), 1.0 / len(y))


def kl(p, q):
    p = np.asarray(p); q = np.asarray(q)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(p > 0, p * np.log(p / q), 0.0)
    return float(np.sum(t - p + q))


if mode == "sinkhorn":
    eps, tau, tol, repeats = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
    Mp = M - eps * (np.log(a)[:, None] + np.log(b)[None, :])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t, (P, log) = median_seconds(lambda: ot.unbalanced.sinkhorn_unbalanced(a, b, Mp, eps, tau, method="sinkhorn",
                                                                              numItermax=1000000, stopThr=tol, log=True),
                                     warmups=0, repeats=repeats)
    msgs = sorted({str(w.message)[:70] for w in caught})
    if np.all(np.isfinite(P)) and np.sum(P) > 0:
        obj = float(np.sum(P * M)) + eps * kl(P.ravel(), np.outer(a, b).ravel()) + tau * kl(P.sum(1), a) + tau * kl(P.sum(0), b)
    else:
        obj = float("nan")
    print(f"# {name}: POT {len(log['err'])} error checks, mass {np.sum(P):.12g}, warnings {msgs}", file=sys.stderr)
    report(name, t, obj)
elif mode == "partial":
    m = float(sys.argv[4])
    t, P = median_seconds(lambda: ot.partial.partial_wasserstein(a, b, M, m=m), warmups=1, repeats=3)
    report(name, t, float(np.sum(P * M)))
