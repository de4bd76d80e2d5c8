// A campaign's own events (任务分解, 考核结果审定): each a child event on a template generated for the
// campaign, run by the event interpreter, so it has the event's pages, turns, reminders and
// documents. A campaign cancelled first cancels the event through the event's own Update; an event
// cancelled on its own (by its organiser) stops the campaign.
import { CancellationScope, condition, isCancellation, ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { CampaignEventRequest } from '../../activities/campaign.activities';
import { eventWorkflowId, type EventState, type Person } from '../event-model';
import { eventWorkflow } from '../event.workflow';
import { nowIso } from '../event/clock';
import { campaignActs } from './activity-stubs';
import type { CampaignRun } from './campaign-run';

export interface CampaignEvent {
  eventId: string;
  /** The event's final state, once it has ended. */
  result: Promise<EventState>;
}

/** Starts the campaign's event for `purpose`; `onStarted` hears its id before anything else can happen. */
export async function startCampaignEvent(
  run: CampaignRun,
  ask: Pick<CampaignEventRequest, 'purpose' | 'assessment'>,
  onStarted: (eventId: string) => void,
): Promise<CampaignEvent> {
  const { input } = run;
  const eventInput = await campaignActs.prepareCampaignEvent({
    campaignId: input.campaignId,
    ...ask,
    title: input.title,
    template: input.template,
    units: input.units,
    year: input.year,
    organiser: input.organiser,
    leadUnit: input.leadUnit,
    startsAt: nowIso(),
    calendar: input.calendar,
  });
  const { eventId } = eventInput;
  // Outside the run's cancellation scope: a cancel from Temporal itself must not reach the event as
  // a bare Temporal cancellation, which would leave its tasks open and its row active.
  const child = await CancellationScope.nonCancellable(() =>
    startChild(eventWorkflow, {
      workflowId: eventWorkflowId(eventId),
      args: [eventInput],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    }),
  );
  onStarted(eventId);
  return { eventId, result: settle(run, eventId, child.result()) };
}

/** The event's final state; the campaign cancelled first cancels it through its Update, an event cancelled on its own stops the campaign. */
async function settle(run: CampaignRun, eventId: string, result: Promise<EventState>): Promise<EventState> {
  const first = await Promise.race([result, cancelRequested(run)]);
  if (first) {
    if (first.status === 'cancelled' && !run.cancelling) run.stop();
    return first;
  }
  const { actor, reason } = run.cancellation ?? operatorCancellation(run);
  await CancellationScope.nonCancellable(() => campaignActs.cancelCampaignEvent({ eventId, actor, reason }));
  return result;
}

/** Resolves (to nothing) when the campaign is cancelled, by its Update or by Temporal itself. */
function cancelRequested(run: CampaignRun): Promise<undefined> {
  return condition(() => run.cancelling).then(
    () => undefined,
    (err: unknown) => {
      if (isCancellation(err)) return undefined;
      throw err;
    },
  );
}

/**
 * An operator's `workflow cancel` names nobody in the product: the event's cancellation stands in the
 * organiser's name (the audit trail needs a user), and its reason, which the units read, says what happened.
 */
function operatorCancellation(run: CampaignRun): { actor: Person; reason: string } {
  return { actor: run.input.organiser, reason: '目标任务已由系统运维直接取消 / The campaign was cancelled directly by a system operator' };
}
