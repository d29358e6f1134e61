#!/usr/bin/env bash
# Side-by-side: closed-form entropic Gaussian OT (plan, cost, duals) with the product reference and
# an arbitrary reference covariance K, against the same formulas in NumPy (entropic_gaussian_ref.py).
# Usage: monge-bench/side-by-side/entropic_gaussian.sh [--small]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SMALL=0; [ "${1:-}" = "--small" ] && SMALL=1
if [ $SMALL = 1 ]; then DIMS="10 100"; else DIMS="10 100 1000"; fi
EPS=0.5
cd "$(dirname "$0")"
echo "inputs in $WORK" >&2
$PY - "$WORK" $DIMS <<'PYEOF'
import sys, numpy as np
work = sys.argv[1]
rng = np.random.default_rng(42)
def spd(d):
    a = rng.standard_normal((d, d)); return a @ a.T / d + 0.1 * np.eye(d)
for d in map(int, sys.argv[2:]):
    np.save(f"{work}/ent_{d}_a.npy", spd(d)); np.save(f"{work}/ent_{d}_b.npy", spd(d)); np.save(f"{work}/ent_{d}_k.npy", spd(2 * d))
PYEOF
REF="$WORK/ref.txt"; OURS="$WORK/ours.txt"; : > "$REF"; : > "$OURS"
for d in $DIMS; do
  $PY entropic_gaussian_ref.py "$WORK" $d $EPS >> "$REF"
  "${JAVA[@]}" org.monge.bench.EntropicGaussianTiming "$WORK" $d $EPS >> "$OURS"
done
echo "| case | reference | monge | speed-up |"
echo "|---|---|---|---|"
for d in $DIMS; do
  ratio "entropic Gaussian OT, product reference, d = $d (NumPy, same formulas)" "$(seconds entropic_product_d$d "$REF")" "$(seconds entropic_product_d$d "$OURS")"
  ratio "entropic Gaussian OT, arbitrary K, d = $d (NumPy, same formulas)" "$(seconds entropic_covariance_d$d "$REF")" "$(seconds entropic_covariance_d$d "$OURS")"
done
$PY - "$REF" "$OURS" <<'PYEOF'
import sys
ref = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
ours = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[2]) if l.startswith("RESULT")}
for k in sorted(ours):
    print(f"  {k}: reference {ref[k]!r}, monge {ours[k]!r}")
bad = [k for k in ours if abs(ours[k] - ref[k]) > 1e-8 * max(1.0, abs(ref[k]))]
print("values agree to 1e-8 relative" if not bad else f"VALUES DIFFER: {bad}")
PYEOF
