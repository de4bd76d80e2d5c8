// The iCalendar invitation a notification carries (会议通知, 活动邀请), as the event workflow decides
// it: the workflow owns the UID and the SEQUENCE, activities store it, the outbox's email channel
// turns it into an .ics (src/notifications/ical-invitation.ts). No imports: workflow code uses it.

/**
 * An iCalendar invitation riding on a notification. One UID per event (`calendarUid`); every
 * invitation for it carries the event's schedule version as SEQUENCE, so a calendar replaces the
 * old entry when a reschedule sends REQUEST with a higher SEQUENCE, and removes it on CANCEL.
 */
export interface CalendarPayload {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  /** ISO 8601 instants. */
  start: string;
  end: string;
  summary: string;
  location?: string | null;
  description?: string | null;
}

/** The UID of an event in every calendar: invitations and the private feeds agree on it. */
export function calendarUid(eventId: string): string {
  return `event-${eventId}@fulian-flow`;
}
