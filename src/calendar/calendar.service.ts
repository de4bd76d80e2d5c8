// The working-day calendar (工作日历): the calendar each event runs by, what an admin reads and
// changes, and telling the running events of a change so their pending working-day deadlines are
// planned again (the workflow decides which move: see workflows/event/calendar-change.ts).
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { changeCalendarUpdate, eventWorkflowId, type Actor, type CalendarChangeResult } from '../../workflows/event-model';
import type { WorkingCalendar } from '../../workflows/working-calendar';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import type { Bilingual } from '../common/api-errors';
import { DomainError } from '../common/domain-error';
import { actorOf, asDomainError } from '../events/event-messages';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { checkDate, checkDay, checkYear, checkYearList, chinaYearOf, toWorkingCalendar, yearsForEvent } from './calendar-rules';
import { CalendarRepository, type CalendarDay, type NewDay, type RunningEvent } from './calendar.repository';
import { inTurns } from '../common/in-turns';

/** One year as the admin page shows it. */
export interface CalendarYear {
  year: number;
  /** Whether the year has any day in the table; without, its deadlines count weekends only. */
  covered: boolean;
  /** Why the year counts weekends only, when it is not covered. */
  notice: Bilingual | null;
  version: string;
  days: CalendarDay[];
}

/** What one running event moved, or why it was passed over. */
export interface EventMoves {
  eventId: string;
  title: string;
  moved: CalendarChangeResult['moved'];
}
export interface EventSkipped {
  eventId: string;
  title: string;
  reason: Bilingual;
}

/** The answer to a change: the new version, and what the running events moved. */
export interface CalendarChangeOutcome {
  version: string;
  /** 已调整 3 个活动的 5 项期限. */
  summary: Bilingual;
  eventsTold: number;
  moved: EventMoves[];
  skipped: EventSkipped[];
}

/** Updates in flight at once, as a batch 签收 sends them: fast enough for the admin, gentle on Temporal. */
const TELL_CONCURRENCY = 5;

const uncoveredNotice = (year: number): Bilingual => ({
  'zh-CN': `${year}年节假日安排尚未录入，期限只按周末计算`,
  en: `The public holidays of ${year} are not entered yet: deadlines count weekends only`,
});

/** The answer when the change was saved but the running events could not even be listed. */
const NONE_TOLD: Bilingual = {
  'zh-CN': '工作日历已保存，但未能通知进行中的活动，其期限未调整（下次调整时将一并通知）',
  en: 'The calendar was saved, but the running events could not be told; their deadlines did not move (the next change will tell them)',
};

@Injectable()
export class CalendarService {
  private readonly log = new Logger('Calendar');
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly access: AccessService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** The calendar an event starting at `startsAtIso` runs by: its year − 1 to the table's last year. */
  async forEvent(startsAtIso: string): Promise<WorkingCalendar> {
    return this.calendar.snapshot(async (tx) => {
      const version = await this.calendar.version(tx);
      const years = yearsForEvent(startsAtIso, (await this.calendar.yearSpan(tx))?.last);
      const days = await this.calendar.daysBetween(`${years.fromYear}-01-01`, `${years.toYear}-12-31`, tx);
      return toWorkingCalendar(version, years, days);
    });
  }

  /**
   * An event started while a change was being made may hold the calendar from before it and have
   * been missed by that change's fan-out: it is sent the newer one at once, on behalf of the admin
   * who made the change. Never fails the start: what cannot be told is logged, and the next change
   * tells it.
   */
  async catchUp(event: RunningEvent, givenVersion: string | undefined): Promise<void> {
    try {
      if ((await this.calendar.version()) === givenVersion) return;
      const editor = await this.calendar.lastEditor();
      if (!editor) return;
      const told = await this.tellOne(event, { ...editor, isAdmin: true }, this.forEvent(event.startsAt));
      if ('moved' in told) this.log.log(`Event ${event.id} started during a calendar change and took it`);
    } catch (err) {
      this.log.warn(`Event ${event.id} may count by an older calendar until the next change: ${(err as Error).message}`);
    }
  }

  async year(user: AuthUser, year: number | undefined): Promise<CalendarYear> {
    await this.access.require(user, 'working-calendar.read');
    const y = checkYear(year ?? chinaYearOf(new Date().toISOString()));
    const [days, version] = await Promise.all([this.calendar.daysBetween(`${y}-01-01`, `${y}-12-31`), this.calendar.version()]);
    return { year: y, covered: days.length > 0, notice: days.length > 0 ? null : uncoveredNotice(y), version, days };
  }

  /** Marks one day a holiday (休) or a make-up working day (班), or corrects it. */
  async setDay(user: AuthUser, date: string, entry: Omit<NewDay, 'date'>): Promise<CalendarChangeOutcome> {
    await this.access.require(user, 'working-calendar.edit');
    const day = checkDay({ date, kind: entry.kind, name: entry.name });
    const version = await this.calendar.change(async (tx) => {
      const before = await this.calendar.day(day.date, tx);
      await this.calendar.upsert(tx, [day], 'admin', user.id);
      return this.calendar.record(tx, { action: 'set-day', year: Number(day.date.slice(0, 4)), day: day.date, before: before && shortOf(before), after: shortOf(day), changedBy: user.id });
    });
    this.log.log(`Calendar change ${version}: ${day.date} set ${day.kind}`);
    return this.tellRunningEvents(user, version);
  }

  /** Takes a day out of the table: it counts by its weekday again. */
  async deleteDay(user: AuthUser, date: string): Promise<CalendarChangeOutcome> {
    await this.access.require(user, 'working-calendar.edit');
    const d = checkDate(date);
    const version = await this.calendar.change(async (tx) => {
      const before = await this.calendar.day(d, tx);
      if (!before) throw new DomainError('NOT_FOUND', `工作日历中没有 ${d}`, `${d} is not in the working-day calendar`);
      await this.calendar.delete(tx, d);
      return this.calendar.record(tx, { action: 'delete-day', year: Number(d.slice(0, 4)), day: d, before: shortOf(before), changedBy: user.id });
    });
    this.log.log(`Calendar change ${version}: ${d} removed`);
    return this.tellRunningEvents(user, version);
  }

  /** Enters a whole year at once (the State Council's notice as a list): it replaces what the year had. */
  async setYear(user: AuthUser, year: number, days: NewDay[]): Promise<CalendarChangeOutcome> {
    await this.access.require(user, 'working-calendar.edit');
    const list = checkYearList(year, days);
    const version = await this.calendar.change(async (tx) => {
      const before = await this.calendar.daysBetween(`${year}-01-01`, `${year}-12-31`, tx);
      await this.calendar.deleteYear(tx, year);
      await this.calendar.upsert(tx, list, 'admin', user.id);
      return this.calendar.record(tx, { action: 'set-year', year, before: before.map(shortOf), after: list.map(shortOf), changedBy: user.id });
    });
    this.log.log(`Calendar change ${version}: year ${year} entered, ${list.length} days`);
    return this.tellRunningEvents(user, version);
  }

  /**
   * After the change is committed, each running event is sent its own calendar, a few at a time.
   * An event whose workflow is gone, that refuses (it holds a newer version already, from a change
   * made meanwhile), or whose calendar could not be read, is logged and passed over: the change
   * itself stands, and its answer is a 200 that says what was not told.
   */
  private async tellRunningEvents(user: AuthUser, version: string): Promise<CalendarChangeOutcome> {
    const actor = actorOf(user);
    let events: RunningEvent[];
    try {
      events = await this.calendar.runningEvents();
    } catch (err) {
      this.log.error(`Calendar change ${version} saved, but the running events could not be listed: ${(err as Error).message}`);
      return { version, summary: NONE_TOLD, eventsTold: 0, moved: [], skipped: [] };
    }
    const calendars = new Map<number, Promise<WorkingCalendar>>();
    const calendarOf = (e: RunningEvent) => {
      const year = chinaYearOf(e.startsAt);
      if (!calendars.has(year)) calendars.set(year, this.forEvent(e.startsAt));
      return calendars.get(year)!;
    };
    const answers = await inTurns(events, TELL_CONCURRENCY, (e) => this.tellOne(e, actor, calendarOf(e)));
    const moved = answers.filter((a): a is EventMoves => 'moved' in a && a.moved.length > 0);
    const skipped = answers.filter((a): a is EventSkipped => 'reason' in a);
    const deadlines = moved.reduce((n, e) => n + e.moved.length, 0);
    this.log.log(`Calendar change ${version} told ${events.length} running events: ${deadlines} deadlines moved in ${moved.length}, ${skipped.length} passed over`);
    return {
      version,
      summary: { 'zh-CN': `已调整 ${moved.length} 个活动的 ${deadlines} 项期限`, en: `Moved ${deadlines} deadline${deadlines === 1 ? '' : 's'} in ${moved.length} event${moved.length === 1 ? '' : 's'}` },
      eventsTold: events.length,
      moved,
      skipped,
    };
  }

  /** Sends one event its calendar; never throws: a calendar that could not be read or sent is a reason to pass the event over. */
  private async tellOne(e: RunningEvent, actor: Actor, calendarOf: Promise<WorkingCalendar>): Promise<EventMoves | EventSkipped> {
    try {
      const calendar = await calendarOf;
      const result = await this.temporal.workflow.getHandle(eventWorkflowId(e.id)).executeUpdate(changeCalendarUpdate, { args: [{ actor, calendar }] });
      return { eventId: e.id, title: e.title, moved: result.moved };
    } catch (err) {
      const refusal = asDomainError(err);
      const reason: Bilingual =
        refusal instanceof DomainError ? refusal.text : { 'zh-CN': '未能通知此活动的流程，期限未调整', en: "The event's workflow could not be told; its deadlines did not move" };
      this.log.warn(`Calendar change not taken by event ${e.id}: ${(err as Error).message}`);
      return { eventId: e.id, title: e.title, reason };
    }
  }
}

/** A day as the change record keeps it. */
function shortOf(d: NewDay | CalendarDay): NewDay {
  return { date: d.date, kind: d.kind, name: d.name };
}
