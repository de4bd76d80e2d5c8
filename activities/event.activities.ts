// The event workflow's side effects: who holds a role, delivering notices (with document numbers
// and in-app inbox records), and mirroring the workflow's state into the read model. Every write is
// idempotent: a retried attempt finds what the first one wrote and writes nothing twice.
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { AuditEntry, NoticeState, Person, StepState, TaskState } from '../workflows/event-model';
import type { AudienceRef, LocalizedText, PartyRef } from '../workflows/template-types';
import { insertInbox, type CalendarPayload } from './notifications';

/** What the activities need of the organisation directory (src/org/directory.service.ts). */
export interface Directory {
  resolveParty(ref: PartyRef, ctx: { leadUnit: string; organiserId: string }): Promise<DirectoryUser[]>;
  resolveAudience(
    refs: AudienceRef[],
    ctx: { leadUnit: string; organiserId: string; participantIds?: string[] },
  ): Promise<{ units: DirectoryUnit[]; users: DirectoryUser[] }>;
  superiorOf(userId: string): Promise<DirectoryUser | undefined>;
}
export interface DirectoryUser {
  id: string;
  displayName: string;
  unitCode: string;
}
export interface DirectoryUnit {
  code: string;
  nameZh: string;
}

export interface PartyContext {
  leadUnit: string;
  organiserId: string;
}

export interface DeliverNoticeInput extends PartyContext {
  eventId: string;
  stepId: string;
  round: number;
  audience: AudienceRef[];
  official: boolean;
  subject: LocalizedText;
  message: LocalizedText;
  participantIds: string[];
  /** A meeting notice: each recipient also gets the calendar invitation (email carries the .ics). */
  calendar?: CalendarPayload;
}

export interface DeliveredNotice {
  noticeId: string;
  docNumber?: string;
  issuedAt: string;
  recipientCount: number;
  units: { code: string; name: string; liaisons: Person[] }[];
}

export interface ReadModelBatch {
  event: {
    eventId: string;
    status: string;
    startsAt: string;
    endsAt: string;
    postponedAt: string | null;
    cancelReason: string | null;
    archivedAt: string | null;
    currentStepIds: string[];
  };
  steps: StepState[];
  tasks: TaskState[];
  notices: NoticeState[];
  audit: AuditEntry[];
}

export interface EventActivities {
  resolveParties(input: PartyContext & { refs: PartyRef[] }): Promise<Person[][]>;
  superiorOf(input: { personId: string }): Promise<Person | undefined>;
  deliverNotice(input: DeliverNoticeInput): Promise<DeliveredNotice>;
  notifyPeople(input: {
    eventId: string;
    key: string;
    recipientIds: string[];
    subject: LocalizedText;
    message: LocalizedText;
    /** An invitation, its update after a reschedule (higher sequence) or its cancellation. */
    calendar?: CalendarPayload;
  }): Promise<number>;
  syncReadModel(batch: ReadModelBatch): Promise<void>;
}

/** Issuer code of the municipal federation's documents: 渝妇发〔2020〕9号. */
export const DOCUMENT_ISSUER = '渝妇发';
const CST_MS = 8 * 3600_000;

const person = (u: DirectoryUser): Person => ({ id: u.id, displayName: u.displayName });

export function createEventActivities(deps: { dataSource: DataSource; directory: Directory }): EventActivities {
  const { dataSource, directory } = deps;

  return {
    async resolveParties({ refs, leadUnit, organiserId }) {
      const out: Person[][] = [];
      for (const ref of refs) out.push((await directory.resolveParty(ref, { leadUnit, organiserId })).map(person));
      return out;
    },

    async superiorOf({ personId }) {
      const superior = await directory.superiorOf(personId);
      return superior ? person(superior) : undefined;
    },

    async deliverNotice(input) {
      const noticeId = `${input.eventId}:${input.stepId}:${input.round}`;
      const { units, users } = await directory.resolveAudience(input.audience, input);
      return dataSource.transaction(async (m) => {
        // A retried attempt returns the notice the first attempt issued, with the same number.
        const [existing] = await m.query<{ doc_number: string | null; issued_at: Date; recipient_count: number }[]>(
          'SELECT doc_number, issued_at, recipient_count FROM notices WHERE id = $1',
          [noticeId],
        );
        let docNumber = existing?.doc_number ?? undefined;
        let issuedAt = existing?.issued_at ?? new Date();
        if (!existing) {
          if (input.official) {
            const year = new Date(issuedAt.getTime() + CST_MS).getUTCFullYear();
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
            `INSERT INTO notices (id, event_id, step_id, round, doc_number, subject, body, recipient_count)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING issued_at`,
            [noticeId, input.eventId, input.stepId, input.round, docNumber ?? null, input.subject, input.message, users.length],
          );
          issuedAt = row.issued_at;
        }
        const subject = docNumber
          ? { 'zh-CN': `${docNumber} ${input.subject['zh-CN']}`, en: `${docNumber} ${input.subject.en}` }
          : input.subject;
        await insertInbox(
          m,
          users.map((u) => ({
            key: `${noticeId}:${u.id}`,
            recipientId: u.id,
            eventId: input.eventId,
            stepId: input.stepId,
            kind: 'notice',
            subject,
            body: input.message,
            calendar: input.calendar,
          })),
        );
        Context.current().log.info('Notice delivered', { eventId: input.eventId, stepId: input.stepId, docNumber, recipients: users.length });
        return {
          noticeId,
          docNumber,
          issuedAt: issuedAt.toISOString(),
          recipientCount: existing?.recipient_count ?? users.length,
          units: units.map((u) => ({
            code: u.code,
            name: u.nameZh,
            liaisons: users.filter((p) => p.unitCode === u.code).map(person),
          })),
        };
      });
    },

    async notifyPeople({ eventId, key, recipientIds, subject, message, calendar }) {
      return dataSource.transaction((m) =>
        insertInbox(
          m,
          recipientIds.map((id) => ({
            key: `${eventId}:${key}:${id}`,
            recipientId: id,
            eventId,
            stepId: null,
            kind: 'event',
            subject,
            body: message,
            calendar,
          })),
        ),
      );
    },

    async syncReadModel(batch) {
      const e = batch.event;
      await dataSource.transaction(async (m) => {
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
        for (const t of batch.tasks) {
          await m.query(
            `INSERT INTO tasks (id, event_id, step_id, kind, round, name, status, assignee_ids, assignees, due_at, created_at,
                                closed_at, acted_by, comment, form_values, level, level_name, mode, submitter_id, delegations)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
             ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, assignee_ids = EXCLUDED.assignee_ids,
               assignees = EXCLUDED.assignees, due_at = EXCLUDED.due_at, created_at = EXCLUDED.created_at,
               closed_at = EXCLUDED.closed_at, acted_by = EXCLUDED.acted_by, comment = EXCLUDED.comment,
               form_values = EXCLUDED.form_values, delegations = EXCLUDED.delegations`,
            [
              t.id, e.eventId, t.stepId, t.kind, t.round, t.name, t.status, t.assignees.map((p) => p.id), JSON.stringify(t.assignees),
              t.dueAt ?? null, t.createdAt, t.closedAt ?? null, t.actedBy ? JSON.stringify(t.actedBy) : null, t.comment ?? null,
              t.values ? JSON.stringify(t.values) : null, t.level ?? null, t.levelName ?? null, t.mode ?? null,
              t.submitter?.id ?? null, JSON.stringify(t.delegations ?? []),
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
          await m.query('UPDATE notices SET receipts_due_at = $2 WHERE id = $1', [n.noticeId, n.receiptsDueAt ?? null]);
          for (const r of n.receipts ?? []) {
            await m.query(
              `INSERT INTO notice_receipts (notice_id, unit_code, status, acknowledged_by, acknowledged_at, late, form_values)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (notice_id, unit_code) DO UPDATE SET status = EXCLUDED.status,
                 acknowledged_by = EXCLUDED.acknowledged_by, acknowledged_at = EXCLUDED.acknowledged_at,
                 late = EXCLUDED.late, form_values = EXCLUDED.form_values`,
              [n.noticeId, r.unitCode, r.status, r.acknowledgedBy?.id ?? null, r.acknowledgedAt ?? null, r.late ?? false, r.values ? JSON.stringify(r.values) : null],
            );
          }
        }
        for (const a of batch.audit) {
          await m.query(
            `INSERT INTO audit_log (id, event_id, seq, at, actor_id, actor_name, action, step_id, task_id, before, after, comment)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
            [
              a.id, e.eventId, a.seq, a.at, a.actor?.id ?? null, a.actor?.displayName ?? null, a.action, a.stepId ?? null, a.taskId ?? null,
              a.before === undefined ? null : JSON.stringify(a.before), a.after === undefined ? null : JSON.stringify(a.after), a.comment ?? null,
            ],
          );
        }
      });
    },
  };
}
