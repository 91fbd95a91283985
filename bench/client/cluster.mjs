// Issue 12's figures: Herald on two nodes and Kafka against one node without it, with the same client.
//
//   latency:  N streams on the stream node; events published on the publish node, each to one user,
//             at RATE events/s (in requests of BATCH users each) for SECONDS, after a warm-up. Prints
//             publish-to-delivery p50/p99 and each server's CPU per event.
//   failover: N streams on node A, events flowing (published on B); node A is killed (the caller does
//             it when this prints "kill"), every client resumes on node B with Last-Event-ID. Prints
//             how long until all were back, and whether any client missed or doubled an event.
//
//   node cluster.mjs --mode latency --stream http://127.0.0.1:9081 --publish http://127.0.0.1:9080 \
//        --n 1000 --rate 1000 --batch 100 --seconds 20 --tokens t.txt --admin <token> --pids 123,456
import { EventSource } from 'eventsource';
import { readFileSync, existsSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const mode = args.mode ?? 'latency';
const streamBase = args.stream;
const publishBase = args.publish ?? streamBase;
const n = Number(args.n ?? 1000);
const rate = Number(args.rate ?? 100);
const batch = Number(args.batch ?? 10);
const seconds = Number(args.seconds ?? 20);
const tokens = readFileSync(args.tokens, 'utf8').trim().split('\n');
const admin = args.admin;
const pids = (args.pids ?? '').split(',').filter(Boolean).map(Number);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))] : null);

let phase = 'warmup';
const latencies = [];
const clients = [];

function open(i, base, lastEventId) {
  return new Promise((resolve) => {
    const headers = { Authorization: `Bearer ${tokens[i]}` };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const source = new EventSource(`${base}/api/sse/connect`, {
      // The library's own Last-Event-ID (on its reconnects) wins over the one this open started from.
      fetch: (input, init) => fetch(input, { ...init, headers: { ...headers, ...init.headers } }),
    });
    const client = clients[i] ?? (clients[i] = { seqs: [], lastEventId: null, resyncs: 0 });
    client.source = source;
    source.onmessage = (message) => {
      if (message.lastEventId) client.lastEventId = message.lastEventId;
      const body = JSON.parse(message.data);
      if (body.type === 'connection_established') {
        client.backAt = now();
        resolve();
      } else if (body.type === 'resync_required') {
        client.resyncs += 1;
      } else if (body.type === 'bench') {
        client.seqs.push(body.data.seq);
        if (body.data.phase === 'measure' && phase === 'measure') latencies.push(now() - body.data.t);
      }
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && client.source === source) {
        setTimeout(() => open(i, base, client.lastEventId).then(resolve), 500 + Math.random() * 1000);
      }
    };
  });
}

let seq = 0;
let published = 0;
const sent = Array.from({ length: n }, () => []); // failover: what each user was sent, as accepted (202)
async function publishBatch(label) {
  const userIds = [];
  const first = seq;
  for (let j = 0; j < batch; j++) userIds.push(`u${(first + j) % n}`);
  seq += batch;
  const response = await fetch(`${publishBase}/api/sse/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
    body: JSON.stringify({ type: 'bench', data: { t: now(), seq: first, phase: label, pad: 'x'.repeat(200) }, userIds }),
  });
  await response.arrayBuffer();
  if (response.status === 202 && label === 'measure') published += batch;
  if (response.status === 202 && label === 'flow') {
    for (const user of userIds) sent[Number(user.slice(1))].push(first);
  }
  return response.status;
}

async function steady(label, eventsPerSecond, durationS) {
  const interval = 1000 * batch / eventsPerSecond;
  const end = now() + durationS * 1000;
  let next = now();
  const pending = [];
  let refused = 0;
  while (now() < end) {
    pending.push(publishBatch(label).then((status) => { if (status !== 202) refused += 1; }));
    next += interval;
    const wait = next - now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(pending);
  return refused;
}

for (let i = 0; i < n; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, n - i) }, (_, k) => open(i + k, streamBase)));
}

if (mode === 'latency') {
  await steady('warmup', Math.min(rate, 200), 10);
  await sleep(2000);
  phase = 'measure';
  const cpu0 = pids.map(cpuMs);
  const refused = await steady('measure', rate, seconds);
  await sleep(3000);
  const cpu = pids.map((pid, k) => cpuMs(pid) - cpu0[k]);
  const events = published;
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({
    mode, n, rate, batch, seconds, refused, delivered: latencies.length, expected: events,
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99),
    serverCpuUsPerEvent: cpu.map((ms) => Math.round(ms * 1000 / events * 10) / 10),
  }));
} else {
  // Events flow to every user while node A dies; then each client resumes on B.
  const other = args.other;
  let publishing = true;
  const firstFlow = seq;
  const flow = (async () => {
    while (publishing) {
      await publishBatch('flow').catch(() => {});
      await sleep(1000 * batch / rate);
    }
  })();
  await sleep(3000);
  console.error('kill');
  const killAt = now();
  while (!existsSync(args.killed)) await sleep(50);
  // Each client notices its stream ended and resumes on the other node.
  await Promise.all(clients.map((client, i) => {
    client.source.close();
    return open(i, other, client.lastEventId);
  }));
  const backSeconds = (Math.max(...clients.map((c) => c.backAt)) - killAt) / 1000;
  const resumes = clients.map((c) => (c.backAt - killAt) / 1000).sort((x, y) => x - y);
  await sleep(3000);
  publishing = false;
  await flow;
  await sleep(3000);
  let missing = 0;
  let doubled = 0;
  let published = 0;
  for (let i = 0; i < n; i++) {
    const received = clients[i].seqs.filter((s) => s >= firstFlow);
    const seen = new Set();
    for (const s of received) {
      if (seen.has(s)) doubled += 1;
      seen.add(s);
    }
    for (const s of sent[i]) {
      published += 1;
      if (!seen.has(s)) missing += 1;
    }
  }
  console.log(JSON.stringify({
    mode, n, rate, backSeconds, resumeP50Seconds: percentile(resumes, 50), resumeP99Seconds: percentile(resumes, 99), published, missing, doubled, resyncs: clients.reduce((s, c) => s + c.resyncs, 0),
    eventsPerClient: clients.reduce((s, c) => s + c.seqs.length, 0) / n,
  }));
}
for (const client of clients) client.source.close();
process.exit(0);
