// Where a district stands on a target against the time elapsed (进度预警): on track, behind, at risk.
import type { ProgressStanding } from '../campaign-types';
import { endOfChinaDay, startOfChinaDay } from './china-days';

/**
 * Completion (done / target) against the share of the campaign elapsed: on track at or above that
 * share less 10 points; otherwise at risk below half of it, behind between. A report missing is at
 * risk whatever the figures. Early in the year the 10 points' allowance wins over "half", so no
 * district is flagged before it could have done anything. A target of 0 is met.
 */
export function standingOf(done: number, target: number, elapsedShare: number, missingReport: boolean): ProgressStanding {
  if (missingReport) return 'at-risk';
  const completion = target > 0 ? done / target : 1;
  if (completion >= elapsedShare - 0.1) return 'on-track';
  if (completion < elapsedShare / 2) return 'at-risk';
  return 'behind';
}

/** The share (0–1) of the periods' span that has passed at `nowMs`, from the first day's start to the last day's end. */
export function elapsedShare(periods: readonly { startsOn: string; endsOn: string }[], nowMs: number): number {
  if (periods.length === 0) return 0;
  const from = startOfChinaDay(periods[0].startsOn);
  const to = endOfChinaDay(periods[periods.length - 1].endsOn) + 1;
  return Math.min(1, Math.max(0, (nowMs - from) / (to - from)));
}
