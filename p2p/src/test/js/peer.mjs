// A js-libp2p peer for fedchain's interop tests, speaking the same line protocol as
// `bin/fedchain p2p probe`: JSON events on stdout, one message to publish per stdin line.
//
//   node peer.mjs [--listen MULTIADDR] [--dial MULTIADDR]... [--topic T]... [--publish-topic T] [--seed HEX]
//
// Events: ready {peerId, listenAddrs}, connect {peer}, identify {peer, protocols, agentVersion,
// publicKeyMatches}, ping {peer, rttMs}, subscribed {peer, topic}, message {topic, from, dataHex,
// signatureValid}, published {topic, bytes}, error {message}.

// js-libp2p 3.x uses Promise.withResolvers (Node 22); Node 20 lacks it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function () {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

const { createLibp2p } = await import('libp2p')
const { tcp } = await import('@libp2p/tcp')
const { noise } = await import('@chainsafe/libp2p-noise')
const { yamux } = await import('@chainsafe/libp2p-yamux')
const { gossipsub } = await import('@libp2p/gossipsub')
const { identify } = await import('@libp2p/identify')
const { ping } = await import('@libp2p/ping')
const { multiaddr } = await import('@multiformats/multiaddr')
const { generateKeyPairFromSeed } = await import('@libp2p/crypto/keys')
const readline = await import('node:readline')

const args = process.argv.slice(2)
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const all = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []))
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

const topics = all('--topic')
const publishTopic = opt('--publish-topic') ?? topics[0]
const seedHex = opt('--seed')
const privateKey = seedHex ? await generateKeyPairFromSeed('Ed25519', Buffer.from(seedHex, 'hex')) : undefined

const node = await createLibp2p({
  privateKey,
  addresses: { listen: [opt('--listen') ?? '/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      globalSignaturePolicy: 'StrictSign',
      emitSelf: false,
      allowPublishToZeroTopicPeers: false,
      maxInboundDataLength: 4 * 1024 * 1024
    })
  }
})

node.addEventListener('peer:connect', (e) => {
  const peer = e.detail.toString()
  emit({ type: 'connect', peer })
  node.services.ping.ping(e.detail).then(
    (rtt) => emit({ type: 'ping', peer, rttMs: rtt }),
    (err) => emit({ type: 'error', message: `ping ${peer}: ${err.message}` }))
})
node.addEventListener('peer:disconnect', (e) => emit({ type: 'disconnect', peer: e.detail.toString() }))
node.addEventListener('peer:identify', (e) => {
  const d = e.detail
  // The identified public key: a key object (raw bytes in .raw) or its protobuf bytes.
  const pk = d.publicKey
  const key = pk == null ? null : Buffer.from(pk.raw ?? pk).toString('hex')
  emit({ type: 'identify', peer: d.peerId.toString(), protocols: d.protocols, agentVersion: d.agentVersion,
    listenAddrs: (d.listenAddrs ?? []).map((a) => a.toString()), publicKeyHex: key })
})

const pubsub = node.services.pubsub
pubsub.addEventListener('subscription-change', (e) => {
  for (const s of e.detail.subscriptions) {
    if (s.subscribe) emit({ type: 'subscribed', peer: e.detail.peerId.toString(), topic: s.topic })
  }
})
pubsub.addEventListener('message', (e) => {
  const m = e.detail
  // StrictSign: gossipsub has verified the signature before this event fires.
  emit({ type: 'message', topic: m.topic, from: m.from?.toString(), dataHex: Buffer.from(m.data).toString('hex'),
    signed: m.type === 'signed' })
})
for (const t of topics) pubsub.subscribe(t)

await node.start()
emit({ type: 'ready', peerId: node.peerId.toString(), listenAddrs: node.getMultiaddrs().map((a) => a.toString()) })

for (const addr of all('--dial')) {
  try {
    await node.dial(multiaddr(addr))
  } catch (err) {
    emit({ type: 'error', message: `dial ${addr}: ${err.message}` })
  }
}

async function waitForSubscriber (topic) {
  for (let i = 0; i < 100; i++) {
    if (pubsub.getSubscribers(topic).length > 0) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}

// Each stdin line is published to the publish topic, or to T when the line reads "@T payload".
// Lines are handled one after another, in order.
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false })
let queue = Promise.resolve()
rl.on('line', (line) => {
  queue = queue.then(async () => {
    let topic = publishTopic
    let payload = line
    if (line.startsWith('@') && line.includes(' ')) {
      topic = line.slice(1, line.indexOf(' '))
      payload = line.slice(line.indexOf(' ') + 1)
    }
    if (!(await waitForSubscriber(topic))) {
      emit({ type: 'error', message: `no peer subscribed to ${topic} within 10 s` })
      return
    }
    try {
      await pubsub.publish(topic, new TextEncoder().encode(payload))
      emit({ type: 'published', topic, bytes: Buffer.byteLength(payload) })
    } catch (err) {
      emit({ type: 'error', message: `publish: ${err.message}` })
    }
  })
})
rl.on('close', async () => {
  if (args.includes('--exit-on-eof')) {
    await queue
    await node.stop()
    process.exit(0)
  }
})
process.on('SIGTERM', async () => { await node.stop(); process.exit(0) })
