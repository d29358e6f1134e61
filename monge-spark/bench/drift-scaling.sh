#!/usr/bin/env bash
# Drift of C columns between two generated tables of R rows on Spark local[T], sketches then exact.
# Usage: drift-scaling.sh [rows] [columns] [threads] [approx] [repeats] [both|sketch|exact]   (default: 1000000 20 2 0.001 1 both)
# HEAP=8g drift-scaling.sh ... sets the JVM heap (default 6g).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mvn -q -B -o -f "$ROOT/pom.xml" -pl monge-spark -am -DskipTests package test-compile >&2
M="$ROOT/monge-spark/target"
exec java -Xmx"${HEAP:-6g}" -Dlog4j2.configurationFile=org/monge/spark/cli/log4j2-cli.properties \
  -cp "$M/test-classes:$M/classes:$(cat "$M/launcher-classpath.txt")" org.monge.spark.bench.DriftScaling \
  "${1:-1000000}" "${2:-20}" "${3:-2}" "${4:-0.001}" "${5:-1}" "${6:-both}"
