// Downloading a notice's document (公文 PDF): asked of the notice's recipients and of those who may
// see the whole event, answered with the stored file.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { unitsAnsweredFor, type AccessResource } from '../access/access.policy';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { isOfficial, NoticeDocuments } from './notice-document';
import type { StoredDocument } from './documents.service';

/** Where a notice's document is downloaded; the lists of notices carry it as `documentUrl`. */
export function noticeDocumentUrl(eventId: string, stepId: string): string {
  return `/api/events/${eventId}/notices/${encodeURIComponent(stepId)}/document.pdf`;
}

interface NoticeAudience {
  notice_id: string;
  organiser_id: string;
  lead_unit: string;
  /** The units whose receipts the notice asks for. */
  unit_codes: string[];
  /** Was the caller among the people the notice was delivered to? */
  delivered: boolean;
  cc_ids: string[];
}

@Injectable()
export class NoticeDownloadsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly notices: NoticeDocuments,
  ) {}

  /** The latest round's document of the event's notice at `stepId`. */
  async download(user: AuthUser, eventId: string, stepId: string): Promise<StoredDocument> {
    const audience = await this.audienceOf(user, eventId, stepId);
    const answered = unitsAnsweredFor(user);
    const resource: AccessResource = {
      event: { organiserId: audience.organiser_id, leadUnit: audience.lead_unit },
      // The unit in question is the caller's own that the notice addresses, if any.
      unitCode: audience.unit_codes.find((u) => answered.includes(u)),
      ownerId: audience.delivered ? user.id : undefined,
      ccRecipientIds: audience.cc_ids,
    };
    await this.access.require(user, 'notice.document', resource, ['无权查看此公文：本单位不在主送之列', 'You may not see this document: your unit is not among its addressees']);
    return this.notices.downloadOf(audience.notice_id);
  }

  private async audienceOf(user: AuthUser, eventId: string, stepId: string): Promise<NoticeAudience> {
    const [row] = await this.db.query<NoticeAudience[]>(
      `SELECT n.id AS notice_id, e.organiser_id, e.lead_unit,
              array(SELECT r.unit_code FROM notice_receipts r WHERE r.notice_id = n.id) AS unit_codes,
              EXISTS (SELECT 1 FROM notifications x WHERE x.idempotency_key = n.id || ':' || $3::text) AS delivered,
              array(SELECT c.recipient_id::text FROM cc_recipients c WHERE c.event_id = e.id AND c.step_id = n.step_id) AS cc_ids
         FROM notices n JOIN events e ON e.id = n.event_id
        WHERE n.event_id = $1 AND n.step_id = $2
        ORDER BY n.round DESC LIMIT 1`,
      [eventId, stepId, user.id],
    );
    if (!row) throw new DomainError('NOT_FOUND', `此活动没有步骤 ${stepId} 的通知`, `This event has no notice at step ${stepId}`);
    return row;
  }
}

/** An event's state with each official notice's `documentUrl`, as GET /api/events/:id lists them. */
export function withDocumentLinks<S extends { eventId: string; notices: { stepId: string; docNumber?: string }[] }>(state: S): S {
  return {
    ...state,
    notices: state.notices.map((n) => (isOfficial({ doc_number: n.docNumber ?? null }) ? { ...n, documentUrl: noticeDocumentUrl(state.eventId, n.stepId) } : n)),
  };
}
