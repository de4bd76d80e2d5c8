// A notice gathered into its document kind (decision lists, a meeting's agenda and 回执, 附件 from the
// file fields its message names) and rendered for real; its file name; and the notice email's
// document, which must never hold up or break delivery. The database is a stand-in answering the
// few queries the gathering asks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DocumentsService, documentFileName } from '../../src/documents/documents.service';
import { paragraphsOf } from '../../src/documents/document-text';
import { NoticeDocuments, stepPlaceholders, withoutAddressees } from '../../src/documents/notice-document';
import { withDocumentLinks } from '../../src/documents/notice-downloads.service';
import { noticeEmailDocuments } from '../../src/documents/notice-email-document';
import { parseTemplateYaml } from '../../src/templates/template-loader';
import { fill } from '../../workflows/text';
import type { OutboundMessage } from '../../src/notifications/channels/channel';
import type { EventTemplate, NotifyStep } from '../../workflows/template-types';
import { pdfText, squeezed } from '../support/pdf-text';

const EVENT = '0f6f2d4e-2b1c-4c55-9a51-3d1f5e0a7b21';
const ISSUED = new Date('2027-02-03T02:00:00Z');

function templateWith(notify: NotifyStep): EventTemplate {
  return {
    code: 'doc-test',
    version: 1,
    name: { 'zh-CN': '测试', en: 'Test' },
    leadDepartment: 'dept-family-children',
    defaultDuration: '1d',
    steps: [
      {
        id: 'draft-decision',
        type: 'task',
        name: { 'zh-CN': '拟定', en: 'Draft' },
        assignee: { organiser: true },
        due: { anchor: 'eventStart', offset: '-20d' },
        form: {
          fields: [
            { key: 'honourees', type: 'list', label: { 'zh-CN': '个人', en: 'People' } },
            { key: 'agenda', type: 'textarea', label: { 'zh-CN': '议程', en: 'Agenda' } },
            { key: 'workPlanDraft', type: 'file', label: { 'zh-CN': '建议稿', en: 'Draft' } },
          ],
        },
      },
      notify,
    ],
  } as unknown as EventTemplate;
}

const notifyStep = (document: NotifyStep['document'], message = '请各单位认真组织学习。'): NotifyStep => ({
  id: 'the-notice',
  type: 'notify',
  name: { 'zh-CN': '通知', en: 'Notice' },
  audience: [{ unitGroup: 'districts' }, { unitGroup: 'agency-committees' }],
  official: true,
  subject: { 'zh-CN': '关于表彰2027年度重庆市三八红旗手的决定', en: 'Decision' },
  message: { 'zh-CN': message, en: message },
  receipt: { due: { anchor: 'eventStart', offset: '-7d' }, form: { fields: [{ key: 'attendees', type: 'list', label: { 'zh-CN': '参会人员', en: 'Attendees' } }] } },
  document,
});

/** A database that knows one notice, one template and one submission, and keeps what is stored. */
function fakeDatabase(template: EventTemplate, body: string, submitted: Record<string, unknown>, stepId = 'the-notice', docNumber: string | null = '渝妇发〔2027〕12号') {
  const stored: Record<string, unknown>[] = [];
  const notice = {
    id: `${EVENT}:${stepId}:1`,
    event_id: EVENT,
    step_id: stepId,
    round: 1,
    doc_number: docNumber,
    subject: { 'zh-CN': '关于表彰2027年度重庆市三八红旗手的决定', en: 'Decision' },
    body: { 'zh-CN': body, en: body },
    issued_at: ISSUED,
    receipts_due_at: new Date('2027-03-01T01:00:00Z'),
    title: '表彰会',
    starts_at: new Date('2027-03-08T01:30:00Z'),
    ends_at: new Date('2027-03-08T04:00:00Z'),
    venue: '重庆市人民大礼堂',
    lead_unit: 'dept-family-children',
  };
  const query = (sql: string, params: unknown[] = []): Promise<unknown[]> => {
    if (sql.includes('FROM notices n JOIN events e')) return Promise.resolve([notice]);
    if (sql.includes('FROM template_versions')) return Promise.resolve([{ content: template }]);
    if (sql.includes('form_values -> $3')) return Promise.resolve([{ value: submitted[params[2] as string] }]);
    if (sql.includes('FROM units')) return Promise.resolve([]);
    if (sql.includes('FROM notifications x JOIN notices n')) return Promise.resolve([{ id: notice.id }]);
    if (sql.startsWith('INSERT INTO documents')) {
      const [id, kind, ref, eventId, fileName, sha256, bytes] = params;
      if (!stored.length) stored.push({ id, kind, ref, event_id: eventId, file_name: fileName, sha256, bytes, created_at: new Date() });
      return Promise.resolve([]);
    }
    if (sql.includes('FROM documents')) return Promise.resolve(stored.filter((d) => d.kind === params[0] && d.ref === params[1]));
    return Promise.reject(new Error(`unexpected query: ${sql}`));
  };
  return { db: { query } as unknown as DataSource, stored };
}

const gathered = (template: EventTemplate, body: string, submitted: Record<string, unknown>, stepId?: string, docNumber?: string | null) => {
  const { db, stored } = fakeDatabase(template, body, submitted, stepId, docNumber);
  return { notices: new NoticeDocuments(db, new DocumentsService(db)), stored };
};

const seedTemplate = (file: string) => parseTemplateYaml(readFileSync(join(__dirname, '../../templates', file), 'utf8'), file);

describe("a notice's document, gathered", () => {
  it('is a decision with the lists from the earlier step, addressed as the seed addresses it', async () => {
    const step = notifyStep({ kind: 'decision', lists: [{ heading: { 'zh-CN': '重庆市三八红旗手', en: 'Holders' }, from: { step: 'draft-decision', field: 'honourees' } }] });
    const { notices, stored } = gathered(templateWith(step), '为表彰先进，决定授予以下同志荣誉称号。', { honourees: ['王芳', '李红梅', '张晓燕'] });
    const doc = await notices.downloadOf(`${EVENT}:the-notice:1`);
    expect(doc.kind).toBe('decision');
    expect(doc.fileName).toBe('渝妇发〔2027〕12号-关于表彰2027年度重庆市三八红旗手的决定.pdf');
    const text = squeezed(await pdfText(doc.bytes));
    expect(text).toContain('各区县（自治县）妇联，两江新区、万盛经开区妇联；各机关妇委会：');
    expect(text).toContain('重庆市三八红旗手');
    for (const name of ['王芳', '李红梅', '张晓燕']) expect(text).toContain(name);
    expect(text).toContain('2027年2月3日');
    // Asked again, the stored one: nothing rendered or stored twice.
    expect((await notices.downloadOf(`${EVENT}:the-notice:1`)).sha256).toBe(doc.sha256);
    expect(stored).toHaveLength(1);
  });

  it('is a meeting notice with its agenda, time, venue and 回执, and lists the files its message names as 附件', async () => {
    const step = notifyStep({ kind: 'meeting-notice', agenda: { step: 'draft-decision', field: 'agenda' } }, '会议定于…召开，建议稿见附件（{{steps.draft-decision.workPlanDraft}}）。');
    const { notices } = gathered(templateWith(step), '会议定于2027年3月8日 09:30召开，建议稿见附件（2027年工作要点（建议稿）.docx）。', {
      agenda: '审议年度工作要点\n表彰先进典型',
      workPlanDraft: [{ id: 'a1', name: '2027年工作要点（建议稿）.docx' }],
    });
    const doc = await notices.downloadOf(`${EVENT}:the-notice:1`);
    expect(doc.kind).toBe('meeting-notice');
    const text = squeezed(await pdfText(doc.bytes));
    expect(text).toContain('审议年度工作要点');
    expect(text).toContain('表彰先进典型');
    expect(text).toContain('重庆市人民大礼堂');
    expect(text).toContain('参会人员');
    // The receipts' deadline recorded with the notice as it went out, printed at the first render.
    expect(text).toContain('请于2027年3月1日前报送。');
    expect(text).toContain('附件');
    expect(text).toContain('2027年工作要点（建议稿）.docx');
  });

  it("prints A1's selection notice with its 主送 once, though the message opens with it", async () => {
    const template = seedTemplate('womens-day-110.yaml');
    const step = template.steps.find((s) => s.id === 'selection-notice') as NotifyStep;
    const body = fill(step.message['zh-CN'], { steps: { 'draft-plan': { individualQuota: 100, collectiveQuota: 50, districtQuotas: '名额分配表.xlsx' } } });
    expect(body.startsWith('各区县（自治县）妇联')).toBe(true);
    const { notices } = gathered(template, body, {}, 'selection-notice');
    const text = squeezed(await pdfText((await notices.downloadOf(`${EVENT}:selection-notice:1`)).bytes));
    expect(text.match(/各机关妇委会/g)).toHaveLength(1);
    expect(text).toContain('各区县（自治县）妇联，两江新区、万盛经开区妇联；各机关妇委会：');
    expect(text).not.toContain('(自治县)');
    // The rest of that first paragraph is the body's opening.
    expect(text).toContain('为纪念“三八”国际妇女节110周年');
  });

  it("is none for M5's notice, which is not official: 404 on download, and nothing rendered or stored", async () => {
    const template = seedTemplate('women-children-committee.yaml');
    const step = template.steps.find((s) => s.type === 'notify') as NotifyStep;
    expect(step.official).toBeFalsy();
    const { notices, stored } = gathered(template, '定于…召开全体（扩大）会议。', {}, step.id, null);
    expect(await notices.documentOf(`${EVENT}:${step.id}:1`)).toBeUndefined();
    await expect(notices.downloadOf(`${EVENT}:${step.id}:1`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      text: { 'zh-CN': '此通知不是正式公文，没有公文文本', en: 'This notice is not an official document and has no document text' },
    });
    expect(stored).toHaveLength(0);
  });

  it('is linked from the event only for an official notice', () => {
    const state = withDocumentLinks({ eventId: EVENT, notices: [{ stepId: 'numbered', docNumber: '渝妇发〔2027〕12号' }, { stepId: 'plain' }] });
    expect(state.notices.map((n) => 'documentUrl' in n && n.documentUrl)).toEqual([`/api/events/${EVENT}/notices/numbered/document.pdf`, false]);
  });

  it('drops a 主送 the message repeats, whatever its parentheses and punctuation', () => {
    const addressees = '各区县（自治县）妇联，两江新区、万盛经开区妇联；各机关妇委会：';
    expect(withoutAddressees(['各区县(自治县)妇联,两江新区、万盛经开区妇联;各机关妇委会:', '正文。'], addressees)).toEqual(['正文。']);
    expect(withoutAddressees(['各区县（自治县）妇联，两江新区、万盛经开区妇联；各机关妇委会：“三八”节将至。'], addressees)).toEqual(['“三八”节将至。']);
    expect(withoutAddressees(['各机关妇委会要认真组织。'], addressees)).toEqual(['各机关妇委会要认真组织。']);
  });

  it('splits the body into paragraphs, typeset, and finds the step fields a message names', () => {
    expect(paragraphsOf('第一段。\n\n  第二段：庆祝"六一"，  于规定时间前报送。 \n')).toEqual(['第一段。', '第二段：庆祝“六一”，于规定时间前报送。']);
    expect(stepPlaceholders('议程：{{steps.meeting-plan.agenda}}，附件 {{ steps.draft.file }}，{{venue}}')).toEqual([
      { step: 'meeting-plan', field: 'agenda' },
      { step: 'draft', field: 'file' },
    ]);
  });
});

describe("a document's file name", () => {
  const base = { header: '重庆市妇女联合会文件', addressees: '', body: [], attachments: [], issuer: '', issuedAt: ISSUED.toISOString(), printedBy: '' };
  it('is the number and the title, with Chinese quotes and nothing a file system refuses', () => {
    expect(documentFileName({ ...base, kind: 'notice', docNumber: '渝妇发〔2027〕3号', title: '关于开展庆祝"六一"活动的通知' })).toBe('渝妇发〔2027〕3号-关于开展庆祝“六一”活动的通知.pdf');
    expect(documentFileName({ ...base, kind: 'notice', docNumber: null, title: '关于A/B两场活动的通知' })).toBe('关于A_B两场活动的通知.pdf');
  });
});

describe("a notice email's document", () => {
  const message = (kind: string): OutboundMessage =>
    ({ notificationId: 'n-1', kind, eventId: EVENT, stepId: 'the-notice', recipient: { id: 'u', username: 'liaison-yuzhong', displayName: '张晓梅' } }) as OutboundMessage;
  const logger = () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    return { lines, warn: (fields: Record<string, unknown>, m: string) => lines.push({ fields, message: m }) };
  };

  it('is none for a message that announces no notice, without asking the database', async () => {
    const db = { query: () => Promise.reject(new Error('not to be asked')) } as unknown as DataSource;
    const log = logger();
    expect(await noticeEmailDocuments(new NoticeDocuments(db, new DocumentsService(db)), log, 1000)(message('turn'))).toBeNull();
    expect(log.lines).toHaveLength(0);
  });

  it('is none, and nothing is logged, for a notice that is not official', async () => {
    const template = seedTemplate('women-children-committee.yaml');
    const step = template.steps.find((x) => x.type === 'notify') as NotifyStep;
    const { notices, stored } = gathered(template, '定于…召开全体（扩大）会议。', {}, step.id, null);
    const log = logger();
    expect(await noticeEmailDocuments(notices, log, 1000)(message('notice'))).toBeNull();
    expect(log.lines).toHaveLength(0);
    expect(stored).toHaveLength(0);
  });

  it('is left out, and logged without the recipient, when gathering fails', async () => {
    const db = { query: () => Promise.reject(new Error('connection terminated')) } as unknown as DataSource;
    const log = logger();
    expect(await noticeEmailDocuments(new NoticeDocuments(db, new DocumentsService(db)), log, 1000)(message('notice'))).toBeNull();
    expect(log.lines.map((l) => l.message)).toEqual(['Notice document failed; email sent without it']);
    expect(JSON.stringify(log.lines)).not.toMatch(/张晓梅|liaison-yuzhong/);
  });

  it('is left out when it is not ready within the time limit', async () => {
    const db = { query: () => new Promise(() => undefined) } as unknown as DataSource;
    const log = logger();
    expect(await noticeEmailDocuments(new NoticeDocuments(db, new DocumentsService(db)), log, 50)(message('notice'))).toBeNull();
    expect(log.lines.map((l) => l.message)).toEqual(['Notice document not ready in time; email sent without it']);
  });
});
