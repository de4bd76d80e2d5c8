// What a person needs on screen to act on a task: the form to fill (a task's own, or the report's
// standard fields plus the template's) and the values it starts from; for a sign-off the whole
// submission under review; for both, every round so far — all from the template version the event
// runs, and all cut down to what the caller may see.
import { reportForm } from '../../workflows/forms';
import type { EventState, Person, TaskState } from '../../workflows/event-model';
import type { EventTemplate, FormSpec, LocalizedText, Step } from '../../workflows/template-types';
import type { Values } from '../access/event-view';
import { handedOnTo, type Handoff, type HandoffSource } from '../templates/handoff';
import { prefillValues } from './receipt-prefill';
import { reportFacts, reportPrefill, type FactSource, type ReportFact } from './report-prefill';
import { reviewedSteps } from './review-scope';
import { previousSubmission, returnedWith, submissionRounds, type ReturnedWith, type SubmissionRound, type WithdrawalEntry } from './task-rounds';

/** A step's latest submission, as a sign-off shows it. */
export interface Submission {
  stepId: string;
  name: LocalizedText;
  form?: FormSpec;
  values: Record<string, unknown> | null;
  submittedBy: Person | null;
  submittedAt: string | null;
}

/**
 * Where an open form starts (the web app puts the person's own draft before it):
 * the step's previous round after 退回 or 撤回, else the template's prefill from receipts, else what
 * the event copied at its start from an earlier one (M2 ← A1), else (a report) what the workflow knows of the event.
 */
export interface StartFrom {
  source: 'previous-round' | 'receipts' | 'handoff' | 'workflow';
  values: Record<string, unknown>;
  /** `handoff`: the earlier events the values were copied from when this event started (M2 ← A1's decision). */
  from?: HandoffSource[];
  /**
   * Fields left out of `values` because the caller sees them masked (a personal field, a text with an
   * ID number in it): submitted back, the mask would overwrite the real value. To be filled in again.
   */
  withheld: string[];
}

export interface TaskForms {
  form?: FormSpec;
  /** A sign-off: the submission it is about. */
  subject?: Submission;
  /** A sign-off: the rest of the work under review (reviewedSteps), each step's latest submission. */
  related: Submission[];
  /** The rounds of the step signed off (the task's own, or a sign-off's subject). */
  rounds: SubmissionRound[];
  startFrom: StartFrom | null;
  returned: ReturnedWith | null;
  /** A report: what the workflow's record says of the event (自动汇总), shown beside the form. */
  facts: ReportFact[];
}

/** What the caller may see, as their EventView says. */
export interface ValuesLens {
  canReadStep(stepId: string): boolean;
  stepValues(stepId: string, values: Values | null | undefined, writers?: string[]): Values | undefined;
  receiptValues(noticeStepId: string, unitCode: string, values: Values | null | undefined): Values | undefined;
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

/** The form a task or report step fills in; none for other steps. */
export function formOf(step: Step): FormSpec | undefined {
  if (step.type === 'report') return reportForm(step.form);
  if (step.type === 'task') return step.form ?? { fields: [] };
  return undefined;
}

type ShownTask = Pick<TaskState, 'id' | 'stepId' | 'kind' | 'round' | 'status' | 'createdAt'>;

const writersOf = (p: Person | null | undefined) => (p ? [p.id] : []);

function latestSubmission(state: Pick<EventState, 'tasks'>, step: Step, lens: ValuesLens): Submission | undefined {
  const done = state.tasks.filter((t) => t.stepId === step.id && t.kind !== 'sign-off' && t.status === 'completed');
  const latest = done.sort((a, b) => b.round - a.round || (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))[0];
  return {
    stepId: step.id,
    name: step.name,
    form: formOf(step),
    values: lens.stepValues(step.id, latest?.values ?? null, writersOf(latest?.actedBy)) ?? null,
    submittedBy: latest?.actedBy ?? null,
    submittedAt: latest?.closedAt ?? null,
  };
}

/** The fields whose shown value is not the stored one: masked for the caller. */
function maskedKeys(stored: Record<string, unknown> | null | undefined, shown: Record<string, unknown> | null | undefined): string[] {
  return Object.keys(stored ?? {}).filter((key) => JSON.stringify(stored![key]) !== JSON.stringify(shown?.[key]));
}

/**
 * Rounds as the caller may see them: values masked or withheld, opinions only on readable sign-offs.
 * `changes` tell no more than the values do: none where the values are withheld, and no field masked
 * in either round compared (that it changed would say something of a value the caller may not read).
 */
function shownRounds(rounds: SubmissionRound[], stepId: string, signOffStepOf: Map<string, string>, lens: ValuesLens): SubmissionRound[] {
  const readable = lens.canReadStep(stepId);
  const shown = rounds.map((r) => lens.stepValues(stepId, r.values, writersOf(r.submittedBy)) ?? null);
  const masked = rounds.map((r, i) => new Set(maskedKeys(r.values, shown[i])));
  return rounds.map((r, i) => ({
    ...r,
    values: shown[i],
    changes: readable ? r.changes.filter((c) => !masked[i].has(c.key) && !masked[i - 1]?.has(c.key)) : [],
    decisions: r.decisions.map((d) => ({ ...d, comment: lens.canReadStep(signOffStepOf.get(d.taskId) ?? '') ? d.comment : null })),
    withdrawn: r.withdrawn && { ...r.withdrawn, comment: lens.canReadStep(stepId) ? r.withdrawn.comment : null },
  }));
}

interface Seen {
  stored: Record<string, unknown>;
  shown: Record<string, unknown>;
}

/** The prefill, from the stored and from the shown values of the receipts of its notice's latest round that the caller may read. */
function fromReceipts(step: Step, state: Pick<EventState, 'notices'>, lens: ValuesLens): Seen | undefined {
  if (step.type !== 'task' || !step.prefill) return undefined;
  const { fromReceipts: noticeStepId } = step.prefill;
  const notice = state.notices.filter((n) => n.stepId === noticeStepId).sort((a, b) => b.round - a.round)[0];
  if (!notice) return undefined;
  const readable = (notice.receipts ?? [])
    .filter((r) => r.status === 'acknowledged')
    .flatMap((r) => {
      const shown = lens.receiptValues(noticeStepId, r.unitCode, r.values);
      return shown ? [{ stored: r.values!, shown }] : [];
    });
  return {
    stored: prefillValues(step.prefill, step.form, readable.map((r) => r.stored)),
    shown: prefillValues(step.prefill, step.form, readable.map((r) => r.shown)),
  };
}

/** A form starts from what the caller sees, less every masked field: it starts blank instead. */
function startingFrom(source: StartFrom['source'], { stored, shown }: Seen): StartFrom {
  const withheld = maskedKeys(stored, shown);
  return { source, values: Object.fromEntries(Object.entries(shown).filter(([key]) => !withheld.includes(key))), withheld };
}

/** The event's facts as the caller may see them: each step's latest submission through the lens. */
function factSource(state: Pick<EventState, 'tasks' | 'notices'>, lens: ValuesLens): FactSource {
  return {
    notices: state.notices.map((n) => ({ ...n, docNumber: n.docNumber ?? null, receipts: (n.receipts ?? []).map((r) => ({ ...r, late: !!r.late })) })),
    latestValues: (stepId) => {
      const done = state.tasks.filter((t) => t.stepId === stepId && t.kind !== 'sign-off' && t.status === 'completed');
      const latest = done.sort((a, b) => b.round - a.round || (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))[0];
      return latest && lens.canReadStep(stepId) ? lens.stepValues(stepId, latest.values ?? null, writersOf(latest.actedBy)) : undefined;
    },
  };
}

function startFromOf(
  steps: Step[],
  step: Step,
  state: Pick<EventState, 'tasks' | 'notices'>,
  task: ShownTask,
  lens: ValuesLens,
  handedOn?: ReturnType<typeof handedOnTo>,
): StartFrom | null {
  if (task.status !== 'open') return null;
  const previous = previousSubmission(state.tasks, task);
  const stored = previous?.values ?? {};
  const shown = previous ? lens.stepValues(step.id, stored, writersOf(previous.actedBy)) : undefined;
  if (shown) return startingFrom('previous-round', { stored, shown });
  const prefilled = lens.canReadStep(step.id) ? fromReceipts(step, state, lens) : undefined;
  if (prefilled) return startingFrom('receipts', prefilled);
  const handed = handedOn && lens.canReadStep(step.id) ? lens.stepValues(step.id, handedOn.values) : undefined;
  if (handed) return { ...startingFrom('handoff', { stored: handedOn!.values, shown: handed }), from: handedOn!.from };
  if (step.type !== 'report' || !lens.canReadStep(step.id)) return null;
  const known = reportPrefill(steps, factSource(state, lens));
  return Object.keys(known).length ? { source: 'workflow', values: known, withheld: [] } : null;
}

/** A task's `shows`: the earlier steps it is about (异议核查处理 → 公示期), each one's latest submission. */
function shownSteps(template: EventTemplate, step: Step, state: Pick<EventState, 'tasks'>, lens: ValuesLens): Submission[] {
  const shows = step.type === 'task' ? (step.shows ?? []) : [];
  return shows.flatMap((id) => {
    const shown = findStep(template.steps, id);
    return shown ? [latestSubmission(state, shown, lens)!] : [];
  });
}

/**
 * `state`: the event's tasks and notices, live or from the read model; `withdrawals` from its audit
 * trail; `handoffs`: what the event copied at its start from earlier events.
 */
export function taskForms(
  template: EventTemplate | undefined,
  state: Pick<EventState, 'tasks' | 'notices'>,
  task: ShownTask,
  lens: ValuesLens,
  withdrawals: readonly WithdrawalEntry[] = [],
  handoffs: readonly Handoff[] = [],
): TaskForms {
  const none: TaskForms = { related: [], rounds: [], startFrom: null, returned: null, facts: [] };
  const step = template ? findStep(template.steps, task.stepId) : undefined;
  if (!template || !step) return none;
  const signOffStepOf = new Map(state.tasks.map((t) => [t.id, t.stepId]));

  if (task.kind !== 'sign-off') {
    const returned = returnedWith(template, state.tasks, task, withdrawals);
    return {
      form: formOf(step),
      related: shownSteps(template, step, state, lens),
      rounds: shownRounds(submissionRounds(state.tasks, step.id, formOf(step), withdrawals), step.id, signOffStepOf, lens),
      startFrom: startFromOf(template.steps, step, state, task, lens, handedOnTo(template, step, handoffs)),
      returned: returned && { ...returned, comment: lens.canReadStep(returned.stepId) ? returned.comment : null },
      facts: step.type === 'report' && lens.canReadStep(step.id) ? reportFacts(template.steps, factSource(state, lens)) : [],
    };
  }

  // An approval step signs off its `subject` (with the work since the previous approval); a report's sign-off signs the report itself.
  const subjectStep = step.type === 'approval' ? findStep(template.steps, step.subject) : step;
  if (!subjectStep) return none;
  const related = reviewedSteps(template, step.id)
    .filter((id) => id !== subjectStep.id)
    .map((id) => findStep(template.steps, id))
    .flatMap((s) => (s ? [latestSubmission(state, s, lens)!] : []))
    .filter((s) => s.submittedAt !== null);
  return {
    ...none,
    subject: latestSubmission(state, subjectStep, lens),
    related,
    rounds: shownRounds(submissionRounds(state.tasks, subjectStep.id, formOf(subjectStep), withdrawals), subjectStep.id, signOffStepOf, lens),
  };
}
