// The archived report (活动总结) as a document, from the frozen record alone (and the template version
// the event ran, immutable once used): rendered whenever, it says the same, so its PDF is rendered
// once, on first asking, and stored.
import { reportForm } from '../../workflows/forms';
import type { EventTemplate, FormField } from '../../workflows/template-types';
import { FEDERATION, type ReportDocument } from '../documents/document-model';
import { findStep } from '../tasks/task-forms';
import { reportFacts, type FactSource } from '../tasks/report-prefill';
import type { ArchiveRecord } from './archive-record';

/** A scalar as printed: texts and numbers as they are, anything else as its JSON. */
const shown = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? `${v}` : JSON.stringify(v));

/** A form value as a printed report shows it; empty for a value left blank. */
export function printedValue(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const optionLabel = (v: unknown) => field.options?.find((o) => o.value === v)?.label['zh-CN'] ?? shown(v);
  switch (field.type) {
    case 'boolean':
      return value === true ? '是' : '否';
    case 'select':
    case 'multiselect':
      return items.map(optionLabel).join('、');
    case 'file':
      return items.map((f) => shown((f as { name?: unknown } | null)?.name ?? '')).join('、');
    case 'list':
      return items.map(shown).join('、');
    default:
      return shown(value);
  }
}

/** The facts as the record holds them: each step's last completed submission, the notices' receipts. */
function recordFacts(record: ArchiveRecord): FactSource {
  return {
    notices: record.notices.map((n) => ({ stepId: n.stepId, round: n.round, docNumber: n.docNumber, subject: n.subject['zh-CN'], receipts: n.receipts })),
    latestValues: (stepId) =>
      record.tasks
        .filter((t) => t.stepId === stepId && t.kind !== 'sign-off' && t.status === 'completed')
        .sort((a, b) => a.round - b.round || (a.closedAt ?? '').localeCompare(b.closedAt ?? ''))
        .at(-1)?.values ?? undefined,
  };
}

const DECISIONS: Record<string, string> = { approved: '同意', rejected: '退回' };

export function reportDocument(record: ArchiveRecord, template: EventTemplate, sha256: string): ReportDocument {
  const e = record.event;
  const stepId = record.report?.stepId;
  const step = stepId ? findStep(template.steps, stepId) : undefined;
  const form = reportForm(step?.type === 'report' ? step.form : undefined);
  const values = record.report?.values ?? {};
  const nameOfStep = (id: string) => record.steps.find((s) => s.id === id)?.name['zh-CN'] ?? id;
  const levelOf = new Map(record.tasks.map((t) => [t.id, t.levelName?.['zh-CN'] ?? t.name['zh-CN']]));
  const lastRound = Math.max(0, ...record.signOffs.filter((d) => d.stepId === stepId).map((d) => d.round));
  return {
    kind: 'report',
    header: FEDERATION,
    title: step ? step.name['zh-CN'] : '活动总结',
    eventTitle: e.title,
    templateName: e.template.name['zh-CN'],
    leadUnit: e.leadUnit.name,
    organiser: e.organiser.displayName,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    venue: e.venue,
    author: record.report?.by?.displayName ?? '',
    fields: form.fields.map((f) => ({ label: f.label['zh-CN'], value: printedValue(f, values[f.key]) })).filter((f) => f.value !== ''),
    facts: reportFacts(template.steps, recordFacts(record)).map((f) => ({ label: f.label['zh-CN'], value: f.value['zh-CN'] })),
    tasks: record.tasks
      .filter((t) => t.kind !== 'sign-off' && t.status === 'completed' && t.actedBy && t.closedAt)
      .map((t) => ({ step: nameOfStep(t.stepId), by: t.actedBy!.displayName, at: t.closedAt! })),
    signOffs: record.signOffs
      .filter((d) => d.stepId === stepId && d.round === lastRound)
      .map((d) => ({ level: levelOf.get(d.taskId) ?? `${d.level + 1}`, by: d.by.displayName, decision: DECISIONS[d.decision] ?? d.decision, at: d.at, comment: d.comment })),
    archive: { archivedAt: e.archivedAt, sha256 },
  };
}
