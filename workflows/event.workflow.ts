// The one interpreter that runs every event template: it walks the template's steps (tasks,
// sign-off chains, notices, waits, parallel groups, the report), answers human actions through
// validated Updates, keeps date-relative deadlines in step with the event's date, and mirrors what
// happens into the read model through an activity. The parts are in ./event/.
import { allHandlersFinished, CancellationScope, condition, isCancellation, patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { EventState, EventWorkflowInput } from './event-model';
import { LEAD_UNIT, TEMPLATE_CODE } from './search-attributes';
import { runCampaignTask } from './event/campaign-task';
import { closeCancelled, EventCancelled } from './event/cancellation';
import { DateChanges } from './event/date-changes';
import { setEventHandlers } from './event/event-handlers';
import { runSequence } from './event/flow';
import { reminderLoop } from './event/reminder-loop';
import { EventRun } from './event/run-state';
import { syncLoop } from './event/sync';
import { setTaskHandlers } from './event/task-handlers';

export async function eventWorkflow(input: EventWorkflowInput): Promise<EventState> {
  const { template } = input;
  const run = new EventRun(input);
  const dates = new DateChanges(run);
  setEventHandlers(run, dates);
  setTaskHandlers(run);

  upsertSearchAttributes([
    { key: TEMPLATE_CODE, value: template.code },
    { key: LEAD_UNIT, value: input.leadUnit },
  ]);
  run.publishStatus();
  run.audit({ actor: input.organiser, action: 'event.started', after: { templateCode: template.code, templateVersion: template.version, startsAt: run.state.startsAt, endsAt: run.state.endsAt } });
  const syncing = syncLoop(run);
  // Runs started before reminders existed replay without them.
  const reminding = patched('reminders') ? reminderLoop(run) : Promise.resolve();
  // Leaving deciders out of later levels can ask the directory for a superior an old run never asked for.
  run.separateDuties = patched('separation-of-duties');
  const noticing = dates.coalescing ? dates.loop() : Promise.resolve();
  // The steps run in a scope that a cancellation cancels: their timers and lookups stop at once.
  // Runs started before it stop at their next wait, as they always did.
  const steps = patched('cancellation-scope') ? new CancellationScope() : undefined;
  if (steps) run.stopSteps = () => steps.cancel();
  try {
    // No template of an older run is a campaign task: their histories take no new path.
    const walk = () => (template.kind === 'campaign-task' ? runCampaignTask(run) : runSequence(run, template.steps));
    await (steps ? steps.run(walk) : walk());
  } catch (err) {
    if (!(err instanceof EventCancelled) && !(run.cancelling && isCancellation(err))) throw err;
    await closeCancelled(run, dates);
  }
  // Let in-flight actions (the last approval, a cancel) answer before the workflow completes.
  await condition(allHandlersFinished);
  // A change of date still in its window is told before the run ends.
  if (dates.coalescing) await dates.flush();
  run.changed();
  run.finished = true;
  await Promise.all([syncing, reminding, noticing]);
  return run.state;
}
