// The three 红头文件 kinds: a notice, a decision with its lists of the honoured, a meeting notice
// with its time, place, agenda and a 回执 page to fill in and send back.
import type { AllocationSheet, DecisionDocument, MeetingNoticeDocument, NoticeDocument, OfficialDocumentBase } from '../document-model';
import { FONT } from './fonts';
import {
  CHAR,
  LINE,
  STANDARD_SETTING,
  type Setting,
  bodyStyle,
  openOfficialSheet,
  writeAttachments,
  writeImprint,
  writeHeadingLine,
  writeLabelled,
  writeOpening,
  writePageNumbers,
  writeParagraphs,
  writeSignature,
} from './official';
import { chineseDate, chineseSpan, keepTogether, textWidth, toBuffer, type Pdf } from './page';
import { drawTable } from './table';

export function renderNotice(data: NoticeDocument): Promise<Buffer> {
  const sheet = data.allocation;
  return typeset(data, data.attachments, { annex: sheet ? (doc) => writeAllocationSheet(doc, sheet, data.attachments) : undefined });
}

export function renderDecision(data: DecisionDocument): Promise<Buffer> {
  return typeset(data, data.attachments, {
    annex: (doc) => {
      if (!data.lists.length) return;
      doc.addPage();
      // The lists are the decision's first attachment (…名单): its label and name head them.
      if (data.attachments.length) writeAnnexHead(doc, data.attachments.length > 1 ? '附件1' : '附件', data.attachments[0]);
      for (const list of data.lists) writeNameList(doc, list);
    },
  });
}

export function renderMeetingNotice(data: MeetingNoticeDocument): Promise<Buffer> {
  const receipt = data.receipt;
  // The 回执 is an attachment of the notice: it is named in the 附件说明 even when the data omits it.
  const attachments = receipt && !data.attachments.includes(receipt.title) ? [...data.attachments, receipt.title] : data.attachments;
  return typeset(data, attachments, {
    body: (doc) => writeMeeting(doc, data),
    annex: receipt ? (doc) => writeReceiptForm(doc, receipt, attachments) : undefined,
  });
}

/** A number the organiser typed before an agenda item (1. / 1、/ （一）/ 一、): the layout numbers them. */
const OWN_NUMBER = /^\s*(?:[0-9]+\s*[.、．)）]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*/u;

function writeMeeting(doc: Pdf, data: MeetingNoticeDocument): void {
  writeLabelled(doc, '会议时间：', chineseSpan(data.meeting.startsAt, data.meeting.endsAt));
  if (data.meeting.venue) writeLabelled(doc, '会议地点：', data.meeting.venue);
  if (data.agenda.length) {
    writeHeadingLine(doc, '会议议程：');
    writeParagraphs(doc, data.agenda.map((item, i) => `${i + 1}. ${item.replace(OWN_NUMBER, '')}`));
  }
}

/**
 * The settings tried in turn: GB/T 9704 asks for tighter lines rather than a 落款 alone on its page;
 * last, the header's room above it goes too. Where even that leaves it alone, it stays so.
 */
const SETTINGS: Setting[] = [
  STANDARD_SETTING,
  { ...STANDARD_SETTING, pitch: LINE * 0.96 },
  { ...STANDARD_SETTING, pitch: LINE * 0.92 },
  { pitch: LINE * 0.92, headerDrop: 0 },
];

/** 版头, 主送, body, 附件说明, 落款, then what follows the signature (lists, forms), 版记, page numbers. */
function typeset(
  data: OfficialDocumentBase,
  attachments: string[],
  parts: { body?: (doc: Pdf) => void; annex?: (doc: Pdf) => void } = {},
): Promise<Buffer> {
  const layOut = (how: Setting) => {
    const doc = openOfficialSheet(data, how);
    writeOpening(doc, data);
    parts.body?.(doc);
    writeAttachments(doc, attachments);
    return { doc, ...writeSignature(doc, data.issuer, data.issuedAt) };
  };
  let laidOut = layOut(SETTINGS[0]);
  for (const tighter of SETTINGS.slice(1)) {
    if (!laidOut.alone) break;
    laidOut = layOut(tighter);
  }
  const { doc } = laidOut;
  parts.annex?.(doc);
  writeImprint(doc, data);
  writePageNumbers(doc);
  return toBuffer(doc);
}

/**
 * One list of a decision: its heading in 黑体, then the names — short personal names in even
 * columns as a printed list sets them, longer ones (collectives, names with their units) a line each.
 */
function writeNameList(doc: Pdf, list: DecisionDocument['lists'][number]): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  const heading = bodyStyle(doc, FONT.heading);
  keepTogether(doc, 3 * LINE);
  doc.text(list.heading, left, doc.y, { width, align: 'center', lineGap: heading.lineGap });
  doc.y += LINE / 2;
  const { lineGap } = bodyStyle(doc);
  const widest = Math.max(0, ...list.names.map((name) => doc.widthOfString(name)));
  const columns = Math.min(5, Math.floor(width / (widest + 2 * CHAR)));
  if (columns < 2) {
    for (const name of list.names) doc.text(name, left + 2 * CHAR, doc.y, { width: width - 2 * CHAR, lineGap });
  } else {
    const columnWidth = width / columns;
    for (let i = 0; i < list.names.length; i += columns) {
      keepTogether(doc, LINE);
      const y = doc.y;
      list.names.slice(i, i + columns).forEach((name, j) => doc.text(name, left + j * columnWidth + CHAR, y, { lineBreak: false, lineGap }));
      doc.y = y + LINE;
    }
  }
  doc.x = left;
  doc.y += LINE;
}

/** The head of an attachment's first page: 附件 (or 附件2) in 黑体 top left, its name centred as a title. */
function writeAnnexHead(doc: Pdf, label: string, name: string): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  const { lineGap } = bodyStyle(doc, FONT.heading);
  doc.text(label, left, doc.y, { width, lineGap });
  doc.y += LINE / 2;
  doc.font(FONT.title).fontSize(22);
  doc.text(name, left, doc.y, { width, align: 'center', lineGap: 8 });
  doc.y += LINE / 2;
}

/** Targets side by side in one table at most: more would squeeze each to a character's width. */
const SHEET_TARGETS_PER_TABLE = 5;

/**
 * 任务分解表 on pages of its own: a row per unit, the sums last, the header repeated on each page. A
 * campaign with many targets gets one table per group of them, each led by the units' names.
 */
function writeAllocationSheet(doc: Pdf, sheet: AllocationSheet, attachments: string[]): void {
  doc.addPage();
  const number = attachments.length > 1 ? String(attachments.indexOf(sheet.title) + 1) : '';
  writeAnnexHead(doc, `附件${number}`, sheet.title);
  const rows = [...sheet.rows, sheet.sums];
  for (let from = 1; from < sheet.columns.length; from += SHEET_TARGETS_PER_TABLE) {
    const pick = (cells: string[]) => [cells[0], ...cells.slice(from, from + SHEET_TARGETS_PER_TABLE)];
    drawTable(
      doc,
      pick(sheet.columns).map((header, i) => ({ header, share: i === 0 ? 2 : 1, align: i === 0 ? ('left' as const) : ('center' as const) })),
      rows.map(pick),
      { fontSize: 10 },
    );
    doc.y += LINE / 2;
  }
}

const RECEIPT_ROWS = 8;

/** The 回执 on its own page: 附件 number, title, the columns to fill in, and when it is due. */
function writeReceiptForm(doc: Pdf, receipt: NonNullable<MeetingNoticeDocument['receipt']>, attachments: string[]): void {
  doc.addPage();
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  const number = attachments.length > 1 ? String(attachments.indexOf(receipt.title) + 1) : '';
  writeAnnexHead(doc, `附件${number}`, receipt.title);
  const { lineGap } = bodyStyle(doc);
  doc.text('填报单位（盖章）：', left, doc.y, { width, lineGap });
  doc.y += 4;
  const fields = receipt.fields.length ? receipt.fields : ['姓名', '职务', '联系电话'];
  drawTable(
    doc,
    fields.map((header) => ({ header, share: 1, align: 'center' as const })),
    Array.from({ length: RECEIPT_ROWS }, () => fields.map(() => '')),
    { fontSize: 14, headerFont: FONT.heading, bodyFont: FONT.body, minRowHeight: LINE * 1.2, headerFill: null },
  );
  doc.y += LINE / 2;
  bodyStyle(doc);
  if (receipt.dueAt) doc.text(`请于${chineseDate(receipt.dueAt)}前报送。`, left, doc.y, { width, indent: 2 * CHAR, lineGap });
}
