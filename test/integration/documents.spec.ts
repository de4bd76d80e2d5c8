// A notice as its document (公文 PDF), through the whole application: issued by a real workflow, its
// PDF downloaded by an addressed district's liaison and read back with pdftotext, the same bytes at
// every download, refused to a unit the notice does not address, carried by the notice email (a
// real SMTP receiver), and refused any change by the database.
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { apiClient } from '../support/api-client';
import { pendingNoticeOf, stepIs, walkEvent } from '../support/api-walk';
import { DAY } from '../support/event-driver';
import { eventually } from '../support/http-receiver';
import { startSmtpCapture, type SmtpCapture } from '../support/mail-capture';
import { pdfText, squeezed } from '../support/pdf-text';
import { startTestApp, type TestApp } from '../support/shared';

const ORGANISER = 'organiser-family-children';
const LIAISON = 'liaison-yuzhong';
const LIAISON_MAILBOX = 'yuzhong-documents@fulian.example';

/** The PDF's text with every space and line break taken out (pdftotext spaces CJK text as it lays it out). */
const textOf = async (pdf: Buffer) => squeezed(await pdfText(pdf));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** 2027年2月3日, China time. */
function chineseDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

interface ListedNotice {
  noticeId: string;
  eventId: string;
  stepId: string;
  docNumber: string | null;
  issuedAt: string;
  documentUrl: string;
  documentSha256: string | null;
}

describe('a notice as its official document (公文 PDF)', () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let ds: DataSource;
  const client = apiClient(() => t.baseUrl);
  const { as, api } = client;
  let eventId: string;
  let notice: ListedNotice;

  const fileName = () => `${notice.docNumber!}-关于开展庆祝“六一”国际儿童节垃圾分类亲子主题活动的通知.pdf`;
  const download = async (who: string, url: string) => {
    const res = await fetch(`${t.baseUrl}${url}`, { headers: (await as(who)).headers });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp({ SMTP_URL: smtp.url });
    ds = new DataSource(dataSourceOptions(t.config.database.url!, 2));
    await ds.initialize();
    // 渝中区's liaison takes notices by email too, before the notice goes out.
    expect((await api(await as(LIAISON), 'PUT', '/me/channels', { email: { enabled: true, address: LIAISON_MAILBOX } })).status).toBe(200);
    const created = await api<{ id: string }>(await as(ORGANISER), 'POST', '/events', {
      templateCode: 'childrens-day-sorting',
      title: '2027年庆祝“六一”垃圾分类亲子主题活动',
      startsAt: new Date(Date.now() + 40 * DAY).toISOString(),
      venue: '重庆市妇女儿童活动中心',
    });
    expect(created.status).toBe(201);
    eventId = created.body.id;
    await walkEvent(client, eventId, [ORGANISER, 'head-family-children', 'vice-chair-2'], stepIs('activity-notice', 'active'));
    await pendingNoticeOf(client, LIAISON, eventId);
    const mine = await api<ListedNotice[]>(await as(LIAISON), 'GET', '/notices');
    notice = mine.body.find((n) => n.eventId === eventId)!;
  }, 300_000);

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
    await smtp?.close();
  });

  it("gives the addressed district's liaison the PDF: number, title, 主送, body, 落款, date and the 印发 line", async () => {
    expect(notice.docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);
    expect(notice.documentUrl).toBe(`/api/events/${eventId}/notices/activity-notice/document.pdf`);
    const { res, bytes } = await download(LIAISON, notice.documentUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Named by its number and title, the title's straight quotes made Chinese ones.
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(fileName())}`);
    expect(res.headers.get('x-document-sha256')).toBe(sha256(bytes));

    const text = await textOf(bytes);
    expect(text).toContain('重庆市妇女联合会文件');
    expect(text).toContain(notice.docNumber);
    expect(text).toContain('关于开展庆祝“六一”国际儿童节垃圾分类亲子主题活动的通知');
    expect(text).toContain('各区县（自治县）妇联，两江新区、万盛经开区妇联：');
    expect(text).toContain('请各区县妇联推荐参与家庭，并同步在本地组织开展垃圾分类亲子活动，于规定时间前报送回执。');
    expect(text).toContain('重庆市妇女儿童活动中心');
    expect(text).toContain(`重庆市妇女联合会${chineseDate(notice.issuedAt)}`);
    expect(text).toContain(`重庆市妇女联合会办公室${chineseDate(notice.issuedAt)}印发`);
  });

  it('gives the same bytes at every download, and lists their SHA-256 beside the notice', async () => {
    const first = await download(LIAISON, notice.documentUrl);
    const again = await download(ORGANISER, notice.documentUrl);
    expect(again.res.status).toBe(200);
    expect(sha256(again.bytes)).toBe(sha256(first.bytes));
    const listed = (await api<ListedNotice[]>(await as(LIAISON), 'GET', '/notices')).body.find((n) => n.eventId === eventId)!;
    expect(listed.documentSha256).toBe(sha256(first.bytes));
    const detail = await api<{ state: { notices: { stepId: string; documentUrl?: string }[] } }>(await as(ORGANISER), 'GET', `/events/${eventId}`);
    expect(detail.body.state.notices.find((n) => n.stepId === 'activity-notice')?.documentUrl).toBe(notice.documentUrl);
  });

  it('refuses a unit the notice does not address, in both languages, and answers 404 for a step without a notice', async () => {
    const refused = await api<{ message: { 'zh-CN': string; en: string } }>(await as('member-education'), 'GET', notice.documentUrl.replace(/^\/api/, ''));
    expect(refused.status).toBe(403);
    expect(refused.body.message['zh-CN']).toContain('主送');
    expect(refused.body.message.en).toContain('addressees');
    const missing = await api<{ message: { 'zh-CN': string; en: string } }>(await as(ORGANISER), 'GET', `/events/${eventId}/notices/draft-plan/document.pdf`);
    expect(missing.status).toBe(404);
    expect(missing.body.message.en).toContain('no notice');
  });

  it('attaches the same PDF to the notice email', async () => {
    const mail = await eventually('the notice email', () => smtp.messages.find((m) => m.rcptTo.includes(LIAISON_MAILBOX) && m.parsed.subject?.includes(notice.docNumber!)), 60_000);
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(fileName());
    const { bytes } = await download(LIAISON, notice.documentUrl);
    expect(sha256(pdf!.content)).toBe(sha256(bytes));
    expect(await textOf(pdf!.content)).toContain(notice.docNumber);
  });

  it('is refused any change by the database', async () => {
    await expect(ds.query(`UPDATE documents SET file_name = 'changed.pdf' WHERE ref = $1`, [notice.noticeId])).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM documents WHERE ref = $1', [notice.noticeId])).rejects.toThrow(/append-only/);
    const [row] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM documents WHERE ref = $1', [notice.noticeId]);
    expect(row.n).toBe(1);
  });
});
