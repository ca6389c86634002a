#!/usr/bin/env bash
# Measures what an agent adds to a JVM's start-up and run: wall time, CPU time (user + sys) and
# peak RSS, for a hello-world app and for the demo's OpenAI sample app (DemoApp against a loopback
# fake OpenAI API). Variants, run alternately in each round so that load changes hit all alike:
#   none         no agent
#   langfuse     agent/target/langfuse-agent.jar, sending to a loopback Langfuse stand-in
#   otel-openai  OpenTelemetry Java agent, only its OpenAI instrumentation, exporters off
#   otel-all     OpenTelemetry Java agent, every instrumentation, exporters off
#   langfuse-base  like langfuse, with the agent jar at $BASE_AGENT_JAR (another build to compare)
#   transformer-only  an agent that only registers a transformer changing nothing: the part of
#                  an agent's cost that the JVM adds to any transformer (docs/benchmarks.md)
# Prints the median of each measure, what each agent adds over "none", and the ratio of what
# langfuse adds to what otel-openai adds.
#
# Usage: benchmarks/startup.sh [ROUNDS]      (default 5; 1 for a smoke run)
# Environment: JAVA (default: java on PATH), OTEL_AGENT_VERSION (default 2.21.0),
#   VARIANTS (default "none langfuse otel-openai otel-all"), APPS (default "hello openai"),
#   BASE_AGENT_JAR (needed by the langfuse-base variant only).
# Needs a build first: ./mvnw -B -ntp -q package -DskipTests -pl benchmarks,examples/demo -am
set -euo pipefail

ROUNDS="${1:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="$(command -v "${JAVA:-java}")"
OTEL_AGENT_VERSION="${OTEL_AGENT_VERSION:-2.21.0}"
VARIANTS="${VARIANTS:-none langfuse otel-openai otel-all}"
APPS="${APPS:-hello openai}"

AGENT_JAR="$ROOT/agent/target/langfuse-agent.jar"
DEMO_JAR="$ROOT/examples/demo/target/langfuse-agent-demo.jar"
BENCH_CLASSES="$ROOT/benchmarks/target/classes"
BENCH_CLASSPATH_FILE="$ROOT/benchmarks/target/classpath.txt"
WORK="$ROOT/benchmarks/target/startup"
OTEL_JAR="$WORK/opentelemetry-javaagent-$OTEL_AGENT_VERSION.jar"
TRANSFORMER_ONLY_JAR="$(ls "$ROOT"/benchmarks/target/*-transformer-only-agent.jar 2>/dev/null | head -1)"

for required in "$AGENT_JAR" "$DEMO_JAR" "$BENCH_CLASSES" "$BENCH_CLASSPATH_FILE"; do
  if [[ ! -e "$required" ]]; then
    echo "startup.sh: $required is missing; build first with:" >&2
    echo "  ./mvnw -B -ntp -q package -DskipTests -pl benchmarks,examples/demo -am" >&2
    exit 2
  fi
done
if [[ ! -x /usr/bin/time ]]; then
  echo "startup.sh: /usr/bin/time is missing; install GNU time (Debian package: time)" >&2
  exit 2
fi

mkdir -p "$WORK"
rm -f "$WORK"/*.tsv "$WORK"/*.log
if [[ ! -f "$OTEL_JAR" ]]; then
  echo "fetching io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION" >&2
  "$ROOT/mvnw" -B -ntp -q -f "$ROOT/pom.xml" dependency:copy \
    -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION" \
    -DoutputDirectory="$WORK" >&2
fi

# The loopback servers run for the whole benchmark and stop when this script exits.
SERVERS_OUT="$WORK/servers.out"
"$JAVA" -cp "$BENCH_CLASSES:$(cat "$BENCH_CLASSPATH_FILE")" \
  com.langfuse.agent.benchmarks.LoopbackServers >"$SERVERS_OUT" 2>"$WORK/servers.err" &
SERVERS_PID=$!
trap 'kill "$SERVERS_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^langfuse=' "$SERVERS_OUT" 2>/dev/null && break
  sleep 0.1
done
OPENAI_URL="$(sed -n 's/^openai=//p' "$SERVERS_OUT")"
LANGFUSE_URL="$(sed -n 's/^langfuse=//p' "$SERVERS_OUT")"
if [[ -z "$OPENAI_URL" || -z "$LANGFUSE_URL" ]]; then
  echo "startup.sh: the loopback servers did not start; see $WORK/servers.err" >&2
  exit 1
fi

# Prints the command line of one app and variant; the environment comes from variant_env.
app_command() {
  local app="$1" variant="$2"
  local agent_flag=()
  case "$variant" in
    langfuse) agent_flag=("-javaagent:$AGENT_JAR") ;;
    langfuse-base) agent_flag=("-javaagent:${BASE_AGENT_JAR:?set BASE_AGENT_JAR for langfuse-base}") ;;
    transformer-only) agent_flag=("-javaagent:${TRANSFORMER_ONLY_JAR:?build the benchmarks module first}") ;;
    otel-*) agent_flag=("-javaagent:$OTEL_JAR") ;;
  esac
  case "$app" in
    hello) echo "$JAVA" "${agent_flag[@]}" -cp "$BENCH_CLASSES" com.langfuse.agent.benchmarks.HelloWorld ;;
    openai) echo "$JAVA" "${agent_flag[@]}" -cp "$DEMO_JAR" com.langfuse.agent.demo.DemoApp ;;
  esac
}

# Prints NAME=VALUE words for env -i: a clean environment, so nothing inherited changes a run.
variant_env() {
  local variant="$1"
  echo "PATH=$PATH" "HOME=$HOME" "OPENAI_BASE_URL=$OPENAI_URL" "OPENAI_API_KEY=sk-benchmark"
  case "$variant" in
    langfuse | langfuse-base)
      echo "LANGFUSE_PUBLIC_KEY=pk-lf-benchmark" "LANGFUSE_SECRET_KEY=sk-lf-benchmark" \
        "LANGFUSE_BASE_URL=$LANGFUSE_URL"
      ;;
    otel-openai)
      echo "OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED=false" \
        "OTEL_INSTRUMENTATION_OPENAI_ENABLED=true" "OTEL_TRACES_EXPORTER=none" \
        "OTEL_METRICS_EXPORTER=none" "OTEL_LOGS_EXPORTER=none"
      ;;
    otel-all)
      echo "OTEL_TRACES_EXPORTER=none" "OTEL_METRICS_EXPORTER=none" "OTEL_LOGS_EXPORTER=none"
      ;;
  esac
}

# Runs one app under one variant and appends "app variant wall cpu rss_kib" to results.tsv.
run_once() {
  local app="$1" variant="$2" times="$WORK/time.out"
  # shellcheck disable=SC2046 # word splitting of the generated lists is intended
  if ! env -i $(variant_env "$variant") /usr/bin/time -f '%e %U %S %M' -o "$times" \
    $(app_command "$app" "$variant") >>"$WORK/$app-$variant.log" 2>&1; then
    echo "startup.sh: $app under $variant failed; see $WORK/$app-$variant.log" >&2
    exit 1
  fi
  awk -v app="$app" -v variant="$variant" \
    '{ printf "%s\t%s\t%s\t%.2f\t%s\n", app, variant, $1, $2 + $3, $4 }' "$times" \
    >>"$WORK/results.tsv"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
  "$("$JAVA" -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for app in $APPS; do
  # One untimed run each warms the file cache and the OpenTelemetry jar's first read.
  for variant in $VARIANTS; do
    # shellcheck disable=SC2046
    env -i $(variant_env "$variant") $(app_command "$app" "$variant") >/dev/null 2>&1 || true
  done
done
for round in $(seq 1 "$ROUNDS"); do
  for app in $APPS; do
    for variant in $VARIANTS; do
      run_once "$app" "$variant"
    done
  done
  echo "round $round of $ROUNDS done, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "agent jars: langfuse $(stat -c %s "$AGENT_JAR") bytes," \
  "opentelemetry $(stat -c %s "$OTEL_JAR") bytes"
if [[ -n "${BASE_AGENT_JAR:-}" ]]; then
  echo "base langfuse jar: $BASE_AGENT_JAR, $(stat -c %s "$BASE_AGENT_JAR") bytes"
fi
echo

# Medians per app and variant, then the cost each agent adds over "none", then the ratios.
sort -k1,1 -k2,2 "$WORK/results.tsv" | awk -F'\t' -v variants="$VARIANTS" -v apps="$APPS" '
  function median(list,   values, n, i, j, tmp) {
    n = split(list, values, " ")
    for (i = 2; i <= n; i++) {
      for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) {
        tmp = values[j]; values[j] = values[j - 1]; values[j - 1] = tmp
      }
    }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  { key = $1 SUBSEP $2; wall[key] = wall[key] " " $3; cpu[key] = cpu[key] " " $4; rss[key] = rss[key] " " $5 }
  END {
    nv = split(variants, v, " "); na = split(apps, a, " ")
    printf "%-7s %-16s %9s %9s %9s   %10s %10s %10s\n", "app", "variant", "wall s", "cpu s", "rss MiB", "+wall s", "+cpu s", "+rss MiB"
    for (i = 1; i <= na; i++) {
      base = a[i] SUBSEP "none"
      bw = median(wall[base]); bc = median(cpu[base]); br = median(rss[base]) / 1024
      for (j = 1; j <= nv; j++) {
        key = a[i] SUBSEP v[j]
        mw = median(wall[key]); mc = median(cpu[key]); mr = median(rss[key]) / 1024
        addw[key] = mw - bw; addc[key] = mc - bc; addr[key] = mr - br
        printf "%-7s %-16s %9.3f %9.3f %9.1f   %10.3f %10.3f %10.1f\n", a[i], v[j], mw, mc, mr, addw[key], addc[key], addr[key]
      }
    }
    print ""
    print "added by langfuse / added by otel-openai (target: at most 0.25 each)"
    for (i = 1; i <= na; i++) {
      o = a[i] SUBSEP "otel-openai"
      for (k = 1; k <= nv; k++) {
        if (v[k] !~ /^langfuse/) continue
        l = a[i] SUBSEP v[k]
        if (!(l in addw) || !(o in addw)) continue
        printf "%-7s %-13s wall %5.2f   cpu %5.2f   rss %5.2f\n", a[i], v[k], ratio(addw[l], addw[o]), ratio(addc[l], addc[o]), ratio(addr[l], addr[o])
      }
    }
  }
  function ratio(x, y) { return y > 0 ? x / y : -1 }
'
echo
echo "raw measurements: $WORK/results.tsv (app, variant, wall s, cpu s, peak rss KiB)"
