// The post-event report (活动总结): written, signed off, and then the event is archived.
import type { ReportStep } from '../template-types';
import { signOff } from './sign-off';
import type { EventRun } from './run-state';
import { runWorkStep } from './task-step';

export async function runReport(run: EventRun, step: ReportStep): Promise<void> {
  await runWorkStep(run, step, 'report');
  run.reopenStep(step.id); // still open while its sign-off runs
  await signOff(run, step.id, step.signOff.levels, step.id, step.id);
  run.finishStep(step.id);
  run.archive(step.id);
}
