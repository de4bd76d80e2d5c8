// Ruled tables for the records (report, year summary) and the 回执 form: rows grow with their text,
// a row that does not fit starts a new page, and the header row is repeated there.
import { FONT, type FontName } from './fonts';
import { keepTogether, textBottom, textWidth, type Pdf } from './page';

interface Column {
  header: string;
  /** A share of the table's width; the shares are scaled to fill it. */
  share: number;
  align?: 'left' | 'center' | 'right';
}

interface TableStyle {
  fontSize: number;
  headerFont?: FontName;
  bodyFont?: FontName;
  /** A row is never lower than this (a blank form's rows are for handwriting). */
  minRowHeight?: number;
  /** The header row's fill; none on a form meant to be printed and filled in. */
  headerFill?: string | null;
}

const PAD = 4;
const RULE = 0.6;

export function drawTable(doc: Pdf, columns: Column[], rows: string[][], style: TableStyle): void {
  const left = doc.page.margins.left;
  const total = columns.reduce((sum, c) => sum + c.share, 0);
  const widths = columns.map((c) => (c.share / total) * textWidth(doc));
  const header = columns.map((c) => c.header);
  const headerFont = style.headerFont ?? FONT.heading;
  const bodyFont = style.bodyFont ?? FONT.plain;

  const drawRow = (cells: string[], fontName: FontName, fill: string | null) => {
    doc.font(fontName).fontSize(style.fontSize);
    const height = rowHeight(doc, cells, widths, style.minRowHeight ?? 0);
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      if (fill) doc.rect(x, y, widths[i], height).fill(fill);
      doc.lineWidth(RULE).rect(x, y, widths[i], height).stroke('#000000');
      doc.fillColor('#000000').text(cell, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: columns[i].align ?? 'left', lineGap: 1 });
      x += widths[i];
    });
    doc.x = left;
    doc.y = y + height;
  };
  const drawHeader = () => drawRow(header, headerFont, style.headerFill === undefined ? '#EEEEEE' : style.headerFill);

  doc.font(headerFont).fontSize(style.fontSize);
  // The header never stands alone at the foot of a page: it keeps the first row with it.
  keepTogether(doc, rowHeight(doc, header, widths, 0) + firstRowHeight(doc, rows, widths, style, bodyFont));
  drawHeader();
  for (const cells of rows) {
    doc.font(bodyFont).fontSize(style.fontSize);
    if (doc.y + rowHeight(doc, cells, widths, style.minRowHeight ?? 0) > textBottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, bodyFont, null);
  }
}

function firstRowHeight(doc: Pdf, rows: string[][], widths: number[], style: TableStyle, bodyFont: FontName): number {
  if (!rows.length) return 0;
  doc.font(bodyFont).fontSize(style.fontSize);
  return rowHeight(doc, rows[0], widths, style.minRowHeight ?? 0);
}

function rowHeight(doc: Pdf, cells: string[], widths: number[], minimum: number): number {
  const tallest = Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i] - 2 * PAD, lineGap: 1 })));
  return Math.max(minimum, tallest + 2 * PAD);
}

/** A two-column table of labels and values: the event's particulars, the report's facts. */
export function drawParticulars(doc: Pdf, items: { label: string; value: string }[], fontSize: number): void {
  const widths = [0.26, 0.74];
  const left = doc.page.margins.left;
  const width = textWidth(doc);
  for (const item of items) {
    doc.font(FONT.plain).fontSize(fontSize);
    const cells = [item.label, item.value || '—'];
    const cellWidths = widths.map((w) => w * width);
    const height = rowHeight(doc, cells, cellWidths, 0);
    keepTogether(doc, height);
    const y = doc.y;
    doc.rect(left, y, cellWidths[0], height).fill('#F4F4F4');
    doc.lineWidth(RULE).rect(left, y, cellWidths[0], height).stroke('#000000');
    doc.rect(left + cellWidths[0], y, cellWidths[1], height).stroke('#000000');
    doc.fillColor('#000000').font(FONT.heading).text(cells[0], left + PAD, y + PAD, { width: cellWidths[0] - 2 * PAD, lineGap: 1 });
    doc.font(FONT.plain).text(cells[1], left + cellWidths[0] + PAD, y + PAD, { width: cellWidths[1] - 2 * PAD, lineGap: 1 });
    doc.x = left;
    doc.y = y + height;
  }
}
