// The allocation (任务分解) as an event: the template generated from each shipped campaign template is a
// valid event template, and the form's `allocation` field refuses a table whose sums do not fit the
// plan, naming the target and the sum in Chinese and in English.

import { resolve } from 'node:path';
import { allocationCodeParts, allocationEventTemplate } from '../../src/campaigns/allocation-template';
import { assessmentEventTemplate } from '../../src/campaigns/assessment-template';
import { allocationFieldOf, allocationSheet } from '../../src/documents/allocation-sheet';
import { renderPdf } from '../../src/documents/pdf/render';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { SEED_UNITS } from '../../src/org/org.seed-data';
import { loadTemplates } from '../../src/templates/template-loader';
import { parseEventTemplate } from '../../src/templates/template.schema';
import { ALLOCATION_FIELD, ALLOCATION_STEP, type CampaignUnit, type UnitAssessment } from '../../workflows/campaign-model';
import type { CampaignTemplate } from '../../workflows/campaign-types';
import { cellOf } from '../../src/exports/workbook';
import { allocationSummary, validateForm } from '../../workflows/forms';
import { fillBoth } from '../../workflows/text';
import type { EventTemplate, FormField, TaskStep } from '../../workflows/template-types';
import { sampleNotice } from '../fixtures/sample-documents';
import { evenAllocation } from '../support/allocation-fixtures';
import { pdfPages, squeezed } from '../support/pdf-text';

const EVENT_CODES = new Set(loadTemplates(resolve(__dirname, '../../templates')).map((t) => t.code));
const shipped = loadCampaignTemplates(resolve(__dirname, '../../campaigns'), EVENT_CODES);
const KIND_OF = { districts: 'district', 'agency-committees': 'agency-committee' } as const;
const unitsOf = (t: CampaignTemplate): CampaignUnit[] =>
  SEED_UNITS.filter((u) => t.units.some((k) => KIND_OF[k] === u.kind)).map((u) => ({ code: u.code, name: u.nameZh }));
const fourActions = shipped.find((t) => t.code === 'four-actions-targets')!;
const districts = unitsOf(fourActions);

function allocationField(template: EventTemplate): FormField {
  const step = template.steps.find((s) => s.id === ALLOCATION_STEP) as TaskStep;
  return step.form!.fields.find((f) => f.key === ALLOCATION_FIELD)!;
}

describe('the generated allocation template', () => {
  it.each(shipped.map((t) => [t.code, t] as const))('%s: a valid campaign-task event template', (_code, campaign) => {
    const generated = allocationEventTemplate(campaign, unitsOf(campaign), 2027);
    const parsed = parseEventTemplate(generated);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(generated).toMatchObject({ code: `${campaign.code}-allocation-2027`, kind: 'campaign-task', version: campaign.version, leadDepartment: campaign.leadDepartment });
    expect(generated.steps.map((s) => [s.id, s.type])).toEqual([
      ['allocate', 'task'],
      ['approve-allocation', 'approval'],
      ['issue-targets', 'notify'],
    ]);
    expect(allocationField(generated).allocation).toEqual({ targets: campaign.targets, units: unitsOf(campaign) });
  });

  it('signs off with the campaign\'s levels, back to the table on 退回, and gives the 40 districts their targets with 签收', () => {
    const generated = allocationEventTemplate(fourActions, districts, 2027);
    const [, approval, notice] = generated.steps;
    expect(approval).toMatchObject({ subject: 'allocate', onReject: 'allocate', levels: fourActions.signOff.levels });
    expect(notice).toMatchObject({ official: true, audience: [{ unitGroup: 'districts' }], receipt: { escalateAfter: expect.any(String) } });
    expect(districts).toHaveLength(40);
  });

  it('addresses agency committees by their group when the campaign gives them targets', () => {
    const both: CampaignTemplate = { ...fourActions, units: ['districts', 'agency-committees'] };
    const notice = allocationEventTemplate(both, unitsOf(both), 2027).steps[2];
    expect(notice).toMatchObject({ audience: [{ unitGroup: 'districts' }, { unitGroup: 'agency-committees' }] });
  });

  it('is a template of its year: its own code, name and notice subject, with the units of that year', () => {
    const fewer = districts.slice(1);
    const [y2027, y2028] = [allocationEventTemplate(fourActions, districts, 2027), allocationEventTemplate(fourActions, fewer, 2028)];
    expect([y2027.code, y2028.code]).toEqual(['four-actions-targets-allocation-2027', 'four-actions-targets-allocation-2028']);
    expect(allocationCodeParts(y2028.code)).toEqual({ campaignCode: 'four-actions-targets', year: 2028 });
    expect(allocationCodeParts('four-actions-targets')).toBeUndefined();
    expect(y2028.name).toEqual({ 'zh-CN': '2028年"四大巴渝巾帼行动"目标任务任务分解', en: 'Four major actions — targets (2028): allocation of the targets' });
    expect((y2028.steps[2] as { subject: unknown }).subject).toEqual({ 'zh-CN': '关于下达2028年"四大巴渝巾帼行动"目标任务的通知', en: 'Notice of the targets of Four major actions — targets (2028)' });
    expect(allocationField(y2027).allocation!.units).toHaveLength(40);
    expect(allocationField(y2028).allocation!.units).toEqual(fewer);
  });

  it('says each target\'s rule in the task\'s description, in both languages', () => {
    const task = allocationEventTemplate(fourActions, districts, 2027).steps[0] as TaskStep;
    expect(task.description!['zh-CN']).toContain('建立"巾帼扶贫工坊"：各单位合计须等于 100 个');
    expect(task.description!['zh-CN']).toContain('每个单位均为 4 次');
    expect(task.description!.en).toContain('the units must add up to exactly 100 个');
  });
});

describe('the generated assessment template (考核结果审定)', () => {
  const row = (unitCode: string, unitName: string, score: number, rank: number, late = 0, missing = 0): UnitAssessment => ({
    unitCode,
    unitName,
    targets: {},
    done: {},
    completion: {},
    points: {},
    late,
    missing,
    penalty: late * 2 + missing * 5,
    score,
    rank,
  });
  const table = [row('district-b', '江北区妇联', 95, 2, 0, 1), row('district-a', '渝中区妇联', 100, 1)];

  it.each(shipped.map((t) => [t.code, t] as const))('%s: a valid campaign-task event template', (_code, campaign) => {
    const generated = assessmentEventTemplate(campaign, 2027, table);
    const parsed = parseEventTemplate(generated);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(generated).toMatchObject({ code: `${campaign.code}-assessment-2027`, kind: 'campaign-task', leadDepartment: campaign.leadDepartment });
    expect(generated.steps.map((s) => [s.id, s.type])).toEqual([
      ['review-assessment', 'task'],
      ['approve-assessment', 'approval'],
      ['issue-assessment', 'notify'],
    ]);
  });

  it('shows the table best first beside the 考核说明, signs off with the campaign\'s levels, and reports it to the units without 签收', () => {
    const generated = assessmentEventTemplate(fourActions, 2027, table);
    const [task, approval, notice] = generated.steps;
    const [note] = (task as TaskStep).form!.fields;
    expect(note).toMatchObject({ key: 'note', type: 'textarea', label: { 'zh-CN': '考核说明' } });
    expect(note.help!['zh-CN']).toContain('第1名 渝中区妇联 100分（逾期0次，缺报0次，扣0分）\n第2名 江北区妇联 95分（逾期0次，缺报1次，扣5分）');
    expect(note.help!.en).toContain('1. 渝中区妇联 100 points');
    expect(approval).toMatchObject({ subject: 'review-assessment', onReject: 'review-assessment', levels: fourActions.signOff.levels });
    expect(notice).toMatchObject({ official: true, audience: [{ unitGroup: 'districts' }], subject: { 'zh-CN': expect.stringMatching(/^关于2027年.+考核结果的通报$/) } });
    expect(notice).not.toHaveProperty('receipt');
    expect((notice as { message: { 'zh-CN': string } }).message['zh-CN']).toContain('第2名 江北区妇联 95分');
  });
});

describe('the template schema and the allocation field', () => {
  const generated = () => allocationEventTemplate(fourActions, districts, 2027);
  const issuesOf = (t: unknown) => {
    const parsed = parseEventTemplate(t);
    return parsed.ok ? [] : parsed.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('refuses an allocation field without its targets and units, and the spec on any other field', () => {
    const t = generated();
    const field = allocationField(t);
    delete field.allocation;
    expect(issuesOf(t)).toEqual([expect.stringMatching(/^steps\[0\]\.form\.fields\[0\]\.allocation: an allocation field needs its allocation/)]);

    const other = generated();
    const spec = allocationField(other).allocation;
    (other.steps[0] as TaskStep).form!.fields.push({ key: 'note', type: 'text', label: { 'zh-CN': '说明', en: 'Note' }, allocation: spec });
    expect(issuesOf(other)).toEqual([expect.stringMatching(/fields\[1\]\.allocation: allocation applies only to an allocation field, not to text/)]);
  });

  it('refuses a unit named twice in the table', () => {
    const t = generated();
    allocationField(t).allocation!.units.push(districts[0]);
    expect(issuesOf(t)).toEqual([expect.stringContaining(`duplicate unit "${districts[0].code}"`)]);
  });

  it('refuses a report step in a campaign task, and still asks every other kind to end with one', () => {
    const withReport = generated();
    withReport.steps.push({
      id: 'report',
      type: 'report',
      name: { 'zh-CN': '总结', en: 'Report' },
      assignee: { organiser: true },
      due: { anchor: 'eventEnd', offset: '3d' },
      signOff: { levels: fourActions.signOff.levels },
    });
    expect(issuesOf(withReport)).toEqual([expect.stringContaining('a campaign-task template has no report step')]);
    expect(issuesOf({ ...generated(), kind: 'activity' })).toEqual([expect.stringContaining('must end with a report step')]);
  });
});

describe('an allocation value', () => {
  const field = allocationField(allocationEventTemplate(fourActions, districts, 2027));
  const spec = { fields: [field] };
  const valid = () => evenAllocation(fourActions.targets, districts);
  const messages = (value: unknown) => validateForm(spec, { allocation: value }).map((e) => e.message);

  it('is accepted when every unit has every target and the sums fit', () => {
    expect(validateForm(spec, { allocation: valid() })).toEqual([]);
  });

  it('is refused when a total does not add up, naming the target and the sum in both languages', () => {
    const table = valid();
    table[districts[0].code].povertyWorkshops += 2;
    expect(messages(table)).toEqual([
      {
        'zh-CN': '建立"巾帼扶贫工坊"：各单位合计 102 个，与计划数 100 个不符',
        en: "Women's poverty-relief workshops set up: the units add up to 102 个, not the plan's 100 个",
      },
    ]);
  });

  it('is refused when a district is left out, and says how many more problems there are past the first five', () => {
    const table = valid();
    delete table[districts[39].code];
    const [message] = messages(table);
    expect(message['zh-CN']).toContain(`${districts[39].name} 未分配任务数`);
    expect(message['zh-CN']).toMatch(/；另有 \d+ 处问题$/);
    expect(message.en).toMatch(/; and \d+ more$/);
  });

  it('is refused for a unit or target the campaign does not have, a negative figure, or a value that is not a table', () => {
    expect(messages({ ...valid(), 'district-nowhere': {} })[0]['zh-CN']).toContain('district-nowhere：不是本活动的任务单位');
    const extra = valid();
    extra[districts[0].code].somethingElse = 1;
    expect(messages(extra)[0]).toEqual({
      'zh-CN': '任务分解表：somethingElse 不是本活动的指标',
      en: `Allocation table: somethingElse is not a target of this campaign (row ${districts[0].code})`,
    });
    const negative = valid();
    negative[districts[0].code].legalAidCases = -1;
    expect(messages(negative)[0]['zh-CN']).toContain('的任务数不能为负数（-1）');
    expect(messages([1, 2])[0].en).toBe('Allocation table must be a table of figures per unit and target');
  });

  it('is required', () => {
    expect(messages(undefined)).toEqual([{ 'zh-CN': '任务分解表为必填项', en: 'Allocation table is required' }]);
  });

  it('reads as a count of units in one line of text: a message, a spreadsheet cell', () => {
    expect(allocationSummary(valid(), 'zh-CN')).toBe('40 个单位');
    expect(allocationSummary(valid(), 'en')).toBe('40 units');
    const text = { 'zh-CN': '任务已分解到{{steps.allocate.allocation}}', en: 'Targets split among {{steps.allocate.allocation}}' };
    const data = { steps: { allocate: { allocation: valid() } } };
    expect(fillBoth(text, { 'zh-CN': data, en: data })).toEqual({ 'zh-CN': '任务已分解到40 个单位', en: 'Targets split among 40 units' });
    expect(cellOf(valid())).toBe('40 个单位 40 units');
  });
});

describe('the notice that gives out the targets', () => {
  const generated = allocationEventTemplate(fourActions, districts, 2027);
  const table = evenAllocation(fourActions.targets, districts);

  it('prints the table as its attachment: a row per unit, a column per target, the sums last', async () => {
    const found = allocationFieldOf(generated)!;
    expect(found.stepId).toBe('allocate');
    const sheet = allocationSheet(found.field.allocation, table);
    expect(sheet.columns.slice(0, 2)).toEqual(['单位', '建立"巾帼扶贫工坊"（个）']);
    expect(sheet.rows).toHaveLength(40);
    expect(sheet.rows[0].slice(0, 2)).toEqual([districts[0].name, String(table[districts[0].code].povertyWorkshops)]);
    expect(sheet.sums.slice(0, 2)).toEqual(['合计', '100']);
    expect(sheet.sums).toContain('每个单位 4 次');

    const pages = await pdfPages(await renderPdf({ ...sampleNotice, kind: 'notice', attachments: ['任务分解表'], allocation: sheet }));
    // The annex starts on a page of its own, after the 落款 (and the 附件说明 naming it).
    const annexStart = pages.findIndex((p) => squeezed(p).startsWith('附件任务分解表'));
    expect(annexStart).toBeGreaterThan(0);
    expect(pages.slice(0, annexStart).map(squeezed).join('')).toContain('附件：任务分解表');
    const annex = pages.slice(annexStart).map(squeezed).join('');
    for (const d of [districts[0], districts[39]]) expect(annex).toContain(squeezed(d.name));
    expect(annex).toContain('合计');
  });
});
