// What will fire or fall due, and when (GET /api/events/:id/schedule), and what a change of date moved.
import type { EventSchedule } from '../event-model';
import { pendingReminders, plannedReminders, type Reminder, type ReminderContext } from '../reminders';
import type { NotifyStep } from '../template-types';
import type { EventRun } from './run-state';

const notifyStepsOf = (run: EventRun) =>
  new Map([...run.stepDefs.values()].filter((d): d is NotifyStep => d.type === 'notify').map((d) => [d.id, d]));

/** The reminders the event owes now and has not sent. */
export function owedReminders(run: EventRun): Reminder[] {
  const ctx: ReminderContext = {
    policy: run.input.reminders ?? run.template.reminders ?? {},
    notifySteps: notifyStepsOf(run),
    scheduleSetAt: run.scheduleSetAt,
  };
  return pendingReminders(plannedReminders(run.state, ctx), run.sentReminders);
}

export function schedule(run: EventRun): EventSchedule {
  const { state } = run;
  const deadlines: EventSchedule['deadlines'] = [
    { id: 'event-start', kind: 'event-start', at: state.status === 'postponed' ? null : state.startsAt, name: { 'zh-CN': '活动开始', en: 'Event starts' }, who: [] },
    { id: 'event-end', kind: 'event-end', at: state.status === 'postponed' ? null : state.endsAt, name: { 'zh-CN': '活动结束', en: 'Event ends' }, who: [] },
    ...state.tasks
      .filter((t) => t.status === 'open' && t.dueAt !== undefined)
      .map((t) => ({ id: `task:${t.id}`, kind: 'task' as const, at: t.dueAt ?? null, name: t.name, who: t.assignees })),
    ...state.steps
      .filter((x) => x.status === 'active' && x.type === 'wait')
      .map((x) => ({ id: `wait:${x.id}`, kind: 'wait' as const, at: x.until ?? null, name: x.name, who: [] })),
    ...state.notices
      .filter((n) => n.receipts?.some((r) => r.status === 'pending'))
      .map((n) => ({
        id: `receipts:${n.noticeId}`,
        kind: 'receipts' as const,
        at: n.receiptsDueAt ?? null,
        name: { 'zh-CN': `签收截止：${n.subject}`, en: `Receipts due: ${n.subject}` },
        who: n.receipts!.filter((r) => r.status === 'pending').flatMap((r) => r.liaisons),
      })),
  ];
  return {
    reminders: owedReminders(run).map((r) => ({
      id: r.id,
      kind: r.kind,
      at: new Date(r.fireAt).toISOString(),
      recipients: r.recipients,
      escalation: r.escalation,
      subject: r.subject,
      taskId: r.taskId,
      stepId: r.stepId,
      unitCodes: r.unitCodes,
    })),
    deadlines: deadlines.sort((a, b) => (a.at ?? '9').localeCompare(b.at ?? '9')),
    moved: run.lastMoves,
  };
}

/** What a change of date moved: every pending deadline and reminder, old time and new. */
export function recordMoves(run: EventRun, before: EventSchedule): void {
  const times = (x: EventSchedule) => new Map([...x.deadlines.map((d) => [d.id, d.at] as const), ...x.reminders.map((r) => [r.id, r.at] as const)]);
  const was = times(before);
  const now = times(schedule(run));
  run.lastMoves = [...new Set([...was.keys(), ...now.keys()])]
    .filter((id) => was.get(id) !== now.get(id))
    .map((id) => ({ id, from: was.get(id) ?? null, to: now.get(id) ?? null }));
}
