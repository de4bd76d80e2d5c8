// Cancelling an event (取消活动): from the moment a cancellation is accepted the steps stop, the
// CANCEL goes to everyone concerned, then what was open is closed.
import { condition, log } from '@temporalio/workflow';
import { tellEveryone } from './announcements';
import type { DateChanges } from './date-changes';
import type { EventRun } from './run-state';

/** Thrown inside the step runners once the event is cancelled; caught where the steps are run. */
export class EventCancelled extends Error {}

/** After the steps stopped for a cancellation: tell everyone, then close what was open. */
export async function closeCancelled(run: EventRun, dates: DateChanges): Promise<void> {
  // A parallel group stops as soon as one branch is cancelled, while another may still be sending a
  // notice: its units are told only once it is recorded. (Runs started before the scope did not wait.)
  if (run.stopSteps) await condition(() => run.deliveriesInFlight === 0);
  const openTasks = run.beginClosing();
  dates.drop(); // a change of date not yet told is moot now
  await tellEveryone(run, 'cancelled', run.state.cancelReason);
  run.closeCancelled(openTasks);
  run.publishStatus();
  log.info('Event cancelled', { eventId: run.state.eventId });
}
