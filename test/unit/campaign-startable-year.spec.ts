// The years a campaign can be started for (src/campaigns/startable-year.ts), on the days where the
// rule turns: last year's campaign into January while its last 督办 is still ahead, and no further
// than next year. Periods here count weekends only; the API passes the working calendar's.
import { resolve } from 'node:path';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { refuseNothingLeftToReport, refuseYearTooFarAhead } from '../../src/campaigns/startable-year';
import { DomainError } from '../../src/common/domain-error';
import { loadTemplates } from '../../src/templates/template-loader';
import { reportingPeriods } from '../../workflows/campaign/periods';

const EVENT_CODES = new Set(loadTemplates(resolve(__dirname, '../../templates')).map((t) => t.code));
const template = (code: string) => loadCampaignTemplates(resolve(__dirname, '../../campaigns'), EVENT_CODES).find((t) => t.code === code)!;
const china = (at: string) => Date.parse(`${at}+08:00`);

function refusal(act: () => void): DomainError {
  try {
    act();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('a year whose reports are over', () => {
  // 书香润万家 ends on 15 December; its last quarter is due 5 working days on, urged 3 and supervised 5 after.
  const periods = reportingPeriods(template('family-reading-campaign'), 2026);
  const lastSupervision = Date.parse(periods[periods.length - 1].superviseAt);

  it('can still be started on 1 January and up to its last 督办, and on 16–31 December', () => {
    expect(periods[periods.length - 1].superviseAt).toBe('2027-01-01T15:59:59.999Z');
    for (const at of ['2026-12-16T00:00:00', '2026-12-31T23:59:59', '2027-01-01T00:00:00', '2027-01-01T23:59:59']) {
      expect(() => refuseNothingLeftToReport(2026, periods, china(at))).not.toThrow();
    }
    expect(() => refuseNothingLeftToReport(2026, periods, lastSupervision)).not.toThrow();
  });

  it('is refused once its last period is past 督办, saying which and since when, in both languages', () => {
    const err = refusal(() => refuseNothingLeftToReport(2026, periods, lastSupervision + 1));
    expect(err.code).toBe('INVALID');
    const message = {
      'zh-CN': '2026年的最后一期（2026年第四季度）已于2027年1月1日 23:59过督办期限，已无可报送的进度，不能再发起',
      en: 'The 2026 campaign has nothing left to report: its last period (Q4 2026) was past supervision on 1 January 2027, 23:59, so it can no longer be started',
    };
    expect(err.text).toEqual(message);
    expect(err.details).toEqual([{ field: 'year', message }]);
  });

  it('counts from the template: a span ending in November is over before December is', () => {
    const november = reportingPeriods(template('children-care-campaign'), 2026);
    expect(() => refuseNothingLeftToReport(2026, november, china('2026-12-17T23:59:59'))).not.toThrow();
    expect(() => refuseNothingLeftToReport(2026, november, china('2026-12-18T00:00:00'))).toThrow(DomainError);
  });
});

describe('a year ahead', () => {
  it('is next year at most, on the last day of the year and the first', () => {
    for (const at of ['2026-12-31T23:59:59', '2026-01-01T00:00:00']) {
      expect(() => refuseYearTooFarAhead(2027, china(at))).not.toThrow();
      const err = refusal(() => refuseYearTooFarAhead(2028, china(at)));
      expect(err.text).toEqual({ 'zh-CN': '目标管理活动最多提前一年发起（至2027年）', en: 'A campaign can be started at most a year ahead (up to 2027)' });
    }
    // At midnight in Beijing the next year opens, whatever the UTC date.
    expect(() => refuseYearTooFarAhead(2028, china('2027-01-01T00:00:00'))).not.toThrow();
  });
});
