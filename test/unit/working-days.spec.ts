// Working days (工作日) as offices count them: weekends and public holidays off, make-up days on.
import { addOffset, addOffsetInForce, isWorkingDay, type CalendarPeriod } from '../../workflows/working-days';
import type { WorkingCalendar } from '../../workflows/working-calendar';
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

  describe('by the calendar a run is given', () => {
    // 2027 as an admin might enter it: a 调休 Saturday, and a day off inside an ordinary week.
    const calendar2027 = (days: WorkingCalendar['days']): WorkingCalendar => ({ version: '7', fromYear: 2026, toYear: 2027, days });

    it('counts its days off and make-up working days, and only those', () => {
      const cal = calendar2027({ '2027-03-10': 'off', '2027-02-20': 'work' });
      expect(isWorkingDay(cst('2027-03-10'), cal)).toBe(false); // a Wednesday off
      expect(isWorkingDay(cst('2027-02-20'), cal)).toBe(true); // a Saturday worked
      expect(isWorkingDay(cst('2027-03-11'), cal)).toBe(true);
      // From Friday 5 March: 8, 9, 11, 12, 15 March (10 March off), where weekends alone give the 12th.
      expect(day(addOffset(cst('2027-03-05'), '5wd'))).toBe('2027-03-12');
      expect(day(addOffset(cst('2027-03-05'), '5wd', cal))).toBe('2027-03-15');
      expect(day(addOffset(cst('2027-03-15'), '-5wd', cal))).toBe('2027-03-05');
    });

    it('replaces the compiled table rather than adding to it', () => {
      // National Day 2026 is in the compiled table, not in this calendar: it counts as the Thursday it is.
      expect(isWorkingDay(cst('2026-10-01'), calendar2027({}))).toBe(true);
      expect(isWorkingDay(cst('2026-10-01'))).toBe(false);
    });

    it('leaves clock-time offsets alone', () => {
      const cal = calendar2027({ '2027-03-10': 'off' });
      expect(addOffset(cst('2027-03-09'), '1d', cal)).toBe(cst('2027-03-10'));
      expect(addOffset(cst('2027-03-09'), '36h', cal)).toBe(cst('2027-03-09') + 36 * 3600_000);
    });
  });

  describe('by the calendar in force when the time falls', () => {
    const holiday: WorkingCalendar = { version: '8', fromYear: 2027, toYear: 2027, days: { '2027-03-10': 'off' } };
    const changedAt = (date: string): CalendarPeriod[] => [
      { calendar: undefined, since: -Infinity },
      { calendar: holiday, since: cst(date) },
    ];

    it('counts a deadline still ahead at the change again on the new calendar, from its same anchor', () => {
      expect(day(addOffsetInForce(cst('2027-03-05'), '5wd', changedAt('2027-03-08')))).toBe('2027-03-15');
    });

    it('keeps a deadline that passed before the change where it fell', () => {
      expect(day(addOffsetInForce(cst('2027-03-05'), '5wd', changedAt('2027-03-13')))).toBe('2027-03-12');
      // At the very instant it falls, it has passed.
      expect(addOffsetInForce(cst('2027-03-05'), '5wd', [{ calendar: undefined, since: -Infinity }, { calendar: holiday, since: cst('2027-03-12') }])).toBe(cst('2027-03-12'));
    });

    it('never moves a deadline still ahead to before the change: it stays where it was, not overdue at once', () => {
      const withHoliday: CalendarPeriod = { calendar: holiday, since: -Infinity };
      const removed = (since: number): CalendarPeriod[] => [withHoliday, { calendar: { ...holiday, version: '9', days: {} }, since }];
      // Due Monday 15 March with the holiday on the 10th; without it the count falls on Friday the 12th.
      expect(day(addOffsetInForce(cst('2027-03-05'), '5wd', [withHoliday]))).toBe('2027-03-15');
      expect(day(addOffsetInForce(cst('2027-03-05'), '5wd', removed(cst('2027-03-11'))))).toBe('2027-03-12');
      // Removed on the morning of the 15th itself: the 12th has gone by, so the 15th stands.
      expect(addOffsetInForce(cst('2027-03-05'), '5wd', removed(cst('2027-03-15') - 3600_000))).toBe(cst('2027-03-15'));
      // The deadline kept is still ahead: a later change counts it again.
      const later: CalendarPeriod = { calendar: { ...holiday, version: '10', days: { '2027-03-10': 'off', '2027-03-12': 'off' } }, since: cst('2027-03-15') - 1800_000 };
      expect(day(addOffsetInForce(cst('2027-03-05'), '5wd', [...removed(cst('2027-03-15') - 3600_000), later]))).toBe('2027-03-16');
    });

    it('counts by the table compiled in when the run was given no calendar', () => {
      expect(addOffsetInForce(cst('2026-09-30'), '5wd', [{ calendar: undefined, since: -Infinity }])).toBe(addOffset(cst('2026-09-30'), '5wd'));
    });
  });

  it('writes dates as office staff do, in China Standard Time', () => {
    expect(formatDateTime('2027-06-01T01:30:00Z', 'zh-CN')).toBe('2027年6月1日 09:30');
    expect(formatDateTime('2027-06-01T01:30:00Z', 'en')).toBe('1 June 2027, 09:30');
    expect(formatDateTime(null, 'zh-CN')).toBe('待定');
  });
});
