// The campaign's arithmetic (目标管理考核): reporting periods, the allocation check, report
// validation, standing and the year-end assessment, as pure functions with no server.
import type { CampaignTemplate } from '../../workflows/campaign-types';
import type { WorkingCalendar } from '../../workflows/working-calendar';
import { reportingPeriods } from '../../workflows/campaign/periods';
import { allocationProblems } from '../../workflows/campaign/allocation';
import { cumulativeOf, reportProblems } from '../../workflows/campaign/reports';
import { elapsedShare, standingOf } from '../../workflows/campaign/standing';
import { assessDistrict } from '../../workflows/campaign/assessment';

const template = (over: Partial<CampaignTemplate> = {}): CampaignTemplate => ({
  code: 'rural-women-campaign',
  version: 1,
  name: { 'zh-CN': '巾帼行动', en: 'Women in action' },
  leadDepartment: 'city-rights',
  units: ['districts'],
  period: { from: '03-01', to: '12-15' },
  targets: [
    { key: 'povertyWorkshops', name: { 'zh-CN': '巾帼扶贫工坊', en: 'Poverty-relief workshops' }, unit: '个', planFigure: 100, allocation: 'total' },
    { key: 'legalAidCases', name: { 'zh-CN': '法律援助案件', en: 'Legal aid cases' }, unit: '件', planFigure: 80, allocation: 'atLeast' },
    { key: 'parentSchoolActivities', name: { 'zh-CN': '家长学校教育实践活动', en: 'Parent school activities' }, unit: '次', planFigure: 4, allocation: 'each' },
    { key: 'trainings', name: { 'zh-CN': '农村妇女培训', en: 'Trainings of rural women' }, unit: '人次', planFigure: 200000, allocation: 'total', cumulative: false },
  ],
  reporting: { every: 'monthly', due: '5wd', urgeAfter: '2wd', superviseAfter: '3d' },
  districtActivity: 'district-activity',
  signOff: { levels: [] },
  assessment: { weights: { povertyWorkshops: 60, trainings: 40 }, cap: 1.2, latePenalty: 2, missingPenalty: 5 },
  ...over,
});

/** 国庆 2027: 1–7 October off, no make-up day in this calendar. */
const nationalDay: WorkingCalendar = {
  version: 'test-2027',
  fromYear: 2027,
  toYear: 2027,
  days: Object.fromEntries(['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2027-10-${d}`, 'off' as const])),
};

describe('reporting periods', () => {
  it('reports monthly from March to mid-December, a due date moved past the National Day holiday', () => {
    const periods = reportingPeriods(template(), 2027, nationalDay);
    expect(periods).toHaveLength(10);
    expect(periods[0]).toMatchObject({ index: 0, label: { 'zh-CN': '2027年3月', en: 'Mar 2027' }, startsOn: '2027-03-01', endsOn: '2027-03-31' });
    // September ends on Thursday the 30th; 1–7 October are off: Fri 8, Mon 11 … Thu 14 are the five working days.
    const september = periods[6];
    expect(september).toMatchObject({ startsOn: '2027-09-01', endsOn: '2027-09-30' });
    expect(september.dueAt).toBe('2027-10-14T15:59:59.999Z'); // end of 14 October, China time
    expect(september.urgeAt).toBe('2027-10-18T15:59:59.999Z'); // 2wd: Fri 15, Mon 18
    expect(september.superviseAt).toBe('2027-10-21T15:59:59.999Z'); // 3 days on
    // Without the calendar only weekends are off in 2027: due on Thursday 7 October.
    expect(reportingPeriods(template(), 2027)[6].dueAt).toBe('2027-10-07T15:59:59.999Z');
    // December is cut at the campaign's close.
    expect(periods[9]).toMatchObject({ label: { 'zh-CN': '2027年12月', en: 'Dec 2027' }, startsOn: '2027-12-01', endsOn: '2027-12-15', dueAt: '2027-12-22T15:59:59.999Z' });
  });

  it('reports quarterly, the first and last quarters shortened by the campaign span', () => {
    const periods = reportingPeriods(template({ reporting: { every: 'quarterly', due: '5wd', urgeAfter: '2wd', superviseAfter: '3d' } }), 2027);
    expect(periods.map((p) => [p.label['zh-CN'], p.label.en, p.startsOn, p.endsOn])).toEqual([
      ['2027年第一季度', 'Q1 2027', '2027-03-01', '2027-03-31'],
      ['2027年第二季度', 'Q2 2027', '2027-04-01', '2027-06-30'],
      ['2027年第三季度', 'Q3 2027', '2027-07-01', '2027-09-30'],
      ['2027年第四季度', 'Q4 2027', '2027-10-01', '2027-12-15'],
    ]);
  });

  it('reports on listed dates, the campaign close ending the last period', () => {
    const periods = reportingPeriods(template({ reporting: { every: 'dates', dates: ['2027-08-31', '2027-06-30'], due: '0', urgeAfter: '1d', superviseAfter: '1d' } }), 2027);
    expect(periods.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2027-03-01', '2027-06-30'],
      ['2027-07-01', '2027-08-31'],
      ['2027-09-01', '2027-12-15'],
    ]);
    expect(periods[0].label).toEqual({ 'zh-CN': '第1期（截至6月30日）', en: 'Period 1 (to 30 Jun)' });
  });
});

describe('allocation (任务分解)', () => {
  const units = ['yuzhong', 'jiangbei', 'nanan'];
  const row = (workshops: number, legal: number, school: number, trainings: number) => ({
    povertyWorkshops: workshops,
    legalAidCases: legal,
    parentSchoolActivities: school,
    trainings,
  });

  it('accepts shares that add up the way each target says', () => {
    const ok = { yuzhong: row(40, 30, 4, 80000), jiangbei: row(30, 30, 4, 60000), nanan: row(30, 25, 4, 60000) };
    expect(allocationProblems(template(), ok, units)).toEqual([]);
  });

  it('refuses a total short of the plan, a minimum not reached and an `each` row off the figure, naming them', () => {
    const bad = { yuzhong: row(40, 30, 4, 80000), jiangbei: row(30, 20, 3, 60000), nanan: row(28, 20, 4, 60000) };
    expect(allocationProblems(template(), bad, units)).toEqual([
      {
        target: 'povertyWorkshops',
        message: { 'zh-CN': '巾帼扶贫工坊：各单位合计 98 个，与计划数 100 个不符', en: "Poverty-relief workshops: the units add up to 98 个, not the plan's 100 个" },
      },
      {
        target: 'legalAidCases',
        message: { 'zh-CN': '法律援助案件：各单位合计 70 件，少于计划数 80 件', en: "Legal aid cases: the units add up to 70 件, less than the plan's 80 件" },
      },
      {
        unitCode: 'jiangbei',
        target: 'parentSchoolActivities',
        message: {
          'zh-CN': '家长学校教育实践活动：jiangbei 的任务数 3 次 与计划数 4 次不符',
          en: "Parent school activities: jiangbei is given 3 次; each unit is given the plan's 4 次",
        },
      },
    ]);
  });

  it('names a unit left out, a negative and a fractional figure', () => {
    const bad = { yuzhong: row(40.5, -1, 4, 80000), jiangbei: row(30, 30, 4, 60000) };
    const messages = allocationProblems(template(), bad, units).map((p) => [p.unitCode, p.message['zh-CN']]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ['yuzhong', '巾帼扶贫工坊：yuzhong 的任务数须为整数（40.5）'],
        ['yuzhong', '法律援助案件：yuzhong 的任务数不能为负数（-1）'],
        ['nanan', '巾帼扶贫工坊：nanan 未分配任务数'],
      ]),
    );
  });
});

describe('progress reports', () => {
  it('refuses a running total that goes down without a comment, naming both figures', () => {
    const previous = { povertyWorkshops: 10 };
    expect(reportProblems(template(), previous, { povertyWorkshops: 8 })).toEqual([
      {
        target: 'povertyWorkshops',
        message: {
          'zh-CN': '巾帼扶贫工坊：累计数由 10 个 降为 8 个，须填写说明',
          en: 'Poverty-relief workshops: the running total goes down from 10 个 to 8 个; say why in a comment',
        },
      },
    ]);
    expect(reportProblems(template(), previous, { povertyWorkshops: 8 }, '两个工坊合并')).toEqual([]);
    // A period's own figure may be lower than the last one's.
    expect(reportProblems(template(), { trainings: 5000 }, { trainings: 3000 })).toEqual([]);
  });

  it('refuses unknown targets and negative or fractional counts', () => {
    const problems = reportProblems(template(), undefined, { beautifulCourtyards: 3, povertyWorkshops: -2, trainings: 1.5 });
    expect(problems.map((p) => p.message['zh-CN'])).toEqual(['beautifulCourtyards：不是本活动的考核指标', '巾帼扶贫工坊：不能为负数（-2）', '农村妇女培训：须为整数（1.5）']);
  });

  it('takes a running total from the last report and sums a period figure', () => {
    const so = cumulativeOf(template(), [
      { povertyWorkshops: 3, trainings: 1000 },
      { povertyWorkshops: 7, trainings: 2500 },
      { trainings: 500 },
    ]);
    expect(so).toMatchObject({ povertyWorkshops: 7, trainings: 4000, legalAidCases: 0 });
  });
});

describe('standing against time elapsed', () => {
  it('measures the time elapsed over the periods and calls a district on track, behind or at risk', () => {
    const periods = [{ startsOn: '2027-01-01', endsOn: '2027-12-31' }];
    expect(elapsedShare(periods, Date.parse('2027-07-02T12:00:00+08:00'))).toBeCloseTo(0.5, 2);
    expect(elapsedShare(periods, Date.parse('2026-12-01T00:00:00+08:00'))).toBe(0);
    expect(elapsedShare(periods, Date.parse('2028-01-01T00:00:00+08:00'))).toBe(1);

    expect(standingOf(40, 100, 0.5, false)).toBe('on-track'); // 40 % ≥ 50 % − 10
    expect(standingOf(30, 100, 0.5, false)).toBe('behind'); // below 40 %, at least half of 50 %
    expect(standingOf(20, 100, 0.5, false)).toBe('at-risk'); // below 25 %
    expect(standingOf(90, 100, 0.5, true)).toBe('at-risk'); // a report missing
  });
});

describe('year-end assessment (年度考核)', () => {
  // By hand, weights 60 (workshops) and 40 (trainings), cap 1.2, 2 points per late report, 5 per missing one:
  //   Yuzhong: workshops 12/10 = 1.2 → 60 × 1.2 = 72; trainings 4000/5000 = 0.8 → 40 × 0.8 = 32;
  //            104 − 2 late × 2 = 100.
  //   Nanan:   workshops 4/8 = 0.5 → 30; trainings 3300/3000 = 1.1 → 44; 74 − 1 missing × 5 = 69.
  //   A third district, 1 of 3 workshops and nothing else, both reports missing: 20 − 10 = 10;
  //   six missing would be 20 − 30 = −10, which scores 0.
  const due = ['2027-04-08T15:59:59.999Z', '2027-05-10T15:59:59.999Z', '2027-06-08T15:59:59.999Z'];

  it('scores completion by the weights and takes off points for late and missing reports', () => {
    const yuzhong = assessDistrict(template(), { povertyWorkshops: 10, trainings: 5000 }, { povertyWorkshops: 12, trainings: 4000 }, [
      { dueAt: due[0], submittedAt: '2027-04-09T01:00:00.000Z' }, // late
      { dueAt: due[1], submittedAt: '2027-05-10T15:00:00.000Z' }, // on time
      { dueAt: due[2], submittedAt: '2027-06-12T02:00:00.000Z' }, // late
    ]);
    expect(yuzhong).toMatchObject({ late: 2, missing: 0, penalty: 4, score: 100 });
    expect(yuzhong.completion).toEqual({ povertyWorkshops: 1.2, trainings: 0.8, legalAidCases: 1, parentSchoolActivities: 1 });
    expect(yuzhong.points.povertyWorkshops).toBeCloseTo(72, 9);
    expect(yuzhong.points.trainings).toBeCloseTo(32, 9);

    const nanan = assessDistrict(template(), { povertyWorkshops: 8, trainings: 3000 }, { povertyWorkshops: 4, trainings: 3300 }, [
      { dueAt: due[0], submittedAt: '2027-04-08T02:00:00.000Z' },
      { dueAt: due[1] }, // never in
      { dueAt: due[2], submittedAt: '2027-06-08T02:00:00.000Z' },
    ]);
    expect(nanan).toMatchObject({ late: 0, missing: 1, penalty: 5, score: 69 });

    const weak = (reports: { dueAt: string }[]) => assessDistrict(template(), { povertyWorkshops: 3, trainings: 1000 }, { povertyWorkshops: 1 }, reports).score;
    expect(weak([{ dueAt: due[0] }, { dueAt: due[1] }])).toBe(10);
    expect(weak([...due, ...due].map((dueAt) => ({ dueAt })))).toBe(0);
  });

  it('lets a grace period excuse a report a day late', () => {
    const rules = { ...template().assessment, graceDays: 1 };
    const a = assessDistrict(template({ assessment: rules }), { povertyWorkshops: 10 }, { povertyWorkshops: 10 }, [{ dueAt: due[0], submittedAt: '2027-04-09T10:00:00.000Z' }]);
    expect(a).toMatchObject({ late: 0, score: 100 });
  });
});
