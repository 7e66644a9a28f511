// Builds the markdown section of docs/benchmarks.md from bench/spark.sh's raw JSON lines.
// usage: node bench/spark-report.mjs RAW.jsonl NPROC "LOAD AVERAGES"
import fs from 'node:fs'

const [raw, nproc, load] = process.argv.slice(2)
const rows = fs.readFileSync(raw, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
const f = (x, d = 2) => (x == null || Number.isNaN(x) ? '-' : x.toFixed(d))
const fixtures = [...new Set(rows.map((r) => r.fixture))]
const L = []
L.push(`Raw rows: \`${raw}\`. Machine: ${nproc} CPUs, load average at the end ${load} (shared with other work: read the`,
  'figures as what they are, one loaded machine). Spark 4.0.1 standalone on 127.0.0.1, one Worker, one executor with',
  'all its cores, `spark.executor.memory` as shown; run 1 is the first job in a fresh executor JVM (after it',
  'registered; class loading and JIT included), run 2 the same job again in the same executor (JIT warm). `records/CPU-s (process)` counts the executor JVM\'s whole CPU time',
  '(/proc: every thread, GC, JIT) over the job; `records/CPU-s (executorCpuTime)` counts only the task threads, which',
  'miss the source\'s reader thread (rows are handed from a reader thread to the task thread), so it flatters Spark.',
  '`carport records` is one process from JVM start to exit (`/usr/bin/time`), JSONL written to the fixture disk.', '')
L.push('| fixture | tool | cores | run | records | wall s | CPU s | records/CPU-s (process) | records/CPU-s (executorCpuTime) | % of carport records per CPU-s | peak RSS MB |')
L.push('|---|---|---|---|---|---|---|---|---|---|---|')
for (const fx of fixtures) {
  const rec = rows.find((r) => r.fixture === fx && r.tool === 'records')
  const recRate = rec ? rec.records / rec.cpu_s : null
  if (rec) L.push(`| ${fx} | \`carport records -o F.jsonl\` | - | 1 | ${rec.records} | ${f(rec.wall_s)} | ${f(rec.cpu_s)} | ${f(recRate, 0)} | - | 100 | ${rec.peak_rss_mb} |`)
  for (const r of rows.filter((x) => x.fixture === fx && x.tool === 'spark')) {
    const proc = r.records / r.executor_process_cpu_s
    const task = r.records / r.executor_cpu_time_s
    L.push(`| ${fx} | Spark \`atproto\` → noop (${r.executor_memory}) | ${r.cores} | ${r.run} | ${r.records} | ${f(r.wall_s)} | ${f(r.executor_process_cpu_s)} | ${f(proc, 0)} | ${f(task, 0)} | ${recRate ? f(100 * proc / recRate, 0) + ' (' + f(100 * task / recRate, 0) + ')' : '-'} | ${f(r.peak_rss_mb, 0)} |`)
  }
}
L.push('', 'Speed-up from one to two executor cores (wall of the same job, same run number):', '')
L.push('| job | run | wall 1 core s | wall 2 cores s | speed-up |', '|---|---|---|---|---|')
for (const fx of fixtures) {
  for (const run of [...new Set(rows.filter((r) => r.fixture === fx && r.tool === 'spark').map((r) => r.run))]) {
    const one = rows.find((r) => r.fixture === fx && r.tool === 'spark' && r.cores === 1 && r.run === run)
    const two = rows.find((r) => r.fixture === fx && r.tool === 'spark' && r.cores === 2 && r.run === run)
    if (one && two) L.push(`| ${fx} (${one.cars} CAR${one.cars > 1 ? 's' : ''}) | ${run} | ${f(one.wall_s)} | ${f(two.wall_s)} | ${f(one.wall_s / two.wall_s)}x |`)
  }
}
console.log(L.join('\n'))
