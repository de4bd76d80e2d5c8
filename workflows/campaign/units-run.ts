// The campaign's running year: one child workflow per unit (ids from campaign and unit, so a second
// start is refused by Temporal), started a batch at a time, each returning its state at its close.
import { CancellationScope, ChildWorkflowCancellationType, isCancellation, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { unitCampaignWorkflowId, type UnitCampaignState } from '../campaign-model';
import type { Allocation } from '../campaign-types';
import type { CampaignRun } from './campaign-run';
import { unitCampaignWorkflow } from './unit.workflow';

/** Children started at once: 40 districts go in four steps, no burst of 40 commands in one task. */
const START_BATCH = 10;

/** The units' states at their close, or undefined when the campaign was cancelled meanwhile. */
export async function runUnits(run: CampaignRun, allocation: Allocation): Promise<UnitCampaignState[] | undefined> {
  run.allocated(allocation);
  // The units' rows exist before any report can be written against them.
  await run.synced();
  if (run.cancelling) return undefined;
  const scope = new CancellationScope();
  run.stopUnits = () => scope.cancel();
  // Stopped by the cancel Update, or by a cancellation of the whole run that reached this scope.
  const stopped = () => run.cancelling || scope.consideredCancelled;
  try {
    const states = await scope.run(() => startAndAwait(run, allocation));
    return stopped() ? undefined : states;
  } catch (err) {
    if (stopped() && isCancellation(err)) return undefined;
    throw err;
  } finally {
    run.stopUnits = undefined;
  }
}

async function startAndAwait(run: CampaignRun, allocation: Allocation): Promise<UnitCampaignState[]> {
  const { input, state } = run;
  const handles = [];
  for (let i = 0; i < input.units.length; i += START_BATCH) {
    const batch = input.units.slice(i, i + START_BATCH);
    handles.push(
      ...(await Promise.all(
        batch.map((unit) =>
          startChild(unitCampaignWorkflow, {
            workflowId: unitCampaignWorkflowId(input.campaignId, unit.code),
            args: [
              {
                campaignId: input.campaignId,
                title: input.title,
                year: input.year,
                template: input.template,
                unit,
                targets: allocation[unit.code] ?? {},
                periods: state.periods,
                startedAt: run.unitsStartedAt!,
                leadUnit: input.leadUnit,
                organiser: state.organiser,
                calendar: input.calendar,
              },
            ],
            // A cancelled campaign closes its units; each records its close before it ends.
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
            cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
          }),
        ),
      )),
    );
  }
  return Promise.all(handles.map((h) => h.result()));
}
