// Changes of the event's date (改期, 延期, 恢复) and how people hear of them: a change is told once
// its window closes, with the date as it then stands, so a burst of changes reaches each person
// once, and one that ends where it began not at all. Runs started without a window (before it
// existed) tell each change at once, as they always did.
import { condition } from '@temporalio/workflow';
import type { EventState, PostponeInput, RescheduleInput } from '../event-model';
import { tellEveryone } from './announcements';
import type { EventRun } from './run-state';
import { recordMoves, scheduleBeforeMove } from './schedule';
import { synced } from './sync';

type Told = Pick<EventState, 'status' | 'startsAt' | 'endsAt'>;

export class DateChanges {
  /** A change of date people have not been told of yet, and when its window closes. */
  private untold: { dueAt: number; reason?: string } | undefined;
  private flushing = false;
  private telling = false;
  /** The date people were last told: a burst of changes that ends where it began is no news. */
  private told: Told;

  constructor(private readonly run: EventRun) {
    this.told = { status: 'active', startsAt: run.input.startsAt, endsAt: run.input.endsAt };
  }

  /** Whether changes wait for their window (runs started with DATE_CHANGE_NOTICE_WINDOW). */
  get coalescing(): boolean {
    return this.run.input.dateChangeNoticeWindowMs !== undefined;
  }

  async move({ actor, startsAt, endsAt, reason }: RescheduleInput, action: 'event.rescheduled' | 'event.resumed'): Promise<EventState> {
    const { run } = this;
    const { state } = run;
    const before = { startsAt: state.startsAt, endsAt: state.endsAt, status: state.status };
    const scheduleBefore = scheduleBeforeMove(run);
    run.setDates(startsAt, endsAt);
    recordMoves(run, scheduleBefore);
    run.publishStatus();
    run.audit({ actor, action, before, after: { startsAt: state.startsAt, endsAt: state.endsAt, status: state.status }, comment: reason });
    await this.tell(action === 'event.resumed' ? 'resumed' : 'rescheduled', reason);
    await synced(run);
    return state;
  }

  async postpone({ actor, reason }: PostponeInput): Promise<EventState> {
    const { run } = this;
    const { state } = run;
    const before = { status: state.status, startsAt: state.startsAt };
    const scheduleBefore = scheduleBeforeMove(run);
    run.postpone();
    recordMoves(run, scheduleBefore);
    run.publishStatus();
    run.audit({ actor, action: 'event.postponed', before, after: { status: state.status }, comment: reason });
    await this.tell('postponed', reason);
    await synced(run);
    return state;
  }

  private async tell(what: 'rescheduled' | 'postponed' | 'resumed', reason?: string): Promise<void> {
    const window = this.run.input.dateChangeNoticeWindowMs;
    if (window === undefined) return tellEveryone(this.run, what, reason);
    this.untold = { dueAt: this.untold?.dueAt ?? Date.now() + window, reason: reason?.trim() ? reason : this.untold?.reason };
  }

  private async tellAsItStands(reason?: string): Promise<void> {
    const { state } = this.run;
    const was = this.told;
    const now = { status: state.status, startsAt: state.startsAt, endsAt: state.endsAt };
    this.told = now;
    const what =
      now.status === 'postponed'
        ? was.status === 'postponed' ? undefined : 'postponed'
        : was.status === 'postponed'
          ? 'resumed'
          : was.startsAt === now.startsAt && was.endsAt === now.endsAt ? undefined : 'rescheduled';
    if (what) await tellEveryone(this.run, what, reason);
  }

  /** Tells each change once its window closes, until the run has finished. */
  async loop(): Promise<void> {
    for (;;) {
      await condition(() => this.untold !== undefined || this.run.finished);
      if (!this.untold) return;
      const wait = this.untold.dueAt - Date.now();
      if (wait > 0) await condition(() => this.untold === undefined || this.flushing, wait);
      // A cancellation accepted as the window closed (in the same workflow task): the change is moot,
      // and must not go out just ahead of the CANCEL.
      if (this.run.cancelling) this.untold = undefined;
      const pending = this.untold;
      if (!pending) continue; // a cancellation dropped it
      this.untold = undefined;
      this.telling = true;
      try {
        await this.tellAsItStands(pending.reason);
      } finally {
        this.telling = false;
      }
    }
  }

  /** A cancellation makes a change not yet told moot. */
  drop(): void {
    this.untold = undefined;
  }

  /** A change still in its window is told before the run ends. */
  async flush(): Promise<void> {
    this.flushing = true;
    await condition(() => this.untold === undefined && !this.telling);
  }
}
