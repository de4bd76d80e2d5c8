// What will fire or fall due, and when (GET /api/events/:id/schedule), and what a change of date
// moves: asked before the change (the 改期 preview) and recorded after it, from the same projection.
import type { EventSchedule, EventState, ReschedulePreview, ReschedulePreviewInput, ScheduleMove } from '../event-model';
import { pendingReminders, plannedReminders, type Reminder, type ReminderContext } from '../reminders';
import type { LocalizedText, NotifyStep, RelativeTime } from '../template-types';
import { addOffsetInForce } from '../working-days';
import { isoOrNull } from './clock';
import type { EventRun } from './run-state';
import { resumeRefusal, rescheduleRefusal } from './validators';
import { viewOf } from './refusals';

/** The event's date as a change sets it; null while it is to be decided (延期待定). */
export type EventDates = { startsAt: string; endsAt: string } | null;

const DAY_MS = 24 * 3600_000;

const notifyStepsOf = (run: EventRun) =>
  new Map([...run.stepDefs.values()].filter((d): d is NotifyStep => d.type === 'notify').map((d) => [d.id, d]));

const contextOf = (run: EventRun, scheduleSetAt: number): ReminderContext => ({
  policy: run.input.reminders ?? run.template.reminders ?? {},
  notifySteps: notifyStepsOf(run),
  scheduleSetAt,
  calendars: run.calendars,
});

/** The reminders the event owes now and has not sent. */
export function owedReminders(run: EventRun): Reminder[] {
  return pendingReminders(plannedReminders(run.state, contextOf(run, run.scheduleSetAt)), run.sentReminders);
}

const pendingOf = (n: EventState['notices'][number]) => (n.receipts ?? []).filter((r) => r.status === 'pending');

function deadlinesOf(run: EventRun, state: EventState): EventSchedule['deadlines'] {
  const stepName = (id: string) => run.stepState(id).name;
  const dated = state.status !== 'postponed';
  return [
    { id: 'event-start', kind: 'event-start' as const, at: dated ? state.startsAt : null, name: { 'zh-CN': '活动开始', en: 'Event starts' }, who: [] },
    { id: 'event-end', kind: 'event-end' as const, at: dated ? state.endsAt : null, name: { 'zh-CN': '活动结束', en: 'Event ends' }, who: [] },
    ...state.tasks
      .filter((t) => t.status === 'open' && t.dueAt !== undefined)
      .map((t) => ({ id: `task:${t.id}`, kind: 'task' as const, at: t.dueAt ?? null, name: t.name, who: t.assignees })),
    ...state.steps
      .filter((x) => x.status === 'active' && x.type === 'wait')
      .map((x) => ({ id: `wait:${x.id}`, kind: 'wait' as const, at: x.until ?? null, name: x.name, who: [] })),
    ...state.notices
      .filter((n) => pendingOf(n).length > 0)
      .map((n) => ({ id: `receipts:${n.noticeId}`, kind: 'receipts' as const, at: n.receiptsDueAt ?? null, name: stepName(n.stepId), who: pendingOf(n).flatMap((r) => r.liaisons) })),
  ].sort((a, b) => (a.at ?? '9').localeCompare(b.at ?? '9'));
}

function scheduleOf(run: EventRun, state: EventState, scheduleSetAt: number): Omit<EventSchedule, 'moved'> {
  const owed = pendingReminders(plannedReminders(state, contextOf(run, scheduleSetAt)), run.sentReminders);
  return {
    reminders: owed.map((r) => ({
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
    deadlines: deadlinesOf(run, state),
  };
}

export function schedule(run: EventRun): EventSchedule {
  return { ...scheduleOf(run, run.state, run.scheduleSetAt), moved: run.lastMoves };
}

/** How a notice's receipt deadline is defined, while its clock still runs (receipts pending, step active). */
function receiptsDueSpec(run: EventRun, n: EventState['notices'][number]): RelativeTime | undefined {
  const def = run.stepDefs.get(n.stepId);
  const step = run.stepState(n.stepId);
  const running = step.status === 'active' && step.startedAt !== undefined && run.latestNotice(n.stepId) === n && pendingOf(n).length > 0;
  return running && def?.type === 'notify' ? def.receipt?.due : undefined;
}

/**
 * The state once every date-relative deadline has followed `dates`: open tasks' deadlines move at
 * once (setDates), the waits and receipt deadlines when their clocks next wake, which is after the
 * change has been answered. Projecting them here makes what moved complete at once.
 */
function settledState(run: EventRun, dates: EventDates): EventState {
  const s = run.state;
  const resolve = (rt: RelativeTime, stepStartMs: number): string | null => {
    if (rt.anchor === 'stepStart') return isoOrNull(addOffsetInForce(stepStartMs, rt.offset, run.calendars));
    if (!dates) return null;
    return isoOrNull(addOffsetInForce(Date.parse(rt.anchor === 'eventStart' ? dates.startsAt : dates.endsAt), rt.offset, run.calendars));
  };
  const tasks = s.tasks.map((t) => {
    const spec = run.dueSpecs.get(t.id);
    return spec ? { ...t, dueAt: resolve(spec.due, spec.stepStartMs) } : t;
  });
  // A wait's clock and a notice's receipt clock count from the step's start (flow.ts, notify-step.ts).
  const steps = s.steps.map((x) => {
    const def = run.stepDefs.get(x.id);
    return x.status === 'active' && def?.type === 'wait' && x.startedAt ? { ...x, until: resolve(def.until, Date.parse(x.startedAt)) } : x;
  });
  const notices = s.notices.map((n) => {
    const due = receiptsDueSpec(run, n);
    return due ? { ...n, receiptsDueAt: resolve(due, Date.parse(run.stepState(n.stepId).startedAt!)) } : n;
  });
  return { ...s, status: dates ? 'active' : 'postponed', startsAt: dates?.startsAt ?? s.startsAt, endsAt: dates?.endsAt ?? s.endsAt, tasks, steps, notices };
}

/** The schedule as it will stand with the event on `dates`, set at `now`. */
function settledSchedule(run: EventRun, dates: EventDates, now: number): Omit<EventSchedule, 'moved'> & { state: EventState; setAt: number } {
  const state = settledState(run, dates);
  // Postponing keeps when the date was last set: only a new date makes earlier reminders moot.
  const setAt = dates ? now : run.scheduleSetAt;
  return { ...scheduleOf(run, state, setAt), state, setAt };
}

/** What a reminder is about, the same before and after a move. */
function reminderName(run: EventRun, state: EventState, r: { kind: Reminder['kind']; taskId?: string; stepId?: string; at: string }): LocalizedText {
  const task = r.taskId ? state.tasks.find((t) => t.id === r.taskId) : undefined;
  if (task) return task.name;
  if (r.stepId) return run.stepState(r.stepId).name;
  const days = Math.round((Date.parse(state.startsAt) - Date.parse(r.at)) / DAY_MS);
  return { 'zh-CN': `活动开始前${days}天`, en: `${days} day(s) before the event` };
}

interface Item {
  kind: ScheduleMove['kind'];
  name: LocalizedText;
  at: string | null;
  pendingUnits?: number;
}

function itemsOf(run: EventRun, x: Settled): Map<string, Item> {
  const items = new Map<string, Item>();
  for (const d of x.deadlines) {
    const notice = d.kind === 'receipts' ? x.state.notices.find((n) => `receipts:${n.noticeId}` === d.id) : undefined;
    items.set(d.id, { kind: d.kind, name: d.name, at: d.at, ...(notice ? { pendingUnits: pendingOf(notice).length } : {}) });
  }
  for (const r of x.reminders) items.set(r.id, { kind: r.kind, name: reminderName(run, x.state, r), at: r.at });
  return items;
}

type Settled = ReturnType<typeof settledSchedule>;

/**
 * Every deadline and reminder whose time differs between two schedules. A reminder not pending on
 * one side (already sent, or its time past when the date was set: reminders.ts) is listed with the
 * time it had or would have had there, so that only a postponement reads 待定.
 */
function movesBetween(run: EventRun, before: Settled, after: Settled, now: number): ScheduleMove[] {
  const was = itemsOf(run, before);
  const will = itemsOf(run, after);
  const plannedAt = (x: Settled) => new Map(plannedReminders(x.state, contextOf(run, x.setAt)).map((r) => [r.id, new Date(r.fireAt).toISOString()]));
  const plannedBefore = plannedAt(before);
  const plannedAfter = plannedAt(after);
  const moves: ScheduleMove[] = [];
  for (const id of new Set([...was.keys(), ...will.keys()])) {
    let from = was.get(id);
    let to = will.get(id);
    if (!to && from && plannedAfter.has(id)) to = { ...from, at: plannedAfter.get(id)! };
    if (!from && to && plannedBefore.has(id)) from = { ...to, at: plannedBefore.get(id)! };
    if ((from?.at ?? null) === (to?.at ?? null)) continue;
    const item = to ?? from!;
    const toAt = to?.at ?? null;
    moves.push({
      id,
      kind: item.kind,
      name: item.name,
      from: from?.at ?? null,
      to: toAt,
      past: toAt !== null && Date.parse(toAt) < now,
      ...(item.pendingUnits !== undefined ? { pendingUnits: item.pendingUnits } : {}),
    });
  }
  return moves.sort((a, b) => (a.to ?? a.from ?? '9').localeCompare(b.to ?? b.from ?? '9'));
}

const currentDates = ({ state }: EventRun): EventDates => (state.status === 'postponed' ? null : { startsAt: state.startsAt, endsAt: state.endsAt });

/** The schedule before a change of date or calendar, settled (a clock may not have followed the last change yet), to compare with after it. */
export function scheduleBeforeMove(run: EventRun): Settled {
  return settledSchedule(run, currentDates(run), run.scheduleSetAt);
}

/** What a change of date or calendar moved since `before`: every pending deadline and reminder, old time and new. */
export function movesSince(run: EventRun, before: Settled): ScheduleMove[] {
  return movesBetween(run, before, settledSchedule(run, currentDates(run), run.scheduleSetAt), Date.now());
}

/** After a change of date (改期, 延期, 恢复): what it moved, for the schedule, as set now. */
export function recordMoves(run: EventRun, before: Settled): void {
  run.lastMoves = movesBetween(run, before, settledSchedule(run, currentDates(run), Date.now()), Date.now());
}

/** The new dates of a 改期 or 恢复 as setDates (run-state.ts) reads them: the duration is kept unless an end is given. */
function proposedDates(state: EventState, startsAt: string, endsAt?: string): { startsAt: string; endsAt: string } {
  const start = Date.parse(startsAt);
  const end = endsAt ? Date.parse(endsAt) : start + Date.parse(state.endsAt) - Date.parse(state.startsAt);
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() };
}

/** What 改期 (or, while postponed, 恢复) to these dates would move; nothing changes. */
export function previewMove(run: EventRun, input: ReschedulePreviewInput): ReschedulePreview {
  const now = Math.max(Date.now(), Date.parse(input.asOf) || 0);
  const view = { ...viewOf(run), now };
  const refusal = run.state.status === 'postponed' ? resumeRefusal(view, input) : rescheduleRefusal(view, input);
  const dates = proposedDates(run.state, input.startsAt, input.endsAt);
  const moved = refusal ? [] : movesBetween(run, scheduleBeforeMove(run), settledSchedule(run, dates, now), now);
  const unitsOverdueAtOnce = moved
    .filter((m) => m.kind === 'receipts' && m.past && (m.from === null || Date.parse(m.from) >= now))
    .reduce((sum, m) => sum + (m.pendingUnits ?? 0), 0);
  return { ...dates, moved, unitsOverdueAtOnce, ...(refusal ? { refusal: { kind: refusal.kind, zh: refusal.zh, en: refusal.en } } : {}) };
}

/** The notices still collecting receipts, each with its deadline as the event's date now stands. */
export function openReceiptDeadlines(run: EventRun): { notice: EventState['notices'][number]; dueAt: string | null }[] {
  const settled = settledState(run, currentDates(run));
  return run.state.notices
    .map((notice, i) => ({ notice, dueAt: settled.notices[i].receiptsDueAt ?? null }))
    .filter(({ notice }) => receiptsDueSpec(run, notice) !== undefined);
}
