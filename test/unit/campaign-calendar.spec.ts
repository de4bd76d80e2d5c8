// The calendar the campaign tests move 清风常伴廉洁齐家 to (test/support/campaign-calendar.ts), computed
// for dates across the year, China time, at the first and last minutes of the day: the moved
// template passes the loader, the campaign can be started, a period is past due and the current one
// is not, and a district can be behind target — what the API and browser tests count on, whatever
// day CI runs them, 1 January (last year's campaign) and the end of December included.
import { join, resolve } from 'node:path';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { refuseNothingLeftToReport } from '../../src/campaigns/startable-year';
import { loadTemplates } from '../../src/templates/template-loader';
import { reportingPeriods } from '../../workflows/campaign/periods';
import { elapsedShare, standingOf } from '../../workflows/campaign/standing';
import { behindShare, campaignCalendarAround, templatesWithCalendarAround } from '../support/campaign-calendar';

const CODE = 'clean-family-campaign';
const EVENT_CODES = new Set(loadTemplates(resolve(__dirname, '../../templates')).map((t) => t.code));
const HOUR = 3600_000;
/** How long a browser test may take after it computed its figures. */
const TEST_RUN = HOUR;

/** What the tests count on, for the template's periods at `now`. */
function expectUsable(year: number, periods: ReturnType<typeof reportingPeriods>, now: number, day: string): void {
  expect(periods).toHaveLength(2);
  const [first, current] = periods;
  expect(Date.parse(first.dueAt)).toBeLessThan(now);
  expect(current.startsOn <= day).toBe(true);
  expect(Date.parse(current.dueAt)).toBeGreaterThan(now + TEST_RUN);
  // The campaign can still be started while the test runs (its last 督办 ahead), so its units are open.
  expect(() => refuseNothingLeftToReport(year, periods, now + TEST_RUN)).not.toThrow();

  const share = elapsedShare(periods, now);
  for (const target of [10, 2500]) {
    const figure = Math.round(target * behindShare(share));
    expect(standingOf(figure, target, share, false)).toBe('behind');
    expect(standingOf(figure, target, elapsedShare(periods, now + TEST_RUN), false)).toBe('behind');
  }
}

describe.each(['2027-01-01', '2027-01-02', '2027-01-03', '2028-02-28', '2027-06-15', '2027-12-16', '2027-12-31'])('the campaign calendar on %s (China time)', (day) => {
  it.each(['00:05', '23:55'])('at %s: one report past due, the current period begun and not due, a district behind target', (time) => {
    const now = Date.parse(`${day}T${time}:00+08:00`);
    const { templatesDir, year } = templatesWithCalendarAround(CODE, now);
    const template = loadCampaignTemplates(join(templatesDir, '..', 'campaigns'), EVENT_CODES).find((t) => t.code === CODE)!;
    expectUsable(year, reportingPeriods(template, year), now, day);
  });
});

it('is last year\'s end on 1 January, the new year\'s from 2 January', () => {
  expect(campaignCalendarAround(Date.parse('2027-01-01T12:00:00+08:00'))).toMatchObject({ year: 2026, period: { to: '12-31' } });
  expect(campaignCalendarAround(Date.parse('2027-01-02T00:05:00+08:00'))).toMatchObject({ year: 2027, period: { from: '01-01' } });
});

it('holds on every day of a leap year, first and last minute', () => {
  const shipped = loadCampaignTemplates(resolve(__dirname, '../../campaigns'), EVENT_CODES).find((t) => t.code === CODE)!;
  for (let d = 0; d < 366; d++) {
    const day = new Date(Date.UTC(2028, 0, 1 + d)).toISOString().slice(0, 10);
    for (const time of ['00:05', '23:55']) {
      const now = Date.parse(`${day}T${time}:00+08:00`);
      const { year, ...moved } = campaignCalendarAround(now);
      expectUsable(year, reportingPeriods({ ...shipped, ...moved }, year), now, day);
    }
  }
});
