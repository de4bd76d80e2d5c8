// What the campaign workflows decide without a server: which reports and cancellations they refuse
// (and in which words), when the 催办/督办 go and what their email links to, and how the assessment
// table ranks the units.
import { isPersonalKind } from '../../src/notifications/kinds';
import { emailText } from '../../src/notifications/message';
import type { CampaignState, PeriodReport, ReportProgressInput, UnitCampaignState } from '../../workflows/campaign-model';
import type { CampaignTemplate } from '../../workflows/campaign-types';
import { assessmentTable } from '../../workflows/campaign/assessment-table';
import { owes, reportingPeriods } from '../../workflows/campaign/periods';
import { chinaToday } from '../../workflows/campaign/china-days';
import { cancelCampaignRefusal, previousFigures, reportRefusal, type UnitView } from '../../workflows/campaign/refusals';
import { urgingMarks } from '../../workflows/campaign/unit-run';

const TEMPLATE: CampaignTemplate = {
  code: 'rural-women-campaign',
  version: 1,
  name: { 'zh-CN': '巾帼行动', en: 'Women in action' },
  leadDepartment: 'dept-development',
  units: ['districts'],
  period: { from: '03-01', to: '05-31' },
  targets: [
    { key: 'workshops', name: { 'zh-CN': '巾帼扶贫工坊', en: 'Poverty-relief workshops' }, unit: '个', planFigure: 100, allocation: 'total' },
    { key: 'trainings', name: { 'zh-CN': '农村妇女培训', en: 'Trainings of rural women' }, unit: '人次', planFigure: 2000, allocation: 'total', cumulative: false },
  ],
  reporting: { every: 'monthly', due: '5wd', urgeAfter: '3wd', superviseAfter: '5wd' },
  districtActivity: 'district-activity',
  signOff: { levels: [] },
  assessment: { weights: { workshops: 60, trainings: 40 }, cap: 1, latePenalty: 2, missingPenalty: 5 },
};
const PERIODS = reportingPeriods(TEMPLATE, 2027); // March, April, May
const LIAISON = { id: 'u-1', displayName: '刘联络员', liaisonOf: ['district-yuzhong'] };

const report = (periodIndex: number, figures: Record<string, number>, over: Partial<PeriodReport> = {}): PeriodReport => ({
  periodIndex,
  figures,
  submittedBy: LIAISON,
  submittedAt: PERIODS[periodIndex].dueAt,
  late: false,
  revision: 1,
  ...over,
});

const unitState = (over: Partial<UnitCampaignState> = {}): UnitCampaignState => ({
  campaignId: 'c-1',
  unitCode: 'district-yuzhong',
  unitName: '渝中区妇联',
  targets: { workshops: 4, trainings: 100 },
  periods: PERIODS,
  reports: [],
  urgings: [],
  soFar: { workshops: 0, trainings: 0 },
  status: 'running',
  startedAt: '2027-02-20T00:00:00Z',
  ...over,
});

const view = (state: UnitCampaignState, now = Date.parse('2027-04-02T02:00:00Z')): UnitView => ({ state, template: TEMPLATE, now });
const input = (over: Partial<ReportProgressInput> = {}): ReportProgressInput => ({ actor: LIAISON, periodIndex: 0, figures: { workshops: 1 }, ...over });

describe('the report validator', () => {
  it('takes the unit’s liaison or an administrator, and no one else', () => {
    expect(reportRefusal(view(unitState()), input())).toBeUndefined();
    expect(reportRefusal(view(unitState()), input({ actor: { id: 'a', displayName: '管理员', isAdmin: true } }))).toBeUndefined();
    expect(reportRefusal(view(unitState()), input({ actor: { id: 'u-2', displayName: '江北联络员', liaisonOf: ['district-jiangbei'] } }))).toMatchObject({
      kind: 'FORBIDDEN',
      zh: '只有渝中区妇联的联络员可以报送本单位进度',
      en: 'Only a liaison of 渝中区妇联 may report its progress',
    });
  });

  it('refuses a closed unit, a period that does not exist or has not begun (China time), and an empty report', () => {
    expect(reportRefusal(view(unitState({ status: 'closed' })), input())).toMatchObject({ kind: 'CONFLICT' });
    expect(reportRefusal(view(unitState()), input({ periodIndex: 7 }))).toMatchObject({ kind: 'INVALID', details: [{ field: 'periodIndex' }] });
    // 31 March 15:59 UTC is 23:59 that day in Beijing: April has not begun; a minute later it has.
    expect(reportRefusal(view(unitState(), Date.parse('2027-03-31T15:59:00Z')), input({ periodIndex: 1 }))).toMatchObject({
      kind: 'CONFLICT',
      zh: '2027年4月尚未开始，不能报送',
      en: 'Apr 2027 has not begun; it cannot be reported yet',
    });
    expect(reportRefusal(view(unitState(), Date.parse('2027-03-31T16:00:00Z')), input({ periodIndex: 1 }))).toBeUndefined();
    expect(reportRefusal(view(unitState()), input({ figures: {} }))).toMatchObject({ kind: 'INVALID', details: [{ field: 'figures' }] });
  });

  it('names each bad target in both languages, and checks a correction against the period before it', () => {
    const state = unitState({ reports: [report(0, { workshops: 2 }), report(1, { workshops: 3 })] });
    expect(previousFigures(state, 1)).toEqual({ workshops: 2 });
    const refused = reportRefusal(view(state), input({ periodIndex: 1, figures: { workshops: 1, trainings: -5 } }));
    expect(refused).toMatchObject({
      kind: 'INVALID',
      zh: '进度报告未通过校验：巾帼扶贫工坊：累计数由 2 个 降为 1 个，须填写说明；农村妇女培训：不能为负数（-5）',
      en: 'The progress report is refused: Poverty-relief workshops: the running total goes down from 2 个 to 1 个; say why in a comment; Trainings of rural women: must not be negative (-5)',
      details: [{ field: 'figures.workshops' }, { field: 'figures.trainings' }],
    });
    // Correcting April down to March's figure is no drop; with a reason, even below it is taken.
    expect(reportRefusal(view(state), input({ periodIndex: 1, figures: { workshops: 2 } }))).toBeUndefined();
    expect(reportRefusal(view(state), input({ periodIndex: 1, figures: { workshops: 1 }, comment: '一个工坊停办' }))).toBeUndefined();
  });

  it('refuses an unexplained drop from the latest period that gave the figure, when the period before left it out', () => {
    const state = unitState({ reports: [report(0, { workshops: 10 }), report(1, { trainings: 1 })] });
    expect(previousFigures(state, 2)).toEqual({ workshops: 10, trainings: 1 });
    expect(reportRefusal(view(state, Date.parse('2027-05-02T02:00:00Z')), input({ periodIndex: 2, figures: { workshops: 2 } }))).toMatchObject({
      kind: 'INVALID',
      zh: '进度报告未通过校验：巾帼扶贫工坊：累计数由 10 个 降为 2 个，须填写说明',
      details: [{ field: 'figures.workshops' }],
    });
  });

  it('knows today in Beijing', () => {
    expect(chinaToday(Date.parse('2027-03-31T16:00:00Z'))).toBe('2027-04-01');
    expect(chinaToday(Date.parse('2027-03-31T15:59:59Z'))).toBe('2027-03-31');
  });
});

describe('cancelling a campaign', () => {
  const state = (status: CampaignState['status']) => ({ status }) as CampaignState;
  it('needs a reason and an open campaign', () => {
    expect(cancelCampaignRefusal(state('running'), false, { reason: '年度计划调整' })).toBeUndefined();
    expect(cancelCampaignRefusal(state('running'), false, { reason: '  ' })).toMatchObject({ kind: 'INVALID', zh: '取消须说明原因', en: 'A cancellation needs a reason' });
    expect(cancelCampaignRefusal(state('archived'), false, { reason: 'x' })).toMatchObject({ kind: 'CONFLICT', zh: '目标任务已归档，不能取消' });
    expect(cancelCampaignRefusal(state('running'), true, { reason: 'x' })).toMatchObject({ kind: 'CONFLICT', zh: '目标任务已取消' });
  });
});

describe('the 催办 and 督办 of a unit', () => {
  it('go in time order, each period urged before it is supervised, the last 督办 closing the unit', () => {
    const marks = urgingMarks(PERIODS);
    expect(marks.map((m) => `${m.periodIndex}:${m.kind}`)).toEqual(['0:urge', '0:supervise', '1:urge', '1:supervise', '2:urge', '2:supervise']);
    expect(marks.every((m, i) => i === 0 || m.at >= marks[i - 1].at)).toBe(true);
    expect(marks[marks.length - 1].at).toBe(Date.parse(PERIODS[2].superviseAt));
  });
});

describe('the assessment table', () => {
  it('scores from the figures so far, counts lateness from the first submission, and shares a rank on a tie', () => {
    const onTime = unitState({ unitCode: 'a', soFar: { workshops: 4, trainings: 100 }, reports: PERIODS.map((p) => report(p.index, {})) });
    // May was first sent on time, then corrected after its due time: it is not late.
    const corrected = unitState({
      unitCode: 'b',
      soFar: { workshops: 4, trainings: 100 },
      reports: PERIODS.map((p) => report(p.index, {}, p.index === 2 ? { revision: 2, submittedAt: p.superviseAt, firstSubmittedAt: p.dueAt } : {})),
    });
    // March late, May missing, half the workshops: 30 + 40 − 2 − 5 = 63.
    const behind = unitState({
      unitCode: 'c',
      soFar: { workshops: 2, trainings: 100 },
      reports: [report(0, {}, { submittedAt: PERIODS[0].urgeAt, late: true }), report(1, {})],
    });
    const table = assessmentTable(TEMPLATE, [onTime, corrected, behind]);
    expect(table.map((r) => [r.unitCode, r.score, r.late, r.missing, r.rank])).toEqual([
      ['a', 100, 0, 0, 1],
      ['b', 100, 0, 0, 1],
      ['c', 63, 1, 1, 3],
    ]);
  });
});

describe('a unit started after a period was due', () => {
  it('does not owe that period: no penalty if it never came or came after its due time, its figures still count', () => {
    // Started on 20 April: March was due by about 8 April, April and May are owed.
    const startedAt = '2027-04-20T00:00:00Z';
    expect(PERIODS.map((p) => owes(p, Date.parse(startedAt)))).toEqual([false, true, true]);
    const late = unitState({ unitCode: 'a', startedAt, soFar: { workshops: 4, trainings: 100 }, reports: [report(0, {}, { submittedAt: startedAt }), report(1, {}), report(2, {})] });
    const never = unitState({ unitCode: 'b', startedAt, soFar: { workshops: 4, trainings: 100 }, reports: [report(1, {}), report(2, {})] });
    // The same unit started before March was due owes all three: March missing costs 5.
    const owedAll = unitState({ unitCode: 'c', soFar: { workshops: 4, trainings: 100 }, reports: [report(1, {}), report(2, {})] });
    expect(assessmentTable(TEMPLATE, [late, never, owedAll]).map((r) => [r.unitCode, r.score, r.late, r.missing])).toEqual([
      ['a', 100, 0, 0],
      ['b', 100, 0, 0],
      ['c', 95, 0, 1],
    ]);
  });
});

describe('the 催办 email', () => {
  const urge = (link: string | null) =>
    emailText(
      {
        notificationId: 'n-1',
        kind: 'campaign-urge',
        eventId: null,
        eventTitle: null,
        stepId: null,
        taskId: null,
        link,
        subject: { 'zh-CN': '【催办】进度报告未报送', en: 'Reminder: progress report not sent' },
        body: { 'zh-CN': '请尽快报送。', en: 'Please send it.' },
        calendar: null,
        createdAt: new Date('2027-02-10T01:00:00Z'),
        recipient: { id: 'u-1', username: 'liaison-yuzhong', displayName: '刘联络员' },
        unit: { code: 'district-yuzhong', nameZh: '渝中区妇联', nameEn: 'Yuzhong District' },
        audience: 'person',
        secret: null,
      },
      'https://oa.fulian.example/',
    );

  it("says where to report, though the unit's robot hears it too (it is not personal)", () => {
    expect(isPersonalKind('campaign-urge')).toBe(false);
    expect(isPersonalKind('campaign-supervise')).toBe(false);
    const text = urge('/campaigns/c-1/units/district-yuzhong');
    expect(text).toContain('办理或查看：https://oa.fulian.example/campaigns/c-1/units/district-yuzhong');
    expect(text).toContain('Open: https://oa.fulian.example/campaigns/c-1/units/district-yuzhong');
    expect(urge(null)).not.toContain('办理或查看');
  });
});
