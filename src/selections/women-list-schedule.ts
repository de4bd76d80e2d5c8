// The Temporal Schedule of the monthly 时代女性榜, as data: when it runs, what it starts, what it
// does with a missed or overlapping month, and the months an admin skipped (the spec's exclusions,
// so Temporal itself never starts them). The service creates and updates the Schedule from these alone.
import { MONTHS, ScheduleOverlapPolicy, type CalendarSpec, type ScheduleDescription, type ScheduleOptions, type ScheduleSpec, type ScheduleSpecDescription } from '@temporalio/client';
import { monthlySelectionWorkflow } from '../../workflows/monthly-selection.workflow';
import { chinaMonthOf, type MonthlySelectionInput } from '../../workflows/selection-model';

export const WOMEN_LIST_TEMPLATE = 'monthly-women-list';

/** One Schedule per task queue: the workers it starts runs for are those of this deployment (or test). */
export const womenListScheduleId = (taskQueue: string): string => `selection-women-list-${taskQueue}`;

/** A month the Schedule will not run, and who said so. */
export interface SkippedMonth {
  month: string;
  by: string | null;
}

/**
 * The month's run starts on the 1st at 09:00 Beijing time. The spec is written in UTC (01:00) so the
 * server needs no time-zone data, and a whole UTC month excludes exactly that Beijing month's run.
 */
const RUN_HOUR_UTC = 1;
const MONTH_START: CalendarSpec = { dayOfMonth: 1, hour: RUN_HOUR_UTC, minute: 0, comment: '每月1日09:00（北京时间）开始当月评选 / the 1st of each month, 09:00 Beijing' };

/** When the month's run is due: its 1st at MONTH_START (UTC), the one time of the month the spec matches. */
export function monthRunTime(month: string): Date {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 1, 1, RUN_HOUR_UTC));
}

/** The whole UTC month: a backfill over it starts the month's one run and no other. */
export function monthWindow(month: string): { start: Date; end: Date } {
  const [year, m] = month.split('-').map(Number);
  return { start: new Date(Date.UTC(year, m - 1, 1)), end: new Date(Date.UTC(year, m, 1) - 1) };
}

export function womenListSpec(skipped: readonly SkippedMonth[]): ScheduleSpec {
  return { calendars: [MONTH_START], skip: skipped.map(skipOf) };
}

/** Every second of the month must match for the run in it to be left out. */
function skipOf({ month, by }: SkippedMonth): CalendarSpec {
  const [year, m] = month.split('-').map(Number);
  return { year, month: MONTHS[m - 1], dayOfMonth: '*', hour: '*', minute: '*', second: '*', comment: by ?? undefined };
}

/** The skipped months as the Schedule's description has them, in month order. */
export function skippedMonths(spec: ScheduleSpecDescription): SkippedMonth[] {
  return (spec.skip ?? [])
    .flatMap((s) => {
      const year = s.year[0]?.start;
      const month = s.month[0]?.start;
      if (year === undefined || month === undefined) return [];
      return [{ month: `${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}`, by: s.comment ?? null }];
    })
    .sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * The months since the Schedule was made whose run was due and never started (an outage beyond the
 * catch-up window, a pause, the month it was enabled in after its 1st), skipped months aside: the
 * ones to offer for 补跑.
 */
export function missedMonths(schedule: ScheduleDescription, started: ReadonlySet<string>, now: number): string[] {
  const skipped = new Set(skippedMonths(schedule.spec).map((s) => s.month));
  const missed: string[] = [];
  for (let month = chinaMonthOf(schedule.info.createdAt.getTime()); monthRunTime(month).getTime() <= now; month = monthAfter(month)) {
    if (!started.has(month) && !skipped.has(month)) missed.push(month);
  }
  return missed;
}

function monthAfter(month: string): string {
  return new Date(monthWindow(month).end.getTime() + 1).toISOString().slice(0, 7);
}

/**
 * A month's event runs for weeks (its report is due after the publication day, in the next month),
 * so runs overlap by design: ALLOW_ALL starts each month on time beside the last one. A run Temporal
 * or the workers missed (an outage on the 1st) is still started within 31 days — the month's list is
 * late rather than lost; one missed for longer is counted (numActionsMissedCatchupWindow) and shown.
 * A run that fails pauses the Schedule, with Temporal's note saying why, instead of failing monthly.
 */
export const WOMEN_LIST_POLICIES: ScheduleOptions['policies'] = {
  overlap: ScheduleOverlapPolicy.ALLOW_ALL,
  catchupWindow: '31d',
  pauseOnFailure: true,
};

export function womenListAction(input: MonthlySelectionInput, taskQueue: string) {
  return {
    type: 'startWorkflow' as const,
    workflowType: monthlySelectionWorkflow,
    // Temporal appends the scheduled time, so each month's run has an id of its own.
    workflowId: `${input.scheduleId}-month`,
    taskQueue,
    args: [input] as [MonthlySelectionInput],
  };
}
