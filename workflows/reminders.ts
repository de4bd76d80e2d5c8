// Which reminders (提醒/催办) and escalations (督办) an event owes, derived from its live state: a pure
// function, so a new date, a finished task or a receipt changes the plan by itself, and the same
// plan is shown to organisers (GET /api/events/:id/schedule) before anything fires.
import { addOffsetInForce, type CalendarPeriod } from './working-days';
import type { EventState, Person, TaskState } from './event-model';
import type { LocalizedText, NotifyStep, OffsetText, ReminderPolicy } from './template-types';
import { formatDateTime } from './text';

export type ReminderKind =
  | 'before-event' // T-7d, T-1d: participants and owners of open tasks
  | 'task-sla' // 催办: an open task or sign-off has waited past its SLA
  | 'task-escalation' // 督办: to the assignee's superior after twice the SLA
  | 'task-overdue' // a task's deadline has passed
  | 'report-due' // the report is due tomorrow
  | 'report-overdue'
  | 'report-escalation'
  | 'receipt' // units that have not acknowledged a notice by its deadline
  | 'receipt-escalation'; // ... and, later, their superiors (the district chairs)

export interface Reminder {
  /** Stable across date changes: what the reminder is about. */
  id: string;
  /** Unique per firing time: a reminder moved to a new date is a new reminder. */
  key: string;
  kind: ReminderKind;
  fireAt: number;
  /** When the reminder came to be owed; one whose time had already passed then is never sent. */
  owedSince: number;
  /** Who hears it; for escalations, whose superiors hear it. */
  recipients: Person[];
  escalation: boolean;
  subject: LocalizedText;
  message: LocalizedText;
  taskId?: string;
  stepId?: string;
  unitCodes?: string[];
}

export interface ReminderContext {
  policy: ReminderPolicy;
  /** The notify steps of the template, for their receipts' escalation delays. */
  notifySteps: Map<string, NotifyStep>;
  /** When the event's date was last set (start, reschedule, resume). */
  scheduleSetAt: number;
  /** The working-day calendars the run has counted by (run-state.ts); absent, the compiled table. */
  calendars?: readonly CalendarPeriod[];
}

const COMPILED_TABLE: readonly CalendarPeriod[] = [{ calendar: undefined, since: -Infinity }];

const DAY_MS = 24 * 3600_000;
const uniq = (people: Person[]) => [...new Map(people.map((p) => [p.id, p])).values()];
const at = (iso: string) => Date.parse(iso);
const when = (ms: number) => ({ 'zh-CN': formatDateTime(new Date(ms).toISOString(), 'zh-CN'), en: formatDateTime(new Date(ms).toISOString(), 'en') });

/** `offset` from `ms`, on the calendar in force when it falls: a reminder already due under an earlier calendar keeps its time, and is not sent again. */
const offsetFrom = (ctx: ReminderContext, ms: number, offset: OffsetText): number => addOffsetInForce(ms, offset, ctx.calendars ?? COMPILED_TABLE);

/** Every reminder the event owes now, sent or not, in firing order. */
export function plannedReminders(state: EventState, ctx: ReminderContext): Reminder[] {
  if (state.status === 'cancelled' || state.status === 'archived') return [];
  const out: Reminder[] = [];
  const add = (r: Omit<Reminder, 'key'>) => {
    if (r.recipients.length) out.push({ ...r, key: `${r.id}@${new Date(r.fireAt).toISOString()}` });
  };
  const title = state.title;
  const open = state.tasks.filter((t) => t.status === 'open');
  const eventDated = state.status !== 'postponed';

  // Before the event: participants and whoever still has work open.
  if (eventDated) {
    const start = at(state.startsAt);
    for (const offset of ctx.policy.beforeEvent ?? []) {
      const fireAt = offsetFrom(ctx, start, offset);
      const days = Math.round((start - fireAt) / DAY_MS);
      add({
        id: `before-event:${offset}`,
        kind: 'before-event',
        fireAt,
        owedSince: ctx.scheduleSetAt,
        recipients: uniq([...state.participants, ...open.flatMap((t) => t.assignees), state.organiser]),
        escalation: false,
        subject: { 'zh-CN': `【提醒】${title}将于${when(start)['zh-CN']}举行`, en: `Reminder: ${title} on ${when(start).en}` },
        message: {
          'zh-CN': `距活动开始还有${days}天，请做好准备；尚未办结的待办请抓紧办理。`,
          en: `${days} day(s) to go. Please get ready and finish any open tasks.`,
        },
      });
    }
  }

  for (const t of open) taskReminders(t, state, ctx, add);

  // Receipts: units that have not acknowledged by the deadline are reminded, then escalated.
  if (eventDated) {
    for (const n of state.notices) {
      if (!n.receipts || !n.receiptsDueAt) continue;
      const pending = n.receipts.filter((r) => r.status === 'pending');
      if (!pending.length) continue;
      const due = at(n.receiptsDueAt);
      const owedSince = Math.max(at(n.issuedAt), ctx.scheduleSetAt);
      const doc = n.docNumber ? `（${n.docNumber}）` : '';
      add({
        id: `receipt:${n.noticeId}`,
        kind: 'receipt',
        fireAt: due,
        owedSince,
        recipients: uniq(pending.flatMap((r) => r.liaisons)),
        escalation: false,
        subject: { 'zh-CN': `【签收提醒】请尽快签收《${n.subject}》${doc}`, en: `Please acknowledge the notice "${n.subject}"${n.docNumber ? ` (${n.docNumber})` : ''}` },
        message: { 'zh-CN': `签收期限为${when(due)['zh-CN']}，贵单位尚未签收。`, en: `It was due on ${when(due).en}; your unit has not acknowledged it yet.` },
        stepId: n.stepId,
        unitCodes: pending.map((r) => r.unitCode),
      });
      const escalateAfter = ctx.notifySteps.get(n.stepId)?.receipt?.escalateAfter;
      if (escalateAfter) {
        add({
          id: `receipt-escalation:${n.noticeId}`,
          kind: 'receipt-escalation',
          fireAt: offsetFrom(ctx, due, escalateAfter),
          owedSince,
          recipients: uniq(pending.flatMap((r) => r.liaisons)),
          escalation: true,
          subject: { 'zh-CN': `【签收督办】《${n.subject}》逾期未签收`, en: `Overdue acknowledgement: "${n.subject}"` },
          message: {
            'zh-CN': `以下单位逾期未签收：${pending.map((r) => r.unitName).join('、')}。请督促办理。`,
            en: `Not yet acknowledged by: ${pending.map((r) => r.unitName).join(', ')}. Please follow up.`,
          },
          stepId: n.stepId,
          unitCodes: pending.map((r) => r.unitCode),
        });
      }
    }
  }
  return out.sort((a, b) => a.fireAt - b.fireAt || a.key.localeCompare(b.key));
}

function taskReminders(t: TaskState, state: EventState, ctx: ReminderContext, add: (r: Omit<Reminder, 'key'>) => void): void {
  const name = t.name;
  const created = at(t.createdAt);
  const base = { taskId: t.id, stepId: t.stepId, recipients: t.assignees };
  if (t.kind === 'report') {
    if (!t.dueAt) return;
    const due = at(t.dueAt);
    const owedSince = Math.max(created, ctx.scheduleSetAt);
    add({
      ...base,
      id: `report-due:${t.id}`,
      kind: 'report-due',
      fireAt: due - DAY_MS,
      owedSince,
      escalation: false,
      subject: { 'zh-CN': `【提醒】${state.title}活动总结将于明天到期`, en: `The report on ${state.title} is due tomorrow` },
      message: { 'zh-CN': `请于${when(due)['zh-CN']}前提交活动总结。`, en: `Please submit the report by ${when(due).en}.` },
    });
    add({
      ...base,
      id: `report-overdue:${t.id}`,
      kind: 'report-overdue',
      fireAt: due + DAY_MS,
      owedSince,
      escalation: false,
      subject: { 'zh-CN': `【催办】${state.title}活动总结已逾期`, en: `Overdue: the report on ${state.title}` },
      message: { 'zh-CN': `活动总结应于${when(due)['zh-CN']}提交，请尽快办理。`, en: `It was due on ${when(due).en}. Please submit it.` },
    });
    add({
      ...base,
      id: `report-escalation:${t.id}`,
      kind: 'report-escalation',
      fireAt: due + 3 * DAY_MS,
      owedSince,
      escalation: true,
      subject: { 'zh-CN': `【督办】${state.title}活动总结逾期未交`, en: `Escalation: the report on ${state.title} is overdue` },
      message: {
        'zh-CN': `${t.assignees.map((p) => p.displayName).join('、')}的活动总结已逾期三天，请督促。`,
        en: `The report assigned to ${t.assignees.map((p) => p.displayName).join(', ')} is three days overdue.`,
      },
    });
    return;
  }

  // 催办 after the SLA, 督办 after twice the SLA. A sign-off level's own SLA is its deadline.
  const sla = t.kind === 'sign-off' ? ctx.policy.signOffSla : ctx.policy.taskSla;
  const slaAt = t.kind === 'sign-off' && t.dueAt ? at(t.dueAt) : sla ? offsetFrom(ctx, created, sla) : undefined;
  if (slaAt !== undefined) {
    const escalateAt = created + 2 * (slaAt - created);
    add({
      ...base,
      id: `task-sla:${t.id}`,
      kind: 'task-sla',
      fireAt: slaAt,
      owedSince: created,
      escalation: false,
      subject: { 'zh-CN': `【催办】请尽快办理“${name['zh-CN']}”`, en: `Reminder: please handle "${name.en}"` },
      message: { 'zh-CN': `${state.title}：此事项已等待较长时间。`, en: `${state.title}: this has been waiting for a while.` },
    });
    add({
      ...base,
      id: `task-escalation:${t.id}`,
      kind: 'task-escalation',
      fireAt: escalateAt,
      owedSince: created,
      escalation: true,
      subject: { 'zh-CN': `【督办】“${name['zh-CN']}”超时未办理`, en: `Escalation: "${name.en}" is overdue` },
      message: {
        'zh-CN': `${state.title}：${t.assignees.map((p) => p.displayName).join('、')}的待办超时未办理，请督促。`,
        en: `${state.title}: the task of ${t.assignees.map((p) => p.displayName).join(', ')} is overdue.`,
      },
    });
  }
  if (t.kind === 'task' && t.dueAt) {
    const due = at(t.dueAt);
    add({
      ...base,
      id: `task-overdue:${t.id}`,
      kind: 'task-overdue',
      fireAt: due,
      owedSince: Math.max(created, ctx.scheduleSetAt),
      escalation: false,
      subject: { 'zh-CN': `【到期提醒】“${name['zh-CN']}”今日到期`, en: `Due now: "${name.en}"` },
      message: { 'zh-CN': `${state.title}：办理期限为${when(due)['zh-CN']}。`, en: `${state.title}: due on ${when(due).en}.` },
    });
  }
}

/** The reminders still to send: not sent yet, and owed before their time. */
export function pendingReminders(planned: Reminder[], sent: ReadonlySet<string>): Reminder[] {
  return planned.filter((r) => !sent.has(r.key) && r.fireAt >= r.owedSince);
}
