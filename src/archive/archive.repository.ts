// The one owner of archive_records' SQL: freezing an event's record in the transaction that archives
// it, and reading the record and the event's stored documents back for verification.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Person } from '../../workflows/event-model';
import type { LocalizedText } from '../../workflows/template-types';
import type { ReadModelBatch } from '../read-model/rows';
import { buildArchiveRecord, canonicalText, sha256Hex, type ArchiveRecord, type ArchiveSource } from './archive-record';

export interface ArchiveRow {
  event_id: string;
  record: ArchiveRecord;
  canonical_text: string;
  sha256: string;
  archived_at: Date;
  created_at: Date;
}

/** A document stored for the event (a notice's PDF, the report's), with its content. */
export interface EventDocumentRow {
  kind: string;
  ref: string;
  file_name: string;
  sha256: string;
  bytes: Buffer;
}

type Source = Omit<ArchiveSource, 'steps' | 'tasks' | 'decisions' | 'notices' | 'receipts' | 'audit' | 'cc' | 'handoffs' | 'documents'>;

/** The event's rows as the archiving transaction sees them, once the batch's own rows are in. */
async function archiveSource(m: EntityManager, eventId: string): Promise<ArchiveSource | undefined> {
  const [header] = await m.query<(Source['event'] & { template_name: LocalizedText | null; lead_unit_name: string | null; organiser: Person })[]>(
    `SELECT e.*, tv.content->'name' AS template_name, u.name_zh AS lead_unit_name,
            json_build_object('id', o.id, 'displayName', o.display_name) AS organiser
       FROM events e
       JOIN users o ON o.id = e.organiser_id
       LEFT JOIN units u ON u.code = e.lead_unit
       LEFT JOIN template_versions tv ON tv.code = e.template_code AND tv.version = e.template_version
      WHERE e.id = $1`,
    [eventId],
  );
  if (!header) return undefined;
  // One after another: the transaction's one connection takes one query at a time.
  const steps = await m.query<ArchiveSource['steps']>('SELECT * FROM event_steps WHERE event_id = $1', [eventId]);
  const tasks = await m.query<ArchiveSource['tasks']>('SELECT * FROM tasks WHERE event_id = $1', [eventId]);
  const decisions = await m.query<ArchiveSource['decisions']>(
    `SELECT d.*, json_build_object('id', u.id, 'displayName', u.display_name) AS actor
       FROM sign_off_decisions d JOIN users u ON u.id = d.actor_id WHERE d.event_id = $1`,
    [eventId],
  );
  const notices = await m.query<ArchiveSource['notices']>('SELECT * FROM notices WHERE event_id = $1', [eventId]);
  const receipts = await m.query<ArchiveSource['receipts']>(
    `SELECT r.*, coalesce(r.unit_name, u.name_zh) AS unit_name,
            coalesce(r.acknowledger, (SELECT jsonb_build_object('id', a.id, 'displayName', a.display_name)
                                        FROM users a WHERE a.id = r.acknowledged_by)) AS acknowledger
       FROM notice_receipts r JOIN notices n ON n.id = r.notice_id JOIN units u ON u.code = r.unit_code
      WHERE n.event_id = $1`,
    [eventId],
  );
  const audit = await m.query<ArchiveSource['audit']>('SELECT * FROM audit_log WHERE event_id = $1', [eventId]);
  const cc = await m.query<ArchiveSource['cc']>(
    `SELECT c.*, json_build_object('id', u.id, 'displayName', u.display_name) AS recipient
       FROM cc_recipients c JOIN users u ON u.id = c.recipient_id WHERE c.event_id = $1`,
    [eventId],
  );
  const handoffs = await m.query<ArchiveSource['handoffs']>('SELECT * FROM event_handoffs WHERE event_id = $1', [eventId]);
  const documents = await m.query<ArchiveSource['documents']>(
    `SELECT d.kind, d.ref, d.file_name, d.sha256, n.step_id, n.round, n.doc_number
       FROM documents d LEFT JOIN notices n ON n.id = d.ref AND d.kind <> 'report'
      WHERE d.event_id = $1`,
    [eventId],
  );
  return {
    event: header,
    templateName: header.template_name ?? { 'zh-CN': header.template_code, en: header.template_code },
    leadUnitName: header.lead_unit_name ?? header.lead_unit,
    organiser: header.organiser,
    steps,
    tasks,
    decisions,
    notices,
    receipts,
    audit,
    cc,
    handoffs,
    documents,
  };
}

/**
 * The read-model sync's hook (in its transaction, after the batch's rows): a batch that brings the
 * event to `archived` freezes its record, once — a re-sent batch finds the record and writes nothing.
 */
export async function freezeIfArchived(m: EntityManager, batch: ReadModelBatch): Promise<boolean> {
  if (batch.event.status !== 'archived' || !batch.event.archivedAt) return false;
  const [known] = await m.query<{ n: number }[]>('SELECT count(*)::int AS n FROM archive_records WHERE event_id = $1', [batch.event.eventId]);
  if (known.n > 0) return false;
  const source = await archiveSource(m, batch.event.eventId);
  if (!source) return false;
  const record = buildArchiveRecord(source);
  const text = canonicalText(record);
  const inserted = await m.query<{ event_id: string }[]>(
    `INSERT INTO archive_records (event_id, record, canonical_text, sha256, archived_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [batch.event.eventId, text, text, sha256Hex(text), record.event.archivedAt],
  );
  return inserted.length > 0;
}

@Injectable()
export class ArchiveRepository {
  constructor(private readonly db: DataSource) {}

  async record(eventId: string): Promise<ArchiveRow | undefined> {
    const [row] = await this.db.query<ArchiveRow[]>('SELECT * FROM archive_records WHERE event_id = $1', [eventId]);
    return row;
  }

  /** Every document stored for the event, in the order they were issued. */
  async documents(eventId: string): Promise<EventDocumentRow[]> {
    return this.db.query<EventDocumentRow[]>('SELECT kind, ref, file_name, sha256, bytes FROM documents WHERE event_id = $1 ORDER BY created_at, id', [eventId]);
  }
}
