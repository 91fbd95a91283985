// Prints the benchmark table from target/bench/results.jsonl: median and range of the measured runs
// of each server, and the ratio Herald/Nchan of the medians.
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((line) => JSON.parse(line));
// The measured rounds run on the last connect batch's streams, seconds old; by the last warm-up rounds
// the fresh server's streams are a minute old, and G1 then costs each event more (BENCHMARKS.md,
// "Runs L and M"). Both are shown: a production stream lives for hours.
for (const row of rows) {
  const last = (row.warmup ?? []).slice(-3).map((w) => w.serverCpuUsPerDelivery).filter((v) => v !== null);
  if (last.length) row.agedServerCpuUsPerDelivery = last.reduce((a, b) => a + b, 0) / last.length;
}
const metrics = [
  ['deliveredRatio', 'delivered/expected', 3],
  ['reconnects', 'reconnects', 0],
  ['p50Ms', 'latency p50 ms', 1],
  ['p99Ms', 'latency p99 ms', 1],
  ['maxMs', 'latency max ms', 1],
  ['serverCpuUsPerDelivery', 'server CPU µs/delivery', 2],
  ['agedServerCpuUsPerDelivery', 'server CPU µs/delivery, the warm-up\'s last 3 rounds (the fresh server\'s streams, 30–60 s old; on a JVM, its JIT still compiling)', 2],
  ['clientCpuUsPerDelivery', 'client CPU µs/delivery', 2],
  ['pairedNchanServerCpuUsPerDelivery', 'Nchan server CPU µs/delivery, its rounds paired with Herald\'s measured ones (PAIR_NCHAN)', 2],
  ['pairedCpuRatio', 'Herald/Nchan server CPU per delivery, rounds paired in the same minutes (PAIR_NCHAN)', 2],
  ['pairedNchanP99Ms', 'Nchan latency p99 ms, its rounds paired with Herald\'s (PAIR_NCHAN)', 1],
  ['pairedP99Ratio', 'Herald/Nchan latency p99, rounds paired in the same minutes (PAIR_NCHAN)', 2],
  ['pairedNchanP50Ms', 'Nchan latency p50 ms, its rounds paired with Herald\'s (PAIR_NCHAN)', 1],
  ['pairedNchanClientCpuUsPerDelivery', 'client CPU µs/delivery on Nchan\'s paired rounds (PAIR_NCHAN)', 2],
  ['serverRssKiBPerConnection', 'server RSS KiB/conn', 1],
  ['serverHeapKiBPerConnection', 'JVM heap KiB/conn (after GC)', 1],
  ['agedSeconds', 'ageing before the measured rounds, s (on a JVM until the server had collected since the last batch)', 0],
  ['ageingYoungGcMs', 'server\'s young pauses while ageing, ms in all (copying the last batch\'s streams out of eden)', 1],
  ['ageingYoungGcs', 'server\'s young collections while ageing', 0],
  ['measuredYoungGcMs', 'server\'s young pauses inside the measured rounds, ms in all', 1],
  ['measuredYoungGcs', 'server\'s young collections inside the measured rounds', 0],
  ['connectPerSecond', 'connects/s (new users, warm server; median of the last 5 batches)', 0],
  ['serverCpuMsPerConnect', 'server CPU ms/connect (warm)', 2],
  ['clientCpuMsPerConnect', 'client CPU ms/connect (warm)', 2],
  ['pairedNchanConnectPerSecond', 'Nchan connects/s, its batches paired with Herald\'s (PAIR_NCHAN; median of the last 5)', 0],
  ['pairedConnectRatio', 'Herald/Nchan connects/s, batch by batch in the same minutes (PAIR_NCHAN; median of the last 5 pairs)', 2],
  ['wavesConnectPerSecond', 'connects/s, batches paced in waves (CONNECT_PACING=alternate)', 0],
  ['wavesServerCpuMsPerConnect', 'server CPU ms/connect, batches paced in waves', 2],
  ['wavesClientCpuMsPerConnect', 'client CPU ms/connect, batches paced in waves', 2],
  ['freshConnectPerSecond', 'connects/s (first N, fresh server)', 0],
  ['freshServerCpuMsPerConnect', 'server CPU ms/connect (fresh)', 2],
  ['burstDeliveriesPerSecond', 'burst deliveries/s', 0],
  ['holdSeconds', 'held for s', 0],
  ['open', 'connections open at the end', 0],
  ['heartbeats', 'heartbeats received', 0],
  ['rssGrowthKiB', 'RSS growth while held, KiB', 0],
  ['heapGrowthKiB', 'Herald heap growth while held (after GC), KiB', 0],
];
const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const fmt = (v, d) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(d));
const groups = new Map();
for (const row of rows) {
  const key = `${row.mode} N=${row.n}`;
  if (!groups.has(key)) groups.set(key, { herald: [], 'herald-b': [], nchan: [], liberty: [] });
  groups.get(key)[row.target].push(row);
}
for (const [key, { herald, 'herald-b': heraldB, nchan, liberty }] of groups) {
  const withLiberty = liberty.length > 0;
  const withB = heraldB.length > 0;
  console.log(`\n### ${key} (${herald.length} Herald run(s), ${nchan.length} Nchan run(s)`
    + `${withB ? `, ${heraldB.length} Herald B run(s)` : ''}`
    + `${withLiberty ? `, ${liberty.length} Liberty reference run(s)` : ''}; median [min–max])\n`);
  console.log(`| metric | Herald | Nchan | Herald/Nchan |${withB ? ' Herald B | B/Nchan |' : ''}`
    + `${withLiberty ? ' Liberty reference | Liberty/Nchan |' : ''}`);
  console.log(`|---|---|---|---|${withB ? '---|---|' : ''}${withLiberty ? '---|---|' : ''}`);
  for (const [field, label, digits] of metrics) {
    if (herald.concat(heraldB, nchan, liberty).every((r) => r[field] === undefined)) continue;
    const cell = (runs) => {
      const values = runs.map((r) => r[field]).filter((v) => v !== null && v !== undefined);
      if (values.length === 0) return { text: '-', median: null };
      const m = median(values);
      return { text: `${fmt(m, digits)} [${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}]`, median: m };
    };
    const h = cell(herald);
    const c = cell(nchan);
    const b = cell(heraldB);
    const l = cell(liberty);
    const ratio = (x) => (x.median !== null && c.median ? fmt(x.median / c.median, 2) : '-');
    console.log(`| ${label} | ${h.text} | ${c.text} | ${ratio(h)} |${withB ? ` ${b.text} | ${ratio(b)} |` : ''}`
      + `${withLiberty ? ` ${l.text} | ${ratio(l)} |` : ''}`);
  }
  // How the JIT settled: each warm-up round's CPU per delivery, then the measured figure.
  for (const [name, runs] of [['Herald', herald], ['Herald B', heraldB], ['Nchan', nchan], ['Liberty reference', liberty]]) {
    for (const run of runs.filter((r) => r.warmup && r.warmup.length)) {
      const figures = run.warmup.map((w) => fmt(w.serverCpuUsPerDelivery, 1)).join(', ');
      console.log(`\n${name} warm-up rounds, server CPU µs/delivery: ${figures}; measured: ${fmt(run.serverCpuUsPerDelivery, 1)}`);
    }
  }
}
