// A new working-day calendar in a run, with no server: A1's 公示期 (due five working days after it
// starts) counted again when a holiday is added inside its five days, the same deadline left alone
// once it has passed, and the calendars an event refuses.
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import type { Actor, TaskState } from '../../workflows/event-model';
import { calendarRefusal } from '../../workflows/event/calendar-change';
import { viewOf } from '../../workflows/event/refusals';
import { EventRun } from '../../workflows/event/run-state';
import { movesSince, scheduleBeforeMove, schedule } from '../../workflows/event/schedule';
import type { RelativeTime } from '../../workflows/template-types';
import type { WorkingCalendar } from '../../workflows/working-calendar';

const DAY = 24 * 3600_000;
const A1 = loadTemplates(join(projectRoot(), 'templates')).find((t) => t.code === 'womens-day-110')!;
const organiser = { id: 'u-organiser', displayName: '刘组织' };
const admin: Actor = { id: 'u-admin', displayName: '系统管理员', isAdmin: true };
const FIVE_WD: RelativeTime = { anchor: 'stepStart', offset: '5wd' };

const cstDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
/** 09:00 China time on the first Friday at least `days` from now. */
function fridayFrom(days: number): number {
  let t = Date.parse(`${cstDate(Date.now() + days * DAY)}T09:00:00+08:00`);
  while (new Date(t + 8 * 3600_000).getUTCDay() !== 5) t += DAY;
  return t;
}
const calendar = (version: string, days: WorkingCalendar['days'] = {}): WorkingCalendar => {
  const year = new Date().getUTCFullYear();
  return { version, fromYear: year - 1, toYear: year + 2, days };
};

/** A1 with its 公示期 open since `startedAt`, counted on a calendar with no holidays. */
function atPublicNotice(startedAt: number): { run: EventRun; task: TaskState } {
  const startsAt = startedAt + 60 * DAY;
  const run = new EventRun({
    eventId: 'e-1',
    title: '纪念“三八”国际妇女节110周年系列活动',
    template: A1,
    organiser,
    leadUnit: A1.leadDepartment,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + DAY).toISOString(),
    calendar: calendar('1'),
  });
  const task: TaskState = {
    id: 't-1',
    stepId: 'public-notice-period',
    kind: 'task',
    round: 1,
    name: run.stepState('public-notice-period').name,
    assignees: [organiser],
    status: 'open',
    createdAt: new Date(startedAt).toISOString(),
    dueAt: new Date(run.resolveTime(FIVE_WD, startedAt)!).toISOString(),
  };
  run.state.tasks.push(task);
  run.dueSpecs.set(task.id, { due: FIVE_WD, stepStartMs: startedAt });
  return { run, task };
}

describe('a new working-day calendar in a run', () => {
  it('moves a pending 5wd deadline one working day later when a holiday falls inside it, with its reminder', () => {
    const friday = fridayFrom(30);
    const { run, task } = atPublicNotice(friday);
    expect(task.dueAt).toBe(new Date(friday + 7 * DAY).toISOString()); // Mon–Fri of the next week
    const wednesday = cstDate(friday + 5 * DAY);

    const before = scheduleBeforeMove(run);
    run.changeCalendar(calendar('2', { [wednesday]: 'off' }));
    const moves = movesSince(run, before);

    expect(task.dueAt).toBe(new Date(friday + 10 * DAY).toISOString()); // the Monday after
    expect(moves.map((m) => [m.kind, m.from, m.to])).toEqual([
      ['task', new Date(friday + 7 * DAY).toISOString(), task.dueAt],
      ['task-overdue', new Date(friday + 7 * DAY).toISOString(), task.dueAt],
    ]);
    expect(schedule(run).deadlines.find((d) => d.id === `task:${task.id}`)?.at).toBe(task.dueAt);
    // The event's own date is not a working-day offset: it stays.
    expect(moves.some((m) => m.kind === 'event-start' || m.kind === 'before-event')).toBe(false);
  });

  it('leaves a deadline that has already passed where it fell', () => {
    const friday = fridayFrom(-20);
    const { run, task } = atPublicNotice(friday);
    const due = task.dueAt;
    expect(Date.parse(due!)).toBeLessThan(Date.now());
    const before = scheduleBeforeMove(run);
    run.changeCalendar(calendar('2', { [cstDate(friday + 5 * DAY)]: 'off' }));
    expect(task.dueAt).toBe(due);
    expect(movesSince(run, before)).toEqual([]);
  });

  describe('refuses', () => {
    const { run } = atPublicNotice(fridayFrom(30));
    const refusal = (cal: unknown, actor: Actor = admin) => calendarRefusal(viewOf(run), calendar('5'), { actor, calendar: cal as WorkingCalendar });

    it('an older version than the event counts by, but not the same one', () => {
      expect(refusal(calendar('4'))).toMatchObject({ kind: 'CONFLICT', zh: expect.stringContaining('早于'), en: expect.stringContaining('older') });
      expect(refusal(calendar('5'))).toBeUndefined();
      expect(refusal(calendar('10'))).toBeUndefined(); // 10 comes after 5, though "10" < "5" as text
    });

    it('a malformed calendar, saying what is wrong in both languages', () => {
      expect(refusal({ ...calendar('6'), days: { '2027-02-30': 'off' } })).toMatchObject({ kind: 'INVALID', zh: expect.stringContaining('2027-02-30 不是有效日期'), en: expect.stringContaining('2027-02-30 is not a valid date') });
      expect(refusal({ ...calendar('6'), days: { [`${new Date().getUTCFullYear() + 1}-05-01`]: 'holiday' } })).toMatchObject({ kind: 'INVALID', en: expect.stringContaining("'off' or 'work'") });
      expect(refusal({ ...calendar('6'), days: { '1999-05-01': 'off' } })).toMatchObject({ kind: 'INVALID', zh: expect.stringContaining('不在') });
      expect(refusal({ ...calendar('6'), version: 'latest' })).toMatchObject({ kind: 'INVALID', zh: expect.stringContaining('版本号') });
      expect(refusal({ ...calendar('6'), fromYear: 2030, toYear: 2027 })).toMatchObject({ kind: 'INVALID', en: expect.stringContaining('range') });
      expect(refusal(undefined)).toMatchObject({ kind: 'INVALID' });
    });

    it('anyone but an administrator', () => {
      expect(refusal(calendar('6'), { ...organiser })).toMatchObject({ kind: 'FORBIDDEN', zh: '只有管理员可以调整工作日历' });
    });
  });
});
