// Personal data in templates: which shipped fields are marked, how values are masked, and that no
// personal value can be put into a message (email, robot, inbox) by a template's placeholders.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { maskValue, maskValues, personalFieldsOf } from '../../src/access/personal-data';
import { contentHash } from '../../src/templates/template-registry.service';
import { loadTemplates, TemplateValidationError } from '../../src/templates/template-loader';
import { reportForm } from '../../workflows/forms';
import { fill } from '../../workflows/text';
import type { EventTemplate, FormField, Step } from '../../workflows/template-types';

const TEMPLATES_DIR = resolve(__dirname, '../../templates');

function formsOf(steps: Step[]): { where: string; field: FormField }[] {
  return steps.flatMap((s) => {
    const fields =
      s.type === 'task' ? (s.form?.fields ?? []) : s.type === 'report' ? reportForm(s.form).fields : s.type === 'notify' ? (s.receipt?.form?.fields ?? []) : [];
    const own = fields.map((field) => ({ where: `${s.id}.${field.key}`, field }));
    return s.type === 'parallel' ? [...own, ...s.branches.flatMap((b) => formsOf(b.steps))] : own;
  });
}

describe('personal data', () => {
  it('masks ID numbers, phones and names the way office staff expect', () => {
    expect(maskValue('id-number', '500229201506061234')).toBe('500229********1234');
    expect(maskValue('id-number', '50022920150606123X')).toBe('500229********123X');
    expect(maskValue('phone', '13812345678')).toBe('138****5678');
    expect(maskValue('phone', '023-63851234')).toBe('023****1234');
    expect(maskValue('name', '张三')).toBe('张*');
    expect(maskValue('name', ['王芳一家', '李小花 9岁 留守儿童'])).toEqual(['王***', '李** 9岁 留守儿童']);
    expect(maskValue('contact', '张晓梅 13812345678')).toBe('张** 138****5678');
    // An ID number typed into a field that is not marked is masked too.
    expect(maskValues({ note: '营员身份证 500229201506061234', count: 3 }, new Map())).toEqual({ note: '营员身份证 500229********1234', count: 3 });
  });

  it('masks a personal field whose value is not shaped as expected, and every name of a list in one text', () => {
    // Spaces, a typo, +86, a passport or Hong Kong ID: a marked field is never shown whole.
    expect(maskValue('id-number', '500229 20150606 1234')).toBe('****** ******** 1234');
    expect(maskValue('id-number', '50022920150606123')).toBe('*************6123');
    expect(maskValue('id-number', 'E12345678')).toBe('*******78');
    expect(maskValue('id-number', 'A123456(7)')).not.toContain('123456');
    expect(maskValue('phone', '+8613812345678')).toBe('+*********5678');
    expect(maskValue('phone', '12345')).toBe('*****');
    // Several people in one field: each entry's name is masked, not only the first.
    expect(maskValue('name', '张三、李四')).toBe('张*、李*');
    expect(maskValue('contact', '联系人：张晓梅 13800000000')).toBe('联**：张** 138****0000');
    expect(maskValue('name', 'Li Wei, Zhang San')).toBe('L*****, Z********');
    // Long names are masked whole.
    expect(maskValue('name', '欧阳娜娜娜娜娜娜')).toBe('欧*******');
    // A one-character name keeps nothing.
    expect(maskValue('name', '芳')).toBe('*');
  });

  it('marks every shipped field that holds phone numbers, ID numbers or private persons’ names', () => {
    const templates = loadTemplates(TEMPLATES_DIR);
    const unmarked = templates.flatMap((t) =>
      formsOf(t.steps)
        .filter(({ field }) => ['text', 'textarea', 'list'].includes(field.type) && /电话|手机|身份证|儿童姓名|营员|报名人员|参展人员/.test(field.label['zh-CN']) && !field.personal)
        .map(({ where }) => `${t.code}: ${where}`),
    );
    expect(unmarked).toEqual([]);
    const sorting = personalFieldsOf(templates.find((t) => t.code === 'childrens-day-sorting'));
    expect(Object.fromEntries(sorting.receipts.get('activity-notice')!)).toEqual({ familiesRecommended: 'name', contactPerson: 'contact' });
  });

  it('refuses a template whose message would carry a personal field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    try {
      const t = parse(readFileSync(join(TEMPLATES_DIR, 'childrens-day-sorting.yaml'), 'utf8')) as EventTemplate;
      const draft = t.steps.find((s) => s.id === 'draft-plan') as Extract<Step, { type: 'task' }>;
      draft.form!.fields.push({ key: 'leaderPhone', type: 'text', label: { 'zh-CN': '负责人电话', en: 'Lead phone' }, personal: 'phone' });
      const notice = t.steps.find((s) => s.id === 'activity-notice') as Extract<Step, { type: 'notify' }>;
      notice.message['zh-CN'] += '联系电话：{{steps.draft-plan.leaderPhone}}';
      writeFileSync(join(dir, 'childrens-day-sorting.yaml'), stringify(t));
      expect(() => loadTemplates(dir)).toThrow(TemplateValidationError);
      expect(() => loadTemplates(dir)).toThrow(/leaderPhone.*personal data and cannot go into a message/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps an ID number typed into an unmarked field out of the messages sent from it', () => {
    const data = { title: '六一亲子活动', steps: { 'draft-plan': { note: '联系人身份证 500229201506061234，电话另告', count: 12 } } };
    expect(fill('{{title}}：{{steps.draft-plan.note}}（{{steps.draft-plan.count}}人）', data)).toBe('六一亲子活动：联系人身份证 500229********1234，电话另告（12人）');
    expect(fill('{{steps.draft-plan.note}}', { steps: { 'draft-plan': { note: ['甲 50022920150606123X', '乙'] } } })).toBe('甲 500229********123X、乙');
  });

  it('lets a personal mark reach a template version already in use (it changes nothing the workflow does)', () => {
    const [t] = loadTemplates(TEMPLATES_DIR).filter((x) => x.code === 'childrens-day-sorting');
    const unmarked = JSON.parse(JSON.stringify(t).replace(/"personal":"[a-z-]+",?/g, '').replace(/,}/g, '}')) as EventTemplate;
    expect(contentHash(unmarked)).toBe(contentHash(t));
  });

});
