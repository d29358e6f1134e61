#!/usr/bin/env bash
# Shared set-up for the side-by-side benchmarks: the reference Python stack from Debian's packages
# (installed if missing), native OpenBLAS for netlib, and the benchmark jar (unless SKIP_BENCH_JAR is set).
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY=/usr/bin/python3
need=()
$PY -c "import numpy" 2>/dev/null || need+=(python3-numpy)
$PY -c "import scipy" 2>/dev/null || need+=(python3-scipy)
$PY -c "import ot" 2>/dev/null || need+=(python3-pot)
[ -e /usr/lib/x86_64-linux-gnu/libopenblas.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libopenblas.so.0 ] || need+=(libopenblas0)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages) ..." >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi
JAR="$BENCH_ROOT/monge-bench/target/benchmarks.jar"
if [ -z "${SKIP_BENCH_JAR:-}" ] && { [ ! -f "$JAR" ] || [ -n "$(find "$BENCH_ROOT"/monge-core/src/main "$BENCH_ROOT"/monge-bench/src -newer "$JAR" -type f -print -quit)" ]; }; then  # SKIP_BENCH_JAR: scripts that run bin/monge only
  echo "building monge-bench ..." >&2
  mvn -q -B -f "$BENCH_ROOT/pom.xml" -pl monge-bench -am -DskipTests package >&2
fi
# JVM for the timing mains: enough heap for the large inputs, and the heap on transparent huge
# pages where the kernel offers them (as bin/monge does): on this project's virtual machines each
# first touch of a 4 KiB page costs about 10 µs, which made allocation, not arithmetic, the cost of
# W2 between small Gaussians (3× slower) and of building a 128 MB Sinkhorn kernel (0.3 s).
THP=(); grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null && THP=(-XX:+UseTransparentHugePages)
JAVA=(java -Xmx16g "${THP[@]}" -cp "$JAR")
WORK="${BENCH_WORK:-$(mktemp -d /tmp/monge-bench.XXXXXX)}"
mkdir -p "$WORK"

# ratio NAME REF_SECONDS OUR_SECONDS: prints a table row
ratio() {
  $PY -c "import sys; n,r,o=sys.argv[1],float(sys.argv[2]),float(sys.argv[3]); print(f'| {n} | {r:.4g} s | {o:.4g} s | {r/o:.2f}x |')" "$1" "$2" "$3"
}
# field NAME FILE: the seconds of the RESULT line NAME in FILE
seconds() { awk -v n="$1" '$1=="RESULT" && $2==n {print $3}' "$2"; }
value() { awk -v n="$1" '$1=="RESULT" && $2==n {print $4}' "$2"; }
