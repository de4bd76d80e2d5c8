// The roll-up (进度汇总) from read-model rows: what the campaign page and its .xlsx show — each
// district's figure so far against its targets and the time elapsed, the city's totals, the
// month-by-month line, and reports missing past their due time.
import type { CampaignTemplate } from '../../workflows/campaign-types';
import { reportingPeriods } from '../../workflows/campaign/periods';
import { rollupOf, type RollupReportRow, type RollupRows } from '../../src/campaigns/rollup';

const template: CampaignTemplate = {
  code: 'rural-women-campaign',
  version: 1,
  name: { 'zh-CN': '巾帼行动', en: 'Women in action' },
  leadDepartment: 'dept-development',
  units: ['districts'],
  period: { from: '01-01', to: '12-31' },
  targets: [
    { key: 'workshops', name: { 'zh-CN': '巾帼扶贫工坊', en: 'Workshops' }, unit: '个', planFigure: 100, allocation: 'total' },
    { key: 'trainings', name: { 'zh-CN': '农村妇女培训', en: 'Trainings' }, unit: '人次', planFigure: 1000, allocation: 'total', cumulative: false },
    { key: 'coverage', name: { 'zh-CN': '覆盖率', en: 'Coverage' }, unit: '%', planFigure: 80, allocation: 'each' },
  ],
  reporting: { every: 'monthly', due: '5d', urgeAfter: '2d', superviseAfter: '3d' },
  districtActivity: 'district-activity',
  signOff: { levels: [] },
  assessment: { weights: { workshops: 50, trainings: 30, coverage: 20 }, cap: 1, latePenalty: 2, missingPenalty: 5 },
};

const periods = reportingPeriods(template, 2027);
const report = (unitCode: string, periodIndex: number, figures: RollupReportRow['figures'], extra: Partial<RollupReportRow> = {}): RollupReportRow => ({
  unitCode,
  periodIndex,
  revision: 1,
  figures,
  late: false,
  ...extra,
});

const rows = (reports: RollupReportRow[]): RollupRows => ({
  campaignId: '00000000-0000-4000-8000-000000000001',
  template,
  periods,
  units: [
    { unitCode: 'district-yuzhong', unitName: '渝中区妇联', targets: { workshops: 60, trainings: 600, coverage: 80 } },
    { unitCode: 'district-jiangbei', unitName: '江北区妇联', targets: { workshops: 40, trainings: 400, coverage: 80 } },
  ],
  reports,
});

/** 1 July 2027, 00:00 in Beijing: January to June are past due (each due on the 5th after), half the year gone. */
const JULY_1 = Date.parse('2027-07-01T00:00:00+08:00');

/** Six monthly reports of 渝中区: a running total of workshops, each month's own trainings. */
const yuzhongOnTrack = [1, 2, 3, 4, 5, 6].map((m, i) => report('district-yuzhong', i, { workshops: m * 6, trainings: 60, coverage: 70 + m }));

describe('the roll-up of a campaign', () => {
  it('sums each unit: a running total is its last report, a per-period figure the sum; a correction replaces its period', () => {
    const corrected = [...yuzhongOnTrack, report('district-yuzhong', 5, { workshops: 33, trainings: 50, coverage: 77 }, { revision: 2 })];
    const r = rollupOf(rows(corrected), JULY_1);
    const yuzhong = r.units.find((u) => u.unitCode === 'district-yuzhong')!;
    expect(yuzhong.targets.workshops).toMatchObject({ target: 60, done: 33, completion: 33 / 60 });
    expect(yuzhong.targets.trainings).toMatchObject({ target: 600, done: 5 * 60 + 50 });
    expect(yuzhong.targets.coverage.done).toBe(77);
    expect(yuzhong).toMatchObject({ reportsIn: 6, reportsLate: 0, reportsMissing: 0 });
  });

  it('stands each unit against the time elapsed: on track, behind, at risk when a report is missing', () => {
    // By 1 July 181 of 365 days are gone: at least 39.6 % done is on track, under 24.8 % at risk, behind between.
    const jiangbei = [0, 1, 2, 3, 4].map((i) => report('district-jiangbei', i, { workshops: 12, trainings: 20, coverage: 80 }, { late: i === 4 }));
    const r = rollupOf(rows([...yuzhongOnTrack, ...jiangbei]), JULY_1);
    expect(r.elapsed).toBeCloseTo(181 / 365, 9);
    const [yuzhong, jb] = r.units;
    expect(Object.values(yuzhong.targets).map((t) => t.standing)).toEqual(['on-track', 'on-track', 'on-track']); // 36/60, 360/600, 76 %/80 %
    expect(jb.targets.workshops).toMatchObject({ done: 12, completion: 0.3, standing: 'behind' });
    expect(jb.targets.trainings).toMatchObject({ done: 100, completion: 0.25, standing: 'behind' });
    expect(jb.targets.coverage.standing).toBe('on-track');
    expect(jb).toMatchObject({ standing: 'behind', reportsIn: 5, reportsLate: 1, reportsMissing: 0 });

    // June's report is due on 5 July: not missing on 1 July. May's, due on 5 June, is.
    const withoutMay = rollupOf(rows([...yuzhongOnTrack, ...jiangbei.slice(0, 4)]), JULY_1).units[1];
    expect(withoutMay).toMatchObject({ reportsIn: 4, reportsMissing: 1, standing: 'at-risk' });
    expect(withoutMay.targets.coverage.standing).toBe('at-risk');
  });

  it('counts a period missing only if the unit owed it: due after its part began, as the workflow counts it', () => {
    // 江北区's targets were issued on 10 May: April's report (due 5 May) was never owed, May's (due 5 June) was.
    const late = rows([...yuzhongOnTrack, ...[0, 1, 2].map((i) => report('district-jiangbei', i, { workshops: 12, trainings: 40, coverage: 80 }))]);
    late.units[1] = { ...late.units[1], startedAt: new Date('2027-05-10T09:00:00+08:00') };
    const jb = rollupOf(late, JULY_1).units[1];
    expect(jb).toMatchObject({ reportsIn: 3, reportsMissing: 1, standing: 'at-risk' });
    // Issued on 6 June, after May's was due: nothing is missing, and its figures decide its standing.
    late.units[1] = { ...late.units[1], startedAt: '2027-06-06T09:00:00.000+08:00' };
    expect(rollupOf(late, JULY_1).units[1]).toMatchObject({ reportsMissing: 0, standing: 'behind' });
  });

  it("adds up the city's totals against the units' shares, a rate as the units' mean", () => {
    const jiangbei = [0, 1, 2].map((i) => report('district-jiangbei', i, { workshops: 4 * (i + 1), trainings: 30, coverage: 60 }));
    const { totals } = rollupOf(rows([...yuzhongOnTrack, ...jiangbei]), JULY_1);
    expect(totals.workshops).toEqual({ planFigure: 100, allocated: 100, done: 36 + 12, completion: 0.48, standing: 'on-track' });
    expect(totals.trainings).toMatchObject({ planFigure: 1000, allocated: 1000, done: 360 + 90 });
    expect(totals.coverage).toMatchObject({ planFigure: 80, allocated: 80, done: (76 + 60) / 2 });
    // Missing reports do not make the city at risk: its standing is its figures'.
    expect(totals.trainings.standing).toBe('on-track');
  });

  it('before the allocation is approved, measures the city against the plan and lists no unit', () => {
    const r = rollupOf({ ...rows([]), units: [] }, JULY_1);
    expect(r.units).toEqual([]);
    expect(r.totals.workshops).toEqual({ planFigure: 100, allocated: 0, done: 0, completion: 0, standing: 'at-risk' });
  });

  it("draws the month-by-month line of the city's figure so far, over the periods begun", () => {
    const jiangbei = [1, 3].map((i) => report('district-jiangbei', i, { workshops: 10 * i, trainings: 5, coverage: 50 }));
    const { trend } = rollupOf(rows([...yuzhongOnTrack, ...jiangbei]), JULY_1);
    expect(trend.map((p) => p.label['zh-CN'])).toEqual(['2027年1月', '2027年2月', '2027年3月', '2027年4月', '2027年5月', '2027年6月', '2027年7月']);
    expect(trend.map((p) => p.done.workshops)).toEqual([6, 12 + 10, 18 + 10, 24 + 30, 30 + 30, 36 + 30, 36 + 30]);
    expect(trend.map((p) => p.done.trainings)).toEqual([60, 125, 185, 250, 310, 370, 370]);
    // A unit that has not reported yet counts 0 in the mean of a rate.
    expect(trend[0].done.coverage).toBe(71 / 2);
  });
});
