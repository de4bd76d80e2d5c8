// 提醒与期限 that tell the truth, through the API as the organiser uses it: A1 with its selection
// notice out and receipts pending, previewed and moved (改期), postponed and resumed; the moves named
// and complete, the preview the same as the change, the liaisons told their new receipt deadline,
// and the 操作记录 readable (step names, from → to, the delegate, the unit that signed).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import type { EventSchedule, EventState, ReschedulePreview, ScheduleMove } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { formatDateTime } from '../../workflows/text';
import { login, type Session } from '../support/auth';
import { formOf, keepHistory, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv } from '../support/time-skipping';

const DAY = 24 * 3600_000;

interface ReadableAudit {
  action: string;
  actorName: string | null;
  stepName: { 'zh-CN': string } | null;
  levelName: { 'zh-CN': string } | null;
  units: { code: string; name: { 'zh-CN': string } }[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('schedules that tell the truth', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  let db: Client;
  let organiser: Session;
  let template: EventTemplate;
  const sessions = new Map<string, Session>();

  const api = async <T>(who: Session, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api${path}`, { method, headers: who.headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** The signed-in session of a person the workflow named, by their user id. */
  async function as(userId: string): Promise<Session> {
    const { rows } = await db.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [userId]);
    const username = rows[0].username;
    if (!sessions.has(username)) sessions.set(username, await login(t.baseUrl, username));
    return sessions.get(username)!;
  }
  const state = async (id: string) => (await api<{ state: EventState }>(organiser, 'GET', `/events/${id}`)).body.state;
  const labelled = (m: ScheduleMove) => typeof m.kind === 'string' && m.kind.length > 0 && m.name['zh-CN'].length > 0 && m.name.en.length > 0;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address, DATE_CHANGE_NOTICE_WINDOW: '1s' });
    db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    organiser = await login(t.baseUrl, 'organiser-organisation');
    template = (await api<EventTemplate>(organiser, 'GET', '/templates/womens-day-110')).body;
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    await env?.teardown();
  });

  /** Plans, signs off and issues the selection notice, as each person would; the draft is handed over (转交) first. */
  async function toSelectionNotice(eventId: string): Promise<EventState> {
    let delegated = false;
    for (let round = 0; round < 60; round++) {
      const s = await state(eventId);
      if (s.notices.some((n) => n.stepId === 'selection-notice' && n.receipts?.length)) return s;
      for (const task of s.tasks.filter((x) => x.status === 'open')) {
        const who = await as(task.assignees[0].id);
        if (!delegated && task.stepId === 'draft-plan') {
          const candidates = (await api<{ id: string }[]>(who, 'GET', `/tasks/${task.id}/delegates`)).body.map((c) => c.id);
          // A colleague who does not sign the plan later, so that every level of the sign-off is decided.
          const { rows } = await db.query<{ id: string }>(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND username NOT LIKE 'head-%' AND username NOT LIKE '%chair%' ORDER BY username`, [candidates]);
          const to = rows[0]?.id ?? candidates[0];
          expect(to).toBeDefined();
          expect((await api(who, 'POST', `/tasks/${task.id}/delegate`, { toUserId: to, comment: '请代为起草' })).status).toBe(200);
          delegated = true;
          continue;
        }
        const done =
          task.kind === 'sign-off'
            ? await api(who, 'POST', `/tasks/${task.id}/approve`, { comment: '同意' })
            : await api(who, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) });
        expect(done.status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the selection notice was not issued');
  }

  /** What the liaisons of a unit were told of a change of date (subject prefix), newest first. */
  async function toldUnit(eventId: string, username: string, prefix: string): Promise<string[]> {
    for (let i = 0; i < 50; i++) {
      const { rows } = await db.query<{ body: { 'zh-CN': string } }>(
        `SELECT n.body FROM notifications n JOIN users u ON u.id = n.recipient_id
          WHERE n.event_id = $1 AND u.username = $2 AND n.subject->>'zh-CN' LIKE $3 ORDER BY n.created_at DESC`,
        [eventId, username, `${prefix}%`],
      );
      if (rows.length) return rows.map((r) => r.body['zh-CN']);
      await new Promise((r) => setTimeout(r, 200));
    }
    return [];
  }

  it('moves the receipt deadline and its reminders with the date, labelled, as previewed, and tells the liaisons their new deadline', async () => {
    const startsAt = Date.now() + 90 * DAY;
    const created = await api<{ id: string }>(organiser, 'POST', '/events', { templateCode: 'womens-day-110', title: '纪念“三八”110周年（日期测试）', startsAt: new Date(startsAt).toISOString() });
    expect(created.status).toBe(201);
    const eventId = created.body.id;
    const issued = await toSelectionNotice(eventId);
    const notice = issued.notices.find((n) => n.stepId === 'selection-notice')!;
    const yuzhong = await login(t.baseUrl, 'liaison-yuzhong');
    const receiptForm = (template.steps.find((s) => s.id === 'selection-notice') as { receipt: { form: Parameters<typeof sampleValues>[0] } }).receipt.form;
    expect((await api(yuzhong, 'POST', `/events/${eventId}/notices/selection-notice/acknowledge`, { values: sampleValues(receiptForm) })).status).toBe(200);
    const pending = notice.receipts!.length - 1;
    const oldDue = Date.parse(notice.receiptsDueAt!);

    // The preview names every move, the receipt deadline and its reminders among them, and changes nothing.
    const newStart = startsAt + 7 * DAY;
    const preview = await api<ReschedulePreview>(organiser, 'POST', `/events/${eventId}/reschedule/preview`, { startsAt: new Date(newStart).toISOString() });
    expect(preview.status).toBe(200);
    const byId = new Map(preview.body.moved.map((m) => [m.id, m]));
    expect(byId.get(`receipts:${notice.noticeId}`)).toMatchObject({
      kind: 'receipts',
      name: { 'zh-CN': '下发评选通知' },
      from: new Date(oldDue).toISOString(),
      to: new Date(oldDue + 7 * DAY).toISOString(),
      past: false,
      pendingUnits: pending,
    });
    expect(byId.get(`receipt:${notice.noticeId}`)).toMatchObject({ kind: 'receipt', name: { 'zh-CN': '下发评选通知' } });
    expect(byId.get(`receipt-escalation:${notice.noticeId}`)).toMatchObject({ kind: 'receipt-escalation', name: { 'zh-CN': '下发评选通知' } });
    expect(preview.body.moved.every(labelled)).toBe(true);
    expect(preview.body.unitsOverdueAtOnce).toBe(0);
    expect((await state(eventId)).startsAt).toBe(new Date(startsAt).toISOString());

    // A date so close that the receipt deadline is already past: flagged, with the units it turns 逾期.
    const close = await api<ReschedulePreview>(organiser, 'POST', `/events/${eventId}/reschedule/preview`, { startsAt: new Date(Date.now() + 20 * DAY).toISOString() });
    expect(close.body.moved.find((m) => m.kind === 'receipts')).toMatchObject({ past: true, pendingUnits: pending });
    expect(close.body.unitsOverdueAtOnce).toBe(pending);
    // Refused as the change itself would be; a liaison may not ask.
    expect((await api(organiser, 'POST', `/events/${eventId}/reschedule/preview`, { startsAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
    expect((await api(yuzhong, 'POST', `/events/${eventId}/reschedule/preview`, { startsAt: new Date(newStart).toISOString() })).status).toBe(403);

    // The change moves what the preview said it would.
    expect((await api(organiser, 'POST', `/events/${eventId}/reschedule`, { startsAt: new Date(newStart).toISOString(), reason: '场地调整' })).status).toBe(200);
    const after = (await api<EventSchedule>(organiser, 'GET', `/events/${eventId}/schedule`)).body;
    const brief = (m: ScheduleMove) => ({ id: m.id, kind: m.kind, name: m.name, from: m.from, to: m.to });
    expect(after.moved.map(brief)).toEqual(preview.body.moved.map(brief));
    expect(after.deadlines.find((d) => d.id === `receipts:${notice.noticeId}`)!.at).toBe(new Date(oldDue + 7 * DAY).toISOString());

    // A unit still to acknowledge is told its new deadline; the one that signed hears the change only.
    const jiangbei = await toldUnit(eventId, 'liaison-jiangbei', '【改期】');
    expect(jiangbei).toEqual([expect.stringContaining(`签收截止时间：${formatDateTime(new Date(oldDue + 7 * DAY).toISOString(), 'zh-CN')}`)]);
    expect(await toldUnit(eventId, 'liaison-yuzhong', '【改期】')).toEqual(['原因：场地调整']);

    // 延期 then 恢复: the heading's count is the number of lines, each one labelled.
    expect((await api(organiser, 'POST', `/events/${eventId}/postpone`, { reason: '待市委安排' })).status).toBe(200);
    const postponed = (await api<EventSchedule>(organiser, 'GET', `/events/${eventId}/schedule`)).body.moved;
    expect(postponed.every(labelled)).toBe(true);
    expect(new Set(postponed.map((m) => m.id)).size).toBe(postponed.length);
    expect(postponed.find((m) => m.id === `receipts:${notice.noticeId}`)).toMatchObject({ to: null, name: { 'zh-CN': '下发评选通知' } });
    expect(postponed.filter((m) => m.to !== null)).toEqual([]);
    const resumedAt = Date.now() + 100 * DAY;
    expect((await api(organiser, 'POST', `/events/${eventId}/resume`, { startsAt: new Date(resumedAt).toISOString() })).status).toBe(200);
    const resumed = (await api<EventSchedule>(organiser, 'GET', `/events/${eventId}/schedule`)).body.moved;
    expect(resumed.every(labelled)).toBe(true);
    expect(resumed.map((m) => m.id).sort()).toEqual(postponed.map((m) => m.id).sort());
    expect(resumed.find((m) => m.id === `receipts:${notice.noticeId}`)).toMatchObject({ from: null, to: new Date(resumedAt - 35 * DAY).toISOString() });

    // The 操作记录 reads as people say it: step names, from → to, the delegate, the unit that signed.
    const audit = (await api<ReadableAudit[]>(organiser, 'GET', `/events/${eventId}/audit`)).body;
    const entry = (action: string) => audit.find((a) => a.action === action)!;
    expect(entry('task.delegated')).toMatchObject({ stepName: { 'zh-CN': '系列活动方案起草' }, after: { from: { id: organiser.user.id }, to: { id: expect.any(String) } } });
    expect(entry('event.rescheduled')).toMatchObject({ before: { startsAt: new Date(startsAt).toISOString() }, after: { startsAt: new Date(newStart).toISOString() } });
    expect(entry('notice.acknowledged')).toMatchObject({ stepName: { 'zh-CN': '下发评选通知' }, units: [{ code: 'district-yuzhong', name: { 'zh-CN': '渝中区妇联' } }] });
    const approvals = audit.filter((a) => a.action === 'sign-off.approved');
    expect(approvals.map((a) => a.levelName?.['zh-CN'])).toEqual(expect.arrayContaining(['部门负责人会签', '分管副主席审批']));
    expect(approvals.every((a) => a.stepName?.['zh-CN'] === '方案审批')).toBe(true);

    // Ended here, its history is kept for the replay test (npm run histories:record).
    expect((await api(organiser, 'POST', `/events/${eventId}/cancel`, { reason: '测试结束' })).status).toBe(200);
    const handle = env.client.workflow.getHandle(`event-${eventId}`);
    await handle.result();
    await keepHistory(handle, 'receipt-deadline-told');
  }, 300_000);
});
