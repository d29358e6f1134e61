#!/usr/bin/env bash
# Distributed Sinkhorn (SparkSinkhorn) on the standalone test cluster (master + 2 workers, separate JVMs on
# 127.0.0.1, started and stopped here): time per iteration against executors x cores, and monge-core's
# on-the-fly Sinkhorn (same updates) on this machine's cores.
# Usage: sinkhorn-scaling.sh n m eps iterations partitions config...   config: ExC (E executors of C cores) or core
# e.g.   sinkhorn-scaling.sh 10000 10000 0.01 10 8 core 1x1 2x1 1x2
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mvn -q -B -o -f "$ROOT/pom.xml" -pl monge-spark -am -DskipTests package test-compile >&2
M="$ROOT/monge-spark/target"
exec java -Xmx2g -Dlog4j2.configurationFile=org/monge/spark/cli/log4j2-cli.properties \
  -cp "$M/test-classes:$M/classes:$(cat "$M/launcher-classpath.txt")" org.monge.spark.bench.SinkhornScaling "$@"
