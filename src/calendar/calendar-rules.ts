// What an admin may enter in the working-day calendar, and the calendar a workflow receives. Pure
// functions: the service and the unit tests call them alike.
import type { CalendarDate, WorkingCalendar } from '../../workflows/working-calendar';
import { FIRST_YEAR, LAST_YEAR, YEAR_RANGE_MESSAGE, chinaYearOf, isSupportedYear } from '../common/china-time';
import { DomainError } from '../common/domain-error';
import type { CalendarDay, NewDay } from './calendar.repository';

// The calendar's DTO and its callers read the years and China's year from here; one rule for all.
export { FIRST_YEAR, LAST_YEAR, chinaYearOf };

/** The most days one year's list may hold: a notice has ~35 (every day of each holiday and the 调休 days). */
export const MAX_DAYS_A_YEAR = 80;

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const invalid = (field: string, zh: string, en: string) => new DomainError('INVALID', zh, en, [{ field, message: { 'zh-CN': zh, en } }]);

/** The year, checked to be one the calendar takes. */
export function checkYear(year: number, field = 'year'): number {
  if (!isSupportedYear(year)) throw invalid(field, YEAR_RANGE_MESSAGE['zh-CN'], `${field} ${YEAR_RANGE_MESSAGE.en}`);
  return year;
}

/** The date, checked to be a real calendar day `YYYY-MM-DD` in a year the calendar takes. */
export function checkDate(date: string, field = 'date'): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw invalid(field, `日期“${date}”无效，须为 YYYY-MM-DD 格式的实际日期`, `${field} "${date}" is not a real date as YYYY-MM-DD`);
  }
  checkYear(Number(m[1]), field);
  return date;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const isWeekend = (date: CalendarDate) => [0, 6].includes(weekdayOf(date));

/**
 * A day as entered, checked. A holiday may fall on a weekend: the notice lists every day of a
 * holiday (春节 2月15日至23日), so the table shows the holiday whole, though such a day was off
 * anyway. A weekday marked `work` is refused: it is a working day already, so the entry would say
 * nothing, and is most likely the wrong date of a 调休 Saturday or Sunday.
 */
export function checkDay(day: NewDay, field = 'date'): NewDay {
  const date = checkDate(day.date, field);
  if (day.kind !== 'off' && day.kind !== 'work') {
    throw invalid('kind', 'kind 须为 off（休）或 work（班）', 'kind must be off (holiday) or work (make-up working day)');
  }
  const name = typeof day.name === 'string' ? day.name.trim() : '';
  if (name.length < 1 || name.length > 40) {
    throw invalid('name', '名称须为 1 至 40 个字，如“春节”“国庆节调休”', 'name must be 1 to 40 characters, e.g. 春节 or 国庆节调休');
  }
  if (day.kind === 'work' && !isWeekend(date)) {
    const w = weekdayOf(date);
    throw invalid(
      field,
      `${date} 是${WEEKDAYS_ZH[w]}，本就是工作日，不必标为调休上班（班）`,
      `${date} is a ${WEEKDAYS_EN[w]}, a working day already: only a Saturday or Sunday can be a make-up working day`,
    );
  }
  return { date, kind: day.kind, name };
}

/** A whole year's list, checked: every day in that year, none twice. */
export function checkYearList(year: number, days: NewDay[]): NewDay[] {
  checkYear(year);
  if (days.length === 0 || days.length > MAX_DAYS_A_YEAR) {
    throw invalid('days', `须列出 1 至 ${MAX_DAYS_A_YEAR} 天`, `days must list 1 to ${MAX_DAYS_A_YEAR} days`);
  }
  const seen = new Set<string>();
  return days.map((d, i) => {
    const day = checkDay(d, `days.${i}.date`);
    if (!day.date.startsWith(`${year}-`)) {
      throw invalid(`days.${i}.date`, `${day.date} 不在 ${year} 年内`, `days.${i}.date ${day.date} is not in ${year}`);
    }
    if (seen.has(day.date)) throw invalid(`days.${i}.date`, `${day.date} 列出了两次`, `days.${i}.date ${day.date} is listed twice`);
    seen.add(day.date);
    return day;
  });
}

/**
 * The years an event's calendar spans: from the year before its own (a deadline working days
 * before an event early in January falls in December), to the last year the table has; a table
 * ending earlier leaves the event's years with weekends only.
 */
export function yearsForEvent(startsAtIso: string, lastYearInTable: number | undefined): { fromYear: number; toYear: number } {
  const fromYear = chinaYearOf(startsAtIso) - 1;
  return { fromYear, toYear: Math.max(fromYear, lastYearInTable ?? fromYear) };
}

export function toWorkingCalendar(version: string, span: { fromYear: number; toYear: number }, days: CalendarDay[]): WorkingCalendar {
  return { version, ...span, days: Object.fromEntries(days.map((d) => [d.date, d.kind])) };
}
