// carport benchmark driver (started by bench/run.sh, which passes --root/--shared/--cache; see bench/README.md).
//
// Every measured command runs in a fresh process under /usr/bin/time -v; runs are interleaved (run 1 of every
// command on a fixture, then run 2, ...) so that load drifting over the session hits every tool alike.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const NODE_HEAP_MB = 16000 // as refjs/atcute bench-all.mjs: the reference needs GBs at 1M

// ------------------------------------------------------------------ arguments

function usage(msg) {
  if (msg) console.error(`bench: ${msg}`)
  console.error('usage: bench/run.sh [--sizes 10k,100k] [--orders walk,cid] [--runs N] [--seed S] [--out FILE.md]\n' +
    '                    [--with-1m] [--runs-1m N] [--java-opts "-Xmx256m"] [--only-reference] [--no-atcute]\n' +
    '                    [--no-targets] [--wait-load L [--wait-max S]] [--blobs] [--site | --only-site]\n' +
    '                    [--records [--records-no-reference]] [--groups verify,list,unpack]\n' +
    '                    [--smoke] | --summarize FILE.jsonl [--out FILE.md]')
  process.exit(2)
}

function parseArgs(argv) {
  const o = {
    root: null, shared: null, cache: null,
    sizes: ['10k', '100k'], orders: ['walk', 'cid'], runs: 3, runs1m: null, seed: '1', out: null,
    with1m: false, smoke: false, onlyReference: false, atcute: true, targets: true, javaOpts: '-Xmx256m', summarize: null, waitLoad: null, waitMaxS: 120, blobs: false, records: false, recordsReference: true, groups: null,
    site: false, onlySite: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => (i + 1 < argv.length ? argv[++i] : usage(`missing value for ${a}`))
    if (a === '--root') o.root = next()
    else if (a === '--shared') o.shared = next()
    else if (a === '--cache') o.cache = next()
    else if (a === '--sizes') o.sizes = next().split(',').filter(Boolean)
    else if (a === '--orders') o.orders = next().split(',').filter(Boolean)
    else if (a === '--runs') o.runs = parseInt(next(), 10)
    else if (a === '--runs-1m') o.runs1m = parseInt(next(), 10)
    else if (a === '--seed') o.seed = next()
    else if (a === '--out') o.out = path.resolve(next())
    else if (a === '--with-1m') o.with1m = true
    else if (a === '--smoke') o.smoke = true
    else if (a === '--only-reference') o.onlyReference = true
    else if (a === '--no-atcute') o.atcute = false
    else if (a === '--no-targets') o.targets = false
    else if (a === '--java-opts') o.javaOpts = next()
    else if (a === '--summarize') o.summarize = path.resolve(next())
    else if (a === '--wait-load') o.waitLoad = Number(next())
    else if (a === '--wait-max') o.waitMaxS = Number(next())
    else if (a === '--blobs') o.blobs = true
    else if (a === '--records') o.records = true
    else if (a === '--records-no-reference') o.recordsReference = false
    else if (a === '--groups') o.groups = next().split(',').filter(Boolean)
    else if (a === '--site') o.site = true
    else if (a === '--only-site') Object.assign(o, { site: true, onlySite: true })
    else usage(`unknown argument ${a}`)
  }
  if (!o.root || !o.shared || !o.cache) usage('start the harness through bench/run.sh')
  if (o.summarize) return o
  if (o.smoke) {
    // CI mode: one cheap pass that proves the harness and every command still run; never judges timings
    Object.assign(o, { sizes: ['10k'], orders: ['walk'], runs: 1, with1m: false, atcute: false, targets: false, blobs: false, site: false, onlySite: false })
  }
  if (o.with1m && !o.sizes.includes('1M')) o.sizes.push('1M')
  for (const s of o.sizes) parseCount(s)
  for (const ord of o.orders) if (!['walk', 'cid'].includes(ord)) usage(`bad order ${ord}`)
  if (!(o.runs >= 1)) usage('--runs must be >= 1')
  if (o.runs1m === null) o.runs1m = o.runs
  return o
}

function parseCount(s) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s)
  if (!m) usage(`bad size ${s} (e.g. 10k, 100k, 1M)`)
  return Math.round(parseFloat(m[1]) * { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]])
}

// ------------------------------------------------------------------ small helpers

const log = (...a) => console.error('bench:', ...a)
const sleepMs = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

// --wait-load L: before a run, wait (at most --wait-max s) until the 1-minute load average is below L, so that runs
// start when other work on a shared machine has calmed down. Returns the seconds waited.
function waitForLoad(o) {
  if (o.waitLoad === null) return 0
  const t0 = performance.now()
  while (os.loadavg()[0] >= o.waitLoad && performance.now() - t0 < o.waitMaxS * 1000) sleepMs(2000)
  return +((performance.now() - t0) / 1000).toFixed(1)
}

function sh(cmd, args, opts = {}) {
  const p = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts })
  return { code: p.status ?? (p.signal ? 128 : 1), out: (p.stdout ?? '').trim(), err: (p.stderr ?? '').trim(), error: p.error }
}

function must(cmd, args, opts = {}) {
  // child output goes to our stderr: stdout is reserved for the report
  const r = spawnSync(cmd, args, { ...opts, stdio: ['ignore', 2, 2] })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`)
}

const sha256File = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')

function emptyDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
}

function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function fmt(x, digits = 2) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '-'
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US')
  return x.toFixed(digits)
}

// all regular files under dir: [relative path, size], sorted by path
function listFiles(dir) {
  const out = []
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      const r = rel ? rel + '/' + e.name : e.name
      if (e.isDirectory()) walk(p, r)
      else if (e.isFile()) out.push([r, fs.statSync(p).size])
    }
  }
  if (fs.existsSync(dir)) walk(dir, '')
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

// ------------------------------------------------------------------ setup: node packages, fixtures, carport, baseline

// Copies a ../shared/bench project into the cache and runs npm ci there when its lock file (or node) changed.
function setupNodeProject(o, name) {
  const src = path.join(o.shared, 'bench', name)
  const dst = path.join(o.cache, name)
  fs.mkdirSync(dst, { recursive: true })
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (e.isFile()) fs.copyFileSync(path.join(src, e.name), path.join(dst, e.name))
  }
  fs.chmodSync(dst, 0o755)
  for (const f of fs.readdirSync(dst)) if (!fs.statSync(path.join(dst, f)).isDirectory()) fs.chmodSync(path.join(dst, f), 0o644)
  const stamp = path.join(dst, 'node_modules', '.carport-bench-stamp')
  const want = sha256File(path.join(dst, 'package-lock.json')) + ' ' + process.version
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    log(`npm ci in ${dst}`)
    must('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dst })
    fs.writeFileSync(stamp, want)
  }
  return dst
}

function ensureFixture(o, refjs, label, order) {
  const n = parseCount(label)
  const dir = path.join(o.cache, 'fixtures')
  // leftovers of an interrupted generation (we hold the cache lock, so no generator is running)
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.startsWith('.tmp-')) fs.rmSync(path.join(dir, f), { force: true })
  const base = `repo-${label}-s${o.seed}-${order}`
  const car = path.join(dir, base + '.car')
  const json = car + '.json'
  if (!fs.existsSync(car) || !fs.existsSync(json)) {
    fs.mkdirSync(dir, { recursive: true })
    const tmp = path.join(dir, `.tmp-${process.pid}-${base}.car`)
    log(`generating ${base}.car (${n} records; ${n >= 1e6 ? 'minutes, ~5 GB of node heap' : 'seconds'})`)
    const t0 = performance.now()
    must(process.execPath, [`--max-old-space-size=${NODE_HEAP_MB}`, 'gen-repo.mjs', '-n', String(n), '-s', o.seed,
      '--order', order, '-o', tmp], { cwd: refjs })
    log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    fs.renameSync(tmp + '.json', json)
    fs.renameSync(tmp, car)
  }
  const meta = JSON.parse(fs.readFileSync(json, 'utf8'))
  if (meta.records !== n) throw new Error(`${json}: ${meta.records} records, expected ${n}`)
  return { id: `${label} ${order}`, label, order, n, car, meta, bytes: fs.statSync(car).size, records: meta.records, did: meta.did, key: meta.signingKey }
}

function pegasusFixture(o, targets) {
  const car = path.join(o.shared, targets.list_records_pegasus.car)
  const summary = path.join(path.dirname(car), 'derived', path.basename(car) + '.summary.json')
  if (!fs.existsSync(car) || !fs.existsSync(summary)) return null
  const s = JSON.parse(fs.readFileSync(summary, 'utf8'))
  return { id: 'pegasus (real)', label: 'pegasus', order: 'getRepo', n: s.records_present, car, bytes: fs.statSync(car).size, records: s.records_present }
}

// Builds the jar (not timed) and finds out which of the timed commands exist yet.
function setupCarport(o) {
  const launcher = path.join(o.root, 'carport')
  log('building carport (./carport --version; not timed)')
  const v = sh(launcher, ['--version'], { cwd: o.root })
  if (v.code !== 0) throw new Error(`./carport --version failed (exit ${v.code}): ${v.err.slice(-2000)}`)
  const have = {}
  for (const c of ['verify', 'list-records', 'unpack-records', 'download-blobs', 'site']) have[c] = sh(launcher, ['help', c], { cwd: o.root }).code === 0
  return { launcher, version: v.out.split('\n')[0], have }
}

function setupBaseline(o) {
  const src = path.join(here, 'FilesWriteBaseline.java')
  const dir = path.join(o.cache, 'baseline-classes')
  const stamp = path.join(dir, '.stamp')
  const javaVersion = sh(process.env.BENCH_JAVA, ['-version']).err
  const want = sha256File(src) + '\n' + javaVersion
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    emptyDir(dir)
    must(process.env.BENCH_JAVAC, ['--release', '17', '-d', dir, src])
    fs.writeFileSync(stamp, want)
  }
  return dir
}

// ------------------------------------------------------------------ one measured run

function parseTimeV(text) {
  const get = (label) => {
    const line = text.split('\n').find((l) => l.trim().startsWith(label))
    return line ? line.slice(line.lastIndexOf(': ') + 2).trim() : null
  }
  const wall = get('Elapsed (wall clock) time')
  return {
    timeWallS: wall ? wall.split(':').map(Number).reduce((acc, p) => acc * 60 + p, 0) : NaN,
    userS: Number(get('User time (seconds)')),
    sysS: Number(get('System time (seconds)')),
    rssMB: Math.round(Number(get('Maximum resident set size (kbytes)')) / 1024),
  }
}

// Runs cmd under /usr/bin/time -v in a fresh process; stdout and stderr go to files (a 1M listing is ~60 MB).
function measure(work, cmd, args, { cwd, env }) {
  const tfile = path.join(work, 'time.txt')
  const ofile = path.join(work, 'stdout.txt')
  const efile = path.join(work, 'stderr.txt')
  const ofd = fs.openSync(ofile, 'w')
  const efd = fs.openSync(efile, 'w')
  const load1 = os.loadavg()[0]
  const t0 = process.hrtime.bigint()
  const p = spawnSync('/usr/bin/time', ['-v', '-o', tfile, cmd, ...args], { cwd, env, stdio: ['ignore', ofd, efd] })
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9
  fs.closeSync(ofd)
  fs.closeSync(efd)
  const t = fs.existsSync(tfile) ? parseTimeV(fs.readFileSync(tfile, 'utf8')) : {}
  return { exit: p.status ?? 128, wallS, ...t, cpuS: t.userS + t.sysS, load1, ofile, stderr: fs.readFileSync(efile, 'utf8') }
}

// last stdout line of a node bench.mjs / the baseline: one JSON object
function lastJson(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n')
  try {
    return JSON.parse(lines.at(-1))
  } catch {
    return null
  }
}

// carport list-records: count record lines. A record line names collection/rkey (NSID/rkey); lines that do not
// (a header or a summary, if any) are not counted. Also hashes "key cid" lines the way atcute's bench.mjs does,
// so that the listing can be compared with @atcute/repo's when the format allows it.
function countListing(file) {
  const text = fs.readFileSync(file, 'utf8')
  const keyRe = /(?:^|[\s"'\/,=])([a-zA-Z][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)+\/[A-Za-z0-9._:~-]+)/
  const cidRe = /\b(bafy[a-z2-7]{50,})\b/
  let nonEmpty = 0
  const keyed = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    nonEmpty++
    const k = keyRe.exec(line)
    if (k) {
      const c = cidRe.exec(line)
      keyed.push(c ? `${k[1]} ${c[1]}\n` : null)
    }
  }
  let listSha256 = null
  if (keyed.length && keyed.every((x) => x !== null)) {
    const h = crypto.createHash('sha256')
    for (const l of [...keyed].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) h.update(l)
    listSha256 = h.digest('hex')
  }
  return { nonEmpty, keyed: keyed.length, listSha256 }
}

function tail(s, n = 600) {
  s = (s ?? '').trim()
  return s.length > n ? '...' + s.slice(-n) : s
}

// ------------------------------------------------------------------ the plan

const MAIN_COMMANDS = ['verify', 'list-records', 'unpack-records']

// group: which phases are compared with each other in the tables
const GROUPS = {
  verify: { title: 'verify (CIDs + signature + MST + decode every record)', carport: 'verify', refjs: 'verify', atcute: 'full' },
  list: { title: 'list records (CIDs + MST walk, list every key)', carport: 'list-records', refjs: 'walk', atcute: 'walkc' },
  unpack: { title: 'unpack (verify + write one JSON file per record)', carport: 'unpack-records', refjs: 'unpack', atcute: null },
  // --records: its own jobs (recordsJobs) and report section (recordsSection), not in the main table
  records: { title: 'records and sql (tables: JSONL, Parquet, DuckDB)', extra: true },
}

const RECORDS_JAVA_OPTS = '-Xmx512m'
const RECORDS_MEMORY_LIMIT = '512MB'
const RECORDS_QUERY = 'SELECT collection, count(*) FROM records GROUP BY 1'

// An export folder DIR/<did>/ around the fixture CAR (a symlink) for `carport sql`; made once, not timed. The
// fixture's did:plc has no PLC log anywhere, so the sql runs use --no-signature (the signature check is one ECDSA
// verification: milliseconds); every block, the MST and every record are still checked.
function exportFolderFor(env, fx) {
  const dir = path.join(env.work, `export-${fx.label}-${fx.order}`, fx.did)
  fs.mkdirSync(dir, { recursive: true })
  const car = path.join(dir, '_repo.car')
  fs.rmSync(car, { force: true })
  fs.symlinkSync(fx.car, car)
  fs.writeFileSync(path.join(dir, '_export.json'), JSON.stringify({ format: 1, did: fx.did, handle: null, pds: 'https://pds.invalid',
    rev: fx.meta.rev, commit: fx.meta.root, records: fx.records, blobs: 0, verified: true, finished: new Date().toISOString() }))
  return path.dirname(dir)
}

// verify (the yardstick), records -> JSONL and Parquet, sql over the export folder, --save, the saved file queried,
// and the reference's unpack beside: one unit, in this order (the saved query needs the --save before it).
function recordsJobs(o, env, fx) {
  const out = path.join(env.outDir, 'records')
  const exportDir = exportFolderFor(env, fx)
  const saved = path.join(out, 'r.duckdb')
  const c = (variant, args, extra = {}) => ({ fx, tool: 'carport', group: 'records', phase: args[0], variant, javaOpts: RECORDS_JAVA_OPTS, args, sameUnit: true, ...extra })
  const jobs = [
    c('verify', ['verify', fx.car, '--key', fx.key, '--did', fx.did], { sameUnit: false, cleanBefore: out }),
    c('records -o F.jsonl', ['records', fx.car, '--key', fx.key, '-o', path.join(out, 'r.jsonl')]),
    c('records -o F.parquet', ['records', fx.car, '--key', fx.key, '-o', path.join(out, 'r.parquet'), '--memory-limit', RECORDS_MEMORY_LIMIT]),
    c('sql GROUP BY (export folder)', ['sql', exportDir, '--no-signature', '--memory-limit', RECORDS_MEMORY_LIMIT, '-e', RECORDS_QUERY]),
    c('sql --save F.duckdb', ['sql', exportDir, '--no-signature', '--memory-limit', RECORDS_MEMORY_LIMIT, '--save', saved]),
    c('sql GROUP BY (saved F.duckdb)', ['sql', saved, '--memory-limit', RECORDS_MEMORY_LIMIT, '-e', RECORDS_QUERY]),
  ]
  if (o.recordsReference) jobs.push({ fx, tool: 'refjs', group: 'records', phase: 'unpack', variant: 'unpack (reference)', args: ['unpack', fx.car, '--out', path.join(out, 'refjs')], sameUnit: true })
  jobs.at(-1).cleanAfter = out
  return jobs
}

function jobsFor(o, env, fx, { carportCmds, groups = Object.keys(GROUPS).filter((g) => !GROUPS[g].extra && (!o.groups || o.groups.includes(g))), variants = [] }) {
  const jobs = []
  const carportEnv = (javaOpts) => ({ ...process.env, JAVA_OPTS: javaOpts })
  for (const g of groups) {
    const spec = GROUPS[g]
    const unit = []
    if (carportCmds[spec.carport]) {
      const base = { fx, tool: 'carport', group: g, phase: spec.carport, javaOpts: o.javaOpts }
      if (g === 'verify') unit.push({ ...base, args: ['verify', fx.car, '--key', fx.key, '--did', fx.did] })
      if (g === 'list') unit.push({ ...base, args: ['list-records', fx.car] })
      if (g === 'unpack') unit.push({ ...base, args: ['unpack-records', fx.car, '-o', env.outDir] }, { fx, tool: 'baseline', group: g, phase: 'Files.write loop', javaOpts: o.javaOpts })
    }
    if (spec.refjs) {
      const job = { fx, tool: 'refjs', group: g, phase: spec.refjs, args: [spec.refjs, fx.car] }
      if (g === 'unpack') {
        job.args.push('--out', env.outDir)
        unit.push(job)
        // without carport's unpack the baseline writes what the reference wrote (noted in the report)
        if (!carportCmds[spec.carport]) unit.push({ fx, tool: 'baseline', group: g, phase: 'Files.write loop', javaOpts: o.javaOpts })
      } else unit.unshift(job)
    }
    if (o.atcute && spec.atcute) unit.push({ fx, tool: 'atcute', group: g, phase: spec.atcute, args: [spec.atcute, fx.car] })
    jobs.push(...unit)
  }
  for (const v of variants) jobs.push(v)
  // keep each unpack and the baseline that copies its file sizes together and in that order
  return jobs
}

// ------------------------------------------------------------------ running

function runJob(o, env, job, runIdx, manifests) {
  const { fx } = job
  const row = { fixture: fx.id, tool: job.tool, group: job.group, phase: job.phase, variant: job.variant ?? null, run: runIdx,
    javaOpts: job.tool === 'carport' || job.tool === 'baseline' ? job.javaOpts : null }
  const unpackish = job.group === 'unpack' || job.group === 'blobs'
  if (unpackish) {
    emptyDir(env.outDir) // not timed; flush so one run's dirty pages are not written back during the next
    sh('sync', [])
  }
  if (job.cleanBefore) {
    emptyDir(job.cleanBefore)
    sh('sync', [])
  }
  const waited = waitForLoad(o)
  if (waited) row.waitedS = waited
  let m
  if (job.tool === 'carport') {
    m = measure(env.work, env.carport.launcher, job.args, { cwd: o.root, env: { ...process.env, JAVA_OPTS: job.javaOpts } })
  } else if (job.tool === 'refjs' || job.tool === 'atcute') {
    const cwd = job.tool === 'refjs' ? env.refjs : env.atcute
    m = measure(env.work, process.execPath, [`--max-old-space-size=${NODE_HEAP_MB}`, 'bench.mjs', ...job.args], { cwd, env: process.env })
  } else if (job.tool === 'baseline') {
    const man = manifests.get(fx.id)
    if (!man) {
      Object.assign(row, { ok: false, error: 'no unpack output to copy file sizes from (the unpack before it failed)' })
      return row
    }
    m = measure(env.work, process.env.BENCH_JAVA, [...job.javaOpts.split(/\s+/).filter(Boolean), '-cp', env.baselineClasses,
      'FilesWriteBaseline', man.file, env.outDir], { cwd: o.root, env: process.env })
    row.manifestFrom = man.from
  }
  Object.assign(row, { exit: m.exit, wallS: m.wallS, timeWallS: m.timeWallS, userS: m.userS, sysS: m.sysS, cpuS: m.cpuS, rssMB: m.rssMB, load1: +m.load1.toFixed(2) })
  row.ok = m.exit === 0
  if (!row.ok) row.error = `exit ${m.exit}: ${tail(m.stderr)}`

  if (row.ok && job.tool !== 'carport') {
    const j = lastJson(m.ofile)
    if (!j) Object.assign(row, { ok: false, error: 'no JSON result line: ' + tail(fs.readFileSync(m.ofile, 'utf8')) })
    else {
      row.workS = j.seconds
      row.workCpuS = j.cpuSeconds ?? null
      if (job.tool === 'baseline') Object.assign(row, { files: j.files, fileBytes: j.bytes, filesPerSec: j.filesPerSec, java: j.java })
      else {
        row.laps = j.laps
        if (j.listSha256) row.listSha256 = j.listSha256
        if (j.records !== undefined && j.records !== fx.records) Object.assign(row, { ok: false, error: `${j.records} records, expected ${fx.records}` })
      }
    }
  }
  if (row.ok && job.tool === 'carport' && job.group === 'list') {
    const c = countListing(m.ofile)
    row.listed = c.keyed === fx.records ? c.keyed : c.nonEmpty
    if (c.listSha256 && c.keyed === fx.records) row.listSha256 = c.listSha256
    if (c.keyed !== fx.records && c.nonEmpty !== fx.records) {
      Object.assign(row, { ok: false, error: `list-records printed ${c.nonEmpty} lines (${c.keyed} with a collection/rkey), expected ${fx.records} records` })
    }
  }
  if (job.group === 'blobs' && row.ok) {
    const n = listFiles(env.outDir).filter(([p]) => p.includes('/_blob/')).length
    if (n !== fx.records) Object.assign(row, { ok: false, error: `${n} blob files written, expected ${fx.records}` })
  }
  if (job.group === 'unpack' && (job.tool === 'carport' || job.tool === 'refjs')) {
    const files = listFiles(env.outDir)
    row.files = files.length
    row.fileBytes = files.reduce((s, f) => s + f[1], 0)
    if (row.ok && files.length < fx.records) Object.assign(row, { ok: false, error: `unpack wrote ${files.length} files, expected ${fx.records}` })
    // the baseline copies carport's file sizes when carport ran, the reference's otherwise
    const cur = manifests.get(fx.id)
    if (row.ok && (!cur || (cur.from !== 'carport' && job.tool === 'carport'))) {
      const file = path.join(env.work, `manifest-${fx.label}-${fx.order}.tsv`)
      fs.writeFileSync(file, files.map(([p, s]) => `${p}\t${s}\n`).join(''))
      manifests.set(fx.id, { file, from: job.tool })
    }
  }
  if (unpackish) fs.rmSync(env.outDir, { recursive: true, force: true })
  if (job.cleanAfter) fs.rmSync(job.cleanAfter, { recursive: true, force: true })
  return row
}

// ------------------------------------------------------------------ machine

function machine(o, env) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8')
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? '?'
  const flags = /flags\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? ''
  const memKB = Number(/MemTotal:\s*(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0)
  const java = sh(process.env.BENCH_JAVA, ['-version']).err.split('\n')
  const df = sh('df', ['-T', env.work]).out.split('\n')[1]?.split(/\s+/) ?? []
  const mount = sh('findmnt', ['-n', '-o', 'OPTIONS', '-T', env.work]).out
  const git = sh('git', ['-C', o.root, 'rev-parse', '--short', 'HEAD']).out
  const dirty = sh('git', ['-C', o.root, 'status', '--porcelain', '--untracked-files=no']).out ? ' (+ uncommitted changes)' : ''
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: sh('nproc', []).out,
    cpu: model + (flags.includes('sha_ni') ? ' (SHA-NI)' : ''),
    memGB: (memKB / 1024 / 1024).toFixed(1),
    kernel: `${os.type()} ${os.release()}`,
    java: java.join(' / '),
    javaBin: process.env.BENCH_JAVA,
    node: process.version,
    fs: df.length > 1 ? `${df[1]} (${df[0]}${mount ? ', ' + mount : ''})` : '?',
    carport: `${env.carport?.version ?? 'not run'} @ ${git}${dirty}`,
  }
}

// ------------------------------------------------------------------ report

function summarizeRows(rows) {
  const groups = new Map()
  for (const r of rows) {
    const k = [r.fixture, r.group, r.tool, r.phase, r.variant ?? ''].join('\t')
    if (!groups.has(k)) groups.set(k, [])
    groups.get(k).push(r)
  }
  const out = new Map()
  for (const [k, rs] of groups) {
    const ok = rs.filter((r) => r.ok)
    const walls = ok.map((r) => r.wallS)
    out.set(k, {
      ...rs[0], runs: rs.length, okRuns: ok.length,
      wallS: median(walls), minWall: Math.min(...walls), maxWall: Math.max(...walls),
      cpuS: median(ok.map((r) => r.cpuS)), rssMB: median(ok.map((r) => r.rssMB)),
      workS: median(ok.map((r) => r.workS)), load1: median(rs.map((r) => r.load1)),
      filesPerSec: median(ok.map((r) => r.filesPerSec)), detail: ok[0]?.detail,
      files: ok[0]?.files, fileBytes: ok[0]?.fileBytes,
      listSha256: ok.find((r) => r.listSha256)?.listSha256 ?? null,
      errors: rs.filter((r) => !r.ok).map((r) => `run ${r.run}: ${r.error}`),
    })
  }
  return out
}

function buildReport(o, env, fixtures, rows, targets, mach, meta) {
  const S = summarizeRows(rows)
  const get = (fx, group, tool, variant = '') => {
    for (const [k, v] of S) {
      const [f, g, t, , vv] = k.split('\t')
      if (f === fx.id && g === group && t === tool && vv === variant) return v
    }
    return null
  }
  const L = []
  const loads = rows.map((r) => r.load1).filter(Number.isFinite).sort((a, b) => a - b)
  L.push('# carport benchmarks', '')
  L.push(`Generated by \`bench/run.sh ${meta.argv.join(' ')}\` on ${mach.date}. How to run it and what every number means:`,
    '[bench/README.md](../bench/README.md). Each number is the median of the runs of one command, each run a fresh',
    'process under `/usr/bin/time -v`; runs of the different tools were interleaved on the same fixture files.', '')
  L.push('## Machine', '')
  L.push('| | |', '|---|---|')
  L.push(`| CPUs (nproc) | ${mach.nproc} |`, `| CPU | ${mach.cpu} |`, `| memory | ${mach.memGB} GiB |`, `| kernel | ${mach.kernel} |`)
  L.push(`| JDK | ${mach.java} (\`${mach.javaBin}\`) |`, `| node | ${mach.node} (refjs, atcute, the fixture generator) |`)
  L.push(`| unpack target file system | ${mach.fs} |`, `| carport | ${mach.carport} |`)
  L.push(`| carport JAVA_OPTS | \`${o.javaOpts}\` (targets: as stated there) |`)
  L.push(`| load average (1 min) before each run | min ${fmt(loads[0])}, median ${fmt(median(loads))}, max ${fmt(loads.at(-1))} |`)
  if (o.waitLoad !== null) L.push(`| waited before each run | until load1 < ${o.waitLoad} (at most ${o.waitMaxS} s; median wait ${fmt(median(rows.map((r) => r.waitedS ?? 0)), 1)} s) |`)
  L.push(`| runs per command | ${o.runs}${o.sizes.includes('1M') && o.runs1m !== o.runs ? ` (1M: ${o.runs1m})` : ''} |`, '')
  if (loads.at(-1) > Number(mach.nproc) * 0.75) {
    L.push(`The machine was busy with other work during part of the run (load average up to ${fmt(loads.at(-1))} on ${mach.nproc} CPUs): ` +
      'wall times are inflated and noisy; CPU s is the steadier figure.', '')
  }

  L.push('## Fixtures', '')
  L.push('Generated by `../shared/bench/refjs/gen-repo.mjs` (official `@atproto/repo`), cached in `' + o.cache + '/fixtures`.', '')
  L.push('| fixture | records | CAR MB | blocks | block order | root |', '|---|---|---|---|---|---|')
  for (const fx of fixtures.filter((f) => f.label !== 'blobs' && !f.label.startsWith('site'))) {
    L.push(`| ${fx.id} | ${fx.records.toLocaleString('en-US')} | ${fmt(fx.bytes / 1e6)} | ${fx.meta?.blocks?.toLocaleString('en-US') ?? '-'} | ${fx.order} | ${fx.meta ? '`' + fx.meta.root + '`' : '-'} |`)
  }
  L.push('')

  L.push('## Results', '')
  L.push('wall s: whole process, start to exit (JVM or node start-up included); CPU s: user + sys of the process;',
    'MB/s and records/s: CAR bytes and records over wall s; "work s": the time the node tools measure inside the',
    'process (file read to end, no start-up; carport has no such figure). ratio wall / ratio CPU: that tool\'s wall s /',
    'carport\'s wall s, and the same for CPU s (> 1: carport takes less). Under load, the CPU ratio is the steadier one.', '')
  if (o.onlyReference) L.push('**carport was not run (`--only-reference`).**', '')
  else if (!env.carportAll) {
    L.push('**carport commands not available in this build:** ' + MAIN_COMMANDS.filter((k) => !env.carport?.have?.[k]).map((k) => '`' + k + '`').join(', ') +
      '. Their rows are missing.', '')
  }
  L.push('| fixture | phase | tool (command) | runs ok | wall s | min..max | CPU s | peak RSS MB | MB/s | records/s | work s | ratio wall | ratio CPU | load1 |')
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  const toolName = { carport: 'carport', refjs: '@atproto/repo (refjs)', atcute: '@atcute/repo', baseline: 'Files.write baseline' }
  for (const fx of fixtures) {
    for (const g of Object.keys(GROUPS).filter((x) => !GROUPS[x].extra)) {
      const cp = get(fx, g, 'carport')
      const variants = [...S.values()].filter((s) => s.fixture === fx.id && s.group === g && s.tool === 'carport' && s.variant)
      for (const [tool, s] of [['carport', cp], ...variants.map((v) => ['carport', v]), ['refjs', get(fx, g, 'refjs')], ['atcute', get(fx, g, 'atcute')]]) {
        if (!s) continue
        const ratio = tool !== 'carport' && cp && cp.okRuns ? s.wallS / cp.wallS : NaN
        const ratioCpu = tool !== 'carport' && cp && cp.okRuns ? s.cpuS / cp.cpuS : NaN
        const self = tool === 'carport' && !s.variant && s.okRuns ? '1' : '-'
        const name = toolName[tool] + ' `' + s.phase + '`' + (s.variant ? ` (JAVA_OPTS=${s.variant})` : '')
        L.push(`| ${fx.id} | ${g} | ${name} | ${s.okRuns}/${s.runs} | ${fmt(s.wallS, 3)} | ${fmt(s.minWall)}..${fmt(s.maxWall)} | ${fmt(s.cpuS)} | ${fmt(s.rssMB, 0)} | ${fmt(fx.bytes / 1e6 / s.wallS)} | ${fmt(fx.records / s.wallS, 0)} | ${fmt(s.workS, 3)} | ${tool === 'carport' ? self : fmt(ratio)} | ${tool === 'carport' ? self : fmt(ratioCpu)} | ${fmt(s.load1)} |`)
      }
    }
  }
  L.push('')

  // listing cross-check
  const listNotes = []
  for (const fx of fixtures) {
    const cp = get(fx, 'list', 'carport')
    const at = get(fx, 'list', 'atcute')
    if (cp?.okRuns) {
      if (cp.listSha256 && at?.listSha256) listNotes.push(`${fx.id}: carport's listing (key, CID) ${cp.listSha256 === at.listSha256 ? 'equals' : '**differs from**'} @atcute/repo's.`)
      else listNotes.push(`${fx.id}: carport listed ${fx.records.toLocaleString('en-US')} records (count checked against the fixture; listing not compared${cp.listSha256 ? '' : ': no key + CID per line'}).`)
    }
  }
  if (listNotes.length) L.push('Listing checks: ' + listNotes.join(' '), '')
  const peg = fixtures.find((f) => f.label === 'pegasus')
  const su = peg && get(peg, 'startup', 'carport')
  if (su?.okRuns) {
    L.push(`Start-up floor: \`./carport --version\` (launcher + JVM start + picocli, no work) takes ${fmt(su.wallS, 3)} s wall ` +
      `(${fmt(su.minWall)}..${fmt(su.maxWall)}), ${fmt(su.cpuS)} s CPU, ${fmt(su.rssMB, 0)} MB; it is part of every carport wall time above.`, '')
  }

  if (o.records) L.push(...recordsSection(fixtures, get, targets))
  L.push('## unpack against the Files.write baseline', '')
  L.push('The baseline (`bench/FilesWriteBaseline.java`, same JVM and JAVA_OPTS) creates the same number of files with the',
    'same relative paths and sizes as the unpack before it (one `Files.write` each, no rename, no fsync), into the same',
    'directory, right after it; its rate is files / time of its write loop (JVM start and reading its file list excluded).',
    'carport\'s rate is records / wall s of the whole `unpack-records` process (start-up, verification and decoding included).', '')
  L.push('The % is the median over runs of (carport rate in run i) / (baseline rate in run i): each baseline run follows',
    'its unpack run directly, so the pair saw the same disk and load; the run-by-run values show the spread.', '')
  L.push('| fixture | files | bytes | baseline files/s | baseline wall s | carport records/s | carport % of baseline (median) | per run | refjs records/s | sizes copied from |')
  L.push('|---|---|---|---|---|---|---|---|---|---|')
  const pct = new Map()
  for (const fx of fixtures) {
    const b = get(fx, 'unpack', 'baseline')
    if (!b) continue
    const cp = get(fx, 'unpack', 'carport')
    const rf = get(fx, 'unpack', 'refjs')
    const cpRate = cp?.okRuns ? fx.records / cp.wallS : NaN
    const pairs = []
    for (const r of rows) {
      if (r.fixture !== fx.id || r.tool !== 'baseline' || !r.ok || r.manifestFrom !== 'carport') continue
      const c = rows.find((x) => x.fixture === fx.id && x.tool === 'carport' && x.group === 'unpack' && x.run === r.run && x.ok)
      if (c) pairs.push((100 * fx.records) / c.wallS / r.filesPerSec)
    }
    const p = median(pairs)
    pct.set(fx.id, p)
    L.push(`| ${fx.id} | ${b.files?.toLocaleString('en-US') ?? '-'} | ${b.fileBytes?.toLocaleString('en-US') ?? '-'} | ${fmt(b.filesPerSec, 0)} | ${fmt(b.wallS)} | ${fmt(cpRate, 0)} | ${Number.isFinite(p) ? fmt(p, 0) + ' %' : '-'} | ${pairs.map((x) => fmt(x, 0)).join(', ') || '-'} | ${rf?.okRuns ? fmt(fx.records / rf.wallS, 0) : '-'} | ${b.manifestFrom ?? '-'} |`)
  }
  L.push('')

  L.push('## Targets', '')
  L.push('Thresholds from `bench/targets.json`.', '')
  L.push('| target | fixture | measured | threshold | status |', '|---|---|---|---|---|')
  for (const t of buildTargets(o, fixtures, get, targets, pct)) L.push(`| ${t.name} | ${t.fixture} | ${t.measured} | ${t.threshold} | ${t.status} |`)
  L.push('')
  L.push(...blobSection(o, fixtures, get, targets))
  L.push(...siteSection(o, fixtures, get, targets))

  const failures = rows.filter((r) => !r.ok)
  if (failures.length) {
    L.push('## Failed runs', '', 'A failed run is left out of the medians above.', '')
    for (const r of failures) L.push(`- ${r.fixture} ${r.tool} \`${r.phase}\`${r.variant ? ' (' + r.variant + ')' : ''} run ${r.run}: ${String(r.error).replace(/\n/g, ' ')}`)
    L.push('')
  }
  L.push(`Raw rows (one JSON object per run): \`${meta.rawFile}\`.`, '')
  return L.join('\n')
}

function buildTargets(o, fixtures, get, targets, pct) {
  const T = []
  const status = (measuredOk, thresholdOk) => (!measuredOk ? 'not measured' : thresholdOk === null ? 'measured (no threshold set)' : thresholdOk ? 'met' : '**not met**')
  for (const fx of fixtures.filter((f) => f.label === '1M')) {
    const cp = get(fx, 'verify', 'carport')
    const rf = get(fx, 'verify', 'refjs')
    const ratio = cp?.okRuns && rf?.okRuns ? rf.wallS / cp.wallS : NaN
    const th = targets.verify_1m.min_speedup_vs_reference
    const ok = cp?.runs ? cp.okRuns === cp.runs : false
    T.push({ name: `verify 1M, JAVA_OPTS=${targets.verify_1m.java_opts}: completes`, fixture: fx.id, measured: cp ? `${cp.okRuns}/${cp.runs} runs ok, ${fmt(cp.rssMB, 0)} MB RSS (carport runs used \`${o.javaOpts}\`)` : '-', threshold: 'exit 0', status: !cp ? 'not measured' : o.javaOpts !== targets.verify_1m.java_opts ? 'not measured (other JAVA_OPTS)' : ok ? 'met' : '**not met**' })
    T.push({ name: 'verify 1M: reference wall / carport wall', fixture: fx.id, measured: Number.isFinite(ratio) ? `${fmt(ratio)}x (${fmt(rf.wallS, 1)} s / ${fmt(cp.wallS, 1)} s)` : '-', threshold: th === null ? '-' : `>= ${th}x`, status: status(Number.isFinite(ratio), th === null ? null : ratio >= th) })
  }
  for (const fx of fixtures.filter((f) => f.label === '100k')) {
    const v = get(fx, 'verify', 'carport', targets.verify_100k.java_opts)
    const th = targets.verify_100k.max_wall_s
    if (v) {
      const allOk = v.okRuns === v.runs
      T.push({ name: `verify 100k wall incl. JVM start, JAVA_OPTS=${targets.verify_100k.java_opts}`, fixture: fx.id, measured: v.okRuns ? `${fmt(v.wallS)} s (${fmt(v.minWall)}..${fmt(v.maxWall)}), ${fmt(v.rssMB, 0)} MB RSS, ${v.okRuns}/${v.runs} ok` : `${v.okRuns}/${v.runs} ok`,
        threshold: th === null ? 'exit 0 within the heap' : `exit 0, <= ${th} s`, status: !allOk ? '**not met**' : th === null ? 'completes (no time threshold set)' : v.wallS <= th ? 'met' : '**not met**' })
    }
    if (pct.has(fx.id)) {
      const p = pct.get(fx.id)
      const th2 = targets.unpack_100k.min_percent_of_files_write_baseline
      const from = get(fx, 'unpack', 'baseline')?.manifestFrom
      T.push({ name: 'unpack-records 100k: records/s as % of the Files.write baseline', fixture: fx.id, measured: Number.isFinite(p) ? `${fmt(p, 0)} %` : '-', threshold: `>= ${th2} %`, status: from !== 'carport' ? 'not measured' : status(Number.isFinite(p), p >= th2) })
    }
  }
  for (const fx of fixtures.filter((f) => f.label === 'pegasus')) {
    const cp = get(fx, 'list', 'carport')
    const th = targets.list_records_pegasus.max_wall_s
    T.push({ name: 'list-records wall through ./carport', fixture: path.basename(fx.car), measured: cp?.okRuns ? `${fmt(cp.wallS, 3)} s (${fmt(cp.minWall)}..${fmt(cp.maxWall)})` : '-', threshold: `< ${th} s`, status: status(!!cp?.okRuns, cp?.wallS < th) })
  }
  const bfx = fixtures.find((f) => f.label === 'blobs')
  const bt = targets.download_blobs
  const one = bfx && get(bfx, 'blobs', 'carport', '--concurrency 1')
  const dflt = bfx && get(bfx, 'blobs', 'carport', `--concurrency ${bt.default_concurrency}`)
  const sp = one?.okRuns && dflt?.okRuns ? one.wallS / dflt.wallS : NaN
  T.push({ name: `download-blobs ${bt.default_concurrency} in flight vs 1 (wall speed-up)`, fixture: bfx ? bfx.id : 'test bed',
    measured: Number.isFinite(sp) ? `${fmt(sp)}x (${fmt(one.wallS)} s / ${fmt(dflt.wallS)} s)` : '-', threshold: bt.min_speedup === null ? '-' : `>= ${bt.min_speedup}x`,
    status: !bfx ? 'not measured (run with --blobs; needs testbed/)' : status(Number.isFinite(sp), bt.min_speedup === null ? null : sp >= bt.min_speedup) })
  const sfx = fixtures.filter((f) => f.label.startsWith('site'))
  if (o.site || sfx.length) {
    const st = targets.site
    const bob = sfx.find((f) => f.label === 'site-testbed')
    const big = sfx.find((f) => f.label === 'site-big')
    const b = bob && get(bob, 'site', 'carport')
    const g = big && get(big, 'site', 'carport')
    const br = big && get(big, 'site-browser', 'chromium')
    T.push({ name: 'site of the test-bed account (bob.test) through ./carport', fixture: bob ? bob.id : 'test bed', measured: b?.okRuns ? `${fmt(b.wallS, 3)} s (${fmt(b.minWall)}..${fmt(b.maxWall)}), ${fmt(b.cpuS)} s CPU` : '-',
      threshold: `< ${st.testbed_max_wall_s} s`, status: status(!!b?.okRuns, b?.wallS < st.testbed_max_wall_s) })
    T.push({ name: `site of ${st.posts.toLocaleString('en-US')} generated posts: wall`, fixture: big ? big.id : 'generated', measured: g?.okRuns ? `${fmt(g.wallS, 2)} s (${fmt(g.minWall)}..${fmt(g.maxWall)}), ${fmt(g.cpuS)} s CPU` : '-',
      threshold: `< ${st.big_max_wall_s} s`, status: status(!!g?.okRuns, g?.wallS < st.big_max_wall_s) })
    T.push({ name: `site of ${st.posts.toLocaleString('en-US')} generated posts: peak RSS`, fixture: big ? big.id : 'generated', measured: g?.okRuns ? `${fmt(g.rssMB, 0)} MB` : '-',
      threshold: `< ${st.big_max_rss_mb} MB`, status: status(!!g?.okRuns, g?.rssMB < st.big_max_rss_mb) })
    T.push({ name: 'first page: driver.get to first post in the DOM (median)', fixture: big ? big.id : 'generated', measured: br?.okRuns ? `${fmt(br.wallS, 3)} s (${br.detail})` : '-',
      threshold: `< ${st.first_page_max_s} s`, status: status(!!br?.okRuns, br?.wallS < st.first_page_max_s) })
  }
  return T
}

// ------------------------------------------------------------------ records and sql (--records)

function recordsSection(fixtures, get, targets) {
  const t = targets.records
  const L = ['## records and sql (`--records`)', '',
    `Each command a fresh process through \`./carport\` with \`JAVA_OPTS=${RECORDS_JAVA_OPTS}\`, DuckDB's \`--memory-limit ${RECORDS_MEMORY_LIMIT}\`,`,
    'output on the fixture disk (the harness cache). `sql` runs over an export folder around the fixture CAR with',
    '`--no-signature` (the fixture DID has no PLC log; every block, the MST and every record are still checked);',
    `the query is \`${RECORDS_QUERY}\`. "x verify": wall s / carport \`verify\` wall s in the same run.`, '']
  const names = ['verify', 'records -o F.jsonl', 'records -o F.parquet', 'sql GROUP BY (export folder)', 'sql --save F.duckdb', 'sql GROUP BY (saved F.duckdb)']
  const T = []
  for (const fx of fixtures) {
    const v = get(fx, 'records', 'carport', 'verify')
    if (!v) continue
    L.push(`### ${fx.id}`, '', '| command | runs ok | wall s | CPU s | peak RSS MB | records/s | x verify |', '|---|---|---|---|---|---|---|')
    let maxRss = 0
    for (const n of names) {
      const s = get(fx, 'records', 'carport', n)
      if (!s) continue
      if (s.okRuns) maxRss = Math.max(maxRss, s.rssMB)
      L.push(`| carport \`${n}\` | ${s.okRuns}/${s.runs} | ${fmt(s.wallS, 3)} | ${fmt(s.cpuS)} | ${fmt(s.rssMB, 0)} | ${fmt(fx.records / s.wallS, 0)} | ${v.okRuns && s.okRuns ? fmt(s.wallS / v.wallS) : '-'} |`)
    }
    const ref = get(fx, 'records', 'refjs', 'unpack (reference)')
    if (ref) L.push(`| @atproto/repo (refjs) \`unpack\` | ${ref.okRuns}/${ref.runs} | ${fmt(ref.wallS, 3)} | ${fmt(ref.cpuS)} | ${fmt(ref.rssMB, 0)} | ${fmt(fx.records / ref.wallS, 0)} | ${v.okRuns && ref.okRuns ? fmt(ref.wallS / v.wallS) : '-'} |`)
    L.push('')
    const ratio = (n, max) => {
      const s = get(fx, 'records', 'carport', n)
      const r = s?.okRuns && v.okRuns ? s.wallS / v.wallS : NaN
      T.push({ name: `${n}: wall / verify wall`, fixture: fx.id, measured: Number.isFinite(r) ? `${fmt(r)}x (${fmt(s.wallS)} s / ${fmt(v.wallS)} s)` : '-', threshold: `<= ${max}x`, ok: Number.isFinite(r) ? r <= max : null })
    }
    ratio('records -o F.jsonl', t.jsonl_max_x_verify)
    ratio('records -o F.parquet', t.parquet_max_x_verify)
    ratio('sql GROUP BY (export folder)', t.sql_max_x_verify)
    const sv = get(fx, 'records', 'carport', 'sql GROUP BY (saved F.duckdb)')
    T.push({ name: 'sql GROUP BY on the saved .duckdb: wall', fixture: fx.id, measured: sv?.okRuns ? `${fmt(sv.wallS, 3)} s` : '-', threshold: `<= ${t.saved_query_max_wall_s} s`, ok: sv?.okRuns ? sv.wallS <= t.saved_query_max_wall_s : null })
    T.push({ name: 'peak RSS of the records/sql commands', fixture: fx.id, measured: maxRss ? `${fmt(maxRss, 0)} MB` : '-', threshold: `<= ${t.max_rss_mb} MB`, ok: maxRss ? maxRss <= t.max_rss_mb : null })
  }
  if (T.length) {
    L.push('| target | fixture | measured | threshold | status |', '|---|---|---|---|---|')
    for (const x of T) L.push(`| ${x.name} | ${x.fixture} | ${x.measured} | ${x.threshold} | ${x.ok === null ? 'not measured' : x.ok ? 'met' : '**not met**'} |`)
    L.push('')
  }
  return L
}

// ------------------------------------------------------------------ download-blobs (--blobs)

function blobSection(o, fixtures, get, targets) {
  const L = ['### download-blobs: N in flight against 1', '']
  const fx = fixtures.find((f) => f.label === 'blobs')
  if (!fx) {
    L.push('Not measured in this run (`--blobs` starts a private test bed from `testbed/` and measures it; see bench/README.md).', '')
    return L
  }
  L.push(`A private test bed (\`testbed/testbed.sh start\`: PLC + PDS on 127.0.0.1), one account with ${fx.records} blobs of`,
    `${fmt(fx.bytes / fx.records / 1024, 0)} KB (incompressible, each used by one record), downloaded with \`./carport download-blobs DID -o DIR`,
    '--plc-host URL --concurrency N -q` into an emptied DIR; every run must leave every blob file. Loopback has no network',
    'latency, so this shows what running requests in parallel gains on this machine (PDS, hashing, file writes on the',
    'same CPUs), not the gain over a real network, where in-flight requests mainly hide round trips.', '')
  L.push('| concurrency | runs ok | wall s | min..max | CPU s (carport) | peak RSS MB | blobs/s | MB/s | speed-up vs 1 |', '|---|---|---|---|---|---|---|---|---|')
  const one = get(fx, 'blobs', 'carport', '--concurrency 1')
  for (const c of targets.download_blobs.concurrency) {
    const s = get(fx, 'blobs', 'carport', `--concurrency ${c}`)
    if (!s) continue
    L.push(`| ${c} | ${s.okRuns}/${s.runs} | ${fmt(s.wallS, 3)} | ${fmt(s.minWall)}..${fmt(s.maxWall)} | ${fmt(s.cpuS)} | ${fmt(s.rssMB, 0)} | ${fmt(fx.records / s.wallS, 0)} | ${fmt(fx.bytes / 1e6 / s.wallS)} | ${one?.okRuns && s.okRuns ? fmt(one.wallS / s.wallS) + 'x' : '-'} |`)
  }
  L.push('')
  return L
}

// Starts a private test bed, seeds it with blobs, times download-blobs at each concurrency, stops the test bed.
// Returns the pseudo-fixture and the rows, or null when it cannot run.
function runBlobBench(o, env, targets, onRow) {
  const bt = targets.download_blobs
  const tbScript = path.join(o.root, 'testbed', 'testbed.sh')
  if (!fs.existsSync(tbScript)) return log('--blobs: no testbed/ in this clone: download-blobs not measured'), null
  if (!env.carport?.have['download-blobs']) return log('--blobs: carport has no download-blobs command: not measured'), null
  const tbJson = path.join(env.work, 'testbed', 'testbed.json')
  fs.mkdirSync(path.dirname(tbJson), { recursive: true })
  log('--blobs: starting a private test bed (testbed/testbed.sh start; installs on first use)')
  must('bash', [tbScript, 'start', '--out', tbJson, '--bob-records', '10'], { cwd: o.root })
  try {
    log(`--blobs: seeding ${bt.count} blobs of ${bt.kb} KB`)
    const seed = sh(process.execPath, [path.join(here, 'blobs-seed.mjs'), tbJson, String(bt.count), String(bt.kb)])
    if (seed.code !== 0) throw new Error(`blobs-seed.mjs failed: ${tail(seed.err)}`)
    const s = JSON.parse(seed.out.split('\n').pop())
    const tb = JSON.parse(fs.readFileSync(tbJson, 'utf8'))
    const fx = { id: `test bed: ${s.blobs} blobs x ${bt.kb} KB`, label: 'blobs', order: '-', n: s.blobs, car: null, bytes: s.bytes, records: s.blobs, did: s.did }
    const jobs = bt.concurrency.map((c) => ({ fx, tool: 'carport', group: 'blobs', phase: 'download-blobs', variant: `--concurrency ${c}`, javaOpts: o.javaOpts,
      args: ['download-blobs', s.did, '-o', env.outDir, '--plc-host', tb.plcUrl, '--concurrency', String(c), '-q'] }))
    for (let run = 1; run <= o.runs; run++) {
      for (const job of run % 2 ? jobs : [...jobs].reverse()) onRow(fx, job, runJob(o, env, job, run, new Map()))
    }
    return fx
  } finally {
    sh('bash', [tbScript, 'stop', '--out', tbJson], { cwd: o.root })
  }
}

// ------------------------------------------------------------------ site (--site, --only-site)

function siteSection(o, fixtures, get, targets) {
  const sfx = fixtures.filter((f) => f.label.startsWith('site'))
  const L = ['### site: static offline site of an export', '']
  if (!sfx.length) {
    L.push('Not measured in this run (`--site` exports bob.test from a private test bed and generates a large export; see bench/README.md).', '')
    return L
  }
  L.push('`./carport site DIR/<did> -q` (fresh process, the site rebuilt and renamed into place each run) on the test bed\'s bob.test',
    `export and on a generated export (\`bench/SiteFixture.java\`: ${targets.site.posts.toLocaleString('en-US')} posts over five years, facets,`,
    `replies, ${targets.site.images.toLocaleString('en-US')} image posts with real small PNG blobs). "first page": one running headless Chromium`,
    '(Debian\'s, through chromedriver), from the navigation command to the first post in the DOM, about:blank between runs.', '')
  L.push('| fixture | records | runs ok | wall s | min..max | CPU s | peak RSS MB |', '|---|---|---|---|---|---|---|')
  for (const fx of sfx) {
    const s = get(fx, 'site', 'carport')
    if (s) L.push(`| ${fx.id} | ${fx.records.toLocaleString('en-US')} | ${s.okRuns}/${s.runs} | ${fmt(s.wallS, 3)} | ${fmt(s.minWall)}..${fmt(s.maxWall)} | ${fmt(s.cpuS)} | ${fmt(s.rssMB, 0)} |`)
    const b = get(fx, 'site-browser', 'chromium')
    if (b) L.push(`| ${fx.id}: first page in Chromium | - | ${b.okRuns}/${b.runs} | ${fmt(b.wallS, 3)} | ${b.detail} | - | - |`)
  }
  L.push('')
  return L
}

// Exports bob.test from a private test bed and generates the large export (cached), then times `carport site` on
// both and the first page of the large one in Chromium. Returns the pseudo-fixtures.
function runSiteBench(o, env, targets, onRow) {
  const st = targets.site
  if (!env.carport?.have.site) return log('--site: carport has no site command: not measured'), []
  const work = path.join(env.work, 'site')
  fs.rmSync(work, { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })
  const fixtures = []
  const tbScript = path.join(o.root, 'testbed', 'testbed.sh')
  if (fs.existsSync(tbScript)) {
    const tbJson = path.join(env.work, 'testbed-site', 'testbed.json')
    fs.mkdirSync(path.dirname(tbJson), { recursive: true })
    log('--site: starting a private test bed and exporting bob.test (not timed)')
    must('bash', [tbScript, 'start', '--out', tbJson], { cwd: o.root })
    try {
      const tb = JSON.parse(fs.readFileSync(tbJson, 'utf8'))
      const bob = tb.accounts.bob
      must(env.carport.launcher, ['export', bob.did, '-o', path.join(work, 'bob'), '--plc-host', tb.plcUrl, '-q'], { cwd: o.root })
      const dir = path.join(work, 'bob', fs.readdirSync(path.join(work, 'bob'))[0])
      fixtures.push({ id: `test bed: bob.test (${bob.totalRecords.toLocaleString('en-US')} records)`, label: 'site-testbed', order: '-', n: bob.totalRecords, car: null,
        bytes: fs.statSync(path.join(dir, '_repo.car')).size, records: bob.totalRecords, dir })
    } finally {
      sh('bash', [tbScript, 'stop', '--out', tbJson], { cwd: o.root })
    }
  } else log('--site: no testbed/ in this clone: the test-bed account is not measured')

  const fdir = path.join(o.cache, 'fixtures', `site-${st.posts}-${st.images}`)
  if (!fs.existsSync(path.join(fdir, '.done'))) {
    log(`--site: generating the ${st.posts}-post export (bench/SiteFixture.java; cached in ${fdir})`)
    fs.rmSync(fdir, { recursive: true, force: true })
    fs.mkdirSync(fdir, { recursive: true })
    const testJar = fs.readdirSync(path.join(o.root, 'core', 'target')).find((f) => f.endsWith('-tests.jar'))
    if (!testJar) throw new Error('core/target/*-tests.jar missing (./carport builds it)')
    const cp = [path.join(o.root, 'cli', 'target', 'carport.jar'), path.join(o.root, 'core', 'target', testJar)].join(':')
    must(process.env.BENCH_JAVA, ['-cp', cp, path.join(here, 'SiteFixture.java'), fdir, String(st.posts), String(st.images)], { cwd: o.root })
    fs.writeFileSync(path.join(fdir, '.done'), '')
  }
  const bigDir = path.join(fdir, fs.readdirSync(fdir).find((f) => f.startsWith('did')))
  fixtures.push({ id: `generated: ${st.posts.toLocaleString('en-US')} posts, ${st.images.toLocaleString('en-US')} with images`, label: 'site-big', order: '-', n: st.posts + 1, car: null,
    bytes: fs.statSync(path.join(bigDir, '_repo.car')).size, records: st.posts + 1, dir: bigDir })

  for (const fx of fixtures) {
    const job = { fx, tool: 'carport', group: 'site', phase: 'site', javaOpts: o.javaOpts, args: ['site', fx.dir, '-q'] }
    for (let run = 1; run <= o.runs; run++) {
      const row = runJob(o, env, job, run, new Map())
      if (row.ok && !fs.existsSync(path.join(fx.dir, '_site', 'index.html'))) Object.assign(row, { ok: false, error: 'no _site/index.html' })
      onRow(fx, job, row)
    }
  }
  const big = fixtures.find((f) => f.label === 'site-big')
  const job = { fx: big, tool: 'chromium', group: 'site-browser', phase: 'first page' }
  const row = { fixture: big.id, tool: 'chromium', group: 'site-browser', phase: 'first page', variant: null, run: 1, load1: +os.loadavg()[0].toFixed(2) }
  if (!fs.existsSync('/usr/bin/chromium') || !fs.existsSync('/usr/bin/chromedriver')) {
    Object.assign(row, { ok: false, error: 'chromium / chromium-driver not installed (scripts/test installs them)' })
  } else {
    const r = sh(process.execPath, [path.join(here, 'site-first-page.mjs'), path.join(big.dir, '_site', 'index.html'), String(Math.max(3, o.runs))])
    const j = r.code === 0 ? JSON.parse(r.out.trim().split('\n').pop()) : null
    if (!j || !(j.posts > 0)) Object.assign(row, { ok: false, error: `site-first-page.mjs failed: ${tail(r.err)}` })
    else Object.assign(row, { ok: true, exit: 0, wallS: j.medianMs / 1000, cpuS: NaN, rssMB: NaN, detail: `runs ${j.ms.map((x) => fmt(x / 1000, 3)).join(', ')} s; ${j.posts} posts on the page` })
  }
  onRow(big, job, row)
  return fixtures
}

// ------------------------------------------------------------------ main

// --summarize FILE.jsonl: rebuild the report of an earlier (or interrupted) run from its raw rows
function summarizeFile(o) {
  const lines = fs.readFileSync(o.summarize, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  const h = lines[0].header
  if (!h) throw new Error(`${o.summarize}: no header line (not written by this harness)`)
  const rows = lines.slice(1).filter((l) => !l.extraFixture)
  const fixtures = [...h.fixtures, ...lines.filter((l) => l.extraFixture).map((l) => l.extraFixture)]
  const report = buildReport({ ...h.o, cache: o.cache }, { carport: h.carport, carportAll: h.carportAll }, fixtures, rows, h.targets, h.mach,
    { argv: h.argv, rawFile: o.summarize })
  if (o.out) {
    fs.mkdirSync(path.dirname(o.out), { recursive: true })
    fs.writeFileSync(o.out, report)
    log(`report: ${o.out}`)
  } else process.stdout.write(report)
}

function main() {
  const argv = process.argv.slice(2)
  const o = parseArgs(argv)
  const userArgv = []
  for (let i = 0; i < argv.length; i++) {
    if (['--root', '--shared', '--cache'].includes(argv[i])) i++
    else userArgv.push(argv[i])
  }
  if (o.summarize) return summarizeFile(o)
  const targets = JSON.parse(fs.readFileSync(path.join(here, 'targets.json'), 'utf8'))
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const env = { work: path.join(o.cache, 'work'), outDir: path.join(o.cache, 'work', 'out') }
  fs.rmSync(env.work, { recursive: true, force: true })
  fs.mkdirSync(env.work, { recursive: true })

  if (!o.onlySite) {
    env.refjs = setupNodeProject(o, 'refjs')
    if (o.atcute) env.atcute = setupNodeProject(o, 'atcute')
    env.baselineClasses = setupBaseline(o)
  }
  let carportCmds = { verify: false, 'list-records': false, 'unpack-records': false }
  if (!o.onlyReference) {
    env.carport = setupCarport(o)
    carportCmds = env.carport.have
    const missing = MAIN_COMMANDS.filter((k) => !carportCmds[k])
    if (missing.length) log(`WARNING: carport has no ${missing.join(', ')} command yet: those rows are skipped`)
  }
  env.carportAll = MAIN_COMMANDS.every((k) => carportCmds[k])

  const fixtures = []
  if (!o.onlySite) for (const size of o.sizes) for (const order of o.orders) fixtures.push(ensureFixture(o, env.refjs, size, order))
  const plan = [] // [fixture, jobs, runs]
  for (const fx of fixtures) {
    const variants = []
    if (o.targets && fx.label === '100k' && carportCmds.verify) {
      const jo = targets.verify_100k.java_opts
      variants.push({ fx, tool: 'carport', group: 'verify', phase: 'verify', variant: jo, javaOpts: jo, args: ['verify', fx.car, '--key', fx.key, '--did', fx.did] })
    }
    const jobs = jobsFor(o, env, fx, { carportCmds, variants })
    if (o.records) jobs.push(...recordsJobs(o, env, fx))
    plan.push([fx, jobs, fx.label === '1M' ? o.runs1m : o.runs])
  }
  if (o.targets && !o.onlySite) {
    const peg = pegasusFixture(o, targets)
    if (peg) {
      fixtures.push(peg)
      // ./carport --version: the launcher + JVM start-up floor under every carport number
      const startup = env.carport ? [{ fx: peg, tool: 'carport', group: 'startup', phase: '--version', javaOpts: o.javaOpts, args: ['--version'] }] : []
      plan.push([peg, jobsFor(o, env, peg, { carportCmds, groups: ['list'], variants: startup }), Math.max(o.runs, 5)])
    } else log('pegasus sample CAR not found under ../shared: its target is not measured')
  }

  const rawFile = path.join(o.cache, 'results', `${stamp}.jsonl`)
  fs.mkdirSync(path.dirname(rawFile), { recursive: true })
  // first line: everything the report needs besides the rows, so that --summarize can rebuild it later
  const mach = machine(o, env)
  const header = { header: { o, carport: env.carport ?? null, carportAll: env.carportAll, mach, argv: userArgv, targets,
    fixtures: fixtures.map(({ meta, ...fx }) => ({ ...fx, meta: meta ? { blocks: meta.blocks, root: meta.root } : undefined })) } }
  fs.writeFileSync(rawFile, JSON.stringify(header) + '\n')
  const rows = []
  const total = plan.reduce((s, [, jobs, runs]) => s + jobs.length * runs, 0)
  let done = 0
  const onRow = (fx, job, row) => {
    rows.push(row)
    fs.appendFileSync(rawFile, JSON.stringify(row) + '\n')
    done++
    log(`[${done}/${job.group === 'blobs' ? 'blobs' : total}] ${fx.id} ${job.tool} ${job.phase}${job.variant ? ' (' + job.variant + ')' : ''} run ${row.run}: ` +
      (row.ok ? `${fmt(row.wallS, 3)} s wall, ${fmt(row.cpuS)} s CPU, ${row.rssMB} MB${row.filesPerSec ? `, ${fmt(row.filesPerSec, 0)} files/s` : ''}` : `FAILED ${row.error}`))
  }
  for (const [fx, jobs, runs] of plan) {
    const manifests = new Map()
    for (let run = 1; run <= runs; run++) {
      // alternate the order so no tool always runs right after the same neighbour
      const units = []
      for (const j of jobs) {
        if (j.tool === 'baseline' || j.sameUnit) units.at(-1).push(j)
        else units.push([j])
      }
      if (run % 2 === 0) units.reverse()
      for (const unit of units) {
        for (const job of unit) onRow(fx, job, runJob(o, env, job, run, manifests))
      }
    }
  }
  if (o.blobs) {
    const bfx = runBlobBench(o, env, targets, onRow)
    if (bfx) {
      fixtures.push(bfx)
      fs.appendFileSync(rawFile, JSON.stringify({ extraFixture: bfx }) + '\n')
    }
  }
  if (o.site) {
    for (const sfx of runSiteBench(o, env, targets, onRow)) {
      fixtures.push(sfx)
      fs.appendFileSync(rawFile, JSON.stringify({ extraFixture: sfx }) + '\n')
    }
  }
  fs.rmSync(env.outDir, { recursive: true, force: true })

  const report = buildReport(o, env, fixtures, rows, targets, mach, { argv: userArgv, rawFile })
  const out = o.out ?? path.join(os.tmpdir(), `carport-benchmarks-${stamp}.md`)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, report)
  const failed = rows.filter((r) => !r.ok)
  if (!o.out) process.stdout.write(report)
  log(`report: ${out}`)
  log(`raw rows: ${rawFile}`)
  if (failed.length) {
    log(`${failed.length} run(s) FAILED (see the report's "Failed runs")`)
    process.exit(1)
  }
}

try {
  main()
} catch (e) {
  log(`error: ${e.message}`)
  process.exit(1)
}
