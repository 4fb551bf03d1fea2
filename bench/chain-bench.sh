#!/usr/bin/env bash
# Chain benchmark (a command, not a test): Raft commits per second with 1 and 3 members (sequential and
# pipelined), and the time to open and verify a 100 000-entry chain. See docs/benchmark.md.
#   bench/chain-bench.sh [ENTRIES [CHAIN_SIZE]]      (defaults 2000 and 100000)
set -euo pipefail
REPO="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$REPO"
mvn -q -o test-compile -pl redo-log -am -Dmaven.test.skip.exec=true >/dev/null 2>&1 || mvn -q test-compile -pl redo-log -am
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -o dependency:build-classpath -pl redo-log -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
exec java --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "redo-log/target/classes:redo-log/target/test-classes:$(cat "$CP_FILE")" atenet.redolog.bench.ChainBench "$@"
