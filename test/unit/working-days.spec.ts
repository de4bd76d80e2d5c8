// Working days (工作日) as offices count them: weekends and public holidays off, make-up days on.
import { addOffset, isWorkingDay } from '../../workflows/working-days';
import { formatDateTime } from '../../workflows/text';

/** 09:00 China Standard Time on a date. */
const cst = (date: string) => Date.parse(`${date}T09:00:00+08:00`);
const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

describe('working days', () => {
  it('skips the National Day holiday and counts its make-up Saturday', () => {
    expect(isWorkingDay(cst('2026-10-01'))).toBe(false);
    expect(isWorkingDay(cst('2026-10-10'))).toBe(true); // Saturday 调休
    expect(isWorkingDay(cst('2026-10-11'))).toBe(false); // Sunday
    // Five working days from Wednesday 30 September 2026: 8, 9, 10, 12, 13 October.
    expect(day(addOffset(cst('2026-09-30'), '5wd'))).toBe('2026-10-13');
  });

  it('counts back over the Spring Festival of 2020, extended for COVID-19', () => {
    expect(day(addOffset(cst('2020-02-03'), '-1wd'))).toBe('2020-01-23');
    expect(isWorkingDay(cst('2020-01-19'))).toBe(true); // Sunday 调休
  });

  it('keeps the time of day and mixes no clock time into working days', () => {
    const from = cst('2025-03-03');
    expect(addOffset(from, '2wd') - cst('2025-03-05')).toBe(0);
    expect(addOffset(from, '-1d12h')).toBe(from - 36 * 3600_000);
  });

  it('counts weekends only in years whose holidays are not in the table', () => {
    expect(day(addOffset(cst('2031-05-01'), '1wd'))).toBe('2031-05-02');
  });

  it('writes dates as office staff do, in China Standard Time', () => {
    expect(formatDateTime('2027-06-01T01:30:00Z', 'zh-CN')).toBe('2027年6月1日 09:30');
    expect(formatDateTime('2027-06-01T01:30:00Z', 'en')).toBe('1 June 2027, 09:30');
    expect(formatDateTime(null, 'zh-CN')).toBe('待定');
  });
});
