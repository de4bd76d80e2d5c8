// The year-end assessment table (年度考核): every unit scored by the template's rules, then ranked.
import type { CampaignTemplate } from '../campaign-types';
import type { UnitAssessment, UnitCampaignState } from '../campaign-model';
import { assessDistrict } from './assessment';
import { owes } from './periods';

/**
 * Each unit's score from its targets, its figures so far and when each owed period's report first
 * came in (a period due before the unit started is not owed: periods.ts → owes); rank 1 the best, ties shared.
 */
export function assessmentTable(template: CampaignTemplate, units: readonly UnitCampaignState[]): UnitAssessment[] {
  const rows = units.map((u) => {
    const reports = u.periods.filter((p) => owes(p, Date.parse(u.startedAt))).map((p) => {
      const r = u.reports.find((x) => x.periodIndex === p.index);
      return { dueAt: p.dueAt, submittedAt: r ? (r.firstSubmittedAt ?? r.submittedAt) : undefined };
    });
    return { unitCode: u.unitCode, unitName: u.unitName, targets: u.targets, done: u.soFar, ...assessDistrict(template, u.targets, u.soFar, reports), rank: 0 };
  });
  for (const row of rows) row.rank = 1 + rows.filter((other) => other.score > row.score).length;
  return rows;
}
