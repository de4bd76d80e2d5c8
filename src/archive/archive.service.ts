// Reading an archived event's frozen record back: its hash, a verification that recomputes every
// hash from what is stored, and the report's PDF, rendered from the record on first asking and
// stored from then on (DocumentsService.once: the bytes never change afterwards).
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { DocumentsService, type StoredDocument } from '../documents/documents.service';
import { EventsService } from '../events/events.service';
import { ReadModelRepository } from '../read-model/read-model.repository';
import type { EventRow } from '../read-model/rows';
import { recheckRecord, sha256Hex, type ArchivedDocument } from './archive-record';
import { ArchiveRepository, type ArchiveRow, type EventDocumentRow } from './archive.repository';
import type { ArchiveSummaryDto, ArchiveVerificationDto, VerifiedDocumentDto } from './archive.dto';
import { reportDocument } from './report-document';

/** The stored documents checked, and any the record names that is no longer stored (which fails). */
function verifiedDocuments(archived: ArchivedDocument[], stored: EventDocumentRow[]): VerifiedDocumentDto[] {
  const inRecord = new Map(archived.map((d) => [`${d.kind}/${d.noticeId}`, d]));
  const checked = stored.map((d) => {
    const held = inRecord.get(`${d.kind}/${d.ref}`);
    const bytesMatch = sha256Hex(d.bytes) === d.sha256;
    return { kind: d.kind, fileName: d.file_name, sha256: d.sha256, inRecord: !!held, matches: bytesMatch && (!held || held.sha256 === d.sha256) };
  });
  const storedKeys = new Set(stored.map((d) => `${d.kind}/${d.ref}`));
  const missing = archived
    .filter((d) => !storedKeys.has(`${d.kind}/${d.noticeId}`))
    .map((d) => ({ kind: d.kind, fileName: d.fileName, sha256: d.sha256, inRecord: true, matches: false }));
  return [...checked, ...missing];
}

@Injectable()
export class ArchiveService {
  constructor(
    private readonly access: AccessService,
    private readonly events: EventsService,
    private readonly archive: ArchiveRepository,
    private readonly readModel: ReadModelRepository,
    private readonly documents: DocumentsService,
  ) {}

  async summary(user: AuthUser, eventId: string): Promise<ArchiveSummaryDto> {
    const { record } = await this.archived(user, eventId, 'archive.read');
    return { eventId, archivedAt: record.archived_at.toISOString(), sha256: record.sha256, reportUrl: `/api/archive/${eventId}/report.pdf` };
  }

  /**
   * Every hash recomputed from what is stored now: the record's text, and each document's bytes —
   * against the hash the record holds for it when it was stored by the time of archiving, else
   * (a notice's PDF first rendered later, the report's) against its own stored hash only.
   */
  async verify(user: AuthUser, eventId: string): Promise<ArchiveVerificationDto> {
    const { record } = await this.archived(user, eventId, 'archive.read');
    // The text is what is hashed; the jsonb beside it is what is queried: both must say the same.
    const { recomputed, matches } = recheckRecord(record.canonical_text, record.sha256, record.record);
    const stored = await this.archive.documents(eventId);
    return {
      eventId,
      archivedAt: record.archived_at.toISOString(),
      sha256: record.sha256,
      recomputed,
      matches,
      documents: verifiedDocuments(record.record.documents ?? [], stored),
    };
  }

  /** The archived report's PDF: it carries the record's hash and the archive date. */
  async reportPdf(user: AuthUser, eventId: string): Promise<StoredDocument> {
    const { record } = await this.archived(user, eventId, 'archive.report');
    const template = await this.readModel.templateOf(eventId);
    if (!template) throw new Error(`Event ${eventId} has no stored template version`);
    return this.documents.once({ kind: 'report', ref: eventId, eventId }, async () => reportDocument(record.record, template, record.sha256));
  }

  private async archived(user: AuthUser, eventId: string, action: 'archive.read' | 'archive.report'): Promise<{ event: EventRow; record: ArchiveRow }> {
    const event = await this.events.row(eventId);
    await this.access.require(user, action, { event: { organiserId: event.organiser_id, leadUnit: event.lead_unit } });
    const record = await this.archive.record(eventId);
    if (!record) throw new DomainError('NOT_FOUND', `此活动尚未归档，没有归档记录：${event.title}`, `The event is not archived yet and has no archive record: ${event.title}`);
    return { event, record };
  }
}
