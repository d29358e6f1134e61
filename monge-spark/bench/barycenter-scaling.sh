#!/usr/bin/env bash
# W2 barycenter of N Gaussians: Spark local[2] (monge-spark) against monge-core, same generated
# Gaussians. Usage: barycenter-scaling.sh [d] [N...]   (default: 4 10000 100000 1000000; the
# first size doubles as the warm-up). Quick smoke run: barycenter-scaling.sh 4 10000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D="${1:-4}"; shift || true
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
mvn -q -B -f "$ROOT/pom.xml" -pl monge-spark -am -DskipTests package test-compile >&2
M="$ROOT/monge-spark/target"
exec java -Xmx8g -Dlog4j2.configurationFile=org/monge/spark/cli/log4j2-cli.properties \
  -cp "$M/test-classes:$M/classes:$(cat "$M/launcher-classpath.txt")" org.monge.spark.bench.BarycenterScaling "$D" "${SIZES[@]}"
