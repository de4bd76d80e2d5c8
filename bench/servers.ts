// The servers a benchmark run measures, started by the bench itself like `npm start` does: an
// embedded PostgreSQL and a file-backed Temporal dev server on free ports in a folder of their own
// (never data/), a local mail sink, then the product's API and worker as separate processes (the
// production entry points, dist/src/api.main.js and worker.main.js) and a bare-Temporal baseline
// worker. DATABASE_URL and TEMPORAL_ADDRESS, when set, point the run at existing servers instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { migrateAndSeed } from '../src/database/data-source';
import { startEmbeddedPostgres } from '../src/infra/embedded-postgres';
import { startMailSink } from '../src/infra/mail-sink';
import { freePort, waitUntil } from '../src/infra/net';
import { stopChild } from '../src/infra/processes';
import { projectRoot } from '../src/infra/project-root';
import { startTemporalDevServer } from '../src/infra/temporal-dev-server';

export const COMPACT_TEMPLATES = join(projectRoot(), 'test', 'fixtures', 'compact-templates');

export interface BenchServers {
  dir: string;
  databaseUrl: string;
  temporalAddress: string;
  apiUrl: string;
  taskQueue: string;
  /** The Temporal dev server's SQLite files, when this run started it. */
  temporalDbFiles?: string[];
  worker: ManagedProcess;
  api: ManagedProcess;
  baseline: ManagedProcess;
  /** Product processes' environment, to restart the worker with other settings. */
  productEnv: Record<string, string>;
  restartWorker(extraEnv?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface ManagedProcess {
  child: ChildProcess;
  log: string;
}

const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' });

export async function startBenchServers(opts: { keep: boolean; env?: Record<string, string> }): Promise<BenchServers> {
  const root = projectRoot();
  for (const entry of ['dist/src/api.main.js', 'dist/src/worker.main.js', 'dist/workflow-bundle.js']) {
    if (!existsSync(join(root, entry))) throw new Error(`${entry} is missing: run \`npm run build\` first (npm run bench does)`);
  }
  if (!existsSync(COMPACT_TEMPLATES)) throw new Error(`The compact test templates are missing: ${COMPACT_TEMPLATES}`);
  const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'fulian-flow-bench-'));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach its folder
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  // Once: an interrupt and the run's own clean-up may both ask.
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of stops.reverse()) await s().catch((err: Error) => logger.warn({ err }, 'stopping failed'));
      if (!opts.keep && !process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true });
    })());
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: await freePort(), database: 'fulian_flow', logger });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalDbFiles: string[] | undefined;
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer({
        dataDir: dir,
        toolsDir: process.env.TOOLS_DIR ?? join(root, '.tools'),
        cliPath: process.env.TEMPORAL_CLI_PATH,
        port: await freePort(),
        uiPort: await freePort(),
        namespace: 'default',
        // Its complaints under load go to a file of the run, not between the figures.
        logger: pino({ level: 'warn' }, pino.destination(join(dir, 'temporal-dev-server.log'))),
        headless: true,
        // BENCH_TEMPORAL_SQLITE=journal_mode=delete measures the store without the tuning.
        sqlitePragmas: process.env.BENCH_TEMPORAL_SQLITE?.split(','),
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalDbFiles = ['', '-wal', '-shm'].map((suffix) => join(dir, 'temporal', `temporal.db${suffix}`));
    }
    const mail = await startMailSink({ dir: join(dir, 'mail'), port: await freePort(), logger: logger.child({ component: 'mail-sink' }) });
    stops.push(mail.stop);
    await migrateAndSeed(databaseUrl, { demoPassword: 'demo', seedDemoUsers: true }, () => undefined);

    const port = await freePort();
    const taskQueue = `bench-${Date.now()}`;
    const productEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      // The benchmarks sign in dozens of demo users from one address within a minute.
      LOGIN_RATE_LIMIT: '100000',
      DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPLATES_DIR: COMPACT_TEMPLATES,
      SMTP_URL: mail.url,
      LOG_LEVEL: 'info', // the product's default: what it logs is part of its cost
      LOG_FORMAT: 'json',
      ...opts.env,
    };
    const worker = await spawnNode('worker', join(root, 'dist/src/worker.main.js'), productEnv, dir, 'Temporal worker polling');
    const api = await spawnNode('api', join(root, 'dist/src/api.main.js'), productEnv, dir, 'API listening');
    const baseline = await spawnNode(
      'baseline-worker',
      join(root, 'bench/baseline/worker.ts'),
      { ...productEnv, ...opts.env },
      dir,
      'READY',
      ['-r', join(root, 'bench/register.ts')],
    );
    const servers: BenchServers = {
      dir,
      databaseUrl,
      temporalAddress,
      apiUrl: `http://127.0.0.1:${port}`,
      taskQueue,
      temporalDbFiles,
      worker,
      api,
      baseline,
      productEnv,
      async restartWorker(extraEnv = {}) {
        await stopChild(servers.worker.child, 30_000);
        servers.worker = await spawnNode('worker', join(root, 'dist/src/worker.main.js'), { ...productEnv, ...extraEnv }, dir, 'Temporal worker polling');
      },
      stop,
    };
    stops.push(() => stopChild(servers.baseline.child), () => stopChild(servers.api.child), () => stopChild(servers.worker.child, 30_000));
    return servers;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Starts a Node process with its output in a log file, and waits until the log says it is ready. */
async function spawnNode(name: string, entry: string, env: Record<string, string>, dir: string, readyText: string, nodeArgs: string[] = []): Promise<ManagedProcess> {
  const log = join(dir, `${name}.log`);
  const out = openSync(log, 'a');
  // In the run's folder: a developer's .env in the project must not change what is measured.
  // BENCH_PROFILE_DIR: each process writes a V8 CPU profile there when it stops (open in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, ...nodeArgs, entry], { cwd: dir, env, stdio: ['ignore', out, out] });
  let exited = false;
  // Whatever ends this process (a library's signal handler calling exit), the children go with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => {
    exited = true;
    process.removeListener('exit', killOnExit);
  });
  const started = statSync(log).size;
  await waitUntil(`the ${name} process (log: ${log})`, async () => {
    if (exited) throw new Error(`the ${name} process exited before it was ready; its log:\n${readFileSync(log, 'utf8').slice(-4000)}`);
    return readFileSync(log, 'utf8').slice(started).includes(readyText);
  }, { timeoutMs: 120_000 });
  return { child, log };
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export function fileBytes(files: string[] | undefined): number {
  if (!files) return NaN;
  return files.reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}
