// The Temporal dev server (file-backed, as `npm start` runs it) restarted under running X1 events:
// some parked on the timer of their event day, others with a sign-off sent just as the server
// went away. After the restart every timer fires at its time, every sign-off counts once, and
// every event is archived. What the people saw meanwhile is tallied: a clear 503, never a 500.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { freePort, waitUntil } from '../../src/infra/net';
import { startTemporalDevServer, type TemporalServerHandle } from '../../src/infra/temporal-dev-server';
import { apiClient, type Reply } from '../support/api-client';
import { testLogger } from '../support/logger';
import { createTestDatabase, servers, startTestApp, type TestApp } from '../support/shared';
import {
  APPROVERS,
  COMPACT_TEMPLATES_DIR,
  compactEventBody,
  envNumber,
  Office,
  ORGANISER,
  sleep,
  startCompactEvent,
} from './support/compact-event';
import { cleanCounts, readModelCounts } from './support/read-model-checks';
import { recordResult } from './support/results';

const EVENTS = envNumber('FAULT_RESTART_EVENTS', 4);
const DOWN_MS = envNumber('FAULT_TEMPORAL_DOWN_MS', 5000);
/** Far enough ahead that the parked events are still waiting for their day when the server stops. */
const STARTS_IN_MS = 40_000 + EVENTS * 1500;
const BEFORE_THE_DAY = ['draft-plan', 'plan-approval', 'activity-notice'];

describe('the Temporal server restarted with timers pending and sign-offs in flight', () => {
  const logger = testLogger();
  let dir: string;
  let port: number;
  let temporal: TemporalServerHandle;
  let t: TestApp;
  let ds: DataSource;
  const client = apiClient(() => t.baseUrl);

  const startTemporal = () =>
    startTemporalDevServer({ dataDir: dir, toolsDir: servers().toolsDir, port, uiPort: 0, namespace: 'default', logger, headless: true });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fulian-faults-temporal-'));
    chmodSync(dir, 0o755);
    port = await freePort();
    temporal = await startTemporal();
    const databaseUrl = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(databaseUrl, 2));
    await ds.initialize();
    t = await startTestApp({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, TEMPLATES_DIR: COMPACT_TEMPLATES_DIR });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await temporal?.stop();
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const currentSteps = async (ids: string[]) =>
    ds.query<{ id: string; current_step_ids: string[] }[]>('SELECT id, current_step_ids FROM events WHERE id = ANY($1)', [ids]);

  it(`loses nothing: ${EVENTS} events, half parked on a timer and half mid-sign-off`, async () => {
    const started = Date.now();
    const parked: string[] = [];
    const signing: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const id = await startCompactEvent(client, { startsInMs: STARTS_IN_MS, title: `X1 故障测试 temporal-restart #${i + 1}` });
      (i % 2 === 0 ? parked : signing).push(id);
    }

    // The parked half goes as far as it can before its day: waiting on the event-day timer.
    const parkedOffice = new Office(client, new Set(parked));
    await waitUntil(
      'the parked events to wait for their day',
      async () => {
        await parkedOffice.pass();
        // On a slow machine an event may already be past its day: it counts as gone by.
        return (await currentSteps(parked)).every((e) => !e.current_step_ids.some((id) => BEFORE_THE_DAY.includes(id)));
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    // The other half has its plan drafted: the department head's sign-off is open.
    const head = await client.as(APPROVERS[0]);
    const organiser = await client.as(ORGANISER);
    const openSignOffs: { id: string }[] = [];
    await waitUntil(
      'a plan sign-off open in each of the other events',
      async () => {
        for (const task of (await client.all<{ id: string; eventId: string; stepId: string }>(organiser, '/tasks?status=open')).body) {
          if (signing.includes(task.eventId) && task.stepId === 'draft-plan') {
            await client.api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: { theme: '重启测试' } });
          }
        }
        const open = (await client.all<{ id: string; eventId: string; stepId: string }>(head, '/tasks?status=open')).body;
        openSignOffs.splice(0, openSignOffs.length, ...open.filter((x) => signing.includes(x.eventId) && x.stepId === 'plan-approval'));
        return openSignOffs.length === signing.length;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );

    // The head signs them all off, and the server goes away while the answers are on their way.
    const onTimerAtStop = (await currentSteps(parked)).filter((e) => e.current_step_ids.includes('wait-event-day')).length;
    const inFlight = openSignOffs.map((task) =>
      client.api(head, 'POST', `/tasks/${task.id}/approve`, { comment: '同意' }).catch((err: Error): Reply<unknown> => ({ status: 0, body: err.message })),
    );
    await sleep(20);
    const stoppedAt = Date.now();
    await temporal.stop();
    const stopMs = Date.now() - stoppedAt;
    // While it is down: starting an event (with a key) is refused clearly, and /health names Temporal.
    const key = `restart-${randomUUID()}`;
    const startBody = compactEventBody({ startsInMs: 60_000, title: 'X1 故障测试 temporal-restart 停机时发起' });
    const postAt = Date.now();
    const postDuringOutage = await fetch(`${t.baseUrl}/api/events`, { method: 'POST', headers: { ...organiser.headers, 'idempotency-key': key }, body: JSON.stringify(startBody) });
    const postDuringOutageMs = Date.now() - postAt;
    const healthAt = Date.now();
    const healthDuringOutage = await fetch(`${t.baseUrl}/health`);
    const healthDuringOutageMs = Date.now() - healthAt;
    await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
    const restartAt = Date.now();
    temporal = await startTemporal();
    const startMs = Date.now() - restartAt;
    const downMs = Date.now() - stoppedAt;
    const signOffAnswers = await Promise.all(inFlight);

    // The start refused during the outage left nothing behind: the same key now starts the event.
    const retried = await fetch(`${t.baseUrl}/api/events`, { method: 'POST', headers: { ...organiser.headers, 'idempotency-key': key }, body: JSON.stringify(startBody) });
    const retriedBody = (await retried.json()) as { id: string };
    const all = [...parked, ...signing, ...(retried.status === 201 ? [retriedBody.id] : [])];

    // Everyone carries on, retrying what was refused, until every event is archived.
    const office = new Office(client, new Set(all));
    await office.untilArchived(240_000);

    const counts = await readModelCounts(ds, all);
    // The event-day timers fired at their time, not before and not lost.
    const early = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM event_steps s JOIN events e ON e.id = s.event_id
        WHERE s.event_id = ANY($1) AND s.step_id = 'wait-event-day' AND (s.status <> 'done' OR s.finished_at < e.starts_at)`,
      [parked],
    );
    recordResult('temporal-restart', {
      parked: parked.length,
      onTimerAtStop,
      signOffsInFlight: signOffAnswers.length,
      signOffAnswers: signOffAnswers.map((a) => a.status),
      downMs,
      stopMs,
      startMs,
      conflictsAfter: office.conflicts,
      startDuringOutage: postDuringOutage.status,
      startDuringOutageMs: postDuringOutageMs,
      healthDuringOutage: healthDuringOutage.status,
      healthDuringOutageMs,
      startRetriedWithKey: retried.status,
      totalMs: Date.now() - started,
      answersAfter: office.answers.summary(),
      ...counts,
    });

    expect(postDuringOutage.status).toBe(503);
    expect(healthDuringOutage.status).toBe(503);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    // Each in-flight sign-off either took effect (200) or was refused as unavailable (503); none 500.
    for (const answer of signOffAnswers) expect([200, 503]).toContain(answer.status);
    expect(office.answers.serverErrors).toEqual([]);
    expect(early[0].n).toBe(0);
    expect(counts).toMatchObject(cleanCounts(all.length));
  }, 420_000 + EVENTS * 10_000);
});
