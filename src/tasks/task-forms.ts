// What a person needs on screen to act on a task: the form to fill (a task's own, or the report's
// standard fields plus the template's), and for a sign-off the submission being signed — its
// form and values — all from the template version the event runs.
import { reportForm } from '../../workflows/forms';
import type { EventState } from '../../workflows/event-model';
import type { FormSpec, LocalizedText, Step } from '../../workflows/template-types';
import type { ReadModelRepository } from '../read-model/read-model.repository';

export interface TaskForms {
  form?: FormSpec;
  subject?: {
    stepId: string;
    name: LocalizedText;
    form?: FormSpec;
    values: Record<string, unknown> | null;
    submittedBy: { id: string; displayName: string } | null;
    submittedAt: string | null;
  };
}

export function findStep(steps: Step[], id: string): Step | undefined {
  for (const step of steps) {
    if (step.id === id) return step;
    if (step.type === 'parallel') {
      for (const branch of step.branches) {
        const found = findStep(branch.steps, id);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function formOf(step: Step): FormSpec | undefined {
  if (step.type === 'report') return reportForm(step.form);
  if (step.type === 'task') return step.form ?? { fields: [] };
  return undefined;
}

/** The latest completed submission of a step in the live state (the read model may not have it yet). */
function liveSubmission(state: EventState, stepId: string) {
  const done = state.tasks.filter((t) => t.stepId === stepId && (t.kind === 'task' || t.kind === 'report') && t.status === 'completed');
  const latest = done.sort((a, b) => b.round - a.round || (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))[0];
  return latest && { values: latest.values ?? null, actedBy: latest.actedBy ?? null, closedAt: latest.closedAt ? new Date(latest.closedAt) : null };
}

/** `live`: the event's live state, when the task was found there because the read model lags. */
export async function taskForms(
  readModel: ReadModelRepository,
  task: { eventId: string; stepId: string; kind: string },
  live?: EventState,
): Promise<TaskForms> {
  const template = await readModel.templateOf(task.eventId);
  const step = template ? findStep(template.steps, task.stepId) : undefined;
  if (!template || !step) return {};
  if (task.kind !== 'sign-off') return { form: formOf(step) };

  // An approval step signs off its `subject`; a report's sign-off signs the report itself.
  const subjectStep = step.type === 'approval' ? findStep(template.steps, step.subject) : step;
  if (!subjectStep) return {};
  const submitted = live ? liveSubmission(live, subjectStep.id) : await readModel.latestSubmission(task.eventId, subjectStep.id);
  return {
    subject: {
      stepId: subjectStep.id,
      name: subjectStep.name,
      form: formOf(subjectStep),
      values: submitted?.values ?? null,
      submittedBy: submitted?.actedBy ?? null,
      submittedAt: submitted?.closedAt ? submitted.closedAt.toISOString() : null,
    },
  };
}
