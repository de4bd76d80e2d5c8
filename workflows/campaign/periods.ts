// The reporting calendar (月报/季报) of a campaign's year: each period's days, and when its report is
// due, urged (催办) and supervised (督办). Pure: the same periods in the workflow, the API and the tests.
import type { CampaignTemplate } from '../campaign-types';
import type { LocalizedText } from '../template-types';
import type { WorkingCalendar } from '../working-calendar';
import { addOffset } from '../working-days';
import { chinaDate, endOfChinaDay, lastDayOfMonth, nextDay } from './china-days';

export interface ReportingPeriod {
  /** 0-based, in order. */
  index: number;
  label: LocalizedText;
  /** China-local days, YYYY-MM-DD, both inclusive. */
  startsOn: string;
  endsOn: string;
  /** ISO instants. */
  dueAt: string;
  urgeAt: string;
  superviseAt: string;
}

/**
 * Whether a unit that started at `startedAtMs` owes the period's report: only if it was due after
 * that. One rule for all three: a period not owed gets no 催办 or 督办, and its report, if it comes,
 * is neither late nor, if it never comes, missing in the assessment. Its figures still count.
 */
export const owes = (period: Pick<ReportingPeriod, 'dueAt'>, startedAtMs: number): boolean => Date.parse(period.dueAt) > startedAtMs;

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const QUARTERS_ZH = ['一', '二', '三', '四'];

/**
 * The periods of `template`'s span in `year`. A month or quarter cut by the span's first or last
 * day is shortened to it (03-01..12-15 ends with 1–15 December), not dropped: the districts report
 * on what they did in it. `dates` outside the span are ignored; the span's last day closes the
 * last period when no date does.
 */
export function reportingPeriods(template: CampaignTemplate, year: number, calendar?: WorkingCalendar): ReportingPeriod[] {
  const from = `${year}-${template.period.from}`;
  const to = `${year}-${template.period.to}`;
  const spans: { startsOn: string; endsOn: string; label: LocalizedText }[] = [];
  const clip = (startsOn: string, endsOn: string, label: LocalizedText) => {
    const s = startsOn < from ? from : startsOn;
    const e = endsOn > to ? to : endsOn;
    if (s <= e) spans.push({ startsOn: s, endsOn: e, label });
  };

  const { every } = template.reporting;
  if (every === 'monthly') {
    for (let m = 1; m <= 12; m++) {
      clip(chinaDate(year, m, 1), lastDayOfMonth(year, m), { 'zh-CN': `${year}年${m}月`, en: `${MONTHS_EN[m - 1]} ${year}` });
    }
  } else if (every === 'quarterly') {
    for (let q = 0; q < 4; q++) {
      clip(chinaDate(year, q * 3 + 1, 1), lastDayOfMonth(year, q * 3 + 3), { 'zh-CN': `${year}年第${QUARTERS_ZH[q]}季度`, en: `Q${q + 1} ${year}` });
    }
  } else {
    const ends = [...new Set((template.reporting.dates ?? []).filter((d) => d >= from && d <= to))].sort();
    if (ends[ends.length - 1] !== to) ends.push(to);
    let startsOn = from;
    ends.forEach((endsOn, i) => {
      const [, m, d] = endsOn.split('-').map(Number);
      clip(startsOn, endsOn, { 'zh-CN': `第${i + 1}期（截至${m}月${d}日）`, en: `Period ${i + 1} (to ${d} ${MONTHS_EN[m - 1]})` });
      startsOn = nextDay(endsOn);
    });
  }

  const { due, urgeAfter, superviseAfter } = template.reporting;
  return spans.map((span, index) => {
    // Counted from the end of the period's last day, so "5wd" is the end of the fifth working day after it.
    const dueMs = addOffset(endOfChinaDay(span.endsOn), due, calendar);
    const urgeMs = addOffset(dueMs, urgeAfter, calendar);
    const superviseMs = addOffset(urgeMs, superviseAfter, calendar);
    return {
      index,
      ...span,
      dueAt: new Date(dueMs).toISOString(),
      urgeAt: new Date(urgeMs).toISOString(),
      superviseAt: new Date(superviseMs).toISOString(),
    };
  });
}
