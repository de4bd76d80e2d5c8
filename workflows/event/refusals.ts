// A refusal as the caller receives it: an ApplicationFailure whose type is the refusal's kind (the
// API maps it to 400, 403, 404, 409 or 429) and whose message is "中文 / English".
import { ApplicationFailure } from '@temporalio/workflow';
import type { EventRun } from './run-state';
import type { EventView, Refusal } from './validators';

export function refuseIf(refusal: Refusal | undefined): void {
  if (!refusal) return;
  throw ApplicationFailure.create({
    type: refusal.kind,
    message: `${refusal.zh} / ${refusal.en}`,
    nonRetryable: true,
    details: refusal.details ? [refusal.details] : undefined,
  });
}

/** What the validators see of the run, now. */
export function viewOf(run: EventRun): EventView {
  return {
    state: run.state,
    stepDefs: run.stepDefs,
    cancelling: run.cancelling,
    dateChanges: run.dateChanges,
    withdrawals: run.withdrawals,
    lastUrged: run.lastUrged,
    urgedAt: run.urgedAt,
    now: Date.now(),
  };
}
