// The baselines: what Temporal alone does for the same work, on the same servers, in the same run.
// Deterministic code only, like workflows/.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

/** Starts and completes: what `client.workflow.start` is measured against. */
export async function noopWorkflow(): Promise<void> {}

export const approveBaselineUpdate = defineUpdate<string, [string]>('approve');
export const finishBaselineUpdate = defineUpdate<void>('finish');

/** Waits for Updates: one answers at once, as a minimal sign-off would; another ends the run. */
export async function updateWorkflow(): Promise<void> {
  let done = false;
  setHandler(approveBaselineUpdate, (who) => `approved by ${who}`);
  setHandler(finishBaselineUpdate, () => {
    done = true;
  });
  await condition(() => done);
}

const { noop } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

/** Runs as many activities, one after another, as an event lifecycle does. */
export async function activitiesWorkflow(count: number): Promise<number> {
  for (let i = 0; i < count; i++) await noop(i);
  return count;
}
