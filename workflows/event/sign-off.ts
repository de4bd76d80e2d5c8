// The sign-off chain (审批): levels of 依次 (sequential), 会签 (all) and 或签 (any); a rejection (退回)
// or a withdrawal (撤回) sends the work back for another round, and the chain runs again.
import type { Person, TaskPost, TaskState } from '../event-model';
import type { ApprovalStep, ReportStep, SignOffLevel, TaskStep } from '../template-types';
import { acts } from './activity-stubs';
import { waitFor } from './clock';
import { resolvePeople, uniquePeople } from './people';
import { signOffPost } from './posts';
import type { EventRun } from './run-state';
import { runWorkStep } from './task-step';
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
    const rejected = () => tasks.some((t) => t.status === 'rejected');
    const closeRest = (status: TaskState['status']) => {
      for (const t of tasks) if (t.status === 'open' || t.status === 'waiting') run.closeTask(t, status);
    };
    if (sequential) {
      for (const t of tasks) {
        if (t.status === 'waiting') run.takeTurn(t);
        await waitFor(run, () => t.status !== 'open' || withdrawn());
        if (t.status !== 'approved') break;
      }
    } else if (spec.mode === 'all') {
      await waitFor(run, () => tasks.every((t) => t.status === 'approved') || rejected() || withdrawn());
    } else {
      await waitFor(run, () => tasks.some((t) => t.status === 'approved') || rejected() || withdrawn());
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
  }
  return 'approved';
}
