// What a person needs on screen to act on a task: the form to fill (a task's own, or the report's
// standard fields plus the template's), and for a sign-off the submission being signed — its
// form and values — all from the template version the event runs.
import type { DataSource } from 'typeorm';
import { reportForm } from '../../workflows/forms';
import type { EventTemplate, FormSpec, LocalizedText, Step } from '../../workflows/template-types';

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

export async function taskForms(db: DataSource, task: { eventId: string; stepId: string; kind: string }): Promise<TaskForms> {
  const [version] = await db.query<{ content: EventTemplate }[]>(
    `SELECT tv.content FROM template_versions tv
       JOIN events e ON e.template_code = tv.code AND e.template_version = tv.version
      WHERE e.id = $1`,
    [task.eventId],
  );
  const step = version ? findStep(version.content.steps, task.stepId) : undefined;
  if (!step) return {};
  if (task.kind !== 'sign-off') return { form: formOf(step) };

  // An approval step signs off its `subject`; a report's sign-off signs the report itself.
  const subjectStep = step.type === 'approval' ? findStep(version.content.steps, step.subject) : step;
  if (!subjectStep) return {};
  const [submitted] = await db.query<{ values: Record<string, unknown> | null; actedBy: { id: string; displayName: string } | null; closedAt: string | null }[]>(
    `SELECT form_values AS values, acted_by AS "actedBy", closed_at AS "closedAt" FROM tasks
      WHERE event_id = $1 AND step_id = $2 AND kind IN ('task', 'report') AND status = 'completed'
      ORDER BY round DESC, closed_at DESC LIMIT 1`,
    [task.eventId, subjectStep.id],
  );
  return {
    subject: {
      stepId: subjectStep.id,
      name: subjectStep.name,
      form: formOf(subjectStep),
      values: submitted?.values ?? null,
      submittedBy: submitted?.actedBy ?? null,
      submittedAt: submitted?.closedAt ?? null,
    },
  };
}
