// The year-summary PDFs last rendered, kept in memory: typesetting one takes the event loop for
// seconds, and the figures of a past year seldom change between two downloads.
import { createHash } from 'node:crypto';
import type { YearSummaryDocument } from '../documents/document-model';

/** The years kept: this year, last year and a couple more an office compares with. */
const YEARS_KEPT = 4;

/** What the PDF shows, but the time it was drawn up: the same figures give the same fingerprint. */
function fingerprintOf(doc: YearSummaryDocument): string {
  return createHash('sha256').update(JSON.stringify({ ...doc, generatedAt: null })).digest('hex');
}

interface Rendered {
  fingerprint: string;
  pdf: Promise<Buffer>;
}

/**
 * The latest PDF of each year, re-rendered only when its figures changed; the least recently asked
 * year goes first. A PDF served from here keeps the time it was first drawn up, which is still the
 * time its figures stand as of. Downloads that come in together share one rendering.
 */
export class RenderedYears {
  private readonly byYear = new Map<number, Rendered>();

  constructor(
    private readonly render: (doc: YearSummaryDocument) => Promise<Buffer>,
    private readonly capacity = YEARS_KEPT,
  ) {}

  pdfOf(doc: YearSummaryDocument): Promise<Buffer> {
    const fingerprint = fingerprintOf(doc);
    const kept = this.byYear.get(doc.year);
    this.byYear.delete(doc.year);
    const entry = kept?.fingerprint === fingerprint ? kept : this.rendering(doc, fingerprint);
    this.byYear.set(doc.year, entry);
    while (this.byYear.size > this.capacity) this.byYear.delete(this.byYear.keys().next().value!);
    return entry.pdf;
  }

  private rendering(doc: YearSummaryDocument, fingerprint: string): Rendered {
    const entry: Rendered = { fingerprint, pdf: this.render(doc) };
    // A failed rendering is not kept: the next download tries again.
    entry.pdf.catch(() => {
      if (this.byYear.get(doc.year) === entry) this.byYear.delete(doc.year);
    });
    return entry;
  }
}
