// Notifications as activities write them: the in-app inbox row and its outbox of deliveries.
export { insertInbox, type InboxRow } from './inbox';
// Turn notifications (轮到你了), derived from each read-model batch.
export { turnsOf } from './announce-turns';
// The shape of InboxRow.calendar; its home is the workflow, which decides UID and SEQUENCE.
export type { CalendarPayload } from '../../workflows/calendar-payload';
