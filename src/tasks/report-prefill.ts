// The post-event report (活动总结) starts from what the workflow knows: the attendance counted at
// check-in (实到人数), the units that acknowledged the notices, and a text of the facts (notified,
// acknowledged, late; the documents issued; the honourees of a decision). The author edits it; the
// same facts are shown beside the form, and printed in the archived report.
import type { LocalizedText, Step } from '../../workflows/template-types';
import { linesOf } from '../documents/document-text';

export interface ReportFact {
  key: 'attendance' | 'notified' | 'acknowledged' | 'late' | 'documents' | 'honourees';
  label: LocalizedText;
  value: LocalizedText;
}

/** A notice as the facts need it: from the live state or from the frozen record alike. */
export interface FactNotice {
  stepId: string;
  round: number;
  docNumber: string | null;
  subject: string;
  /** 'acknowledged' or 'pending', as the receipt says. */
  receipts: { unitName: string; status: string; late: boolean }[];
}

export interface FactSource {
  notices: readonly FactNotice[];
  /** The latest completed submission of a step, as the caller may see it; undefined when none is readable. */
  latestValues(stepId: string): Record<string, unknown> | undefined;
}

/**
 * A check-in field counts people when it is an integer labelled 实到…人数 (实到人数, 实到执委人数); a
 * count of families (实到家庭数) is not a number of participants, so it does not prefill one.
 */
const HEADCOUNT = /^实到.*人数$/;

function walk(steps: readonly Step[]): Step[] {
  return steps.flatMap((s) => (s.type === 'parallel' ? [s, ...s.branches.flatMap((b) => walk(b.steps))] : [s]));
}

/** Each task step's integer field that counts who attended, in the template's order. */
export function headcountFields(steps: readonly Step[]): { stepId: string; key: string }[] {
  return walk(steps).flatMap((s) =>
    s.type === 'task' ? (s.form?.fields ?? []).filter((f) => f.type === 'integer' && HEADCOUNT.test(f.label['zh-CN'])).map((f) => ({ stepId: s.id, key: f.key })) : [],
  );
}

/** The headcount at the event: the last check-in step's 实到人数 that was submitted. */
function attendance(steps: readonly Step[], source: FactSource): number | undefined {
  const counted = headcountFields(steps)
    .map(({ stepId, key }) => source.latestValues(stepId)?.[key])
    .filter((v): v is number => typeof v === 'number' && Number.isInteger(v));
  return counted.at(-1);
}

/** Each notice's latest round: a notice sent again replaces the earlier one. */
function latestRounds(notices: readonly FactNotice[]): FactNotice[] {
  const latest = new Map<string, FactNotice>();
  for (const n of notices) if ((latest.get(n.stepId)?.round ?? 0) < n.round) latest.set(n.stepId, n);
  return [...latest.values()];
}

/** The units that acknowledged a notice, each once, in the notices' order of units. */
export function unitsAcknowledged(notices: readonly FactNotice[]): string[] {
  const units = latestRounds(notices).flatMap((n) => n.receipts.filter((r) => r.status === 'acknowledged').map((r) => r.unitName));
  return [...new Set(units)];
}

/** The names a decision of the event lists (三八红旗手…), by list heading, from the steps they come from. */
function honourees(steps: readonly Step[], source: FactSource): { heading: string; names: string[] }[] {
  return walk(steps).flatMap((s) =>
    s.type === 'notify' && s.document?.kind === 'decision'
      ? (s.document.lists ?? []).flatMap((list) => {
          // Read as the decision prints them (document-text.ts), so the two never differ.
          const listed = linesOf(source.latestValues(list.from.step)?.[list.from.field]);
          return listed.length ? [{ heading: list.heading['zh-CN'], names: listed }] : [];
        })
      : [],
  );
}

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** What the workflow's record says of the event, fact by fact, in both languages. */
export function reportFacts(steps: readonly Step[], source: FactSource): ReportFact[] {
  const facts: ReportFact[] = [];
  const present = attendance(steps, source);
  if (present !== undefined) facts.push({ key: 'attendance', label: text('实到人数', 'Attendance'), value: text(`${present}人`, `${present}`) });

  const notices = latestRounds(source.notices).filter((n) => n.receipts.length > 0);
  if (notices.length) {
    const units = new Set(notices.flatMap((n) => n.receipts.map((r) => r.unitName)));
    const acknowledged = unitsAcknowledged(notices);
    const late = new Set(notices.flatMap((n) => n.receipts.filter((r) => r.status === 'acknowledged' && r.late).map((r) => r.unitName)));
    facts.push(
      { key: 'notified', label: text('通知单位', 'Units notified'), value: text(`${units.size}个`, `${units.size}`) },
      { key: 'acknowledged', label: text('已签收单位', 'Units acknowledged'), value: text(`${acknowledged.length}个`, `${acknowledged.length}`) },
      { key: 'late', label: text('逾期签收单位', 'Units acknowledged late'), value: text(`${late.size}个`, `${late.size}`) },
    );
  }

  const issued = latestRounds(source.notices).filter((n) => n.docNumber);
  if (issued.length) {
    const list = issued.map((n) => `${n.docNumber}《${n.subject}》`);
    facts.push({ key: 'documents', label: text('印发文件', 'Documents issued'), value: text(list.join('；'), list.join('; ')) });
  }

  for (const list of honourees(steps, source)) {
    facts.push({ key: 'honourees', label: text(list.heading, list.heading), value: text(list.names.join('、'), list.names.join(', ')) });
  }
  return facts;
}

/** The facts as the 数据指标 field's starting text: one line each, as a person would type them. */
export function factsText(facts: readonly ReportFact[]): string {
  return facts.map((f) => `${f.label['zh-CN']}：${f.value['zh-CN']}`).join('\n');
}

/** Where a report form starts: the headcount, the units covered and the facts, each only when known. */
export function reportPrefill(steps: readonly Step[], source: FactSource): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const present = attendance(steps, source);
  if (present !== undefined) values.participants = present;
  const units = unitsAcknowledged(source.notices);
  if (units.length) values.unitsCovered = units;
  const facts = reportFacts(steps, source);
  if (facts.length) values.figures = factsText(facts);
  return values;
}
