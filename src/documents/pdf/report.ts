// The post-event report (活动总结) as a record, not a 红头文件: the event's particulars, the report's
// own fields, what the workflow knows, who did each task, the sign-offs; once archived, every page
// carries the archive date and the record's SHA-256 so a printed copy can be checked against it.
import type { ReportDocument } from '../document-model';
import { FONT } from './fonts';
import { BLACK, MM, chineseDate, chineseDateRange, chineseDateTime, eachPageFooter, keepTogether, openSheet, pageNumberText, textWidth, toBuffer, type Pdf } from './page';
import { drawParticulars, drawTable } from './table';

const RECORD_MARGINS = { top: 25 * MM, bottom: 25 * MM, left: 22 * MM, right: 22 * MM };
const SIZE = 11;

export function renderReport(data: ReportDocument): Promise<Buffer> {
  const doc = openSheet({
    title: data.title,
    subject: data.eventTitle,
    // An archived report is dated by its archiving; a draft by the event's end (never by "now").
    datedAt: data.archive?.archivedAt ?? data.endsAt,
    margins: RECORD_MARGINS,
  });
  writeRecordTitle(doc, data.header, data.title);
  drawParticulars(
    doc,
    [
      { label: '活动名称', value: data.eventTitle },
      { label: '活动类型', value: data.templateName },
      { label: '活动时间', value: chineseDateRange(data.startsAt, data.endsAt) },
      { label: '活动地点', value: data.venue ?? '—' },
      { label: '牵头部门', value: data.leadUnit },
      { label: '承办人', value: data.organiser },
      { label: '填报人', value: data.author },
    ],
    SIZE,
  );
  // Sections are numbered as they appear: a report without facts has no gap in its numbers.
  const numbered = sectionNumbering();
  writeSection(doc, numbered('总结内容'));
  for (const field of data.fields) writeField(doc, field.label, field.value);
  if (data.facts.length) {
    writeSection(doc, numbered('活动数据'));
    drawParticulars(doc, data.facts, SIZE);
  }
  writeSection(doc, numbered('任务与办理人'));
  drawTable(
    doc,
    [
      { header: '序号', share: 0.08, align: 'center' },
      { header: '环节', share: 0.46 },
      { header: '办理人', share: 0.2 },
      { header: '办理时间', share: 0.26 },
    ],
    data.tasks.map((task, i) => [String(i + 1), task.step, task.by, chineseDateTime(task.at)]),
    { fontSize: SIZE - 1 },
  );
  writeSection(doc, numbered('审批'));
  drawTable(
    doc,
    [
      { header: '审批层级', share: 0.17 },
      { header: '审批人', share: 0.14 },
      { header: '结果', share: 0.09, align: 'center' },
      { header: '时间', share: 0.25 },
      { header: '意见', share: 0.35 },
    ],
    data.signOffs.map((s) => [s.level, s.by, s.decision, chineseDateTime(s.at), s.comment ?? '']),
    { fontSize: SIZE - 1 },
  );
  writeRecordFooter(doc, data.archive ? `归档日期 ${chineseDate(data.archive.archivedAt)} · SHA-256 ${data.archive.sha256}` : null);
  return toBuffer(doc);
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function sectionNumbering(): (heading: string) => string {
  let next = 0;
  return (heading) => `${NUMERALS[next++]}、${heading}`;
}

/** The issuing body small above, the title large: the head of a record. */
export function writeRecordTitle(doc: Pdf, header: string, title: string, sizes = { header: 12, title: 20 }): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  doc.font(FONT.heading).fontSize(sizes.header).fillColor(BLACK);
  doc.text(header, left, doc.y, { width, align: 'center', characterSpacing: 2 });
  doc.y += 6;
  doc.font(FONT.title).fontSize(sizes.title);
  doc.text(title, left, doc.y, { width, align: 'center', lineGap: 4 });
  doc.y += 12;
}

export function writeSection(doc: Pdf, heading: string): void {
  doc.font(FONT.heading).fontSize(SIZE + 2).fillColor(BLACK);
  doc.y += 12;
  // A heading keeps the start of what it heads (a table's header and first row) on its page.
  keepTogether(doc, 6 * doc.currentLineHeight(true));
  doc.text(heading, doc.page.margins.left, doc.y, { width: textWidth(doc) });
  doc.y += 4;
}

/** A field of the report: its label in 黑体, then its value's paragraphs, wrapped and indented. */
function writeField(doc: Pdf, label: string, value: string): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  doc.font(FONT.heading).fontSize(SIZE);
  keepTogether(doc, 3 * doc.currentLineHeight(true));
  doc.text(`${label}：`, left, doc.y, { width });
  doc.font(FONT.body).fontSize(SIZE);
  const paragraphs = value.split(/\n+/).filter((p) => p.trim());
  for (const paragraph of paragraphs.length ? paragraphs : ['—']) {
    doc.text(paragraph.trim(), left, doc.y, { width, indent: 2 * SIZE, lineGap: 4 });
  }
  doc.y += 6;
}

/** On every page, under the text: the archive line when there is one, and the page number. */
export function writeRecordFooter(doc: Pdf, archiveLine: string | null): void {
  eachPageFooter(doc, (page, textEnd) => {
    const left = doc.page.margins.left;
    const width = textWidth(doc);
    const y = textEnd + 6 * MM;
    if (archiveLine) {
      doc.font(FONT.plain).fontSize(7.5).fillColor('#333333');
      doc.text(archiveLine, left, y, { width, align: 'center', lineBreak: false });
    }
    doc.font(FONT.body).fontSize(10).fillColor(BLACK);
    doc.text(pageNumberText(page), left, y + 5 * MM, { width, align: 'center', lineBreak: false });
  });
}
