#!/usr/bin/env bash
# Side-by-side: exact OT (POT ot.emd2, random 2-D points, squared Euclidean, uniform weights),
# linear assignment (SciPy linear_sum_assignment, uniform random costs), 1-D W2 (POT
# wasserstein_1d, 10^6 points, uniform and weighted).
# Usage: monge-bench/side-by-side/discrete.sh [--small]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SMALL=0; [ "${1:-}" = "--small" ] && SMALL=1
if [ $SMALL = 1 ]; then EMD="300 500"; LSA="300 600"; N1D=10000; else EMD="2000 3000"; LSA="2000 4000"; N1D=1000000; fi
cd "$(dirname "$0")"
echo "inputs in $WORK" >&2
$PY - "$WORK" "$N1D" "$EMD" "$LSA" <<'PYEOF'
import os, sys, numpy as np
work, n1d = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(2026)
for n in map(int, sys.argv[3].split()):
    os.makedirs(f"{work}/emd{n}", exist_ok=True)
    np.save(f"{work}/emd{n}/x.npy", rng.random((n, 2))); np.save(f"{work}/emd{n}/y.npy", rng.random((n, 2)))
for n in map(int, sys.argv[4].split()):
    os.makedirs(f"{work}/lsa{n}", exist_ok=True)
    np.save(f"{work}/lsa{n}/cost.npy", rng.random((n, n)))
for kind in ("uniform", "weighted"):
    d = f"{work}/w1d_{kind}"; os.makedirs(d, exist_ok=True)
    np.save(f"{d}/u.npy", rng.standard_normal(n1d)); np.save(f"{d}/v.npy", 2 * rng.standard_normal(n1d) + 1)
    if kind == "weighted":
        np.save(f"{d}/uw.npy", rng.random(n1d)); w = rng.random(n1d); np.save(f"{d}/vw.npy", w)
PYEOF
# the weighted case needs equal totals: rescale vw to the total of uw in float64
$PY -c "import numpy as np,sys; d=sys.argv[1]; u=np.load(d+'/uw.npy'); v=np.load(d+'/vw.npy'); np.save(d+'/vw.npy', v*(u.sum()/v.sum()))" "$WORK/w1d_weighted"
REF="$WORK/ref.txt"; OURS="$WORK/ours.txt"; : > "$REF"; : > "$OURS"
for n in $EMD; do
  $PY discrete_ref.py emd "$WORK/emd$n" emd$n >> "$REF"
  "${JAVA[@]}" org.monge.bench.DiscreteTiming emd "$WORK/emd$n" emd$n >> "$OURS"   # one JVM per case: no JIT cross-talk
  "${JAVA[@]}" org.monge.bench.DiscreteTiming emd-points "$WORK/emd$n" emdpoints$n >> "$OURS"
done
for n in $LSA; do
  $PY discrete_ref.py assign "$WORK/lsa$n" lsa$n >> "$REF"
  "${JAVA[@]}" org.monge.bench.DiscreteTiming assign "$WORK/lsa$n" lsa$n >> "$OURS"
done
for kind in uniform weighted; do
  $PY discrete_ref.py w1d "$WORK/w1d_$kind" w1d_$kind 2 >> "$REF"
  "${JAVA[@]}" org.monge.bench.DiscreteTiming w1d "$WORK/w1d_$kind" w1d_$kind 2 >> "$OURS"
done
echo "| case | reference | monge | speed-up |"
echo "|---|---|---|---|"
for n in $EMD; do ratio "exact OT n = $n, 2-D points, sq. Euclidean (POT ot.emd2)" "$(seconds emd$n "$REF")" "$(seconds emd$n "$OURS")"; done
for n in $EMD; do ratio "exact OT n = $n, costs from the points on the fly, no matrix (POT ot.emd2 with the matrix given)" "$(seconds emd$n "$REF")" "$(seconds emdpoints$n "$OURS")"; done
for n in $LSA; do ratio "assignment n = $n, uniform random costs (SciPy linear_sum_assignment)" "$(seconds lsa$n "$REF")" "$(seconds lsa$n "$OURS")"; done
ratio "1-D W2, $N1D points, uniform weights (POT wasserstein_1d)" "$(seconds w1d_uniform "$REF")" "$(seconds w1d_uniform "$OURS")"
ratio "1-D W2, $N1D points, random weights (POT wasserstein_1d)" "$(seconds w1d_weighted "$REF")" "$(seconds w1d_weighted "$OURS")"
echo
$PY - "$REF" "$OURS" <<'PYEOF'
import sys
ref = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
ours = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[2]) if l.startswith("RESULT")}
for k in list(ours):
    if k.startswith("emdpoints"):
        ref[k] = ref[k.replace("emdpoints", "emd")]
for k in sorted(ours):
    print(f"  {k}: reference {ref[k]!r}, monge {ours[k]!r}, relative difference {abs(ours[k] - ref[k]) / max(abs(ref[k]), 1e-300):.2e}")
bad = [k for k in ours if abs(ours[k] - ref[k]) > 1e-9 * max(1.0, abs(ref[k]))]
print("values agree to 1e-9" if not bad else f"VALUES DIFFER: {bad}")
PYEOF
