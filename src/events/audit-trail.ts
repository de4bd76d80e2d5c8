// The 操作记录 as people read it: each entry with the names of its step, its sign-off level and the
// units it concerns, in both languages, resolved once here from the event's template and the
// directory, so that every reader of the trail (the page, an export) shows the same names.
import type { LocalizedText, Step } from '../../workflows/template-types';
import { findStep } from '../tasks/task-forms';
import type { AuditEntryRow } from '../read-model/read-model.repository';

export interface ReadableAuditEntry extends AuditEntryRow {
  stepName: LocalizedText | null;
  /** A sign-off entry: the level it was decided at (部门负责人会签). */
  levelName: LocalizedText | null;
  /** The units the entry concerns: the one that acknowledged (签收), the ones urged (催办). */
  units: { code: string; name: LocalizedText }[];
}

/** The codes of the units an entry's `after` names, in its order. */
function unitCodesOf(after: unknown): string[] {
  if (!after || typeof after !== 'object') return [];
  const { unitCode, unitCodes } = after as { unitCode?: unknown; unitCodes?: unknown };
  const codes = [...(typeof unitCode === 'string' ? [unitCode] : []), ...(Array.isArray(unitCodes) ? unitCodes.filter((c): c is string => typeof c === 'string') : [])];
  return [...new Set(codes)];
}

function levelOf(step: Step | undefined, after: unknown): LocalizedText | null {
  const level = after && typeof after === 'object' ? (after as { level?: unknown }).level : undefined;
  if (step?.type !== 'approval' || typeof level !== 'number') return null;
  return step.levels[level]?.name ?? null;
}

export function readableAudit(rows: AuditEntryRow[], steps: Step[], unitName: (code: string) => LocalizedText | undefined): ReadableAuditEntry[] {
  return rows.map((row) => {
    const step = row.stepId ? findStep(steps, row.stepId) : undefined;
    return {
      ...row,
      stepName: step?.name ?? null,
      levelName: levelOf(step, row.after),
      units: unitCodesOf(row.after).map((code) => ({ code, name: unitName(code) ?? { 'zh-CN': code, en: code } })),
    };
  });
}
