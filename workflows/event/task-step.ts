// A task step, and the work part of a report: assigned, then completed by an assignee with the
// form's values.
import type { Person, TaskKind } from '../event-model';
import type { ReportStep, TaskStep } from '../template-types';
import { waitFor } from './clock';
import { resolvePeople, uniquePeople } from './people';
import { workPost } from './posts';
import type { EventRun } from './run-state';

export async function runWorkStep(run: EventRun, step: TaskStep | ReportStep, kind: TaskKind, assignTo?: Person): Promise<void> {
  const s = run.startStep(step.id);
  const [people] = assignTo ? [[assignTo]] : await resolvePeople(run, [step.assignee]);
  const assignees = people.length ? people : [run.input.organiser];
  const t = run.openTask(
    { stepId: step.id, kind, round: s.round, name: step.name, assignees, post: workPost(step.assignee, run.input.leadUnit), pool: uniquePeople(assignees) },
    step.due,
  );
  await waitFor(run, () => t.status !== 'open');
  run.recordValues(step.id, t.values);
  run.finishStep(step.id);
}
