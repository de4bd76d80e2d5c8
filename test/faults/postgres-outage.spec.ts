// PostgreSQL stopped for 30 seconds while X1 events are mid-way and their activities write the read
// model: /health answers 503 naming the database meanwhile and 200 after; the activities retry and
// every workflow completes once it is back, with nothing written twice. What the people got while
// it was down is tallied apart from what they got after.
import type { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.tokens';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/shared';
import { Answers, COMPACT_TEMPLATES_DIR, envNumber, Office, sleep, startCompactEvent } from './support/compact-event';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';
import { cleanCounts, readModelCounts } from './support/read-model-checks';
import { recordResult } from './support/results';

const EVENTS = envNumber('FAULT_OUTAGE_EVENTS', 4);
const OUTAGE_MS = envNumber('FAULT_PG_OUTAGE_MS', 30_000);

interface Health {
  status: string;
  error?: Record<string, { status: string }>;
}

describe('PostgreSQL stopped for a while under running events', () => {
  let pg: OwnPostgres;
  let t: TestApp;
  const client = apiClient(() => t.baseUrl);

  beforeAll(async () => {
    pg = await startOwnPostgres();
    t = await startTestApp({ DATABASE_URL: pg.url, TEMPLATES_DIR: COMPACT_TEMPLATES_DIR });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    pg?.remove();
  });

  async function health(): Promise<{ status: number; down: string[] }> {
    try {
      const res = await fetch(`${t.baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
      const body = (await res.json()) as Health;
      return { status: res.status, down: Object.keys(body.error ?? {}) };
    } catch {
      return { status: 0, down: [] };
    }
  }

  /** Activity attempts beyond the first, as the workflows' histories record them. */
  async function retriedActivities(ids: string[]): Promise<number> {
    const temporal = t.app.get<Client>(TEMPORAL_CLIENT);
    let retried = 0;
    for (const id of ids) {
      const history = await temporal.workflow.getHandle(`event-${id}`).fetchHistory();
      for (const e of history.events ?? []) {
        const attempt = e.activityTaskStartedEventAttributes?.attempt ?? 1;
        if (attempt > 1) retried += attempt - 1;
      }
    }
    return retried;
  }

  it(
    `holds ${EVENTS} events through a ${OUTAGE_MS / 1000} s outage and completes them after`,
    async () => {
      const started = Date.now();
      const ids = new Set<string>();
      for (let i = 0; i < EVENTS; i++) ids.add(await startCompactEvent(client, { startsInMs: 5000, title: `X1 故障测试 pg-outage #${i + 1}` }));
      const office = new Office(client, ids);
      const working = office.untilArchived(OUTAGE_MS + 300_000);

      // Mid-way: every plan drafted and some sign-offs given, so the activities are writing.
      while (office.done.completed + office.done.approved < EVENTS + 2 && Date.now() - started < 60_000) await sleep(50);
      expect((await health()).status).toBe(200);
      const beforeOutage = office.answers;
      const duringOutage = new Answers();
      office.answers = duringOutage;
      const progressAtStop = { ...office.done };
      const stoppedAt = Date.now();
      pg.stop();

      // What someone opening their 待办 or starting an event meets while it is down.
      const probes: Record<string, { status: number; ms: number }> = {};
      const probe = async (name: string, who: string, method: string, path: string, body?: unknown) => {
        const at = Date.now();
        const reply = await client.api(await client.as(who), method, path, body).catch(() => ({ status: 0 }));
        probes[name] = { status: reply.status, ms: Date.now() - at };
      };
      const probing = sleep(3000).then(() =>
        Promise.all([
          probe('listTasks', 'head-family-children', 'GET', '/tasks?status=open'),
          probe('startEvent', 'organiser-family-children', 'POST', '/events', {
            templateCode: 'compact-x1',
            title: 'X1 故障测试 pg-outage 停机时发起',
            startsAt: new Date(Date.now() + 3600_000).toISOString(),
          }),
        ]),
      );
      const healthDuring: number[] = [];
      let healthNamedDatabase = false;
      while (Date.now() - stoppedAt < OUTAGE_MS) {
        const h = await health();
        healthDuring.push(h.status);
        if (h.status === 503 && h.down.includes('database')) healthNamedDatabase = true;
        await sleep(1000);
      }
      await probing;
      pg.start();
      const outageMs = Date.now() - stoppedAt;
      const afterOutage = new Answers();
      office.answers = afterOutage;
      let healthyAgainMs = -1;
      while (Date.now() - stoppedAt < outageMs + 60_000) {
        if ((await health()).status === 200) {
          healthyAgainMs = Date.now() - stoppedAt - outageMs;
          break;
        }
        await sleep(250);
      }

      await working;
      const completedAfterMs = Date.now() - stoppedAt - outageMs;
      const ds = new DataSource(dataSourceOptions(pg.url, 2));
      await ds.initialize();
      const counts = await readModelCounts(ds, [...ids]).finally(() => ds.destroy());
      const retried = await retriedActivities([...ids]);
      recordResult('postgres-outage', {
        outageMs,
        progressAtStop,
        healthDuring: summarise(healthDuring),
        healthNamedDatabase,
        probesDuring: probes,
        healthyAgainMs,
        completedAfterMs,
        activityRetries: retried,
        answersBefore: beforeOutage.summary(),
        answersDuring: duringOutage.summary(),
        answersAfter: afterOutage.summary(),
        ...counts,
      });

      expect(healthDuring.filter((s) => s === 503).length).toBeGreaterThanOrEqual(healthDuring.length - 3);
      expect(healthNamedDatabase).toBe(true);
      // Nobody is left waiting: a request during the outage is answered (with an error) within seconds.
      for (const p of Object.values(probes)) expect(p.ms).toBeLessThan(15_000);
      expect(healthyAgainMs).toBeGreaterThanOrEqual(0);
      expect(retried).toBeGreaterThan(0);
      expect(beforeOutage.serverErrors).toEqual([]);
      expect(afterOutage.serverErrors).toEqual([]);
      expect(counts).toMatchObject(cleanCounts(EVENTS));
    },
    OUTAGE_MS + 420_000,
  );
});

function summarise(statuses: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}
