#!/usr/bin/env node
// Writes MST edit sequences and the roots the official @atproto/repo MST gives for them, as JSON, for
// carport's Mst tests (see PROVENANCE.md). Deterministic: same arguments, same file.
//
// usage: node gen-mst-ops.mjs --seed S --keys N --steps M --out FILE.json
//   run from a folder whose node_modules has @atproto/repo and @atproto/lex-data (bench/refjs's package.json)
import fs from 'node:fs'
import crypto from 'node:crypto'
import { MST, MemoryBlockstore } from '@atproto/repo'
import { encode as cborEncode } from '@atproto/lex-cbor'
import { cidForCbor } from '@atproto/lex-data'

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (i % 2 ? a : [...a, [v.replace(/^--/, ''), all[i + 1]]]), []))
const seed = args.seed ?? '1'
const nKeys = parseInt(args.keys ?? '300')
const steps = parseInt(args.steps ?? '600')

let counter = 0
const rand = () => {
  const h = crypto.createHash('sha256').update(`carport-mst/${seed}/${counter++}`).digest()
  return h.readUInt32LE(0) / 4294967296
}
const pick = (arr) => arr[Math.floor(rand() * arr.length)]
const B32 = '234567abcdefghijklmnopqrstuvwxyz'
const tid = () => { let s = pick('234567abcdefghij'); for (let i = 0; i < 12; i++) s += pick(B32); return s }
const collections = ['app.bsky.feed.post', 'app.bsky.feed.like', 'app.bsky.feed.repost', 'app.bsky.graph.follow', 'app.bsky.graph.block']

const keys = new Set(['app.bsky.actor.profile/self'])
while (keys.size < nKeys) keys.add(`${pick(collections)}/${tid()}`)
const pool = [...keys]

const storage = new MemoryBlockstore()
let mst = await MST.create(storage, [])
const present = new Map()
const ops = []
const checkpoints = []
for (let step = 0; step < steps; step++) {
  const key = pool[Math.floor(rand() * pool.length)]
  if (present.has(key) && rand() < 0.4) {
    mst = await mst.delete(key)
    present.delete(key)
    ops.push({ op: 'delete', key })
  } else {
    const cid = await cidForCbor(cborEncode({ $type: 'carport.test.value', key, step }))
    mst = present.has(key) ? await mst.update(key, cid) : await mst.add(key, cid)
    present.set(key, cid)
    ops.push({ op: 'put', key, cid: cid.toString() })
  }
  if (step % 25 === 24 || step === steps - 1) {
    checkpoints.push({ after: ops.length, root: (await mst.getPointer()).toString() })
  }
}
const leaves = await mst.leaves()
const out = {
  generator: 'gen-mst-ops.mjs', seed, keys: nKeys, steps,
  atprotoRepo: JSON.parse(fs.readFileSync(new URL('node_modules/@atproto/repo/package.json', import.meta.url))).version,
  ops, checkpoints,
  entries: leaves.map((l) => [l.key, l.value.toString()]),
  root: (await mst.getPointer()).toString(),
}
fs.writeFileSync(args.out, JSON.stringify(out, null, 0) + '\n')
console.log(`${args.out}: ${ops.length} ops, ${out.entries.length} entries, root ${out.root}`)
