// Notifications as activities write them: the in-app inbox row and its outbox of deliveries.
export { calendarUid, type CalendarPayload } from './calendar-payload';
export { insertInbox, OUTBOX_CHANNEL, type InboxRow } from './inbox';
