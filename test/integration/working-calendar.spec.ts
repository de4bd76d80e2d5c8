// The working-day calendar as data, in the event workflow on the time-skipping server with the real
// activities: a 公示期 (A1's task, due five working days after it starts) and a notice whose receipts
// are due five working days after it goes out, counted on the calendar the event was started with;
// an admin's holiday inside those five days moves both one working day later, in the schedule, the
// 操作记录 and a message to those concerned, once; the same calendar again moves nothing, nor does
// a change once the deadlines have passed. A run started without a calendar counts by the table
// compiled into the code. The first run's history is kept for replay as `working-calendar-replanned`.
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import {
  changeCalendarUpdate,
  completeTaskUpdate,
  scheduleQuery,
  stateQuery,
  type Actor,
  type CalendarChangeResult,
  type EventState,
  type Person,
  type TaskState,
} from '../../workflows/event-model';
import type { EventTemplate, NotifyStep, Step, TaskStep } from '../../workflows/template-types';
import type { WorkingCalendar } from '../../workflows/working-calendar';
import { addOffset } from '../../workflows/working-days';
import { formOf, keepHistory, sampleValues, startEvent, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TEMPLATES = loadTemplates(join(projectRoot(), 'templates'));
const A1 = TEMPLATES.find((t) => t.code === 'womens-day-110')!;
const A2 = TEMPLATES.find((t) => t.code === 'childrens-day-sorting')!;
const TASK_QUEUE = 'working-calendar';

const flat = (steps: Step[]): Step[] => steps.flatMap((s) => [s, ...(s.type === 'parallel' ? s.branches.flatMap((b) => flat(b.steps)) : [])]);
const PUBLIC_NOTICE = flat(A1.steps).find((s): s is TaskStep => s.id === 'public-notice-period')!;
const A2_NOTICE = flat(A2.steps).find((s): s is NotifyStep => s.type === 'notify' && !!s.receipt)!;

/**
 * A1's 公示期 beside a notice to the districts with receipts due in five working days, both starting
 * three weeks before the event (a wait first), so that their five days lie ahead on the test clock.
 */
const TEMPLATE: EventTemplate = {
  ...A2,
  code: 'test-working-calendar',
  version: 1,
  steps: [
    { id: 'countdown', type: 'wait', name: { 'zh-CN': '活动前三周', en: 'Three weeks before' }, until: { anchor: 'eventStart', offset: '-21d' } },
    {
      id: 'posting',
      type: 'parallel',
      name: { 'zh-CN': '公示与通知', en: 'Notice period and notice' },
      branches: [
        { name: { 'zh-CN': '公示', en: 'Notice period' }, steps: [PUBLIC_NOTICE] },
        {
          name: { 'zh-CN': '通知', en: 'Notice' },
          steps: [{ ...A2_NOTICE, official: false, receipt: { ...A2_NOTICE.receipt!, due: { anchor: 'stepStart', offset: '5wd' } } }],
        },
      ],
    },
  ],
};

const cstDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

describe('the working-day calendar in the event workflow', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let organiser: Person;
  let admin: Actor;

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
    organiser = await userByName(ds, 'organiser-family-children');
    admin = { ...(await userByName(ds, 'admin')), isAdmin: true };
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  /** The calendar as the admin keeps it for these years, without holidays unless given. */
  const calendar = async (version: string, days: WorkingCalendar['days'] = {}): Promise<WorkingCalendar> => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear();
    return { version, fromYear: year - 1, toYear: year + 2, days };
  };

  type Handle = Awaited<ReturnType<typeof startEvent>>['handle'];
  const change = (handle: Handle, cal: WorkingCalendar): Promise<CalendarChangeResult> => handle.executeUpdate(changeCalendarUpdate, { args: [{ actor: admin, calendar: cal }] });

  /** Lets the test clock run to the 公示期 and the notice, both open. */
  async function atPosting(handle: Handle): Promise<{ state: EventState; task: TaskState; startedAt: number }> {
    for (let i = 0; i < 60; i++) {
      const state = await handle.query(stateQuery);
      const task = state.tasks.find((t) => t.stepId === PUBLIC_NOTICE.id && t.status === 'open');
      if (task && state.notices.some((n) => n.receiptsDueAt)) return { state, task, startedAt: Date.parse(task.createdAt) };
      const until = state.steps.find((s) => s.id === 'countdown' && s.status === 'active')?.until;
      const now = await env.currentTimeMs();
      await env.sleep(until && Date.parse(until) > now ? Date.parse(until) - now + 1000 : 2000);
    }
    throw new Error('the 公示期 did not open');
  }

  const told = (eventId: string, prefix: string) =>
    ds.query<{ recipient_id: string }[]>(`SELECT recipient_id FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE $2`, [eventId, `${prefix}%`]);
  const calendarAudit = async (eventId: string) => {
    for (let i = 0; i < 50; i++) {
      const rows = await ds.query<{ before: { version: string | null }; after: { version: string; moved: { kind: string; from: string; to: string }[] } }[]>(
        `SELECT before, after FROM audit_log WHERE event_id = $1 AND action = 'calendar.changed' ORDER BY seq`,
        [eventId],
      );
      if (rows.length) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
    return [];
  };

  it('moves the pending 5wd deadlines one working day later for a holiday inside them, once, and nothing once they have passed', async () => {
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, TEMPLATE, { organiser, startsInDays: 60, calendar: await calendar('1') });
    const { state, task, startedAt } = await atPosting(handle);
    const notice = state.notices[0];
    const oldDue = addOffset(startedAt, '5wd');
    expect(task.dueAt).toBe(new Date(oldDue).toISOString());
    // The notice went out a moment apart from the 公示期 (its branch looked no one up first).
    const noticeSent = Date.parse(state.steps.find((x) => x.id === A2_NOTICE.id)!.startedAt!);
    const oldReceiptsDue = addOffset(noticeSent, '5wd');
    expect(notice.receiptsDueAt).toBe(new Date(oldReceiptsDue).toISOString());

    // A holiday on the second of the five working days: each deadline comes one working day later.
    const holiday = cstDate(addOffset(startedAt, '2wd'));
    const withHoliday = await calendar('2', { [holiday]: 'off' });
    const newDue = new Date(addOffset(oldDue, '1wd', withHoliday)).toISOString();
    const newReceiptsDue = new Date(addOffset(oldReceiptsDue, '1wd', withHoliday)).toISOString();
    expect(Date.parse(newDue)).toBeGreaterThan(oldDue);

    const result = await change(handle, withHoliday);
    expect(result.applied).toBe(true);
    const from = new Date(oldDue).toISOString();
    expect(result.moved).toEqual(
      expect.arrayContaining([
        { label: '办理期限 · 公示期（5个工作日）', from, to: newDue },
        { label: `回执截止 · ${A2_NOTICE.name['zh-CN']}`, from: new Date(oldReceiptsDue).toISOString(), to: newReceiptsDue },
      ]),
    );
    // The receipt clock follows at once: the Update has answered only after the read model was written.
    const after = await handle.query(stateQuery);
    expect(after.tasks.find((t) => t.id === task.id)?.dueAt).toBe(newDue);
    expect(after.notices[0].receiptsDueAt).toBe(newReceiptsDue);
    const schedule = await handle.query(scheduleQuery);
    expect(schedule.deadlines.find((d) => d.id === `task:${task.id}`)?.at).toBe(newDue);
    expect(schedule.deadlines.find((d) => d.id === `receipts:${notice.noticeId}`)?.at).toBe(newReceiptsDue);
    expect(schedule.reminders.find((r) => r.kind === 'task-overdue')?.at).toBe(newDue);
    // The event's own date is not counted in working days: it stays.
    expect(after.startsAt).toBe(state.startsAt);

    // Recorded, from → to per item; the organiser hears of the 公示期, each unit's liaisons of their receipt.
    const [audit] = await calendarAudit(eventId);
    expect(audit.before.version).toBe('1');
    expect(audit.after.version).toBe('2');
    expect(audit.after.moved).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task', from, to: newDue }), expect.objectContaining({ kind: 'receipts', to: newReceiptsDue })]));
    expect((await told(eventId, '【期限调整】')).map((r) => r.recipient_id)).toEqual([organiser.id]);
    const liaisons = notice.receipts!.flatMap((r) => r.liaisons.map((p) => p.id));
    expect(new Set((await told(eventId, '【签收期限调整】')).map((r) => r.recipient_id))).toEqual(new Set(liaisons));

    // The same calendar again: nothing moves, no one hears of it twice.
    expect(await change(handle, withHoliday)).toEqual({ applied: false, moved: [] });
    expect(await calendarAudit(eventId)).toHaveLength(1);
    expect(await told(eventId, '【期限调整】')).toHaveLength(1);

    // Past the deadline (the 公示期 still open, the receipts closed): another holiday inside the five days moves nothing.
    await env.sleep(Date.parse(newDue) - (await env.currentTimeMs()) + 60_000);
    const later = await change(handle, await calendar('3', { [holiday]: 'off', [cstDate(addOffset(startedAt, '1wd'))]: 'off' }));
    expect(later).toEqual({ applied: true, moved: [] });
    expect((await handle.query(stateQuery)).tasks.find((t) => t.id === task.id)?.dueAt).toBe(newDue);

    // The run ends once the 公示期 is closed.
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: organiser, values: sampleValues(formOf(TEMPLATE, PUBLIC_NOTICE.id)) }] });
    await handle.result();
    await keepHistory(handle, 'working-calendar-replanned');
  });

  it('refuses an older calendar than the one the event counts by, in both languages', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, TEMPLATE, { organiser, startsInDays: 60, calendar: await calendar('5') });
    await expect(change(handle, await calendar('4'))).rejects.toMatchObject({ cause: { type: 'CONFLICT', message: expect.stringMatching(/早于.*\/.*older/) } });
  });

  it('counts a run started without a calendar by the compiled table, until a calendar reaches it', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, TEMPLATE, { organiser, startsInDays: 60 });
    const { task, startedAt } = await atPosting(handle);
    expect(task.dueAt).toBe(new Date(addOffset(startedAt, '5wd')).toISOString());
    const withHoliday = await calendar('9', { [cstDate(addOffset(startedAt, '2wd'))]: 'off' });
    const result = await change(handle, withHoliday);
    expect(result.moved.map((m) => m.label)).toContain('办理期限 · 公示期（5个工作日）');
    expect((await handle.query(stateQuery)).tasks.find((t) => t.id === task.id)?.dueAt).toBe(new Date(addOffset(startedAt, '5wd', withHoliday)).toISOString());
  });
});
