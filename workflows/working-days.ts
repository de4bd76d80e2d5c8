// Event-relative times: an anchor plus an offset, in China Standard Time (UTC+8, no daylight saving).
// Working days (工作日) skip weekends and public holidays and count the make-up working days (调休).
import { parseOffset, type ParsedOffset } from './offsets';
import type { OffsetText } from './template-types';

const CST_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * Public holidays and make-up working days as published each year by the State Council General
 * Office (国务院办公厅关于部分节假日安排的通知). Years missing here count weekends only: add each
 * year's notice when it is published. 2020 includes the Spring Festival extension for COVID-19.
 */
const HOLIDAYS: Record<number, { off: string[]; work: string[] }> = {
  2020: {
    off: ['01-01', ...range('01-24', '02-02'), ...range('04-04', '04-06'), ...range('05-01', '05-05'), ...range('06-25', '06-27'), ...range('10-01', '10-08')],
    work: ['01-19', '04-26', '05-09', '06-28', '09-27', '10-10'],
  },
  2025: {
    off: ['01-01', ...range('01-28', '02-04'), ...range('04-04', '04-06'), ...range('05-01', '05-05'), ...range('05-31', '06-02'), ...range('10-01', '10-08')],
    work: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: [...range('01-01', '01-03'), ...range('02-15', '02-23'), ...range('04-04', '04-06'), ...range('05-01', '05-05'), ...range('06-19', '06-21'), ...range('09-25', '09-27'), ...range('10-01', '10-07')],
    work: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
};

function range(from: string, to: string): string[] {
  const [fm, fd] = from.split('-').map(Number);
  const [tm, td] = to.split('-').map(Number);
  const days: string[] = [];
  // Months here never wrap a year; a leap-year-free reference year is enough to walk the days.
  for (let t = Date.UTC(2021, fm - 1, fd); t <= Date.UTC(2021, tm - 1, td); t += DAY_MS) {
    const d = new Date(t);
    days.push(`${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
  }
  return days;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Whether the China-local calendar day containing `ms` is a working day. */
export function isWorkingDay(ms: number): boolean {
  const local = new Date(ms + CST_MS);
  const year = local.getUTCFullYear();
  const key = `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const table = HOLIDAYS[year];
  if (table?.work.includes(key)) return true;
  if (table?.off.includes(key)) return false;
  const weekday = local.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The instant `offset` away from `anchorMs`; working days keep the anchor's time of day. */
export function addOffset(anchorMs: number, offset: OffsetText | ParsedOffset): number {
  const parsed = typeof offset === 'string' ? parseOffset(offset) : offset;
  if ('minutes' in parsed) return anchorMs + parsed.minutes * 60_000;
  const step = parsed.workingDays < 0 ? -DAY_MS : DAY_MS;
  let remaining = Math.abs(parsed.workingDays);
  let t = anchorMs;
  while (remaining > 0) {
    t += step;
    if (isWorkingDay(t)) remaining--;
  }
  return t;
}
