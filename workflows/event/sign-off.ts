// The sign-off chain (审批): levels of 依次 (sequential), 会签 (all) and 或签 (any); a rejection (退回)
// or a withdrawal (撤回) sends the work back for another round, and the chain runs again. Each
// approver's place in a level is a slot: their own sign-off and the signers they added (加签) —
// those added before sign first, those added after sign once they approved.
import type { EventState, Person, TaskPost, TaskState } from '../event-model';
import type { ApprovalStep, ReportStep, SignOffLevel, TaskStep } from '../template-types';
import { acts } from './activity-stubs';
import { waitFor } from './clock';
import { resolvePeople, uniquePeople } from './people';
import { signOffPost } from './posts';
import type { EventRun } from './run-state';
import { runWorkStep } from './task-step';
import { ccParties } from './cc';
import { decidersOf } from './validators';

/** How far up the line (上级) a sign-off looks for someone not barred from it. */
const MAX_STAND_IN_HOPS = 4;

export async function runApproval(run: EventRun, step: ApprovalStep): Promise<void> {
  run.startStep(step.id);
  await signOff(run, step.id, step.levels, step.subject, step.onReject ?? step.subject);
  run.finishStep(step.id);
}

const lastCompleted = (run: EventRun, stepId: string) =>
  [...run.state.tasks].reverse().find((t) => t.stepId === stepId && t.status === 'completed');

/** Runs a sign-off chain until it passes; each rejection or withdrawal sends the work back first. */
export async function signOff(run: EventRun, stepId: string, levels: SignOffLevel[], subjectId: string, sendBackTo: string): Promise<void> {
  for (;;) {
    const subject = lastCompleted(run, subjectId);
    const submitter = subject?.actedBy ?? run.input.organiser;
    const outcome = await runChain(run, stepId, levels, submitter, subject?.id);
    if (outcome === 'approved') return;
    const back = run.stepDefs.get(outcome === 'withdrawn' ? subjectId : sendBackTo) as TaskStep | ReportStep;
    // The work goes back to whoever submitted it, for another round.
    await runWorkStep(run, back, back.type === 'report' ? 'report' : 'task', submitter);
    if (back.id !== stepId) run.nextRound(stepId);
  }
}

interface Holders {
  assignees: Person[];
  post: TaskPost;
  pool: Person[];
}

/** Who holds each slot of a level: nobody signs off their own submission, nor decides twice in one round. */
async function holdersOf(run: EventRun, stepId: string, round: number, spec: SignOffLevel, submitter: Person): Promise<Holders[]> {
  const { separateDuties } = run;
  const slots = await resolvePeople(run, spec.approvers);
  const people: Holders[] = [];
  // Separation of duties: whoever decided an earlier level of this round, or holds another slot
  // of this level, is left out too, so that no one decides twice in one round.
  const deciders = separateDuties ? decidersOf(run.state, stepId, round) : new Set<string>();
  const taken = new Set<string>();
  const barred = (p: Person) => p.id === submitter.id || (separateDuties && (deciders.has(p.id) || taken.has(p.id)));
  for (const [i, slot] of slots.entries()) {
    // Nobody signs off their own submission: their superior signs in their place.
    let holders = slot.filter((p) => !barred(p));
    if (!holders.length) {
      if (separateDuties) {
        // The superior of whoever is left out (the submitter when the post is vacant), and up
        // the line while that one is barred as well.
        let superior = await acts.superiorOf({ personId: (slot.find(barred) ?? submitter).id });
        for (let hop = 1; superior && barred(superior) && hop < MAX_STAND_IN_HOPS; hop++) superior = await acts.superiorOf({ personId: superior.id });
        holders = superior && !barred(superior) ? [superior] : [];
      } else {
        const superior = await acts.superiorOf({ personId: submitter.id });
        holders = superior ? [superior] : [];
      }
    }
    for (const p of holders) taken.add(p.id);
    if (holders.length) people.push({ assignees: holders, post: signOffPost(spec.approvers[i], run.input.leadUnit), pool: uniquePeople([...slot, ...holders]) });
  }
  return people;
}

/** The signers added to a task's slot (加签), in the order they were added. */
export const signersAddedTo = (state: EventState, t: TaskState): TaskState[] => state.tasks.filter((x) => x.addedFor === t.id);

const pending = (t: TaskState) => t.status === 'open' || t.status === 'waiting';

/**
 * Where one slot stands: approved once its own signer and everyone added to it approved, rejected
 * when any of them sent it back, pending while one of them has still to sign; or ended otherwise
 * (another approver of an any-one level signed first, the event was cancelled).
 */
function slotOf(state: EventState, t: TaskState): 'approved' | 'rejected' | 'pending' | 'ended' {
  const added = signersAddedTo(state, t);
  if (t.status === 'rejected' || added.some((x) => x.status === 'rejected')) return 'rejected';
  if (pending(t)) return 'pending';
  if (t.status !== 'approved') return 'ended';
  return added.some(pending) ? 'pending' : 'approved';
}

/**
 * After an approval within a slot, whose turn it is: the slot's own signer once everyone added
 * before them approved (前加签), else the next signer added after them (后加签).
 */
export function passTheTurn(run: EventRun, approved: TaskState): void {
  const own = approved.addedFor ? run.task(approved.addedFor) : approved;
  if (!own) return;
  const added = signersAddedTo(run.state, own);
  if (approved.addedHow === 'before') {
    if (own.status === 'waiting' && added.every((x) => x.addedHow !== 'before' || x.status === 'approved')) run.takeTurn(own);
    return;
  }
  if (own.status !== 'approved' || added.some((x) => x.status === 'open')) return;
  const next = added.find((x) => x.addedHow === 'after' && x.status === 'waiting');
  if (next) run.takeTurn(next);
}

/** One pass through the levels: 'approved', or how the pass ended early. */
async function runChain(run: EventRun, stepId: string, levels: SignOffLevel[], submitter: Person, subjectTaskId?: string): Promise<'approved' | 'rejected' | 'withdrawn'> {
  run.withdrawals.delete(stepId);
  const round = run.stepState(stepId).round;
  for (let level = 0; level < levels.length; level++) {
    const spec = levels[level];
    const people = await holdersOf(run, stepId, round, spec, submitter);
    if (!people.length) {
      run.audit({ action: 'sign-off.level-skipped', stepId, comment: `${spec.name['zh-CN']}：无可审批人员 / no one can sign this level` });
      continue;
    }
    const sequential = spec.mode === 'sequential';
    const tasks = people.map(({ assignees, post, pool }, i) =>
      run.openTask(
        {
          stepId,
          kind: 'sign-off',
          round,
          name: spec.name,
          assignees,
          post,
          pool,
          level,
          levelName: spec.name,
          mode: spec.mode,
          submitter,
          subjectTaskId,
          status: sequential && i > 0 ? 'waiting' : 'open',
        },
        spec.sla ? { anchor: 'stepStart', offset: spec.sla } : undefined,
      ),
    );
    const withdrawn = () => run.withdrawals.has(stepId);
    const slot = (t: TaskState) => slotOf(run.state, t);
    const rejected = () => tasks.some((t) => slot(t) === 'rejected');
    const closeRest = (status: TaskState['status']) => {
      for (const t of tasks.flatMap((x) => [x, ...signersAddedTo(run.state, x)])) if (pending(t)) run.closeTask(t, status);
    };
    if (sequential) {
      for (const t of tasks) {
        if (t.status === 'waiting') run.takeTurn(t);
        await waitFor(run, () => slot(t) !== 'pending' || withdrawn());
        if (slot(t) !== 'approved') break;
      }
    } else if (spec.mode === 'all') {
      await waitFor(run, () => tasks.every((t) => slot(t) === 'approved') || rejected() || withdrawn());
    } else {
      await waitFor(run, () => tasks.some((t) => slot(t) === 'approved') || rejected() || withdrawn());
    }
    if (withdrawn()) {
      closeRest('withdrawn');
      return 'withdrawn';
    }
    if (rejected()) {
      closeRest('closed');
      return 'rejected';
    }
    closeRest('closed'); // 或签: the first signature decides for the level
    // The level's 抄送: told that it passed (templates without one schedule nothing here).
    if (spec.cc?.length) await ccParties(run, stepId, spec.cc, spec.name);
  }
  return 'approved';
}
