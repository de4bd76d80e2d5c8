// The months the 时代女性榜 page offers for 补跑, and the backfill window that runs exactly one month.
import type { ScheduleDescription } from '@temporalio/client';
import { missedMonths, monthRunTime, monthWindow, skippedMonths, womenListSpec } from '../../src/selections/women-list-schedule';

/** A Schedule made at `createdAt`, with these months skipped, as its description reads them back. */
function scheduleMade(createdAt: string, skipped: string[] = []): ScheduleDescription {
  const skip = womenListSpec(skipped.map((month) => ({ month, by: '袁建英' }))).skip!.map((c) => ({
    year: [{ start: c.year as number, end: c.year as number, step: 1 }],
    month: [{ start: c.month as string, end: c.month as string, step: 1 }],
    comment: c.comment,
  }));
  return { spec: { skip }, info: { createdAt: new Date(createdAt) } } as unknown as ScheduleDescription;
}

describe('the months of the 时代女性榜 that were due and never started', () => {
  it('offers the month it was enabled in after its 1st 09:00 Beijing, and the months since without a run', () => {
    const schedule = scheduleMade('2026-10-15T03:00:00Z');
    expect(missedMonths(schedule, new Set(['2026-11']), Date.parse('2026-12-02T15:00:00Z'))).toEqual(['2026-10', '2026-12']);
  });

  it('offers no month before its 1st 09:00 Beijing, nor a skipped one', () => {
    const schedule = scheduleMade('2026-10-15T03:00:00Z', ['2026-10']);
    expect(skippedMonths(schedule.spec)).toEqual([{ month: '2026-10', by: '袁建英' }]);
    expect(missedMonths(schedule, new Set(), Date.parse('2026-12-01T00:59:59Z'))).toEqual(['2026-11']);
  });

  it('backfills over the whole UTC month, which holds the one run of that month', () => {
    expect(monthWindow('2026-12')).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-31T23:59:59.999Z') });
    expect(monthRunTime('2026-12')).toEqual(new Date('2026-12-01T01:00:00Z'));
  });
});
