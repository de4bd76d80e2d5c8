// The official notices addressed to the caller's units (签收): what a district liaison, a member
// unit's liaison or a department head has to acknowledge, and what they already have.
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import type { FormSpec } from '../../workflows/template-types';
import { ReadModelRepository, type UnitNoticeRow } from '../read-model/read-model.repository';
import { UNIT_CONTACT_ROLES } from '../org/org.constants';
import { findStep } from '../tasks/task-forms';
import { DomainError, statusOf } from '../common/domain-error';
import { EventsService } from '../events/events.service';
import type { BatchAcknowledgeDto, ReceiptRefDto } from './notices.dto';
import { DocumentsService } from '../documents/documents.service';
import { isOfficial } from '../documents/notice-document';
import { noticeDocumentUrl } from '../documents/notice-downloads.service';
import { inTurns } from '../common/in-turns';

/** One receipt of a batch 签收: acknowledged, or refused with the reason it would have had alone. */
export interface BatchReceiptResult {
  eventId: string;
  stepId: string;
  unitCode: string;
  ok: boolean;
  status?: number;
  message?: { 'zh-CN': string; en: string };
}

/** A receipt as the caller sees it: the read model's row, with the receipt's form (参会回执) from the template version the event runs. */
export type MyNotice = Omit<UnitNoticeRow, 'template'> & { receiptForm: FormSpec | null; documentUrl?: string; documentSha256: string | null };

const CONTACT_ROLES = new Set<string>(Object.values(UNIT_CONTACT_ROLES));

/** Updates of one batch 签收 in flight at once: 50 in a row would keep the request waiting, 50 at once would crowd Temporal. */
const BATCH_CONCURRENCY = 5;

@Injectable()
export class NoticesService {
  private readonly log = new Logger('Notices');
  constructor(
    private readonly readModel: ReadModelRepository,
    private readonly access: AccessService,
    private readonly events: EventsService,
    private readonly documents: DocumentsService,
  ) {}

  /** Units the user answers for when a notice arrives. */
  unitsOf(user: AuthUser): string[] {
    return [...new Set(user.roles.filter((g) => CONTACT_ROLES.has(g.role)).map((g) => g.unitCode))];
  }

  /** Pending receipts first (soonest deadline first), then those already acknowledged. */
  async mine(user: AuthUser, status?: 'pending' | 'acknowledged'): Promise<MyNotice[]> {
    // Only the caller's own units' receipts: they wrote them, so values are shown as they are.
    await this.access.require(user, 'notices.list');
    const units = this.unitsOf(user);
    if (units.length === 0) return [];
    const rows = await this.readModel.unitNotices(units, status);
    const documents = await this.documents.summaries(rows.map((r) => r.noticeId));
    return rows.map(({ template, ...row }) => {
      const step = template ? findStep(template.steps, row.stepId) : undefined;
      return {
        ...row,
        receiptForm: step?.type === 'notify' ? (step.receipt?.form ?? null) : null,
        ...(isOfficial({ doc_number: row.docNumber }) && { documentUrl: noticeDocumentUrl(row.eventId, row.stepId) }),
        documentSha256: documents.get(row.noticeId)?.sha256 ?? null,
      };
    });
  }

  /**
   * Batch 签收: each receipt is its own acknowledge Update, as if sent alone, a few at a time; a
   * refusal (a receipt that needs values, one already signed) is reported for that receipt and the
   * others go on. Nothing is half-done for a receipt: the workflow takes its Update whole or not at all.
   */
  async acknowledgeAll(user: AuthUser, dto: BatchAcknowledgeDto): Promise<{ acknowledged: number; refused: number; items: BatchReceiptResult[] }> {
    // Open to anyone signed in: each receipt is then asked as notice.acknowledge, as if sent alone.
    await this.access.require(user, 'notices.acknowledge-batch');
    const items = await inTurns(dto.items, BATCH_CONCURRENCY, (item) => this.acknowledgeOne(user, item));
    const acknowledged = items.filter((i) => i.ok).length;
    return { acknowledged, refused: items.length - acknowledged, items };
  }

  private async acknowledgeOne(user: AuthUser, { eventId, stepId, unitCode, values }: ReceiptRefDto): Promise<BatchReceiptResult> {
    const ref = { eventId, stepId, unitCode };
    try {
      await this.events.acknowledge(user, eventId, stepId, { unitCode, values });
      return { ...ref, ok: true };
    } catch (err) {
      if (err instanceof DomainError) return { ...ref, ok: false, status: statusOf(err.code), message: err.text };
      // Not a refusal: the others still go on, and this one says it failed (the values stay out of the log).
      this.log.error(`Batch 签收 of ${stepId}/${unitCode} in event ${eventId} failed: ${(err as Error).message}`);
      return { ...ref, ok: false, status: 500, message: { 'zh-CN': '签收未完成，请稍后重试', en: 'Not acknowledged; try again later' } };
    }
  }
}
