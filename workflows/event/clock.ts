// A durable clock whose deadline can move while it is waited on: the target is read again whenever
// its version changes (a new date for the event), and the wait ends at the target, when the awaited
// thing happens first, or when the run is stopped. Our own take on the shape of Temporal's
// `UpdatableTimer` sample, with "no target yet" (a postponed event) as a first-class state.
import { condition } from '@temporalio/workflow';
import { EventCancelled } from './cancellation';
import type { EventRun } from './run-state';
import type { RelativeTime } from '../template-types';

export const nowIso = (): string => new Date(Date.now()).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface ClockSource {
  /** The instant the clock rings, or null while there is none (the wait goes on until there is). */
  target(): number | null;
  /** Changes whenever the target may have moved. */
  version(): number;
  /** The run is being stopped: the wait ends with EventCancelled. */
  stopped(): boolean;
}

export class UpdatableClock {
  constructor(private readonly source: ClockSource) {}

  /** Waits until the target, or until `done` holds; `onTarget` hears every target it waits for. */
  async ring(done: () => boolean = () => false, onTarget?: (target: number | null) => void): Promise<void> {
    const { source } = this;
    for (;;) {
      if (source.stopped()) throw new EventCancelled();
      if (done()) return;
      const target = source.target();
      onTarget?.(target);
      const seen = source.version();
      const wake = () => source.stopped() || done() || source.version() !== seen;
      if (target === null) {
        await condition(wake);
        continue;
      }
      const ms = target - Date.now();
      if (ms <= 0) return;
      await condition(wake, ms);
    }
  }
}

/** Waits until a condition holds or an event-relative time comes, following every change of date or calendar. */
export function waitUntil(run: EventRun, rt: RelativeTime, stepStartMs: number, done?: () => boolean, onTarget?: (iso: string | null) => void): Promise<void> {
  const clock = new UpdatableClock({
    target: () => run.resolveTime(rt, stepStartMs),
    version: () => run.clockVersion,
    stopped: () => run.cancelling,
  });
  return clock.ring(done, onTarget && ((ms) => onTarget(isoOrNull(ms))));
}

/** Waits until `fn` holds; a cancellation ends the wait with EventCancelled. */
export async function waitFor(run: EventRun, fn: () => boolean): Promise<void> {
  await condition(() => run.cancelling || fn());
  if (run.cancelling) throw new EventCancelled();
}
