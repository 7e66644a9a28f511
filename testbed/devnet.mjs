// Local AT Protocol test network: a PLC directory (in-memory) and a PDS
// (sqlite + disk blobstore), both bound to 127.0.0.1, seeded with accounts and
// content, then left running until SIGTERM/SIGINT. Started through
// testbed/testbed.sh (start, or run), which installs its npm packages; see
// testbed/README.md. Adapted from the project's shared devnet script.
// --second-pds adds an empty second PDS on the same PLC and a loopback control
// endpoint, for account migration and restore tests (README: "Second PDS").
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'

import { PDS, envToCfg, envToSecrets } from '@atproto/pds'
import { Secp256k1Keypair, bytesToMultibase } from '@atproto/crypto' // the PDS's own dependency
import plcServer from '@did-plc/server'

const HOST = '127.0.0.1'
const started = Date.now()
let tempDataDir = null // removed on exit, also after a failed start
const log = (...args) =>
  console.error(`[devnet +${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args)

// ------------------------------------------------------------------ options

const USAGE = `usage: testbed.sh run [--out FILE] [--plc-port N] [--pds-port N] [--data-dir DIR]
                     [--admin-password PW] [--bob-records N] [--watch-stdin]
                     [--second-pds] [--pds2-port N] [--pds2-limit BYTES]
  env: DEVNET_OUT, DEVNET_PLC_PORT, DEVNET_PDS_PORT, DEVNET_DATA_DIR,
       DEVNET_ADMIN_PASSWORD, DEVNET_BOB_RECORDS, DEVNET_WATCH_STDIN=1,
       DEVNET_SECOND_PDS=1, DEVNET_PDS2_PORT, DEVNET_PDS2_LIMIT`

// --second-pds: importRepo body and uploadBlob limit of both PDSes unless --pds2-limit
// lowers PDS 2's (the PDS default, without the flag, is 5 MB for both)
const TRANSFER_LIMIT = 100 * 1024 * 1024

function readOptions(argv) {
  const env = process.env
  const o = {
    out: env.DEVNET_OUT || '',
    plcPort: Number(env.DEVNET_PLC_PORT || 0),
    pdsPort: Number(env.DEVNET_PDS_PORT || 0),
    dataDir: env.DEVNET_DATA_DIR || '',
    adminPassword: env.DEVNET_ADMIN_PASSWORD || 'devnet-admin',
    bobRecords: Number(env.DEVNET_BOB_RECORDS ?? 2500),
    watchStdin: env.DEVNET_WATCH_STDIN === '1',
    secondPds: env.DEVNET_SECOND_PDS === '1',
    pds2Port: Number(env.DEVNET_PDS2_PORT || 0),
    pds2Limit: Number(env.DEVNET_PDS2_LIMIT || TRANSFER_LIMIT),
  }
  const flags = {
    '--out': (v) => (o.out = v),
    '--plc-port': (v) => (o.plcPort = Number(v)),
    '--pds-port': (v) => (o.pdsPort = Number(v)),
    '--data-dir': (v) => (o.dataDir = v),
    '--admin-password': (v) => (o.adminPassword = v),
    '--bob-records': (v) => (o.bobRecords = Number(v)),
    '--pds2-port': (v) => (o.pds2Port = Number(v)),
    '--pds2-limit': (v) => (o.pds2Limit = Number(v)),
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--watch-stdin') o.watchStdin = true
    else if (a === '--second-pds') o.secondPds = true
    else if (a === '-h' || a === '--help') {
      console.log(USAGE)
      process.exit(0)
    } else if (flags[a] && i + 1 < argv.length) flags[a](argv[++i])
    else throw new Error(`bad argument: ${a}\n${USAGE}`)
  }
  for (const k of ['plcPort', 'pdsPort', 'pds2Port', 'bobRecords', 'pds2Limit'])
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`bad ${k}: ${o[k]}`)
  return o
}

function pickPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

// Both servers call express' app.listen(port) with no host, which would bind
// every interface; pin them to loopback.
function listenOnLoopback(app) {
  const listen = app.listen
  app.listen = function (port, ...rest) {
    return listen.call(this, port, HOST, ...rest)
  }
}

// ------------------------------------------------------------------ PNG images

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})
function crc32(bytes) {
  let c = ~0
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}
/** 8-bit RGB PNG; colour(x, y) returns [r, g, b]. */
function png(width, height, colour) {
  const stride = width * 3 + 1
  const pixels = Buffer.alloc(stride * height) // filter byte 0 on every row
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y)
      pixels.set([r & 255, g & 255, b & 255], y * stride + 1 + x * 3)
    }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
const stripes = (w, h, seed) =>
  png(w, h, (x, y) => [x * 3 + seed * 50, y * 5 + seed * 20, (x ^ y) + seed * 90])
function staticNoise(w, h, seed) {
  let s = seed >>> 0
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 23
  return png(w, h, () => [next(), next(), next()])
}

// ------------------------------------------------------------------ XRPC over fetch

async function xrpc(base, nsid, { params, body, bearer, basic, type } = {}) {
  const url = new URL(`/xrpc/${nsid}`, base)
  for (const [k, v] of Object.entries(params ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v))
  const headers = {}
  if (bearer) headers.authorization = `Bearer ${bearer}`
  if (basic) headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`
  let payload
  if (body instanceof Uint8Array) {
    payload = body
    headers['content-type'] = type
  } else if (body !== undefined) {
    payload = JSON.stringify(body)
    headers['content-type'] = 'application/json'
  }
  const res = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body: payload })
  const text = await res.text()
  if (!res.ok) throw new Error(`${nsid} failed with HTTP ${res.status}: ${text}`)
  return text ? JSON.parse(text) : {}
}

// ------------------------------------------------------------------ seeding

let minute = 0
const BASE = Date.parse('2024-05-01T09:00:00Z')
const createdAt = () => new Date(BASE + minute++ * 60_000).toISOString()
const strongRef = ({ uri, cid }) => ({ uri, cid })

/** Text plus facets; parts are strings or {mention, text} / {link} / {tag}. */
function rich(parts) {
  let text = ''
  const facets = []
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part
      continue
    }
    const shown = part.text ?? (part.tag ? `#${part.tag}` : part.link)
    const byteStart = Buffer.byteLength(text)
    text += shown
    const feature = part.mention
      ? { $type: 'app.bsky.richtext.facet#mention', did: part.mention }
      : part.link
        ? { $type: 'app.bsky.richtext.facet#link', uri: part.link }
        : { $type: 'app.bsky.richtext.facet#tag', tag: part.tag }
    facets.push({ index: { byteStart, byteEnd: byteStart + Buffer.byteLength(shown) }, features: [feature] })
  }
  return { text, facets }
}

class User {
  constructor(pds, name) {
    this.pds = pds
    this.name = name
    this.handle = `${name}.test`
    this.email = `${name}@devnet.test`
    this.password = `${name}-pass`
    this.deleted = []
    this.samples = {}
  }
  call(nsid, opts) {
    return xrpc(this.pds, nsid, { bearer: this.jwt, ...opts })
  }
  /** recoveryKey, a did:key, becomes the first of the DID's rotation keys. */
  async signUp(recoveryKey) {
    const res = await xrpc(this.pds, 'com.atproto.server.createAccount', {
      body: { handle: this.handle, email: this.email, password: this.password, recoveryKey },
    })
    this.did = res.did
    this.jwt = res.accessJwt
    return this
  }
  async blob(bytes, type = 'image/png') {
    return (await this.call('com.atproto.repo.uploadBlob', { body: bytes, type })).blob
  }
  write(collection, record) {
    return this.call('com.atproto.repo.createRecord', {
      body: { repo: this.did, collection, record: { $type: collection, ...record } },
    })
  }
  put(collection, rkey, record) {
    return this.call('com.atproto.repo.putRecord', {
      body: { repo: this.did, collection, rkey, record: { $type: collection, ...record } },
    })
  }
  async erase(uri) {
    const [collection, rkey] = uri.split('/').slice(-2)
    await this.call('com.atproto.repo.deleteRecord', { body: { repo: this.did, collection, rkey } })
    this.deleted.push(uri)
  }
  post(text, extra = {}) {
    return this.write('app.bsky.feed.post', { text, langs: ['en'], createdAt: createdAt(), ...extra })
  }
  batch(records) {
    const writes = records.map(([collection, value]) => ({
      $type: 'com.atproto.repo.applyWrites#create',
      collection,
      value: { $type: collection, ...value },
    }))
    return this.call('com.atproto.repo.applyWrites', { body: { repo: this.did, writes } })
  }
  async head() {
    return xrpc(this.pds, 'com.atproto.sync.getLatestCommit', { params: { did: this.did } })
  }
}

const images = (...list) => ({
  $type: 'app.bsky.embed.images',
  images: list.map(([image, alt, w, h]) => ({ image, alt, ...(w ? { aspectRatio: { width: w, height: h } } : {}) })),
})

async function profile(u, seed) {
  const display = u.name[0].toUpperCase() + u.name.slice(1)
  await u.put('app.bsky.actor.profile', 'self', { displayName: display, description: 'first version' })
  const avatar = await u.blob(stripes(96, 96, seed))
  const banner = await u.blob(stripes(300, 100, seed + 1))
  const res = await u.put('app.bsky.actor.profile', 'self', {
    displayName: display,
    description: `${u.handle} lives on a local devnet 🧪`,
    avatar,
    banner,
    createdAt: createdAt(),
  })
  u.samples.profile = strongRef(res)
}

/** One post of the given flavour by `u`, reacting to `other`'s latest posts. */
async function varietyPost(u, other, i, mine, theirs) {
  const last = theirs.at(-1)
  switch (i % 8) {
    case 0: {
      const img = await u.blob(stripes(160 + i, 120, i))
      return u.post(`Picture ${i} by ${u.name}`, { embed: images([img, `stripes ${i}`, 160 + i, 120]) })
    }
    case 1: {
      const r = rich(['Hello ', { mention: other.did, text: `@${other.handle}` }, ' — read ',
        { link: 'https://atproto.com/specs/repository' }, ' ', { tag: 'atproto' }, ` ✨ ${i}`])
      return u.post(r.text, { facets: r.facets })
    }
    case 2:
      return mine.length
        ? u.post(`Thread reply ${i}`, { reply: { root: strongRef(mine[0]), parent: strongRef(mine.at(-1)) } })
        : u.post(`Thread start ${i}`)
    case 3:
      return u.post(`Answering ${other.handle} (${i})`, { reply: { root: strongRef(last), parent: strongRef(last) } })
    case 4: {
      const thumb = await u.blob(stripes(120, 63, i + 5))
      return u.post(`Link card ${i}`, {
        embed: {
          $type: 'app.bsky.embed.external',
          external: { uri: `https://example.com/post/${i}`, title: `Example ${i}`, description: 'external link', thumb },
        },
      })
    }
    case 5:
      return u.post(`Quote of ${other.handle} (${i})`, {
        embed: { $type: 'app.bsky.embed.record', record: strongRef(last) },
      })
    case 6: {
      const a = await u.blob(stripes(40, 40, i + 9))
      const b = await u.blob(stripes(40, 60, i + 10))
      return u.post(`Quote with two pictures (${i})`, {
        embed: {
          $type: 'app.bsky.embed.recordWithMedia',
          record: { $type: 'app.bsky.embed.record', record: strongRef(last) },
          media: images([a, 'square'], [b, 'portrait', 40, 60]),
        },
      })
    }
    default:
      return u.post(`Plain post ${i} from ${u.name}: ünïcödé ✓ 日本語`)
  }
}

async function seed(users, opts) {
  const { alice, bob, carol } = users
  const trio = [alice, bob, carol]
  for (const [i, u] of trio.entries()) await profile(u, i * 2)
  for (const u of trio)
    for (const v of trio) if (u !== v) await u.write('app.bsky.graph.follow', { subject: v.did, createdAt: createdAt() })

  // alice and carol: 50 mixed posts each, interleaved so they can reply/quote each other
  const posts = new Map([[alice, [await alice.post('First post!')]], [carol, [await carol.post('Hi all')]]])
  for (let i = 1; i < 50; i++) {
    for (const [u, other] of [[alice, carol], [carol, alice]]) {
      const res = await varietyPost(u, other, i, posts.get(u), posts.get(other))
      posts.get(u).push(res)
      if (i % 8 === 0) u.samples.postWithImage ??= strongRef(res)
      if (i % 8 === 3) u.samples.reply ??= strongRef(res)
      if (i % 2 === 0) await other.write('app.bsky.feed.like', { subject: strongRef(res), createdAt: createdAt() })
      if (i % 9 === 0) await other.write('app.bsky.feed.repost', { subject: strongRef(res), createdAt: createdAt() })
    }
  }
  const big = await alice.blob(staticNoise(480, 480, 7)) // ~690 KB, barely compressible
  posts.get(alice).push(await alice.post('Large picture', { embed: images([big, 'noise', 480, 480]) }))

  const list = await alice.write('app.bsky.graph.list', {
    purpose: 'app.bsky.graph.defs#curatelist',
    name: 'Devnet people',
    description: 'Everyone on this PDS',
    createdAt: createdAt(),
  })
  for (const u of [bob, carol])
    await alice.write('app.bsky.graph.listitem', { subject: u.did, list: list.uri, createdAt: createdAt() })
  await carol.write('app.bsky.graph.block', { subject: bob.did, createdAt: createdAt() })
  for (const u of [alice, carol]) {
    const note = await u.write('com.example.devnet.note', { body: `not a Bluesky lexicon (${u.name})`, n: 42, createdAt: createdAt() })
    u.samples.customRecord = strongRef(note)
  }

  // deletions: a post with its picture, and a like
  for (const u of [alice, carol]) {
    const img = await u.blob(stripes(30, 30, 77))
    const gone = await u.post('soon deleted', { embed: images([img, 'deleted picture']) })
    await u.erase(gone.uri)
  }
  await carol.erase((await carol.write('app.bsky.feed.like', { subject: strongRef(posts.get(alice)[1]), createdAt: createdAt() })).uri)

  // a rev to ask getRepo?since= from, then one more post each
  for (const u of [alice, carol]) {
    u.sinceRev = (await u.head()).rev
    await u.post(`after the checkpoint (${u.name})`)
  }

  // bob: a few image posts, then a large repo written in applyWrites batches of 200
  for (let i = 0; i < 10; i++) {
    const img = await bob.blob(stripes(64, 64 + i, i + 30))
    const res = await bob.post(`Bob picture ${i}`, { embed: images([img, `bob ${i}`, 64, 64 + i]) })
    bob.samples.postWithImage ??= strongRef(res)
  }
  bob.sinceRev = (await bob.head()).rev
  const likeable = [...posts.get(alice), ...posts.get(carol)]
  for (let done = 0; done < opts.bobRecords; ) {
    const records = []
    for (; records.length < 200 && done < opts.bobRecords; done++)
      records.push(done % 4 === 3
        ? ['app.bsky.feed.like', { subject: strongRef(likeable[done % likeable.length]), createdAt: createdAt() }]
        : ['app.bsky.feed.post', { text: `bulk post ${done}`, langs: ['en'], createdAt: createdAt() }])
    await bob.batch(records)
  }
  await bob.erase((await bob.post('deleted reply', { reply: { root: strongRef(posts.get(alice)[0]), parent: strongRef(posts.get(alice)[0]) } })).uri)
  for (const u of [alice, carol]) u.samples.post = strongRef(posts.get(u)[0])
  bob.samples.post = bob.samples.postWithImage
}

async function collectionCounts(pds, did) {
  const { collections } = await xrpc(pds, 'com.atproto.repo.describeRepo', { params: { repo: did } })
  const counts = {}
  for (const collection of collections) {
    let n = 0
    let cursor
    do {
      const page = await xrpc(pds, 'com.atproto.repo.listRecords', { params: { repo: did, collection, limit: 100, cursor } })
      n += page.records.length
      cursor = page.records.length ? page.cursor : undefined
    } while (cursor)
    counts[collection] = n
  }
  return counts
}

async function blobCids(pds, did) {
  const cids = []
  let cursor
  do {
    const page = await xrpc(pds, 'com.atproto.sync.listBlobs', { params: { did, limit: 1000, cursor } })
    cids.push(...page.cids)
    cursor = page.cids.length ? page.cursor : undefined
  } while (cursor)
  return cids
}

// ------------------------------------------------------------------ PDS

/** A PDS on 127.0.0.1:port keeping its sqlite files and blobs under dataDir. */
async function startPds({ port, dataDir, plcPort, handleDomain, adminPassword, extra = {} }) {
  fs.mkdirSync(dataDir, { recursive: true })
  const publicUrl = `http://${HOST}:${port}`
  const env = {
    devMode: true,
    hostname: 'localhost',
    port,
    dataDirectory: dataDir,
    blobstoreDiskLocation: path.join(dataDir, 'blobs'),
    // The PDS's identity resolver rejects IP-literal hosts, so it is given
    // the PLC by name; the PLC socket itself only listens on 127.0.0.1.
    didPlcUrl: `http://localhost:${plcPort}`,
    serviceHandleDomains: [handleDomain],
    inviteRequired: false,
    disableSsrfProtection: true,
    serviceName: 'atproto devnet',
    adminPassword,
    jwtSecret: crypto.randomBytes(32).toString('hex'),
    plcRotationKeyK256PrivateKeyHex: crypto.randomBytes(32).toString('hex'),
    ...extra,
  }
  const cfg = envToCfg(env)
  cfg.service.publicUrl = publicUrl // what DID documents name as the PDS endpoint
  const pds = await PDS.create(cfg, envToSecrets(env))
  listenOnLoopback(pds.app)
  await pds.start()
  return { pds, cfg, url: publicUrl }
}

// ------------------------------------------------------------------ --second-pds

// PDS 1 keeps did:web:localhost; a second PDS on "localhost" too would get the same
// service DID, and a service-auth token's aud could not tell the two apart.
const PDS2_DID = 'did:web:pds2.localhost'
const PDS2_HANDLES = '.test2' // not a suffix of PDS 1's ".test"
// PDS 0.5.35 serves app.bsky.actor.get/putPreferences only with an AppView configured;
// the control endpoint stands in for one (answering 501 to everything it is asked).
const APPVIEW_DID = 'did:web:appview.localhost'

const PREFERENCES = {
  alice: [
    { $type: 'app.bsky.actor.defs#adultContentPref', enabled: false },
    { $type: 'app.bsky.actor.defs#contentLabelPref', label: 'nsfw', visibility: 'warn' },
  ],
  bob: [
    { $type: 'app.bsky.actor.defs#adultContentPref', enabled: true },
    { $type: 'app.bsky.actor.defs#savedFeedsPrefV2',
      items: [{ id: '3l6ovcmm2vd2j', type: 'timeline', value: 'following', pinned: true }] },
    { $type: 'app.bsky.actor.defs#threadViewPref', sort: 'newest' },
  ],
}

/** A secp256k1 rotation key in the three spellings tests need. privateKeyMultibase is the
 * form `goat key generate` prints: multicodec secp256k1-priv (0x1301 = varint 0x81 0x26)
 * followed by the 32-byte key, base58btc with the "z" prefix. */
async function keyJson(keypair) {
  const raw = await keypair.export()
  return {
    didKey: keypair.did(),
    privateKeyHex: Buffer.from(raw).toString('hex'),
    privateKeyMultibase: bytesToMultibase(Uint8Array.from([0x81, 0x26, ...raw]), 'base58btc'),
  }
}

/**
 * The loopback control endpoint: POST /pds1/stop stops PDS 1 for good (its port then
 * refuses connections); GET /email-token?did=&purpose= returns the email token a running
 * PDS stored for the DID (the mail itself goes nowhere); /xrpc/* is the AppView stand-in.
 * `running` maps pds1/pds2 to running PDS objects.
 */
async function startControl(running) {
  let pds1Stopping = null
  const email = async (url) => {
    const did = url.searchParams.get('did')
    const purpose = url.searchParams.get('purpose') || 'plc_operation'
    if (!did) return [400, { error: 'InvalidRequest', message: 'did is required' }]
    let found = null
    for (const [name, pds] of Object.entries(running)) {
      const row = await pds.ctx.accountManager.db.db.selectFrom('email_token')
        .select(['token', 'requestedAt']).where('did', '=', did).where('purpose', '=', purpose)
        .executeTakeFirst()
      if (row && (!found || row.requestedAt > found.requestedAt)) found = { ...row, pds: name }
    }
    return found ? [200, found] : [404, { error: 'NotFound', message: `no ${purpose} token for ${did}` }]
  }
  const stopPds1 = async () => {
    const already = pds1Stopping !== null
    if (!already) {
      log('stopping PDS 1 for good (control endpoint)')
      pds1Stopping = running.pds1.destroy()
      delete running.pds1
    }
    await pds1Stopping
    return [200, { stopped: true, already }]
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://control')
    let answer
    try {
      if (req.method === 'POST' && url.pathname === '/pds1/stop') answer = await stopPds1()
      else if (req.method === 'GET' && url.pathname === '/email-token') answer = await email(url)
      else if (url.pathname.startsWith('/xrpc/'))
        answer = [501, { error: 'MethodNotImplemented', message: 'the devnet has no AppView' }]
      else answer = [404, { error: 'NotFound', message: `${req.method} ${url.pathname}` }]
    } catch (err) {
      answer = [500, { error: 'InternalServerError', message: String(err?.message ?? err) }]
    }
    res.writeHead(answer[0], { 'content-type': 'application/json' }).end(JSON.stringify(answer[1]))
  })
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, HOST, resolve))
  return {
    url: `http://${HOST}:${server.address().port}`,
    pds1Stopping: () => pds1Stopping,
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  }
}

// ------------------------------------------------------------------ main

async function main() {
  const opts = readOptions(process.argv.slice(2))
  if (opts.out) fs.rmSync(opts.out, { force: true })
  const plcPort = opts.plcPort || (await pickPort())
  const pdsPort = opts.pdsPort || (await pickPort())
  if (!opts.dataDir) tempDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atproto-devnet-'))
  const dataDir = opts.dataDir || tempDataDir
  fs.mkdirSync(dataDir, { recursive: true })

  const plcUrl = `http://${HOST}:${plcPort}`
  const plc = plcServer.PlcServer.create({ db: plcServer.Database.mock(), port: plcPort })
  listenOnLoopback(plc.app)
  await plc.start()
  log(`PLC directory on ${plcUrl}`)

  const running = {} // name -> running PDS, for the control endpoint
  const control = opts.secondPds ? await startControl(running) : null
  const transfer = (limit) => control
    ? { maxImportSize: limit, blobUploadLimit: limit, bskyAppViewUrl: control.url, bskyAppViewDid: APPVIEW_DID }
    : {}
  const common = { plcPort, adminPassword: opts.adminPassword }
  const { pds, cfg, url: pdsUrl } = await startPds({
    ...common, port: pdsPort, dataDir, handleDomain: '.test', extra: transfer(TRANSFER_LIMIT),
  })
  running.pds1 = pds
  log(`PDS on ${pdsUrl}`)
  let pds2 = null
  if (opts.secondPds) {
    pds2 = await startPds({
      ...common,
      port: opts.pds2Port || (await pickPort()),
      dataDir: path.join(dataDir, 'pds2'),
      handleDomain: PDS2_HANDLES,
      extra: { ...transfer(opts.pds2Limit), serviceDid: PDS2_DID, serviceName: 'atproto devnet (PDS 2)' },
    })
    running.pds2 = pds2.pds
    log(`PDS 2 on ${pds2.url}; control endpoint on ${control.url}`)
  }

  let stopping = false
  const stop = async (why) => {
    if (stopping) return
    stopping = true
    log(`stopping (${why})`)
    setTimeout(() => process.exit(1), 10_000).unref()
    const shutdowns = [
      ['control', () => control?.close()],
      ['pds2', () => pds2?.pds.destroy()],
      ['pds', () => control?.pds1Stopping() ?? pds.destroy()], // the control endpoint may have stopped it
      ['plc', () => plc.destroy()],
    ]
    for (const [name, shutdown] of shutdowns) {
      try {
        await shutdown()
      } catch (err) {
        log(`${name} shutdown: ${err?.message ?? err}`)
      }
    }
    if (tempDataDir) fs.rmSync(tempDataDir, { recursive: true, force: true })
    log('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  if (opts.watchStdin) {
    process.stdin.on('end', () => stop('stdin closed'))
    process.stdin.resume()
  }

  // --second-pds: alice and bob hold a rotation key of their own, first in their DIDs
  const ownKeys = {}
  if (opts.secondPds)
    for (const name of ['alice', 'bob']) ownKeys[name] = await Secp256k1Keypair.create({ exportable: true })
  const users = {}
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin'])
    users[name] = await new User(pdsUrl, name).signUp(ownKeys[name]?.did())
  for (const [name, key] of Object.entries(ownKeys)) {
    const data = await (await fetch(`${plcUrl}/${users[name].did}/data`)).json()
    if (data.rotationKeys?.[0] !== key.did()) throw new Error(`${name}: own rotation key is not first: ${data.rotationKeys}`)
  }
  if (opts.secondPds)
    for (const [name, preferences] of Object.entries(PREFERENCES))
      await users[name].call('app.bsky.actor.putPreferences', { body: { preferences } })
  await seed(users, opts)
  const { dave, erin } = users
  for (const u of [dave, erin]) {
    u.samples.post = strongRef(await u.post(`${u.name} posted once`))
    u.sinceRev = (await u.head()).rev
  }
  log('content written')

  const accounts = {}
  for (const u of Object.values(users)) {
    const records = await collectionCounts(pdsUrl, u.did)
    const head = await u.head()
    accounts[u.name] = {
      did: u.did,
      handle: u.handle,
      email: u.email,
      password: u.password,
      status: 'active',
      rev: head.rev,
      commitCid: head.cid,
      sinceRev: u.sinceRev ?? null,
      records,
      totalRecords: Object.values(records).reduce((a, b) => a + b, 0),
      blobs: await blobCids(pdsUrl, u.did),
      deletedRecords: u.deleted,
      sampleRecords: u.samples,
    }
    if (ownKeys[u.name]) accounts[u.name].rotationKey = await keyJson(ownKeys[u.name])
    if (opts.secondPds && PREFERENCES[u.name])
      accounts[u.name].preferences = (await u.call('app.bsky.actor.getPreferences')).preferences
  }
  // dave deactivates himself; erin is taken down by the admin
  await dave.call('com.atproto.server.deactivateAccount', { body: {} })
  accounts.dave.status = 'deactivated'
  await xrpc(pdsUrl, 'com.atproto.admin.updateSubjectStatus', {
    basic: `admin:${opts.adminPassword}`,
    body: {
      subject: { $type: 'com.atproto.admin.defs#repoRef', did: erin.did },
      takedown: { applied: true, ref: 'devnet' },
    },
  })
  accounts.erin.status = 'takendown'

  const info = {
    plcUrl,
    pdsUrl,
    firehoseUrl: `ws://${HOST}:${pdsPort}/xrpc/com.atproto.sync.subscribeRepos`,
    pdsDid: cfg.service.did,
    adminPassword: opts.adminPassword,
    ...(pds2 && {
      pds2Url: pds2.url,
      pds2Did: pds2.cfg.service.did,
      firehose2Url: `ws://${HOST}:${pds2.cfg.service.port}/xrpc/com.atproto.sync.subscribeRepos`,
      controlUrl: control.url,
    }),
    versions: { node: process.version, pds: cfg.service.version },
    dataDir,
    pid: process.pid,
    startupMs: Date.now() - started,
    accounts,
  }
  const json = `${JSON.stringify(info, null, 2)}\n`
  if (opts.out) {
    const tmp = `${opts.out}.${process.pid}.tmp`
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true })
    fs.writeFileSync(tmp, json)
    fs.renameSync(tmp, opts.out) // the file appears only once everything is ready
  } else {
    process.stdout.write(json)
  }
  const second = pds2 ? ` pds2=${pds2.url} control=${control.url}` : ''
  log(`READY plc=${plcUrl} pds=${pdsUrl}${second}${opts.out ? ` info=${opts.out}` : ''}`)
}

main().catch((err) => {
  console.error('[devnet] failed:', err)
  if (tempDataDir) fs.rmSync(tempDataDir, { recursive: true, force: true })
  process.exit(1)
})
