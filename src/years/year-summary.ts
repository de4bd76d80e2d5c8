// The year's summary (年度工作总结素材) drawn from the read model's rows: every event whose day falls
// in the year (China time) with its documents, receipts and report figures, the year's counts, and
// the plan's targets that the year's campaigns track.
// Pure: the repository reads the rows, this file decides what they add up to.
import type { ProgressStanding, TargetUnit } from '../../workflows/campaign-types';
import type { CampaignStatus } from '../../workflows/campaign-model';
import { tidy } from '../../workflows/campaign/figures';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import { rollupOf, type RollupRows } from '../campaigns/rollup';
import { chinaClock } from '../common/china-time';
import { findStep, formOf } from '../tasks/task-forms';

export const EVENT_STATUSES = ['active', 'postponed', 'cancelled', 'archived'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * How a unit stands with one notice: signed by the due date, signed after it, not signed although
 * the due date has passed or the event is over (缺签), or not signed while there is still time.
 */
export type ReceiptStanding = 'onTime' | 'late' | 'missing' | 'pending';
export type ReceiptCounts = Record<ReceiptStanding, number>;

export interface YearNotice {
  noticeId: string;
  stepId: string;
  /** 渝妇发〔2027〕12号; null for a notice sent without a number. */
  docNumber: string | null;
  subject: LocalizedText;
  issuedAt: string;
  receiptsDueAt: string | null;
  /** Of the notice's latest round (a re-issued notice replaces the earlier receipts). */
  receipts: ReceiptCounts;
}

export interface ReportFigure {
  key: string;
  label: LocalizedText;
  value: number;
}

/**
 * A target of the annual plan that one of the year's campaigns tracks (e.g. 巾帼扶贫工坊 100 个), with
 * the city's figures of its roll-up (进度汇总) when the summary is drawn up.
 */
export interface YearTarget {
  campaignId: string;
  campaign: string;
  /** Never `cancelled`: a cancelled campaign's targets are not the year's. */
  campaignStatus: CampaignStatus;
  key: string;
  label: LocalizedText;
  unit: TargetUnit;
  planFigure: number;
  /** The districts' shares added up (a rate: their mean); null while the allocation is not yet approved. */
  allocated: number | null;
  done: number;
  /** Of the allocated figure, or of the plan's before the allocation (0–1, above 1 when exceeded). */
  completion: number;
  standing: ProgressStanding;
}

export interface YearEvent {
  id: string;
  title: string;
  templateCode: string;
  templateName: LocalizedText;
  leadUnit: { code: string; name: LocalizedText };
  startsAt: string;
  endsAt: string;
  /** 原定: the day first set, where the event was rescheduled since (null when it was not moved). */
  originalStartsAt: string | null;
  status: EventStatus;
  notices: YearNotice[];
  /** Over its notices; all nought for a cancelled event, which is left out of punctuality. */
  receipts: ReceiptCounts;
  /** The report as last submitted: its participants, units covered, the template's own numbers. */
  report: { submittedAt: string; figures: ReportFigure[] } | null;
}

export interface DistrictPunctuality extends ReceiptCounts {
  unitCode: string;
  name: LocalizedText;
}

export interface YearSummary {
  year: number;
  generatedAt: string;
  totals: {
    events: number;
    notices: number;
    /** Notices with a document number (红头文件). */
    documents: number;
    receipts: ReceiptCounts;
    /** Sum of the submitted reports' 参与人数. */
    participants: number;
    reports: number;
  };
  byMonth: { month: number; events: number }[];
  byDepartment: { unitCode: string; name: LocalizedText; events: number }[];
  byStatus: { status: EventStatus; events: number }[];
  /** Every district federation, in the directory's order, over all the year's notices. */
  districts: DistrictPunctuality[];
  events: YearEvent[];
  /** Campaign by campaign in the order they were started, target by target in the template's order. */
  targets: YearTarget[];
}

// ---- the rows it is drawn from ---------------------------------------------------------------

export interface YearEventRow {
  id: string;
  title: string;
  templateCode: string;
  template: EventTemplate | null;
  leadUnit: string;
  leadName: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  firstStartsAt: string | null;
  status: EventStatus;
}

export interface YearNoticeRow {
  id: string;
  eventId: string;
  stepId: string;
  docNumber: string | null;
  subject: LocalizedText;
  issuedAt: Date;
  receiptsDueAt: Date | null;
  /** The latest round of its step: its receipts are the ones that count. */
  latest: boolean;
}

export interface YearReceiptRow {
  noticeId: string;
  unitCode: string;
  status: 'pending' | 'acknowledged';
  late: boolean;
}

export interface YearReportRow {
  eventId: string;
  stepId: string;
  values: Record<string, unknown> | null;
  submittedAt: Date;
}

/** A campaign of the year that was not cancelled, with the rows of its roll-up. */
export interface YearCampaignRow extends RollupRows {
  title: string;
  status: CampaignStatus;
}

export interface YearRows {
  events: YearEventRow[];
  notices: YearNoticeRow[];
  receipts: YearReceiptRow[];
  reports: YearReportRow[];
  districts: { code: string; name: LocalizedText }[];
  campaigns: YearCampaignRow[];
}

const noCounts = (): ReceiptCounts => ({ onTime: 0, late: 0, missing: 0, pending: 0 });

function add(into: ReceiptCounts, from: ReceiptCounts): void {
  into.onTime += from.onTime;
  into.late += from.late;
  into.missing += from.missing;
  into.pending += from.pending;
}

/** An archived event is over: a receipt it never got is missing, whatever its due date. */
export function standingOf(r: YearReceiptRow, notice: Pick<YearNoticeRow, 'receiptsDueAt'>, eventStatus: EventStatus, now: Date): ReceiptStanding {
  if (r.status === 'acknowledged') return r.late ? 'late' : 'onTime';
  const overdue = notice.receiptsDueAt !== null && notice.receiptsDueAt.getTime() < now.getTime();
  return overdue || eventStatus === 'archived' ? 'missing' : 'pending';
}

/** The report's figures in its form's order: numbers as submitted, and how many units it covered. */
export function reportFigures(template: EventTemplate | null, report: YearReportRow): ReportFigure[] {
  const step = template && findStep(template.steps, report.stepId);
  const form = step ? formOf(step) : undefined;
  const values = report.values ?? {};
  const figures: ReportFigure[] = [];
  for (const field of form?.fields ?? []) {
    const value = values[field.key];
    if ((field.type === 'integer' || field.type === 'number') && typeof value === 'number') figures.push({ key: field.key, label: field.label, value });
    else if (field.key === 'unitsCovered' && Array.isArray(value)) figures.push({ key: field.key, label: field.label, value: value.length });
  }
  return figures;
}

/** The city's line of each campaign's roll-up, as GET /api/campaigns/{id}/rollup computes it at `now`. */
export function targetsOf(campaigns: readonly YearCampaignRow[], now: Date): YearTarget[] {
  return campaigns.flatMap((c) => {
    const { totals } = rollupOf(c, now.getTime());
    return c.template.targets.map((t) => {
      const city = totals[t.key];
      return {
        campaignId: c.campaignId,
        campaign: c.title,
        campaignStatus: c.status,
        key: t.key,
        label: t.name,
        unit: t.unit,
        planFigure: t.planFigure,
        allocated: c.units.length ? tidy(city.allocated) : null,
        done: tidy(city.done),
        completion: city.completion,
        standing: city.standing,
      };
    });
  });
}

function monthOf(at: Date): number {
  return chinaClock(at.getTime()).getUTCMonth() + 1;
}

export function summarise(year: number, now: Date, rows: YearRows): YearSummary {
  const statusOf = new Map(rows.events.map((e) => [e.id, e.status]));
  const noticeById = new Map(rows.notices.map((n) => [n.id, n]));
  const countsByNotice = new Map(rows.notices.map((n) => [n.id, noCounts()]));
  const districts = new Map(rows.districts.map((d) => [d.code, { unitCode: d.code, name: d.name, ...noCounts() }]));

  for (const r of rows.receipts) {
    const notice = noticeById.get(r.noticeId);
    if (!notice?.latest) continue;
    const eventStatus = statusOf.get(notice.eventId) ?? 'active';
    // An event that did not take place says nothing of a district's punctuality (the row shows 已取消).
    if (eventStatus === 'cancelled') continue;
    const standing = standingOf(r, notice, eventStatus, now);
    countsByNotice.get(notice.id)![standing] += 1;
    const district = districts.get(r.unitCode);
    if (district) district[standing] += 1;
  }

  const reportOf = new Map(rows.reports.map((r) => [r.eventId, r]));
  const events: YearEvent[] = rows.events.map((e) => {
    const notices = rows.notices
      .filter((n) => n.eventId === e.id)
      .map((n) => ({
        noticeId: n.id,
        stepId: n.stepId,
        docNumber: n.docNumber,
        subject: n.subject,
        issuedAt: n.issuedAt.toISOString(),
        receiptsDueAt: n.receiptsDueAt?.toISOString() ?? null,
        receipts: n.latest ? countsByNotice.get(n.id)! : noCounts(),
      }));
    const receipts = noCounts();
    for (const n of notices) add(receipts, n.receipts);
    const report = reportOf.get(e.id);
    const startsAt = e.startsAt.toISOString();
    const firstStartsAt = e.firstStartsAt && new Date(e.firstStartsAt).toISOString();
    return {
      id: e.id,
      title: e.title,
      templateCode: e.templateCode,
      templateName: e.template?.name ?? { 'zh-CN': e.templateCode, en: e.templateCode },
      leadUnit: { code: e.leadUnit, name: e.leadName },
      startsAt,
      endsAt: e.endsAt.toISOString(),
      originalStartsAt: firstStartsAt && firstStartsAt !== startsAt ? firstStartsAt : null,
      status: e.status,
      notices,
      receipts,
      report: report ? { submittedAt: report.submittedAt.toISOString(), figures: reportFigures(e.template, report) } : null,
    };
  });

  const receipts = noCounts();
  for (const e of events) add(receipts, e.receipts);
  const byDepartment = new Map<string, { unitCode: string; name: LocalizedText; events: number }>();
  for (const e of rows.events) {
    const entry = byDepartment.get(e.leadUnit) ?? { unitCode: e.leadUnit, name: e.leadName, events: 0 };
    entry.events += 1;
    byDepartment.set(e.leadUnit, entry);
  }
  return {
    year,
    generatedAt: now.toISOString(),
    totals: {
      events: events.length,
      // A notice re-issued in a later round is still one notice; each round is a document of its own.
      notices: new Set(rows.notices.map((n) => `${n.eventId}/${n.stepId}`)).size,
      documents: rows.notices.filter((n) => n.docNumber).length,
      receipts,
      participants: events.reduce((sum, e) => sum + (e.report?.figures.find((f) => f.key === 'participants')?.value ?? 0), 0),
      reports: events.filter((e) => e.report).length,
    },
    byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, events: rows.events.filter((e) => monthOf(e.startsAt) === i + 1).length })),
    byDepartment: [...byDepartment.values()].sort((a, b) => b.events - a.events || a.unitCode.localeCompare(b.unitCode)),
    byStatus: EVENT_STATUSES.map((status) => ({ status, events: rows.events.filter((e) => e.status === status).length })),
    districts: [...districts.values()],
    events,
    targets: targetsOf(rows.campaigns, now),
  };
}
