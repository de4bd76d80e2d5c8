// The one owner of the read model's SQL (events, steps, tasks, sign-off decisions, notices,
// receipts, audit): the workflow's activity writes through it, the services read through it.
// The workflow is the source of truth; every write here is an idempotent mirror of its state.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import type { TaskRowPeople } from '../access/event-view';
import { containsPattern } from '../common/search';
import { toEventState } from './mapping';
import type { AuditRow, EventPeopleRow, EventRow, NoticeRow, ReadModelBatch, ReceiptRow, StepRow, TaskRow } from './rows';

/** An event as POST /api/events records it before its workflow starts. */
export interface NewEvent {
  id: string;
  workflowId: string;
  templateCode: string;
  templateVersion: number;
  title: string;
  leadUnit: string;
  organiserId: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  participantIds: string[];
  /** A district's own activity in a campaign: the campaign and the unit that leads it. */
  campaign?: { id: string; unitCode: string };
}

export interface EventFilter {
  /** Words in the title. */
  q?: string;
  status?: string;
  template?: string;
  unit?: string;
  /** ISO instants: starts at or after `from`, before `to`. */
  from?: string;
  to?: string;
}

/** A task with what the access policy needs of its event. */
export interface TaskAccessRow {
  id: string;
  event_id: string;
  kind: string;
  status: string;
  assignee_ids: string[];
  submitter_id: string | null;
  acted_by: { id: string } | null;
  lead_unit: string;
  organiser_id: string;
  template_code: string;
  template_version: number;
}

/** A row of someone's 待办 (GET /api/tasks), as the API answers it. */
export interface InboxTask {
  id: string;
  eventId: string;
  eventTitle: string;
  templateCode: string;
  eventStartsAt: Date | string;
  stepId: string;
  kind: string;
  round: number;
  name: LocalizedText;
  /** The step's name (方案审批) where the task's own is its level's (部门负责人会签). */
  stepName: LocalizedText | null;
  status: string;
  assignees: { id: string; displayName: string }[];
  dueAt: Date | string | null;
  createdAt: Date | string;
  closedAt: Date | string | null;
  actedBy: { id: string; displayName: string } | null;
  comment: string | null;
  values: Record<string, unknown> | null;
  level: number | null;
  levelName: LocalizedText | null;
  mode: string | null;
  submitterId: string | null;
  delegations: unknown[];
  /** 加签: the approver who added this signer, and whether before or after themselves. */
  addedBy: { id: string; displayName: string } | null;
  addedHow: 'before' | 'after' | null;
}

/** An audit entry as GET /api/events/:id/audit answers it. */
export interface AuditEntryRow {
  id: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  stepId: string | null;
  taskId: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
}

/** One unit's receipt of a notice addressed to one of the caller's units (通知签收). */
export interface UnitNoticeRow {
  noticeId: string;
  eventId: string;
  eventTitle: string;
  eventStatus: string;
  eventStartsAt: string;
  venue: string | null;
  templateCode: string;
  stepId: string;
  docNumber: string | null;
  subject: unknown;
  body: unknown;
  issuedAt: string;
  receiptsDueAt: string | null;
  unitCode: string;
  unitName: { 'zh-CN': string; en: string };
  status: 'pending' | 'acknowledged';
  acknowledgedAt: string | null;
  late: boolean;
  values: Record<string, unknown> | null;
  template: EventTemplate | null;
}

/** Issuer code of the municipal federation's documents: 渝妇发〔2020〕9号. */
export const DOCUMENT_ISSUER = '渝妇发';
const CST_MS = 8 * 3600_000;

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export function toInboxTask(t: TaskRow, e: Pick<EventRow, 'title' | 'template_code' | 'starts_at'> & { step_name?: LocalizedText | null }): InboxTask {
  return {
    id: t.id,
    eventId: t.event_id,
    eventTitle: e.title,
    templateCode: e.template_code,
    eventStartsAt: e.starts_at,
    stepId: t.step_id,
    kind: t.kind,
    round: t.round,
    name: t.name,
    stepName: e.step_name ?? null,
    status: t.status,
    assignees: t.assignees,
    dueAt: t.due_at,
    createdAt: t.created_at,
    closedAt: t.closed_at,
    actedBy: t.acted_by,
    comment: t.comment,
    values: t.form_values,
    level: t.level,
    levelName: t.level_name,
    mode: t.mode,
    submitterId: t.submitter_id,
    delegations: t.delegations ?? [],
    addedBy: t.added?.by ?? null,
    addedHow: t.added?.how ?? null,
  };
}

const TASK_WITH_EVENT = `
  SELECT t.*, e.title, e.template_code, e.starts_at, s.name AS step_name
    FROM tasks t JOIN events e ON e.id = t.event_id
    LEFT JOIN event_steps s ON s.event_id = t.event_id AND s.step_id = t.step_id`;

/** A task row with the event columns an inbox row shows, and its step's name. */
type TaskWithEvent = TaskRow & Pick<EventRow, 'title' | 'template_code' | 'starts_at'> & { step_name: LocalizedText | null };

@Injectable()
export class ReadModelRepository {
  constructor(private readonly db: DataSource) {}

  // ---- events ------------------------------------------------------------------------------

  /** Within the transaction that claims the template version (and the idempotency key). */
  async insertEvent(m: EntityManager, e: NewEvent): Promise<void> {
    await m.query(
      `INSERT INTO events (id, workflow_id, template_code, template_version, title, lead_unit, organiser_id,
                           starts_at, ends_at, venue, participant_ids, status, campaign_id, unit_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12, $13)`,
      [e.id, e.workflowId, e.templateCode, e.templateVersion, e.title, e.leadUnit, e.organiserId, e.startsAt, e.endsAt, e.venue, e.participantIds,
       e.campaign?.id ?? null, e.campaign?.unitCode ?? null],
    );
  }

  /** An event whose workflow never started: nothing half-written is left behind. */
  async deleteEvent(id: string): Promise<void> {
    await this.db.query('DELETE FROM events WHERE id = $1', [id]);
  }

  async event(id: string): Promise<EventRow | undefined> {
    const [row] = await this.db.query<EventRow[]>('SELECT * FROM events WHERE id = $1', [id]);
    return row;
  }

  async events(f: EventFilter, page: number, pageSize: number): Promise<{ items: EventRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.q) add(`title ILIKE ? ESCAPE '\\'`, containsPattern(f.q));
    if (f.status) add('status = ?', f.status);
    if (f.template) add('template_code = ?', f.template);
    if (f.unit) add('lead_unit = ?', f.unit);
    if (f.from) add('starts_at >= ?', f.from);
    if (f.to) add('starts_at < ?', f.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM events ${clause}`, params);
    const items = await this.db.query<EventRow[]>(
      `SELECT * FROM events ${clause} ORDER BY starts_at, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return { items, total };
  }

  /** Events whose workflow still runs and that changed lately, the latest first (where a task the read model lacks is likeliest). */
  async runningEvents(limit: number, changedWithinMs: number): Promise<EventRow[]> {
    return this.db.query<EventRow[]>(
      `SELECT * FROM events
        WHERE status IN ('active', 'postponed') AND updated_at > now() - make_interval(secs => $2::double precision / 1000)
        ORDER BY updated_at DESC, id LIMIT $1`,
      [limit, changedWithinMs],
    );
  }

  /** The template version an event runs. */
  async templateOf(eventId: string): Promise<EventTemplate | undefined> {
    const [version] = await this.db.query<{ content: EventTemplate }[]>(
      `SELECT tv.content FROM template_versions tv
         JOIN events e ON e.template_code = tv.code AND e.template_version = tv.version
        WHERE e.id = $1`,
      [eventId],
    );
    return version?.content;
  }

  /**
   * The event's state as the workflow last wrote it, in the workflow's own shape (what its Query
   * answers); undefined when there is no such event.
   */
  async eventState(id: string): Promise<EventState | undefined> {
    const [event] = await this.db.query<(EventRow & EventPeopleRow)[]>(
      `SELECT e.*,
              json_build_object('id', o.id, 'displayName', o.display_name) AS organiser,
              coalesce((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY p.ord)
                          FROM unnest(e.participant_ids) WITH ORDINALITY AS p(id, ord) JOIN users u ON u.id = p.id), '[]') AS participants
         FROM events e JOIN users o ON o.id = e.organiser_id
        WHERE e.id = $1`,
      [id],
    );
    if (!event) return undefined;
    const [steps, tasks, notices, receipts] = await Promise.all([
      this.db.query<StepRow[]>('SELECT * FROM event_steps WHERE event_id = $1 ORDER BY position, step_id', [id]),
      this.db.query<TaskRow[]>(
        `SELECT t.*, coalesce(t.submitter, (SELECT json_build_object('id', u.id, 'displayName', u.display_name)::jsonb
                                               FROM users u WHERE u.id = t.submitter_id)) AS submitter
           FROM tasks t WHERE t.event_id = $1 ORDER BY t.created_at, t.seq`,
        [id],
      ),
      this.db.query<NoticeRow[]>('SELECT * FROM notices WHERE event_id = $1 ORDER BY issued_at, id', [id]),
      this.db.query<ReceiptRow[]>(
        `SELECT r.*, coalesce(r.unit_name, u.name_zh) AS unit_name,
                coalesce(r.acknowledger, (SELECT json_build_object('id', a.id, 'displayName', a.display_name)::jsonb
                                            FROM users a WHERE a.id = r.acknowledged_by)) AS acknowledger
           FROM notice_receipts r JOIN notices n ON n.id = r.notice_id JOIN units u ON u.code = r.unit_code
          WHERE n.event_id = $1 ORDER BY r.seq`,
        [id],
      ),
    ]);
    return toEventState(event, steps, tasks, notices, receipts);
  }

  // ---- tasks -------------------------------------------------------------------------------

  /** Who took part in each task of the event (the access policy's StepPeople). */
  async taskPeople(eventId: string): Promise<TaskRowPeople[]> {
    return this.db.query<TaskRowPeople[]>(
      'SELECT step_id, kind, assignee_ids, acted_by, submitter_id, delegations FROM tasks WHERE event_id = $1',
      [eventId],
    );
  }

  async taskAccess(id: string): Promise<TaskAccessRow | undefined> {
    const [row] = await this.db.query<TaskAccessRow[]>(
      `SELECT t.id, t.event_id, t.kind, t.status, t.assignee_ids, t.submitter_id, t.acted_by, e.lead_unit, e.organiser_id,
              e.template_code, e.template_version
         FROM tasks t JOIN events e ON e.id = t.event_id WHERE t.id = $1`,
      [id],
    );
    return row;
  }

  async inboxTask(id: string): Promise<InboxTask | undefined> {
    const [row] = await this.db.query<TaskWithEvent[]>(`${TASK_WITH_EVENT} WHERE t.id = $1`, [id]);
    return row && toInboxTask(row, row);
  }

  /** Someone's 待办: open ones soonest deadline first, done ones latest first. */
  async inbox(
    userId: string,
    q: {
      status?: 'all' | 'open' | 'overdue' | 'done';
      kind?: string;
      eventId?: string;
      /** Words in the event's title or the task's name; the event's template; its start within [from, to). */
      q?: string;
      template?: string;
      from?: string;
      to?: string;
      page: number;
      pageSize: number;
    },
  ): Promise<{ items: InboxTask[]; total: number }> {
    const params: unknown[] = [userId];
    // `@>` (not `= ANY`) lets PostgreSQL use the GIN index on assignee_ids.
    const where = ['t.assignee_ids @> ARRAY[$1]::uuid[]'];
    if (q.status === 'open' || q.status === 'overdue') where.push(`t.status = 'open'`);
    if (q.status === 'overdue') where.push('t.due_at < now()');
    if (q.status === 'done') where.push(`t.status <> 'open'`);
    if (q.kind) {
      params.push(q.kind);
      where.push(`t.kind = $${params.length}`);
    }
    if (q.eventId) {
      params.push(q.eventId);
      where.push(`t.event_id = $${params.length}`);
    }
    const ofEvent = (condition: string) => `EXISTS (SELECT 1 FROM events e WHERE e.id = t.event_id AND ${condition})`;
    if (q.q) {
      params.push(containsPattern(q.q));
      where.push(`(t.name->>'zh-CN' ILIKE $${params.length} OR t.name->>'en' ILIKE $${params.length} OR ${ofEvent(`e.title ILIKE $${params.length}`)})`);
    }
    if (q.template) {
      params.push(q.template);
      where.push(ofEvent(`e.template_code = $${params.length}`));
    }
    if (q.from) {
      params.push(q.from);
      where.push(ofEvent(`e.starts_at >= $${params.length}`));
    }
    if (q.to) {
      params.push(q.to);
      where.push(ofEvent(`e.starts_at < $${params.length}`));
    }
    const clause = where.join(' AND ');
    // What is done is looked back on, latest first; what is open is worked through, soonest deadline first.
    const order = q.status === 'done' ? 't.closed_at DESC NULLS LAST, t.id' : 't.due_at NULLS LAST, t.created_at, t.id';
    const [{ total }] = await this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM tasks t WHERE ${clause}`, params);
    const rows = await this.db.query<TaskWithEvent[]>(
      `${TASK_WITH_EVENT} WHERE ${clause} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    return { items: rows.map((r) => toInboxTask(r, r)), total };
  }

  /** The latest completed submission of a step (what a sign-off signs). */
  async latestSubmission(
    eventId: string,
    stepId: string,
  ): Promise<{ values: Record<string, unknown> | null; actedBy: { id: string; displayName: string } | null; closedAt: Date | null } | undefined> {
    const [row] = await this.db.query<TaskRow[]>(
      `SELECT * FROM tasks
        WHERE event_id = $1 AND step_id = $2 AND kind IN ('task', 'report') AND status = 'completed'
        ORDER BY round DESC, closed_at DESC LIMIT 1`,
      [eventId, stepId],
    );
    return row && { values: row.form_values, actedBy: row.acted_by, closedAt: row.closed_at };
  }

  // ---- audit -------------------------------------------------------------------------------

  async audit(eventId: string): Promise<AuditEntryRow[]> {
    const rows = await this.db.query<AuditRow[]>('SELECT * FROM audit_log WHERE event_id = $1 ORDER BY seq', [eventId]);
    return rows.map(toAuditEntry);
  }

  /** The event's entries of one action only (a task page wants its 撤回s, not the whole trail). */
  async auditOf(eventId: string, action: string): Promise<AuditEntryRow[]> {
    const rows = await this.db.query<AuditRow[]>('SELECT * FROM audit_log WHERE event_id = $1 AND action = $2 ORDER BY seq', [eventId, action]);
    return rows.map(toAuditEntry);
  }

  // ---- notices -----------------------------------------------------------------------------

  /**
   * The receipts addressed to these units; a later round of a notice replaces the earlier one.
   * `pending`: those still to sign, so not of a cancelled or archived event.
   */
  async unitNotices(units: string[], status?: 'pending' | 'acknowledged'): Promise<UnitNoticeRow[]> {
    return this.db.query<UnitNoticeRow[]>(
      `SELECT n.id AS "noticeId", e.id AS "eventId", e.title AS "eventTitle", e.status AS "eventStatus",
              e.starts_at AS "eventStartsAt", e.venue, e.template_code AS "templateCode", n.step_id AS "stepId",
              n.doc_number AS "docNumber", n.subject, n.body, n.issued_at AS "issuedAt", n.receipts_due_at AS "receiptsDueAt",
              r.unit_code AS "unitCode", json_build_object('zh-CN', u.name_zh, 'en', u.name_en) AS "unitName",
              r.status, r.acknowledged_at AS "acknowledgedAt", r.late, r.form_values AS values, tv.content AS template
         FROM notice_receipts r
         JOIN notices n ON n.id = r.notice_id
         JOIN events e ON e.id = n.event_id
         JOIN units u ON u.code = r.unit_code
         LEFT JOIN template_versions tv ON tv.code = e.template_code AND tv.version = e.template_version
        WHERE r.unit_code = ANY($1) AND ($2::text IS NULL OR r.status = $2)
          -- A cancelled or archived event's receipt can no longer be signed: it is not waiting for anyone.
          AND ($2::text IS DISTINCT FROM 'pending' OR e.status NOT IN ('cancelled', 'archived'))
          AND n.round = (SELECT max(round) FROM notices n2 WHERE n2.event_id = n.event_id AND n2.step_id = n.step_id)
        ORDER BY r.status = 'acknowledged', n.receipts_due_at NULLS LAST, n.issued_at DESC
        LIMIT 200`,
      [units, status ?? null],
    );
  }

  /**
   * Records a notice once, numbering an official one (渝妇发〔year〕seq号) in the same transaction;
   * a retried attempt gets the notice the first attempt recorded, with the same number.
   */
  async issueNotice(
    m: EntityManager,
    n: { id: string; eventId: string; stepId: string; round: number; official: boolean; subject: LocalizedText; body: LocalizedText; recipientCount: number; receiptsDueAt?: string },
  ): Promise<{ docNumber?: string; issuedAt: Date; recipientCount: number }> {
    const [existing] = await m.query<{ doc_number: string | null; issued_at: Date; recipient_count: number }[]>(
      'SELECT doc_number, issued_at, recipient_count FROM notices WHERE id = $1',
      [n.id],
    );
    if (existing) return { docNumber: existing.doc_number ?? undefined, issuedAt: existing.issued_at, recipientCount: existing.recipient_count };
    let docNumber: string | undefined;
    if (n.official) {
      const year = new Date(Date.now() + CST_MS).getUTCFullYear();
      // One row per year, incremented in this transaction: concurrent notices queue on the row
      // lock, and a rolled-back notice gives its number back, so numbers have no gaps.
      const [{ last_seq }] = await m.query<{ last_seq: number }[]>(
        `INSERT INTO document_numbers (year, last_seq) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = document_numbers.last_seq + 1
         RETURNING last_seq`,
        [year],
      );
      docNumber = `${DOCUMENT_ISSUER}〔${year}〕${last_seq}号`;
    }
    const [row] = await m.query<{ issued_at: Date }[]>(
      `INSERT INTO notices (id, event_id, step_id, round, doc_number, subject, body, recipient_count, receipts_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING issued_at`,
      [n.id, n.eventId, n.stepId, n.round, docNumber ?? null, n.subject, n.body, n.recipientCount, n.receiptsDueAt ?? null],
    );
    return { docNumber, issuedAt: row.issued_at, recipientCount: n.recipientCount };
  }

  // ---- the workflow's mirror ----------------------------------------------------------------

  /**
   * One batch of the workflow's changes, in one transaction; a retried batch writes the same rows.
   * `andThen` runs in that transaction once the rows are in (the turn notifications the batch brings);
   * `before`, in it before they are written (what the batch's tasks were, to tell which turns begin now).
   */
  async sync(batch: ReadModelBatch, andThen?: (m: EntityManager) => Promise<unknown>, before?: (m: EntityManager) => Promise<unknown>): Promise<void> {
    const e = batch.event;
    await this.db.transaction(async (m) => {
      await before?.(m);
      await m.query(
        `UPDATE events SET status = $2, starts_at = $3, ends_at = $4, postponed_at = $5, cancel_reason = $6,
                archived_at = $7, current_step_ids = $8, updated_at = now()
          WHERE id = $1`,
        [e.eventId, e.status, e.startsAt, e.endsAt, e.postponedAt, e.cancelReason, e.archivedAt, e.currentStepIds],
      );
      for (const s of batch.steps) {
        await m.query(
          `INSERT INTO event_steps (event_id, step_id, parent_step_id, type, name, status, round, started_at, finished_at, until, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (event_id, step_id) DO UPDATE SET status = EXCLUDED.status, round = EXCLUDED.round,
             started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, until = EXCLUDED.until`,
          [e.eventId, s.id, s.parentId ?? null, s.type, s.name, s.status, s.round, s.startedAt ?? null, s.finishedAt ?? null, s.until ?? null, s.position],
        );
      }
      // Tasks are inserted in the order the workflow opened them (their seq keeps that order).
      for (const t of batch.tasks) {
        await m.query(
          `INSERT INTO tasks (id, event_id, step_id, kind, round, name, status, assignee_ids, assignees, due_at, created_at,
                              closed_at, acted_by, comment, form_values, level, level_name, mode, submitter_id, delegations,
                              submitter, subject_task_id, post, pool, added)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
           ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, assignee_ids = EXCLUDED.assignee_ids,
             assignees = EXCLUDED.assignees, due_at = EXCLUDED.due_at, created_at = EXCLUDED.created_at,
             closed_at = EXCLUDED.closed_at, acted_by = EXCLUDED.acted_by, comment = EXCLUDED.comment,
             form_values = EXCLUDED.form_values, delegations = EXCLUDED.delegations, submitter = EXCLUDED.submitter,
             subject_task_id = EXCLUDED.subject_task_id, post = EXCLUDED.post, pool = EXCLUDED.pool, added = EXCLUDED.added`,
          [
            t.id, e.eventId, t.stepId, t.kind, t.round, t.name, t.status, t.assignees.map((p) => p.id), JSON.stringify(t.assignees),
            t.dueAt ?? null, t.createdAt, t.closedAt ?? null, json(t.actedBy), t.comment ?? null,
            json(t.values), t.level ?? null, t.levelName ?? null, t.mode ?? null,
            t.submitter?.id ?? null, JSON.stringify(t.delegations ?? []),
            json(t.submitter), t.subjectTaskId ?? null, json(t.post), json(t.pool),
            t.addedFor ? JSON.stringify({ by: t.addedBy, how: t.addedHow, for: t.addedFor }) : null,
          ],
        );
        if (t.kind === 'sign-off' && (t.status === 'approved' || t.status === 'rejected') && t.actedBy) {
          await m.query(
            `INSERT INTO sign_off_decisions (task_id, event_id, step_id, round, level, decision, actor_id, comment, decided_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (task_id) DO NOTHING`,
            [t.id, e.eventId, t.stepId, t.round, t.level ?? 0, t.status, t.actedBy.id, t.comment ?? null, t.closedAt],
          );
        }
      }
      for (const n of batch.notices) {
        // Not yet set in the run (undefined) leaves the due date delivery stored; null clears it (postponed).
        if (n.receiptsDueAt !== undefined) await m.query('UPDATE notices SET receipts_due_at = $2 WHERE id = $1', [n.noticeId, n.receiptsDueAt]);
        // Receipts are inserted in the order the notice addressed its units.
        for (const r of n.receipts ?? []) {
          await m.query(
            `INSERT INTO notice_receipts (notice_id, unit_code, status, acknowledged_by, acknowledged_at, late, form_values,
                                          unit_name, liaisons, acknowledger)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (notice_id, unit_code) DO UPDATE SET status = EXCLUDED.status,
               acknowledged_by = EXCLUDED.acknowledged_by, acknowledged_at = EXCLUDED.acknowledged_at,
               late = EXCLUDED.late, form_values = EXCLUDED.form_values, unit_name = EXCLUDED.unit_name,
               liaisons = EXCLUDED.liaisons, acknowledger = EXCLUDED.acknowledger`,
            [
              n.noticeId, r.unitCode, r.status, r.acknowledgedBy?.id ?? null, r.acknowledgedAt ?? null, r.late ?? false, json(r.values),
              r.unitName, JSON.stringify(r.liaisons ?? []), json(r.acknowledgedBy),
            ],
          );
        }
      }
      for (const a of batch.audit) {
        await m.query(
          `INSERT INTO audit_log (id, event_id, seq, at, actor_id, actor_name, action, step_id, task_id, before, after, comment)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
          [
            a.id, e.eventId, a.seq, a.at, a.actor?.id ?? null, a.actor?.displayName ?? null, a.action, a.stepId ?? null, a.taskId ?? null,
            a.before === undefined ? null : JSON.stringify(a.before), a.after === undefined ? null : JSON.stringify(a.after), a.comment ?? null,
          ],
        );
      }
      await andThen?.(m);
    });
  }
}

const toAuditEntry = (a: AuditRow): AuditEntryRow => ({
  id: a.id,
  seq: a.seq,
  at: a.at,
  actorId: a.actor_id,
  actorName: a.actor_name,
  action: a.action,
  stepId: a.step_id,
  taskId: a.task_id,
  before: a.before,
  after: a.after,
  comment: a.comment,
});
