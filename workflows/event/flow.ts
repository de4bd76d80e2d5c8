// The walk through a template's steps: each step by its kind, `when` conditions on earlier form
// values, waits until an event-relative time, and parallel branches that join.
import type { Step } from '../template-types';
import { EventCancelled } from './cancellation';
import { waitUntil } from './clock';
import { runNotify } from './notify-step';
import { runReport } from './report-step';
import type { EventRun } from './run-state';
import { runApproval } from './sign-off';
import { runWorkStep } from './task-step';

export async function runSequence(run: EventRun, steps: Step[]): Promise<void> {
  for (const step of steps) await runStep(run, step);
}

function conditionHolds(run: EventRun, step: Step): boolean {
  if (!step.when) return true;
  const value = run.state.values[step.when.step]?.[step.when.field];
  if (step.when.equals !== undefined) return value === step.when.equals;
  if (step.when.notEquals !== undefined) return value !== step.when.notEquals;
  return true;
}

async function runStep(run: EventRun, step: Step): Promise<void> {
  if (run.cancelling) throw new EventCancelled();
  if (!conditionHolds(run, step)) {
    run.finishStep(step.id, 'skipped');
    run.audit({ action: 'step.skipped', stepId: step.id, after: { when: step.when } });
    return;
  }
  switch (step.type) {
    case 'task':
      return runWorkStep(run, step, 'task');
    case 'report':
      return runReport(run, step);
    case 'approval':
      return runApproval(run, step);
    case 'notify':
      return runNotify(run, step);
    case 'wait': {
      run.startStep(step.id);
      await waitUntil(run, step.until, Date.now(), undefined, (iso) => run.setUntil(step.id, iso));
      run.finishStep(step.id);
      return;
    }
    case 'parallel': {
      run.startStep(step.id);
      await Promise.all(step.branches.map((b) => runSequence(run, b.steps)));
      run.finishStep(step.id);
      return;
    }
  }
}
