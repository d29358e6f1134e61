"""Reference side of entropic_gaussian.sh: the closed-form entropic Gaussian OT of docs/mathematics.md §2 in NumPy
(LAPACK eigh/inv), for the product reference and an arbitrary reference covariance K. No library
implements the general-reference formula, so this is the same mathematics written with NumPy: the
comparison is of speed and of agreement between two independent implementations."""
import sys
import time
import statistics
import numpy as np
from common import report


def solve(a, b, eps, k=None):
    d = a.shape[0]
    wa, ua = np.linalg.eigh(a)
    wb, ub = np.linalg.eigh(b)
    if k is None:
        p11, p12, p22 = (ua / wa) @ ua.T, np.zeros((d, d)), (ub / wb) @ ub.T
        logdet_k = np.log(wa).sum() + np.log(wb).sum()
    else:
        p = np.linalg.inv(k)
        p11, p12, p22 = p[:d, :d], p[:d, d:], p[d:, d:]
        logdet_k = np.linalg.slogdet(k)[1]
    g = np.eye(d) - eps * p12
    bh = (ub * np.sqrt(wb)) @ ub.T
    gbh = g @ bh
    w, u = np.linalg.eigh(gbh.T @ a @ gbh)
    mid = 2 / (eps + np.sqrt(eps * eps + 4 * np.maximum(w, 0)))
    v = bh @ u
    y = (v * mid) @ v.T
    c = a @ g @ y
    logdet_sigma = np.log(wa).sum() + np.log(wb).sum() + d * np.log(eps) + np.log(mid).sum()
    cost = np.trace(a) + np.trace(b) - 2 * np.trace(c) + eps * (
        np.sum(p11 * a) + np.sum(p22 * b) + 2 * np.sum(p12 * c) - 2 * d + logdet_k - logdet_sigma)
    # dual potentials, as the Java side computes them
    yinv = ((ub / np.sqrt(wb)) @ ub.T @ u / mid) @ ((ub / np.sqrt(wb)) @ ub.T @ u).T
    f = np.eye(d) - eps * ((ua / wa) @ ua.T) - g @ y @ g.T + eps * p11
    h = np.eye(d) - yinv + eps * p22
    # optimality check from C itself, as the Java side does: max |G − ε A^−1 C S^−1|, S = B − Cᵀ A^−1 C
    aic = (ua / wa) @ ua.T @ c
    ws, us = np.linalg.eigh(b - c.T @ aic)
    residual = np.abs(g - eps * aic @ ((us / ws) @ us.T)).max()
    return cost, f, h, residual


def per_call(fn, warm_seconds=0.3):
    """{wall, process CPU} seconds per call: median of 7 batches of about 0.2 s after warm-up (as EntropicGaussianTiming)."""
    start, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - start < warm_seconds:
        value = fn()
        calls += 1
    batch = max(1, int(0.2 / ((time.perf_counter() - start) / calls)))
    wall, cpu = [], []
    for _ in range(7):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(batch):
            value = fn()
        wall.append((time.perf_counter() - t0) / batch)
        cpu.append((time.process_time() - c0) / batch)
    return statistics.median(wall), statistics.median(cpu), value


def main():
    work, d, eps = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    a = np.load(f"{work}/ent_{d}_a.npy")
    b = np.load(f"{work}/ent_{d}_b.npy")
    k = np.load(f"{work}/ent_{d}_k.npy")
    for name, kk in (("product", None), ("covariance", k)):
        s, cpu, v = per_call(lambda: solve(a, b, eps, kk)[0])
        report(f"entropic_{name}_d{d}", s, v)
        print(f"CPU entropic_{name}_d{d} {cpu:.9g}")


if __name__ == "__main__":
    main()
