// The SSE load client of Herald's benchmark: the same code against Herald and against Nchan.
// It holds N EventSource connections (the third-party `eventsource` package), publishes events
// stamped with this process's monotonic clock, and prints one JSON line of measurements.
//
//   node load.mjs --target herald|nchan|liberty --base http://127.0.0.1:9080 --n 2000 --events 20 \
//                 --mode all|user|steady --pid <server pid> [--tokens tokens.txt --admin <token>]
//
// Modes: "all" publishes EVENTS broadcasts at once (a burst), "user" EVENTS events to one user each,
// "steady" one broadcast every INTERVAL ms. Each mode runs in rounds (--round-seconds of paced
// publishing for steady, one burst for the others): --warmup-rounds rounds whose figures are printed
// to stderr and kept as `warmup` (to see the JIT settle); --connect-batches of new users; then
// --age-seconds of events at the steady rate, not measured, so that the last batch's streams are not
// seconds old (on a JVM, longer, up to --age-max-seconds, until the server has collected since the last
// batch); then --rounds measured rounds, summed.
import { EventSource } from 'eventsource';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const target = args.target;
// The name the results carry: bench/run.sh runs a second Herald (HERALD_B_JVM_ARGS) as herald-b.
const label = args.label ?? target;
const base = args.base;
const n = Number(args.n);
const events = Number(args.events ?? 20);
const mode = args.mode ?? 'all';
const warmupRounds = Number(args['warmup-rounds'] ?? 3);
const rounds = Number(args.rounds ?? 1);
const intervalMs = Number(args.interval ?? 200);
const roundSeconds = Number(args['round-seconds'] ?? 10);
const broadcast = mode !== 'user';
const pid = Number(args.pid);
const payloadBytes = Number(args.payload ?? 256);
const holdSeconds = Number(args.hold ?? 0);
const tokens = args.tokens ? readFileSync(args.tokens, 'utf8').trim().split('\n') : [];
const admin = args.admin;
const CONNECT_CONCURRENCY = 200;

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function serverCpuMs(of = pid) {
  const fields = readFileSync(`/proc/${of}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
}
function serverRssKiB() {
  return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
}
// The JVM servers only (Herald, the Liberty reference): live heap after a full GC, in KiB (jcmd).
function heapAfterGcKiB() {
  if (target === 'nchan') return null;
  execFileSync('jcmd', [String(pid), 'GC.run']);
  const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' });
  // Every generation's (G1 has one heap line; the serial collector, which the JVM picks for itself
  // on one core when nothing names a collector, as for the Liberty reference, has two).
  return [...info.matchAll(/(?:heap|generation)\s+total \d+K, used (\d+)K/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}
// The JVM servers only: the collector's counts and times and its generations' use (`jstat -gc`, read
// from the JVM's performance counters without stopping it). Null for Nchan.
function serverGc() {
  if (target === 'nchan') return null;
  const [head, values] = execFileSync('jstat', ['-gc', String(pid)], { encoding: 'utf8' }).trim().split('\n')
    .map((line) => line.trim().split(/\s+/));
  // The serial collector has no concurrent cycles: jstat prints "-" for them.
  const v = Object.fromEntries(head.map((name, k) => [name, Number.isFinite(Number(values[k])) ? Number(values[k]) : 0]));
  return { young: v.YGC, youngMs: v.YGCT * 1000, full: v.FGC, fullMs: v.FGCT * 1000,
    survivorMiB: (v.S0U + v.S1U) / 1024, oldMiB: v.OU / 1024, edenMiB: v.EU / 1024, edenCapacityMiB: v.EC / 1024 };
}
// What the collector did between two readings of serverGc().
const gcBetween = (a, b) => (a && b ? { young: b.young - a.young, youngMs: b.youngMs - a.youngMs, full: b.full - a.full,
  fullMs: b.fullMs - a.fullMs } : null);
const round1 = (x) => Math.round(x * 10) / 10;
// The client's old space in use, MiB (LATE_MS's traces).
const clientOldSpaceMiB = () => (getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_used_size / 1048576).toFixed(1);
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

// LATE_MS (debugging only): every broadcast of a round with deliveries later than this many ms is
// printed after the round, with the wall-clock time it was published and how long the publish took
// to be answered, so that a slow round can be set beside the server's threads or a GC log.
const lateMs = Number(process.env.LATE_MS ?? 0);
const lateBySeq = new Map();
const publishedAt = new Map();
// With LATE_MS, the client's own collections of 10 ms or more too: a pause of the client's one thread
// delays every delivery it has not handled yet, whatever the server did.
if (lateMs > 0) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration < 10) continue;
      const at = new Date(performance.timeOrigin + entry.startTime).toISOString().slice(11, 23);
      console.error(`${target} client GC (kind ${entry.detail?.kind ?? entry.kind}) at ${at}: ${entry.duration.toFixed(1)} ms`);
    }
  }).observe({ entryTypes: ['gc'] });
}

function onPayload(payload) {
  if (measuring) {
    const latency = now() - payload.t;
    latencies.push(latency);
    if (lateMs > 0 && latency > lateMs) {
      const late = lateBySeq.get(payload.seq) ?? { count: 0, max: 0 };
      late.count += 1;
      late.max = Math.max(late.max, latency);
      lateBySeq.set(payload.seq, late);
    }
  }
  delivered += 1;
  for (const waiter of waiters) waiter();
}

// The server under test, and with --pair-base the Nchan whose connect batches interleave with its own.
const tested = { target, base, pid };
const paired = args['pair-base'] ? { target: 'nchan', base: args['pair-base'], pid: Number(args['pair-pid']) } : null;

function subscribe(i, server = tested) {
  const { target, base } = server;
  return new Promise((resolve) => {
    const user = `u${i}`;
    const url = target === 'herald' ? `${base}/api/sse/connect` : `${base}/sub/${broadcast ? 'all' : user}`;
    const options = target === 'herald'
      ? { fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${tokens[i]}` } }) }
      : {};
    const source = new EventSource(url, options);
    let opened = false;
    source.onopen = () => {
      if (opened) reconnects += 1;
      opened = true;
      if (target !== 'herald') resolve(source);
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

async function publish(k, phase, server = tested) {
  const { target, base } = server;
  const pad = 'x'.repeat(Math.max(0, payloadBytes - 60));
  const user = `u${userBase + k % n}`;
  const data = { t: now(), seq: k, phase, pad };
  const sent = lateMs > 0 ? { wall: new Date(), t: data.t } : null;
  let response;
  if (target === 'herald') {
    const body = { type: 'bench', data };
    if (!broadcast) body.userIds = [user];
    response = await fetch(`${base}/api/sse/publish`, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
    });
  } else {
    response = await fetch(`${base}/pub/${broadcast ? 'all' : user}`, {
      method: 'POST', body: JSON.stringify(data), headers: { 'Content-Type': 'application/json' },
    });
  }
  await response.arrayBuffer();
  if (sent) publishedAt.set(k, { wall: sent.wall, answeredMs: now() - sent.t });
  if (target === 'herald' ? response.status !== 202 : response.status >= 300) throw new Error(`publish: ${response.status}`);
}

// Until the server holds no stream of the closed batch. A closed stream is found by the server's
// next writes, so events that nobody receives go out meanwhile; Herald says when it holds none, the
// others are given two seconds.
async function drained() {
  const deadline = now() + 30000;
  while (now() < deadline) {
    if (target !== 'herald') {
      if (broadcast) await publish(published++, 'flush');
      await sleep(500);
      if (now() > deadline - 28000) return;
      continue;
    }
    // To everyone, whatever the mode: every closed stream must be written to.
    const flush = await fetch(`${base}/api/sse/publish`, {
      method: 'POST', body: JSON.stringify({ type: 'bench', data: { t: now(), seq: -1, phase: 'flush' } }),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
    });
    await flush.arrayBuffer();
    await sleep(500);
    const response = await fetch(`${base}/api/sse/stats`, { headers: { Authorization: `Bearer ${admin}` } });
    const stats = await response.json();
    if (stats.connections === 0) return;
  }
  throw new Error('the closed streams were still open on the server after 30 s');
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

const perEvent = broadcast ? n : 1;
let published = 0;
// Closes the streams and waits until the server has let them go; then, for the JVM servers, their live
// heap: the baseline of the heap per stream, taken once the first N streams have been measured (so
// that it holds nothing the warm-up adds later). What outlives a stream is not in that figure: Liberty's
// authentication cache keeps each user's verified token, about 4 KiB. RSS per stream counts everything.
async function heapWithoutStreams() {
  for (const source of sources) source.close();
  await drained();
  return target === 'nchan' ? null : heapAfterGcKiB();
}
// No collection before the fresh server takes its streams. A full GC there (jcmd GC.run) made G1
// give part of its heap back, and the first young collection after it reported a pause-time ratio
// of 9-71 % (the ones after it 0-5 %); on that figure G1 grew the heap by 77-204 MB in 5 of 18 hold
// runs, and RSS per stream measured what the benchmark had done to the collector (BENCHMARKS.md,
// "The benchmark's own full GC"). The heap's baseline is taken once these streams have been measured
// and have closed (heapWithoutStreams).
const rssBefore = serverRssKiB();
const connectBatches = Number(args['connect-batches'] ?? 1);
let userBase = 0;
let sources = [];
// How a batch of connects is paced (--connect-pacing): "waves" (the default) starts CONNECT_CONCURRENCY
// at once and waits for all of them before the next wave, so a batch's rate also carries the slowest
// connect of every wave; "window" keeps CONNECT_CONCURRENCY in flight, starting the next as soon as one
// has opened; "alternate" paces the warm batches by turns, waves first, to compare the two on one
// server. Measured side by side, the two gave the same rates (BENCHMARKS.md, "Connects paced in waves
// or in a window").
const connectPacing = args['connect-pacing'] ?? 'waves';
// Every batch but the alternating warm ones: the fresh server's, the warm-up's, and the warm ones unless they alternate.
const steadyPacing = connectPacing === 'window' ? 'window' : 'waves';
// Opens n streams for users userBase..userBase+n-1 on a server; returns them, the rate and the
// server's and client's CPU.
async function openStreams(pacing, server) {
  const cpu0 = serverCpuMs(server.pid);
  const client0 = clientCpuMs();
  const start = now();
  const streams = new Array(n);
  if (pacing === 'waves') {
    for (let i = 0; i < n; i += CONNECT_CONCURRENCY) {
      const wave = [];
      for (let j = i; j < Math.min(n, i + CONNECT_CONCURRENCY); j++) wave.push(subscribe(userBase + j, server).then((s) => { streams[j] = s; }));
      await Promise.all(wave);
    }
  } else {
    let next = 0;
    const opener = async () => {
      while (next < n) {
        const j = next++;
        streams[j] = await subscribe(userBase + j, server);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, n) }, opener));
  }
  const seconds = (now() - start) / 1000;
  return { streams, figures: { pacing, connectPerSecond: n / seconds, serverCpuMsPerConnect: (serverCpuMs(server.pid) - cpu0) / n,
    clientCpuMsPerConnect: (clientCpuMs() - client0) / n } };
}
// Opens the n streams the rounds use, on the server under test.
async function connectAll(pacing = steadyPacing) {
  const opened = await openStreams(pacing, tested);
  sources = opened.streams;
  return opened.figures;
}
const fresh = await connectAll();
await sleep(1000);
const rssConnected = serverRssKiB();
const heapConnected = heapAfterGcKiB();
// --histogram FILE: the server's class histogram with every stream open, to see what a stream holds.
if (args.histogram && target !== 'nchan') {
  writeFileSync(args.histogram, execFileSync('jcmd', [String(pid), 'GC.class_histogram'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

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
  const heapEmpty = await heapWithoutStreams();
  console.log(JSON.stringify({
    target: label, mode: 'hold', n, holdSeconds, open, reconnects, heartbeats,
    connectPerSecond: fresh.connectPerSecond,
    serverRssKiBPerConnection: (rssConnected - rssBefore) / n,
    serverHeapKiBPerConnection: heapEmpty === null ? null : (heapConnected - heapEmpty) / n,
    heapWithoutStreamsKiB: heapEmpty,
    rssGrowthKiB: samples[samples.length - 1].rssKiB - rssConnected,
    heapGrowthKiB: heapEnd === null ? null : heapEnd - heapConnected,
    samples,
  }));
  process.exit(0);
}
// The other modes: the heap's baseline now, before the warm-up adds state of its own; then the same
// users connect again (their tokens are in Liberty's cache by now) for the warm-up rounds.
const heapEmpty = await heapWithoutStreams();
await connectAll();

// One round: a burst of EVENTS events at once, or one event every INTERVAL ms for pacedSeconds (steady
// mode's rounds, and the ageing before the measured rounds in every mode), on the server under test or
// on the paired Nchan. Returns its figures.
async function round(label, pacedSeconds = mode === 'steady' ? roundSeconds : 0, server = tested) {
  const { target } = server;
  // The client's own full collection before every round (Node's --expose-gc, which bench/run.sh
  // gives it), while nothing is measured: its major collections otherwise fell inside rounds every
  // 30 s or so and paused its one thread for up to 141.5 ms, delaying every delivery it had not
  // handled yet, on whichever server's round they fell (BENCHMARKS.md, "Slow rounds traced", "The
  // client's full collection before every round").
  // Then a second's rest, so that the collector's concurrent sweeping, on the client's one core, is
  // done before the first publish: without it the round's first broadcast came late (BENCHMARKS.md,
  // "The client's old generation").
  if (globalThis.gc) {
    const gcStart = now();
    globalThis.gc();
    if (lateMs > 0) console.error(`${target} client's full collection before a ${label} round: ${(now() - gcStart).toFixed(1)} ms, `
      + `its old space then ${clientOldSpaceMiB()} MiB`);
    await sleep(1000);
  }
  delivered = 0;
  latencies.length = 0;
  measuring = true;
  const cpu0 = serverCpuMs(server.pid);
  const client0 = clientCpuMs();
  const start = now();
  const publishing = [];
  if (pacedSeconds > 0) {
    let next = start;
    while (now() - start < pacedSeconds * 1000) {
      publishing.push(publish(published++, label, server));
      next += intervalMs;
      const wait = next - now();
      if (wait > 0) await sleep(wait);
    }
  } else {
    for (let k = 0; k < events; k++) publishing.push(publish(published++, label, server));
  }
  await Promise.all(publishing);
  const expected = publishing.length * perEvent;
  await until(expected, 120000);
  const seconds = (now() - start) / 1000;
  const cpuMs = serverCpuMs(server.pid) - cpu0;
  const clientMs = clientCpuMs() - client0;
  measuring = false;
  if (lateMs > 0) console.error(`${target} client's old space after a ${label} round: ${clientOldSpaceMiB()} MiB`);
  for (const [seq, late] of [...lateBySeq].sort((a, b) => a[0] - b[0])) {
    const at = publishedAt.get(seq);
    console.error(`${target} ${mode} N=${n} ${label} round, late broadcast ${seq}: published `
      + `${at ? at.wall.toISOString().slice(11, 23) : '?'}, answered in ${at ? at.answeredMs.toFixed(1) : '?'} ms; `
      + `${late.count} deliveries later than ${lateMs} ms, the latest ${late.max.toFixed(1)} ms`);
  }
  lateBySeq.clear();
  publishedAt.clear();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    events: publishing.length, expected, delivered, seconds, cpuMs, clientMs, latencies: sorted,
    serverCpuUsPerDelivery: delivered ? cpuMs * 1000 / delivered : null,
    p99Ms: percentile(sorted, 99),
  };
}
const brief = (r) => ({ serverCpuUsPerDelivery: r.serverCpuUsPerDelivery && Math.round(r.serverCpuUsPerDelivery * 100) / 100,
  p99Ms: r.p99Ms && Math.round(r.p99Ms * 10) / 10, delivered: r.delivered, expected: r.expected });

// Warm-up rounds, discarded from the result but printed: JIT, pools and buffers settle.
const warmup = [];
for (let k = 0; k < warmupRounds; k++) {
  warmup.push(brief(await round('warmup')));
  console.error(`${label} ${mode} N=${n} warm-up round ${k + 1}/${warmupRounds}: ${JSON.stringify(warmup[k])}`);
}
// Connects again, with new users, on the warmed server: each batch's rate is printed; the warm figure is
// the median batch of the last five (a single batch's rate swings by a third from one to the next).
const warmBatches = [];
const pairedBatches = [];
for (let b = 1; b < connectBatches; b++) {
  for (const source of sources) source.close();
  await drained();
  userBase = b * n;
  const pacing = connectPacing === 'alternate' ? (b % 2 ? 'waves' : 'window') : steadyPacing;
  if (paired) {
    // The same users, the same pacing, on Nchan just before: both servers' batches on the same
    // minutes of the machine, whose speed drifts (BENCHMARKS.md, "Run Z").
    const nchan = await openStreams(pacing, paired);
    for (const stream of nchan.streams) stream.close();
    await sleep(1000);
    pairedBatches.push(nchan.figures);
    console.error(`${label} ${mode} N=${n} connect batch ${b + 1}/${connectBatches}, paired Nchan (${nchan.figures.pacing}): `
      + `${Math.round(nchan.figures.connectPerSecond)}/s, ${nchan.figures.serverCpuMsPerConnect.toFixed(2)} ms of server CPU each, `
      + `${nchan.figures.clientCpuMsPerConnect.toFixed(2)} ms of client CPU each`);
  }
  const batch = await connectAll(pacing);
  warmBatches.push(batch);
  console.error(`${label} ${mode} N=${n} connect batch ${b + 1}/${connectBatches} (new users, warm server, ${batch.pacing}): `
    + `${Math.round(batch.connectPerSecond)}/s, ${batch.serverCpuMsPerConnect.toFixed(2)} ms of server CPU each, `
    + `${batch.clientCpuMsPerConnect.toFixed(2)} ms of client CPU each, `
    // The wall-clock time, so that a batch can be set beside the server's GC log (bench/gc_batches.py).
    + `ended ${new Date().toISOString().slice(11, 23)}`);
}
// The median of the last five batches (of each pacing, when they alternate).
const medianOfLastFive = (batches) => {
  const last = batches.slice(-5).sort((a, b) => a.connectPerSecond - b.connectPerSecond);
  return last.length ? last[Math.floor(last.length / 2)] : fresh;
};
const warm = connectPacing === 'alternate' ? medianOfLastFive(warmBatches.filter((b) => b.pacing === 'window')) : medianOfLastFive(warmBatches);
// Paired with Nchan: Herald's rate over Nchan's, batch by batch, the median of the last five pairs.
const pairRatios = paired ? warmBatches.slice(-5).map((batch, k) => batch.connectPerSecond / pairedBatches.slice(-5)[k].connectPerSecond) : [];
const pairedNchan = paired ? medianOfLastFive(pairedBatches) : null;
const warmWaves = connectPacing === 'alternate' ? medianOfLastFive(warmBatches.filter((b) => b.pacing === 'waves')) : null;
// --age-seconds: events at the steady rate, not measured, before the measured rounds, so that these run
// on streams as old as the warm-up's last rounds, not seconds old. A production stream lives for hours,
// with its objects in the JVM's old generation, where each event queued on it dirties a card for the
// collector: with G1's refinement threads on, that took a third of the CPU, which streams seconds old
// never showed (BENCHMARKS.md, "Runs L and M", "Run N").
// On a JVM the ageing goes on, in rounds of 10 s and for at most --age-max-seconds in all, until the
// server has collected at least once since the last batch: the young collection that copies the last
// batch's streams out of eden (G1 copies them into its survivor spaces, 46 MB for 2,000 streams, and
// into the old generation at the next collection). At the steady rate G1's eden (248-551 MB) took
// 55 s or more to fill, so 30 s alone left that collection, a pause of 75-144 ms, to fall inside the
// measured rounds in some runs (the slowest round of those runs) and after them in others
// (BENCHMARKS.md, "Slow rounds traced", "Ageing until the server has collected"). It is a cost the
// server pays once per batch of new streams: it is reported on its own (ageingYoungGcMs), not hidden,
// and the collections inside the measured rounds are reported too (measuredYoungGcMs).
const ageSeconds = Number(args['age-seconds'] ?? 0);
const ageMaxSeconds = Number(args['age-max-seconds'] ?? ageSeconds);
const gcAtLastBatch = serverGc();
const aged = (gc) => gc.young > gcAtLastBatch.young || gc.full > gcAtLastBatch.full;
const ageingRounds = [];
const ageStart = now();
let gcAged = gcAtLastBatch;
if (ageSeconds > 0) {
  ageingRounds.push(await round('age', ageSeconds));
  gcAged = serverGc();
  while (gcAged && !aged(gcAged) && (now() - ageStart) / 1000 + 10 <= ageMaxSeconds) {
    console.error(`${label} ${mode} N=${n} ageing goes on (${Math.round((now() - ageStart) / 1000)} s): `
      + `${gcAged.young - gcAtLastBatch.young} young collections since the last batch, survivors ${round1(gcAged.survivorMiB)} MiB, `
      + `eden ${round1(gcAged.edenMiB)} of ${round1(gcAged.edenCapacityMiB)} MiB`);
    ageingRounds.push(await round('age', 10));
    gcAged = serverGc();
  }
}
const agedSeconds = (now() - ageStart) / 1000;
const ageing = ageingRounds.length ? brief(pooled(ageingRounds)) : null;
const ageingGc = gcBetween(gcAtLastBatch, gcAged);
const agedCollected = gcAged ? aged(gcAged) : null;
if (ageing) {
  console.error(`${label} ${mode} N=${n} ageing (${Math.round(agedSeconds)} s at one event every ${intervalMs} ms, not measured): `
    + `${JSON.stringify(ageing)}${gcAged ? `; the server's collections since the last batch: ${JSON.stringify(ageingGc)}, `
    + `survivors ${round1(gcAged.survivorMiB)} MiB, old ${round1(gcAged.oldMiB)} MiB (${round1(gcAtLastBatch.oldMiB)} at the batch's end), `
    + `${agedCollected ? 'collected since the last batch' : 'NOT collected within --age-max-seconds'}` : ''}`);
}
// Paired with Nchan: the same users' streams on Nchan too, open beside the measured ones, and a round
// on Nchan just before each measured round, so that both servers' rounds are taken on the same minutes
// of the machine, as the connect batches are. The two halves of a run are twelve minutes apart, and the
// machine's speed drifted between them by up to half (BENCHMARKS.md, "Run GG"). Nchan's streams get one
// round first, not measured. Only one server publishes at a time; the other's streams are idle but for
// their heartbeats or pings.
let pairedStreams = [];
if (paired) {
  pairedStreams = (await openStreams(steadyPacing, paired)).streams;
  const first = brief(await round('pair-warmup', undefined, paired));
  console.error(`${label} ${mode} N=${n} paired Nchan's first round (not measured): ${JSON.stringify(first)}`);
}
const measured = [];
const pairedRounds = [];
// The server's collections inside each measured round (JVM only).
const measuredGc = [];
for (let k = 0; k < rounds; k++) {
  if (paired) {
    pairedRounds.push(await round('measure', undefined, paired));
    console.error(`${label} ${mode} N=${n} measured round ${k + 1}/${rounds}, paired Nchan just before: ${JSON.stringify(brief(pairedRounds[k]))}`);
  }
  const gc0 = serverGc();
  measured.push(await round('measure'));
  const gc = gcBetween(gc0, serverGc());
  measuredGc.push(gc);
  console.error(`${label} ${mode} N=${n} measured round ${k + 1}/${rounds}: ${JSON.stringify(brief(measured[k]))}`
    + `${gc ? `; the server's collections in it: ${JSON.stringify(gc)}` : ''}`);
}
for (const stream of pairedStreams) stream.close();
// The measured rounds' figures, summed and pooled.
function pooled(of) {
  const total = (field) => of.reduce((sum, r) => sum + r[field], 0);
  const all = of.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const delivered = total('delivered');
  return {
    delivered, expected: total('expected'), events: total('events'), seconds: total('seconds'), latencies: all,
    serverCpuUsPerDelivery: delivered ? total('cpuMs') * 1000 / delivered : null,
    clientCpuUsPerDelivery: delivered ? total('clientMs') * 1000 / delivered : null,
    p50Ms: percentile(all, 50), p99Ms: percentile(all, 99), maxMs: all[all.length - 1] ?? null,
  };
}
const measuredPool = pooled(measured);
const pairedPool = paired ? pooled(pairedRounds) : null;
const delivered_ = measuredPool.delivered;
const expected = measuredPool.expected;
const burstSeconds = measuredPool.seconds;
const result = {
  target: label, mode, n, events: measuredPool.events, expected, delivered: delivered_,
  ...(mode === 'steady' ? { intervalMs, roundSeconds } : {}),
  rounds, warmup, ageSeconds, ageing, agedSeconds,
  ...(ageingGc ? { ageingYoungGcs: ageingGc.young, ageingYoungGcMs: ageingGc.youngMs, ageingFullGcs: ageingGc.full, agedCollected,
    measuredYoungGcs: measuredGc.reduce((sum, gc) => sum + gc.young, 0), measuredYoungGcMs: measuredGc.reduce((sum, gc) => sum + gc.youngMs, 0),
    measuredFullGcs: measuredGc.reduce((sum, gc) => sum + gc.full, 0), measuredGc } : {}),
  deliveredRatio: delivered_ / expected,
  reconnects,
  p50Ms: measuredPool.p50Ms, p99Ms: measuredPool.p99Ms, maxMs: measuredPool.maxMs,
  connectPerSecond: warm.connectPerSecond,
  serverCpuMsPerConnect: warm.serverCpuMsPerConnect,
  clientCpuMsPerConnect: warm.clientCpuMsPerConnect,
  connectPacing: warm.pacing,
  ...(paired ? { pairedNchanConnectPerSecond: pairedNchan.connectPerSecond, pairedNchanClientCpuMsPerConnect: pairedNchan.clientCpuMsPerConnect,
    pairedConnectRatio: [...pairRatios].sort((a, b) => a - b)[Math.floor(pairRatios.length / 2)], pairRatios } : {}),
  ...(warmWaves ? { wavesConnectPerSecond: warmWaves.connectPerSecond, wavesServerCpuMsPerConnect: warmWaves.serverCpuMsPerConnect,
    wavesClientCpuMsPerConnect: warmWaves.clientCpuMsPerConnect } : {}),
  freshConnectPerSecond: fresh.connectPerSecond,
  freshServerCpuMsPerConnect: fresh.serverCpuMsPerConnect,
  ...(mode === 'steady' ? {} : { burstDeliveriesPerSecond: delivered_ / burstSeconds }),
  serverCpuUsPerDelivery: measuredPool.serverCpuUsPerDelivery,
  clientCpuUsPerDelivery: measuredPool.clientCpuUsPerDelivery,
  ...(paired ? {
    pairedNchanDeliveredRatio: pairedPool.delivered / pairedPool.expected,
    pairedNchanServerCpuUsPerDelivery: pairedPool.serverCpuUsPerDelivery,
    pairedNchanClientCpuUsPerDelivery: pairedPool.clientCpuUsPerDelivery,
    pairedNchanP50Ms: pairedPool.p50Ms, pairedNchanP99Ms: pairedPool.p99Ms,
    pairedCpuRatio: measuredPool.serverCpuUsPerDelivery / pairedPool.serverCpuUsPerDelivery,
    pairedP99Ratio: measuredPool.p99Ms / pairedPool.p99Ms,
    pairedRounds: pairedRounds.map((r, k) => ({ nchan: brief(r), herald: brief(measured[k]) })),
  } : {}),
  serverRssKiBPerConnection: (rssConnected - rssBefore) / n,
  serverHeapKiBPerConnection: heapEmpty === null ? null : (heapConnected - heapEmpty) / n,
  heapWithoutStreamsKiB: heapEmpty,
};
console.log(JSON.stringify(result));
for (const source of sources) source.close();
process.exit(0);
