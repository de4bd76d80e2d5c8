// Who a task may be handed to (转交): the one rule of separation of duties for delegation. The
// workflow's validator refuses by it, and the API lists the people it accepts (GET
// /api/tasks/{id}/delegates), so the dialog offers exactly those the workflow will take. Pure: no
// workflow APIs, no I/O — the caller brings the candidate's role grants.
import type { Actor, EventState, RefusalKind, RoleGrant, TaskPost, TaskState } from './event-model';

/** Someone a task might be handed to, with the posts they hold now (from the directory). */
export interface DelegationCandidate {
  id: string;
  /** Absent: only the task's pool may take it. */
  roles?: RoleGrant[];
  /** The departments they are in charge of (分管), if a vice-chair. */
  inChargeOf?: string[];
}

export interface DelegationRefusal {
  kind: RefusalKind;
  zh: string;
  en: string;
}

const decided = (x: TaskState) => x.status === 'approved' || x.status === 'rejected';

/**
 * Why `to` may not take over the open task `t` from `actor`, or undefined when they may. `posts` are
 * what the task could be held in; by default the post kept on the task (the workflow passes, for
 * tasks opened before the post was kept, the posts its template names).
 */
export function delegationRefusal(
  t: TaskState,
  event: Pick<EventState, 'tasks' | 'leadUnit'>,
  actor: Actor,
  to: DelegationCandidate,
  posts: TaskPost[] = t.post ? [t.post] : [],
): DelegationRefusal | undefined {
  if (t.assignees.length === 1 && t.assignees[0].id === to.id) return { kind: 'CONFLICT', zh: '此待办已分派给该人员', en: 'The task is already theirs' };
  if (t.submitter?.id === to.id) return { kind: 'FORBIDDEN', zh: '不能转交给提交人本人审批', en: 'A sign-off cannot go to the submitter' };
  // An administrator reassigns; they never take a task themselves, nor give it to another administrator.
  if (actor.isAdmin && to.id === actor.id) {
    return { kind: 'FORBIDDEN', zh: '系统管理员可以改派待办，但不能转交给自己', en: 'An administrator may reassign a task but not to themself' };
  }
  if ((to.roles ?? []).some((g) => g.role === 'admin')) {
    return { kind: 'FORBIDDEN', zh: '不能转交给系统管理员：管理员不办理、不审批', en: 'A task cannot go to an administrator: administrators neither act nor decide' };
  }
  if (t.kind === 'sign-off') {
    const round = event.tasks.filter((x) => x.kind === 'sign-off' && x.stepId === t.stepId && x.round === t.round);
    const inRound = round.find(
      (x) => x.id !== t.id && (decided(x) ? x.actedBy?.id === to.id : (x.status === 'open' || x.status === 'waiting') && x.assignees.some((p) => p.id === to.id)),
    );
    if (inRound) {
      return {
        kind: 'FORBIDDEN',
        zh: '该人员已参与本轮审批（持有或已审批另一层级），不能再转交给其',
        en: 'They already take part in this round of the sign-off (holding or having decided another level)',
      };
    }
    if (!couldHold(t, to, posts)) {
      return {
        kind: 'FORBIDDEN',
        zh: `只能转交给可担任“${t.levelName?.['zh-CN'] ?? t.name['zh-CN']}”的人员：同单位同职务者，或本层级的审批人`,
        en: `A sign-off can go only to someone who could hold "${t.levelName?.en ?? t.name.en}": the same role in the same unit, or one of the level's approvers`,
      };
    }
    return undefined;
  }
  if (!couldHold(t, to, posts)) {
    const unit = posts[0]?.unitCode ?? event.leadUnit;
    return { kind: 'FORBIDDEN', zh: `只能转交给承办单位（${unit}）的人员`, en: `A task can go only to someone of the unit it is done for (${unit})` };
  }
  return undefined;
}

/** Whether `to` could hold the task: one of its pool, or the same post (same role, same unit; for work, a role in its unit). */
function couldHold(t: TaskState, to: DelegationCandidate, posts: TaskPost[]): boolean {
  if (t.pool?.some((p) => p.id === to.id)) return true;
  const grants = (to.roles ?? []).filter((g) => g.role !== 'admin');
  return posts.some((post) => {
    if (t.kind !== 'sign-off') return post.unitCode !== undefined && grants.some((g) => g.unitCode === post.unitCode);
    if (!post.role) return false;
    if (post.inChargeOf) return grants.some((g) => g.role === post.role) && (to.inChargeOf ?? []).includes(post.inChargeOf);
    return grants.some((g) => g.role === post.role && (post.unitCode === undefined || g.unitCode === post.unitCode));
  });
}
