"""Reference side of side-by-side/gromov.sh: POT's GW solvers on the same files, and the whole-process timer.

  gromov_ref.py gw|egw|fgw FOLDER     one POT solve, printing {"cost": ...} (run as a whole process by `time`)
  gromov_ref.py time NAME REPS CMD... the median wall-clock seconds of REPS runs of CMD as a whole process, and the
                                      "cost" its last stdout line reports, as a RESULT line (common.report)
"""
import json
import statistics
import subprocess
import sys
import time

from common import report


def solve(what, folder):
    import numpy as np
    import ot
    x, y = np.load(f"{folder}/x.npy"), np.load(f"{folder}/y.npy")
    c1, c2 = ot.dist(x, x), ot.dist(y, y)  # squared Euclidean, as monge gromov --x/--y
    p, q = ot.unif(len(x)), ot.unif(len(y))
    if what == "gw":
        cost = ot.gromov.gromov_wasserstein2(c1, c2, p, q, "square_loss")
    elif what == "egw":
        eps = float(open(f"{folder}/epsilon.txt").read())
        cost = ot.gromov.entropic_gromov_wasserstein2(c1, c2, p, q, "square_loss", eps)
    elif what == "fgw":
        m = np.load(f"{folder}/m.npy")
        alpha = float(open(f"{folder}/alpha.txt").read())
        cost = ot.gromov.fused_gromov_wasserstein2(m, c1, c2, p, q, "square_loss", alpha=alpha)
    print(json.dumps({"cost": float(cost)}))


def whole(name, reps, cmd):
    times, cost = [], None
    for _ in range(reps):
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
        cost = json.loads(out.strip().splitlines()[-1])["cost"]
    report(name, statistics.median(times), cost)


if __name__ == "__main__":
    if sys.argv[1] == "time":
        whole(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        solve(sys.argv[1], sys.argv[2])
