// The roll-up (进度汇总) of a campaign from its read-model rows: each unit's figure so far against its
// targets and the time elapsed, the city's totals, and the city's figure at the end of each period.
// Pure: the read model fetches the rows in a few queries, this file decides what they add up to.
import type { CampaignTarget, CampaignTemplate, ProgressFigures, ProgressStanding } from '../../workflows/campaign-types';
import type { Rollup, RollupUnit } from '../../workflows/campaign-model';
import { startOfChinaDay } from '../../workflows/campaign/china-days';
import { owes, type ReportingPeriod } from '../../workflows/campaign/periods';
import { cumulativeOf } from '../../workflows/campaign/reports';
import { elapsedShare, standingOf } from '../../workflows/campaign/standing';

export interface RollupUnitRow {
  unitCode: string;
  unitName: string;
  /** The unit's row of the approved allocation: target key → figure. */
  targets: Record<string, number>;
  /** When its targets were issued and its part began (a column's Date, or JSON's text); unknown for a row written without it. */
  startedAt?: Date | string | null;
}

/** One revision of one period's report; the latest revision of a period is the one that counts. */
export interface RollupReportRow {
  unitCode: string;
  periodIndex: number;
  revision: number;
  figures: ProgressFigures;
  late: boolean;
}

export interface RollupRows {
  campaignId: string;
  template: CampaignTemplate;
  periods: ReportingPeriod[];
  /** In the directory's order. */
  units: RollupUnitRow[];
  reports: RollupReportRow[];
}

const WORST_FIRST: ProgressStanding[] = ['at-risk', 'behind', 'on-track'];
const worstOf = (standings: ProgressStanding[]): ProgressStanding => WORST_FIRST.find((s) => standings.includes(s)) ?? 'on-track';

/** A rate (%) is reached by each unit on its own: the city's figure is the units' mean, not their sum. */
const isRate = (target: CampaignTarget): boolean => target.unit === '%';

const completionOf = (done: number, goal: number): number => (goal > 0 ? done / goal : 1);

/** The latest revision of each period's report, per unit, in period order. */
function latestByUnit(reports: readonly RollupReportRow[]): Map<string, RollupReportRow[]> {
  const latest = new Map<string, RollupReportRow>();
  for (const r of reports) {
    const key = `${r.unitCode}\u0000${r.periodIndex}`;
    const kept = latest.get(key);
    if (!kept || r.revision > kept.revision) latest.set(key, r);
  }
  const byUnit = new Map<string, RollupReportRow[]>();
  for (const r of latest.values()) {
    const list = byUnit.get(r.unitCode) ?? [];
    list.push(r);
    byUnit.set(r.unitCode, list);
  }
  for (const list of byUnit.values()) list.sort((a, b) => a.periodIndex - b.periodIndex);
  return byUnit;
}

/**
 * Whether the unit's report for the period is overdue at `nowMs`: past its due time, and owed — due
 * after the unit's part began, the workflow's rule for reminders, lateness and the assessment.
 */
export function overdueFor(unit: Pick<RollupUnitRow, 'startedAt'>, period: Pick<ReportingPeriod, 'dueAt'>, nowMs: number): boolean {
  return Date.parse(period.dueAt) < nowMs && (!unit.startedAt || owes(period, new Date(unit.startedAt).getTime()));
}

/** The city's figure per target from the units' figures: a sum, or the mean for a rate. */
function cityFigures(template: CampaignTemplate, perUnit: readonly ProgressFigures[]): ProgressFigures {
  const city: ProgressFigures = {};
  for (const target of template.targets) {
    const sum = perUnit.reduce((n, f) => n + (f[target.key] ?? 0), 0);
    city[target.key] = isRate(target) ? (perUnit.length ? sum / perUnit.length : 0) : sum;
  }
  return city;
}

/**
 * The roll-up at `nowMs`. A period is missing for a unit once its due time has passed with no report
 * in, if the unit owed it (overdueFor); a unit with one missing is at risk on every target, whatever its figures.
 */
export function rollupOf(rows: RollupRows, nowMs: number): Rollup {
  const { template, periods } = rows;
  const elapsed = elapsedShare(periods, nowMs);
  const reportsOf = latestByUnit(rows.reports);

  const soFarOf = new Map<string, ProgressFigures>();
  const units: RollupUnit[] = rows.units.map((u) => {
    const reports = reportsOf.get(u.unitCode) ?? [];
    const reported = new Set(reports.map((r) => r.periodIndex));
    const reportsMissing = periods.filter((p) => overdueFor(u, p, nowMs) && !reported.has(p.index)).length;
    const soFar = cumulativeOf(template, reports.map((r) => r.figures));
    soFarOf.set(u.unitCode, soFar);
    const targets: RollupUnit['targets'] = {};
    for (const { key } of template.targets) {
      const goal = u.targets[key] ?? 0;
      const done = soFar[key] ?? 0;
      targets[key] = { target: goal, done, completion: completionOf(done, goal), standing: standingOf(done, goal, elapsed, reportsMissing > 0) };
    }
    return {
      unitCode: u.unitCode,
      unitName: u.unitName,
      targets,
      standing: worstOf(Object.values(targets).map((t) => t.standing)),
      reportsIn: reports.length,
      reportsLate: reports.filter((r) => r.late).length,
      reportsMissing,
    };
  });

  const done = cityFigures(template, [...soFarOf.values()]);
  const allocated = cityFigures(template, rows.units.map((u) => u.targets));
  const totals: Rollup['totals'] = {};
  for (const target of template.targets) {
    // Before the allocation is approved no unit has a share: the plan's figure is what there is to reach.
    const goal = rows.units.length ? allocated[target.key] : target.planFigure;
    const d = done[target.key];
    totals[target.key] = { planFigure: target.planFigure, allocated: allocated[target.key], done: d, completion: completionOf(d, goal), standing: standingOf(d, goal, elapsed, false) };
  }

  return { campaignId: rows.campaignId, elapsed, totals, units, trend: trendOf(rows, reportsOf, nowMs) };
}

/** The city's figure so far at the end of each period that has begun, for the month-by-month line. */
function trendOf(rows: RollupRows, reportsOf: Map<string, RollupReportRow[]>, nowMs: number): Rollup['trend'] {
  const begun = rows.periods.filter((p) => startOfChinaDay(p.startsOn) <= nowMs);
  return begun.map((p) => {
    const perUnit = rows.units.map((u) =>
      cumulativeOf(
        rows.template,
        (reportsOf.get(u.unitCode) ?? []).filter((r) => r.periodIndex <= p.index).map((r) => r.figures),
      ),
    );
    return { periodIndex: p.index, label: p.label, done: cityFigures(rows.template, perUnit) };
  });
}
