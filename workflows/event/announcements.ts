// What everyone concerned hears of the event as a whole: a change of date or a cancellation, with
// the calendar entry it updates or removes; units still to acknowledge a notice hear their deadline.
import { patched } from '@temporalio/workflow';
import { calendarUid, type CalendarPayload } from '../calendar-payload';
import type { NoticeState, Person } from '../event-model';
import type { LocalizedText } from '../template-types';
import { formatDateTime } from '../text';
import { acts } from './activity-stubs';
import type { EventRun } from './run-state';
import { openReceiptDeadlines } from './schedule';

/** The event day as a calendar invitation: one UID per event, SEQUENCE = how often its date was set. */
export function invitation(run: EventRun, method: CalendarPayload['method']): CalendarPayload {
  const { state } = run;
  return {
    uid: calendarUid(state.eventId),
    sequence: run.scheduleVersion,
    method,
    start: state.startsAt,
    end: state.endsAt,
    summary: state.title,
    location: state.venue ?? null,
    description: run.template.name['zh-CN'],
  };
}

export type Announcement = 'rescheduled' | 'postponed' | 'resumed' | 'cancelled';

/** Everyone concerned hears of a change of date or a cancellation. */
export async function tellEveryone(run: EventRun, what: Announcement, reason?: string): Promise<void> {
  const { state } = run;
  // Everyone who has had a part: the organiser, participants, whoever was given or did a task.
  const people = new Map<string, Person>();
  const involved = state.tasks.flatMap((t) => [...t.assignees, ...(t.actedBy ? [t.actedBy] : [])]);
  for (const p of [state.organiser, ...state.participants, ...involved]) people.set(p.id, p);
  for (const n of state.notices) for (const r of n.receipts ?? []) for (const p of r.liaisons) people.set(p.id, p);
  const when = { 'zh-CN': formatDateTime(state.startsAt, 'zh-CN'), en: formatDateTime(state.startsAt, 'en') };
  const subjects = {
    rescheduled: { 'zh-CN': `【改期】${state.title}改至${when['zh-CN']}`, en: `Rescheduled: ${state.title} now on ${when.en}` },
    resumed: { 'zh-CN': `【恢复】${state.title}定于${when['zh-CN']}举行`, en: `Back on: ${state.title} on ${when.en}` },
    postponed: { 'zh-CN': `【延期】${state.title}延期举行，时间另行通知`, en: `Postponed: ${state.title}, new date to follow` },
    cancelled: { 'zh-CN': `【取消】${state.title}已取消`, en: `Cancelled: ${state.title}` },
  };
  // A new date updates the calendar entry; postponement and cancellation remove it.
  const calendar = invitation(run, what === 'rescheduled' || what === 'resumed' ? 'REQUEST' : 'CANCEL');
  // Units still to acknowledge a notice are told their receipt deadline as the date now stands, in
  // place of the message to all. Runs started before this send everyone the one message.
  const receipts = what === 'cancelled' ? [] : openReceiptDeadlines(run);
  const deadlinesTold = receipts.length > 0 && patched('receipt-deadline-told');
  const awaited = deadlinesTold ? awaitedUnits(receipts) : [];
  for (const r of awaited) for (const p of r.liaisons) people.delete(p.id);
  await acts.notifyPeople({
    eventId: state.eventId,
    key: `${what}-${run.scheduleVersion}`,
    recipientIds: [...people.keys()],
    subject: subjects[what],
    message: reason ? { 'zh-CN': `原因：${reason}`, en: `Reason: ${reason}` } : subjects[what],
    calendar,
  });
  const why = reason ? { 'zh-CN': `原因：${reason}。`, en: `Reason: ${reason}. ` } : undefined;
  await tellReceiptDeadlines(run, awaited, { key: `${what}-${run.scheduleVersion}`, subject: subjects[what], why, calendar });
}

type AwaitedUnits = { notice: NoticeState; dueAt: string | null; liaisons: Person[] };

/** Each notice's receipt deadline with the liaisons of the units still to acknowledge it. */
export const awaitedUnits = (deadlines: { notice: NoticeState; dueAt: string | null }[]): AwaitedUnits[] =>
  deadlines.map((r) => ({ ...r, liaisons: r.notice.receipts!.filter((x) => x.status === 'pending').flatMap((x) => x.liaisons) }));

/**
 * The units still to acknowledge each notice hear its receipt deadline as it now stands, once per
 * change (`key`): after a change of date (tellEveryone), or of the working-day calendar.
 */
export async function tellReceiptDeadlines(
  run: EventRun,
  awaited: AwaitedUnits[],
  told: { key: string; subject: LocalizedText; why?: LocalizedText; calendar?: CalendarPayload },
): Promise<void> {
  for (const r of awaited) {
    await acts.notifyPeople({
      eventId: run.state.eventId,
      key: `${told.key}:receipts:${r.notice.noticeId}`,
      recipientIds: [...new Set(r.liaisons.map((p) => p.id))],
      subject: told.subject,
      message: receiptDeadlineMessage(r.notice.subject, r.dueAt, told.why),
      ...(told.calendar ? { calendar: told.calendar } : {}),
    });
  }
}

/** To a unit that has not acknowledged: its receipt deadline now, or that it waits on the new date. */
function receiptDeadlineMessage(subject: string, dueAt: string | null, why: LocalizedText = { 'zh-CN': '', en: '' }): LocalizedText {
  if (!dueAt) {
    return {
      'zh-CN': `${why['zh-CN']}贵单位尚未签收《${subject}》，签收截止时间待活动新日期确定后另行通知。`,
      en: `${why.en}Your unit has not yet acknowledged "${subject}"; its new deadline follows once the event has a new date.`,
    };
  }
  const overdue = Date.parse(dueAt) <= Date.now();
  return {
    'zh-CN': `${why['zh-CN']}贵单位尚未签收《${subject}》，签收截止时间：${formatDateTime(dueAt, 'zh-CN')}${overdue ? '（已到期，请尽快签收）' : ''}。`,
    en: `${why.en}Your unit has not yet acknowledged "${subject}"; it is due by ${formatDateTime(dueAt, 'en')}${overdue ? ' (already due: please acknowledge now)' : ''}.`,
  };
}
