// What everyone concerned hears of the event as a whole: a change of date or a cancellation, with
// the calendar entry it updates or removes.
import { calendarUid, type CalendarPayload } from '../calendar-payload';
import type { Person } from '../event-model';
import { formatDateTime } from '../text';
import { acts } from './activity-stubs';
import type { EventRun } from './run-state';

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
  await acts.notifyPeople({
    eventId: state.eventId,
    key: `${what}-${run.scheduleVersion}`,
    recipientIds: [...people.keys()],
    subject: subjects[what],
    message: reason ? { 'zh-CN': `原因：${reason}`, en: `Reason: ${reason}` } : subjects[what],
    // A new date updates the calendar entry; postponement and cancellation remove it.
    calendar: invitation(run, what === 'rescheduled' || what === 'resumed' ? 'REQUEST' : 'CANCEL'),
  });
}
