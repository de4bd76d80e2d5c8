// The shipped campaign templates (campaigns/*.yaml) with the plan's figures, and the refusal of broken
// ones: every cross-field rule names the field, in Chinese and in English, and the loader lists every
// problem of the set at once.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CampaignTemplateValidationError, loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { parseCampaignTemplate } from '../../src/campaigns/campaign-template.schema';
import { SEED_UNITS } from '../../src/org/org.seed-data';
import { loadTemplates } from '../../src/templates/template-loader';
import type { CampaignTarget, CampaignTemplate } from '../../workflows/campaign-types';

const CAMPAIGNS_DIR = resolve(__dirname, '../../campaigns');
const EVENT_CODES = new Set(loadTemplates(resolve(__dirname, '../../templates')).map((t) => t.code));

const shipped = loadCampaignTemplates(CAMPAIGNS_DIR, EVENT_CODES);
const byCode = (code: string): CampaignTemplate => {
  const template = shipped.find((t) => t.code === code);
  if (!template) throw new Error(`no campaign template ${code}`);
  return template;
};
const target = (template: CampaignTemplate, key: string): CampaignTarget => {
  const found = template.targets.find((t) => t.key === key);
  if (!found) throw new Error(`${template.code} has no target ${key}`);
  return found;
};

/** A valid template to break one rule at a time. */
const valid = (): CampaignTemplate => structuredClone(byCode('clean-family-campaign'));

/** The problems a template is refused for (fails the test if it is accepted). */
function refusal(data: unknown): { path: string; message: string }[] {
  const parsed = parseCampaignTemplate(data);
  if (parsed.ok) throw new Error('accepted');
  return parsed.issues;
}

/** One problem at `path`, worded in Chinese and in English. */
function expectRefused(data: unknown, path: string, zh: RegExp, en: RegExp): void {
  const issues = refusal(data).filter((i) => i.path === path);
  expect(issues).toEqual([expect.objectContaining({ path, message: expect.stringMatching(zh) })]);
  expect(issues[0].message).toMatch(en);
}

describe('shipped campaign templates', () => {
  it('ships A4, A5, A6 and the four actions, each led by a department of the federation', () => {
    expect(shipped.map((t) => [t.code, t.leadDepartment, t.eventTemplate])).toEqual([
      ['children-care-campaign', 'dept-family-children', 'children-care-camp'],
      ['clean-family-campaign', 'dept-family-children', 'clean-family'],
      ['family-reading-campaign', 'dept-family-children', 'family-reading'],
      ['four-actions-targets', 'dept-development', 'four-actions-onsite'],
    ]);
    for (const t of shipped) {
      expect(t.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(t.signOff.levels.map((l) => l.name['zh-CN'])).toEqual(['部门负责人审核', '分管副主席审批']);
      expect(EVENT_CODES.has(t.districtActivity)).toBe(true);
      expect(SEED_UNITS.find((u) => u.code === t.leadDepartment)?.kind).toBe('department');
    }
  });

  it("carries the plan's figures for the four actions", () => {
    const four = byCode('four-actions-targets');
    expect(target(four, 'povertyWorkshops')).toMatchObject({ planFigure: 100, unit: '个', allocation: 'total' });
    expect(target(four, 'disabledPoorWomenCared')).toMatchObject({ planFigure: 928, unit: '名', allocation: 'total' });
    expect(target(four, 'ruralWomenTrained')).toMatchObject({ planFigure: 200000, unit: '人次' });
    expect(target(four, 'skillsContests')).toMatchObject({ planFigure: 1000, unit: '场' });
    expect(target(four, 'legalAidCases')).toMatchObject({ planFigure: 80, allocation: 'atLeast' });
    expect(target(four, 'parentSchoolActivities')).toMatchObject({ planFigure: 4, unit: '次', allocation: 'each' });
    expect([target(four, 'womensHomes').planFigure, target(four, 'childrensHomes').planFigure]).toEqual([500, 500]);
    expect(target(four, 'outstandingExecMembers')).toMatchObject({ planFigure: 100, unit: '名' });
  });

  it('gives A6 its holiday camp in every district', () => {
    expect(target(byCode('children-care-campaign'), 'happyGrowthCamps')).toMatchObject({ allocation: 'each', unit: '场' });
  });
});

describe('campaign template rules', () => {
  it('accepts the template the other cases break', () => {
    expect(parseCampaignTemplate(valid())).toMatchObject({ ok: true });
  });

  it('refuses a target key that is not camelCase, or used twice', () => {
    const t = valid();
    t.targets[0].key = 'activities-held';
    t.assessment.weights = { 'activities-held': 60, familiesReached: 40 };
    expectRefused(t, 'targets[0].key', /camelCase/, /target key must be camelCase/);

    const twice = valid();
    twice.targets[1].key = twice.targets[0].key;
    expectRefused(twice, 'targets[1].key', /指标键 "activitiesHeld" 重复/, /duplicate target key "activitiesHeld"/);
  });

  it('refuses weights that forget a target, name no target, or do not add up to 100', () => {
    const forgets = valid();
    forgets.assessment.weights = { activitiesHeld: 100 };
    expect(refusal(forgets)).toEqual([
      { path: 'assessment.weights', message: '指标 "familiesReached" 缺少权重 / target "familiesReached" has no weight' },
    ]);

    const stray = valid();
    stray.assessment.weights = { activitiesHeld: 60, familiesReached: 30, lectures: 10 };
    expectRefused(stray, 'assessment.weights.lectures', /不对应任何指标/, /weight "lectures" names no target/);

    const short = valid();
    short.assessment.weights = { activitiesHeld: 60, familiesReached: 30 };
    expectRefused(short, 'assessment.weights', /权重之和须为 100，现为 90/, /must add up to 100, not 90/);
  });

  it('refuses a plan figure of zero', () => {
    const t = valid();
    t.targets[0].planFigure = 0;
    expectRefused(t, 'targets[0].planFigure', /须大于 0/, /planFigure must be greater than 0/);
  });

  it('refuses a rate shared out among the districts', () => {
    const t = valid();
    t.targets[0] = { ...t.targets[0], unit: '%', planFigure: 60, allocation: 'total' };
    expectRefused(t, 'targets[0].allocation', /须按 each 下达/, /a % target must use allocation "each"/);
    t.targets[0].allocation = 'each';
    expect(parseCampaignTemplate(t)).toMatchObject({ ok: true });
    t.targets[0].planFigure = 120;
    expectRefused(t, 'targets[0].planFigure', /不能超过 100%/, /cannot exceed 100 %/);
  });

  it('takes a dates calendar only with sorted, unique dates inside the period', () => {
    const dated = (dates?: string[]): CampaignTemplate => {
      const t = valid();
      t.reporting = { ...t.reporting, every: 'dates', ...(dates ? { dates } : {}) };
      return t;
    };
    expect(parseCampaignTemplate(dated(['2027-04-30', '2027-07-31', '2027-12-15']))).toMatchObject({ ok: true });
    expectRefused(dated(), 'reporting.dates', /须列出报送日期/, /needs its dates/);
    expectRefused(dated(['2027-07-31', '2027-04-30']), 'reporting.dates[1]', /按先后排列且不重复/, /sorted and unique/);
    expectRefused(dated(['2027-04-30', '2027-04-30']), 'reporting.dates[1]', /不重复/, /2027-04-30 is not after 2027-04-30/);
    expectRefused(dated(['2027-02-28', '2027-04-30']), 'reporting.dates[0]', /不在活动期间 03-01 至 12-15 内/, /outside the period/);
    expectRefused(dated(['2027-02-30']), 'reporting.dates[0]', /YYYY-MM-DD/, /must be YYYY-MM-DD/);

    const monthly = valid();
    monthly.reporting = { ...monthly.reporting, every: 'monthly', dates: ['2027-04-30'] };
    expectRefused(monthly, 'reporting.dates', /按月报送不列日期/, /dates apply only to every: dates/);
  });

  it('refuses offsets that do not parse or are not after the due time', () => {
    const garbled = valid();
    garbled.reporting.due = 'five days';
    expectRefused(garbled, 'reporting.due', /无法识别/, /Invalid offset "five days"/);

    const zero = valid();
    zero.reporting.urgeAfter = '0';
    expectRefused(zero, 'reporting.urgeAfter', /须为正数/, /must be a positive duration/);

    const negative = valid();
    negative.reporting.superviseAfter = '-2wd';
    expectRefused(negative, 'reporting.superviseAfter', /须为正数/, /"-2wd" must be a positive duration/);
  });

  it('refuses a period that ends before it starts, or a day that is not in the calendar', () => {
    const backwards = valid();
    backwards.period = { from: '12-15', to: '03-01' };
    expectRefused(backwards, 'period.to', /须晚于开始 12-15/, /period.to \(03-01\) must be after period.from \(12-15\)/);

    const noSuchDay = valid();
    noSuchDay.period = { from: '03-01', to: '11-31' };
    expectRefused(noSuchDay, 'period.to', /MM-DD/, /must be a date without the year/);
  });

  it('refuses a lead department that is not a unit code', () => {
    const t = valid();
    t.leadDepartment = '家庭和儿童工作部';
    expectRefused(t, 'leadDepartment', /须为单位代码/, /leadDepartment must be a unit code \(kebab-case\)/);
  });
});

describe('campaign template loader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'campaigns-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, data: unknown) => writeFileSync(join(dir, name), typeof data === 'string' ? data : stringify(data));

  it('refuses the whole set, listing every problem with its file and field', () => {
    const unknownEvents = valid();
    unknownEvents.eventTemplate = 'clean-families';
    unknownEvents.districtActivity = 'district-activity';
    write('clean-family-campaign.yaml', unknownEvents);

    const misnamed = valid();
    misnamed.code = 'reading-campaign';
    write('family-reading-campaign.yaml', misnamed);

    const broken = valid();
    broken.code = 'broken-campaign';
    broken.targets[0].planFigure = -1;
    write('broken-campaign.yaml', broken);
    write('garbled.yaml', 'code: [unclosed\n');
    write('children-care-campaign.yaml', byCode('children-care-campaign'));

    let error: unknown;
    try {
      loadCampaignTemplates(dir, EVENT_CODES);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CampaignTemplateValidationError);
    const problems = (error as CampaignTemplateValidationError).problems.map((p) => ({ ...p, file: p.file.replace(`${dir}/`, '') }));
    expect(problems).toEqual([
      expect.objectContaining({ file: 'broken-campaign.yaml', path: 'targets[0].planFigure' }),
      { file: 'clean-family-campaign.yaml', path: 'eventTemplate', message: '没有代码为 "clean-families" 的活动模板 / no event template with code "clean-families" is loaded' },
      { file: 'clean-family-campaign.yaml', path: 'districtActivity', message: expect.stringContaining('no event template with code "district-activity"') },
      { file: 'family-reading-campaign.yaml', path: 'code', message: expect.stringContaining('must be named reading-campaign.yaml') },
      expect.objectContaining({ file: 'garbled.yaml', path: '' }),
    ]);
    expect((error as Error).message).toContain('clean-family-campaign.yaml: eventTemplate:');
  });

  it('refuses a second copy of one code and version', () => {
    write('clean-family-campaign.yaml', valid());
    write('clean-family-campaign-copy.yaml', valid());
    expect(() => loadCampaignTemplates(dir, EVENT_CODES)).toThrow(/clean-family-campaign-copy\.yaml: code: .*version 1 is already defined in .*clean-family-campaign\.yaml/);
  });
});
