// Event-relative times: an anchor plus an offset, in China Standard Time (UTC+8, no daylight saving).
// Working days (工作日) skip weekends and public holidays and count the make-up working days (调休),
// by the calendar a run was given (data an admin keeps) or, for runs started before there was one,
// by the table compiled here. Pure functions: the calendar is always an argument.
import { parseOffset, type ParsedOffset } from './offsets';
import type { OffsetText } from './template-types';
import type { WorkingCalendar } from './working-calendar';

const CST_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * Public holidays and make-up working days as published each year by the State Council General
 * Office (国务院办公厅关于部分节假日安排的通知), as runs started without a calendar count them. Their
 * histories replay by it: it never changes. Years missing here count weekends only; new years reach
 * runs as a WorkingCalendar. 2020 includes the Spring Festival extension for COVID-19.
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

/** Whether the China-local calendar day containing `ms` is a working day, by `calendar` or, without one, the compiled table. */
export function isWorkingDay(ms: number, calendar?: WorkingCalendar): boolean {
  const local = new Date(ms + CST_MS);
  const year = local.getUTCFullYear();
  const monthDay = `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const special = calendar ? calendar.days[`${year}-${monthDay}`] : compiledDay(year, monthDay);
  if (special) return special === 'work';
  const weekday = local.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function compiledDay(year: number, monthDay: string): 'off' | 'work' | undefined {
  const table = HOLIDAYS[year];
  if (table?.work.includes(monthDay)) return 'work';
  if (table?.off.includes(monthDay)) return 'off';
  return undefined;
}

/** The instant `offset` away from `anchorMs`; working days keep the anchor's time of day. */
export function addOffset(anchorMs: number, offset: OffsetText | ParsedOffset, calendar?: WorkingCalendar): number {
  const parsed = typeof offset === 'string' ? parseOffset(offset) : offset;
  if ('minutes' in parsed) return anchorMs + parsed.minutes * 60_000;
  const step = parsed.workingDays < 0 ? -DAY_MS : DAY_MS;
  let remaining = Math.abs(parsed.workingDays);
  let t = anchorMs;
  while (remaining > 0) {
    t += step;
    if (isWorkingDay(t, calendar)) remaining--;
  }
  return t;
}

/** A calendar a run counted by, from the instant it took effect (undefined: the compiled table). */
export interface CalendarPeriod {
  calendar: WorkingCalendar | undefined;
  since: number;
}

/**
 * The instant `offset` away from `anchorMs`, counted by the calendar in force when that instant
 * came: a deadline that passed under one calendar stays where it fell (it was met or missed by the
 * calendar of its day), one still ahead when the calendar changed is counted again on the new one —
 * unless the new count falls at or before the change itself: a change never makes a deadline
 * overdue at once, so that one stays where it was. `periods` are in the order they took effect,
 * the first since the run began.
 */
export function addOffsetInForce(anchorMs: number, offset: OffsetText | ParsedOffset, periods: readonly CalendarPeriod[]): number {
  let at = addOffset(anchorMs, offset, periods[0].calendar);
  for (const { calendar, since } of periods.slice(1)) {
    if (at <= since) return at;
    const recounted = addOffset(anchorMs, offset, calendar);
    if (recounted > since) at = recounted;
  }
  return at;
}
