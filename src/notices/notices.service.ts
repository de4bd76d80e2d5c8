// The official notices addressed to the caller's units (签收): what a district liaison, a member
// unit's liaison or a department head has to acknowledge, and what they already have.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import type { EventTemplate, FormSpec } from '../../workflows/template-types';
import { UNIT_CONTACT_ROLES } from '../org/org.constants';
import { findStep } from '../tasks/task-forms';

export interface MyNotice {
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
  /** The receipt's form (参会回执), from the template version the event runs. */
  receiptForm: FormSpec | null;
}

const CONTACT_ROLES = new Set<string>(Object.values(UNIT_CONTACT_ROLES));

@Injectable()
export class NoticesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
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
    const rows = await this.dataSource.query<(Omit<MyNotice, 'receiptForm'> & { template: EventTemplate | null })[]>(
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
          -- a later round of the same notice replaces the earlier one
          AND n.round = (SELECT max(round) FROM notices n2 WHERE n2.event_id = n.event_id AND n2.step_id = n.step_id)
        ORDER BY r.status = 'acknowledged', n.receipts_due_at NULLS LAST, n.issued_at DESC
        LIMIT 200`,
      [units, status ?? null],
    );
    return rows.map(({ template, ...row }) => {
      const step = template ? findStep(template.steps, row.stepId) : undefined;
      return { ...row, receiptForm: step?.type === 'notify' ? (step.receipt?.form ?? null) : null };
    });
  }
}
