// The event workflow's behaviour beyond the happy path, on the time-skipping server with the real
// activities and PostgreSQL: rejection and resubmission, withdraw, delegate, who may act, changes of
// date before and after deadlines, postponement, cancellation in the middle of a sign-off.
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/infra/project-root';
import { statusOf, type DomainError } from '../../src/common/domain-error';
import { asDomainError } from '../../src/events/event-messages';
import { DirectoryService } from '../../src/org/directory.service';
import { loadTemplates } from '../../src/templates/template-loader';
import {
  acknowledgeUpdate,
  approveUpdate,
  cancelUpdate,
  completeTaskUpdate,
  delegateUpdate,
  postponeUpdate,
  READ_MODEL_REJECTED,
  rejectUpdate,
  rescheduleUpdate,
  resumeUpdate,
  stateQuery,
  urgeUpdate,
  withdrawUpdate,
  type EventState,
  type Person,
  type TaskState,
} from '../../workflows/event-model';
import type { EventTemplate, NotifyStep } from '../../workflows/template-types';
import { DAY, driveToEnd, eventually, formOf, keepHistory, openTasks, sampleValues, startEvent, userByName } from '../support/event-driver';
import { addDeputyHead } from '../support/org-fixtures';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TEMPLATES = new Map(loadTemplates(join(projectRoot(), 'templates')).map((t) => [t.code, t]));
const A2 = TEMPLATES.get('childrens-day-sorting')!;
const M1 = TEMPLATES.get('exec-committee-plenary')!;
const TASK_QUEUE = 'event-scenarios';

type Handle = Awaited<ReturnType<typeof startEvent>>['handle'];

describe('event workflow scenarios', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  const people: Record<string, Person> = {};
  /** While set, the activity named (for notifyPeople: a cancellation's CANCEL) waits there until the test releases it. */
  let hold: { activity: 'notifyPeople' | 'resolveParties' | 'deliverNotice'; here: () => Promise<void> } | undefined;
  /** While set, the next read-model write of this event is refused for good, as the database would refuse bad data. */
  let refuseSyncOf: string | undefined;
  /** The units the last notice delivered went to, as the activity answered. */
  let deliveredUnits: { code: string; liaisons: Person[] }[] = [];
  /** Holds an activity; `reached` resolves once the workflow is in it. */
  function holdActivity(activity: 'notifyPeople' | 'resolveParties' | 'deliverNotice') {
    let reached!: () => void;
    let release!: () => void;
    const atHold = new Promise<void>((r) => (reached = r));
    const released = new Promise<void>((r) => (release = r));
    hold = {
      activity,
      here: () => {
        reached();
        return released;
      },
    };
    return {
      reached: atHold,
      release: () => {
        hold = undefined;
        release();
      },
    };
  }

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE, {
      wrapActivities: (real) => ({
        ...real,
        notifyPeople: async (input) => {
          if (hold?.activity === 'notifyPeople' && input.key.startsWith('cancelled-')) await hold.here();
          return real.notifyPeople(input);
        },
        syncReadModel: async (input) => {
          if (refuseSyncOf && input.event.eventId === refuseSyncOf) {
            refuseSyncOf = undefined;
            throw ApplicationFailure.nonRetryable('The read model refused the batch (SQLSTATE 23503)', READ_MODEL_REJECTED);
          }
          return real.syncReadModel(input);
        },
        resolveParties: async (input) => {
          if (hold?.activity === 'resolveParties') await hold.here();
          return real.resolveParties(input);
        },
        deliverNotice: async (input) => {
          if (hold?.activity === 'deliverNotice') await hold.here();
          const delivered = await real.deliverNotice(input);
          deliveredUnits = delivered.units;
          return delivered;
        },
      }),
    });
    ({ env, ds } = bed);
    for (const name of ['organiser-family-children', 'head-family-children', 'vice-chair-2', 'vice-chair-1', 'head-publicity', 'organiser-fed-office', 'liaison-yuzhong']) {
      people[name] = await userByName(ds, name);
    }
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  const state = (h: Handle) => h.query(stateQuery);
  const complete = (h: Handle, t: TaskState, template: EventTemplate, actor = t.assignees[0], values?: Record<string, unknown>) =>
    h.executeUpdate(completeTaskUpdate, { args: [{ taskId: t.id, actor, values: values ?? sampleValues(formOf(template, t.stepId)) }] });
  const openOf = async (h: Handle, stepId: string) => openTasks(await state(h)).filter((t) => t.stepId === stepId);
  /** The open tasks once there are some: a task opens after the workflow has looked up its assignees. */
  async function whenOpen(h: Handle): Promise<TaskState[]> {
    for (let i = 0; i < 100; i++) {
      const open = openTasks(await state(h));
      if (open.length) return open;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no task opened');
  }

  /** Completes open work tasks (not sign-offs) until a sign-off of `stepId` is open. */
  async function untilSignOff(h: Handle, template: EventTemplate, stepId: string): Promise<TaskState[]> {
    for (let i = 0; i < 100; i++) {
      const s = await state(h);
      const signOffs = openTasks(s).filter((t) => t.kind === 'sign-off' && t.stepId === stepId);
      if (signOffs.length) return signOffs;
      const work = openTasks(s).filter((x) => x.kind !== 'sign-off');
      for (const t of work) await complete(h, t, template);
      if (!work.length) await new Promise((r) => setTimeout(r, 50)); // the next task is being assigned
    }
    throw new Error(`no sign-off of ${stepId} opened`);
  }

  const refusal = (kind: string) => ({ cause: expect.objectContaining({ type: kind }) });

  it('sends a rejected plan back to the drafter with the comment, and runs the whole chain again on resubmission', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const [level1] = await untilSignOff(handle, A2, 'plan-approval');
    expect(level1.assignees.map((p) => p.id)).toEqual([people['head-family-children'].id]);

    // A rejection without a comment is refused and leaves nothing behind.
    await expect(handle.executeUpdate(rejectUpdate, { args: [{ taskId: level1.id, actor: people['head-family-children'], comment: ' ' }] })).rejects.toMatchObject(refusal('INVALID'));
    await handle.executeUpdate(rejectUpdate, { args: [{ taskId: level1.id, actor: people['head-family-children'], comment: '预算偏高，请压缩' }] });

    const [redraft] = await openOf(handle, 'draft-plan');
    expect(redraft.round).toBe(2);
    expect(redraft.assignees).toEqual([people['organiser-family-children']]);
    await complete(handle, redraft, A2);

    // The chain starts again at its first level.
    const [again] = await openOf(handle, 'plan-approval');
    expect(again.level).toBe(0);
    expect(again.round).toBe(2);
    await handle.executeUpdate(approveUpdate, { args: [{ taskId: again.id, actor: people['head-family-children'] }] });
    const [level2] = await openOf(handle, 'plan-approval');
    expect(level2.level).toBe(1);
    expect(level2.assignees).toEqual([people['vice-chair-2']]);

    const s = await state(handle);
    const rejected = s.tasks.find((t) => t.status === 'rejected')!;
    expect(rejected.comment).toBe('预算偏高，请压缩');
    const audit = await ds.query<{ action: string; comment: string | null }[]>(
      `SELECT action, comment FROM audit_log WHERE event_id = $1 AND action LIKE 'sign-off.%' ORDER BY seq`,
      [s.eventId],
    );
    expect(audit.map((a) => a.action)).toEqual(['sign-off.rejected', 'sign-off.approved']);
    const decisions = await ds.query<{ decision: string }[]>('SELECT decision FROM sign_off_decisions WHERE event_id = $1 ORDER BY decided_at', [s.eventId]);
    expect(decisions.map((d) => d.decision)).toEqual(['rejected', 'approved']);
    await driveToEnd(env, handle, A2);
    await handle.result();
    await keepHistory(handle, 'rejected-and-resubmitted');
  });

  /** Waits (in real time: the read model is written by activities) until `holds` says yes. */
  async function untilRow(holds: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await holds()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the read model never caught up');
  }

  it('goes on when the read model refuses a write for good, and sends what was refused again with the next change', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const [draft] = await whenOpen(handle);
    const { eventId } = await state(handle);
    refuseSyncOf = eventId;
    // The completion answers (the workflow is the authority) although its write was refused.
    await complete(handle, draft, A2);
    const rowOf = async (taskId: string) => (await ds.query<{ status: string }[]>('SELECT status FROM tasks WHERE id = $1', [taskId]))[0]?.status;
    expect(refuseSyncOf).toBeUndefined();
    expect(await rowOf(draft.id)).not.toBe('completed');
    // The next change carries the refused one with it: nothing a person did is lost.
    const [signOff] = await untilSignOff(handle, A2, 'plan-approval');
    await untilRow(async () => (await rowOf(draft.id)) === 'completed' && (await rowOf(signOff.id)) === 'open');
    const audit = await ds.query<{ action: string }[]>(`SELECT action FROM audit_log WHERE event_id = $1 AND task_id = $2`, [eventId, draft.id]);
    expect(audit.map((a) => a.action)).toContain('task.completed');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('lets the submitter withdraw a pending sign-off (撤回), and nobody else', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const [signOff] = await untilSignOff(handle, A2, 'plan-approval');
    await expect(handle.executeUpdate(withdrawUpdate, { args: [{ taskId: signOff.id, actor: people['head-family-children'] }] })).rejects.toMatchObject(refusal('FORBIDDEN'));

    await handle.executeUpdate(withdrawUpdate, { args: [{ taskId: signOff.id, actor: people['organiser-family-children'], comment: '补充材料' }] });
    const s = await state(handle);
    expect(s.tasks.find((t) => t.id === signOff.id)!.status).toBe('withdrawn');
    const [redraft] = openTasks(s);
    expect(redraft.stepId).toBe('draft-plan');
    expect(redraft.assignees).toEqual([people['organiser-family-children']]);
    // The withdrawn sign-off is no longer anyone's to approve.
    await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: people['head-family-children'] }] })).rejects.toMatchObject(refusal('CONFLICT'));
    await driveToEnd(env, handle, A2);
    await handle.result();
    await keepHistory(handle, 'withdrawn-and-resubmitted');
  });

  it('hands a sign-off to another person (转交); only they can act on it then, and it never goes to the submitter', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const [signOff] = await untilSignOff(handle, A2, 'plan-approval');
    // Separation of duties: a sign-off goes only to someone who could hold its level, here the
    // department's other head (副部长), who holds the same role in the same unit.
    const deputy = await addDeputyHead(bed.databaseUrl, '周副部长');
    const directory = new DirectoryService(ds);
    const to = async (p: Person) => ({ to: p, toRoles: await directory.rolesOf(p.id), toInChargeOf: await directory.inChargeOf(p.id) });
    try {
      // Someone else's task: refused, nothing recorded.
      await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: people['vice-chair-1'] }] })).rejects.toMatchObject(refusal('FORBIDDEN'));
      await expect(
        handle.executeUpdate(delegateUpdate, { args: [{ taskId: signOff.id, actor: people['head-family-children'], ...(await to(people['organiser-family-children'])) }] }),
      ).rejects.toMatchObject(refusal('FORBIDDEN'));

      await handle.executeUpdate(delegateUpdate, {
        args: [{ taskId: signOff.id, actor: people['head-family-children'], ...(await to(deputy)), comment: '出差，请代为审核' }],
      });
      await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: people['head-family-children'] }] })).rejects.toMatchObject(refusal('FORBIDDEN'));
      const approved = await handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: deputy }] });
      expect(approved.actedBy).toEqual(deputy);
      expect(approved.delegations?.[0]).toMatchObject({ from: people['head-family-children'], to: deputy, comment: '出差，请代为审核' });

      const [row] = await ds.query<{ assignee_ids: string[]; status: string }[]>('SELECT assignee_ids, status FROM tasks WHERE id = $1', [signOff.id]);
      expect(row).toEqual({ assignee_ids: [deputy.id], status: 'approved' });
      const [audit] = await ds.query<{ before: unknown; after: unknown }[]>(`SELECT before, after FROM audit_log WHERE task_id = $1 AND action = 'task.delegated'`, [signOff.id]);
      expect(audit).toEqual({ before: { assignees: [people['head-family-children']] }, after: { from: people['head-family-children'], to: deputy, assignees: [deputy] } });
    } finally {
      // The tests after this one expect the department to have its one head.
      await ds.query('UPDATE users SET active = false WHERE id = $1', [deputy.id]);
    }
    await driveToEnd(env, handle, A2);
    await handle.result();
    await keepHistory(handle, 'delegated-sign-off');
  });

  it('never asks people to sign off their own submission: their superior signs in their place', async () => {
    // The department head drafts the plan herself; the first level (the head) passes to the vice-chair in charge.
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['head-family-children'] });
    const [level1] = await untilSignOff(handle, A2, 'plan-approval');
    expect(level1.submitter).toEqual(people['head-family-children']);
    expect(level1.assignees).toEqual([people['vice-chair-2']]);
  });

  it('moves every pending date-relative deadline on reschedule, keeps what is done, and holds the day at the new date only', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'], startsInDays: 60 });
    const [draft] = await whenOpen(handle);
    const before = await state(handle);
    await complete(handle, draft, A2);
    const planning = await state(handle);
    const budget = openTasks(planning).find((t) => t.stepId === 'budget')!;

    // Too early a date, or one in the past, is refused.
    await expect(handle.executeUpdate(rescheduleUpdate, { args: [{ actor: people['organiser-family-children'], startsAt: '2020-01-01T00:00:00Z' }] })).rejects.toMatchObject(refusal('INVALID'));

    const newStart = Date.parse(before.startsAt) + 30 * DAY;
    const moved = await handle.executeUpdate(rescheduleUpdate, {
      args: [{ actor: people['organiser-family-children'], startsAt: new Date(newStart).toISOString(), reason: '场地冲突' }],
    });
    expect(Date.parse(moved.endsAt) - Date.parse(moved.startsAt)).toBe(Date.parse(before.endsAt) - Date.parse(before.startsAt));
    const budgetAfter = moved.tasks.find((t) => t.id === budget.id)!;
    expect(Date.parse(budgetAfter.dueAt!) - Date.parse(budget.dueAt!)).toBe(30 * DAY);
    // The completed draft keeps the deadline it had.
    expect(moved.tasks.find((t) => t.id === draft.id)!.dueAt).toBe(planning.tasks.find((t) => t.id === draft.id)!.dueAt);
    const [row] = await ds.query<{ due_at: Date }[]>('SELECT due_at FROM tasks WHERE id = $1', [budget.id]);
    expect(row.due_at.toISOString()).toBe(budgetAfter.dueAt);
    // Everyone concerned gets the new date as a calendar update: same UID, higher SEQUENCE.
    const [update] = await ds.query<{ calendar: { uid: string; sequence: number; method: string; start: string } }[]>(
      `SELECT calendar FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE '【改期】%' LIMIT 1`,
      [moved.eventId],
    );
    expect(update.calendar).toMatchObject({ uid: `event-${moved.eventId}@fulian-flow`, sequence: 1, method: 'REQUEST', start: moved.startsAt });

    // Drive to the wait before the day, then check it follows the new date, not the old one.
    await driveToEnd(env, handle, A2, { until: (s) => s.steps.find((x) => x.id === 'wait-event-day')!.status === 'active' });
    let s = await state(handle);
    expect(s.steps.find((x) => x.id === 'wait-event-day')!.until).toBe(new Date(newStart).toISOString());
    await env.sleep(Date.parse(before.startsAt) - (await env.currentTimeMs()) + DAY); // past the old date
    s = await state(handle);
    expect(s.steps.find((x) => x.id === 'wait-event-day')!.status).toBe('active');
    await env.sleep(newStart - (await env.currentTimeMs()) + 1000);
    s = await eventually(env, handle, (x) => x.steps.find((y) => y.id === 'wait-event-day')!.status === 'done' && openTasks(x).length > 0);
    expect(s.steps.find((x) => x.id === 'wait-event-day')!.status).toBe('done');
    expect(openTasks(s).map((t) => t.stepId)).toEqual(['hold-event']);
    // Once the event has begun it can no longer be moved.
    await expect(
      handle.executeUpdate(rescheduleUpdate, { args: [{ actor: people['organiser-family-children'], startsAt: new Date(newStart + 10 * DAY).toISOString() }] }),
    ).rejects.toMatchObject(refusal('CONFLICT'));
    await driveToEnd(env, handle, A2);
    await handle.result();
    await keepHistory(handle, 'rescheduled');
  });

  it('pauses date-relative waits while postponed, and resumes them from the new date', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'], startsInDays: 45 });
    await driveToEnd(env, handle, A2, { until: (s) => s.steps.find((x) => x.id === 'wait-event-day')!.status === 'active' });
    const before = await state(handle);

    await expect(handle.executeUpdate(postponeUpdate, { args: [{ actor: people['organiser-family-children'], reason: '' }] })).rejects.toMatchObject(refusal('INVALID'));
    const postponed = await handle.executeUpdate(postponeUpdate, { args: [{ actor: people['organiser-family-children'], reason: '疫情防控' }] });
    expect(postponed.status).toBe('postponed');
    expect(postponed.steps.find((x) => x.id === 'wait-event-day')!.until).toBeNull();

    // Weeks pass the old date: nothing happens while the date is to be decided.
    await env.sleep(Date.parse(before.startsAt) - (await env.currentTimeMs()) + 20 * DAY);
    expect((await state(handle)).steps.find((x) => x.id === 'wait-event-day')!.status).toBe('active');
    await expect(handle.executeUpdate(rescheduleUpdate, { args: [{ actor: people['organiser-family-children'], startsAt: new Date((await env.currentTimeMs()) + 10 * DAY).toISOString() }] })).rejects.toMatchObject(refusal('CONFLICT'));

    const newStart = (await env.currentTimeMs()) + 14 * DAY;
    const resumed = await handle.executeUpdate(resumeUpdate, { args: [{ actor: people['organiser-family-children'], startsAt: new Date(newStart).toISOString() }] });
    expect(resumed.status).toBe('active');
    expect(resumed.steps.find((x) => x.id === 'wait-event-day')!.until).toBe(new Date(newStart).toISOString());
    await env.sleep(newStart - (await env.currentTimeMs()) + 1000);
    expect((await eventually(env, handle, (x) => x.steps.find((y) => y.id === 'wait-event-day')!.status === 'done')).steps.find((x) => x.id === 'wait-event-day')!.status).toBe('done');

    const [row] = await ds.query<{ status: string; starts_at: Date }[]>('SELECT status, starts_at FROM events WHERE id = $1', [before.eventId]);
    expect(row).toEqual({ status: 'active', starts_at: new Date(newStart) });
    await driveToEnd(env, handle, A2);
    await handle.result();
    await keepHistory(handle, 'postponed-and-resumed');
  });

  it('closes pending work when cancelled in the middle of a sign-off, and tells those concerned', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const [signOff] = await untilSignOff(handle, A2, 'plan-approval');
    await expect(handle.executeUpdate(cancelUpdate, { args: [{ actor: people['organiser-family-children'], reason: '' }] })).rejects.toMatchObject(refusal('INVALID'));

    const cancelled = await handle.executeUpdate(cancelUpdate, { args: [{ actor: people['organiser-family-children'], reason: '上级通知取消' }] });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.tasks.find((t) => t.id === signOff.id)!.status).toBe('cancelled');
    expect(cancelled.steps.filter((s) => s.status === 'pending' || s.status === 'active')).toEqual([]);
    const result = (await handle.result()) as EventState;
    expect(result.status).toBe('cancelled');
    await keepHistory(handle, 'cancel-during-sign-off');

    await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: people['head-family-children'] }] })).rejects.toThrow();
    const [event] = await ds.query<{ status: string; cancel_reason: string }[]>('SELECT status, cancel_reason FROM events WHERE id = $1', [result.eventId]);
    expect(event).toEqual({ status: 'cancelled', cancel_reason: '上级通知取消' });
    const told = await ds.query<{ subject: { 'zh-CN': string } }[]>(
      `SELECT subject FROM notifications WHERE event_id = $1 AND recipient_id = $2 AND kind = 'event'`,
      [result.eventId, people['head-family-children'].id],
    );
    expect(told.map((n) => n.subject['zh-CN'])).toEqual([expect.stringContaining('【取消】')]);
    const [cancelRow] = await ds.query<{ calendar: { uid: string; sequence: number; method: string } }[]>(
      `SELECT calendar FROM notifications WHERE event_id = $1 AND recipient_id = $2 AND kind = 'event'`,
      [result.eventId, people['head-family-children'].id],
    );
    expect(cancelRow.calendar).toMatchObject({ uid: `event-${result.eventId}@fulian-flow`, method: 'CANCEL', sequence: 1 });
  });

  it('takes the districts\' receipts (签收) and urges (催办) a task and the units still to acknowledge, at most once an hour each', async () => {
    const organiser = people['organiser-family-children'];
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser });
    const [draft] = await whenOpen(handle);
    expect(await handle.executeUpdate(urgeUpdate, { args: [{ actor: organiser, taskId: draft.id }] })).toEqual({ notified: draft.assignees.length });
    await expect(handle.executeUpdate(urgeUpdate, { args: [{ actor: organiser, taskId: draft.id }] })).rejects.toMatchObject(refusal('TOO_MANY'));

    await driveToEnd(env, handle, A2, { until: (s) => s.notices.some((n) => n.receipts?.length) });
    const notice = (await state(handle)).notices[0];
    const form = (A2.steps.find((s) => s.id === notice.stepId) as NotifyStep).receipt!.form;
    const [first, second, ...pending] = notice.receipts!;
    // Someone else's unit: refused, nothing recorded.
    await expect(
      handle.executeUpdate(acknowledgeUpdate, { args: [{ stepId: notice.stepId, unitCode: first.unitCode, actor: second.liaisons[0], values: sampleValues(form) }] }),
    ).rejects.toMatchObject(refusal('FORBIDDEN'));
    for (const r of [first, second]) {
      const receipt = await handle.executeUpdate(acknowledgeUpdate, { args: [{ stepId: notice.stepId, unitCode: r.unitCode, actor: r.liaisons[0], values: sampleValues(form) }] });
      expect(receipt).toMatchObject({ unitCode: r.unitCode, status: 'acknowledged', acknowledgedBy: { id: r.liaisons[0].id }, late: false });
    }
    await expect(
      handle.executeUpdate(acknowledgeUpdate, { args: [{ stepId: notice.stepId, unitCode: first.unitCode, actor: first.liaisons[0], values: sampleValues(form) }] }),
    ).rejects.toMatchObject(refusal('CONFLICT'));
    await expect(handle.executeUpdate(urgeUpdate, { args: [{ actor: organiser, stepId: notice.stepId, unitCode: first.unitCode }] })).rejects.toMatchObject(refusal('CONFLICT'));

    for (const r of pending.slice(0, 2)) {
      expect(await handle.executeUpdate(urgeUpdate, { args: [{ actor: organiser, stepId: notice.stepId, unitCode: r.unitCode }] })).toEqual({ notified: r.liaisons.length });
    }
    await expect(handle.executeUpdate(urgeUpdate, { args: [{ actor: organiser, stepId: notice.stepId, unitCode: pending[0].unitCode }] })).rejects.toMatchObject(refusal('TOO_MANY'));
    const urged = await ds.query<{ recipient_id: string }[]>(
      `SELECT recipient_id FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE '【催办】请尽快签收%'`,
      [eventId],
    );
    expect(new Set(urged.map((u) => u.recipient_id))).toEqual(new Set(pending.slice(0, 2).flatMap((r) => r.liaisons.map((p) => p.id))));

    const final = await driveToEnd(env, handle, A2);
    expect(final.status).toBe('archived');
    const receipts = final.notices[0].receipts!;
    expect(receipts.filter((r) => r.status === 'acknowledged').map((r) => r.unitCode)).toEqual([first.unitCode, second.unitCode]);
    await handle.result();
    await keepHistory(handle, 'acknowledged-and-urged');
  });

  it('refuses every other action from the moment a cancellation is accepted, while its CANCEL is still going out, and sends no REQUEST after it', async () => {
    const organiser = people['organiser-family-children'];
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser });
    const [draft] = await whenOpen(handle);
    const startsAt = (await state(handle)).startsAt;
    const held = holdActivity('notifyPeople');
    try {
      const cancelling = handle.executeUpdate(cancelUpdate, { args: [{ actor: organiser, reason: '场地临时不可用' }] });
      await held.reached; // the CANCEL is on its way, held
      expect((await state(handle)).status).toBe('active');

      const newStart = new Date((await env.currentTimeMs()) + 90 * DAY).toISOString();
      const refused: unknown = await handle.executeUpdate(rescheduleUpdate, { args: [{ actor: organiser, startsAt: newStart, reason: '改期' }] }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ cause: { type: 'CONFLICT', message: '活动正在取消，不能再办理 / The event is being cancelled' } });
      // As the API answers it: 409, in both languages.
      const answered = asDomainError(refused) as DomainError;
      expect(statusOf(answered.code)).toBe(409);
      expect(answered.message).toBe('活动正在取消，不能再办理 / The event is being cancelled');
      await expect(handle.executeUpdate(postponeUpdate, { args: [{ actor: organiser, reason: '待定' }] })).rejects.toMatchObject(refusal('CONFLICT'));
      await expect(complete(handle, draft, A2)).rejects.toMatchObject(refusal('CONFLICT'));
      await expect(handle.executeUpdate(urgeUpdate, { args: [{ actor: organiser, taskId: draft.id }] })).rejects.toMatchObject(refusal('CONFLICT'));

      held.release();
      const cancelled = await cancelling;
      expect(cancelled).toMatchObject({ status: 'cancelled', startsAt });
      expect(cancelled.tasks.find((t) => t.id === draft.id)!.status).toBe('cancelled');
    } finally {
      held.release();
    }
    await handle.result();
    await keepHistory(handle, 'reschedule-during-cancellation');

    // Everyone heard of the cancellation once, as a CANCEL; no invitation brings the event back.
    const told = await ds.query<{ recipient_id: string; subject: { 'zh-CN': string }; calendar: { method: string; sequence: number } | null }[]>(
      `SELECT recipient_id, subject, calendar FROM notifications WHERE event_id = $1 AND kind = 'event'`,
      [eventId],
    );
    expect(told.length).toBeGreaterThan(0);
    expect(told.map((n) => [n.subject['zh-CN'].slice(0, 4), n.calendar?.method])).toEqual(told.map(() => ['【取消】', 'CANCEL']));
    expect(new Set(told.map((n) => n.recipient_id)).size).toBe(told.length);
    const [requests] = await ds.query<{ count: string }[]>(
      `SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.event_id = $1 AND n.calendar->>'method' = 'REQUEST'`,
      [eventId],
    );
    expect(Number(requests.count)).toBe(0);
  });

  it('stops at once when cancelled while the workflow waits on the directory, and tells the organiser', async () => {
    const organiser = people['organiser-family-children'];
    const held = holdActivity('resolveParties');
    try {
      const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser });
      await held.reached; // looking up who drafts the plan, and the directory does not answer
      const cancelled = await handle.executeUpdate(cancelUpdate, { args: [{ actor: organiser, reason: '上级通知取消' }] });
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.tasks).toEqual([]);
      expect(cancelled.steps.find((s) => s.id === 'draft-plan')!.status).toBe('cancelled');
      held.release();
      expect(((await handle.result()) as EventState).status).toBe('cancelled');
      await keepHistory(handle, 'cancelled-during-lookup');
      const told = await ds.query<{ subject: { 'zh-CN': string } }[]>(`SELECT subject FROM notifications WHERE event_id = $1 AND recipient_id = $2 AND kind = 'event'`, [eventId, organiser.id]);
      expect(told.map((n) => n.subject['zh-CN'])).toEqual([expect.stringContaining('【取消】')]);
    } finally {
      held.release();
    }
  });

  it('tells the units of a notice still being sent in a parallel branch of the cancellation, once it has gone out', async () => {
    // No shipped template has a notice in a parallel group, but the schema allows one: beside it, a wait.
    const notice = A2.steps.find((s): s is NotifyStep => s.type === 'notify' && !!s.receipt)!;
    const template: EventTemplate = {
      ...A2,
      code: 'test-notice-in-parallel',
      version: 1,
      steps: [
        {
          id: 'together',
          type: 'parallel',
          name: { 'zh-CN': '同步进行', en: 'Side by side' },
          branches: [
            { name: { 'zh-CN': '通知', en: 'Notice' }, steps: [notice] },
            { name: { 'zh-CN': '等候', en: 'Wait' }, steps: [{ id: 'eve', type: 'wait', name: { 'zh-CN': '活动前一天', en: 'The day before' }, until: { anchor: 'eventStart', offset: '-1d' } }] },
          ],
        },
      ],
    };
    const organiser = people['organiser-family-children'];
    const held = holdActivity('deliverNotice');
    try {
      const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, template, { organiser });
      await held.reached; // the notice is going out
      const cancelling = handle.executeUpdate(cancelUpdate, { args: [{ actor: organiser, reason: '上级通知取消' }] });
      // Accepted while the notice is still held (the wait beside it has stopped already).
      for (let i = 0; i < 100 && !(await state(handle)).cancelReason; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await state(handle)).cancelReason).toBe('上级通知取消');
      held.release();
      const cancelled = await cancelling;
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.notices.map((n) => n.stepId)).toEqual([notice.id]);
      expect(((await handle.result()) as EventState).status).toBe('cancelled');
      const liaisons = deliveredUnits.flatMap((u) => u.liaisons.map((p) => p.id));
      expect(liaisons.length).toBeGreaterThan(0);
      const told = await ds.query<{ recipient_id: string }[]>(
        `SELECT recipient_id FROM notifications WHERE event_id = $1 AND kind = 'event' AND subject->>'zh-CN' LIKE '【取消】%'`,
        [eventId],
      );
      expect(told.map((n) => n.recipient_id)).toEqual(expect.arrayContaining(liaisons));
    } finally {
      held.release();
    }
  });

  it('refuses form values that break the form, naming the fields', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const [draft] = await whenOpen(handle);
    const error = await handle
      .executeUpdate(completeTaskUpdate, { args: [{ taskId: draft.id, actor: people['organiser-family-children'], values: { theme: '', familiesExpected: 0.5, nonsense: 1 } }] })
      .catch((e: { cause: { type: string; details: unknown[] } }) => e);
    expect(error).toMatchObject(refusal('INVALID'));
    const fields = ((error as { cause: { details: { field: string }[][] } }).cause.details[0]).map((d) => d.field).sort();
    expect(fields).toEqual(['childAgeRange', 'familiesExpected', 'nonsense', 'theme']);
    expect((await openOf(handle, 'draft-plan'))[0].status).toBe('open');
  });

  it('skips re-issuing the work plan when the plenary passes it without major change (M1)', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, M1, { organiser: people['organiser-fed-office'] });
    const review = M1.steps.flatMap((s) => (s.type === 'parallel' ? s.branches.flatMap((b) => b.steps) : [s])).find((s) => s.type === 'task' && s.form?.fields.some((f) => f.key === 'majorChanges'))!;
    const final = await driveToEnd(env, handle, M1, { values: { [review.id]: { majorChanges: false } } });
    expect(final.status).toBe('archived');
    await handle.result();
    await keepHistory(handle, 'm1-plan-passed-unchanged');
    const conditional = final.steps.filter((s) => {
      const def = M1.steps.find((d) => d.id === s.id);
      return def?.when?.step === review.id;
    });
    expect(conditional.length).toBeGreaterThan(0);
    for (const s of conditional) expect(s.status).toBe('skipped');
    expect(final.notices.some((n) => conditional.some((s) => s.id === n.stepId))).toBe(false);
  });
});
