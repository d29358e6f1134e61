"""Reference side of whole-process.sh: the Python program a user would run, timed as a whole process
(interpreter start, imports, reading the .npy files, solving, printing one value).
Usage: whole_process_ref.py assign DIR             SciPy linear_sum_assignment on DIR/cost.npy: the cost
       whole_process_ref.py sinkhorn2 DIR EPS      POT sinkhorn2 (scaling form) on DIR/x.npy, DIR/y.npy: the loss
       whole_process_ref.py sinkhorn_log DIR EPS   POT sinkhorn2(method='sinkhorn_log'): the loss
       whole_process_ref.py l1err DIR EPS METHOD   (not timed) the L1 marginal error, rows and columns, of the plan
                                                   POT's own stopping rule leaves (METHOD sinkhorn or sinkhorn_log)
Costs |x - y|^2 (ot.dist), uniform weights, POT's defaults otherwise (stopThr 1e-9, numItermax 1000)."""
import sys
import numpy as np


def points(d):
    import ot
    x, y = np.load(f"{d}/x.npy"), np.load(f"{d}/y.npy")
    return ot, np.full(len(x), 1.0 / len(x)), np.full(len(y), 1.0 / len(y)), ot.dist(x, y)


def main():
    what, d = sys.argv[1], sys.argv[2]
    if what == "assign":
        from scipy.optimize import linear_sum_assignment
        c = np.load(f"{d}/cost.npy")
        r, k = linear_sum_assignment(c)
        print(repr(float(c[r, k].sum())))
    elif what in ("sinkhorn2", "sinkhorn_log"):
        ot, a, b, m = points(d)
        method = "sinkhorn" if what == "sinkhorn2" else "sinkhorn_log"
        print(repr(float(ot.sinkhorn2(a, b, m, float(sys.argv[3]), method=method))))
    elif what == "l1err":
        ot, a, b, m = points(d)
        plan = ot.sinkhorn(a, b, m, float(sys.argv[3]), method=sys.argv[4])
        print(repr(float(np.abs(plan.sum(1) - a).sum() + np.abs(plan.sum(0) - b).sum())))
    else:
        raise SystemExit(f"unknown mode {what}")


if __name__ == "__main__":
    main()
