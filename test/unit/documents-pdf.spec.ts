// The official documents as a reader gets them: each kind rendered from realistic data and read back
// with poppler (text, fonts), the same data giving the same bytes, and a PNG of each page kept in
// test-artifacts/documents/ to look at.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentData } from '../../src/documents/document-model';
import { renderPdf } from '../../src/documents/pdf/render';
import {
  NOTICE_UNITS,
  SAMPLE_HASH,
  sampleDecision,
  sampleMeetingNotice,
  sampleNotice,
  sampleReport,
  sampleYearSummary,
} from '../fixtures/sample-documents';
import { pdfFonts, pdfInfo, pdfPages, pdfText, pdfToPng, squeezed } from '../support/pdf-text';

const ARTIFACTS = join(__dirname, '../../test-artifacts/documents');

/** — 1 —; `-layout` may drop the spaces around the number. */
const pageNumber = (n: number) => new RegExp(`—\\s*${n}\\s*—`);

const rendered = new Map<string, Promise<Buffer>>();
/** Each sample is rendered once for the file's tests. */
const pdfOf = (name: string, data: DocumentData) => {
  if (!rendered.has(name)) rendered.set(name, renderPdf(data));
  return rendered.get(name)!;
};

describe('the notice (通知)', () => {
  it('reads as the 红头文件: header, number, title, 主送, body, 附件, 落款 and date, 抄送, 印发 line', async () => {
    const text = await pdfText(await pdfOf('notice', sampleNotice));
    const flat = squeezed(text);
    expect(flat).toContain('重庆市妇女联合会文件');
    expect(text).toContain('渝妇发〔2027〕12号');
    expect(flat).toContain(squeezed(sampleNotice.title));
    // All 43 units are addressed, the 主送 wrapping over several lines without losing one.
    expect(NOTICE_UNITS).toHaveLength(43);
    for (const unit of NOTICE_UNITS) expect(flat).toContain(unit);
    for (const paragraph of sampleNotice.body) expect(flat).toContain(squeezed(paragraph));
    expect(flat).toContain('附件：1.2027年度重庆市三八红旗手（集体）名额分配表');
    expect(flat).toContain('2.2027年度重庆市三八红旗手（集体）推荐审批表');
    expect(flat).toContain('抄送：全国妇联组织部，市委组织部，市人力社保局。');
    expect(text).toMatch(/重庆市妇女联合会办公室\s+2027年2月3日印发/);
  });

  it('signs with the issuer and the date in Chinese, right of centre, the date under the issuer', async () => {
    const lines = (await pdfText(await pdfOf('notice', sampleNotice))).split('\n');
    const issuer = lines.findIndex((l) => l.trim() === '重庆市妇女联合会');
    expect(issuer).toBeGreaterThan(0);
    const date = lines.slice(issuer + 1).find((l) => l.trim());
    expect(date?.trim()).toBe('2027年2月3日');
    // Both stand in the right half of the line, as a 落款 does.
    expect(lines[issuer].indexOf('重') ).toBeGreaterThan(20);
  });

  it('numbers its pages — 1 —, — 2 — and says it is in Chinese', async () => {
    const pdf = await pdfOf('notice', sampleNotice);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBe(2);
    pages.forEach((page, i) => expect(page).toMatch(pageNumber(i + 1)));
    expect(pdf.toString('latin1')).toContain('/Lang (zh-CN)');
  });

  it('names itself in the file: its title, the federation as author, dated by its issue', async () => {
    const info = await pdfInfo(await pdfOf('notice', sampleNotice));
    expect(info).toMatchObject({ Title: sampleNotice.title, Author: '重庆市妇女联合会', Subject: '渝妇发〔2027〕12号', Pages: '2' });
    expect(info.CreationDate).toMatch(/^2027-02-03T02:00:00/);
  });

  it('embeds its fonts as subsets: the serif for the body, the sans for headings', async () => {
    const fonts = await pdfFonts(await pdfOf('meeting-notice', sampleMeetingNotice));
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(
      expect.arrayContaining(['NotoSansSC-Bold', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular']),
    );
    for (const f of fonts) expect(f).toMatchObject({ embedded: true, subset: true });
  });

  it('gives the same bytes for the same data, and different bytes for a changed one', async () => {
    const first = await renderPdf(sampleNotice);
    const again = await renderPdf(structuredClone(sampleNotice));
    expect(again.equals(first)).toBe(true);
    const changed = await renderPdf({ ...sampleNotice, docNumber: '渝妇发〔2027〕13号' });
    expect(changed.equals(first)).toBe(false);
  });

  it('flows a long body onto more pages, numbered, with the 印发 line on the last', async () => {
    const long = { ...sampleNotice, body: Array.from({ length: 12 }, (_, i) => `${i + 1}. ${sampleNotice.body[0]}`) };
    const pages = await pdfPages(await renderPdf(long));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[1]).toMatch(pageNumber(2));
    expect(squeezed(pages.join(''))).toContain(squeezed(long.body[11]));
    expect(pages[pages.length - 1]).toMatch(/2027年2月3日印发/);
    expect(pages[0]).not.toMatch(/印发/);
  });
});

describe('the decision (决定)', () => {
  it('lists the ten honourees and the collectives under their headings', async () => {
    const pdf = await pdfOf('decision', sampleDecision);
    const pages = await pdfPages(pdf);
    const flat = squeezed(pages.join(''));
    expect(flat).toContain(squeezed(sampleDecision.title));
    expect(pages.join('')).toContain('渝妇发〔2027〕18号');
    expect(flat).toContain('2027年3月1日');
    const listPage = pages.find((p) => p.includes('重庆市三八红旗手（10名）'));
    expect(listPage).toBeDefined();
    for (const name of sampleDecision.lists[0].names) expect(listPage).toContain(name);
    expect(listPage).toContain('渝中区解放碑街道妇联');
    // Short names stand several to a line, as a printed list sets them.
    expect(listPage!.split('\n').some((line) => line.includes('张晓梅') && line.includes('吴红霞'))).toBe(true);
    expect(pages[pages.length - 1]).toMatch(/重庆市妇女联合会办公室\s+2027年3月1日印发/);
  });

  it('keeps the 落款 on the page of the body’s last lines, tightening the lines rather than leaving it alone', async () => {
    const pages = await pdfPages(await pdfOf('decision', sampleDecision));
    const signed = pages.findIndex((p) => /^\s*2027年3月1日\s*$/m.test(p));
    expect(signed).toBeGreaterThanOrEqual(0);
    expect(squeezed(pages[signed])).toContain(squeezed(sampleDecision.body[2]));
    // The lists follow on a page of their own, the attachment's label heading it.
    expect(pages[signed + 1]).toMatch(/^\s*附件\s*$/m);
  });
});

describe('the meeting notice (会议通知)', () => {
  it('gives the time, place and numbered agenda, and the 回执 on a page of its own', async () => {
    const pages = await pdfPages(await pdfOf('meeting-notice', sampleMeetingNotice));
    const flat = squeezed(pages.join(''));
    expect(pages.join('')).toContain('渝妇发〔2027〕21号');
    expect(flat).toContain('会议时间：2027年3月6日09:30—12:00');
    expect(flat).toContain('会议地点：重庆市人民大礼堂');
    sampleMeetingNotice.agenda.forEach((item, i) => expect(flat).toContain(squeezed(`${i + 1}. ${item}`)));
    expect(flat).toContain('附件：参会回执');
    const receipt = pages.findIndex((p) => squeezed(p).includes('填报单位（盖章）'));
    expect(receipt).toBeGreaterThan(0);
    const receiptPage = squeezed(pages[receipt]);
    expect(receiptPage).toContain('参会回执');
    expect(receiptPage).toContain('单位姓名职务联系电话备注');
    expect(receiptPage).toContain('请于2027年3月3日前报送。');
    expect(squeezed(pages[0])).not.toContain('填报单位');
  });

  it('numbers the agenda itself, dropping numbers the organiser typed', async () => {
    const typed = { ...sampleMeetingNotice, agenda: ['1. 宣读表彰决定', '2、颁奖', '（三）领导讲话'] };
    const flat = squeezed(await pdfText(await renderPdf(typed)));
    expect(flat).toContain('1.宣读表彰决定2.颁奖3.领导讲话');
  });
});

describe('the report (活动总结)', () => {
  it('records the event, its fields, facts, tasks and sign-offs', async () => {
    const flat = squeezed(await pdfText(await pdfOf('report', sampleReport)));
    for (const part of [
      sampleReport.title,
      '活动时间2027年3月6日',
      '活动地点重庆市人民大礼堂',
      '牵头部门组织部',
      '实到人数：386',
      '表彰了2027年度重庆市三八红旗手10名',
      '已签收41个（逾期2个）',
      '拟定会议方案李玉洁2027年2月10日10:00',
      '分管副主席郭春燕同意2027年3月12日11:00',
      '总结全面，数据准确。',
    ]) {
      expect(flat).toContain(squeezed(part));
    }
  });

  it('carries the archive date and the full SHA-256 on every page once archived', async () => {
    const long = { ...sampleReport, fields: [...sampleReport.fields, { label: '附记', value: Array(30).fill(sampleReport.fields[1].value).join('\n') }] };
    const pages = await pdfPages(await renderPdf(long));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain(`归档日期 2027年3月20日 · SHA-256 ${SAMPLE_HASH}`);
    const draft = await pdfText(await renderPdf({ ...sampleReport, archive: null }));
    expect(draft).not.toContain('SHA-256');
  });
});

describe('the year summary (年度工作总结素材)', () => {
  it('lists every event and district, repeating the table header on each page', async () => {
    const many = {
      ...sampleYearSummary,
      events: Array.from({ length: 60 }, (_, i) => ({ ...sampleYearSummary.events[i % 13], title: `2027年活动第${i + 1}项` })),
    };
    const pages = await pdfPages(await renderPdf(many));
    const flat = squeezed(pages.join(''));
    expect(flat).toContain('2027年度工作总结素材');
    for (let i = 1; i <= 60; i++) expect(flat).toContain(`2027年活动第${i}项`);
    for (const d of sampleYearSummary.districts) expect(flat).toContain(d.unit);
    const eventPages = pages.filter((p) => /2027年活动第\d+项/.test(p));
    expect(eventPages.length).toBeGreaterThan(1);
    for (const page of eventPages) expect(squeezed(page)).toContain('牵头部门');
    expect(flat).toContain('40/0/0');
    expect(flat).toContain('目标任务完成情况');
    for (const t of sampleYearSummary.targets) expect(flat).toContain(squeezed(t.target));
    expect(flat).toContain('未分解');
  });
});

describe('sparse data', () => {
  it('renders documents that have no number, attachments, 抄送, venue, agenda, 回执, lists or sign-offs yet', async () => {
    const bare = { docNumber: null, attachments: [], copiedTo: undefined };
    const documents: DocumentData[] = [
      { ...sampleNotice, ...bare },
      { ...sampleDecision, ...bare, lists: [] },
      { ...sampleMeetingNotice, ...bare, meeting: { ...sampleMeetingNotice.meeting, venue: null }, agenda: [], receipt: null },
      { ...sampleReport, venue: null, fields: [], facts: [], tasks: [], signOffs: [], archive: null },
      { ...sampleYearSummary, totals: [], events: [], districts: [], targets: [] },
    ];
    for (const data of documents) {
      const pages = await pdfPages(await renderPdf(data));
      expect(squeezed(pages.join(''))).toContain(data.kind === 'year-summary' ? '2027年度工作总结素材' : squeezed(data.title));
      expect(pages.join('')).not.toContain('渝妇发');
      expect(pages.join('')).not.toContain('附件：');
    }
  });
});

describe('the pages as images', () => {
  it('draws one of each kind to PNG for a reader to look at', async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const samples: [string, DocumentData][] = [
      ['notice', sampleNotice],
      ['decision', sampleDecision],
      ['meeting-notice', sampleMeetingNotice],
      ['report', sampleReport],
      ['year-summary', sampleYearSummary],
    ];
    for (const [name, data] of samples) {
      const files = await pdfToPng(await pdfOf(name, data), ARTIFACTS, name);
      expect(files.length).toBeGreaterThan(0);
    }
    expect(readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(5);
  });
});
