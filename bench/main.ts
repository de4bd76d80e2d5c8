// `npm run bench`: starts its own servers, runs the benchmarks, prints each figure beside its
// same-run baseline and target. `--quick` (or BENCH_QUICK=1) is the short version;
// `--only=start,signoff,lifecycle,scale,rollup` picks benchmarks; `--keep` keeps the run's folder.
import { writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { closeContext, createContext, type BenchContext, type Row } from './context';
import { lifecycleBenchmark } from './lifecycle.bench';
import { rollupBenchmark } from './rollup.bench';
import { scaleBenchmark } from './scale.bench';
import { startBenchServers } from './servers';
import { signOffBenchmark } from './signoff.bench';
import { startBenchmark } from './start.bench';

const BENCHMARKS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  start: startBenchmark,
  signoff: signOffBenchmark,
  lifecycle: lifecycleBenchmark,
  scale: scaleBenchmark,
  rollup: rollupBenchmark,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
  const keep = args.includes('--keep');
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? Object.keys(BENCHMARKS);
  const out = args.find((a) => a.startsWith('--out='))?.slice(6);
  for (const name of only) if (!BENCHMARKS[name]) throw new Error(`no benchmark ${name}: choose from ${Object.keys(BENCHMARKS).join(', ')}`);

  const began = Date.now();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM (${Math.round(freemem() / 2 ** 30)} GiB free at start), Node ${process.version}`;
  process.stdout.write(`fulian-flow benchmarks (${quick ? 'quick' : 'full'}): ${only.join(', ')}\nMachine: ${machine}\n`);
  const servers = await startBenchServers({ keep });
  const stopOnSignal = () => {
    process.stdout.write('Interrupted: stopping the servers\n');
    void servers.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  process.stdout.write(`Servers in ${servers.dir}: PostgreSQL, Temporal ${servers.temporalAddress}, API ${servers.apiUrl}\n`);
  const ctx = await createContext(servers, quick);
  try {
    for (const name of only) await BENCHMARKS[name](ctx);
  } finally {
    await closeContext(ctx).catch(() => undefined);
    await servers.stop();
  }
  const minutes = ((Date.now() - began) / 60_000).toFixed(1);
  const table = markdownTable(ctx.rows);
  process.stdout.write(`\n${table}\n\n${quick ? 'Quick' : 'Full'} run in ${minutes} min on ${machine}\n`);
  if (out) writeFileSync(out, JSON.stringify({ quick, machine, minutes: Number(minutes), rows: ctx.rows }, null, 2));
  const missed = ctx.rows.filter((r) => r.verdict === 'missed').length;
  if (missed) process.stdout.write(`${missed} target(s) missed (see docs/BENCHMARKS.md for what limits each)\n`);
  process.exit(0); // keep-alive sockets of the HTTP client would hold the process open
}

function markdownTable(rows: Row[]): string {
  const head = ['Benchmark', 'Measure', 'fulian-flow', 'Bare Temporal', 'Ratio', 'Target', ''];
  const lines = rows.map((r) => [r.benchmark, r.measure, r.product, r.baseline ?? '', r.ratio ?? '', r.target ?? '', r.verdict ?? '']);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
