#!/usr/bin/env bash
# Side-by-side: Gaussian W2 (SciPy sqrtm formula), FID at d = 2048 (NumPy Cholesky+eigvalsh and
# pytorch-fid's sqrtm route), statistics of a 50,000 × 2048 float32 feature file (numpy.cov).
# Usage: monge-bench/side-by-side/gaussian.sh [--small] [--w2-only]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SMALL=0; W2ONLY=0
for arg in "$@"; do case "$arg" in --small) SMALL=1;; --w2-only) W2ONLY=1;; esac; done
if [ $SMALL = 1 ]; then DIMS="2 16"; PAIRS=50; FID_D=256; ROWS=5000; COLS=256; else DIMS="2 4 8 16 32 64"; PAIRS=200; FID_D=2048; ROWS=50000; COLS=2048; fi
cd "$(dirname "$0")"
echo "inputs in $WORK" >&2
$PY - "$WORK" "$PAIRS" "$FID_D" "$ROWS" "$COLS" "$W2ONLY" $DIMS <<'PYEOF'
import sys, numpy as np
work, pairs, fd, rows, cols, w2only = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
rng = np.random.default_rng(42)
def spd(d, k=None):
    a = rng.standard_normal((d, d)); return a @ a.T / d + 0.1 * np.eye(d)
for d in map(int, sys.argv[7:]):
    np.savez(f"{work}/w2_{d}.npz", m0=rng.standard_normal((pairs, d)), m1=rng.standard_normal((pairs, d)),
             s0=np.stack([spd(d) for _ in range(pairs)]), s1=np.stack([spd(d) for _ in range(pairs)]))
if w2only:
    sys.exit(0)
for name in ("a", "b"):
    x = rng.standard_normal((4 * fd, fd)) @ (rng.standard_normal((fd, fd)) / np.sqrt(fd))
    np.savez(f"{work}/stats_{name}.npz", mu=x.mean(0), sigma=np.cov(x, rowvar=False))
f = np.lib.format.open_memmap(f"{work}/features.npy", mode="w+", dtype=np.float32, shape=(rows, cols))
for s in range(0, rows, 5000):
    f[s:s+5000] = rng.standard_normal((min(5000, rows - s), cols), dtype=np.float32) + 0.1
f.flush()
PYEOF
REF="$WORK/ref.txt"; OURS="$WORK/ours.txt"
$PY gaussian_ref.py w2 "$WORK" $DIMS > "$REF"
: > "$OURS"
for d in $DIMS; do "${JAVA[@]}" org.monge.bench.GaussianTiming w2 "$WORK" $d >> "$OURS"; done  # one JVM per size: no JIT cross-talk
if [ $W2ONLY = 0 ]; then
  $PY gaussian_ref.py fid "$WORK/stats_a.npz" "$WORK/stats_b.npz" >> "$REF"
  "${JAVA[@]}" org.monge.bench.GaussianTiming fid "$WORK/stats_a.npz" "$WORK/stats_b.npz" >> "$OURS"
  $PY gaussian_ref.py stats "$WORK/features.npy" >> "$REF"
  "${JAVA[@]}" org.monge.bench.GaussianTiming stats "$WORK/features.npy" >> "$OURS"
  # peak memory of a whole `monge stats` run on the same file (the JVM's heap, not O(n·d))
  /usr/bin/time -v "${JAVA[@]}" org.monge.bench.GaussianTiming stats "$WORK/features.npy" 2> "$WORK/time-ours.txt" > /dev/null || true
  /usr/bin/time -v $PY gaussian_ref.py stats "$WORK/features.npy" 2> "$WORK/time-ref.txt" > /dev/null || true
fi
rss() { awk -F: '/Maximum resident set size/ {printf "%.0f MiB", $2/1024}' "$1"; }
echo "| case | reference | monge | speed-up |"
echo "|---|---|---|---|"
for d in $DIMS; do ratio "W2 per pair, d = $d (SciPy sqrtm formula; monge one thread)" "$(seconds w2_d$d "$REF")" "$(seconds w2_d$d "$OURS")"; done
for d in $DIMS; do ratio "W2 per pair, d = $d (SciPy sqrtm formula; monge batch API, all cores)" "$(seconds w2_d$d "$REF")" "$(seconds w2batch_d$d "$OURS")"; done
if [ $W2ONLY = 0 ]; then
  ratio "FID d = $FID_D from statistics (NumPy cholesky + eigvalsh)" "$(seconds fid_numpy_cholesky_eigvalsh "$REF")" "$(seconds fid "$OURS")"
  ratio "FID d = $FID_D from statistics (pytorch-fid sqrtm)" "$(seconds fid_pytorch_fid_sqrtm "$REF")" "$(seconds fid "$OURS")"
  ratio "statistics of $ROWS × $COLS float32 (numpy.cov)" "$(seconds stats "$REF")" "$(seconds stats "$OURS")"
  echo
  echo "peak resident memory, statistics of $ROWS × $COLS: numpy $(rss "$WORK/time-ref.txt"), monge $(rss "$WORK/time-ours.txt") (file: $(du -m "$WORK/features.npy" | cut -f1) MiB)"
fi
$PY - "$REF" "$OURS" <<'PYEOF'
import sys
ref = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("RESULT")}
ours = {l.split()[1]: float(l.split()[3]) for l in open(sys.argv[2]) if l.startswith("RESULT")}
if "fid_numpy_cholesky_eigvalsh" in ref:
    ref["fid"] = ref["fid_numpy_cholesky_eigvalsh"]
for k in list(ours):
    if k.startswith("w2batch_"):
        ref[k] = ref[k.replace("w2batch_", "w2_")]
for k in sorted(ours):
    print(f"  {k}: reference {ref[k]!r}, monge {ours[k]!r}")
bad = [k for k in ours if abs(ours[k] - ref[k]) > 1e-6 * max(1.0, abs(ref[k]))]
print("values agree to 1e-6 relative" if not bad else f"VALUES DIFFER: {bad}")
PYEOF
