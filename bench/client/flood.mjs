// Issue 11's first scenario: events to users who never connect. Publishes EVENTS events through
// POST /api/sse/publish, PER_REQUEST user ids a request out of USERS distinct ones, PAYLOAD bytes of
// data each, and samples the server's heap after a full GC and the history's size as it goes.
// One JSON line a sample, then a summary line; it exits non-zero if the server went down.
//
//   node flood.mjs --base http://127.0.0.1:9080 --admin <token> --pid <server pid> \
//                  --events 2000000 --per-request 5000 --users 50000 --payload 400 --samples 10
import { execFileSync } from 'node:child_process';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const base = args.base;
const admin = args.admin;
const pid = String(args.pid);
const events = Number(args.events ?? 2_000_000);
const perRequest = Number(args['per-request'] ?? 5000);
const users = Number(args.users ?? 50_000);
const payload = Number(args.payload ?? 400);
const samples = Number(args.samples ?? 10);
const concurrency = Number(args.concurrency ?? 2);

function heapAfterGcMiB() {
  execFileSync('jcmd', [pid, 'GC.run']);
  const info = execFileSync('jcmd', [pid, 'GC.heap_info'], { encoding: 'utf8' });
  return Number(info.match(/used (\d+)K/)[1]) / 1024;
}
async function stats() {
  const response = await fetch(`${base}/api/sse/stats`, { headers: { Authorization: `Bearer ${admin}` } });
  if (response.status !== 200) throw new Error(`stats: ${response.status}`);
  return response.json();
}
async function up() {
  try {
    return (await fetch(`${base}/health/ready`)).status === 200;
  } catch {
    return false;
  }
}

const pad = 'x'.repeat(Math.max(0, payload - 20));
let next = 0;
async function publishOne(request) {
  const userIds = [];
  for (let j = 0; j < perRequest; j++) userIds.push(`offline-${(request * perRequest + j) % users}`);
  const response = await fetch(`${base}/api/sse/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
    body: JSON.stringify({ type: 'hr_notice', data: { seq: request, pad }, userIds }),
  });
  await response.arrayBuffer();
  if (response.status !== 202) throw new Error(`publish: ${response.status}`);
}

const requests = Math.ceil(events / perRequest);
const every = Math.max(1, Math.floor(requests / samples));
const idle = heapAfterGcMiB();
const started = Date.now();
let maxHeap = idle;
let failures = 0;
console.log(JSON.stringify({ sample: 'idle', events: 0, heapAfterGcMiB: idle, ...(await stats()) }));
while (next < requests) {
  const batch = [];
  for (let c = 0; c < concurrency && next < requests; c++) batch.push(publishOne(next++).catch(() => { failures += 1; }));
  await Promise.all(batch);
  if (next % every === 0 || next === requests) {
    const heap = heapAfterGcMiB();
    maxHeap = Math.max(maxHeap, heap);
    const s = await stats();
    console.log(JSON.stringify({
      sample: next, events: next * perRequest, seconds: (Date.now() - started) / 1000, heapAfterGcMiB: heap,
      historyMiB: s.historyBytes / 1048576, historyEvents: s.historyEvents, historyUsers: s.historyUsers,
      budgetMiB: s.historyMaxBytes / 1048576, evicted: s.historyEvicted,
    }));
  }
}
const final = await stats();
const alive = await up();
console.log(JSON.stringify({
  summary: true, events: requests * perRequest, seconds: (Date.now() - started) / 1000, failures, serverUp: alive,
  idleHeapMiB: idle, maxHeapAfterGcMiB: maxHeap, budgetMiB: final.historyMaxBytes / 1048576,
  maxOverBudgetMiB: maxHeap - idle - final.historyMaxBytes / 1048576,
}));
process.exit(alive && failures === 0 ? 0 : 1);
