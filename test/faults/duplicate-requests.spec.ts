// Requests that arrive twice: a POST /api/events retried with its Idempotency-Key (a flaky network,
// a double submit), and a double-clicked approve or complete. Each must take effect once; the
// repeat gets the same answer or a clear refusal, never a 5xx.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { apiClient, type Page, type Reply } from '../support/api-client';
import type { Session } from '../support/auth';
import { createTestDatabase, startTestApp, type TestApp } from '../support/shared';
import { APPROVERS, COMPACT_CODE, COMPACT_TEMPLATES_DIR, compactEventBody, LIAISONS, ORGANISER, sleep, startCompactEvent } from './support/compact-event';
import { recordResult } from './support/results';

interface Created {
  id: string;
  title: string;
}
interface Task {
  id: string;
  eventId: string;
  stepId: string;
  kind: string;
  level: number | null;
  status: string;
}

describe('duplicate requests', () => {
  let t: TestApp;
  let ds: DataSource;
  const client = apiClient(() => t.baseUrl);

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(databaseUrl, 2));
    await ds.initialize();
    t = await startTestApp({ DATABASE_URL: databaseUrl, TEMPLATES_DIR: COMPACT_TEMPLATES_DIR });
  });
  afterAll(async () => {
    await t?.close();
    await ds?.destroy();
  });

  /** POST /api/events with an Idempotency-Key, keeping the answer's headers. */
  async function postEvent(who: Session, body: unknown, key?: string): Promise<Reply<Created & { message?: { 'zh-CN': string; en: string }; code?: string }> & { replayed: string | null }> {
    const res = await fetch(`${t.baseUrl}/api/events`, {
      method: 'POST',
      headers: { ...who.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Created, replayed: res.headers.get('idempotent-replayed') };
  }
  const eventsTitled = async (title: string) =>
    (await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM events WHERE title = $1', [title]))[0].n;

  describe('POST /api/events with an Idempotency-Key', () => {
    it('gives one event for the same request sent twice: the repeat answers 201 with the same event, marked replayed', async () => {
      const organiser = await client.as(ORGANISER);
      const body = compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 重发' });
      const first = await postEvent(organiser, body, 'retry-1');
      const second = await postEvent(organiser, body, 'retry-1');
      expect(first.status).toBe(201);
      expect(first.replayed).toBeNull();
      expect(second.status).toBe(201);
      expect(second.replayed).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      expect(await eventsTitled('X1 幂等 重发')).toBe(1);
    });

    it('gives one event when both copies arrive at the same moment (a double submit)', async () => {
      const organiser = await client.as(ORGANISER);
      const body = compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 并发' });
      const answers = await Promise.all([1, 2, 3].map(() => postEvent(organiser, body, 'double-submit-1')));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(2);
      expect(await eventsTitled('X1 幂等 并发')).toBe(1);
    });

    it('refuses the key with a different request (422, naming the key), and starts nothing', async () => {
      const organiser = await client.as(ORGANISER);
      const first = await postEvent(organiser, compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 原请求' }), 'reused-1');
      expect(first.status).toBe(201);
      const other = await postEvent(organiser, compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 另一请求' }), 'reused-1');
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(other.body.message).toEqual({ 'zh-CN': expect.stringContaining('Idempotency-Key'), en: expect.stringContaining('Idempotency-Key') });
      expect(await eventsTitled('X1 幂等 另一请求')).toBe(0);
    });

    it("keeps one user's keys apart from another's, and starts a new event for each request without a key", async () => {
      const body = compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 两人' });
      const a = await postEvent(await client.as(ORGANISER), body, 'shared-key');
      const b = await postEvent(await client.as('head-family-children'), body, 'shared-key');
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).not.toBe(a.body.id);
      expect(b.replayed).toBeNull();

      const plain = compactEventBody({ startsInMs: 3600_000, title: 'X1 无幂等键' });
      const organiser = await client.as(ORGANISER);
      expect((await postEvent(organiser, plain)).status).toBe(201);
      expect((await postEvent(organiser, plain)).status).toBe(201);
      expect(await eventsTitled('X1 无幂等键')).toBe(2);
    });

    it('answers 400 naming the header for a key that is empty or too long', async () => {
      const organiser = await client.as(ORGANISER);
      for (const key of ['', 'k'.repeat(256)]) {
        const reply = await postEvent(organiser, compactEventBody({ startsInMs: 3600_000, title: 'X1 坏键' }), key);
        expect(reply.status).toBe(400);
        expect(reply.body.message).toEqual({ 'zh-CN': expect.stringContaining('Idempotency-Key'), en: expect.stringContaining('Idempotency-Key') });
      }
      expect(await eventsTitled('X1 坏键')).toBe(0);
    });

    it('lets a key whose request failed be used again (nothing was started)', async () => {
      const organiser = await client.as(ORGANISER);
      const past = { ...compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 失败后重试' }), startsAt: '2020-01-01T00:00:00Z' };
      expect((await postEvent(organiser, past, 'after-failure')).status).toBe(400);
      const retried = await postEvent(organiser, compactEventBody({ startsInMs: 3600_000, title: 'X1 幂等 失败后重试' }), 'after-failure');
      expect(retried.status).toBe(201);
      expect(retried.replayed).toBeNull();
    });
  });

  describe('a double-clicked action', () => {
    /** The first open task of `stepId` (and sign-off level) in someone's 待办, once it is there. */
    async function openTask(who: string, eventId: string, stepId: string, level?: number): Promise<Task> {
      for (let i = 0; i < 200; i++) {
        const reply = await client.api<Page<Task>>(await client.as(who), 'GET', `/tasks?status=open&eventId=${eventId}`);
        const task = reply.body.items.find((x) => x.stepId === stepId && (level === undefined || x.level === level));
        if (task) return task;
        await sleep(100);
      }
      throw new Error(`no open ${stepId} task for ${who}`);
    }
    const twice = async (who: string, path: string, body: unknown) => {
      const session = await client.as(who);
      return Promise.all([client.api(session, 'POST', path, body), client.api(session, 'POST', path, body)]);
    };
    /** One answer 200 and the other 200 or a clear 409, never a 5xx. */
    const seen: number[][] = [];
    const expectOneEffect = (answers: Reply<unknown>[]) => {
      const statuses = answers.map((a) => a.status).sort();
      seen.push(statuses);
      expect(statuses[0]).toBe(200);
      expect([200, 409]).toContain(statuses[1]);
      const refused = answers.find((a) => a.status === 409);
      if (refused) expect((refused.body as { message: { en: string } }).message.en).toMatch(/not open|already|closed|ended/);
    };
    const auditCount = async (eventId: string, action: string, taskId?: string) =>
      (
        await ds.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM audit_log WHERE event_id = $1 AND action = $2 AND ($3::uuid IS NULL OR task_id = $3)',
          [eventId, action, taskId ?? null],
        )
      )[0].n;

    it('completes a task once, signs off once at each level, acknowledges once, and archives once', async () => {
      const eventId = await startCompactEvent(client, { startsInMs: 3000, title: 'X1 双击' });

      const draft = await openTask(ORGANISER, eventId, 'draft-plan');
      expectOneEffect(await twice(ORGANISER, `/tasks/${draft.id}/complete`, { values: { theme: '双击测试' } }));
      expect(await auditCount(eventId, 'task.completed', draft.id)).toBe(1);

      for (const [level, who] of APPROVERS.entries()) {
        const signOff = await openTask(who, eventId, 'plan-approval', level);
        expectOneEffect(await twice(who, `/tasks/${signOff.id}/approve`, { comment: '同意' }));
        expect(await auditCount(eventId, 'sign-off.approved', signOff.id)).toBe(1);
      }
      // The chain moved on once: one task per level, each decided once.
      const planTasks = await ds.query<{ level: number; status: string }[]>(
        `SELECT level, status FROM tasks WHERE event_id = $1 AND step_id = 'plan-approval' ORDER BY level`,
        [eventId],
      );
      expect(planTasks).toEqual([
        { level: 0, status: 'approved' },
        { level: 1, status: 'approved' },
      ]);

      for (const liaison of LIAISONS) {
        const session = await client.as(liaison);
        for (let i = 0; i < 200; i++) {
          const inbox = await client.api<{ items: { kind: string; eventId: string }[] }>(session, 'GET', '/notifications?unread=true');
          if (inbox.body.items.some((n) => n.kind === 'notice' && n.eventId === eventId)) break;
          await sleep(100);
        }
        expectOneEffect(await twice(liaison, `/events/${eventId}/notices/activity-notice/acknowledge`, { values: { attendees: 2 } }));
      }
      expect(await auditCount(eventId, 'notice.acknowledged')).toBe(LIAISONS.length);

      const held = await openTask(ORGANISER, eventId, 'hold-event');
      expectOneEffect(await twice(ORGANISER, `/tasks/${held.id}/complete`, { values: { attended: 20 } }));
      const report = await openTask(ORGANISER, eventId, 'summary-report');
      expectOneEffect(
        await twice(ORGANISER, `/tasks/${report.id}/complete`, {
          values: { participants: 20, unitsCovered: ['渝中区妇联'], outcomes: '双击测试：只提交一次。' },
        }),
      );
      // The last sign-off ends the workflow: the second click meets a finished event.
      const first = await openTask(APPROVERS[0], eventId, 'summary-report', 0);
      expectOneEffect(await twice(APPROVERS[0], `/tasks/${first.id}/approve`, {}));
      const last = await openTask(APPROVERS[1], eventId, 'summary-report', 1);
      expectOneEffect(await twice(APPROVERS[1], `/tasks/${last.id}/approve`, {}));

      // Archiving follows the last sign-off's answer by a moment.
      let status = '';
      for (let i = 0; i < 100 && status !== 'archived'; i++) {
        if (i) await sleep(100);
        status = (await client.api<{ event: { status: string } }>(await client.as(ORGANISER), 'GET', `/events/${eventId}`)).body.event.status;
      }
      expect(status).toBe('archived');
      recordResult('double-click', { actions: seen.length, answers: seen.map((pair) => pair.join('+')) });
      expect(await auditCount(eventId, 'sign-off.approved')).toBe(4);
      expect(await auditCount(eventId, 'event.archived')).toBe(1);
      const [{ n: decisions }] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM sign_off_decisions WHERE event_id = $1', [eventId]);
      expect(decisions).toBe(4);
      expect((await ds.query<{ code: string }[]>('SELECT template_code AS code FROM events WHERE id = $1', [eventId]))[0].code).toBe(COMPACT_CODE);
    });
  });
});
