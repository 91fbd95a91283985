// The SSE load client of Herald's benchmark: the same code against Herald and against Nchan.
// It holds N EventSource connections (the third-party `eventsource` package), publishes M events
// stamped with this process's monotonic clock, and prints one JSON line of measurements.
//
//   node load.mjs --target herald|nchan --base http://127.0.0.1:9080 --n 2000 --events 20 \
//                 --mode all|user --pid <server pid> [--tokens tokens.txt --admin <token>]
import { EventSource } from 'eventsource';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const target = args.target;
const base = args.base;
const n = Number(args.n);
const events = Number(args.events ?? 20);
const warmup = Number(args.warmup ?? 5);
const mode = args.mode ?? 'all';
const pid = Number(args.pid);
const payloadBytes = Number(args.payload ?? 256);
const holdSeconds = Number(args.hold ?? 0);
const tokens = args.tokens ? readFileSync(args.tokens, 'utf8').trim().split('\n') : [];
const admin = args.admin;
const CONNECT_CONCURRENCY = 200;

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function serverCpuMs() {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
}
function serverRssKiB() {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
}
// Herald only: live heap after a full GC, in KiB (jcmd).
function heapAfterGcKiB() {
  if (target !== 'herald') return null;
  execFileSync('jcmd', [String(pid), 'GC.run']);
  const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' });
  return Number(info.match(/used (\d+)K/)[1]);
}
function clientCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

let delivered = 0;
let reconnects = 0;
let heartbeats = 0;
const latencies = [];
let measuring = false;
const waiters = [];

function onPayload(payload) {
  if (payload.phase === 'measure' && measuring) {
    latencies.push(now() - payload.t);
  }
  delivered += 1;
  for (const waiter of waiters) waiter();
}

function subscribe(i) {
  return new Promise((resolve) => {
    const user = `u${i}`;
    const url = target === 'herald' ? `${base}/api/sse/connect` : `${base}/sub/${mode === 'all' ? 'all' : user}`;
    const options = target === 'herald'
      ? { fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${tokens[i]}` } }) }
      : {};
    const source = new EventSource(url, options);
    let opened = false;
    source.onopen = () => {
      if (opened) reconnects += 1;
      opened = true;
      if (target === 'nchan') resolve(source);
    };
    source.onmessage = (message) => {
      const body = JSON.parse(message.data);
      if (target === 'herald') {
        if (body.type === 'connection_established') return resolve(source);
        if (body.type === 'heartbeat') heartbeats += 1;
        if (body.type !== 'bench') return;
        onPayload(body.data);
      } else {
        onPayload(body);
      }
    };
    source.onerror = () => {};
  });
}

async function publish(k, phase) {
  const user = `u${k % n}`;
  const pad = 'x'.repeat(Math.max(0, payloadBytes - 60));
  const data = { t: now(), seq: k, phase, pad };
  if (target === 'herald') {
    const body = { type: 'bench', data };
    if (mode === 'user') body.userIds = [user];
    const response = await fetch(`${base}/api/sse/publish`, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`publish: ${response.status}`);
  } else {
    const response = await fetch(`${base}/pub/${mode === 'all' ? 'all' : user}`, {
      method: 'POST', body: JSON.stringify(data), headers: { 'Content-Type': 'application/json' },
    });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`publish: ${response.status}`);
  }
}

async function until(count, timeoutMs) {
  const deadline = now() + timeoutMs;
  while (delivered < count && now() < deadline) {
    await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
    waiters.length = 0;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
}

const perEvent = mode === 'all' ? n : 1;
const heapBefore = heapAfterGcKiB();
const rssBefore = serverRssKiB();
const connectStart = now();
const sources = [];
for (let i = 0; i < n; i += CONNECT_CONCURRENCY) {
  const batch = [];
  for (let j = i; j < Math.min(n, i + CONNECT_CONCURRENCY); j++) batch.push(subscribe(j));
  sources.push(...await Promise.all(batch));
}
const connectSeconds = (now() - connectStart) / 1000;
await sleep(1000);
const rssConnected = serverRssKiB();
const heapConnected = heapAfterGcKiB();

if (holdSeconds > 0) {
  // Hold mode: keep every connection open for holdSeconds and watch the server's memory.
  const samples = [];
  const started = now();
  while ((now() - started) / 1000 < holdSeconds) {
    await sleep(Math.min(60000, holdSeconds * 1000 - (now() - started)));
    samples.push({ atSeconds: Math.round((now() - started) / 1000), rssKiB: serverRssKiB() });
  }
  const heapEnd = heapAfterGcKiB();
  const open = sources.filter((source) => source.readyState === EventSource.OPEN).length;
  console.log(JSON.stringify({
    target, mode: 'hold', n, holdSeconds, open, reconnects, heartbeats,
    connectPerSecond: n / connectSeconds,
    serverRssKiBPerConnection: (rssConnected - rssBefore) / n,
    serverHeapKiBPerConnection: heapBefore === null ? null : (heapConnected - heapBefore) / n,
    rssGrowthKiB: samples[samples.length - 1].rssKiB - rssConnected,
    heapGrowthKiB: heapBefore === null ? null : heapEnd - heapConnected,
    samples,
  }));
  for (const source of sources) source.close();
  process.exit(0);
}

// Warm-up, discarded: JIT, pools and buffers settle.
for (let k = 0; k < warmup; k++) await publish(k, 'warmup');
await until(warmup * perEvent, 60000);

delivered = 0;
measuring = true;
const cpu0 = serverCpuMs();
const client0 = clientCpuMs();
const burstStart = now();
const publishing = [];
for (let k = 0; k < events; k++) publishing.push(publish(k, 'measure'));
await Promise.all(publishing);
const expected = events * perEvent;
await until(expected, 120000);
const burstSeconds = (now() - burstStart) / 1000;
const cpuMs = serverCpuMs() - cpu0;
const clientMs = clientCpuMs() - client0;
measuring = false;

latencies.sort((a, b) => a - b);
const result = {
  target, mode, n, events, expected, delivered,
  deliveredRatio: delivered / expected,
  reconnects,
  p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies[latencies.length - 1] ?? null,
  connectPerSecond: n / connectSeconds,
  burstDeliveriesPerSecond: delivered / burstSeconds,
  serverCpuUsPerDelivery: delivered ? cpuMs * 1000 / delivered : null,
  clientCpuUsPerDelivery: delivered ? clientMs * 1000 / delivered : null,
  serverRssKiBPerConnection: (rssConnected - rssBefore) / n,
  serverHeapKiBPerConnection: heapBefore === null ? null : (heapConnected - heapBefore) / n,
};
console.log(JSON.stringify(result));
for (const source of sources) source.close();
process.exit(0);
