// The SQL of 抄送我的 and 我发起的: the CC rows the workflow's activity wrote (cc_recipients), the
// events someone started, and the submissions of theirs that went to a sign-off.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Person } from '../../workflows/event-model';
import type { LocalizedText } from '../../workflows/template-types';

/** One step someone was copied on (抄送我的). */
export interface CcItem {
  eventId: string;
  eventTitle: string;
  eventStatus: string;
  eventStartsAt: Date;
  templateCode: string;
  stepId: string;
  stepName: LocalizedText | null;
  stepStatus: string | null;
  taskId: string | null;
  /** Who copied them; null when the template's level or notice did. */
  by: Person | null;
  /** Copied as the contact of this unit. */
  unitCode: string | null;
  comment: string | null;
  at: Date;
}

/** An event someone started (我发起的). */
export interface StartedEvent {
  id: string;
  title: string;
  templateCode: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  leadUnit: string;
  currentStepIds: string[];
  createdAt: Date;
}

/** Where a submission's sign-off stands: pending while one is to decide, else how it ended. */
export type SubmissionOutcome = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'closed';

/** A submission of someone's that went to a sign-off (我提交的). */
export interface Submission {
  taskId: string;
  eventId: string;
  eventTitle: string;
  stepId: string;
  name: LocalizedText;
  round: number;
  submittedAt: Date;
  signOffStepId: string;
  outcome: SubmissionOutcome;
}

type Page<T> = { items: T[]; total: number };

@Injectable()
export class CcRepository {
  constructor(private readonly db: DataSource) {}

  /** 抄送我的, latest first. */
  async copiedTo(recipientId: string, page: number, pageSize: number): Promise<Page<CcItem>> {
    const [{ total }] = await this.db.query<{ total: number }[]>('SELECT count(*)::int AS total FROM cc_recipients WHERE recipient_id = $1', [recipientId]);
    const items = await this.db.query<CcItem[]>(
      `SELECT c.event_id AS "eventId", e.title AS "eventTitle", e.status AS "eventStatus", e.starts_at AS "eventStartsAt",
              e.template_code AS "templateCode", c.step_id AS "stepId", s.name AS "stepName", s.status AS "stepStatus",
              c.task_id AS "taskId", c.cc_by AS "by", c.unit_code AS "unitCode", c.comment, c.cc_at AS "at"
         FROM cc_recipients c
         JOIN events e ON e.id = c.event_id
         LEFT JOIN event_steps s ON s.event_id = c.event_id AND s.step_id = c.step_id
        WHERE c.recipient_id = $1
        ORDER BY c.cc_at DESC, c.cc_key
        LIMIT $2 OFFSET $3`,
      [recipientId, pageSize, (page - 1) * pageSize],
    );
    return { items, total };
  }

  /** Which of `ids` were already copied on the task's step (by anyone, the template included). */
  async alreadyCopied(taskId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT DISTINCT c.recipient_id AS id FROM tasks t
         JOIN cc_recipients c ON c.event_id = t.event_id AND c.step_id = t.step_id
        WHERE t.id = $1 AND c.recipient_id = ANY($2::uuid[])`,
      [taskId, [...ids]],
    );
    return rows.map((r) => r.id);
  }

  /** How many 抄送 people sent from the task in the last 24 hours (the template's own not counted). */
  async copiesToday(taskId: string): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number }[]>(
      `SELECT count(DISTINCT cc_key)::int AS n FROM cc_recipients WHERE task_id = $1 AND cc_by IS NOT NULL AND cc_at > now() - interval '1 day'`,
      [taskId],
    );
    return n;
  }

  /** 我发起的: the events the person started, latest first. */
  async startedBy(organiserId: string, page: number, pageSize: number): Promise<Page<StartedEvent>> {
    const [{ total }] = await this.db.query<{ total: number }[]>('SELECT count(*)::int AS total FROM events WHERE organiser_id = $1', [organiserId]);
    const items = await this.db.query<StartedEvent[]>(
      `SELECT id, title, template_code AS "templateCode", status, starts_at AS "startsAt", ends_at AS "endsAt", lead_unit AS "leadUnit",
              current_step_ids AS "currentStepIds", created_at AS "createdAt"
         FROM events WHERE organiser_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [organiserId, pageSize, (page - 1) * pageSize],
    );
    return { items, total };
  }

  /**
   * The person's submissions that went to a sign-off, latest first, with how each sign-off stands: a
   * pass counts as approved once its step is done (between two levels it is still pending).
   */
  async submittedBy(personId: string, page: number, pageSize: number): Promise<Page<Submission>> {
    const mine = `tasks w WHERE w.kind IN ('task', 'report') AND w.status = 'completed' AND w.acted_by->>'id' = $1
                    AND EXISTS (SELECT 1 FROM tasks x WHERE x.subject_task_id = w.id)`;
    const [{ total }] = await this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM ${mine}`, [personId]);
    const items = await this.db.query<Submission[]>(
      `SELECT w.id AS "taskId", w.event_id AS "eventId", e.title AS "eventTitle", w.step_id AS "stepId", w.name, w.round,
              w.closed_at AS "submittedAt", d.step_id AS "signOffStepId",
              CASE WHEN d.pending THEN 'pending' WHEN d.rejected THEN 'rejected' WHEN d.withdrawn THEN 'withdrawn'
                   WHEN d.cancelled THEN 'closed' WHEN d.step_done THEN 'approved' ELSE 'pending' END AS outcome
         FROM (SELECT * FROM ${mine}) w
         JOIN events e ON e.id = w.event_id
         CROSS JOIN LATERAL (
           SELECT min(x.step_id) AS step_id,
                  bool_or(x.status IN ('open', 'waiting')) AS pending,
                  bool_or(x.status = 'rejected') AS rejected,
                  bool_or(x.status = 'withdrawn') AS withdrawn,
                  bool_or(x.status = 'cancelled') AS cancelled,
                  bool_and(s.status = 'done') AS step_done
             FROM tasks x LEFT JOIN event_steps s ON s.event_id = x.event_id AND s.step_id = x.step_id
            WHERE x.subject_task_id = w.id) d
        ORDER BY w.closed_at DESC NULLS LAST, w.id
        LIMIT $2 OFFSET $3`,
      [personId, pageSize, (page - 1) * pageSize],
    );
    return { items, total };
  }
}
