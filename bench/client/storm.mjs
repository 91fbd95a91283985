// Issue 11's second scenario: a mass reconnect. Holds N streams (one user each, its own token),
// checks that steady broadcasts reach all of them, then closes all N at once and opens N new ones
// for the same users with Last-Event-ID, as browsers do after a balancer or network blip. It
// reports how long until every client was back, the connections the server held meanwhile, and
// whether the next broadcasts reached every client. One JSON line.
//
// The same client runs against Nchan (--target nchan, one broadcast channel, no authentication),
// so that the time until all are back has a reference.
//
//   node storm.mjs --target herald|nchan --base http://127.0.0.1:9080 --n 10000 [--tokens tokens.txt \
//                  --admin <token>] --broadcasts 20 --interval 500
import { EventSource } from 'eventsource';
import { readFileSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const target = args.target ?? 'herald';
const base = args.base;
const n = Number(args.n);
const tokens = args.tokens ? readFileSync(args.tokens, 'utf8').trim().split('\n') : [];
const admin = args.admin;
const broadcasts = Number(args.broadcasts ?? 20);
const interval = Number(args.interval ?? 500);
const backTimeout = Number(args['back-timeout'] ?? 180) * 1000;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One client: a user's stream, reopened after a refusal as herald.js does (EventSource gives up on a 503). */
class Client {
  constructor(i) {
    this.i = i;
    this.lastEventId = null;
    this.received = new Map(); // phase -> count
    this.errors = 0;
    this.fatal = 0;
  }

  open() {
    return new Promise((resolve) => {
      const headers = target === 'herald' ? { Authorization: `Bearer ${tokens[this.i]}` } : {};
      if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
      const url = target === 'herald' ? `${base}/api/sse/connect` : `${base}/sub/all`;
      const source = new EventSource(url, {
        // The library's own Last-Event-ID (on its reconnects) wins over the one this open started from.
      fetch: (input, init) => fetch(input, { ...init, headers: { ...headers, ...init.headers } }),
      });
      this.source = source;
      if (target === 'nchan') {
        source.onopen = () => {
          this.establishedAt = now();
          resolve();
        };
      }
      source.onmessage = (message) => {
        if (message.lastEventId) this.lastEventId = message.lastEventId;
        const raw = JSON.parse(message.data);
        const body = target === 'herald' ? raw : { type: 'storm', data: raw };
        if (body.type === 'connection_established') {
          this.establishedAt = now();
          resolve();
        } else if (body.type === 'storm') {
          this.received.set(body.data.phase, (this.received.get(body.data.phase) ?? 0) + 1);
          if (body.data.phase === 'after') latencies.push(now() - body.data.t);
        }
      };
      source.onerror = () => {
        this.errors += 1;
        if (source.readyState === EventSource.CLOSED && this.source === source) {
          // Refused (503/429) or failed: back off a random 1-5 s, then try again.
          this.fatal += 1;
          setTimeout(() => this.open().then(resolve), 1000 + Math.random() * 4000);
        }
      };
    });
  }

  close() {
    this.source.close();
  }
}

async function publish(k, phase) {
  const data = { phase, k, t: now(), pad: 'x'.repeat(200) };
  const response = target === 'herald'
    ? await fetch(`${base}/api/sse/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
      body: JSON.stringify({ type: 'storm', data }),
    })
    : await fetch(`${base}/pub/all`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`publish: ${response.status}`);
}
async function registered() {
  if (target !== 'herald') return null;
  try {
    const response = await fetch(`${base}/api/sse/stats`, { headers: { Authorization: `Bearer ${admin}` },
      signal: AbortSignal.timeout(5000) });
    return (await response.json()).connections;
  } catch {
    return null; // the server could not answer (busy, or at its connection limit): recorded as null
  }
}
function countAll(phase) {
  return clients.reduce((sum, client) => sum + (client.received.get(phase) ?? 0), 0);
}
async function untilDelivered(phase, expected, timeoutMs) {
  const deadline = now() + timeoutMs;
  while (countAll(phase) < expected && now() < deadline) await sleep(100);
  return countAll(phase);
}
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))] : null;
}

const latencies = [];
const clients = Array.from({ length: n }, (_, i) => new Client(i));
const connectStart = now();
for (let i = 0; i < n; i += 200) await Promise.all(clients.slice(i, i + 200).map((client) => client.open()));
const connectSeconds = (now() - connectStart) / 1000;

for (let k = 0; k < broadcasts; k++) {
  await publish(k, 'before');
  await sleep(interval);
}
const deliveredBefore = await untilDelivered('before', n * broadcasts, 30000);

// The blip: every stream drops at once, and every client comes back at once.
const held = [];
const stormStart = now();
for (const client of clients) client.close();
const back = Promise.all(clients.map((client) => client.open()));
let allBack = false;
back.then(() => { allBack = true; });
let peakRegistered = 0;
while (!allBack && now() - stormStart < backTimeout) {
  const count = await registered();
  if (count !== null) peakRegistered = Math.max(peakRegistered, count);
  held.push({ atSeconds: Math.round((now() - stormStart) / 100) / 10, registered: count,
    back: clients.filter((client) => client.establishedAt >= stormStart).length });
  await sleep(1000);
}
const backSeconds = allBack ? (Math.max(...clients.map((client) => client.establishedAt)) - stormStart) / 1000 : null;
await sleep(3000); // old streams the server had not yet found gone show up here
const registeredAfter = await registered();

for (let k = 0; k < broadcasts; k++) {
  await publish(k, 'after');
  await sleep(interval);
}
const deliveredAfter = await untilDelivered('after', n * broadcasts, 30000);
latencies.sort((a, b) => a - b);
const everyClientGotEvery = clients.every((client) => (client.received.get('after') ?? 0) === broadcasts);
console.log(JSON.stringify({
  target, n, connectPerSecond: n / connectSeconds,
  deliveredBefore: deliveredBefore / (n * broadcasts),
  allBack, backSeconds, peakRegistered, registeredAfter,
  clientErrors: clients.reduce((sum, client) => sum + client.errors, 0),
  refusedOrFailedOpens: clients.reduce((sum, client) => sum + client.fatal, 0),
  deliveredAfter: deliveredAfter / (n * broadcasts), everyClientGotEvery,
  afterP50Ms: percentile(latencies, 50), afterP99Ms: percentile(latencies, 99),
  held,
}));
for (const client of clients) client.close();
process.exit(0);
