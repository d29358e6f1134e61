#!/usr/bin/env bash
# Exact GW (square loss) as whole processes, interleaved one after the other so that the load falls alike on each:
# an older build of monge (BEFORE: the root of a second tree, e.g. `git archive <commit> | tar -x -C BEFORE` and
# `mvn -B -o -q -pl monge-cli -am -DskipTests package` there), this tree's monge, and POT 0.8.2 (gromov_ref.py gw),
# on the gw<N> inputs that gromov.sh left in WORK (run it with BENCH_WORK=WORK first). Prints, per run,
# "TIME who n wall user system" (/usr/bin/time), then medians of wall and of CPU (user + system) per case.
# Usage: monge-bench/side-by-side/gromov_interleaved.sh BEFORE WORK [REPS (3)] [SIZES ("500 1000")]
set -euo pipefail
BEFORE="$1"; WORK="$2"; REPS="${3:-3}"; SIZES="${4:-500 1000}"
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
LOG="$(mktemp)"
for n in $SIZES; do
  for _ in $(seq 1 "$REPS"); do
    for who in before now pot; do
      case $who in
        before) cmd=("$BEFORE/bin/monge" gromov --x "$WORK/gw$n/x.npy" --y "$WORK/gw$n/y.npy" --json);;
        now) cmd=("$ROOT/bin/monge" gromov --x "$WORK/gw$n/x.npy" --y "$WORK/gw$n/y.npy" --json);;
        pot) cmd=(/usr/bin/python3 gromov_ref.py gw "$WORK/gw$n");;
      esac
      /usr/bin/time -o "$LOG.t" -f "TIME $who $n %e %U %S" "${cmd[@]}" > /dev/null
      cat "$LOG.t" | tee -a "$LOG"
    done
  done
done
/usr/bin/python3 - "$LOG" <<'PYEOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    _, who, n, wall, user, system = line.split()
    runs[(int(n), who)].append((float(wall), float(user) + float(system)))
for (n, who), v in sorted(runs.items()):
    print(f"n = {n} {who}: wall median {statistics.median(w for w, _ in v):.3f} s, fastest {min(w for w, _ in v):.3f} s, "
          f"CPU median {statistics.median(c for _, c in v):.3f} s ({len(v)} runs)")
PYEOF
rm -f "$LOG" "$LOG.t"
