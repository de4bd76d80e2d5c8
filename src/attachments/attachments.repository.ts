// The attachments' rows: written once at upload, bound when a submission names them.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface AttachmentRow {
  id: string;
  /** The owner: an event's task or receipt, or a campaign unit's reports (one of the two). */
  event_id: string | null;
  campaign_id: string | null;
  step_id: string;
  task_id: string | null;
  unit_code: string | null;
  uploaded_by: string;
  uploader_name: string;
  file_name: string;
  mime_type: string;
  size_bytes: string;
  sha256: string;
  store: string;
  bound_to: string | null;
  bound_field: string | null;
  bound_at: Date | null;
  created_at: Date;
}

export type NewAttachment = Omit<AttachmentRow, 'uploader_name' | 'bound_to' | 'bound_field' | 'bound_at' | 'created_at' | 'size_bytes'> & { size_bytes: number };

/** What a row was bound to before a submission took it, to give back if the submission fails. */
export interface EarlierBinding {
  id: string;
  bound_to: string | null;
  bound_field: string | null;
  bound_at: Date | null;
}

export interface CampaignOfAttachment {
  status: string;
  lead_unit: string;
  organiser_id: string;
}

export interface TaskOfEvent {
  step_id: string;
  kind: string;
  status: string;
  assignee_ids: string[];
}

const WITH_UPLOADER = 'SELECT a.*, u.display_name AS uploader_name FROM attachments a JOIN users u ON u.id = a.uploaded_by';

@Injectable()
export class AttachmentsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, a: NewAttachment): Promise<void> {
    await tx.query(
      `INSERT INTO attachments (id, event_id, campaign_id, step_id, task_id, unit_code, uploaded_by, file_name, mime_type, size_bytes, sha256, store)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [a.id, a.event_id, a.campaign_id, a.step_id, a.task_id, a.unit_code, a.uploaded_by, a.file_name, a.mime_type, a.size_bytes, a.sha256, a.store],
    );
  }

  async find(id: string): Promise<AttachmentRow | undefined> {
    const [row] = await this.db.query<AttachmentRow[]>(`${WITH_UPLOADER} WHERE a.id = $1`, [id]);
    return row;
  }

  /** The rows, locked until `tx` ends, so two submissions naming one file are taken one after the other. */
  async lock(tx: EntityManager, ids: string[]): Promise<AttachmentRow[]> {
    return tx.query<AttachmentRow[]>(`${WITH_UPLOADER} WHERE a.id = ANY($1::uuid[]) FOR UPDATE OF a`, [ids]);
  }

  async bind(tx: EntityManager, id: string, target: string, field: string): Promise<void> {
    await tx.query('UPDATE attachments SET bound_to = $2, bound_field = $3, bound_at = now() WHERE id = $1', [id, target, field]);
  }

  /** Gives rows back what they were bound to, where `target` still holds them. */
  async restore(target: string, earlier: EarlierBinding[]): Promise<void> {
    for (const e of earlier) {
      await this.db.query('UPDATE attachments SET bound_to = $3, bound_field = $4, bound_at = $5 WHERE id = $1 AND bound_to = $2', [
        e.id,
        target,
        e.bound_to,
        e.bound_field,
        e.bound_at,
      ]);
    }
  }

  /**
   * The step and state of a task of the event, as the read model has it; inside `tx`, held (FOR
   * SHARE) until it ends, so the task cannot close or change hands in between.
   */
  async task(eventId: string, taskId: string, tx?: EntityManager): Promise<TaskOfEvent | undefined> {
    const [row] = await (tx ?? this.db).query<TaskOfEvent[]>(
      `SELECT step_id, kind, status, assignee_ids FROM tasks WHERE id = $1 AND event_id = $2${tx ? ' FOR SHARE' : ''}`,
      [taskId, eventId],
    );
    return row;
  }

  /** Is the unit addressed by the event's notice `stepId` and has not acknowledged it yet? Inside `tx`, held as `task` is. */
  async receiptPending(eventId: string, stepId: string, unitCode: string, tx?: EntityManager): Promise<boolean> {
    const rows = await (tx ?? this.db).query<unknown[]>(
      `SELECT 1 FROM notice_receipts r JOIN notices n ON n.id = r.notice_id
        WHERE n.event_id = $1 AND n.step_id = $2 AND r.unit_code = $3 AND r.status = 'pending'${tx ? ' FOR SHARE OF r' : ''}`,
      [eventId, stepId, unitCode],
    );
    return rows.length > 0;
  }

  /** The event's state as the read model has it (running, cancelled, archived…). */
  async eventStatus(tx: EntityManager, eventId: string): Promise<string | undefined> {
    const [row] = await tx.query<{ status: string }[]>('SELECT status FROM events WHERE id = $1', [eventId]);
    return row?.status;
  }

  /** The campaign a file is for, as access asks it: its state, lead department and organiser. */
  async campaign(campaignId: string): Promise<CampaignOfAttachment | undefined> {
    const [row] = await this.db.query<CampaignOfAttachment[]>('SELECT status, lead_unit, organiser_id FROM campaigns WHERE id = $1', [campaignId]);
    return row;
  }

  /** Does the unit still report in the campaign? Inside `tx`, held as `task` is. */
  async campaignUnitReporting(campaignId: string, unitCode: string, tx?: EntityManager): Promise<boolean> {
    const rows = await (tx ?? this.db).query<unknown[]>(
      `SELECT 1 FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
        WHERE cu.campaign_id = $1 AND cu.unit_code = $2 AND cu.status = 'running' AND c.status = 'running'${tx ? ' FOR SHARE OF cu' : ''}`,
      [campaignId, unitCode],
    );
    return rows.length > 0;
  }

  /** Was the user told of one of the event's notices (a row in their inbox for it)? */
  async toldOfNotice(userId: string, eventId: string, noticeStepIds: string[]): Promise<boolean> {
    if (!noticeStepIds.length) return false;
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM notifications WHERE recipient_id = $1 AND event_id = $2 AND step_id = ANY($3) LIMIT 1', [
      userId,
      eventId,
      noticeStepIds,
    ]);
    return rows.length > 0;
  }
}
