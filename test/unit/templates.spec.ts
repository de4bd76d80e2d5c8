// The shipped event templates, and the loader's refusal of broken ones (file and field named).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadTemplates, TemplateValidationError } from '../../src/templates/template-loader';
import { parseOffset } from '../../workflows/offsets';
import type { EventTemplate, PartyRef, ReportStep, SignOffLevel, Step } from '../../workflows/template-types';

const TEMPLATES_DIR = resolve(__dirname, '../../templates');

// The annex of 渝妇发〔2020〕9号, as DOMAIN.md lists it.
const ANNEX: { code: string; zh: string; en: string; lead: string; major: boolean }[] = [
  { code: 'womens-day-110', zh: '纪念"三八"国际妇女节110周年系列活动', en: "Women's Day 110th anniversary series", lead: 'dept-organisation', major: true },
  { code: 'childrens-day-sorting', zh: '庆祝"六一"国际儿童节垃圾分类亲子主题活动', en: "Children's Day garbage-sorting family activity", lead: 'dept-family-children', major: false },
  { code: 'poverty-showcase', zh: '"决战决胜脱贫攻坚 巴渝巾帼尽展风采"展示展演', en: 'Poverty-alleviation showcase of 巴渝巧姐/网姐/大姐', lead: 'dept-development', major: false },
  { code: 'clean-family', zh: '"清风常伴廉洁齐家"家庭助廉立德活动', en: 'Family integrity campaign', lead: 'dept-family-children', major: false },
  { code: 'family-reading', zh: '"书香润万家"家庭阅读系列活动', en: 'Family reading series', lead: 'dept-family-children', major: false },
  { code: 'children-care-camp', zh: '"情暖童心 相伴成长"留守困境儿童关爱 + "快乐成长营"', en: 'Left-behind children care + holiday camp', lead: 'dept-family-children', major: false },
  { code: 'domestic-skills-contest', zh: '重庆市巾帼家政服务技能大赛 + 成立巾帼家政联盟', en: 'Domestic-service skills contest + founding the alliance', lead: 'dept-development', major: true },
  { code: 'public-welfare-launch', zh: '"公益新时代、凝聚她力量"社会化项目发布活动', en: 'Social-project launch event', lead: 'dept-liaison', major: false },
  { code: 'exec-committee-plenary', zh: '重庆市妇联五届六次执委(扩大)会议', en: '6th plenary of the 5th executive committee', lead: 'fed-office', major: true },
  { code: 'red-banner-commendation', zh: '"三八红旗手"等先进典型表彰及典型事迹报告会', en: 'Commendation meeting for 三八红旗手', lead: 'dept-organisation', major: true },
  { code: 'four-actions-onsite', zh: '"四大巴渝巾帼行动"工作现场会', en: 'On-site meeting of the four major actions', lead: 'dept-development', major: false },
  { code: 'family-education-meeting', zh: '家家幸福安康工程——家庭教育工作推进会', en: 'Family-education promotion meeting', lead: 'dept-family-children', major: false },
  { code: 'women-children-committee', zh: '市政府妇女儿童工作委员会全体(扩大)会议', en: 'Plenary of the municipal women & children committee', lead: 'wcc-office', major: true },
];

/** Not of the annex: the work plan's monthly list, started by a Schedule (src/selections). */
const MONTHLY_LIST = 'monthly-women-list';
/** Not of the annex either: the campaigns' district activity, led by the district that starts it. */
const DISTRICT_ACTIVITY = 'district-campaign-activity';

function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((s) => (s.type === 'parallel' ? [s, ...s.branches.flatMap((b) => allSteps(b.steps))] : [s]));
}

const isChair = (p: PartyRef) => 'role' in p && p.role === 'chair' && !('unit' in p);
const hasApprover = (levels: SignOffLevel[], match: (p: PartyRef) => boolean) =>
  levels.some((l) => l.approvers.some(match));

describe('shipped templates', () => {
  let templates: EventTemplate[];
  const byCode = (code: string) => {
    const t = templates.find((x) => x.code === code);
    if (!t) throw new Error(`template ${code} not loaded`);
    return t;
  };

  beforeAll(() => {
    templates = loadTemplates(TEMPLATES_DIR);
  });

  it("loads all 13 templates of the annex, the monthly 时代女性榜 and the campaigns' district activity, sorted by code", () => {
    expect(templates.map((t) => t.code)).toEqual([...ANNEX.map((a) => a.code), MONTHLY_LIST, DISTRICT_ACTIVITY].sort());
    // Version 2: the document fields became file fields (附件). Version 3: the templates whose
    // official notices print as a decision or a meeting notice (公文), and whose events hand data on.
    const third = ['exec-committee-plenary', 'family-education-meeting', 'four-actions-onsite', 'red-banner-commendation', 'womens-day-110'];
    expect(templates.filter((t) => t.version === 3).map((t) => t.code)).toEqual(third);
    expect(templates.filter((t) => !third.includes(t.code) && t.code !== MONTHLY_LIST && t.code !== DISTRICT_ACTIVITY).every((t) => t.version === 2)).toBe(true);
  });

  it("has the district activity's plan and report signed off by the leading district's own chair, the report with photos", () => {
    const t = byCode(DISTRICT_ACTIVITY);
    const districtChair = { role: 'district-chair', unit: '$lead' };
    const approval = t.steps.find((s) => s.type === 'approval');
    const report = t.steps[t.steps.length - 1];
    expect(approval?.type === 'approval' && approval.levels.map((l) => l.approvers)).toEqual([[districtChair]]);
    expect(report.type === 'report' && report.signOff.levels.map((l) => l.approvers)).toEqual([[districtChair]]);
    expect(report.type === 'report' && report.form?.fields.find((f) => f.key === 'photos')).toMatchObject({ type: 'file', required: true });
  });

  it.each(ANNEX)('$code carries its zh-CN and English names and its lead department', ({ code, zh, en, lead }) => {
    const t = byCode(code);
    expect(t.name).toEqual({ 'zh-CN': zh, en });
    expect(t.leadDepartment).toBe(lead);
  });

  it.each(ANNEX)('$code ends with a report signed off by the department head, then the vice-chair in charge', ({ code }) => {
    const t = byCode(code);
    const last = t.steps[t.steps.length - 1];
    expect(last.type).toBe('report');
    const report = last as ReportStep;
    expect(report.due.anchor).toBe('eventEnd');
    const levels = report.signOff.levels;
    expect(levels.length).toBeGreaterThanOrEqual(2);
    expect(levels[0].approvers).toContainEqual({ role: 'department-head', unit: '$lead' });
    expect(levels[levels.length - 1].approvers).toContainEqual({ role: 'vice-chair', inChargeOf: '$lead' });
    // Exactly one report in the whole template.
    expect(allSteps(t.steps).filter((s) => s.type === 'report')).toHaveLength(1);
  });

  it.each(ANNEX)('$code notifies its audience with a receipt due by a date, and waits for the event day', ({ code }) => {
    const steps = allSteps(byCode(code).steps);
    const withReceipt = steps.filter((s) => s.type === 'notify' && s.receipt);
    expect(withReceipt.length).toBeGreaterThan(0);
    expect(steps.some((s) => s.type === 'wait' && s.until.anchor === 'eventStart')).toBe(true);
  });

  it('major events and meetings (A1, A7, M1, M2, M5) go up to the chair; the others stop at the vice-chair', () => {
    for (const { code, major } of ANNEX) {
      const approvals = allSteps(byCode(code).steps).filter((s) => s.type === 'approval');
      const planApproval = approvals[0];
      expect(planApproval).toBeDefined();
      if (planApproval.type !== 'approval') throw new Error('unreachable');
      expect({ code, chair: hasApprover(planApproval.levels, isChair) }).toEqual({ code, chair: major });
      expect(hasApprover(planApproval.levels, (p) => 'inChargeOf' in p && p.inChargeOf === '$lead')).toBe(true);
    }
  });

  it('A1 and M2 are co-signed (会签) by two department heads', () => {
    for (const code of ['womens-day-110', 'red-banner-commendation']) {
      const approval = byCode(code).steps.find((s) => s.type === 'approval');
      if (approval?.type !== 'approval') throw new Error(`${code} has no approval`);
      const first = approval.levels[0];
      expect(first.mode).toBe('all');
      expect(first.approvers.filter((p) => 'role' in p && p.role === 'department-head')).toHaveLength(2);
    }
  });

  it('M1 re-issues the work plan only when the review made major changes', () => {
    const m1 = byCode('exec-committee-plenary');
    const steps = allSteps(m1.steps);
    const reissue = steps.find((s) => s.name['zh-CN'] === '重新下发工作要点');
    expect(reissue).toBeDefined();
    expect(reissue!.type).toBe('notify');
    expect(reissue!.when).toMatchObject({ field: 'majorChanges', equals: true });

    const review = steps.find((s) => s.id === reissue!.when!.step);
    expect(review?.type).toBe('task');
    if (review?.type !== 'task') throw new Error('unreachable');
    expect(review.name['zh-CN']).toBe('工作要点审议');
    expect(review.form?.fields.find((f) => f.key === 'majorChanges')?.type).toBe('boolean');
    // The review comes before the re-issue.
    expect(steps.indexOf(review)).toBeLessThan(steps.indexOf(reissue!));

    const notice = steps.find((s) => s.type === 'notify' && s.official);
    expect(notice?.type === 'notify' && notice.audience).toContainEqual({ unitGroup: 'exec-committee' });
  });

  it('M1, M2 and M5 ask for a 参会回执 that names the attendees', () => {
    for (const code of ['exec-committee-plenary', 'red-banner-commendation', 'women-children-committee']) {
      const notice = byCode(code).steps.find((s) => s.type === 'notify' && s.receipt?.form);
      if (notice?.type !== 'notify') throw new Error(`${code} has no notice with a receipt form`);
      expect(notice.receipt!.form!.fields).toContainEqual(expect.objectContaining({ key: 'attendees', type: 'list', required: true }));
    }
  });

  it('M2 depends on the Women\'s Day selection and plans from its list of 三八红旗手', () => {
    const m2 = byCode('red-banner-commendation');
    expect(m2.dependsOn?.template).toBe('womens-day-110');
    const a1Steps = allSteps(byCode('womens-day-110').steps).map((s) => s.id);
    expect(a1Steps).toContain(m2.dependsOn!.step);
    const plan = m2.steps[0];
    if (plan.type !== 'task') throw new Error('M2 does not start with a task');
    expect(plan.form?.fields).toContainEqual(expect.objectContaining({ key: 'honourees', type: 'list', required: true }));
    // …which it reads from what A1 hands on once its decision is issued.
    expect(m2.reads).toEqual([
      { from: 'womens-day-110', value: 'honourees', into: { step: 'meeting-plan', field: 'honourees' } },
      { from: 'womens-day-110', value: 'collectiveHonourees', into: { step: 'meeting-plan', field: 'collectiveHonourees' } },
    ]);
    expect(byCode('womens-day-110').provides?.honourees).toEqual({ step: 'draft-decision', field: 'honourees', after: 'issue-decision' });
  });

  it('A1 issues its decision as a 决定 with both lists; the federation\'s meetings (M1–M4) send a meeting notice with its agenda', () => {
    const decision = allSteps(byCode('womens-day-110').steps).find((s) => s.id === 'issue-decision');
    expect(decision?.type === 'notify' && decision.document).toEqual({
      kind: 'decision',
      lists: [
        { heading: { 'zh-CN': '重庆市三八红旗手', en: 'Chongqing March 8th Red-Banner Holders' }, from: { step: 'draft-decision', field: 'honourees' } },
        { heading: { 'zh-CN': '重庆市三八红旗集体', en: 'Chongqing March 8th Red-Banner Collectives' }, from: { step: 'draft-decision', field: 'collectiveHonourees' } },
      ],
    });
    for (const code of ['exec-committee-plenary', 'red-banner-commendation', 'four-actions-onsite', 'family-education-meeting']) {
      const notice = byCode(code).steps.find((s) => s.id === 'meeting-notice');
      expect(notice?.type === 'notify' && notice.document).toEqual({ kind: 'meeting-notice', agenda: { step: 'meeting-plan', field: 'agenda' } });
    }
    // M5's notice goes out under the committee's own number, not as a federation 公文.
    const m5 = byCode('women-children-committee').steps.find((s) => s.id === 'meeting-notice');
    expect(m5?.type === 'notify' && (m5.official ?? false) === false && m5.document === undefined).toBe(true);
  });

  it('A1 collects nominations through the notice receipt and posts the shortlist for working days', () => {
    const steps = allSteps(byCode('womens-day-110').steps);
    const nominations = steps.find((s) => s.type === 'notify' && s.receipt?.form?.fields.some((f) => f.key === 'nominees'));
    expect(nominations).toBeDefined();
    expect(nominations!.type === 'notify' && nominations!.official).toBe(true);
    const period = steps.find((s) => s.type === 'task' && s.due && 'workingDays' in parseOffset(s.due.offset));
    expect(period?.name['zh-CN']).toContain('公示');
    const ids = steps.map((s) => s.id);
    expect(ids.indexOf(nominations!.id)).toBeLessThan(ids.indexOf(period!.id));
  });

  it('M5 invites the committee member units, not the districts', () => {
    const m5 = byCode('women-children-committee');
    const notifies = allSteps(m5.steps).filter((s) => s.type === 'notify');
    expect(notifies.length).toBeGreaterThan(0);
    for (const n of notifies) {
      if (n.type !== 'notify') continue;
      expect(n.audience).toEqual([{ unitGroup: 'wcc-members' }]);
    }
  });

  it('the series (A4, A5, A6) collect periodic progress reports from the districts; A6 holds a camp', () => {
    for (const code of ['clean-family', 'family-reading', 'children-care-camp']) {
      const progress = allSteps(byCode(code).steps).filter(
        (s) => s.type === 'notify' && s.audience.some((a) => 'unitGroup' in a && a.unitGroup === 'districts') && s.receipt?.form && s.id.startsWith('progress-'),
      );
      expect({ code, rounds: progress.length >= 2 }).toEqual({ code, rounds: true });
    }
    const camp = allSteps(byCode('children-care-camp').steps).filter((s) => s.name['zh-CN'].includes('快乐成长营'));
    expect(camp.length).toBeGreaterThan(0);
  });

  it('sets reminders before the event', () => {
    for (const t of templates) {
      expect(t.reminders?.beforeEvent).toEqual(expect.arrayContaining(['-7d', '-1d']));
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** A small valid template; each test breaks one thing, in ways the types would not allow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function validTemplate(): Record<string, any> {
  const levels = [
    { name: { 'zh-CN': '部门负责人审核', en: 'Head reviews' }, mode: 'any', approvers: [{ role: 'department-head', unit: '$lead' }] },
    { name: { 'zh-CN': '分管副主席审批', en: 'Vice-chair approves' }, mode: 'sequential', approvers: [{ role: 'vice-chair', inChargeOf: '$lead' }] },
  ];
  return {
    code: 'sample-event',
    version: 1,
    name: { 'zh-CN': '示例活动', en: 'Sample event' },
    kind: 'activity',
    leadDepartment: 'dept-family-children',
    defaultDuration: '4h',
    steps: [
      {
        id: 'draft-plan',
        type: 'task',
        name: { 'zh-CN': '方案起草', en: 'Draft the plan' },
        assignee: { organiser: true },
        due: { anchor: 'eventStart', offset: '-21d' },
        form: { fields: [{ key: 'needsVenue', type: 'boolean', label: { 'zh-CN': '需要场地', en: 'Needs a venue' } }] },
      },
      { id: 'plan-approval', type: 'approval', name: { 'zh-CN': '方案审批', en: 'Sign-off' }, subject: 'draft-plan', levels },
      {
        id: 'preparation',
        type: 'parallel',
        name: { 'zh-CN': '筹备', en: 'Preparation' },
        branches: [
          { name: { 'zh-CN': '材料', en: 'Materials' }, steps: [{ id: 'materials', type: 'task', name: { 'zh-CN': '材料', en: 'Materials' }, assignee: { organiser: true } }] },
          { name: { 'zh-CN': '场地', en: 'Venue' }, steps: [{ id: 'venue', type: 'task', name: { 'zh-CN': '场地', en: 'Venue' }, assignee: { organiser: true } }] },
        ],
      },
      { id: 'wait-day', type: 'wait', name: { 'zh-CN': '等待', en: 'Wait' }, until: { anchor: 'eventStart', offset: 0 } },
      {
        id: 'summary-report',
        type: 'report',
        name: { 'zh-CN': '总结', en: 'Report' },
        assignee: { organiser: true },
        due: { anchor: 'eventEnd', offset: '7d' },
        signOff: { levels },
      },
    ],
  };
}

describe('loadTemplates refuses broken templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (file: string, data: unknown) => writeFileSync(join(dir, file), typeof data === 'string' ? data : stringify(data));
  const loadError = (): TemplateValidationError => {
    try {
      loadTemplates(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateValidationError);
      return error as TemplateValidationError;
    }
    throw new Error('expected loadTemplates to refuse the folder');
  };
  const file = () => join(dir, 'sample-event.yaml');

  it('accepts the valid sample (so every refusal below is for the change made)', () => {
    write('sample-event.yaml', validTemplate());
    const [loaded] = loadTemplates(dir);
    expect(loaded.code).toBe('sample-event');
    // An unquoted YAML 0 is read as the offset "0".
    expect(loaded.steps[3]).toMatchObject({ type: 'wait', until: { offset: '0' } });
  });

  it('names the file and the field of an unknown sign-off mode', () => {
    const t = validTemplate();
    t.steps[1].levels = [{ ...t.steps[1].levels[0], mode: 'majority' }];
    write('sample-event.yaml', t);
    const error = loadError();
    expect(error.message).toContain(`${file()}: steps[1].levels[0].mode: Invalid option: expected one of "sequential"|"all"|"any"`);
    expect(error.file).toBe(file());
  });

  it('refuses a step id used twice, even inside a parallel branch', () => {
    const t = validTemplate();
    t.steps[2].branches[1].steps[0].id = 'draft-plan';
    write('sample-event.yaml', t);
    expect(loadError().message).toMatch(/sample-event\.yaml: steps\[2\]\.branches\[1\]\.steps\[0\]\.id: duplicate step id "draft-plan"/);
  });

  it('refuses onReject pointing to a later step', () => {
    const t = validTemplate();
    t.steps[1].onReject = 'materials';
    write('sample-event.yaml', t);
    expect(loadError().message).toMatch(/sample-event\.yaml: steps\[1\]\.onReject: onReject must name an earlier step/);
  });

  it('refuses an approval of a step in a sibling branch that runs at the same time', () => {
    const t = validTemplate();
    t.steps[2].branches[1].steps.push({ id: 'venue-approval', type: 'approval', name: { 'zh-CN': '审批', en: 'Sign-off' }, subject: 'materials', levels: t.steps[1].levels });
    write('sample-event.yaml', t);
    expect(loadError().message).toContain('steps[2].branches[1].steps[1].subject: subject must name an earlier step');
  });

  it('refuses a bad offset', () => {
    const t = validTemplate();
    t.steps[0].due.offset = '3x';
    write('sample-event.yaml', t);
    expect(loadError().message).toContain('sample-event.yaml: steps[0].due.offset: Invalid offset "3x"');
  });

  it('refuses a file whose name is not <code>.yaml', () => {
    write('other-name.yaml', validTemplate());
    const error = loadError();
    expect(error.file).toBe(join(dir, 'other-name.yaml'));
    expect(error.message).toContain('other-name.yaml: code: the file must be named sample-event.yaml');
  });

  it('refuses two files with the same code and version', () => {
    write('sample-event.yaml', validTemplate());
    write('sample-event-copy.yaml', validTemplate());
    expect(loadError().message).toMatch(/sample-event-copy\.yaml: code: sample-event version 1 is already defined in .*sample-event\.yaml/);
  });

  it('refuses a wait anchored on its own start', () => {
    const t = validTemplate();
    t.steps[3].until.anchor = 'stepStart';
    write('sample-event.yaml', t);
    expect(loadError().message).toContain('steps[3].until.anchor: a wait must be anchored on eventStart or eventEnd');
  });

  it('refuses a condition on a field the earlier step does not have', () => {
    const t = validTemplate();
    t.steps[2].when = { step: 'draft-plan', field: 'needsVenu', equals: true };
    write('sample-event.yaml', t);
    expect(loadError().message).toContain('steps[2].when.field: "needsVenu" is not a field of step "draft-plan"\'s form');
  });

  it('refuses a template whose last step is not the report', () => {
    const t = validTemplate();
    t.steps.push({ id: 'late-task', type: 'task', name: { 'zh-CN': '补充', en: 'Extra' }, assignee: { organiser: true } });
    write('sample-event.yaml', t);
    const message = loadError().message;
    expect(message).toContain('steps[5]: a template must end with a report step');
    expect(message).toContain('steps[4]: a template has exactly one report step');
  });

  it('refuses a report field that repeats a standard report field', () => {
    const t = validTemplate();
    t.steps[4].form = { fields: [{ key: 'participants', type: 'integer', label: { 'zh-CN': '人数', en: 'People' } }] };
    write('sample-event.yaml', t);
    expect(loadError().message).toContain('steps[4].form.fields[0].key: "participants" is already a standard report field');
  });

  it('refuses a select without options and bounds the wrong way round', () => {
    const t = validTemplate();
    t.steps[0].form.fields.push(
      { key: 'format', type: 'select', label: { 'zh-CN': '形式', en: 'Format' } },
      { key: 'guests', type: 'integer', label: { 'zh-CN': '人数', en: 'Guests' }, min: 10, max: 5 },
    );
    write('sample-event.yaml', t);
    const message = loadError().message;
    expect(message).toContain('steps[0].form.fields[1].options: a select field needs options');
    expect(message).toContain('steps[0].form.fields[2].max: max (5) must not be less than min (10)');
  });

  it('explains a malformed party by the form it came closest to', () => {
    const t = validTemplate();
    t.steps[0].assignee = { role: 'department-hed', unit: '$lead' };
    write('sample-event.yaml', t);
    expect(loadError().message).toMatch(/steps\[0\]\.assignee\.role: Invalid option: expected one of "organiser"\|"department-head"/);
  });

  it('refuses an unknown step type and a misspelt key', () => {
    const t = validTemplate();
    t.steps[2].type = 'parallell';
    t.steps[0].assigne = t.steps[0].assignee;
    write('sample-event.yaml', t);
    const message = loadError().message;
    expect(message).toContain('steps[2].type: Invalid option: expected one of "task"|"approval"|"notify"|"wait"|"parallel"|"report"');
    expect(message).toContain('steps[0]: Unrecognized key: "assigne"');
  });

  it('refuses a version that is not a positive integer and a code that is not kebab-case', () => {
    const t = validTemplate();
    t.version = 0;
    t.code = 'Sample_Event';
    write('sample-event.yaml', t);
    const message = loadError().message;
    expect(message).toContain('version: Too small');
    expect(message).toContain('code: a template code must be kebab-case');
  });

  it('refuses a dependency on a template that is not there', () => {
    const t = validTemplate();
    t.dependsOn = { template: 'no-such-event' };
    write('sample-event.yaml', t);
    expect(loadError().message).toContain('sample-event.yaml: dependsOn.template: no template with code "no-such-event" is loaded');
  });

  it('refuses templates that wait on each other', () => {
    const a = { ...validTemplate(), code: 'event-a', dependsOn: { template: 'event-b' } };
    const b = { ...validTemplate(), code: 'event-b', dependsOn: { template: 'event-a', step: 'summary-report' } };
    write('event-a.yaml', a);
    write('event-b.yaml', b);
    expect(loadError().message).toContain('event-a.yaml: dependsOn.template: circular dependency: event-a → event-b → event-a');
  });

  it('names the file of a YAML syntax error', () => {
    write('sample-event.yaml', 'code: sample-event\ncode: again\n');
    expect(loadError().message).toMatch(/sample-event\.yaml: .*line 2/);
  });
});

describe('parseOffset', () => {
  it.each([
    ['-21d', { minutes: -21 * 24 * 60 }],
    ['3h', { minutes: 180 }],
    ['30m', { minutes: 30 }],
    ['1d12h', { minutes: 36 * 60 }],
    ['-1d2h30m', { minutes: -(24 * 60 + 150) }],
    ['0', { minutes: 0 }],
    ['-0d', { minutes: 0 }],
    ['5wd', { workingDays: 5 }],
    ['-3wd', { workingDays: -3 }],
  ])('%s → %j', (text, expected) => {
    expect(parseOffset(text)).toEqual(expected);
  });

  it.each(['3x', '', '-', 'd', '+3d', '1.5d', ' 3d', '3d ', '1wd2h', '2h1wd', '-0', '5 wd', '3D', '99999999999999999999d'])(
    'refuses %j',
    (text) => {
      expect(() => parseOffset(text)).toThrow(/Invalid offset/);
    },
  );
});
