// The iCalendar invitation an email carries (METHOD:REQUEST or CANCEL, one UID per event, SEQUENCE =
// the event's schedule version). The private feed a calendar app subscribes to is ical-feed.service.ts.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { CalendarPayload } from '../../workflows/calendar-payload';

/** The PRODID of every .ics we write: invitations and feeds. */
export const ICAL_PROD_ID = { company: "Chongqing Women's Federation", product: 'fulian-flow', language: 'ZH' };

export interface Organizer {
  name: string;
  email: string;
}

/** The .ics of one invitation (or its cancellation) addressed to one attendee. */
export function invitationIcs(cal: CalendarPayload, organizer: Organizer, attendee: { email: string; name: string }): string {
  const calendar = ical({
    prodId: ICAL_PROD_ID,
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
