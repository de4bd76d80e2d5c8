// The year's summary from read-model rows: which receipts count as on time, late, missing or still
// pending, which round of a notice counts, the report's figures, the year's counts, and the targets
// of the year's campaigns.
import type { CampaignTemplate } from '../../workflows/campaign-types';
import { reportingPeriods } from '../../workflows/campaign/periods';
import type { EventTemplate } from '../../workflows/template-types';
import { rollupOf } from '../../src/campaigns/rollup';
import { chinaDate, chinaYearBounds, chinaYearOf } from '../../src/common/china-time';
import { summarise, type YearRows } from '../../src/years/year-summary';
import { onTimeRate, yearDocument, yearSheets } from '../../src/years/year-sheets';
import { parseYear } from '../../src/years/years.service';

const template = {
  code: 'childrens-day-sorting',
  version: 2,
  name: { 'zh-CN': '六一亲子活动', en: "Children's Day" },
  steps: [
    {
      id: 'summary-report',
      type: 'report',
      form: { fields: [{ key: 'greenFamiliesPledged', type: 'integer', label: { 'zh-CN': '承诺家庭数', en: 'Families pledged' } }] },
    },
  ],
} as unknown as EventTemplate;

const campaignTemplate: CampaignTemplate = {
  code: 'rural-women-campaign',
  version: 1,
  name: { 'zh-CN': '巾帼行动', en: 'Women in action' },
  leadDepartment: 'dept-development',
  units: ['districts'],
  period: { from: '01-01', to: '12-31' },
  targets: [
    { key: 'workshops', name: { 'zh-CN': '巾帼扶贫工坊', en: 'Workshops' }, unit: '个', planFigure: 100, allocation: 'total' },
    { key: 'coverage', name: { 'zh-CN': '覆盖率', en: 'Coverage' }, unit: '%', planFigure: 80, allocation: 'each' },
  ],
  reporting: { every: 'monthly', due: '5d', urgeAfter: '2d', superviseAfter: '3d' },
  districtActivity: 'district-activity',
  signOff: { levels: [] },
  assessment: { weights: { workshops: 70, coverage: 30 }, cap: 1, latePenalty: 2, missingPenalty: 5 },
};

const zh = (s: string) => ({ 'zh-CN': s, en: s });
const NOW = new Date('2027-06-15T00:00:00Z');

function rows(): YearRows {
  return {
    events: [
      {
        id: 'e1', title: '六一活动', templateCode: 'childrens-day-sorting', template, leadUnit: 'dept-family-children', leadName: zh('家庭和儿童工作部'),
        startsAt: new Date('2027-05-31T17:00:00Z'), endsAt: new Date('2027-05-31T21:00:00Z'), firstStartsAt: '2027-05-20T01:00:00.000Z', status: 'archived',
      },
      {
        id: 'e2', title: '三八活动', templateCode: 'womens-day-110', template: null, leadUnit: 'dept-organisation', leadName: zh('组织部'),
        startsAt: new Date('2027-03-08T01:00:00Z'), endsAt: new Date('2027-03-08T05:00:00Z'), firstStartsAt: null, status: 'active',
      },
    ],
    notices: [
      { id: 'n1-r1', eventId: 'e1', stepId: 'activity-notice', docNumber: '渝妇发〔2027〕1号', subject: zh('通知一'), issuedAt: new Date('2027-04-01T00:00:00Z'), receiptsDueAt: new Date('2027-04-10T00:00:00Z'), latest: false },
      { id: 'n1-r2', eventId: 'e1', stepId: 'activity-notice', docNumber: '渝妇发〔2027〕2号', subject: zh('通知一（重发）'), issuedAt: new Date('2027-04-05T00:00:00Z'), receiptsDueAt: new Date('2027-04-15T00:00:00Z'), latest: true },
      { id: 'n2', eventId: 'e2', stepId: 'activity-notice', docNumber: null, subject: zh('通知二'), issuedAt: new Date('2027-02-01T00:00:00Z'), receiptsDueAt: new Date('2027-07-01T00:00:00Z'), latest: true },
    ],
    receipts: [
      { noticeId: 'n1-r1', unitCode: 'district-yuzhong', status: 'acknowledged', late: false },
      { noticeId: 'n1-r2', unitCode: 'district-yuzhong', status: 'acknowledged', late: false },
      { noticeId: 'n1-r2', unitCode: 'district-jiangbei', status: 'acknowledged', late: true },
      { noticeId: 'n1-r2', unitCode: 'district-wansheng', status: 'pending', late: false },
      // The event is active and the due date ahead: still within its time.
      { noticeId: 'n2', unitCode: 'district-wansheng', status: 'pending', late: false },
      { noticeId: 'n2', unitCode: 'agency-municipal-organs', status: 'acknowledged', late: false },
    ],
    reports: [{ eventId: 'e1', stepId: 'summary-report', values: { participants: 120, unitsCovered: ['渝中区', '江北区'], outcomes: '好', greenFamiliesPledged: 30 }, submittedAt: new Date('2027-06-05T00:00:00Z') }],
    districts: [
      { code: 'district-yuzhong', name: zh('渝中区妇联') },
      { code: 'district-jiangbei', name: zh('江北区妇联') },
      { code: 'district-wansheng', name: zh('万盛经开区妇联') },
    ],
    campaigns: [
      {
        campaignId: 'c1', title: '2027年巾帼行动', status: 'running', template: campaignTemplate, periods: reportingPeriods(campaignTemplate, 2027),
        units: [
          { unitCode: 'district-yuzhong', unitName: '渝中区妇联', targets: { workshops: 60, coverage: 80 } },
          { unitCode: 'district-jiangbei', unitName: '江北区妇联', targets: { workshops: 45, coverage: 80 } },
        ],
        // January to May: 渝中区's running total, corrected in May; 江北区 reported January only.
        reports: [
          ...[0, 1, 2, 3, 4].map((i) => ({ unitCode: 'district-yuzhong', periodIndex: i, revision: 1, figures: { workshops: (i + 1) * 6, coverage: 70 }, late: false })),
          { unitCode: 'district-yuzhong', periodIndex: 4, revision: 2, figures: { workshops: 28, coverage: 72 }, late: false },
          { unitCode: 'district-jiangbei', periodIndex: 0, revision: 1, figures: { workshops: 5, coverage: 50 }, late: true },
        ],
      },
      // Still at its 任务分解: no district has a share yet.
      { campaignId: 'c2', title: '2027年清风家风', status: 'allocating', template: { ...campaignTemplate, code: 'clean-family', targets: [campaignTemplate.targets[0]] }, periods: reportingPeriods(campaignTemplate, 2027), units: [], reports: [] },
    ],
  };
}

describe("the year's summary", () => {
  const s = summarise(2027, NOW, rows());

  it('counts receipts of the latest round only: on time, late, missing once the event is over, pending while there is time', () => {
    const [e2, e1] = [s.events.find((e) => e.id === 'e2')!, s.events.find((e) => e.id === 'e1')!];
    expect(e1.notices.map((n) => n.receipts)).toEqual([
      { onTime: 0, late: 0, missing: 0, pending: 0 },
      { onTime: 1, late: 1, missing: 1, pending: 0 },
    ]);
    expect(e2.receipts).toEqual({ onTime: 1, late: 0, missing: 0, pending: 1 });
    expect(s.totals.receipts).toEqual({ onTime: 2, late: 1, missing: 1, pending: 1 });
  });

  it('counts a pending receipt as missing once its due date has passed, though the event still runs', () => {
    const later = summarise(2027, new Date('2027-07-02T00:00:00Z'), rows());
    expect(later.events.find((e) => e.id === 'e2')!.receipts).toEqual({ onTime: 1, late: 0, missing: 1, pending: 0 });
  });

  it('puts every district in the directory order, other units aside', () => {
    expect(s.districts).toEqual([
      { unitCode: 'district-yuzhong', name: zh('渝中区妇联'), onTime: 1, late: 0, missing: 0, pending: 0 },
      { unitCode: 'district-jiangbei', name: zh('江北区妇联'), onTime: 0, late: 1, missing: 0, pending: 0 },
      { unitCode: 'district-wansheng', name: zh('万盛经开区妇联'), onTime: 0, late: 0, missing: 1, pending: 1 },
    ]);
    expect(onTimeRate(s.districts[2])).toBe('0%');
    expect(onTimeRate({ onTime: 0, late: 0, missing: 0, pending: 3 })).toBeNull();
  });

  it('leaves the receipts of a cancelled event out of every punctuality figure, overdue or late', () => {
    const withCancelled = rows();
    withCancelled.events.push({
      id: 'e3', title: '取消的活动', templateCode: 'womens-day-110', template: null, leadUnit: 'dept-organisation', leadName: zh('组织部'),
      startsAt: new Date('2027-04-20T01:00:00Z'), endsAt: new Date('2027-04-20T05:00:00Z'), firstStartsAt: null, status: 'cancelled',
    });
    withCancelled.notices.push({ id: 'n3', eventId: 'e3', stepId: 'activity-notice', docNumber: '渝妇发〔2027〕3号', subject: zh('通知三'), issuedAt: new Date('2027-04-01T00:00:00Z'), receiptsDueAt: new Date('2027-04-05T00:00:00Z'), latest: true });
    withCancelled.receipts.push(
      { noticeId: 'n3', unitCode: 'district-wansheng', status: 'pending', late: false },
      { noticeId: 'n3', unitCode: 'district-jiangbei', status: 'acknowledged', late: true },
    );
    const c = summarise(2027, NOW, withCancelled);
    expect(c.districts).toEqual(s.districts);
    expect(c.totals.receipts).toEqual(s.totals.receipts);
    const e3 = c.events.find((e) => e.id === 'e3')!;
    expect(e3.receipts).toEqual({ onTime: 0, late: 0, missing: 0, pending: 0 });
    expect(yearDocument(c).events.find((e) => e.title === '取消的活动')).toMatchObject({ status: '已取消', receipts: { acknowledged: 0, late: 0, missing: 0 } });
  });

  it('counts a notice re-issued in a later round once, and each numbered round as a document', () => {
    expect(s.totals).toMatchObject({ notices: 2, documents: 2 });
  });

  it("takes the report's numbers in its form's order, the units covered as a count", () => {
    const e1 = s.events.find((e) => e.id === 'e1')!;
    expect(e1.report!.figures.map((f) => [f.key, f.value])).toEqual([
      ['participants', 120],
      ['unitsCovered', 2],
      ['greenFamiliesPledged', 30],
    ]);
    expect(s.totals).toMatchObject({ events: 2, participants: 120, reports: 1 });
  });

  it("gives each campaign's targets with the city's figures of its roll-up: plan, allocated, done, completion, standing", () => {
    expect(s.targets.map((t) => [t.campaign, t.key, t.planFigure, t.allocated, t.done, t.standing])).toEqual([
      // 28 (渝中区's May, corrected) + 5 of the 105 allocated, with 45% of the year gone by 15 June.
      ['2027年巾帼行动', 'workshops', 100, 105, 33, 'behind'],
      // A rate is the districts' mean: (72 + 50) / 2 of 80.
      ['2027年巾帼行动', 'coverage', 80, 80, 61, 'on-track'],
      ['2027年清风家风', 'workshops', 100, null, 0, 'at-risk'],
    ]);
    const { totals } = rollupOf(rows().campaigns[0], NOW.getTime());
    expect(s.targets[0]).toMatchObject({ campaignId: 'c1', campaignStatus: 'running', label: { 'zh-CN': '巾帼扶贫工坊', en: 'Workshops' }, unit: '个', completion: totals.workshops.completion });
    expect(s.targets[1].completion).toBeCloseTo(61 / 80);
  });

  it('keeps the day first set as 原定 for a moved event, and none for one never moved', () => {
    expect(s.events.find((e) => e.id === 'e1')!.originalStartsAt).toBe('2027-05-20T01:00:00.000Z');
    expect(s.events.find((e) => e.id === 'e2')!.originalStartsAt).toBeNull();
  });

  it('counts events per month in China time, per department and per status', () => {
    // 2027-05-31T17:00Z is 1 June in Beijing.
    expect(s.byMonth.filter((m) => m.events).map((m) => m.month)).toEqual([3, 6]);
    expect(s.byDepartment.map((d) => [d.unitCode, d.events])).toEqual([
      ['dept-family-children', 1],
      ['dept-organisation', 1],
    ]);
    expect(s.byStatus).toEqual([
      { status: 'active', events: 1 },
      { status: 'postponed', events: 0 },
      { status: 'cancelled', events: 0 },
      { status: 'archived', events: 1 },
    ]);
  });

  it('bounds the year by China time, and reads its days and years so', () => {
    expect(chinaYearBounds(2027)).toEqual({ from: '2026-12-31T16:00:00.000Z', to: '2027-12-31T16:00:00.000Z' });
    expect(chinaYearOf('2026-12-31T16:00:00.000Z')).toBe(2027);
    expect(chinaYearOf(Date.parse('2026-12-31T15:59:59.999Z'))).toBe(2026);
    expect(chinaDate('2027-02-28T16:00:00.000Z')).toBe('2027年3月1日');
  });

  it('makes four sheets and the PDF data with the same events and targets', () => {
    const [events, notices, districts, targets] = yearSheets(s);
    expect([events.name, notices.name, districts.name, targets.name]).toEqual(['活动', '签收', '按区县', '目标任务']);
    expect(targets.columns.map((c) => c.zh)).toEqual(['目标管理', '状态', '指标', '计量单位', '计划数', '已分解', '完成', '完成率', '进度']);
    expect(targets.rows).toEqual([
      ['2027年巾帼行动', '进行中 Running', '巾帼扶贫工坊', '个', 100, 105, 33, '31.4%', '滞后 Behind'],
      ['2027年巾帼行动', '进行中 Running', '覆盖率', '%', 80, 80, 61, '76.3%', '正常 On track'],
      ['2027年清风家风', '任务分解中 Allocating', '巾帼扶贫工坊', '个', 100, '未分解 Not allocated yet', 0, '0%', '预警 At risk'],
    ]);
    expect(events.rows.map((r) => r[0])).toEqual(['六一活动', '三八活动']);
    expect(events.rows[0].slice(5, 8)).toEqual(['2027-05-20 09:00', '已归档 Archived', '渝妇发〔2027〕1号 通知一\n渝妇发〔2027〕2号 通知一（重发）']);
    expect(notices.rows).toHaveLength(3);
    const doc = yearDocument(s);
    // A record of the year under the federation's name, not a red-header 文件.
    expect(doc.header).toBe('重庆市妇女联合会');
    expect(doc.events.map((e) => e.title)).toEqual(['六一活动', '三八活动']);
    expect(doc.events[0].receipts).toEqual({ acknowledged: 1, late: 1, missing: 1 });
    expect(doc.events[0].status).toBe('已归档（原定5月20日）');
    expect(doc.targets.map((t) => [t.target, t.allocated, t.done, t.completion, t.standing])).toEqual([
      ['巾帼扶贫工坊（个）', '105', '33', '31.4%', '滞后'],
      ['覆盖率（%）', '80', '61', '76.3%', '正常'],
      ['巾帼扶贫工坊（个）', '未分解', '0', '0%', '预警'],
    ]);
  });

  it('refuses a year that is not four digits within range, in both languages', () => {
    for (const bad of ['0', '20271', 'abc', '1999', '2100']) {
      expect(() => parseYear(bad)).toThrow(new RegExp(`年份须在 2000 至 2099 之间：${bad}.*year must be a year from 2000 to 2099: ${bad}`));
    }
    expect(parseYear('2027')).toBe(2027);
  });
});
