// A PostgreSQL cluster of the outage test's own, made with the embedded package's initdb and run with
// pg_ctl, so taking it away for half a minute disturbs no other test file running alongside (the
// shared outage cluster belongs to test/integration/health-outage.spec.ts).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrateAndSeed } from '../../../src/database/data-source';
import { postgresBinaries } from '../../../src/infra/embedded-postgres';
import { freePort } from '../../../src/infra/net';
import { pgCtl } from '../../support/pg-ctl';

const INITDB = postgresBinaries().initdb; // as root, a copy the postgres user can reach (see embedded-postgres.ts)

export interface OwnPostgres {
  url: string;
  start(): void;
  stop(): void;
  remove(): void;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function clusterOwner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

/** Initialises, starts, migrates and seeds a fresh cluster on a free port. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'fulian-faults-pg-'));
  chmodSync(root, 0o755);
  const owner = clusterOwner();
  if (owner.uid !== undefined) chownSync(root, owner.uid, owner.gid!);
  const dir = join(root, 'data');
  execFileSync(INITDB, ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'], { ...owner, stdio: 'ignore' });
  const cluster = { dir, port: await freePort() };
  pgCtl('start', cluster);
  const url = `postgres://postgres:postgres@127.0.0.1:${cluster.port}/fulian_faults`;
  const admin = new Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE fulian_faults');
  } finally {
    await admin.end();
  }
  await migrateAndSeed(url, { demoPassword: 'demo', seedDemoUsers: true }, () => undefined);
  let running = true;
  return {
    url,
    start: () => {
      pgCtl('start', cluster);
      running = true;
    },
    stop: () => {
      pgCtl('stop', cluster);
      running = false;
    },
    remove: () => {
      if (running) pgCtl('stop', cluster);
      running = false;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
