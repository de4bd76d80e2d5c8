// The sheet every document is typeset on: A4, the fonts registered, metadata that makes the same
// data give the same bytes, and the footer (page numbers, the archive line) drawn once all pages exist.
import PDFDocument from 'pdfkit';
import { chinaClock, chinaDate } from '../../common/china-time';
import { FEDERATION } from '../document-model';
import { FONT, font } from './fonts';

export type Pdf = PDFKit.PDFDocument;

export const MM = 72 / 25.4;
export const RED = '#E60012';
export const BLACK = '#000000';

interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface SheetOptions {
  title: string;
  subject?: string;
  /** The document's own date: its creation date in the file, so a re-render changes nothing. */
  datedAt: string;
  margins: Margins;
  layout?: 'portrait' | 'landscape';
}

export function openSheet(opts: SheetOptions): Pdf {
  const dated = new Date(opts.datedAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.layout ?? 'portrait',
    margins: opts.margins,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: opts.title,
      Author: FEDERATION,
      ...(opts.subject ? { Subject: opts.subject } : {}),
      Creator: 'fulian-flow',
      Producer: 'fulian-flow (PDFKit)',
      CreationDate: dated,
      ModDate: dated,
    },
  });
  for (const name of Object.values(FONT)) doc.registerFont(name, font(name));
  doc.font(FONT.body);
  return doc;
}

/** The finished file: ends the document and collects what pdfkit streams out. */
export function toBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** 2027年2月3日, the date as China reads it (the calendar day in Beijing time). */
export const chineseDate = chinaDate;

const pad = (n: number) => String(n).padStart(2, '0');

/** 2027年2月3日 09:30, Beijing time. */
export function chineseDateTime(iso: string): string {
  const d = chinaClock(iso);
  return `${chineseDate(iso)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A span of time as a notice writes it: one date with both clock times when it is one day. */
export function chineseSpan(startsAt: string, endsAt: string): string {
  const sameDay = chineseDate(startsAt) === chineseDate(endsAt);
  const end = chinaClock(endsAt);
  return sameDay
    ? `${chineseDateTime(startsAt)}—${pad(end.getUTCHours())}:${pad(end.getUTCMinutes())}`
    : `${chineseDateTime(startsAt)}—${chineseDateTime(endsAt)}`;
}

/** 2027年2月3日 or 2027年2月3日—5日 or across months, for the dates of an event. */
export function chineseDateRange(startsAt: string, endsAt: string): string {
  const from = chineseDate(startsAt);
  const to = chineseDate(endsAt);
  return from === to ? from : `${from}—${to}`;
}

/**
 * Writes in the bottom margin of every page: pdfkit would start a new page for text below the
 * margin, so the margin is lifted while the footer is drawn.
 */
export function eachPageFooter(doc: Pdf, draw: (page: number, textBottom: number) => void): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    const textEnd = textBottom(doc);
    doc.page.margins.bottom = 0;
    draw(i - range.start + 1, textEnd);
    doc.page.margins.bottom = bottom;
  }
}

/** "— 1 —", the page number as 公文 print it. */
export const pageNumberText = (page: number) => `— ${page} —`;

/** The width of the text area of the current page. */
export const textWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** The y where the text area of the current page ends. */
export const textBottom = (doc: Pdf) => doc.page.height - doc.page.margins.bottom;

/** Moves to a new page unless `height` points still fit on this one; says whether it did. */
export function keepTogether(doc: Pdf, height: number): boolean {
  if (doc.y + height <= textBottom(doc)) return false;
  doc.addPage();
  return true;
}
