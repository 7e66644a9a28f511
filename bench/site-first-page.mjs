// The `site` phase's browser timing (bench/README.md): in one running headless Chromium (Debian's chromium,
// driven through Debian's chromedriver over its W3C HTTP interface on 127.0.0.1), opens INDEX_HTML RUNS times
// (about:blank between) and measures from the navigation command until the first post is in the DOM.
// Prints one JSON line: {"ms": [...], "medianMs": N, "posts": first page's post count}.
// Usage: node site-first-page.mjs INDEX_HTML RUNS
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [index, runsArg] = process.argv.slice(2)
const runs = Number(runsArg || 3)
const port = 20000 + Math.floor(Math.random() * 20000)
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'carport-bench-chromium-'))
const driver = spawn('/usr/bin/chromedriver', [`--port=${port}`, '--allowed-ips=127.0.0.1'], { stdio: 'ignore' })
const base = `http://127.0.0.1:${port}`

async function call(method, url, body) {
  const r = await fetch(base + url, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  const j = await r.json()
  if (!r.ok) throw new Error(`${method} ${url}: ${JSON.stringify(j.value).slice(0, 300)}`)
  return j.value
}

async function main() {
  for (let i = 0; ; i++) {
    try { await call('GET', '/status'); break } catch (e) { if (i > 100) throw e; await new Promise((r) => setTimeout(r, 100)) }
  }
  const s = await call('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': {
    binary: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', `--user-data-dir=${profile}`, '--disable-dev-shm-usage', '--window-size=1000,1400'] } } } })
  const id = s.sessionId
  const url = pathToFileURL(index).href
  const ms = []
  let posts = 0
  try {
    for (let i = 0; i < runs; i++) {
      await call('POST', `/session/${id}/url`, { url: 'about:blank' })
      const t0 = process.hrtime.bigint()
      await call('POST', `/session/${id}/url`, { url })
      // driver.get returns at the load event; then wait (in the page) for the first post
      posts = await call('POST', `/session/${id}/execute/async`, { script:
        'const done = arguments[arguments.length - 1]; const t = () => { const n = document.querySelectorAll("article.post").length;' +
        ' if (n) done(n); else requestAnimationFrame(t) }; t()', args: [] })
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
  } finally {
    await call('DELETE', `/session/${id}`).catch(() => {})
  }
  const sorted = [...ms].sort((a, b) => a - b)
  console.log(JSON.stringify({ ms, medianMs: sorted[Math.floor(sorted.length / 2)], posts }))
}

main().then(() => 0, (e) => { console.error(e.message); return 1 }).then((code) => {
  driver.kill()
  fs.rmSync(profile, { recursive: true, force: true })
  process.exit(code)
})
