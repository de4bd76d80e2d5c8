// An .xlsx workbook of one table: a Chinese header row, the English one under it (both frozen, so
// they stay in view while scrolling), then the rows. Cells hold text and numbers as people read them.
import ExcelJS from 'exceljs';
import { contentDisposition } from '../common/content-disposition';
import { allocationSummary, isAllocationValue } from '../../workflows/forms';

export interface SheetColumn {
  zh: string;
  en: string;
  /** In characters; a Chinese character counts as two. */
  width?: number;
}

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  columns: SheetColumn[];
  rows: Cell[][];
}

const HEADER_ROWS = 2;

export async function workbookOf(sheet: Sheet): Promise<Buffer> {
  return workbookOfSheets([sheet]);
}

/** A workbook of several tables, a sheet each, in order. */
export async function workbookOfSheets(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fulian-flow';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: HEADER_ROWS }] });
    ws.addRow(sheet.columns.map((c) => c.zh)).font = { bold: true };
    ws.addRow(sheet.columns.map((c) => c.en)).font = { italic: true, color: { argb: 'FF595959' } };
    for (const row of sheet.rows) ws.addRow(row);
    sheet.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? Math.max(displayWidth(c.zh), displayWidth(c.en), 10) + 2;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** How wide a text shows: CJK characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return width;
}

const CST_MS = 8 * 3600_000;

/** An instant as the office reads it: China Standard Time, 2027-03-01 09:30. */
export function chinaTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = new Date(new Date(value).getTime() + CST_MS);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A form value as a cell: lists joined with 、, yes/no in words, a file by its name. */
export function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是 Yes' : '否 No';
  if (Array.isArray(value)) return value.map((v) => String(cellOf(v) ?? '')).join('、');
  // A 任务分解表 in one cell would be unreadable JSON; the table itself is on the step's page and in its notice.
  if (isAllocationValue(value)) return `${allocationSummary(value, 'zh-CN')} ${allocationSummary(value, 'en')}`;
  if (typeof value === 'object') {
    const named = value as { fileName?: unknown; name?: unknown };
    if (typeof named.fileName === 'string') return named.fileName;
    if (typeof named.name === 'string') return named.name;
  }
  return JSON.stringify(value);
}

/** Content-Disposition for a workbook download: the Chinese name, and an ASCII one for old clients. */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return contentDisposition(fileName, { asciiName: asciiFallback });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
