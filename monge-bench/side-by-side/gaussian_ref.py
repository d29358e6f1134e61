"""Reference side of side-by-side/gaussian.sh: SciPy/NumPy on the same files."""
import sys
import numpy as np
import scipy.linalg as sl
from common import median_seconds, report


def w2_scipy(m0, s0, m1, s1):
    """The textbook SciPy formula with scipy.linalg.sqrtm."""
    r = sl.sqrtm(s0)
    cross = sl.sqrtm(r @ s1 @ r)
    return float(((m0 - m1) ** 2).sum() + np.trace(s0) + np.trace(s1) - 2 * np.trace(cross).real)


def main():
    what = sys.argv[1]
    if what == "w2":
        for d in sys.argv[3:]:
            z = np.load(f"{sys.argv[2]}/w2_{d}.npz")
            m0, s0, m1, s1 = z["m0"], z["s0"], z["m1"], z["s1"]
            p = m0.shape[0]
            secs, total = median_seconds(lambda: sum(w2_scipy(m0[i], s0[i], m1[i], s1[i]) for i in range(p)), 1, 3)
            report(f"w2_d{d}", secs / p, total)
    elif what == "fid":
        a, b = np.load(sys.argv[2]), np.load(sys.argv[3])
        mu0, s0, mu1, s1 = a["mu"], a["sigma"], b["mu"], b["sigma"]

        def chol_route():
            l = np.linalg.cholesky(s0)
            lam = np.linalg.eigvalsh(l.T @ s1 @ l)
            return ((mu0 - mu1) ** 2).sum() + np.trace(s0) + np.trace(s1) - 2 * np.sqrt(np.clip(lam, 0, None)).sum()

        def pytorch_fid_route():
            covmean, _ = sl.sqrtm(s0.dot(s1), disp=False)
            return ((mu0 - mu1) ** 2).sum() + np.trace(s0) + np.trace(s1) - 2 * np.trace(covmean.real)

        secs, v = median_seconds(chol_route, 1, 5)
        report("fid_numpy_cholesky_eigvalsh", secs, v)
        secs, v = median_seconds(pytorch_fid_route, 0, 3)
        report("fid_pytorch_fid_sqrtm", secs, v)
    elif what == "stats":
        def cov():
            x = np.load(sys.argv[2])
            c = np.cov(x, rowvar=False)
            x.mean(axis=0)
            return np.trace(c)
        secs, v = median_seconds(cov, 1, 3)
        report("stats", secs, v)


if __name__ == "__main__":
    main()
