#!/usr/bin/env bash
# Side-by-side: unbalanced Sinkhorn (KL-relaxed marginals, tau = 1) vs POT ot.unbalanced.sinkhorn_unbalanced
# (scaling form), and against our own balanced Sinkhorn on the same points; then at eps = 1e-3 and 1e-4; exact
# partial OT (mass 0.7) vs POT ot.partial.partial_wasserstein.
# Uniform random 2-D points in the unit square, squared Euclidean cost divided by its maximum, uniform weights.
# Both unbalanced solvers stop at the same threshold (1e-9 at eps = 0.01, 1e-6 below; POT: relative change of its
# scalings; ours: the L1 change of the marginals and the change of the potentials relative to eps) and the objective
# of each plan is compared. (With these normalised costs the nearest neighbours keep POT's kernel rows from
# underflowing down to eps = 1e-4 at this n; the table says whether POT returned a finite plan.)
# Usage: monge-bench/side-by-side/unbalanced.sh [--small]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SMALL=0; [ "${1:-}" = "--small" ] && SMALL=1
if [ $SMALL = 1 ]; then N=400; else N=2000; fi
TAU=1; MASS=0.7
cd "$(dirname "$0")"
echo "inputs in $WORK" >&2
$PY - "$WORK" "$N" <<'PYEOF'
import os, sys, numpy as np
work, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(2026)
os.makedirs(f"{work}/u{n}", exist_ok=True)
np.save(f"{work}/u{n}/x.npy", rng.random((n, 2))); np.save(f"{work}/u{n}/y.npy", rng.random((n, 2)))
PYEOF
D="$WORK/u$N"; REF="$WORK/ref.txt"; OURS="$WORK/ours.txt"; : > "$REF"; : > "$OURS"
# eps:tolerance; below eps = 0.01 one timed run each at a tolerance of 1e-6 (tens of thousands of iterations)
for case in 0.01:1e-9 0.001:1e-6 0.0001:1e-6; do
  eps=${case%%:*}; tol=${case##*:}
  if [ "$eps" = 0.01 ]; then reps=3; once=; else reps=1; once=once; fi
  $PY unbalanced_ref.py sinkhorn "$D" uot$eps $eps $TAU $tol $reps >> "$REF"
  "${JAVA[@]}" org.monge.bench.UnbalancedTiming unbalanced "$D" uot$eps $eps $TAU $tol $once >> "$OURS"
done
"${JAVA[@]}" org.monge.bench.UnbalancedTiming balanced "$D" balanced0.01 0.01 1e-9 >> "$OURS"
$PY unbalanced_ref.py partial "$D" partial $MASS >> "$REF"
"${JAVA[@]}" org.monge.bench.UnbalancedTiming partial "$D" partial $MASS >> "$OURS"
echo "| case | reference | monge | speed-up |"
echo "|---|---|---|---|"
ratio "unbalanced Sinkhorn n = $N, ε = 0.01, τ = $TAU (POT sinkhorn_unbalanced)" "$(seconds uot0.01 "$REF")" "$(seconds uot0.01 "$OURS")"
ratio "our unbalanced vs our balanced Sinkhorn, n = $N, ε = 0.01 (target: ≤ 1.5×)" "$(seconds balanced0.01 "$OURS")" "$(seconds uot0.01 "$OURS")"
ratio "unbalanced Sinkhorn n = $N, ε = 0.001, τ = $TAU, tolerance 1e-6 (one run each)" "$(seconds uot0.001 "$REF")" "$(seconds uot0.001 "$OURS")"
ratio "unbalanced Sinkhorn n = $N, ε = 0.0001, τ = $TAU, tolerance 1e-6 (one run each)" "$(seconds uot0.0001 "$REF")" "$(seconds uot0.0001 "$OURS")"
ratio "exact partial OT n = $N, m = $MASS (POT partial_wasserstein)" "$(seconds partial "$REF")" "$(seconds partial "$OURS")"
echo
$PY - "$REF" "$OURS" <<'PYEOF'
import sys, math
ref = {l.split()[1]: (float(l.split()[2]), float(l.split()[3])) for l in open(sys.argv[1]) if l.startswith("RESULT")}
ours = {l.split()[1]: (float(l.split()[2]), float(l.split()[3])) for l in open(sys.argv[2]) if l.startswith("RESULT")}
for k in sorted(ref):
    r, o = ref[k][1], ours[k][1]
    if math.isnan(r):
        print(f"  {k}: POT gives no finite plan ({ref[k][0]:.3g} s); monge {o!r} in {ours[k][0]:.3g} s")
    else:
        print(f"  {k}: reference {r!r}, monge {o!r}, relative difference {abs(o - r) / max(abs(r), 1e-300):.2e}")
PYEOF
