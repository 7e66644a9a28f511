// Seeds a running test bed (testbed/testbed.sh start) with one account holding COUNT blobs of KB kilobytes each,
// for the download-blobs benchmark. Each blob is referenced by its own record (collection com.example.bench.blob,
// not a Bluesky lexicon, so the PDS accepts any bytes), because listBlobs lists only blobs that records use.
//
// usage: node blobs-seed.mjs TESTBED.json COUNT KB
// prints one JSON line: {"did", "handle", "blobs", "bytes"}

import fs from 'node:fs'
import crypto from 'node:crypto'

const [file, countArg, kbArg] = process.argv.slice(2)
if (!file || !countArg || !kbArg) {
  console.error('usage: node blobs-seed.mjs TESTBED.json COUNT KB')
  process.exit(2)
}
const tb = JSON.parse(fs.readFileSync(file, 'utf8'))
const count = parseInt(countArg, 10)
const size = parseInt(kbArg, 10) * 1024

async function xrpc(nsid, { body, bytes, jwt, params } = {}) {
  const url = new URL(`/xrpc/${nsid}`, tb.pdsUrl)
  for (const [k, v] of Object.entries(params ?? {})) url.searchParams.set(k, v)
  const headers = {}
  if (jwt) headers.authorization = `Bearer ${jwt}`
  let init = { method: 'GET', headers }
  if (bytes) init = { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes }
  else if (body) init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }
  const res = await fetch(url, init)
  const text = await res.text()
  if (!res.ok) throw new Error(`${nsid}: HTTP ${res.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : {}
}

const handle = 'blobbench.test'
const acct = await xrpc('com.atproto.server.createAccount', {
  body: { handle, email: 'blobbench@devnet.test', password: 'blobbench-pass' },
})
const { did, accessJwt: jwt } = acct

// incompressible, distinct bytes per blob: sha-256 in counter mode over the blob number
function blobBytes(i) {
  const out = Buffer.allocUnsafe(size)
  for (let off = 0, c = 0; off < size; off += 32, c++) {
    crypto.createHash('sha256').update(`carport-bench/blob/${i}/${c}`).digest().copy(out, off, 0, Math.min(32, size - off))
  }
  return out
}

let pending = []
const flush = async () => {
  if (!pending.length) return
  const writes = pending.map((value) => ({ $type: 'com.atproto.repo.applyWrites#create', collection: 'com.example.bench.blob', value }))
  await xrpc('com.atproto.repo.applyWrites', { jwt, body: { repo: did, writes } })
  pending = []
}
for (let i = 0; i < count; i++) {
  const { blob } = await xrpc('com.atproto.repo.uploadBlob', { jwt, bytes: blobBytes(i) })
  pending.push({ $type: 'com.example.bench.blob', n: i, file: blob, createdAt: new Date().toISOString() })
  if (pending.length === 100) await flush()
}
await flush()

let listed = 0
let cursor
do {
  const page = await xrpc('com.atproto.sync.listBlobs', { params: { did, limit: 1000, ...(cursor ? { cursor } : {}) } })
  listed += page.cids.length
  cursor = page.cids.length ? page.cursor : undefined
} while (cursor)
if (listed !== count) throw new Error(`listBlobs lists ${listed} blobs, expected ${count}`)
console.log(JSON.stringify({ did, handle, blobs: count, bytes: count * size }))
