// Writing in-app notifications, and in the same transaction their outbox: one delivery per channel
// the recipient (email, unless they switched it off for the kind on 通知设置) and the recipient's
// unit (group robots, webhooks; never for a personal kind such as a turn) have enabled. A retried
// activity finds its notifications by idempotency key and enqueues nothing twice; the dispatcher in
// the workers (src/notifications/outbox-dispatcher.service.ts) sends the deliveries.
import type { EntityManager } from 'typeorm';
import { isPersonalKind } from '../../src/notifications/kinds';
import { wakeOutboxDispatchers } from '../../src/notifications/outbox';
import type { CalendarPayload } from '../../workflows/calendar-payload';
import type { LocalizedText } from '../../workflows/template-types';

export interface InboxRow {
  /** Unique per notification: event, step, kind, recipient, sequence. */
  key: string;
  recipientId: string;
  eventId: string | null;
  stepId: string | null;
  /** The task the notification is about: its link opens that task's page. */
  taskId?: string | null;
  /** The campaign a 催办/督办 is about, when it belongs to a campaign rather than an event. */
  campaignId?: string | null;
  /** The web app's page to open, when it is neither the task's nor the event's (a campaign unit's page). */
  link?: string | null;
  kind: string;
  subject: LocalizedText;
  body: LocalizedText;
  /** Makes the notification a calendar invitation (REQUEST or CANCEL) on channels that carry one. */
  calendar?: CalendarPayload;
  /**
   * The same message to several people (a notice, a cancellation): a unit's robot hears it once.
   * Defaults to the key without its trailing `:<recipientId>`.
   */
  groupKey?: string;
}

/** Inserts the notifications that do not exist yet and their deliveries; returns how many were new. */
export async function insertInbox(m: EntityManager, rows: InboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const input = rows.map((r, ord) => ({
    ord,
    key: r.key,
    recipient_id: r.recipientId,
    event_id: r.eventId,
    step_id: r.stepId,
    task_id: r.taskId ?? null,
    campaign_id: r.campaignId ?? null,
    link: r.link ?? null,
    kind: r.kind,
    personal: isPersonalKind(r.kind),
    subject: r.subject,
    body: r.body,
    calendar: r.calendar ?? null,
    group_key: r.groupKey ?? groupKeyOf(r.key, r.recipientId),
  }));
  // One statement: the notifications, then a delivery per enabled preference of each new one's
  // recipient and unit. ON CONFLICT DO NOTHING on both, so a second attempt writes nothing.
  // A person's channel obeys their setting for the kind; a unit's robot hears no personal kind.
  const [counts] = await m.query<{ notifications: number; deliveries: number }[]>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
         ord int, key text, recipient_id uuid, event_id uuid, step_id text, task_id uuid, campaign_id uuid, link text, kind text,
         personal boolean, subject jsonb, body jsonb, calendar jsonb, group_key text)
     ), inserted AS (
       INSERT INTO notifications (idempotency_key, recipient_id, event_id, step_id, task_id, campaign_id, link, kind, subject, body, calendar)
       SELECT key, recipient_id, event_id, step_id, task_id, campaign_id, link, kind, subject, body, calendar FROM input ORDER BY ord
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, idempotency_key, recipient_id
     ), enqueued AS (
       INSERT INTO notification_deliveries (notification_id, channel, target, preference_id, dedupe_key)
       SELECT n.id, p.channel, p.target, p.id, CASE WHEN p.unit_code IS NOT NULL THEN input.group_key END
         FROM inserted n
         JOIN input ON input.key = n.idempotency_key
         JOIN users u ON u.id = n.recipient_id
         JOIN channel_preferences p ON p.enabled AND (p.user_id = u.id OR (p.unit_code = u.unit_code AND NOT input.personal))
        WHERE p.user_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM notification_settings s WHERE s.user_id = u.id AND s.kind = input.kind AND NOT s.email)
        ORDER BY input.ord, p.channel, p.target
       ON CONFLICT DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM inserted)::int AS notifications, (SELECT count(*) FROM enqueued)::int AS deliveries`,
    [JSON.stringify(input)],
  );
  // Heard by the listening dispatchers when this transaction commits, not before.
  if (counts.deliveries > 0) await wakeOutboxDispatchers(m);
  return counts.notifications;
}

function groupKeyOf(key: string, recipientId: string): string {
  const suffix = `:${recipientId}`;
  return key.endsWith(suffix) ? key.slice(0, -suffix.length) : key;
}
