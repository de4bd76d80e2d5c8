// The city's side of a campaign (目标管理): the targets split among the units by a child event
// (任务分解), a child workflow per unit for the year, then the year-end assessment (年度考核) and the
// archive. Cancelled by an Update at any point before the archive. The parts are in ./campaign/.
import { allHandlersFinished, CancellationScope, condition, isCancellation, setHandler } from '@temporalio/workflow';
import { campaignStateQuery, cancelCampaignUpdate, type CampaignState, type CampaignWorkflowInput } from './campaign-model';
import { allocate } from './campaign/allocation-run';
import { approveAssessment } from './campaign/assessment-run';
import { assessmentTable } from './campaign/assessment-table';
import { CampaignRun } from './campaign/campaign-run';
import { cancelCampaignRefusal } from './campaign/refusals';
import { runUnits } from './campaign/units-run';
import { refuseIf } from './event/refusals';

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignState> {
  const run = new CampaignRun(input);
  setHandler(campaignStateQuery, () => run.state);
  setHandler(
    cancelCampaignUpdate,
    async ({ actor, reason }) => {
      run.acceptCancellation(actor, reason);
      await condition(() => run.closed);
      return run.state;
    },
    { validator: (cancel) => refuseIf(cancelCampaignRefusal(run.state, run.cancelling, cancel)) },
  );

  // The read model hears the end of the run even when the run itself is being cancelled.
  const syncing = CancellationScope.nonCancellable(() => run.syncLoop());
  try {
    await runYear(run);
  } catch (err) {
    // Cancelled from Temporal itself rather than through the Update (an operator's `workflow
    // cancel`): the units are closed by Temporal, and the campaign is recorded as cancelled all the same.
    if (!isCancellation(err)) throw err;
    run.cancel();
  }
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  run.finished = true;
  await syncing;
  return run.state;
}

async function runYear(run: CampaignRun): Promise<void> {
  const allocation = await allocate(run);
  // The units start once the targets are issued; the allocation event is done once its 签收 are settled too.
  const [units] = allocation ? await Promise.all([runUnits(run, allocation.table), allocation.ended]) : [];
  if (!units) return run.cancel();
  const table = assessmentTable(run.input.template, units);
  run.assessed(table);
  // The table signed off and reported (考核结果审定), then the campaign's record is archived with it.
  if (!(await approveAssessment(run, table))) return run.cancel();
  run.archive();
}
