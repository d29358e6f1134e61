"""Reference side of side-by-side/discrete.sh: POT and SciPy on the same files."""
import os
import sys
import numpy as np
import ot
from scipy.optimize import linear_sum_assignment
from common import median_seconds, report


def main():
    what, folder, name = sys.argv[1], sys.argv[2], sys.argv[3]
    if what == "emd":
        x, y = np.load(f"{folder}/x.npy"), np.load(f"{folder}/y.npy")
        m = ot.dist(x, y)  # squared Euclidean, outside the timing (as on the Java side)
        a, b = np.full(len(x), 1 / len(x)), np.full(len(y), 1 / len(y))
        # numItermax raised so that POT solves to optimality (its default 100000 can stop early)
        secs, val = median_seconds(lambda: ot.emd2(a, b, m, numItermax=10**8), 1, 3)
        report(name, secs, val)
    elif what == "assign":
        c = np.load(f"{folder}/cost.npy")

        def run():
            r, k = linear_sum_assignment(c)
            return c[r, k].sum()
        secs, val = median_seconds(run, 1, 3)
        report(name, secs, val)
    elif what == "w1d":
        p = float(sys.argv[4])
        u, v = np.load(f"{folder}/u.npy"), np.load(f"{folder}/v.npy")
        uw = np.load(f"{folder}/uw.npy") if os.path.exists(f"{folder}/uw.npy") else None
        vw = np.load(f"{folder}/vw.npy") if os.path.exists(f"{folder}/vw.npy") else None
        secs, val = median_seconds(lambda: ot.wasserstein_1d(u, v, uw, vw, p=p), 1, 5)
        report(name, secs, val)


if __name__ == "__main__":
    main()
