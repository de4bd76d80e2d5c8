// 任务分解: the campaign's allocation runs as a child event on the generated allocation template
// (a task with the allocation table, its sign-off, the official notice with 签收), so it has the
// event's pages, turns, reminders and documents. Its approved table is the campaign's allocation:
// the event sends it once its notice is out, and the units start then, while the event runs on
// through its 签收. The campaign waits for the event's end all the same.
import { ApplicationFailure, CancellationScope, condition, setHandler } from '@temporalio/workflow';
import { ALLOCATION_FIELD, ALLOCATION_STEP, campaignTaskIssuedSignal } from '../campaign-model';
import type { Allocation } from '../campaign-types';
import type { EventState } from '../event-model';
import type { FormValues } from '../forms';
import { startCampaignEvent } from './campaign-event';
import type { CampaignRun } from './campaign-run';

export interface Allocated {
  /** The approved table, as the notice gave it to the units. */
  table: Allocation;
  /** Resolves once the allocation event has ended; if it was cancelled, the campaign has been stopped. */
  ended: Promise<void>;
}

/** The approved allocation once its notice is out, or undefined when the event (or the campaign) was cancelled first. */
export async function allocate(run: CampaignRun): Promise<Allocated | undefined> {
  let eventId: string | undefined;
  let issued: Record<string, FormValues> | undefined;
  setHandler(campaignTaskIssuedSignal, (s) => {
    if (s.eventId === eventId) issued = s.values;
  });
  const event = await startCampaignEvent(run, { purpose: 'allocation' }, (id) => {
    eventId = id;
    run.allocationStarted(id);
  });

  const final: { state?: EventState } = {};
  const ended = event.result.then((state) => {
    final.state = state;
  });
  // Waited out even when Temporal cancels the run: the event is then cancelled first, through its Update.
  await CancellationScope.nonCancellable(() => condition(() => issued !== undefined || final.state !== undefined));
  // An event that ended without telling (no parent to tell when it started) still has its values.
  const values = issued ?? (final.state?.status === 'archived' ? final.state.values : undefined);
  if (!values || run.cancelling) {
    await ended;
    return undefined;
  }
  return { table: allocationIn(values, event.eventId), ended };
}

function allocationIn(values: Record<string, FormValues>, eventId: string): Allocation {
  const allocation = values[ALLOCATION_STEP]?.[ALLOCATION_FIELD] as Allocation | undefined;
  if (!allocation) throw ApplicationFailure.nonRetryable(`The allocation event ${eventId} issued its notice without an approved allocation`, 'AllocationMissing');
  return allocation;
}
