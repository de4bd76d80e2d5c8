// China time (UTC+8, no summer time): the calendar day, the year and the years the office works
// in. Pure, so the server, the documents and the tests read dates and years by one rule.

/** Beijing time is UTC+8 all year round. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** The years one can enter or ask for: the holiday data starts in 2004; far ahead no notice is published. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

/** Why a year is refused, said the same way wherever a year is entered. */
export const YEAR_RANGE_MESSAGE = {
  'zh-CN': `年份须在 ${FIRST_YEAR} 至 ${LAST_YEAR} 之间`,
  en: `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`,
} as const;

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** The instant as a UTC date whose fields read as Beijing's wall clock. */
export function chinaClock(at: number | string): Date {
  return new Date((typeof at === 'number' ? at : Date.parse(at)) + CHINA_OFFSET_MS);
}

/** The year an instant falls in, in China. */
export function chinaYearOf(at: number | string): number {
  return chinaClock(at).getUTCFullYear();
}

/** The year as instants, half open [from, to): 1 January 00:00 in Beijing to the next. */
export function chinaYearBounds(year: number): { from: string; to: string } {
  const startOf = (y: number) => new Date(Date.UTC(y, 0, 1) - CHINA_OFFSET_MS).toISOString();
  return { from: startOf(year), to: startOf(year + 1) };
}

/** 2027年3月1日: the calendar day in Beijing, as a Chinese text writes it. */
export function chinaDate(iso: string): string {
  const d = chinaClock(iso);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
