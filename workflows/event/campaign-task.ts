// A campaign task (任务分解) runs its steps like any event, with two differences. Once its notice is
// out it tells the campaign that started it, whose units can then report without waiting for the
// 签收. And it has no report to archive it: it is archived when its notices' 签收 are settled —
// every unit in, or the 催办 and 督办 of the units that are not sent. Archiving at the receipt
// deadline would drop the 督办 owed after it.
import { condition, getExternalWorkflowHandle, isCancellation, workflowInfo } from '@temporalio/workflow';
import { campaignTaskIssuedSignal } from '../campaign-model';
import { runSequence } from './flow';
import type { EventRun } from './run-state';
import { owedReminders } from './schedule';

const receiptsSettled = (run: EventRun): boolean => !owedReminders(run).some((r) => r.kind === 'receipt' || r.kind === 'receipt-escalation');

export async function runCampaignTask(run: EventRun): Promise<void> {
  const walk = { done: false };
  const walking = runSequence(run, run.template.steps).then(() => {
    walk.done = true;
  });
  await Promise.all([walking, tellCampaign(run, walk)]);
  await condition(() => receiptsSettled(run));
  run.archive();
}

/**
 * Sends the approved values to the parent campaign once the first notice has been issued. A task
 * with no notice (a sign-off alone) tells nothing: its campaign reads its values at its end.
 */
async function tellCampaign(run: EventRun, walk: { done: boolean }): Promise<void> {
  const campaign = workflowInfo().parent;
  // Started on its own (as a test does): nobody to tell.
  if (!campaign) return;
  await condition(() => run.state.notices.length > 0 || walk.done);
  if (!run.state.notices.length) return;
  try {
    await getExternalWorkflowHandle(campaign.workflowId, campaign.runId).signal(campaignTaskIssuedSignal, { eventId: run.state.eventId, values: run.state.values });
  } catch (err) {
    // A campaign that has closed meanwhile has nothing left to start; the task still ends as it should.
    if (isCancellation(err)) throw err;
  }
}
