#!/usr/bin/env bash
# Side-by-side: Sinkhorn scaling form vs POT ot.sinkhorn (= the plan behind sinkhorn2),
# log domain vs POT ot.bregman.sinkhorn_log, sliced W2 vs POT ot.sliced_wasserstein_distance;
# then our point-cloud Sinkhorn (costs on the fly) alone, with time and peak memory.
# Uniform random 2-D points in the unit square, squared Euclidean cost divided by its maximum,
# uniform weights, ε = 0.01. POT stops on its own rule (L2 column error < 1e-9, checked every 10
# iterations); we then stop at the same achieved L1 marginal error (rows and columns of POT's plan,
# computed by entropic_ref.py), with our default over-relaxation, and compare ⟨π, C⟩ and iterations.
# Usage: monge-bench/side-by-side/entropic.sh [--small] [--clouds]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SMALL=0; CLOUDS=0
for arg in "$@"; do case "$arg" in --small) SMALL=1;; --clouds) CLOUDS=1;; esac; done
if [ $SMALL = 1 ]; then SK="300 600"; SKLOG="300"; SL="1000 50"; else SK="4000"; SKLOG="2000 4000"; SL="10000 50"; fi
EPS=0.01
cd "$(dirname "$0")"
echo "inputs in $WORK" >&2
$PY - "$WORK" "$SK $SKLOG" "$SL" <<'PYEOF'
import os, sys, numpy as np
work = sys.argv[1]
rng = np.random.default_rng(2026)
for n in sorted(set(map(int, sys.argv[2].split()))):
    os.makedirs(f"{work}/sk{n}", exist_ok=True)
    np.save(f"{work}/sk{n}/x.npy", rng.random((n, 2))); np.save(f"{work}/sk{n}/y.npy", rng.random((n, 2)))
n, d = map(int, sys.argv[3].split())
os.makedirs(f"{work}/sliced", exist_ok=True)
np.save(f"{work}/sliced/x.npy", rng.random((n, d))); np.save(f"{work}/sliced/y.npy", rng.standard_normal((n, d)))
PYEOF
REF="$WORK/ref.txt"; OURS="$WORK/ours.txt"; : > "$REF"; : > "$OURS"
iters() { awk -v n="$1" '$1=="ITER" && $2==n {print $3}' "$REF"; }
l1err() { awk -v n="$1" '$1=="L1ERR" && $2==n {print $3}' "$REF"; }
for n in $SK; do
  $PY entropic_ref.py sinkhorn "$WORK/sk$n" sk$n $EPS >> "$REF"
  "${JAVA[@]}" org.monge.bench.EntropicTiming sinkhorn "$WORK/sk$n" sk$n $EPS "tol=$(l1err sk$n)" scaling >> "$OURS"
  "${JAVA[@]}" org.monge.bench.EntropicTiming sinkhorn "$WORK/sk$n" sklogours$n $EPS "tol=$(l1err sk$n)" log >> "$OURS"
done
for n in $SKLOG; do
  $PY entropic_ref.py sinkhorn_log "$WORK/sk$n" sklog$n $EPS >> "$REF"
  "${JAVA[@]}" org.monge.bench.EntropicTiming sinkhorn "$WORK/sk$n" sklog$n $EPS "tol=$(l1err sklog$n)" log >> "$OURS"
done
for n in $SK; do  # the scaling form's memory bandwidth as a fraction of a copy kernel's, same run (stderr)
  "${JAVA[@]}" org.monge.bench.EntropicTiming bandwidth "$WORK/sk$n" bandwidth$n > /dev/null
done
$PY entropic_ref.py sliced "$WORK/sliced" sliced 200 0 >> "$REF"
"${JAVA[@]}" org.monge.bench.EntropicTiming sliced "$WORK/sliced" sliced 200 0 >> "$OURS"
echo "| case | reference | monge | speed-up |"
echo "|---|---|---|---|"
for n in $SK; do
  ratio "Sinkhorn scaling form n = $n, ε = $EPS, POT $(iters sk$n) iterations, equal L1 error $(l1err sk$n) (POT ot.sinkhorn)" "$(seconds sk$n "$REF")" "$(seconds sk$n "$OURS")"
  ratio "our log-stabilised form vs POT's scaling form, n = $n (target: ≤ 2× our scaling form)" "$(seconds sk$n "$OURS")" "$(seconds sklogours$n "$OURS")"
done
for n in $SKLOG; do ratio "Sinkhorn log domain n = $n, ε = $EPS, POT $(iters sklog$n) iterations, equal L1 error $(l1err sklog$n) (POT sinkhorn_log)" "$(seconds sklog$n "$REF")" "$(seconds sklog$n "$OURS")"; done
ratio "sliced W2, $SL points×dims, 200 directions (POT sliced_wasserstein_distance)" "$(seconds sliced "$REF")" "$(seconds sliced "$OURS")"
echo
$PY - "$REF" "$OURS" <<'PYEOF'
import sys
ref = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
ours = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[2]) if l.startswith("RESULT")}
for k in list(ours):
    if k.startswith("sklogours"): ref[k] = ref[k.replace("sklogours", "sk")]
for k in sorted(ours):
    tol = 1e-6 if k.startswith("sk") else None
    rel = abs(ours[k] - ref[k]) / max(abs(ref[k]), 1e-300)
    note = "(different random directions: a Monte Carlo estimate of the same quantity)" if k == "sliced" else ""
    print(f"  {k}: reference {ref[k]!r}, monge {ours[k]!r}, relative difference {rel:.2e} {note}")
PYEOF
if [ $CLOUDS = 1 ]; then
  echo; echo "Point clouds, costs on the fly (ε = $EPS, costs in [0, 1], tolerance 1e-3 L1):"
  for n in 10000 100000; do
    mkdir -p "$WORK/c$n"
    $PY -c "import numpy as np,sys; r=np.random.default_rng($n); np.save(sys.argv[1]+'/x.npy', r.random(($n,2))); np.save(sys.argv[1]+'/y.npy', r.random(($n,2)))" "$WORK/c$n"
    it=1000
    /usr/bin/time -v java -Xmx1g -cp "$JAR" org.monge.bench.EntropicTiming clouds "$WORK/c$n" c$n $EPS 1e-3 $it > "$WORK/c$n.out" 2> "$WORK/c$n.err" || true
    grep -E "^c$n:|Maximum resident|Elapsed" "$WORK/c$n.err"
  done
fi
