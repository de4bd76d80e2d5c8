// The working-day calendar as data: the seed from the chinese-days package, what an admin may
// enter, and the calendar an event is given.
import { isWorkingDay } from '../../workflows/working-days';
import { checkDate, checkDay, checkYearList, toWorkingCalendar, yearsForEvent } from '../../src/calendar/calendar-rules';
import { packageDays } from '../../src/calendar/calendar.seed';
import { DomainError } from '../../src/common/domain-error';

const DAY_MS = 24 * 3600_000;

function refusal(fn: () => unknown): { 'zh-CN': string; en: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INVALID') return err.text;
    throw err;
  }
  throw new Error('not refused');
}

describe('the seed from chinese-days', () => {
  const byYear = packageDays();

  it('carries every year from 2004 to 2026, 2026 with its Spring Festival', () => {
    const years = [...byYear.keys()].sort((a, b) => a - b);
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    const festival = byYear.get(2026)!.filter((d) => d.name === '春节');
    expect(festival.map((d) => d.date)).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(byYear.get(2026)!.find((d) => d.date === '2026-02-14')).toEqual({ date: '2026-02-14', kind: 'work', name: '春节调休' });
  });

  it.each([2020, 2025, 2026])('counts every day of %i as the table compiled into the workflow does', (year) => {
    const calendar = toWorkingCalendar('1', { fromYear: year, toYear: year }, byYear.get(year)!.map((d) => ({ ...d, source: 'chinese-days', updatedAt: '' })));
    const differ: string[] = [];
    // Noon, China time, of each day of the year.
    for (let t = Date.UTC(year, 0, 1, 4); t < Date.UTC(year + 1, 0, 1); t += DAY_MS) {
      if (isWorkingDay(t, calendar) !== isWorkingDay(t)) differ.push(new Date(t).toISOString().slice(0, 10));
    }
    expect(differ).toEqual([]);
  });
});

describe('what an admin may enter', () => {
  it('takes a holiday on a weekday and on a weekend inside a holiday, and a Saturday worked', () => {
    expect(checkDay({ date: '2027-02-08', kind: 'off', name: ' 春节 ' })).toEqual({ date: '2027-02-08', kind: 'off', name: '春节' });
    expect(checkDay({ date: '2027-02-06', kind: 'off', name: '春节' }).kind).toBe('off');
    expect(checkDay({ date: '2027-02-20', kind: 'work', name: '春节调休' }).kind).toBe('work');
  });

  it('refuses a weekday marked as a make-up working day, naming its weekday in both languages', () => {
    expect(refusal(() => checkDay({ date: '2027-02-10', kind: 'work', name: '春节调休' }))).toEqual({
      'zh-CN': '2027-02-10 是周三，本就是工作日，不必标为调休上班（班）',
      en: '2027-02-10 is a Wednesday, a working day already: only a Saturday or Sunday can be a make-up working day',
    });
  });

  it.each(['2027-02-30', '2027-2-8', '20270208', '1999-10-01'])('refuses the date %s', (date) => {
    const text = refusal(() => checkDate(date));
    expect(text['zh-CN']).toMatch(/日期|年份/);
    expect(text.en).toMatch(/date|year/);
  });

  it('refuses an empty name and a kind that is neither', () => {
    expect(refusal(() => checkDay({ date: '2027-02-08', kind: 'off', name: '  ' })).en).toMatch(/name/);
    expect(refusal(() => checkDay({ date: '2027-02-08', kind: 'holiday' as 'off', name: '春节' })).en).toMatch(/kind/);
  });

  it("refuses a year's list with a day of another year or a day twice", () => {
    expect(refusal(() => checkYearList(2027, [{ date: '2028-01-01', kind: 'off', name: '元旦' }])).en).toBe('days.0.date 2028-01-01 is not in 2027');
    const twice = [{ date: '2027-01-01', kind: 'off' as const, name: '元旦' }, { date: '2027-01-01', kind: 'off' as const, name: '元旦' }];
    expect(refusal(() => checkYearList(2027, twice))['zh-CN']).toBe('2027-01-01 列出了两次');
    expect(refusal(() => checkYearList(2027, [])).en).toMatch(/1 to 80 days/);
  });
});

describe('the calendar an event is given', () => {
  it('spans from the year before the event (China time) to the last year in the table', () => {
    expect(yearsForEvent('2027-03-08T01:00:00Z', 2027)).toEqual({ fromYear: 2026, toYear: 2027 });
    // 1 January, 07:00 China time, is still 31 December in UTC.
    expect(yearsForEvent('2026-12-31T23:00:00Z', 2026)).toEqual({ fromYear: 2026, toYear: 2026 });
    expect(yearsForEvent('2029-05-01T01:00:00Z', 2026)).toEqual({ fromYear: 2028, toYear: 2028 });
  });
});
