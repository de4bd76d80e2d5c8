// The year-summary PDFs kept in memory: a download of unchanged figures is not typeset again.
import type { YearSummaryDocument } from '../../src/documents/document-model';
import { RenderedYears } from '../../src/years/rendered-years';

const summaryOf = (year: number, events: number, generatedAt = '2027-06-15T00:00:00.000Z'): YearSummaryDocument => ({
  kind: 'year-summary',
  header: '重庆市妇女联合会',
  year,
  generatedAt,
  totals: [{ label: '活动总数', value: String(events) }],
  events: [],
  districts: [],
  targets: [],
});

function counting() {
  const rendered: string[] = [];
  const cache = new RenderedYears(async (doc) => {
    rendered.push(`${doc.year}:${doc.totals[0].value}`);
    return Buffer.from(`${doc.year} ${doc.generatedAt}`);
  }, 2);
  return { rendered, cache };
}

describe('the year-summary PDFs kept', () => {
  it('serves the first PDF again while the figures stay the same, though drawn up later', async () => {
    const { rendered, cache } = counting();
    const first = await cache.pdfOf(summaryOf(2027, 3));
    const again = await cache.pdfOf(summaryOf(2027, 3, '2027-06-16T08:00:00.000Z'));
    expect(again).toBe(first);
    expect(rendered).toEqual(['2027:3']);
  });

  it('renders again once the figures changed', async () => {
    const { rendered, cache } = counting();
    await cache.pdfOf(summaryOf(2027, 3));
    const changed = await cache.pdfOf(summaryOf(2027, 4, '2027-06-16T08:00:00.000Z'));
    expect(changed.toString()).toBe('2027 2027-06-16T08:00:00.000Z');
    expect(rendered).toEqual(['2027:3', '2027:4']);
  });

  it('keeps a few years, letting the least recently asked go first', async () => {
    const { rendered, cache } = counting();
    await cache.pdfOf(summaryOf(2025, 1));
    await cache.pdfOf(summaryOf(2026, 1));
    await cache.pdfOf(summaryOf(2025, 1));
    await cache.pdfOf(summaryOf(2027, 1));
    await cache.pdfOf(summaryOf(2025, 1));
    await cache.pdfOf(summaryOf(2026, 1));
    expect(rendered).toEqual(['2025:1', '2026:1', '2027:1', '2026:1']);
  });

  it('shares one rendering between downloads that come in together, and keeps no failed one', async () => {
    let calls = 0;
    const cache = new RenderedYears(async () => {
      calls += 1;
      if (calls === 1) throw new Error('font missing');
      return Buffer.from('pdf');
    });
    const together = [cache.pdfOf(summaryOf(2027, 1)), cache.pdfOf(summaryOf(2027, 1))];
    await expect(Promise.all(together)).rejects.toThrow('font missing');
    expect(calls).toBe(1);
    await expect(cache.pdfOf(summaryOf(2027, 1))).resolves.toEqual(Buffer.from('pdf'));
    expect(calls).toBe(2);
  });
});
