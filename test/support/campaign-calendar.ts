// A campaign's reporting calendar moved around today, for the tests that run the API on the wall
// clock (CI runs on any date): two periods, the first ended and its report past due, the second
// begun and not yet due, with at least half the span elapsed so that a district can be shown behind
// target. The shipped templates are copied with one campaign's calendar replaced.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../../src/infra/project-root';
import { chinaDate } from '../../workflows/campaign/china-days';

export interface CampaignCalendar {
  /** The campaign's year: the span lies in it (last year on 1 January). */
  year: number;
  period: { from: string; to: string };
  reporting: { every: 'dates'; dates: string[]; due: string; urgeAfter: string; superviseAfter: string };
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** Days of the first period before its end, when the year allows. */
const LEAD_DAYS = 10;

const parts = (date: string) => date.split('-').map(Number);
const plusDays = (date: string, days: number) => {
  const [y, m, d] = parts(date);
  return chinaDate(y, m, d + days);
};
const daysBetween = (from: string, to: string) => {
  const [a, b] = [from, to].map((x) => {
    const [y, m, d] = parts(x);
    return Date.UTC(y, m - 1, d);
  });
  return Math.round((b - a) / 86_400_000);
};

/**
 * The calendar around `nowMs` (China days), in today's year: the first period ends two days before
 * today, its report due a day later, so it is overdue all day; the second runs from then to a day
 * short of as far after today as the span began before it (at least to tomorrow), so about half the
 * span has passed — more where 31 December cuts it. On 2 January the first period can only be
 * 1 January, its report due a minute after it. On 1 January no report of the new year can be past
 * due, so the calendar is last year's end (lastYearsEnd).
 */
export function campaignCalendarAround(nowMs: number): CampaignCalendar {
  const today = new Date(nowMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  const [year] = parts(today);
  const [first, last] = [`${year}-01-01`, `${year}-12-31`];
  if (today === first) return lastYearsEnd(year - 1);
  const firstEnds = [plusDays(today, -2), first].sort()[1];
  const due = firstEnds === plusDays(today, -2) ? '1d' : '1m';
  const from = [plusDays(firstEnds, -LEAD_DAYS), first].sort()[1];
  const to = [plusDays(today, Math.max(daysBetween(from, today) - 1, 1)), last].sort()[0];
  return { year, period: { from: from.slice(5), to: to.slice(5) }, reporting: { every: 'dates', dates: [firstEnds], due, urgeAfter: '1d', superviseAfter: '1d' } };
}

/**
 * For 1 January: `year`'s campaign, which can still be started while its last 督办 is ahead. Its
 * first period ends on 29 December, due two days on (overdue since midnight); the second, 30–31
 * December, is due on 2 January. The whole span has passed.
 */
function lastYearsEnd(year: number): CampaignCalendar {
  const firstEnds = `${year}-12-29`;
  return { year, period: { from: plusDays(firstEnds, -LEAD_DAYS).slice(5), to: '12-31' }, reporting: { every: 'dates', dates: [firstEnds], due: '2d', urgeAfter: '1d', superviseAfter: '1d' } };
}

/**
 * The share of a target that stands "behind" (滞后) at `elapsedShare` of the span: the middle of the
 * band between half the share (below: at risk) and the share less 10 points (from there: on track).
 */
export function behindShare(elapsedShare: number): number {
  return (elapsedShare / 2 + (elapsedShare - 0.1)) / 2;
}

/**
 * TEMPLATES_DIR for the app: the shipped templates, `campaignCode` with the calendar around now.
 * Returns the directory and the campaign's year.
 */
export function templatesWithCalendarAround(campaignCode: string, nowMs = Date.now()): { templatesDir: string; year: number } {
  const { year, ...moved } = campaignCalendarAround(nowMs);
  const dir = mkdtempSync(join(tmpdir(), 'campaign-calendar-'));
  symlinkSync(join(projectRoot(), 'templates'), join(dir, 'templates'));
  mkdirSync(join(dir, 'campaigns'));
  const shipped = join(projectRoot(), 'campaigns');
  for (const name of readdirSync(shipped)) copyFileSync(join(shipped, name), join(dir, 'campaigns', name));
  const file = join(dir, 'campaigns', `${campaignCode}.yaml`);
  writeFileSync(file, stringify({ ...parse(readFileSync(file, 'utf8')), ...moved }));
  return { templatesDir: join(dir, 'templates'), year };
}
