// Why an action would be refused, as pure functions of the event and the request: `(view, input) →
// refusal | undefined`. The Update validators throw what these return, before anything is written;
// a unit test calls them with a plain object and no server.
import type {
  AcknowledgeInput,
  Actor,
  AddSignerInput,
  CcInput,
  CancelInput,
  CompleteTaskInput,
  DecisionInput,
  DelegateInput,
  EventState,
  PostponeInput,
  ReceiptState,
  RefusalKind,
  RescheduleInput,
  TaskKind,
  TaskPost,
  TaskState,
  UrgeInput,
  WithdrawInput,
} from '../event-model';
import { delegationRefusal } from '../delegation';
import { reportForm, validateForm, type FieldError } from '../forms';
import type { NotifyStep, ReportStep, Step, TaskStep } from '../template-types';
import { signOffPost, workPost } from './posts';

export interface Refusal {
  kind: RefusalKind;
  zh: string;
  en: string;
  /** Per-field errors, for a form or a missing field. */
  details?: FieldError[];
}

/** What the validators look at: the live state and what the run remembers beside it. */
export interface EventView {
  state: EventState;
  stepDefs: ReadonlyMap<string, Step>;
  /** A cancellation has been accepted; its notice may still be on its way. */
  cancelling: boolean;
  dateChanges: number;
  withdrawals: ReadonlyMap<string, unknown>;
  lastUrged: ReadonlyMap<string, number>;
  urgedAt: readonly number[];
  /** The workflow's time when the request is validated. */
  now: number;
}

/** Manual 催办 of one task or unit: at most once an hour. */
export const URGE_INTERVAL_MS = 3600_000;
/**
 * Manual 催办 of one event, all targets together, in any 24 hours: enough to urge each of the 43
 * recipient units twice in a day, far short of what a script sends.
 */
export const MAX_URGES_PER_DAY = 100;
/**
 * Changes of date (改期, 延期, 恢复) one event may have. The seed's M1 was postponed once and resumed;
 * an event moved twenty times is a script or a mistake, and each change reaches every participant.
 */
export const MAX_DATE_CHANGES = 20;

const no = (kind: RefusalKind, zh: string, en: string, details?: FieldError[]): Refusal => ({ kind, zh, en, ...(details ? { details } : {}) });
const required = (field: string, zh: string, en: string): Refusal => no('INVALID', zh, en, [{ field, message: { 'zh-CN': '必填', en: 'required' } }]);
const formRefusal = (errors: FieldError[], what: { zh: string; en: string }): Refusal | undefined =>
  errors.length ? no('INVALID', `${what.zh}：${errors.map((e) => e.field).join('、')}`, `${what.en} ${errors.map((e) => e.field).join(', ')}`, errors) : undefined;
const BEING_CANCELLED = no('CONFLICT', '活动正在取消，不能再办理', 'The event is being cancelled');

export const findReceipt = (state: EventState, stepId: string, unitCode: string): ReceiptState | undefined =>
  state.notices
    .filter((n) => n.stepId === stepId)
    .pop()
    ?.receipts?.find((r) => r.unitCode === unitCode);

/** The sign-offs of one chain's round: each level's tasks, open, waiting or decided. */
const roundOf = (state: EventState, t: Pick<TaskState, 'stepId' | 'round'>) =>
  state.tasks.filter((x) => x.kind === 'sign-off' && x.stepId === t.stepId && x.round === t.round);
const decided = (x: TaskState) => x.status === 'approved' || x.status === 'rejected';
/** Who decided a level of a chain's round: they decide no other level of it. */
export const decidersOf = (state: EventState, stepId: string, round: number): Set<string> =>
  new Set(roundOf(state, { stepId, round }).flatMap((x) => (decided(x) && x.actedBy ? [x.actedBy.id] : [])));

// ---- the event as a whole ----------------------------------------------------------------------
export function eventClosedRefusal(v: EventView): Refusal | undefined {
  // From the moment a cancellation is accepted (its notice may still be on its way): no more actions.
  if (v.cancelling && v.state.status !== 'cancelled') return BEING_CANCELLED;
  if (v.state.status === 'cancelled') return no('CONFLICT', '活动已取消', 'The event is cancelled');
  if (v.state.status === 'archived') return no('CONFLICT', '活动已归档', 'The event is archived');
  return undefined;
}

function datesRefusal(v: EventView, startsAt: string, endsAt: string | undefined): Refusal | undefined {
  const start = Date.parse(startsAt);
  if (Number.isNaN(start)) return no('INVALID', '开始时间无效', 'startsAt is not a valid date', [{ field: 'startsAt', message: { 'zh-CN': '开始时间无效', en: 'not a valid date' } }]);
  if (start <= v.now) return no('INVALID', '新的开始时间须晚于现在', 'The new start must be in the future', [{ field: 'startsAt', message: { 'zh-CN': '须晚于现在', en: 'must be in the future' } }]);
  if (endsAt !== undefined && !(Date.parse(endsAt) > start)) return no('INVALID', '结束时间须晚于开始时间', 'endsAt must be after startsAt', [{ field: 'endsAt', message: { 'zh-CN': '须晚于开始时间', en: 'must be after startsAt' } }]);
  return undefined;
}
function dateChangesLeftRefusal(v: EventView): Refusal | undefined {
  if (v.dateChanges < MAX_DATE_CHANGES) return undefined;
  return no(
    'CONFLICT',
    `此活动已改期、延期或恢复${MAX_DATE_CHANGES}次，不能再改动日期；如确需调整，请取消后重新发起`,
    `This event's date has changed ${MAX_DATE_CHANGES} times, the most one event allows; cancel it and start a new one if it must move again`,
  );
}
function heldRefusal(v: EventView): Refusal | undefined {
  if (v.now >= Date.parse(v.state.startsAt) && v.state.status !== 'postponed') return no('CONFLICT', '活动已开始，不能再改期', 'The event has already begun');
  return undefined;
}

export function rescheduleRefusal(v: EventView, { startsAt, endsAt }: RescheduleInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (v.state.status === 'postponed') return no('CONFLICT', '活动已延期待定，请使用“恢复”并给出新日期', 'The event is postponed: resume it with a new date');
  const other = heldRefusal(v) ?? datesRefusal(v, startsAt, endsAt);
  if (other) return other;
  // Well-formed, but it changes nothing: 409, as for other requests the event's state makes moot.
  const start = Date.parse(startsAt);
  const end = endsAt !== undefined ? Date.parse(endsAt) : start + Date.parse(v.state.endsAt) - Date.parse(v.state.startsAt);
  if (start === Date.parse(v.state.startsAt) && end === Date.parse(v.state.endsAt)) {
    return no('CONFLICT', '活动已定于该时间，无需改期', 'The event is already at that date and time; nothing to reschedule');
  }
  return dateChangesLeftRefusal(v);
}

export function resumeRefusal(v: EventView, { startsAt, endsAt }: RescheduleInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (v.state.status !== 'postponed') return no('CONFLICT', '活动未处于延期待定状态', 'The event is not postponed');
  return datesRefusal(v, startsAt, endsAt) ?? dateChangesLeftRefusal(v);
}

export function postponeRefusal(v: EventView, { reason }: PostponeInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (v.state.status === 'postponed') return no('CONFLICT', '活动已处于延期待定状态', 'The event is already postponed');
  const other = heldRefusal(v) ?? dateChangesLeftRefusal(v);
  if (other) return other;
  if (!reason?.trim()) return required('reason', '延期须说明原因', 'A postponement needs a reason');
  return undefined;
}

export function cancelRefusal(v: EventView, { reason }: CancelInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (!reason?.trim()) return required('reason', '取消须说明原因', 'A cancellation needs a reason');
  return undefined;
}

/** What a 催办 is about, for its rate limit: a task, one unit's receipt, or (`stepId/*`) all pending units of a notice. */
export const urgeTarget = ({ taskId, stepId, unitCode }: Pick<UrgeInput, 'taskId' | 'stepId' | 'unitCode'>): string =>
  taskId ?? `${stepId}/${unitCode ?? '*'}`;

/** The receipts of a notice's latest round still waiting for 签收. */
export const pendingReceipts = (state: EventState, stepId: string): ReceiptState[] =>
  (state.notices.filter((n) => n.stepId === stepId).pop()?.receipts ?? []).filter((r) => r.status !== 'acknowledged');

/**
 * The units a 一键催办 tells now: those still pending, less any urged on its own within the hour, so
 * the rate limit holds both ways.
 */
export const urgeableReceipts = (v: Pick<EventView, 'state' | 'lastUrged' | 'now'>, stepId: string): ReceiptState[] =>
  pendingReceipts(v.state, stepId).filter((r) => {
    const last = v.lastUrged.get(urgeTarget({ stepId, unitCode: r.unitCode }));
    return last === undefined || v.now - last >= URGE_INTERVAL_MS;
  });

const URGED_WITHIN_HOUR = (): Refusal => no('TOO_MANY', '一小时内已催办过，请稍后再试', 'Already urged within the hour; try again later');

export function urgeRefusal(v: EventView, { taskId, stepId, unitCode }: UrgeInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (taskId) {
    const t = v.state.tasks.find((x) => x.id === taskId);
    if (!t) return no('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
    if (t.status !== 'open') return no('CONFLICT', '此待办已办结，无需催办', 'This task is no longer open');
  } else if (stepId && !unitCode) {
    // 一键催办: every unit of the notice that has not acknowledged, in one message.
    const notice = v.state.notices.filter((n) => n.stepId === stepId).pop();
    if (!notice?.receipts) return no('NOT_FOUND', `此步骤没有需签收的通知：${stepId}`, `No notice with receipts at step ${stepId}`);
    if (!pendingReceipts(v.state, stepId).length) return no('CONFLICT', '各单位均已签收，无需催办', 'Every unit has acknowledged; nobody to urge');
    if (!urgeableReceipts(v, stepId).length) return URGED_WITHIN_HOUR();
  } else {
    const receipt = stepId && unitCode ? findReceipt(v.state, stepId, unitCode) : undefined;
    if (!receipt) return no('NOT_FOUND', '没有此签收事项', 'No such receipt');
    if (receipt.status === 'acknowledged') return no('CONFLICT', '该单位已签收，无需催办', 'This unit has already acknowledged');
  }
  const last = v.lastUrged.get(urgeTarget({ taskId, stepId, unitCode }));
  if (last !== undefined && v.now - last < URGE_INTERVAL_MS) return URGED_WITHIN_HOUR();
  if (v.urgedAt.filter((at) => v.now - at < 24 * URGE_INTERVAL_MS).length >= MAX_URGES_PER_DAY) {
    return no('TOO_MANY', `此活动24小时内已催办${MAX_URGES_PER_DAY}次，请明天再试`, `This event has been urged ${MAX_URGES_PER_DAY} times in 24 hours; try again tomorrow`);
  }
  return undefined;
}

export function acknowledgeRefusal(v: EventView, { stepId, unitCode, actor, values }: AcknowledgeInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  const receipt = findReceipt(v.state, stepId, unitCode);
  if (!receipt) return no('NOT_FOUND', `此通知无需${unitCode}签收`, `No receipt from ${unitCode} is expected for this notice`);
  if (!actor.isAdmin && !receipt.liaisons.some((p) => p.id === actor.id) && !actor.liaisonOf?.includes(unitCode)) {
    return no('FORBIDDEN', '只有该单位联络员可以签收', "Only the unit's liaison can acknowledge");
  }
  if (receipt.status === 'acknowledged') return no('CONFLICT', '该单位已签收', 'This unit has already acknowledged');
  const def = v.stepDefs.get(stepId) as NotifyStep;
  return formRefusal(validateForm(def.receipt?.form, values ?? {}), { zh: '回执填写有误', en: 'Receipt errors in:' });
}

// ---- tasks and sign-offs -----------------------------------------------------------------------
/** Why `actor` may not act on the open task `taskId` of one of `kinds`. */
export function openTaskRefusal(v: EventView, taskId: string, actor: Actor, kinds: TaskKind[]): Refusal | undefined {
  const t = v.state.tasks.find((x) => x.id === taskId);
  if (!t || !kinds.includes(t.kind)) return no('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
  if (v.cancelling && v.state.status !== 'cancelled') return BEING_CANCELLED;
  if (v.state.status === 'cancelled' || v.state.status === 'archived') return no('CONFLICT', '活动已结束，不能再办理', 'The event is closed');
  if (t.status !== 'open') return no('CONFLICT', `此待办当前状态为“${t.status}”，不能办理`, `This task is ${t.status}, not open`);
  if (!t.assignees.some((p) => p.id === actor.id)) return no('FORBIDDEN', '此待办未分派给您', 'This task is not assigned to you');
  return undefined;
}

/** Who may decide a sign-off: not an administrator, not the submitter, not someone who decided another level of this round. */
function decisionRefusal(v: EventView, { taskId, actor }: DecisionInput): Refusal | undefined {
  const open = openTaskRefusal(v, taskId, actor, ['sign-off']);
  if (open) return open;
  const t = v.state.tasks.find((x) => x.id === taskId)!;
  if (actor.isAdmin) return no('FORBIDDEN', '系统管理员可以改派审批，但不能审批', 'An administrator may reassign a sign-off but not decide it');
  if (t.submitter?.id === actor.id) return no('FORBIDDEN', '不能审批自己提交的事项', 'You cannot sign off your own submission');
  const other = roundOf(v.state, t).find((x) => x.id !== t.id && decided(x) && x.actedBy?.id === actor.id);
  if (other) {
    return no(
      'FORBIDDEN',
      `您已审批本轮的“${other.levelName?.['zh-CN'] ?? other.name['zh-CN']}”，同一人不能审批同一轮的两个层级`,
      `You already decided "${other.levelName?.en ?? other.name.en}" in this round; one person cannot decide two levels of one round`,
    );
  }
  return undefined;
}

export const approveRefusal = decisionRefusal;

export function rejectRefusal(v: EventView, input: DecisionInput): Refusal | undefined {
  const refusal = decisionRefusal(v, input);
  if (refusal) return refusal;
  if (!input.comment?.trim()) return no('INVALID', '退回须填写意见', 'A rejection needs a comment', [{ field: 'comment', message: { 'zh-CN': '退回须填写意见', en: 'required when rejecting' } }]);
  return undefined;
}

export function completeRefusal(v: EventView, { taskId, actor, values }: CompleteTaskInput): Refusal | undefined {
  const open = openTaskRefusal(v, taskId, actor, ['task', 'report']);
  if (open) return open;
  const t = v.state.tasks.find((x) => x.id === taskId)!;
  const def = v.stepDefs.get(t.stepId) as TaskStep | ReportStep;
  const form = def.type === 'report' ? reportForm(def.form) : def.form;
  return formRefusal(validateForm(form, values), { zh: '表单填写有误', en: 'Form errors in:' });
}

export function withdrawRefusal(v: EventView, { taskId, actor }: WithdrawInput): Refusal | undefined {
  const t = v.state.tasks.find((x) => x.id === taskId);
  if (!t || t.kind !== 'sign-off') return no('NOT_FOUND', `没有此审批：${taskId}`, `No such sign-off: ${taskId}`);
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (t.submitter?.id !== actor.id) return no('FORBIDDEN', '只有提交人可以撤回', 'Only the submitter can withdraw');
  const pending = v.state.tasks.some((x) => x.stepId === t.stepId && x.round === t.round && x.status === 'open');
  if (!pending || v.withdrawals.has(t.stepId)) return no('CONFLICT', '此审批已办结，不能撤回', 'This sign-off is no longer pending');
  return undefined;
}

/** The posts a task could be held in: as kept on the task, or (tasks opened before it was kept) from the template. */
function postsOf(v: EventView, t: TaskState): TaskPost[] {
  if (t.post) return [t.post];
  const def = v.stepDefs.get(t.stepId);
  const lead = v.state.leadUnit;
  if (t.kind !== 'sign-off') return def && (def.type === 'task' || def.type === 'report') ? [workPost(def.assignee, lead)] : [];
  const levels = def?.type === 'approval' ? def.levels : def?.type === 'report' ? def.signOff.levels : [];
  return (levels[t.level ?? 0]?.approvers ?? []).map((ref) => signOffPost(ref, lead));
}

export function delegateRefusal(v: EventView, input: DelegateInput): Refusal | undefined {
  const { taskId, actor, to } = input;
  const t = v.state.tasks.find((x) => x.id === taskId);
  if (!t) return no('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
  if (!actor.isAdmin) {
    const open = openTaskRefusal(v, taskId, actor, ['task', 'report', 'sign-off']);
    if (open) return open;
  } else {
    const closed = eventClosedRefusal(v);
    if (closed) return closed;
    if (t.status !== 'open') return no('CONFLICT', '此待办已办结', 'This task is no longer open');
  }
  if (!to?.id) return required('toUserId', '须指定转交对象', 'Name the person to delegate to');
  // The rule is shared with the API's list of whom a task can go to (GET /api/tasks/{id}/delegates).
  return delegationRefusal(t, v.state, actor, { id: to.id, roles: input.toRoles, inChargeOf: input.toInChargeOf }, postsOf(v, t));
}

// ---- 加签 and 抄送 ------------------------------------------------------------------------------
/** Signers one approver may add to their slot (加签): a level that keeps growing is a chain to redesign. */
export const MAX_ADDED_SIGNERS = 5;
/** People one 抄送 may reach: a department or two and some leaders, not the whole federation. */
export const MAX_CC_RECIPIENTS = 50;

/**
 * 加签 within the separation of duties: the added person signs this level as an ordinary approver,
 * so they must not be the submitter, nor have decided in this round, nor take part in it already.
 */
export function addSignerRefusal(v: EventView, { taskId, actor, signer, signerIsAdmin, position }: AddSignerInput): Refusal | undefined {
  const open = openTaskRefusal(v, taskId, actor, ['sign-off']);
  if (open) return open;
  const t = v.state.tasks.find((x) => x.id === taskId)!;
  if (actor.isAdmin) return no('FORBIDDEN', '系统管理员不审批，也不能加签', 'An administrator neither decides a sign-off nor adds signers to it');
  if (position !== 'before' && position !== 'after') {
    return no('INVALID', '加签方式须为“前加签”或“后加签”', "position must be 'before' or 'after'", [{ field: 'position', message: { 'zh-CN': '须为 before 或 after', en: "must be 'before' or 'after'" } }]);
  }
  if (t.addedFor) return no('FORBIDDEN', '加签的审批人不能再加签', 'A signer added by 加签 cannot add further signers');
  if (!signer?.id) return required('personId', '须指定加签人员', 'Name the person to add');
  if (signerIsAdmin) return no('FORBIDDEN', '不能加签系统管理员：管理员不审批', 'An administrator cannot be added: administrators never decide a sign-off');
  if (t.submitter?.id === signer.id) return no('FORBIDDEN', `不能加签提交人${signer.displayName}：提交人不能审批自己提交的事项`, `${signer.displayName} submitted this and cannot sign it off`);
  const round = roundOf(v.state, t);
  const decidedBy = round.find((x) => decided(x) && x.actedBy?.id === signer.id);
  if (decidedBy) {
    return no(
      'FORBIDDEN',
      `${signer.displayName}已审批本轮的“${decidedBy.levelName?.['zh-CN'] ?? decidedBy.name['zh-CN']}”，同一人不能审批同一轮的两个层级`,
      `${signer.displayName} already decided "${decidedBy.levelName?.en ?? decidedBy.name.en}" in this round; one person cannot decide twice in one round`,
    );
  }
  const holding = round.find((x) => (x.status === 'open' || x.status === 'waiting') && x.assignees.some((p) => p.id === signer.id));
  if (holding) {
    return holding.level === t.level
      ? no('CONFLICT', `${signer.displayName}已是本层级的审批人`, `${signer.displayName} already signs this level`)
      : no('FORBIDDEN', `${signer.displayName}已参与本轮审批的另一层级`, `${signer.displayName} already takes part in another level of this round`);
  }
  if (v.state.tasks.filter((x) => x.addedFor === t.id).length >= MAX_ADDED_SIGNERS) {
    return no('CONFLICT', `每位审批人最多加签${MAX_ADDED_SIGNERS}人`, `An approver may add at most ${MAX_ADDED_SIGNERS} signers`);
  }
  return undefined;
}

/** 抄送 from a task: by those who take part in it (its assignees, whoever acted on it, its submitter). */
/** Who may copy a task besides the event's managers: whoever submitted the work — a sign-off's submitter, or whoever completed the work task. */
export function ccSubmitterOf(t: { kind: string; status: string; submitter?: { id: string } | null; actedBy?: { id: string } | null }): string | undefined {
  return t.kind === 'sign-off' ? t.submitter?.id : t.status === 'completed' ? t.actedBy?.id : undefined;
}

export const CC_REFUSED = {
  zh: '只有提交人或活动负责人可以抄送此待办',
  en: "Only the task's submitter or the event's managers can CC it",
} as const;

export function ccRefusal(v: EventView, { taskId, actor, recipients, byManager }: CcInput): Refusal | undefined {
  const t = v.state.tasks.find((x) => x.id === taskId);
  if (!t) return no('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (!byManager && ccSubmitterOf(t) !== actor.id) return no('FORBIDDEN', CC_REFUSED.zh, CC_REFUSED.en);
  if (!recipients?.length) return required('personIds', '须指定抄送的人员或单位', 'Name the people or units to CC');
  if (recipients.length > MAX_CC_RECIPIENTS) {
    return no('INVALID', `一次最多抄送${MAX_CC_RECIPIENTS}人`, `At most ${MAX_CC_RECIPIENTS} people can be CC'd at once`);
  }
  return undefined;
}
