// The year's summary as a workbook's four sheets (活动 / 签收 / 按区县 / 目标任务) and as the PDF's
// data: the same figures the page shows, in the office's words (China time, Chinese first).
import { FEDERATION, type YearSummaryDocument } from '../documents/document-model';
import { chinaTime, type Cell, type Sheet } from '../exports/workbook';
import type { CampaignStatus } from '../../workflows/campaign-model';
import { percent, STANDING, standingCell } from '../campaigns/campaign-export';
import type { EventStatus, ReceiptCounts, YearEvent, YearSummary } from './year-summary';

const STATUS: Record<EventStatus, { zh: string; en: string }> = {
  active: { zh: '进行中', en: 'Active' },
  postponed: { zh: '延期待定', en: 'Postponed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  archived: { zh: '已归档', en: 'Archived' },
};

const CAMPAIGN_STATUS: Record<CampaignStatus, { zh: string; en: string }> = {
  allocating: { zh: '任务分解中', en: 'Allocating' },
  running: { zh: '进行中', en: 'Running' },
  assessing: { zh: '年度考核中', en: 'Assessing' },
  archived: { zh: '已归档', en: 'Archived' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** 未分解: the allocation is still being drawn up and signed off, no district has a share yet. */
const NOT_ALLOCATED = { zh: '未分解', en: 'Not allocated yet' };

const RECEIPT_COLUMNS = [
  { zh: '按时签收', en: 'On time' },
  { zh: '逾期签收', en: 'Late' },
  { zh: '未签收', en: 'Missing' },
  { zh: '待签收（未到期）', en: 'Pending (not yet due)' },
];

const receiptCells = (c: ReceiptCounts): Cell[] => [c.onTime, c.late, c.missing, c.pending];

/** The figures the report does not have a column of its own for: label 数值, joined. */
function otherFigures(e: YearEvent): string | null {
  const others = (e.report?.figures ?? []).filter((f) => f.key !== 'participants' && f.key !== 'unitsCovered');
  return others.length ? others.map((f) => `${f.label['zh-CN']} ${f.value}`).join('；') : null;
}

const figure = (e: YearEvent, key: string): number | null => e.report?.figures.find((f) => f.key === key)?.value ?? null;

function documentsOf(e: YearEvent): string | null {
  const numbered = e.notices.filter((n) => n.docNumber);
  return numbered.length ? numbered.map((n) => `${n.docNumber} ${n.subject['zh-CN']}`).join('\n') : null;
}

export function yearSheets(s: YearSummary): Sheet[] {
  const events: Sheet = {
    name: '活动',
    columns: [
      { zh: '活动', en: 'Event', width: 40 },
      { zh: '模板', en: 'Template', width: 36 },
      { zh: '牵头部门', en: 'Lead department', width: 20 },
      { zh: '开始时间', en: 'Starts', width: 18 },
      { zh: '结束时间', en: 'Ends', width: 18 },
      { zh: '原定时间', en: 'Originally', width: 18 },
      { zh: '状态', en: 'Status' },
      { zh: '发文', en: 'Documents issued', width: 48 },
      ...RECEIPT_COLUMNS,
      { zh: '参与人数', en: 'Participants' },
      { zh: '覆盖单位数', en: 'Units covered' },
      { zh: '其他数据', en: 'Other figures', width: 40 },
    ],
    rows: s.events.map((e) => [
      e.title,
      e.templateName['zh-CN'],
      e.leadUnit.name['zh-CN'],
      chinaTime(e.startsAt),
      chinaTime(e.endsAt),
      chinaTime(e.originalStartsAt) || null,
      `${STATUS[e.status].zh} ${STATUS[e.status].en}`,
      documentsOf(e),
      ...receiptCells(e.receipts),
      figure(e, 'participants'),
      figure(e, 'unitsCovered'),
      otherFigures(e),
    ]),
  };
  const notices: Sheet = {
    name: '签收',
    columns: [
      { zh: '活动', en: 'Event', width: 40 },
      { zh: '文号', en: 'Document number', width: 20 },
      { zh: '通知标题', en: 'Notice', width: 48 },
      { zh: '下发时间', en: 'Issued', width: 18 },
      { zh: '签收截止', en: 'Receipts due', width: 18 },
      ...RECEIPT_COLUMNS,
    ],
    rows: s.events.flatMap((e) =>
      e.notices.map((n) => [e.title, n.docNumber, n.subject['zh-CN'], chinaTime(n.issuedAt), chinaTime(n.receiptsDueAt) || null, ...receiptCells(n.receipts)]),
    ),
  };
  const districts: Sheet = {
    name: '按区县',
    columns: [{ zh: '区县妇联', en: 'District federation', width: 24 }, ...RECEIPT_COLUMNS, { zh: '按时签收率', en: 'On-time rate' }],
    rows: s.districts.map((d) => [d.name['zh-CN'], ...receiptCells(d), onTimeRate(d)]),
  };
  const targets: Sheet = {
    name: '目标任务',
    columns: [
      { zh: '目标管理', en: 'Campaign', width: 40 },
      { zh: '状态', en: 'Status', width: 18 },
      { zh: '指标', en: 'Target', width: 40 },
      { zh: '计量单位', en: 'Measured in' },
      { zh: '计划数', en: 'Plan figure' },
      { zh: '已分解', en: 'Allocated' },
      { zh: '完成', en: 'Done so far' },
      { zh: '完成率', en: 'Completion' },
      { zh: '进度', en: 'Standing', width: 16 },
    ],
    rows: s.targets.map((t) => [
      t.campaign,
      `${CAMPAIGN_STATUS[t.campaignStatus].zh} ${CAMPAIGN_STATUS[t.campaignStatus].en}`,
      t.label['zh-CN'],
      t.unit,
      t.planFigure,
      t.allocated ?? `${NOT_ALLOCATED.zh} ${NOT_ALLOCATED.en}`,
      t.done,
      percent(t.completion),
      standingCell(t.standing),
    ]),
  };
  return [events, notices, districts, targets];
}

/** Signed on time out of those that are due (a receipt still within its time is not counted). */
export function onTimeRate(c: ReceiptCounts): string | null {
  const due = c.onTime + c.late + c.missing;
  return due ? `${Math.round((c.onTime / due) * 100)}%` : null;
}

/** 6月1日: a day of the year in China time (the year is the summary's own). */
function monthDay(at: string): string {
  const [, month, day] = chinaTime(at).slice(0, 10).split('-').map(Number);
  return `${month}月${day}日`;
}

/** The summary as the PDF layout takes it (src/documents/document-model.ts). */
export function yearDocument(s: YearSummary): YearSummaryDocument {
  const r = s.totals.receipts;
  return {
    kind: 'year-summary',
    // A record of the year, not a 红头文件: the federation's name without 文件.
    header: FEDERATION,
    year: s.year,
    generatedAt: s.generatedAt,
    totals: [
      { label: '活动总数', value: String(s.totals.events) },
      ...s.byStatus.map((x) => ({ label: STATUS[x.status].zh, value: String(x.events) })),
      { label: '下发通知', value: String(s.totals.notices) },
      { label: '其中编号公文', value: String(s.totals.documents) },
      { label: '按时签收', value: String(r.onTime) },
      { label: '逾期签收', value: String(r.late) },
      { label: '未签收', value: String(r.missing) },
      { label: '待签收（未到期）', value: String(r.pending) },
      { label: '已提交活动总结', value: String(s.totals.reports) },
      { label: '参与人数合计', value: String(s.totals.participants) },
    ],
    events: s.events.map((e) => ({
      title: e.title,
      templateName: e.templateName['zh-CN'],
      leadUnit: e.leadUnit.name['zh-CN'],
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      status: e.originalStartsAt ? `${STATUS[e.status].zh}（原定${monthDay(e.originalStartsAt)}）` : STATUS[e.status].zh,
      documents: e.notices.filter((n) => n.docNumber).map((n) => `${n.docNumber} ${n.subject['zh-CN']}`),
      // The layout has three columns; a receipt still within its time is not missing yet.
      receipts: { acknowledged: e.receipts.onTime, late: e.receipts.late, missing: e.receipts.missing },
      figures: (e.report?.figures ?? []).map((f) => ({ label: f.label['zh-CN'], value: String(f.value) })),
    })),
    districts: s.districts.map((d) => ({ unit: d.name['zh-CN'], onTime: d.onTime, late: d.late, missing: d.missing })),
    targets: s.targets.map((t) => ({
      campaign: t.campaign,
      target: `${t.label['zh-CN']}（${t.unit}）`,
      planFigure: String(t.planFigure),
      allocated: t.allocated === null ? NOT_ALLOCATED.zh : String(t.allocated),
      done: String(t.done),
      completion: percent(t.completion),
      standing: STANDING[t.standing].zh,
    })),
  };
}
