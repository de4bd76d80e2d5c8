// China-local calendar days (UTC+8, no summer time) as workflow code needs them (the campaigns, the
// monthly selection). A small copy of src/common/china-time.ts's rule: workflow code may not import the application.

const CHINA_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;

/** The day (YYYY-MM-DD) an instant falls on in Beijing. */
export const chinaToday = (at: number): string => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** The month (YYYY-MM) an instant falls in, in Beijing. */
export const chinaMonthOf = (at: number): string => chinaToday(at).slice(0, 7);

/** The instant 00:00 in Beijing on a YYYY-MM-DD day. */
export function startOfChinaDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS;
}

/** The last millisecond of a YYYY-MM-DD day in Beijing: a deadline "by that day" is met until then. */
export function endOfChinaDay(date: string): number {
  return startOfChinaDay(date) + DAY_MS - 1;
}

/** YYYY-MM-DD of year, month (1–12) and day, walking over month ends the way Date.UTC does. */
export function chinaDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The last day of a month (1–12). */
export function lastDayOfMonth(year: number, month: number): string {
  return chinaDate(year, month + 1, 0);
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return chinaDate(y, m, d + 1);
}
