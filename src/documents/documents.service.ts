// The federation's documents as issued: each one rendered to PDF the first time it is asked for,
// stored, and from then on served as stored, byte for byte (a correction is a new document). The
// table refuses UPDATE and DELETE (migration 1765600000000-Documents).
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { DocumentData, DocumentKind } from './document-model';
import { renderPdf } from './pdf/render';

/** Kinds that are records, kept once issued; the year's summary is material, drawn up afresh each time. */
export type StoredKind = Exclude<DocumentKind, 'year-summary'>;

export interface DocumentKey {
  kind: StoredKind;
  /** The notice id for a notice, decision or meeting notice; the event id for a report. */
  ref: string;
  eventId: string;
}

export interface StoredDocument {
  id: string;
  kind: StoredKind;
  ref: string;
  eventId: string;
  fileName: string;
  sha256: string;
  bytes: Buffer;
  createdAt: Date;
}

/** A stored document without its content: what a list shows beside a notice. */
export type DocumentSummary = Omit<StoredDocument, 'bytes'>;

interface DocumentRow {
  id: string;
  kind: StoredKind;
  ref: string;
  event_id: string;
  file_name: string;
  sha256: string;
  bytes?: Buffer;
  created_at: Date;
}

const SUMMARY_COLUMNS = 'id, kind, ref, event_id, file_name, sha256, created_at';

/**
 * `渝妇发〔2027〕12号-关于….pdf`, or the title alone for a document without a number: the same name on
 * the download and on the email. Straight quotes (庆祝"六一") become Chinese ones, and what else a
 * file system cannot hold becomes `_`.
 */
export function documentFileName(doc: DocumentData): string {
  const title = doc.kind === 'year-summary' ? `${doc.year}年度工作总结素材` : doc.title;
  const number = 'docNumber' in doc ? doc.docNumber : null;
  const name = `${number ? `${number}-` : ''}${title}`.replace(/"([^"]*)"/g, '“$1”').replace(/[\\/:*?"<>|\p{Cc}]/gu, '_');
  return `${name}.pdf`;
}

@Injectable()
export class DocumentsService {
  /** Renders under way in this process, so callers asking at once (40 emails, a download) share one. */
  private readonly rendering = new Map<string, Promise<StoredDocument>>();

  constructor(private readonly db: DataSource) {}

  /**
   * The document for `key`: the stored one, or — the first time — `gather`ed, rendered and stored.
   * Two processes rendering at once both insert with ON CONFLICT DO NOTHING and read back, so the
   * first stored wins and both callers get its bytes.
   */
  async once(key: DocumentKey, gather: () => Promise<DocumentData>): Promise<StoredDocument> {
    const stored = await this.find(key.kind, key.ref);
    if (stored) return stored;
    const id = `${key.kind}:${key.ref}`;
    let pending = this.rendering.get(id);
    if (!pending) {
      pending = this.renderAndStore(key, gather).finally(() => this.rendering.delete(id));
      this.rendering.set(id, pending);
    }
    return pending;
  }

  async find(kind: StoredKind, ref: string): Promise<StoredDocument | undefined> {
    const [row] = await this.db.query<DocumentRow[]>(`SELECT ${SUMMARY_COLUMNS}, bytes FROM documents WHERE kind = $1 AND ref = $2`, [kind, ref]);
    return row && toStored(row);
  }

  /** The stored documents of these refs (any kind), without their content, by ref. */
  async summaries(refs: readonly string[]): Promise<Map<string, DocumentSummary>> {
    if (refs.length === 0) return new Map();
    const rows = await this.db.query<DocumentRow[]>(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE ref = ANY($1::text[])`, [[...refs]]);
    return new Map(rows.map((r) => [r.ref, toSummary(r)]));
  }

  private async renderAndStore(key: DocumentKey, gather: () => Promise<DocumentData>): Promise<StoredDocument> {
    const doc = await gather();
    if (doc.kind !== key.kind) throw new Error(`Gathered a ${doc.kind} for a ${key.kind} document`);
    const bytes = await renderPdf(doc);
    await this.db.query(
      `INSERT INTO documents (id, kind, ref, event_id, file_name, sha256, bytes, byte_size)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (kind, ref) DO NOTHING`,
      [randomUUID(), key.kind, key.ref, key.eventId, documentFileName(doc), createHash('sha256').update(bytes).digest('hex'), bytes, bytes.length],
    );
    const stored = await this.find(key.kind, key.ref);
    if (!stored) throw new Error(`Document ${key.kind} ${key.ref} was stored but cannot be read back`);
    return stored;
  }
}

const toSummary = (r: DocumentRow): DocumentSummary => ({
  id: r.id,
  kind: r.kind,
  ref: r.ref,
  eventId: r.event_id,
  fileName: r.file_name,
  sha256: r.sha256,
  createdAt: r.created_at,
});

const toStored = (r: DocumentRow): StoredDocument => ({ ...toSummary(r), bytes: r.bytes! });
