// The SQL of the year's summary: the read model's rows of the events whose day falls in the year;
// the year's campaigns come from their own read model. Read-only; the workflows' activities write these tables.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignReadModel } from '../campaigns/campaign-read-model';
import { chinaYearBounds } from '../common/china-time';
import { type YearCampaignRow, type YearEventRow, type YearNoticeRow, type YearReceiptRow, type YearReportRow, type YearRows } from './year-summary';

/** The moves of an event's day, whose earliest `before` is the day first set (原定). */
const DATE_MOVES = `('event.rescheduled', 'event.resumed', 'event.postponed')`;

@Injectable()
export class YearSummaryRepository {
  constructor(
    private readonly db: DataSource,
    private readonly campaigns: CampaignReadModel,
  ) {}

  async rows(year: number): Promise<YearRows> {
    const { from, to } = chinaYearBounds(year);
    const events = await this.db.query<YearEventRow[]>(
      `SELECT e.id, e.title, e.template_code AS "templateCode", tv.content AS template, e.lead_unit AS "leadUnit",
              json_build_object('zh-CN', coalesce(u.name_zh, e.lead_unit), 'en', coalesce(u.name_en, e.lead_unit)) AS "leadName",
              e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.status,
              (SELECT a.before->>'startsAt' FROM audit_log a
                WHERE a.event_id = e.id AND a.action IN ${DATE_MOVES} AND a.before->>'startsAt' IS NOT NULL
                ORDER BY a.seq LIMIT 1) AS "firstStartsAt"
         FROM events e
         LEFT JOIN template_versions tv ON tv.code = e.template_code AND tv.version = e.template_version
         LEFT JOIN units u ON u.code = e.lead_unit
        WHERE e.starts_at >= $1 AND e.starts_at < $2
        ORDER BY e.starts_at, e.id`,
      [from, to],
    );
    const ids = events.map((e) => e.id);
    const [notices, receipts, reports, districts, campaigns] = await Promise.all([
      this.db.query<YearNoticeRow[]>(
        `SELECT n.id, n.event_id AS "eventId", n.step_id AS "stepId", n.doc_number AS "docNumber", n.subject,
                n.issued_at AS "issuedAt", n.receipts_due_at AS "receiptsDueAt",
                n.round = max(n.round) OVER (PARTITION BY n.event_id, n.step_id) AS latest
           FROM notices n WHERE n.event_id = ANY($1::uuid[])
          ORDER BY n.issued_at, n.id`,
        [ids],
      ),
      this.db.query<YearReceiptRow[]>(
        `SELECT r.notice_id AS "noticeId", r.unit_code AS "unitCode", r.status, r.late
           FROM notice_receipts r JOIN notices n ON n.id = r.notice_id
          WHERE n.event_id = ANY($1::uuid[])`,
        [ids],
      ),
      // The report as last submitted: a later round (after a 退回) replaces the earlier one.
      this.db.query<YearReportRow[]>(
        `SELECT DISTINCT ON (t.event_id) t.event_id AS "eventId", t.step_id AS "stepId", t.form_values AS values, t.closed_at AS "submittedAt"
           FROM tasks t
          WHERE t.event_id = ANY($1::uuid[]) AND t.kind = 'report' AND t.status = 'completed' AND t.closed_at IS NOT NULL
          ORDER BY t.event_id, t.round DESC, t.closed_at DESC`,
        [ids],
      ),
      this.db.query<{ code: string; name: { 'zh-CN': string; en: string } }[]>(
        `SELECT code, json_build_object('zh-CN', name_zh, 'en', name_en) AS name FROM units WHERE kind = 'district' ORDER BY sort_order, code`,
      ),
      this.campaignsOf(year),
    ]);
    return { events, notices, receipts, reports, districts, campaigns };
  }

  private async campaignsOf(year: number): Promise<YearCampaignRow[]> {
    const rows = await this.campaigns.yearWithReports(year);
    return rows.map((c) => ({
      campaignId: c.id,
      title: c.title,
      status: c.status,
      template: c.template,
      periods: c.periods,
      units: c.units,
      reports: c.reports,
    }));
  }
}
