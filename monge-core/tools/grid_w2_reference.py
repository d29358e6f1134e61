"""Reference W2^2 on a 3x3 grid for GridHeatFlowTest.w2OnASmallGridMatchesTheLinearProgram.

Cell (i, j) (row-major index 3i + j) sits at ((i + 0.5) h, (j + 0.5) h) with h = 0.5, lo = 0. The
masses are normalised to one; the transport LP over all 81 pairs with cost |x - y|^2 is solved by
scipy.optimize.linprog (HiGHS) in float64. Run: python3 monge-core/tools/grid_w2_reference.py
"""
import numpy as np
from scipy.optimize import linprog

h = 0.5
a = np.array([3, 0, 1, 2, 5, 0, 1, 1, 4], float)
b = np.array([0, 2, 2, 1, 1, 6, 3, 0, 2], float)
a /= a.sum()
b /= b.sum()
pts = np.array([[(i + 0.5) * h, (j + 0.5) * h] for i in range(3) for j in range(3)])
C = ((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)
n = 9
A = []
for i in range(n):
    row = np.zeros((n, n)); row[i, :] = 1; A.append(row.ravel())
for j in range(n):
    col = np.zeros((n, n)); col[:, j] = 1; A.append(col.ravel())
res = linprog(C.ravel(), A_eq=np.array(A), b_eq=np.concatenate([a, b]), bounds=(0, None), method="highs")
assert res.status == 0
print(repr(res.fun))
