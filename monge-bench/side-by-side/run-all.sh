#!/usr/bin/env bash
# Every side-by-side script and the single-case timings the issues' targets name, one after the other, for a quiet
# machine: each script's table goes to OUT/NAME.out (details in OUT/NAME.err), the start and end of each with the load
# average to OUT/log. Takes about 16 minutes on the project's 2-core machines.
# Usage: monge-bench/side-by-side/run-all.sh OUT
set -uo pipefail
OUT="$(mkdir -p "${1:?usage: run-all.sh OUT}" && cd "$1" && pwd)"
cd "$(dirname "$0")/../.."
bin/monge --version > /dev/null && mvn -B -q -pl monge-bench -am package -DskipTests || exit 1
JAR=monge-bench/target/benchmarks.jar
run() { local name=$1; shift
  echo "== $name $(date -u +%H:%M:%S) $(uptime)" | tee -a "$OUT/log"
  BENCH_WORK="$OUT/w-$name" timeout 900 "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  echo "   rc $? $(date -u +%H:%M:%S) $(uptime)" | tee -a "$OUT/log"; }
run whole-process monge-bench/side-by-side/whole-process.sh --runs 5
run gromov monge-bench/side-by-side/gromov.sh
for k in 1 2 3; do run w2-$k monge-bench/side-by-side/gaussian.sh --w2-only; done
run entropic_gaussian monge-bench/side-by-side/entropic_gaussian.sh
run gmm-figures /usr/bin/time -f "%e s wall %U s user %M KB" bin/monge figures gmm-flows --out "$OUT/gmm-flows"
run gmm-timing java -cp $JAR org.monge.bench.GmmTiming
run startup /usr/bin/python3 monge-bench/side-by-side/startup.py --runs 10
run map java -Xmx4g -cp $JAR org.monge.bench.MapTiming 100000 10000 0.01 3
run grad-mixture-8 java -cp $JAR org.monge.bench.GradientTiming mixture 8 4 21
run grad-mixture-20 java -cp $JAR org.monge.bench.GradientTiming mixture 20 10 21
run entropic monge-bench/side-by-side/entropic.sh
run fid monge-spark/bench/fid-scaling.sh 256 1000000 10000000
run discrete monge-bench/side-by-side/discrete.sh
run unbalanced monge-bench/side-by-side/unbalanced.sh
run gaussian monge-bench/side-by-side/gaussian.sh
