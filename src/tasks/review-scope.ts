// What an approval's approvers review: its subject, and the work done since the previous approval.
// For A1's 方案审批 that is the plan (draft-plan) and the budget, venue and guests prepared beside it;
// for 表彰决定审签, the decision and the public-notice period's objections before it.
import type { EventTemplate, Step } from '../../workflows/template-types';

/** The task steps of `steps`, parallel groups opened. */
function workSteps(steps: Step[]): string[] {
  return steps.flatMap((s) => (s.type === 'task' ? [s.id] : s.type === 'parallel' ? s.branches.flatMap((b) => workSteps(b.steps)) : []));
}

/** The sequence that holds the step, searched through parallel branches. */
function sequenceOf(steps: Step[], id: string): Step[] | undefined {
  if (steps.some((s) => s.id === id)) return steps;
  for (const s of steps) {
    if (s.type !== 'parallel') continue;
    for (const b of s.branches) {
      const found = sequenceOf(b.steps, id);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The steps an approval's approvers see, the subject first: the subject, then every task step (in
 * parallel groups too) of the approval's own sequence after the previous approval there, or from
 * the sequence's start. A report's sign-off reviews the report alone.
 */
export function reviewedSteps(template: Pick<EventTemplate, 'steps'>, approvalStepId: string): string[] {
  const sequence = sequenceOf(template.steps, approvalStepId) ?? [];
  const at = sequence.findIndex((s) => s.id === approvalStepId);
  const approval = sequence[at];
  if (!approval || approval.type !== 'approval') return approval?.type === 'report' ? [approval.id] : [];
  let from = at;
  while (from > 0 && sequence[from - 1].type !== 'approval') from--;
  const since = workSteps(sequence.slice(from, at)).filter((id) => id !== approval.subject);
  return [approval.subject, ...since];
}
