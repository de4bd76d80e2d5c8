// The three exports as tables: a notice's receipts (签收情况), its nominations (推荐名单), an event's
// 操作记录. Pure functions of what the API already shows the caller (values cut and masked as there).
import type { EventTemplate, FormField } from '../../workflows/template-types';
import type { ReadableAuditEntry } from '../events/audit-trail';
import { findStep } from '../tasks/task-forms';
import { cellOf, chinaTime, type Cell, type Sheet } from './workbook';

/** A unit's line of the receipt roll-up, as GET …/receipts answers it. */
export interface RollupUnit {
  unitCode: string;
  unitName: string;
  status: 'acknowledged' | 'pending' | 'overdue';
  late: boolean;
  acknowledgedBy?: { displayName: string };
  acknowledgedAt?: string;
  values?: Record<string, unknown>;
}

const STATUS: Record<RollupUnit['status'], string> = { acknowledged: '已签收 Acknowledged', pending: '待签收 Pending', overdue: '逾期 Overdue' };

/** The receipt form's fields, from the template version the event runs. */
export function receiptFields(template: EventTemplate | undefined, stepId: string): FormField[] {
  const step = template ? findStep(template.steps, stepId) : undefined;
  return step?.type === 'notify' ? (step.receipt?.form?.fields ?? []) : [];
}

export function receiptsSheet(units: RollupUnit[], fields: FormField[]): Sheet {
  return {
    name: '签收情况',
    columns: [
      { zh: '单位', en: 'Unit', width: 24 },
      { zh: '状态', en: 'Status', width: 18 },
      { zh: '签收人', en: 'Acknowledged by' },
      { zh: '签收时间', en: 'Acknowledged at', width: 18 },
      { zh: '逾期签收', en: 'Late' },
      ...fields.map((f) => ({ zh: f.label['zh-CN'], en: f.label.en, width: 24 })),
    ],
    rows: units.map((u) => [
      u.unitName,
      STATUS[u.status],
      u.acknowledgedBy?.displayName ?? null,
      chinaTime(u.acknowledgedAt) || null,
      u.status === 'acknowledged' ? (u.late ? '是 Yes' : '否 No') : null,
      ...fields.map((f) => cellOf(u.values?.[f.key])),
    ]),
  };
}

/**
 * One row per nominee: every item of each list field of the acknowledged receipts (推荐人选, 推荐集体 …),
 * numbered within its unit and field. Undefined when the receipt form has no list to nominate in.
 */
export function nominationsSheet(units: RollupUnit[], fields: FormField[]): Sheet | undefined {
  const lists = fields.filter((f) => f.type === 'list');
  if (!lists.length) return undefined;
  const rows: Cell[][] = [];
  for (const u of units) {
    for (const f of lists) {
      const items = u.values?.[f.key];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => rows.push([u.unitName, f.label['zh-CN'], i + 1, cellOf(item), u.acknowledgedBy?.displayName ?? null, chinaTime(u.acknowledgedAt) || null]));
    }
  }
  return {
    name: '推荐名单',
    columns: [
      { zh: '推荐单位', en: 'Nominating unit', width: 24 },
      { zh: '类别', en: 'Kind', width: 24 },
      { zh: '序号', en: 'No.' },
      { zh: '推荐人选', en: 'Nominee', width: 30 },
      { zh: '填报人', en: 'Sent by' },
      { zh: '填报时间', en: 'Sent at', width: 18 },
    ],
    rows,
  };
}

/** What each audit action reads as in the sheet, in the page's words; an action added later shows its code. */
const ACTIONS: Record<string, string> = {
  'event.started': '发起活动',
  'event.rescheduled': '活动改期',
  'event.postponed': '活动延期',
  'event.resumed': '恢复活动',
  'event.cancelled': '取消活动',
  'event.archived': '归档',
  'task.completed': '完成任务',
  'task.delegated': '转交',
  'task.urged': '催办',
  'report.submitted': '提交总结',
  'sign-off.approved': '审批同意',
  'sign-off.rejected': '审批退回',
  'sign-off.withdrawn': '撤回',
  'sign-off.level-skipped': '审批级别跳过',
  'sign-off.signer-added': '加签',
  'cc.sent': '抄送',
  'step.skipped': '步骤跳过',
  'notice.issued': '下发通知',
  'notice.acknowledged': '签收通知',
  'receipt.urged': '催签收',
  'receipts.urged': '一键催办',
  'reminder.before-event': '活动提醒',
  'reminder.receipt': '签收提醒',
  'reminder.receipt-escalation': '签收督办',
  'reminder.report-due': '总结提醒',
  'reminder.report-overdue': '总结逾期提醒',
  'reminder.report-escalation': '总结督办',
  'reminder.task-sla': '催办',
  'reminder.task-escalation': '督办',
  'reminder.task-overdue': '到期提醒',
};

export function auditSheet(entries: ReadableAuditEntry[]): Sheet {
  return {
    name: '操作记录',
    columns: [
      { zh: '序号', en: 'No.' },
      { zh: '时间', en: 'When', width: 18 },
      { zh: '操作人', en: 'By', width: 14 },
      { zh: '操作', en: 'Action', width: 16 },
      { zh: '步骤', en: 'Step', width: 24 },
      { zh: '意见', en: 'Comment', width: 30 },
      { zh: '变更前', en: 'Before', width: 30 },
      { zh: '变更后', en: 'After', width: 40 },
    ],
    rows: entries.map((e) => [
      e.seq,
      chinaTime(e.at),
      e.actorName ?? '系统 System',
      ACTIONS[e.action] ?? e.action,
      stepOf(e),
      e.comment,
      detailsOf(e.before),
      afterOf(e),
    ]),
  };
}

/** The step as the page names it, with the sign-off level: "活动方案审批 · 部门负责人审核". */
function stepOf(e: ReadableAuditEntry): string | null {
  const step = e.stepName?.['zh-CN'] ?? e.stepId;
  return [step, e.levelName?.['zh-CN']].filter(Boolean).join(' · ') || null;
}

type Facts = Record<string, unknown>;

const asFacts = (v: unknown): Facts => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Facts) : {});

/** A person recorded in an entry (transfer, 加签, 抄送, who was told), by name; never by id. Some entries keep the name alone. */
function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const name = asFacts(v).displayName;
  return typeof name === 'string' ? name : undefined;
}

const isPerson = (v: unknown): boolean => typeof asFacts(v).displayName === 'string';

const namesOf = (list: unknown): string => (Array.isArray(list) ? list.map(nameOf).filter(Boolean).join('、') : '');

/** What the entry did, in the page's words where it has them, else its facts as "key：value；…". */
function afterOf(e: ReadableAuditEntry): Cell {
  const after = asFacts(e.after);
  switch (e.action) {
    case 'cc.sent':
      return `抄送：${namesOf(after.recipients)}`;
    case 'sign-off.signer-added':
      return `加签 ${nameOf(after.signer) ?? '—'}，在本人${after.position === 'before' ? '之前' : '之后'}审批`;
    case 'task.delegated': {
      const by = nameOf(after.by);
      return [`${nameOf(after.from) ?? '—'} → ${nameOf(after.to) ?? '—'}`, ...(by ? [`由 ${by} 改派`] : [])].join('；');
    }
    case 'notice.issued':
      return `文号 ${typeof after.docNumber === 'string' ? after.docNumber : '—'}，下发 ${Number(after.recipients ?? 0)} 个单位`;
    default: {
      const units = e.units.length ? [`单位：${e.units.map((u) => u.name['zh-CN']).join('、')}`] : [];
      const told = Array.isArray(after.recipients) && after.recipients.length ? [`通知：${namesOf(after.recipients)}`] : [];
      const shown = ['unitCode', 'unitCodes', ...(told.length ? ['recipients'] : []), ...(e.levelName ? ['level'] : [])];
      const rest = detailsOf(e.after, shown);
      return [...units, ...told, ...(rest === null ? [] : [rest])].join('；') || null;
    }
  }
}

/**
 * An entry's before/after as one readable line: "key：value；…", dates in China time, people by
 * name. `named` keys are left out: their content is shown in words beside (units, level, who was told).
 */
function detailsOf(value: unknown, named: string[] = []): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return cellOf(value);
  const parts = Object.entries(value as Facts)
    .filter(([k, v]) => v !== undefined && v !== null && !named.includes(k))
    .map(([k, v]) => `${k}：${factOf(v)}`);
  return parts.length ? parts.join('；') : null;
}

function factOf(v: unknown): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return chinaTime(v);
  const name = nameOf(v);
  if (name) return name;
  if (Array.isArray(v) && v.some(isPerson)) return namesOf(v);
  return String(cellOf(v));
}
