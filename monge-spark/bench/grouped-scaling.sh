#!/usr/bin/env bash
# Grouped exact OT: G groups of n + n points, one network simplex per group on Spark local[T],
# against monge-core on one thread. Usage: grouped-scaling.sh [groups] [points-per-side] [threads]
# (default: 10000 100 2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mvn -q -B -o -f "$ROOT/pom.xml" -pl monge-spark -am -DskipTests package test-compile >&2
M="$ROOT/monge-spark/target"
exec java -Xmx4g -Dlog4j2.configurationFile=org/monge/spark/cli/log4j2-cli.properties \
  -cp "$M/test-classes:$M/classes:$(cat "$M/launcher-classpath.txt")" org.monge.spark.bench.GroupedScaling \
  "${1:-10000}" "${2:-100}" "${3:-2}"
