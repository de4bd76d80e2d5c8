// What a fault must not leave behind, counted in the read model of finished X1 events: every event
// archived with exactly its tasks, decisions, receipts and notice; no row written twice under two
// keys; document numbers unique and without gaps; every notification once, every delivery sent.
import type { DataSource } from 'typeorm';
import { PER_EVENT } from './compact-event';

export interface ReadModelCounts {
  events: number;
  archived: number;
  tasks: number;
  openTasks: number;
  /** Events whose task rows are not exactly X1's seven. */
  eventsWithWrongTaskCount: number;
  decisions: number;
  /** sign-off tasks with more than one decision row or approval in the audit. */
  duplicateDecisions: number;
  auditEntries: number;
  /** The same action on the same task/step by the same actor with the same content, recorded twice. */
  duplicateAuditEntries: number;
  /** Gaps in an event's audit sequence (1..n). */
  auditGaps: number;
  notices: number;
  duplicateNotices: number;
  docNumbers: number;
  distinctDocNumbers: number;
  /** Numbers missing between the lowest and the highest of the year. */
  docNumberGaps: number;
  receipts: number;
  acknowledgedReceipts: number;
  notifications: number;
  /** The same message (recipient, event, step, kind, subject) in an inbox twice. */
  duplicateNotifications: number;
  deliveries: number;
  deliveriesSent: number;
  deliveriesDead: number;
  duplicateDeliveries: number;
}

const one = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> => {
  const [row] = await ds.query<{ n: number }[]>(sql, params);
  return row.n;
};

export async function readModelCounts(ds: DataSource, eventIds: string[]): Promise<ReadModelCounts> {
  const ids = [eventIds];
  const q = (sql: string) => one(ds, sql, ids);
  return {
    events: await q('SELECT count(*)::int AS n FROM events WHERE id = ANY($1)'),
    archived: await q(`SELECT count(*)::int AS n FROM events WHERE id = ANY($1) AND status = 'archived' AND archived_at IS NOT NULL`),
    tasks: await q('SELECT count(*)::int AS n FROM tasks WHERE event_id = ANY($1)'),
    openTasks: await q(`SELECT count(*)::int AS n FROM tasks WHERE event_id = ANY($1) AND status IN ('open', 'waiting')`),
    eventsWithWrongTaskCount: await one(
      ds,
      `SELECT count(*)::int AS n FROM (SELECT e.id FROM events e LEFT JOIN tasks t ON t.event_id = e.id
         WHERE e.id = ANY($1) GROUP BY e.id HAVING count(t.id) <> $2) x`,
      [eventIds, PER_EVENT.tasks],
    ),
    decisions: await q('SELECT count(*)::int AS n FROM sign_off_decisions WHERE event_id = ANY($1)'),
    duplicateDecisions: await q(
      `SELECT count(*)::int AS n FROM (
         SELECT task_id FROM audit_log WHERE event_id = ANY($1) AND action = 'sign-off.approved' GROUP BY task_id HAVING count(*) > 1
       ) x`,
    ),
    auditEntries: await q('SELECT count(*)::int AS n FROM audit_log WHERE event_id = ANY($1)'),
    duplicateAuditEntries: await q(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM audit_log WHERE event_id = ANY($1)
          GROUP BY event_id, action, task_id, step_id, actor_id, before::text, after::text, comment HAVING count(*) > 1
       ) x`,
    ),
    auditGaps: await q(
      `SELECT count(*)::int AS n FROM (
         SELECT event_id FROM audit_log WHERE event_id = ANY($1) GROUP BY event_id HAVING max(seq) - min(seq) + 1 <> count(*) OR min(seq) > 1
       ) x`,
    ),
    notices: await q('SELECT count(*)::int AS n FROM notices WHERE event_id = ANY($1)'),
    duplicateNotices: await q(
      `SELECT count(*)::int AS n FROM (SELECT event_id, step_id FROM notices WHERE event_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1) x`,
    ),
    docNumbers: await q('SELECT count(doc_number)::int AS n FROM notices WHERE event_id = ANY($1)'),
    distinctDocNumbers: await q('SELECT count(DISTINCT doc_number)::int AS n FROM notices WHERE event_id = ANY($1)'),
    // The whole database's numbers: a number taken and lost by a crashed attempt would be a gap.
    docNumberGaps: await one(
      ds,
      `SELECT coalesce(sum(max_seq - min_seq + 1 - n), 0)::int AS n FROM (
         SELECT substring(doc_number from '〔(\\d+)〕') AS year,
                min(substring(doc_number from '〕(\\d+)号')::int) AS min_seq,
                max(substring(doc_number from '〕(\\d+)号')::int) AS max_seq, count(*) AS n
           FROM notices WHERE doc_number IS NOT NULL GROUP BY 1) y`,
    ),
    receipts: await q('SELECT count(*)::int AS n FROM notice_receipts r JOIN notices n ON n.id = r.notice_id WHERE n.event_id = ANY($1)'),
    acknowledgedReceipts: await q(
      `SELECT count(*)::int AS n FROM notice_receipts r JOIN notices n ON n.id = r.notice_id WHERE n.event_id = ANY($1) AND r.status = 'acknowledged'`,
    ),
    notifications: await q('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1)'),
    duplicateNotifications: await q(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM notifications WHERE event_id = ANY($1) GROUP BY recipient_id, event_id, step_id, kind, subject::text HAVING count(*) > 1
       ) x`,
    ),
    deliveries: await q('SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.event_id = ANY($1)'),
    deliveriesSent: await q(
      `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.event_id = ANY($1) AND d.status = 'sent'`,
    ),
    deliveriesDead: await q(
      `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.event_id = ANY($1) AND d.status = 'dead'`,
    ),
    duplicateDeliveries: await q(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.event_id = ANY($1) GROUP BY d.notification_id, d.channel, d.target HAVING count(*) > 1
       ) x`,
    ),
  };
}

/** The counts a clean run of `n` X1 lifecycles must show, for `expect(...).toMatchObject`. */
export function cleanCounts(n: number): Partial<ReadModelCounts> {
  return {
    events: n,
    archived: n,
    tasks: n * PER_EVENT.tasks,
    openTasks: 0,
    eventsWithWrongTaskCount: 0,
    decisions: n * PER_EVENT.signOffs,
    duplicateDecisions: 0,
    duplicateAuditEntries: 0,
    auditGaps: 0,
    notices: n * PER_EVENT.notices,
    duplicateNotices: 0,
    docNumbers: n,
    distinctDocNumbers: n,
    docNumberGaps: 0,
    receipts: n * PER_EVENT.receipts,
    acknowledgedReceipts: n * PER_EVENT.receipts,
    duplicateNotifications: 0,
    deliveriesDead: 0,
    duplicateDeliveries: 0,
  };
}
