// Rounds (第几轮) of a step that is signed off: each submission, the approvers' opinions on it, and
// what changed since the round before; and what a resubmission after 退回 or 撤回 starts from.
// Pure functions over the event's tasks, so the live state and the read model answer alike.
import type { Person, TaskState } from '../../workflows/event-model';
import type { EventTemplate, FormSpec, LocalizedText, Step } from '../../workflows/template-types';

export type FieldChangeKind = 'changed' | 'added' | 'removed';
export interface FieldChange {
  key: string;
  change: FieldChangeKind;
}

/** An approver's part in a round: approved or 退回 with the comment, or still to decide. */
export interface RoundDecision {
  taskId: string;
  level: number | null;
  levelName: LocalizedText | null;
  status: 'approved' | 'rejected' | 'open';
  /** Who decided; while open, who may. */
  people: Person[];
  at: string | null;
  comment: string | null;
}

/** The submitter took the submission back (撤回). */
export interface Withdrawal {
  by: Person | null;
  at: string;
  comment: string | null;
}

export interface SubmissionRound {
  round: number;
  taskId: string;
  submittedBy: Person | null;
  submittedAt: string | null;
  values: Record<string, unknown> | null;
  /** Against the round before; empty for the first. */
  changes: FieldChange[];
  decisions: RoundDecision[];
  withdrawn: Withdrawal | null;
}

/** Why the work came back: the 退回 (with the approver's comment) or the 撤回 that ended the last round. */
export interface ReturnedWith {
  how: 'rejected' | 'withdrawn';
  /** The sign-off step (审批) it came back from. */
  stepId: string;
  by: Person | null;
  at: string;
  comment: string | null;
  levelName: LocalizedText | null;
}

/** A withdrawal as the audit trail records it (sign-off.withdrawn, on one of the round's sign-offs). */
export interface WithdrawalEntry {
  taskId: string | null;
  actor: Person | null;
  at: string;
  comment: string | null;
}

type Task = Pick<TaskState, 'id' | 'stepId' | 'kind' | 'round' | 'status' | 'assignees' | 'createdAt' | 'closedAt' | 'actedBy' | 'comment' | 'values' | 'level' | 'levelName' | 'subjectTaskId'>;

const isWork = (t: Task) => t.kind === 'task' || t.kind === 'report';
const byClose = (a: Task, b: Task) => a.round - b.round || (a.closedAt ?? '').localeCompare(b.closedAt ?? '');

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Field by field, in the form's order (then any key the form no longer has). */
export function diffValues(form: FormSpec | undefined, before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const keys = [...new Set([...(form?.fields ?? []).map((f) => f.key), ...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const was = before?.[key];
    const now = after?.[key];
    if (isEmpty(was) && isEmpty(now)) continue;
    if (isEmpty(was)) changes.push({ key, change: 'added' });
    else if (isEmpty(now)) changes.push({ key, change: 'removed' });
    else if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ key, change: 'changed' });
  }
  return changes;
}

/** Every submission of a work step, oldest first, with the opinions on each and its changes. */
export function submissionRounds(tasks: readonly Task[], stepId: string, form: FormSpec | undefined, withdrawals: readonly WithdrawalEntry[] = []): SubmissionRound[] {
  const submissions = tasks.filter((t) => t.stepId === stepId && isWork(t) && t.status === 'completed').sort(byClose);
  return submissions.map((s, i) => {
    const signOffs = tasks
      .filter((t) => t.kind === 'sign-off' && t.subjectTaskId === s.id)
      .sort((a, b) => (a.level ?? 0) - (b.level ?? 0) || a.createdAt.localeCompare(b.createdAt));
    const ids = new Set(signOffs.map((t) => t.id));
    const withdrawal = withdrawals.find((w) => w.taskId !== null && ids.has(w.taskId));
    return {
      round: i + 1,
      taskId: s.id,
      submittedBy: s.actedBy ?? null,
      submittedAt: s.closedAt ?? null,
      values: s.values ?? null,
      changes: i === 0 ? [] : diffValues(form, submissions[i - 1].values ?? null, s.values ?? null),
      decisions: signOffs.flatMap(decisionOf),
      withdrawn: withdrawal ? { by: withdrawal.actor, at: withdrawal.at, comment: withdrawal.comment } : null,
    };
  });
}

/** Sign-offs closed without a decision (the rest of a level once one rejected, a withdrawn round) say nothing. */
function decisionOf(t: Task): RoundDecision[] {
  if (t.status !== 'approved' && t.status !== 'rejected' && t.status !== 'open') return [];
  const decided = t.status !== 'open';
  return [
    {
      taskId: t.id,
      level: t.level ?? null,
      levelName: t.levelName ?? null,
      status: t.status,
      people: decided ? (t.actedBy ? [t.actedBy] : []) : t.assignees,
      at: decided ? (t.closedAt ?? null) : null,
      comment: t.comment ?? null,
    },
  ];
}

/** The values a task of a later round starts from: the step's latest submission before it. */
export function previousSubmission(tasks: readonly Task[], task: Pick<Task, 'id' | 'stepId' | 'round'>): Task | undefined {
  return tasks
    .filter((t) => t.id !== task.id && t.stepId === task.stepId && isWork(t) && t.status === 'completed' && t.round < task.round)
    .sort(byClose)
    .at(-1);
}

/** Approval step → the step its 退回 sends work back to, and the one its 撤回 does (its subject). */
function sendBackTargets(steps: Step[], into = new Map<string, { rejected: string; withdrawn: string }>()) {
  for (const s of steps) {
    if (s.type === 'approval') into.set(s.id, { rejected: s.onReject ?? s.subject, withdrawn: s.subject });
    if (s.type === 'report') into.set(s.id, { rejected: s.id, withdrawn: s.id });
    if (s.type === 'parallel') s.branches.forEach((b) => sendBackTargets(b.steps, into));
  }
  return into;
}

/** What sent a later round's task back to its assignee: the latest 退回 or 撤回 aimed at its step before it opened. */
export function returnedWith(
  template: Pick<EventTemplate, 'steps'>,
  tasks: readonly Task[],
  task: Pick<Task, 'stepId' | 'round' | 'kind' | 'createdAt'>,
  withdrawals: readonly WithdrawalEntry[] = [],
): ReturnedWith | null {
  if (!isWork(task as Task) || task.round < 2) return null;
  const targets = sendBackTargets(template.steps);
  const aimed = (stepId: string, how: 'rejected' | 'withdrawn') => targets.get(stepId)?.[how] === task.stepId;
  const rejections = tasks
    .filter((t) => t.kind === 'sign-off' && t.status === 'rejected' && aimed(t.stepId, 'rejected') && (t.closedAt ?? '') <= task.createdAt)
    .map((t): ReturnedWith => ({ how: 'rejected', stepId: t.stepId, by: t.actedBy ?? null, at: t.closedAt!, comment: t.comment ?? null, levelName: t.levelName ?? null }));
  const signOffStep = new Map(tasks.map((t) => [t.id, t.stepId]));
  const taken = withdrawals
    .filter((w) => w.taskId !== null && aimed(signOffStep.get(w.taskId) ?? '', 'withdrawn') && w.at <= task.createdAt)
    .map((w): ReturnedWith => ({ how: 'withdrawn', stepId: signOffStep.get(w.taskId!)!, by: w.actor, at: w.at, comment: w.comment, levelName: null }));
  return [...rejections, ...taken].sort((a, b) => a.at.localeCompare(b.at)).at(-1) ?? null;
}
