// A campaign's 任务分解表 as the notice that gives the units their targets prints it: a row per unit, a
// column per target (its name and unit of measure), the sums at the foot. Pure: the notice's data in,
// the table's cells out.
import { figureText, tidy } from '../../workflows/campaign/figures';
import type { Allocation } from '../../workflows/campaign-types';
import type { AllocationFieldSpec, EventTemplate, FormField, Step } from '../../workflows/template-types';
import type { AllocationSheet } from './document-model';

export const ALLOCATION_SHEET_TITLE = '任务分解表';

export function allocationSheet(spec: AllocationFieldSpec, table: Allocation): AllocationSheet {
  const cell = (n: number | undefined) => (n === undefined ? '' : String(tidy(n)));
  return {
    title: ALLOCATION_SHEET_TITLE,
    columns: ['单位', ...spec.targets.map((t) => `${t.name['zh-CN']}（${t.unit}）`)],
    rows: spec.units.map((u) => [u.name, ...spec.targets.map((t) => cell(table[u.code]?.[t.key]))]),
    // A target given to each unit has no sum to show: every unit's figure is the plan's.
    sums: [
      '合计',
      ...spec.targets.map((t) =>
        t.allocation === 'each' ? `每个单位 ${figureText(t, t.planFigure)}` : cell(spec.units.reduce((sum, u) => sum + (table[u.code]?.[t.key] ?? 0), 0)),
      ),
    ],
  };
}

/** The first allocation field of a template's tasks, with its step: what a campaign task's notice gives out. */
export function allocationFieldOf(template: EventTemplate): { stepId: string; field: FormField & { allocation: AllocationFieldSpec } } | undefined {
  const walk = (steps: Step[]): ReturnType<typeof allocationFieldOf> => {
    for (const step of steps) {
      if (step.type === 'parallel') {
        for (const branch of step.branches) {
          const found = walk(branch.steps);
          if (found) return found;
        }
      }
      const field = step.type === 'task' ? step.form?.fields.find((f) => f.type === 'allocation' && f.allocation) : undefined;
      if (field?.allocation) return { stepId: step.id, field: { ...field, allocation: field.allocation } };
    }
    return undefined;
  };
  return walk(template.steps);
}
