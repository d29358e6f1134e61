#!/usr/bin/env bash
# FID statistics at scale: Spark local[2] (monge-spark) against single-machine monge-core, same
# generated rows (no files). Usage: fid-scaling.sh [d] [rows...]   (default: 256 1e5 1e6 1e7)
# Quick smoke run: fid-scaling.sh 256 100000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
D="${1:-256}"; shift || true
ROWS=("$@"); [ ${#ROWS[@]} -gt 0 ] || ROWS=(100000 1000000 10000000)
mvn -q -B -f "$ROOT/pom.xml" -pl monge-spark -am -DskipTests package test-compile >&2
M="$ROOT/monge-spark/target"
exec java -Xmx6g -Dlog4j2.configurationFile=org/monge/spark/cli/log4j2-cli.properties \
  -cp "$M/test-classes:$M/classes:$(cat "$M/launcher-classpath.txt")" org.monge.spark.bench.FidScaling "$D" "${ROWS[@]}"
