// The read model as users meet it, on the Temporal dev server: an archived event reads the same
// once Temporal has removed its workflow (retention), and a task the workflow has just opened can
// be acted on before the read model has it — with the same refusals for those it is not theirs.
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { Client as Pg } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { createEventActivities, type Directory } from '../../activities/event.activities';
import { dataSourceOptions } from '../../src/database/data-source';
import { READ_MODEL_REJECTED, rejectedByDatabase } from '../../src/read-model/sql-errors';
import { eventWorkflowId } from '../../workflows/event-model';
import type { EventState, TaskState } from '../../workflows/event-model';
import { COMPACT_TEMPLATES_DIR, Office, sleep, startCompactEvent } from '../faults/support/compact-event';
import { apiClient, type Reply } from '../support/api-client';
import { servers, startTestApp, type TestApp } from '../support/shared';

interface EventDetail {
  event: { id: string; status: string };
  state: EventState;
  source: 'workflow' | 'read-model';
  visibility: unknown;
}

/** Who looks at the archived event: its organiser, the department head, a vice-chair, the chair, a district liaison, admin. */
const VIEWERS = ['organiser-family-children', 'head-family-children', 'vice-chair-2', 'chair', 'liaison-yuzhong', 'admin'] as const;
const ORGANISER = 'organiser-family-children';
const HEAD = 'head-family-children';
/** A department head of another department: the compact event's tasks are none of theirs. */
const STRANGER = 'head-publicity';

describe('the read model', () => {
  let t: TestApp;
  let connection: Connection;
  let temporal: Client;
  const client = apiClient(() => t.baseUrl);
  const get = async <T>(who: string, path: string): Promise<Reply<T>> => client.api<T>(await client.as(who), 'GET', path);
  const post = async <T>(who: string, path: string, body: unknown): Promise<Reply<T>> => client.api<T>(await client.as(who), 'POST', path, body);

  async function sql<R>(query: string, params: unknown[] = []): Promise<R[]> {
    const db = new Pg({ connectionString: t.config.database.url });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as R[];
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ TEMPLATES_DIR: COMPACT_TEMPLATES_DIR });
    connection = await Connection.connect({ address: servers().temporalAddress });
    temporal = new Client({ connection, namespace: t.config.temporal.namespace });
  });
  afterAll(async () => {
    await connection?.close();
    await t?.close();
  });

  /** Polls until `probe` answers; each look is a real request, so the wait is on the condition itself. */
  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  it("answers an archived event's detail, report, receipts and audit the same once Temporal has removed its workflow", async () => {
    const eventId = await startCompactEvent(client, { startsInMs: 5_000, title: '读模型测试活动' });
    await new Office(client, new Set([eventId])).untilArchived(120_000);
    // Every batch is written before the workflow returns: from then on the read model is final.
    const handle = temporal.workflow.getHandle(eventWorkflowId(eventId));
    await handle.result();

    const answers = async () => {
      const details = await Promise.all(VIEWERS.map((who) => get<EventDetail>(who, `/events/${eventId}`)));
      return {
        details,
        receipts: await Promise.all(VIEWERS.map((who) => get(who, `/events/${eventId}/notices/activity-notice/receipts`))),
        audit: await Promise.all(VIEWERS.map((who) => get(who, `/events/${eventId}/audit`))),
        schedule: await get(ORGANISER, `/events/${eventId}/schedule`),
        doneTasks: await Promise.all([ORGANISER, HEAD, 'vice-chair-2'].map((who) => get(who, `/tasks?status=done&eventId=${eventId}`))),
        tasks: await Promise.all(details[0].body.state.tasks.map((task) => get(ORGANISER, `/tasks/${task.id}`))),
      };
    };
    const live = await answers();
    expect(live.details.map((d) => [d.status, d.body.source])).toEqual(VIEWERS.map(() => [200, 'workflow']));
    const state = live.details[0].body.state;
    expect(state.status).toBe('archived');
    expect(state.title).toBe('读模型测试活动');
    expect(state.values['summary-report']).toEqual(expect.objectContaining({ participants: 30 }));
    expect(state.notices[0].receipts).toHaveLength(3);
    expect(live.receipts[0]).toEqual({ status: 200, body: expect.objectContaining({ totals: { units: 3, acknowledged: 3, pending: 0, overdue: 0 } }) });

    await temporal.workflowService.deleteWorkflowExecution({ namespace: t.config.temporal.namespace, workflowExecution: { workflowId: eventWorkflowId(eventId) } });
    // Deletion is carried out by the server in the background: wait until the workflow is gone.
    await until('the workflow to be deleted', () =>
      handle.describe().then(
        () => undefined,
        (err: unknown) => (err instanceof WorkflowNotFoundError ? true : undefined),
      ),
    );

    const stored = await answers();
    // The one field that says where the state came from differs, and must.
    expect(stored.details.map((d) => [d.status, d.body.source])).toEqual(VIEWERS.map(() => [200, 'read-model']));
    expect(stored.details.map((d) => ({ ...d, body: { ...d.body, source: 'workflow' } }))).toEqual(live.details);
    expect(stored.receipts).toEqual(live.receipts);
    expect(stored.audit).toEqual(live.audit);
    expect(stored.schedule).toEqual(live.schedule);
    expect(stored.doneTasks).toEqual(live.doneTasks);
    expect(stored.tasks).toEqual(live.tasks);
  }, 180_000);

  /** An open task of the step as the live workflow shows it, the moment it does (the read model is not asked). */
  const openInWorkflow = (eventId: string, stepId: string, kind: TaskState['kind']) =>
    until(`an open ${kind} of ${stepId} in the workflow`, async () => {
      const d = await get<EventDetail>(ORGANISER, `/events/${eventId}`);
      if (d.body.source !== 'workflow') return undefined;
      return d.body.state.tasks.find((x) => x.stepId === stepId && x.kind === kind && x.status === 'open');
    });

  it('acts on a task the moment the workflow opens it, without waiting for the inbox, and still refuses strangers', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const eventId = await startCompactEvent(client, { startsInMs: 3_600_000 });
      // At once, as someone who saw it on the event's page would.
      const draft = await openInWorkflow(eventId, 'draft-plan', 'task');
      expect((await post(ORGANISER, `/tasks/${draft.id}/complete`, { values: { theme: `第${attempt + 1}次` } })).status).toBe(200);
      const review = await openInWorkflow(eventId, 'plan-approval', 'sign-off');
      expect((await get(STRANGER, `/tasks/${review.id}`)).status).toBe(403);
      expect((await post(STRANGER, `/tasks/${review.id}/approve`, { comment: '同意' })).status).toBe(403);
      expect((await post(HEAD, `/tasks/${review.id}/approve`, { comment: '同意' })).status).toBe(200);

      // The read model certainly behind: the next sign-off's row, once written, is taken out again,
      // as if its write had not landed yet. The workflow still knows the task; it is found there.
      const second = await openInWorkflow(eventId, 'plan-approval', 'sign-off');
      await until('the read model to have the sign-off', async () => ((await sql('SELECT 1 FROM tasks WHERE id = $1', [second.id])).length ? true : undefined));
      await sql('DELETE FROM tasks WHERE id = $1', [second.id]);
      const seen = await get<{ id: string; eventId: string; status: string; subject?: { values: unknown } }>('vice-chair-2', `/tasks/${second.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toEqual(expect.objectContaining({ id: second.id, eventId, status: 'open', subject: expect.objectContaining({ values: { theme: `第${attempt + 1}次` } }) }));
      expect((await get(STRANGER, `/tasks/${second.id}`)).status).toBe(403);
      expect((await post(STRANGER, `/tasks/${second.id}/approve`, { comment: '同意' })).status).toBe(403);
      expect((await post(HEAD, `/tasks/${second.id}/approve`, { comment: '同意' })).status).toBe(403);
      expect((await post('vice-chair-2', `/tasks/${second.id}/approve`, { comment: '同意' })).status).toBe(200);
      // A task no workflow knows is still not found.
      expect((await get('vice-chair-2', `/tasks/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).status).toBe(404);
    }
  }, 180_000);

  it('fails a read-model batch the database refuses for its data at once, and leaves a lost connection to be retried', async () => {
    const ds = new DataSource(dataSourceOptions(t.config.database.url!, 1));
    await ds.initialize();
    try {
      const { syncReadModel } = createEventActivities({ dataSource: ds, directory: {} as Directory });
      const now = new Date().toISOString();
      // A task of an event the read model has no row for: a foreign-key violation (SQLSTATE 23503), refused on every attempt.
      const batch = {
        event: { eventId: randomUUID(), status: 'active', startsAt: now, endsAt: now, postponedAt: null, cancelReason: null, archivedAt: null, currentStepIds: [] },
        steps: [],
        tasks: [{ id: randomUUID(), stepId: 'draft-plan', kind: 'task' as const, round: 1, name: { 'zh-CN': '起草', en: 'Draft' }, assignees: [], status: 'open' as const, createdAt: now }],
        notices: [],
        audit: [],
      };
      const failure = await syncReadModel(batch).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: READ_MODEL_REJECTED, nonRetryable: true, message: expect.stringContaining('SQLSTATE 23503') });
      // Nothing of the batch was written.
      expect(await sql('SELECT 1 FROM tasks WHERE id = $1', [batch.tasks[0].id])).toEqual([]);
    } finally {
      await ds.destroy();
    }
    // What passes is retried: a refused connection, the server shutting down, a serialization conflict.
    const pgError = (code: string) => new QueryFailedError('UPDATE events …', [], Object.assign(new Error(code), { code }));
    expect(rejectedByDatabase(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    for (const code of ['57P01', '08006', '40001', '53300']) expect([code, rejectedByDatabase(pgError(code))]).toEqual([code, undefined]);
    for (const code of ['22P02', '23505', '42703']) expect([code, rejectedByDatabase(pgError(code))?.nonRetryable]).toEqual([code, true]);
  });
});
