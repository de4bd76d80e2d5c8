// The 公文 frame the notice, the decision and the meeting notice share, after GB/T 9704-2012: the
// red header, the number, the red rule, the title, 主送, the body, 附件, 落款 and date, the 版记
// (抄送, the 印发 line) at the foot of the last page, and page numbers.
import type { OfficialDocumentBase } from '../document-model';
import { FONT } from './fonts';
import { BLACK, MM, RED, chineseDate, eachPageFooter, keepTogether, openSheet, pageNumberText, textBottom, textWidth, type Pdf } from './page';

/** The margins that leave the standard's 版心, 156 × 225 mm, on A4. */
const OFFICIAL_MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const TEXT_WIDTH = 156 * MM;
const TEXT_HEIGHT = 225 * MM;

/** 22 lines of 28 characters: the body's size (≈ 3号, 16 pt) and line pitch follow from the 版心. */
export const CHAR = TEXT_WIDTH / 28;
export const LINE = TEXT_HEIGHT / 22;

/** 2号 for the title, 4号 for the 版记 and the page numbers. */
const TITLE_SIZE = 22;
const FOOT_SIZE = 14;

/** The header's room above it, a little less than the standard's 35 mm so the first page keeps more body. */
const HEADER_DROP = 20 * MM;

/**
 * How tightly a document is set: the standard's line pitch and header room, or tighter ones where
 * the 落款 would otherwise stand alone on its page (GB/T 9704 asks for tighter lines, not that).
 */
export interface Setting {
  pitch: number;
  headerDrop: number;
}
export const STANDARD_SETTING: Setting = { pitch: LINE, headerDrop: HEADER_DROP };

const settings = new WeakMap<Pdf, Setting>();
const setting = (doc: Pdf) => settings.get(doc) ?? STANDARD_SETTING;
const pitch = (doc: Pdf) => setting(doc).pitch;

export function openOfficialSheet(data: OfficialDocumentBase, how: Setting = STANDARD_SETTING): Pdf {
  const doc = openSheet({
    title: data.title,
    subject: data.docNumber ?? undefined,
    datedAt: data.issuedAt,
    margins: OFFICIAL_MARGINS,
  });
  settings.set(doc, how);
  return doc;
}

/** Body text: 仿宋's stand-in at the 版心's character size, on the document's line pitch. */
export function bodyStyle(doc: Pdf, fontName: string = FONT.body, size = CHAR): { lineGap: number } {
  doc.font(fontName).fontSize(size).fillColor(BLACK);
  return { lineGap: pitch(doc) - doc.currentLineHeight(true) };
}

/** 版头: the red header, the number two lines under it, the red rule 4 mm below the number. */
function writeHead(doc: Pdf, data: OfficialDocumentBase): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  // As large as fits a character's width in from each side, slightly spaced out, at most 44 pt.
  const characters = Math.max(1, [...data.header].length);
  const headerSize = Math.min(44, (width - 2 * CHAR) / (characters * 1.08));
  doc.y = doc.page.margins.top + setting(doc).headerDrop;
  doc.font(FONT.title).fontSize(headerSize).fillColor(RED);
  doc.text(data.header, left, doc.y, { width, align: 'center', characterSpacing: headerSize * 0.08, lineBreak: false });
  doc.y += LINE;
  const { lineGap } = bodyStyle(doc);
  if (data.docNumber) doc.text(data.docNumber, left, doc.y, { width, align: 'center', lineGap });
  const ruleY = doc.y + 4 * MM - lineGap;
  doc.moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(1.5).stroke(RED);
  doc.y = ruleY + 2 * LINE - doc.currentLineHeight(true);
  writeTitle(doc, data.title);
}

/**
 * The title, centred; a long one in balanced lines (a trapezoid, as the standard asks) rather
 * than one full line and a short remainder, never breaking inside a quoted name or a number.
 */
function writeTitle(doc: Pdf, title: string): void {
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  doc.font(FONT.title).fontSize(TITLE_SIZE).fillColor(BLACK);
  for (const line of titleLines(doc, title, width)) {
    doc.text(line, left, doc.y, { width, align: 'center', lineGap: 8 });
  }
  doc.x = left;
  // 空一行 before 主送: the last line already carries its gap.
  doc.y += LINE * 0.75;
}

/**
 * What a title line may not split: “…”, 《…》, （…）, a number or a Latin word; punctuation stays
 * with what it follows, so no line opens with a comma or a closing mark.
 */
const TITLE_UNIT = /(?:“[^”]*”|《[^》]*》|（[^）]*）|\([^)]*\)|[0-9A-Za-z.]+(?:年度|年|月|日|号)?|.)[，。、；：！？”》）]*/gsu;

function titleLines(doc: Pdf, title: string, width: number): string[] {
  const units = (title.match(TITLE_UNIT) ?? []).flatMap((unit) => (doc.widthOfString(unit) > width ? [...unit] : [unit]));
  const count = Math.max(1, Math.ceil(doc.widthOfString(title) / width));
  // The narrowest measure that still takes the title in the fewest lines: the lines come out even.
  const step = doc.widthOfString('中') / 2;
  for (let limit = doc.widthOfString(title) / count; limit < width; limit += step) {
    const lines = fillLines(doc, units, limit);
    if (lines.length <= count) return lines;
  }
  return fillLines(doc, units, width);
}

function fillLines(doc: Pdf, units: string[], limit: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    if (line && doc.widthOfString(line + unit) > limit) {
      lines.push(line);
      line = unit;
    } else {
      line += unit;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** 主送: flush left, one line under the title. */
function writeAddressees(doc: Pdf, addressees: string): void {
  const { lineGap } = bodyStyle(doc);
  doc.text(addressees, doc.page.margins.left, doc.y, { width: textWidth(doc), lineGap });
}

/** Paragraphs of the body: each indented two characters, following lines flush left. */
export function writeParagraphs(doc: Pdf, paragraphs: string[]): void {
  const { lineGap } = bodyStyle(doc);
  for (const paragraph of paragraphs) {
    doc.text(paragraph, doc.page.margins.left, doc.y, { width: textWidth(doc), indent: 2 * CHAR, lineGap });
  }
}

/** A paragraph that opens with a label in 黑体: 会议时间：…, 会议议程：… */
export function writeLabelled(doc: Pdf, label: string, text: string): void {
  const { lineGap } = bodyStyle(doc, FONT.heading);
  doc.text(label, doc.page.margins.left, doc.y, { width: textWidth(doc), indent: 2 * CHAR, lineGap, continued: true });
  doc.font(FONT.body).text(text);
}

/** A line in 黑体 at the body's indent, introducing what follows (会议议程：). */
export function writeHeadingLine(doc: Pdf, text: string): void {
  const { lineGap } = bodyStyle(doc, FONT.heading);
  doc.text(text, doc.page.margins.left, doc.y, { width: textWidth(doc), indent: 2 * CHAR, lineGap });
}

/**
 * 附件说明: one line under the body, two characters in; numbered when there are several, a long
 * name wrapping under its own first character.
 */
export function writeAttachments(doc: Pdf, attachments: string[]): void {
  if (!attachments.length) return;
  const { lineGap } = bodyStyle(doc);
  doc.y += pitch(doc);
  const left = doc.page.margins.left + 2 * CHAR;
  const labelWidth = doc.widthOfString('附件：');
  attachments.forEach((name, i) => {
    const numbered = attachments.length > 1 ? `${i + 1}. ` : '';
    const nameLeft = left + labelWidth + doc.widthOfString(numbered);
    const width = doc.page.margins.left + textWidth(doc) - nameLeft;
    keepTogether(doc, pitch(doc));
    const y = doc.y;
    if (i === 0) doc.text('附件：', left, y, { lineBreak: false, lineGap });
    doc.text(numbered, left + labelWidth, y, { lineBreak: false, lineGap });
    doc.text(name, nameLeft, y, { width, lineGap });
  });
}

/**
 * 落款 without a seal: the issuer two characters from the right, the date on the next line starting
 * two characters right of the issuer; a date longer than that moves both left. Says whether it had
 * to start a page of its own (the standard would rather tighten the lines above).
 */
export function writeSignature(doc: Pdf, issuer: string, issuedAt: string): { alone: boolean } {
  bodyStyle(doc);
  const line = pitch(doc);
  const date = chineseDate(issuedAt);
  const right = doc.page.margins.left + textWidth(doc) - 2 * CHAR;
  const issuerLeft = right - Math.max(doc.widthOfString(issuer), doc.widthOfString(date) + 2 * CHAR);
  doc.y += line;
  const alone = keepTogether(doc, 2 * line);
  const y = doc.y;
  doc.text(issuer, issuerLeft, y, { lineBreak: false });
  doc.text(date, issuerLeft + 2 * CHAR, y + line, { lineBreak: false });
  doc.x = doc.page.margins.left;
  doc.y = y + 2 * line;
  return { alone };
}

/**
 * 版记 at the foot of the last page, its last rule on the 版心's lower edge: 抄送 (when there is
 * one) and the 印发 line between rules, thick outside, thin between.
 */
export function writeImprint(doc: Pdf, data: OfficialDocumentBase): void {
  doc.font(FONT.body).fontSize(FOOT_SIZE).fillColor(BLACK);
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  const inner = { left: left + FOOT_SIZE, width: width - 2 * FOOT_SIZE };
  const row = FOOT_SIZE * 2;
  const copied = data.copiedTo ? `抄送：${data.copiedTo}` : null;
  const copiedHeight = copied ? Math.max(row, doc.heightOfString(copied, { width: inner.width, lineGap: 6 }) + FOOT_SIZE) : 0;
  const height = copiedHeight + row;
  keepTogether(doc, height + LINE);
  const top = textBottom(doc) - height;
  const rule = (y: number, thickness: number) => doc.moveTo(left, y).lineTo(left + width, y).lineWidth(thickness).stroke(BLACK);

  rule(top, 1);
  if (copied) {
    doc.text(copied, inner.left, top + FOOT_SIZE / 2, { width: inner.width, lineGap: 6 });
    rule(top + copiedHeight, 0.7);
  }
  const printedY = top + copiedHeight + (row - doc.currentLineHeight()) / 2;
  doc.text(data.printedBy, inner.left, printedY, { lineBreak: false });
  doc.text(`${chineseDate(data.issuedAt)}印发`, inner.left, printedY, { width: inner.width, align: 'right', lineBreak: false });
  rule(textBottom(doc), 1);
}

/** Page numbers 7 mm under the 版心: odd pages on the right, even on the left, one character in. */
export function writePageNumbers(doc: Pdf): void {
  eachPageFooter(doc, (page, textEnd) => {
    doc.font(FONT.body).fontSize(FOOT_SIZE).fillColor(BLACK);
    const left = doc.page.margins.left + FOOT_SIZE;
    const width = textWidth(doc) - 2 * FOOT_SIZE;
    const y = textEnd + 7 * MM;
    doc.text(pageNumberText(page), left, y, { width, align: page % 2 ? 'right' : 'left', lineBreak: false });
  });
}

/** The whole frame of a plain notice; the other kinds slot their parts between body and 落款. */
export function writeOpening(doc: Pdf, data: OfficialDocumentBase): void {
  writeHead(doc, data);
  writeAddressees(doc, data.addressees);
  writeParagraphs(doc, data.body);
}
