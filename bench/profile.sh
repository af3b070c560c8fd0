#!/usr/bin/env bash
# Profiling benchmark: the platform's profile run against DuckDB's own SUMMARIZE, end to end CSV -> profile,
# peak memory at 10M rows, and 20 against 200 columns.
#
#   bench/profile.sh [--rows N] [--runs N] [--keep]
#
#   --rows N   rows of the generated orders CSV (default 1000000; the data of bench/ingest.sh: 20 columns)
#   --runs N   repetitions of each timed step; the best is reported (default 3)
#   --keep     keep the work folder (generated files, data folders, logs); with BENCH_DIR it is
#              always kept, and generated files are reused by the next run
#   BENCH_10M=1          also profile 10M rows (a ~2.2 GB CSV, ~6 GB of disk): ratio to SUMMARIZE and the
#                        peak RSS of the server process that profiled them
#   BENCH_DIR=DIR        work folder (default: a new temporary folder); shared with bench/ingest.sh
#   BENCH_JAVA_OPTS=...  JVM options of the platform (default: none)
#   BENCH_ENGINE_MEMORY=2GB  the engine's memory_limit (written to <data>/etc/org.dataanalyst.engine.cfg; default 1GB)
#
# Needs a JDK 17+, the platform jar (./analyst build) and DuckDB's JDBC driver + Jackson in the local Maven
# repository (any ./mvnw build of this repository puts them there). Not part of ./mvnw verify.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows=1000000 runs=3 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$root/launcher/target/analyst.jar" ] || "$root/analyst" build

m2="${MAVEN_REPO:-$HOME/.m2/repository}"
# version of a dependency managed in the parent pom (the <version> after its <artifactId>)
pom_version() { awk -v a="<artifactId>$1</artifactId>" 'index($0, a) { f = 1; next } f && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); print; exit }' "$root/pom.xml"; }
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
jar() { # group-path artifact version
  local f="$m2/$1/$2/$3/$2-$3.jar"
  [ -f "$f" ] || { echo "bench: $f is missing; run ./mvnw install once to fetch it" >&2; exit 2; }
  echo "$f"
}
jackson="$(prop jackson.version)"
cp="$(jar org/duckdb duckdb_jdbc "$(pom_version duckdb_jdbc)")"
for a in jackson-databind jackson-core jackson-annotations; do
  cp="$cp:$(jar com/fasterxml/jackson/core "$a" "$jackson")"
done

work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work/input" "$work/tmp"
cleanup() { [ "$keep" = 1 ] || [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
echo "bench: work folder $work"

# the same files as bench/ingest.sh (same generator, same default seed): reused from BENCH_DIR
csv="$work/input/orders-$rows.csv"
[ -f "$csv" ] || java "$root/bench/Generator.java" "$rows" "$csv"
small="$work/input/orders-100000.csv"
[ -f "$small" ] || java "$root/bench/Generator.java" 100000 "$small"
args=(--root "$root" --work "$work" --csv "$csv" --csv100k "$small" --runs "$runs")
if [ "${BENCH_10M:-0}" = 1 ]; then
  big="$work/input/orders-10000000.csv"
  [ -f "$big" ] || java "$root/bench/Generator.java" 10000000 "$big"
  args+=(--csv10m "$big")
fi
# DuckDB extracts its ~70 MB native library into java.io.tmpdir
java -Xmx2g -Djava.io.tmpdir="$work/tmp" -cp "$cp" "$root/bench/ProfileBench.java" "${args[@]}"
