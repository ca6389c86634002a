#!/usr/bin/env bash
# Runs the JMH benchmarks of this module; every argument goes to JMH's command line, for example:
#   benchmarks/jmh.sh                        every benchmark with its annotated settings
#   benchmarks/jmh.sh OpenAiCall -prof gc    one benchmark, with allocation per operation
#   benchmarks/jmh.sh -wi 1 -i 1 -r 1s       a quick smoke run
# Needs a build first: ./mvnw -B -ntp -q package -DskipTests -pl benchmarks -am
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLASSES="$ROOT/benchmarks/target/classes"
CLASSPATH_FILE="$ROOT/benchmarks/target/classpath.txt"
if [[ ! -f "$CLASSPATH_FILE" || ! -f "$CLASSES/META-INF/BenchmarkList" ]]; then
  echo "jmh.sh: the benchmarks are not built; build first with:" >&2
  echo "  ./mvnw -B -ntp -q package -DskipTests -pl benchmarks -am" >&2
  exit 2
fi
exec "${JAVA:-java}" -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" org.openjdk.jmh.Main "$@"
