#!/usr/bin/env bash
# Ingestion benchmark: the platform's CSV ingest against DuckDB's own COPY, database ingests, memory.
#
#   bench/ingest.sh [--rows N] [--runs N] [--keep]
#
#   --rows N   rows of the generated CSV (default 1000000; ~20 columns, ~225 bytes a row)
#   --runs N   repetitions of each timed step; the best is reported (default 3)
#   --keep     keep the work folder (generated files, data folders, logs); with BENCH_DIR it is
#              always kept, and generated files are reused by the next run
#   BENCH_BIG=1          also ingest a generated ~2 GB CSV with the platform started with -Xmx512m and
#                        report the JVM heap peak and the process's peak RSS (needs ~6 GB of disk)
#   BENCH_DIR=DIR        work folder (default: a new temporary folder)
#   BENCH_JAVA_OPTS=...  JVM options of the platform for the timed steps (default: none)
#
# Needs a JDK 17+, the platform jar (./analyst build) and the JDBC drivers + Jackson in the local Maven
# repository (any ./mvnw build of this repository puts them there). PostgreSQL: Debian's server
# (apt-get install postgresql) is started on a free port like the test fixture; without it that step
# is skipped. Not part of ./mvnw verify.
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
cp="$cp:$(jar org/xerial sqlite-jdbc "$(pom_version sqlite-jdbc)")"
cp="$cp:$(jar org/postgresql postgresql "$(pom_version postgresql)")"
for a in jackson-databind jackson-core jackson-annotations; do
  cp="$cp:$(jar com/fasterxml/jackson/core "$a" "$jackson")"
done

work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work/input" "$work/tmp"
chmod 755 "$work" # PostgreSQL runs as the postgres user and keeps its files in $work/postgres
cleanup() { [ "$keep" = 1 ] || [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
echo "bench: work folder $work"

csv="$work/input/orders-$rows.csv"
[ -f "$csv" ] || java "$root/bench/Generator.java" "$rows" "$csv"
args=(--root "$root" --work "$work" --csv "$csv" --runs "$runs")
if [ "${BENCH_BIG:-0}" = 1 ]; then
  big="$work/input/big.csv"
  # ~225 bytes a row: 9.6M rows are ~2.15 GB
  [ -f "$big" ] || java "$root/bench/Generator.java" 9600000 "$big" 42
  args+=(--big "$big")
fi
# DuckDB extracts its ~70 MB native library into java.io.tmpdir
java -Xmx2g -Djava.io.tmpdir="$work/tmp" -cp "$cp" "$root/bench/IngestBench.java" "${args[@]}"
