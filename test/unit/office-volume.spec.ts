// Office work at volume without a server: when 一键催办 is refused, the search helpers, and the
// .xlsx sheets (headers, one row per unit or nominee, readable audit lines, the download's name).
import ExcelJS from 'exceljs';
import type { EventState, ReceiptState } from '../../workflows/event-model';
import { urgeableReceipts, urgeRefusal, type EventView } from '../../workflows/event/validators';
import type { EventTemplate, FormField } from '../../workflows/template-types';
import { checkDateRange, containsPattern } from '../../src/common/search';
import { auditSheet, nominationsSheet, receiptsSheet, type RollupUnit } from '../../src/exports/sheets';
import { attachmentHeader, chinaTime, workbookOf } from '../../src/exports/workbook';
import type { AuditEntryRow } from '../../src/read-model/read-model.repository';
import { readableAudit } from '../../src/events/audit-trail';
import { loadTemplates } from '../../src/templates/template-loader';
import { parseEventTemplate } from '../../src/templates/template.schema';
import { findStep, taskForms } from '../../src/tasks/task-forms';
import { resolve } from 'node:path';
import type { TaskState } from '../../workflows/event-model';

const HOUR = 3600_000;
const NOW = Date.parse('2027-05-01T02:00:00Z');
const actor = { id: 'u-organiser', displayName: '刘组织' };
const receipt = (unitCode: string, status: ReceiptState['status'] = 'pending'): ReceiptState => ({
  unitCode,
  unitName: unitCode,
  liaisons: [{ id: `liaison-${unitCode}`, displayName: unitCode }],
  status,
});

function view(receipts: ReceiptState[], over: Partial<EventView> = {}): EventView {
  const state = {
    status: 'active',
    tasks: [],
    notices: [{ stepId: 'notice', round: 1, noticeId: 'n1', subject: '通知', issuedAt: new Date(NOW).toISOString(), recipientCount: receipts.length, receipts }],
  } as unknown as EventState;
  return { state, stepDefs: new Map(), cancelling: false, dateChanges: 0, withdrawals: new Map(), lastUrged: new Map(), urgedAt: [], now: NOW, ...over };
}

describe('一键催办 (urge every pending unit of a notice)', () => {
  it('is taken while a unit is pending, and refused when all have signed or there is no such notice', () => {
    expect(urgeRefusal(view([receipt('yuzhong'), receipt('jiangbei', 'acknowledged')]), { actor, stepId: 'notice' })).toBeUndefined();
    expect(urgeRefusal(view([receipt('yuzhong', 'acknowledged')]), { actor, stepId: 'notice' })).toMatchObject({ kind: 'CONFLICT', en: 'Every unit has acknowledged; nobody to urge' });
    expect(urgeRefusal(view([receipt('yuzhong')]), { actor, stepId: 'elsewhere' })).toMatchObject({ kind: 'NOT_FOUND' });
  });

  it('is refused within the hour of the last one', () => {
    const recently = view([receipt('yuzhong')], { lastUrged: new Map([['notice/*', NOW - HOUR + 60_000]]) });
    expect(urgeRefusal(recently, { actor, stepId: 'notice' })).toMatchObject({ kind: 'TOO_MANY', zh: '一小时内已催办过，请稍后再试' });
    expect(urgeRefusal(view([receipt('yuzhong')], { lastUrged: new Map([['notice/*', NOW - HOUR]]) }), { actor, stepId: 'notice' })).toBeUndefined();
  });

  it('leaves out a unit urged alone within the hour, and is refused when that leaves nobody', () => {
    const lastUrged = new Map([['notice/yuzhong', NOW - 60_000], ['notice/jiangbei', NOW - HOUR]]);
    const both = view([receipt('yuzhong'), receipt('jiangbei')], { lastUrged });
    expect(urgeableReceipts(both, 'notice').map((r) => r.unitCode)).toEqual(['jiangbei']);
    expect(urgeRefusal(both, { actor, stepId: 'notice' })).toBeUndefined();
    const onlyUrged = view([receipt('yuzhong')], { lastUrged });
    expect(urgeRefusal(onlyUrged, { actor, stepId: 'notice' })).toMatchObject({ kind: 'TOO_MANY', en: 'Already urged within the hour; try again later' });
  });
});

describe('search', () => {
  it('takes % and _ literally', () => {
    expect(containsPattern('100%_完成')).toBe('%100\\%\\_完成%');
  });

  it('refuses a date range that does not end after it starts, in both languages', () => {
    expect(() => checkDateRange('2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z')).not.toThrow();
    expect(() => checkDateRange('2027-01-01T00:00:00Z', undefined)).not.toThrow();
    expect(() => checkDateRange('2027-02-01T00:00:00Z', '2027-02-01T00:00:00Z')).toThrow('结束日期须晚于开始日期 / Date range: "to" must be after "from"');
  });
});

const FIELDS: FormField[] = [
  { key: 'nominees', type: 'list', label: { 'zh-CN': '推荐人选', en: 'Nominees' } },
  { key: 'planned', type: 'integer', label: { 'zh-CN': '计划场次', en: 'Planned' } },
  { key: 'vetted', type: 'boolean', label: { 'zh-CN': '已审核', en: 'Vetted' } },
];
const UNITS: RollupUnit[] = [
  {
    unitCode: 'district-yuzhong',
    unitName: '渝中区妇联',
    status: 'acknowledged',
    late: true,
    acknowledgedBy: { displayName: '张晓梅' },
    acknowledgedAt: '2027-03-01T01:30:00.000Z',
    values: { nominees: ['王芳', '李敏'], planned: 3, vetted: true },
  },
  { unitCode: 'district-jiangbei', unitName: '江北区妇联', status: 'overdue', late: false },
];

describe('the receipt sheets', () => {
  it('lists each unit with its status, who and when in China time, late, and a column per receipt field', () => {
    const sheet = receiptsSheet(UNITS, FIELDS);
    expect(sheet.columns.map((c) => c.zh)).toEqual(['单位', '状态', '签收人', '签收时间', '逾期签收', '推荐人选', '计划场次', '已审核']);
    expect(sheet.columns.map((c) => c.en).slice(5)).toEqual(['Nominees', 'Planned', 'Vetted']);
    expect(sheet.rows).toEqual([
      ['渝中区妇联', '已签收 Acknowledged', '张晓梅', '2027-03-01 09:30', '是 Yes', '王芳、李敏', 3, '是 Yes'],
      ['江北区妇联', '逾期 Overdue', null, null, null, null, null, null],
    ]);
  });

  it('gives one row per nominee, numbered within the unit, and none without a list to nominate in', () => {
    expect(nominationsSheet(UNITS, FIELDS)!.rows.map((r) => r.slice(0, 4))).toEqual([
      ['渝中区妇联', '推荐人选', 1, '王芳'],
      ['渝中区妇联', '推荐人选', 2, '李敏'],
    ]);
    expect(nominationsSheet(UNITS, FIELDS.slice(1))).toBeUndefined();
  });

  it('writes a workbook whose first two rows are the Chinese and English headers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await workbookOf(receiptsSheet(UNITS, FIELDS))) as unknown as ArrayBuffer);
    const ws = book.worksheets[0];
    expect(ws.name).toBe('签收情况');
    expect(ws.getRow(1).getCell(1).value).toBe('单位');
    expect(ws.getRow(2).getCell(1).value).toBe('Unit');
    expect(ws.getRow(3).getCell(7).value).toBe(3);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });
});

describe('the 操作记录 sheet', () => {
  const steps = [
    { id: 'notice', type: 'notify', name: { 'zh-CN': '下发活动通知', en: 'Issue the notice' } },
    { id: 'plan', type: 'approval', name: { 'zh-CN': '活动方案审批', en: 'Approve the plan' }, levels: [{ name: { 'zh-CN': '部门负责人审核', en: 'Head of department' } }] },
  ] as unknown as EventTemplate['steps'];
  const units = new Map([['district-yuzhong', { 'zh-CN': '渝中区妇联', en: 'Yuzhong' }]]);
  const entry = (over: Partial<AuditEntryRow>): AuditEntryRow => ({
    id: 'a', seq: 1, at: new Date('2027-03-01T01:30:00Z'), actorId: null, actorName: null, action: 'notice.issued',
    stepId: 'notice', taskId: null, before: null, after: null, comment: null, ...over,
  });
  const sheetOf = (rows: AuditEntryRow[]) => auditSheet(readableAudit(rows, steps, (code) => units.get(code))).rows;
  const wang = { id: 'u-wang', displayName: '王部长' };
  const li = { id: 'u-li', displayName: '李干事' };

  it('names the action and the step in words, the system where nobody acted, and dates in China time', () => {
    const rows = sheetOf([
      entry({ after: { docNumber: '渝妇发〔2027〕3号', recipients: 40 } }),
      entry({ seq: 2, action: 'event.rescheduled', stepId: null, actorName: '刘组织', before: { startsAt: '2027-06-01T01:30:00.000Z' }, after: { startsAt: '2027-06-08T01:30:00.000Z' }, comment: '场地调整' }),
      entry({ seq: 3, action: 'attachment.added', stepId: 'elsewhere' }),
    ]);
    expect(rows[0]).toEqual([1, '2027-03-01 09:30', '系统 System', '下发通知', '下发活动通知', null, null, '文号 渝妇发〔2027〕3号，下发 40 个单位']);
    expect(rows[1]).toEqual([2, '2027-03-01 09:30', '刘组织', '活动改期', null, '场地调整', 'startsAt：2027-06-01 09:30', 'startsAt：2027-06-08 09:30']);
    // An action or step this sheet does not know yet shows its code.
    expect(rows[2].slice(3, 5)).toEqual(['attachment.added', 'elsewhere']);
  });

  it('names units, levels and people as the page does, never by code or id', () => {
    const rows = sheetOf([
      entry({ action: 'notice.acknowledged', after: { unitCode: 'district-yuzhong' } }),
      entry({ action: 'sign-off.approved', stepId: 'plan', after: { level: 0, opinion: '同意' } }),
      entry({ action: 'cc.sent', stepId: 'plan', after: { recipients: [{ ...wang, unitCode: 'district-yuzhong' }, li] } }),
      entry({ action: 'sign-off.signer-added', stepId: 'plan', after: { signer: li, position: 'before', level: 0, for: 't1' } }),
      entry({ action: 'task.delegated', stepId: 'plan', after: { from: wang, to: li } }),
      entry({ action: 'receipt.urged', after: { unitCode: 'district-yuzhong', recipients: [wang] } }),
    ]);
    expect(rows.map((r) => [r[3], r[4], r[7]])).toEqual([
      ['签收通知', '下发活动通知', '单位：渝中区妇联'],
      ['审批同意', '活动方案审批 · 部门负责人审核', 'opinion：同意'],
      ['抄送', '活动方案审批', '抄送：王部长、李干事'],
      ['加签', '活动方案审批 · 部门负责人审核', '加签 李干事，在本人之前审批'],
      ['转交', '活动方案审批', '王部长 → 李干事'],
      ['催签收', '下发活动通知', '单位：渝中区妇联；通知：王部长'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/u-wang|u-li|district-yuzhong/);
  });
});

describe('the download', () => {
  it('names the file in Chinese for RFC 5987 clients and in ASCII for the rest', () => {
    expect(attachmentHeader('2027年"六一"活动-签收情况.xlsx', 'receipts.xlsx')).toBe(
      `attachment; filename="receipts.xlsx"; filename*=UTF-8''${encodeURIComponent('2027年_六一_活动-签收情况.xlsx')}`,
    );
    expect(attachmentHeader("it's (1).xlsx", 'a.xlsx')).toContain("filename*=UTF-8''it%27s%20%281%29.xlsx");
    expect(chinaTime(null)).toBe('');
  });
});

describe('异议核查处理 shows the objections it asks about (a task step\'s `shows`)', () => {
  const womensDay = loadTemplates(resolve(__dirname, '../../templates')).find((x) => x.code === 'womens-day-110')!;
  const task = (over: Partial<TaskState>): TaskState => ({
    id: 't', stepId: 'handle-objections', kind: 'task', round: 1, name: { 'zh-CN': '异议核查处理', en: 'Look into the objections' },
    assignees: [actor], status: 'open', createdAt: new Date(NOW).toISOString(), ...over,
  });
  const everything = { canReadStep: () => true, stepValues: (_: string, v: unknown) => (v ?? undefined) as never, receiptValues: () => undefined };

  it("answers the 公示期's values beside the task's own form", () => {
    const period = task({ id: 'p', stepId: 'public-notice-period', status: 'completed', actedBy: actor, closedAt: new Date(NOW).toISOString(), values: { objectionsReceived: 2, objectionsSummary: '两件：事迹不实' } });
    const forms = taskForms(womensDay, { tasks: [period, task({})], notices: [] }, task({}), everything);
    expect(forms.related).toEqual([expect.objectContaining({ stepId: 'public-notice-period', values: { objectionsReceived: 2, objectionsSummary: '两件：事迹不实' }, submittedBy: actor })]);
  });

  it('is refused at load when it names a step that is not finished before the task', () => {
    const copy = structuredClone(womensDay);
    const step = findStep(copy.steps, 'handle-objections');
    if (step?.type !== 'task') throw new Error('handle-objections is a task step');
    step.shows = ['draft-decision'];
    const parsed = parseEventTemplate(copy);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.message).join('\n')).toContain('shows must name an earlier step');
  });
});
