// Seeds the working-day calendar at every start from the `chinese-days` package: each year it
// carries that the table has no day of yet. A year already there — seeded before, or entered by an
// admin — is left as it is, so an admin's correction survives, and a newer package brings only the
// years it adds (2027 once the package has the State Council's notice).
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { CalendarRepository, type NewDay } from './calendar.repository';

/** The package's data: `YYYY-MM-DD` → `"English name,中文名,days"`. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function packageData(): ChineseDaysData {
  // The JSON file itself rather than the library: only its tables are wanted, not its date helpers.
  return JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysData;
}

const chineseName = (entry: string): string => entry.split(',')[1]?.trim() || entry;

/** The package's days, by year: holidays as `off`, make-up working days as `work` (调休). */
export function packageDays(data: ChineseDaysData = packageData()): Map<number, NewDay[]> {
  const byYear = new Map<number, NewDay[]>();
  const add = (date: string, kind: NewDay['kind'], name: string) => {
    const year = Number(date.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), { date, kind, name }]);
  };
  for (const [date, entry] of Object.entries(data.holidays)) add(date, 'off', chineseName(entry));
  for (const [date, entry] of Object.entries(data.workdays)) add(date, 'work', `${chineseName(entry)}调休`);
  for (const days of byYear.values()) days.sort((a, b) => a.date.localeCompare(b.date));
  return byYear;
}

/** Adds the package's years the table lacks, as one recorded change each; answers the years added. */
export async function seedWorkingCalendar(dataSource: DataSource): Promise<number[]> {
  const calendar = new CalendarRepository(dataSource);
  return calendar.change(async (tx) => {
    const covered = new Set(await calendar.yearsCovered(tx));
    const added: number[] = [];
    for (const [year, days] of [...packageDays()].sort(([a], [b]) => a - b)) {
      if (covered.has(year)) continue;
      await calendar.upsert(tx, days, 'chinese-days', null);
      await calendar.record(tx, { action: 'seed', year, after: { days: days.length }, changedBy: null });
      added.push(year);
    }
    return added;
  });
}
