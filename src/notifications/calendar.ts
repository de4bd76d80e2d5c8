// iCalendar: the invitation an email carries (METHOD:REQUEST or CANCEL, one UID per event, SEQUENCE
// = the event's schedule version) and each user's private feed of the events they are involved in.
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { CalendarPayload } from '../../activities/notifications';

const PROD_ID = { company: "Chongqing Women's Federation", product: 'fulian-flow', language: 'ZH' };

export interface Organizer {
  name: string;
  email: string;
}

/** The .ics of one invitation (or its cancellation) addressed to one attendee. */
export function invitationIcs(cal: CalendarPayload, organizer: Organizer, attendee: { email: string; name: string }): string {
  const calendar = ical({
    prodId: PROD_ID,
    method: cal.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: cal.uid,
    sequence: cal.sequence,
    start: new Date(cal.start),
    end: new Date(cal.end),
    summary: cal.summary,
    location: cal.location ?? null,
    description: cal.description ?? null,
    organizer,
    attendees: [{ email: attendee.email, name: attendee.name, rsvp: false }],
    status: cal.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}

export interface FeedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location: string | null;
  description: string | null;
  status: 'active' | 'postponed' | 'cancelled' | 'archived';
  updatedAt: Date;
}

/** A subscribed calendar (no METHOD): the events as they stand now; cancelled ones say so. */
export function feedIcs(name: string, events: FeedEvent[], organizer: Organizer): string {
  const calendar: ICalCalendar = ical({ prodId: PROD_ID, name, timezone: null, ttl: 15 * 60 });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: e.updatedAt,
      start: e.start,
      end: e.end,
      summary: e.status === 'cancelled' ? `【已取消】${e.summary}` : e.status === 'postponed' ? `【延期待定】${e.summary}` : e.summary,
      location: e.location,
      description: e.description,
      organizer,
      status:
        e.status === 'cancelled' ? ICalEventStatus.CANCELLED : e.status === 'postponed' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
