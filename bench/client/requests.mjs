// Server CPU per HTTP request: WARMUP requests, then ROUNDS rounds of N measured, one at a time over
// one keep-alive connection, against one URL. Prints one JSON line: server CPU µs per request (from
// /proc/<pid>/stat) for each round, so that one sees whether the JIT has settled, and the median of
// the rounds.
//
//   node requests.mjs --url http://127.0.0.1:9080/api/sse/publish --method POST --body '{"type":"t"}' \
//                     --token <jwt> --pid <server pid> --warmup 50000 --n 5000 --rounds 6 --label publish
import { readFileSync } from 'node:fs';
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const url = new URL(args.url);
const method = args.method ?? 'GET';
const body = args.body ?? null;
const pid = Number(args.pid);
const warmup = Number(args.warmup ?? 50000);
const n = Number(args.n ?? 5000);
const rounds = Number(args.rounds ?? 6);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const headers = {};
if (args.token) headers.Authorization = `Bearer ${args.token}`;
if (body) headers['Content-Type'] = 'application/json';

const serverCpuMs = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const once = () => new Promise((resolve, reject) => {
  const request = http.request(url, { method, headers, agent }, (response) => {
    response.resume();
    response.on('end', () => resolve(response.statusCode));
  });
  request.on('error', reject);
  if (body) request.write(body);
  request.end();
});

let status;
for (let i = 0; i < warmup; i++) status = await once();
const cpuPerRequest = [];
const perSecond = [];
for (let round = 0; round < rounds; round++) {
  const cpu0 = serverCpuMs();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) status = await once();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  cpuPerRequest.push(Math.round((serverCpuMs() - cpu0) * 1000 / n));
  perSecond.push(Math.round(n / seconds));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({
  label: args.label ?? `${method} ${url.pathname}`, status, n, rounds: cpuPerRequest,
  serverCpuUsPerRequest: median(cpuPerRequest), requestsPerSecond: median(perSecond),
}));
agent.destroy();
