#!/usr/bin/env bash
# The Spark phase of the benchmark (bench/README.md, "Spark"): the atproto data source on a standalone cluster
# on 127.0.0.1 against `carport records -o F.jsonl` on the same CARs.
#
#   bench/spark.sh                       100k and 1M fixtures (walk + cid order), seed 1, 2 runs per application
#   bench/spark.sh --sizes 100k --runs 1
#   bench/spark.sh --out results.md      the markdown section (stdout otherwise); raw JSON lines go to the cache
#
# Per fixture: `carport records F.car -o F.jsonl --no-signature` under /usr/bin/time -v (records per CPU-second
# of the whole process), then SparkBench (spark/src/test/java/carport/spark/SparkBench.java) with one Worker of
# 1 core and of 2 cores: `spark.read.format("atproto").option("signature","none").load(F.car)
# .write.format("noop").mode("overwrite").save()`, every column built. Last, the speed-up job: both orders of a
# size in one job, 1 core vs 2 cores. Fixtures come from bench/run.sh (the cache's fixtures/ folder).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
cache="${CARPORT_BENCH_CACHE:-$HOME/.cache/carport-bench}"
sizes="100k,1M"
runs=2
seed=1
out=""
memory="2g"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --executor-memory) memory="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench/spark.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { echo "[bench spark] $*" >&2; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/spark/pom.xml")"
spark_home="${CARPORT_SPARK_HOME:-$HOME/.cache/carport/spark-home-$spark_version}"

mkdir -p "$cache/results"
exec 9>"$cache/.lock"
if ! flock -n 9; then
  log "another benchmark run holds $cache/.lock; waiting for it"
  flock 9
fi

log "building carport-spark.jar and the Spark home ($spark_home)"
(cd "$root" && ./mvnw -q -B -pl spark -am pre-integration-test -DskipTests -Dcarport.spark.it.skip=false >&2)
jar="$root/spark/target/carport-spark.jar"
cp="$root/spark/target/test-classes:$jar:$spark_home/jars/*"

have_records=0
if (cd "$root" && ./carport help records >/dev/null 2>&1); then have_records=1; else
  log "carport has no 'records' command on this branch: the comparison column stays empty"
fi

raw="$cache/results/spark-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
work="$cache/work/spark"
rm -rf "$work"; mkdir -p "$work"

spark_run() { # label cores CAR...
  local label="$1" cores="$2"; shift 2
  log "$label: SparkBench, $cores core(s), $runs run(s): $*"
  SPARK_LOCAL_IP=127.0.0.1 "$java" -Xmx1g -cp "$cp" carport.spark.SparkBench --spark-home "$spark_home" --jar "$jar" --cores "$cores" \
      --runs "$runs" --executor-memory "$memory" --option signature=none "$@" 2>"$work/spark.err" \
    | while read -r line; do echo "{\"fixture\":\"$label\",\"tool\":\"spark\",${line#\{}" >> "$raw"; echo "$line" >&2; done
  [ "${PIPESTATUS[0]}" = 0 ] || { tail -20 "$work/spark.err" >&2; return 1; }
}

records_run() { # label CAR
  local label="$1" car="$2"
  log "$label: carport records -o F.jsonl --no-signature"
  rm -f "$work/out.jsonl"
  /usr/bin/time -v -o "$work/time.txt" "$root/carport" records "$car" -o "$work/out.jsonl" --no-signature \
    >/dev/null 2>"$work/records.err" || { tail -5 "$work/records.err" >&2; return 1; }
  local n user sys wall rss
  n=$(wc -l < "$work/out.jsonl")
  user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
  sys=$(sed -n 's/.*System time (seconds): //p' "$work/time.txt")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  echo "{\"fixture\":\"$label\",\"tool\":\"records\",\"records\":$n,\"wall_s\":$wall,\"cpu_s\":$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }'),\"peak_rss_mb\":$((rss / 1024))}" | tee -a "$raw" >&2
  rm -f "$work/out.jsonl"
}

IFS=, read -r -a size_list <<< "$sizes"
for size in "${size_list[@]}"; do
  for order in walk cid; do
    car="$cache/fixtures/repo-$size-s$seed-$order.car"
    [ -f "$car" ] || { log "no fixture $car (bench/run.sh --sizes $size makes it): skipped"; continue; }
    label="$size $order"
    [ "$have_records" = 1 ] && records_run "$label" "$car"
    spark_run "$label" 1 "$car"
    spark_run "$label" 2 "$car"
  done
  both=("$cache/fixtures/repo-$size-s$seed-walk.car" "$cache/fixtures/repo-$size-s$seed-cid.car")
  if [ -f "${both[0]}" ] && [ -f "${both[1]}" ]; then
    spark_run "$size walk+cid" 1 "${both[@]}"
    spark_run "$size walk+cid" 2 "${both[@]}"
  fi
done

log "raw rows: $raw"
report="$(node "$here/spark-report.mjs" "$raw" "$(nproc)" "$(uptime | sed 's/.*load average: //')")"
if [ -n "$out" ]; then printf '%s\n' "$report" > "$out"; log "report: $out"; else printf '%s\n' "$report"; fi
