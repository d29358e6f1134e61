#!/usr/bin/env bash
# Side-by-side: Gromov–Wasserstein, square loss, random clouds (source 2-D, target 3-D, uniform weights), as whole
# processes: `monge gromov --x --y` (low-rank gradient, network-simplex steps) against POT 0.8.2's
# gromov_wasserstein2 on ot.dist matrices; entropic GW at ε = 0.005 with the clouds scaled so that the largest squared
# distance is 1 (entropic_gromov_wasserstein2); fused GW at α = 0.5 with a squared-distance feature cost between
# 1-D features (fused_gromov_wasserstein2). Each time is the median of REPS whole-process runs (default 3).
# Usage: monge-bench/side-by-side/gromov.sh [--small]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SMALL=0; [ "${1:-}" = "--small" ] && SMALL=1
REPS="${REPS:-3}"
if [ $SMALL = 1 ]; then GW="100 200"; EGW=200; FGW=200; else GW="500 1000"; EGW=1000; FGW=1000; fi
cd "$(dirname "$0")"
MONGE=("$BENCH_ROOT/bin/monge")
"${MONGE[@]}" --version >&2   # builds the command line tool if its sources changed, outside the timing
echo "inputs in $WORK" >&2
$PY - "$WORK" "$GW" "$EGW" "$FGW" <<'PYEOF'
import os, sys, numpy as np
work = sys.argv[1]
rng = np.random.default_rng(2026)
def clouds(d, n, scaled):
    os.makedirs(d, exist_ok=True)
    x, y = rng.random((n, 2)), rng.random((n, 3))
    if scaled:  # largest squared distance 1 on each side, so POT's C1 /= C1.max() is a no-op
        x /= np.sqrt(((x[:, None] - x[None]) ** 2).sum(-1).max()); y /= np.sqrt(((y[:, None] - y[None]) ** 2).sum(-1).max())
    np.save(f"{d}/x.npy", x); np.save(f"{d}/y.npy", y)
for n in map(int, sys.argv[2].split()):
    clouds(f"{work}/gw{n}", n, False)
n = int(sys.argv[3]); clouds(f"{work}/egw{n}", n, True); open(f"{work}/egw{n}/epsilon.txt", "w").write("0.005")
n = int(sys.argv[4]); clouds(f"{work}/fgw{n}", n, True)
f1, f2 = rng.random(n), rng.random(n)
np.save(f"{work}/fgw{n}/m.npy", (f1[:, None] - f2[None, :]) ** 2); open(f"{work}/fgw{n}/alpha.txt", "w").write("0.5")
PYEOF
REF="$WORK/ref.txt"; OURS="$WORK/ours.txt"; : > "$REF"; : > "$OURS"
for n in $GW; do
  d="$WORK/gw$n"
  $PY gromov_ref.py time gw$n "$REPS" $PY gromov_ref.py gw "$d" >> "$REF"
  $PY gromov_ref.py time gw$n "$REPS" "${MONGE[@]}" gromov --x "$d/x.npy" --y "$d/y.npy" --json >> "$OURS"
done
d="$WORK/egw$EGW"
$PY gromov_ref.py time egw$EGW "$REPS" $PY gromov_ref.py egw "$d" >> "$REF"
$PY gromov_ref.py time egw$EGW "$REPS" "${MONGE[@]}" gromov --x "$d/x.npy" --y "$d/y.npy" --epsilon 0.005 --json >> "$OURS"
d="$WORK/fgw$FGW"
$PY gromov_ref.py time fgw$FGW "$REPS" $PY gromov_ref.py fgw "$d" >> "$REF"
$PY gromov_ref.py time fgw$FGW "$REPS" "${MONGE[@]}" gromov --x "$d/x.npy" --y "$d/y.npy" --features-cost "$d/m.npy" --alpha 0.5 \
  --json >> "$OURS"
echo "| case | POT 0.8.2 | monge | speed-up |"
echo "|---|---|---|---|"
for n in $GW; do ratio "GW square loss n = $n, 2-D vs 3-D clouds (gromov_wasserstein2)" "$(seconds gw$n "$REF")" "$(seconds gw$n "$OURS")"; done
ratio "entropic GW n = $EGW, ε = 0.005, costs in [0, 1] (entropic_gromov_wasserstein2)" "$(seconds egw$EGW "$REF")" \
  "$(seconds egw$EGW "$OURS")"
ratio "fused GW n = $FGW, α = 0.5 (fused_gromov_wasserstein2)" "$(seconds fgw$FGW "$REF")" "$(seconds fgw$FGW "$OURS")"
echo
$PY - "$REF" "$OURS" <<'PYEOF'
import sys
ref = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
ours = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[2]) if l.startswith("RESULT")}
for k in sorted(ours):
    print(f"  {k}: POT cost {ref[k]!r}, monge cost {ours[k]!r}, monge − POT {ours[k] - ref[k]:.3e}")
PYEOF
