// Which years a campaign can be started for: from the year whose reports are still to come, to next
// year. Pure, so the rule can be checked on any day, 1 January and the last of December included.
import type { ReportingPeriod } from '../../workflows/campaign/periods';
import { formatDateTime } from '../../workflows/text';
import { chinaYearOf } from '../common/china-time';
import { DomainError } from '../common/domain-error';

const yearRefused = (zh: string, en: string) => new DomainError('INVALID', zh, en, [{ field: 'year', message: { 'zh-CN': zh, en } }]);

/** Further ahead than next year no plan is set yet. Asked before the year's calendar is read. */
export function refuseYearTooFarAhead(year: number, now: number): void {
  const next = chinaYearOf(now) + 1;
  if (year > next) throw yearRefused(`目标管理活动最多提前一年发起（至${next}年）`, `A campaign can be started at most a year ahead (up to ${next})`);
}

/**
 * A year is over for a campaign once its last period is past its 督办 (superviseAt, on the working
 * calendar, as the workflow counts it): every district's workflow would close at once, with nothing
 * left to report. Until then, into January of the next year, the year can still be started.
 */
export function refuseNothingLeftToReport(year: number, periods: ReportingPeriod[], now: number): void {
  const last = periods[periods.length - 1];
  if (!last || Date.parse(last.superviseAt) >= now) return;
  throw yearRefused(
    `${year}年的最后一期（${last.label['zh-CN']}）已于${formatDateTime(last.superviseAt, 'zh-CN')}过督办期限，已无可报送的进度，不能再发起`,
    `The ${year} campaign has nothing left to report: its last period (${last.label.en}) was past supervision on ${formatDateTime(last.superviseAt, 'en')}, so it can no longer be started`,
  );
}
