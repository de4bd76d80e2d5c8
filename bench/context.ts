// What every benchmark gets: the servers, the API as demo users, a Temporal client and a database
// pool for preparing and checking, the run's size, and the table the figures go into.
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { Api } from './api';
import type { BenchServers } from './servers';

export interface Row {
  benchmark: string;
  measure: string;
  product: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  verdict?: 'met' | 'missed' | '';
}

export interface BenchContext {
  servers: BenchServers;
  api: Api;
  temporal: Client;
  db: Pool;
  quick: boolean;
  rows: Row[];
  log(message: string): void;
}

export async function createContext(servers: BenchServers, quick: boolean): Promise<BenchContext> {
  const api = new Api(servers.apiUrl);
  await api.loadUsers(servers.databaseUrl);
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const started = Date.now();
  const db = new Pool({ connectionString: servers.databaseUrl, max: 4 });
  db.on('error', () => undefined); // PostgreSQL stopping under an interrupted run
  return {
    servers,
    api,
    temporal: new Client({ connection, namespace: 'default' }),
    db,
    quick,
    rows: [],
    log: (message) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`),
  };
}

export async function closeContext(ctx: BenchContext): Promise<void> {
  await ctx.db.end();
  await ctx.temporal.connection.close();
}

/** Waits until every open event's workflow has opened its first task: the worker has caught up. */
export async function waitForWorker(ctx: BenchContext, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const { rows } = await ctx.db.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM events e
        WHERE e.status = 'active' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.event_id = e.id)`,
    );
    const waiting = rows[0].waiting;
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`the worker still has ${waiting} events to start after ${timeoutMs / 1000} s`);
    if (waiting !== last && last !== -1 && waiting > 500) ctx.log(`  worker catching up: ${waiting} events not yet at their first task`);
    last = waiting;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export const verdict = (ok: boolean): 'met' | 'missed' => (ok ? 'met' : 'missed');
