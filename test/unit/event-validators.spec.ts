// The refusals people meet when they act on an event, from the event workflow's validators as pure
// functions: a plain event and a request in, the refusal (or none) out. No server.
import type { Actor, EventState, Person, ReceiptState, TaskState } from '../../workflows/event-model';
import {
  acknowledgeRefusal,
  approveRefusal,
  cancelRefusal,
  completeRefusal,
  delegateRefusal,
  MAX_DATE_CHANGES,
  MAX_URGES_PER_DAY,
  postponeRefusal,
  rejectRefusal,
  rescheduleRefusal,
  resumeRefusal,
  urgeRefusal,
  withdrawRefusal,
  type EventView,
} from '../../workflows/event/validators';
import type { Step } from '../../workflows/template-types';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2027-05-01T02:00:00Z');

const organiser: Person = { id: 'u-organiser', displayName: '刘组织' };
const head: Person = { id: 'u-head', displayName: '王部长' };
const liaison: Person = { id: 'u-yuzhong', displayName: '渝中联络员' };
const stranger: Person = { id: 'u-stranger', displayName: '路人' };

const STEPS: Step[] = [
  {
    id: 'draft-plan',
    type: 'task',
    name: { 'zh-CN': '起草方案', en: 'Draft the plan' },
    assignee: { organiser: true },
    form: { fields: [{ key: 'theme', type: 'text', label: { 'zh-CN': '主题', en: 'Theme' }, required: true }] },
  },
  {
    id: 'plan-approval',
    type: 'approval',
    name: { 'zh-CN': '方案审批', en: 'Plan sign-off' },
    subject: 'draft-plan',
    levels: [
      { name: { 'zh-CN': '部门负责人审核', en: 'Head reviews' }, mode: 'any', approvers: [{ role: 'department-head', unit: '$lead' }] },
      { name: { 'zh-CN': '分管副主席审批', en: 'Vice-chair approves' }, mode: 'sequential', approvers: [{ role: 'vice-chair', inChargeOf: '$lead' }] },
    ],
  },
  {
    id: 'notice',
    type: 'notify',
    name: { 'zh-CN': '下发通知', en: 'Issue the notice' },
    audience: [{ unitGroup: 'districts' }],
    subject: { 'zh-CN': '通知', en: 'Notice' },
    message: { 'zh-CN': '请签收', en: 'Please acknowledge' },
    receipt: {
      due: { anchor: 'eventStart', offset: '-14d' },
      form: { fields: [{ key: 'contactPerson', type: 'text', label: { 'zh-CN': '联系人', en: 'Contact' }, required: true }] },
    },
  },
] as Step[];

const task = (over: Partial<TaskState>): TaskState => ({
  id: 't-draft',
  stepId: 'draft-plan',
  kind: 'task',
  round: 1,
  name: { 'zh-CN': '起草方案', en: 'Draft the plan' },
  assignees: [organiser],
  status: 'open',
  createdAt: new Date(NOW - DAY).toISOString(),
  ...over,
});
const signOff = (over: Partial<TaskState>): TaskState =>
  task({ id: 't-head', stepId: 'plan-approval', kind: 'sign-off', level: 0, levelName: STEPS[1].type === 'approval' ? STEPS[1].levels[0].name : undefined, submitter: organiser, assignees: [head], ...over });
const receipt = (over: Partial<ReceiptState> = {}): ReceiptState => ({ unitCode: 'yuzhong', unitName: '渝中区妇联', liaisons: [liaison], status: 'pending', ...over });

/** An A2-like event in the middle of its run: the plan drafted, its sign-off open, the notice out. */
function view(over: { state?: Partial<EventState>; tasks?: TaskState[]; receipts?: ReceiptState[] } & Partial<Omit<EventView, 'state'>> = {}): EventView {
  const { state, tasks, receipts, ...rest } = over;
  return {
    state: {
      eventId: 'e1',
      title: '六一亲子活动',
      templateCode: 'childrens-day-sorting',
      templateVersion: 1,
      leadUnit: 'family-children',
      organiser,
      status: 'active',
      startsAt: new Date(NOW + 30 * DAY).toISOString(),
      endsAt: new Date(NOW + 30 * DAY + 3 * HOUR).toISOString(),
      participants: [],
      steps: [],
      tasks: tasks ?? [task({ status: 'completed', actedBy: organiser }), signOff({})],
      notices: [{ stepId: 'notice', round: 1, noticeId: 'n1', subject: '通知', issuedAt: new Date(NOW).toISOString(), recipientCount: 40, receipts: receipts ?? [receipt()] }],
      values: {},
      ...state,
    },
    stepDefs: new Map(STEPS.map((s) => [s.id, s])),
    cancelling: false,
    dateChanges: 0,
    withdrawals: new Map(),
    lastUrged: new Map(),
    urgedAt: [],
    now: NOW,
    ...rest,
  };
}
const as = (p: Person, extra: Partial<Actor> = {}): Actor => ({ ...p, ...extra });
const later = (days: number) => new Date(NOW + days * DAY).toISOString();

describe('a task (完成)', () => {
  const open = () => view({ tasks: [task({})] });

  it('is taken from its assignee with a valid form', () => {
    expect(completeRefusal(open(), { taskId: 't-draft', actor: as(organiser), values: { theme: '垃圾分类' } })).toBeUndefined();
  });

  it('is refused to someone it is not assigned to', () => {
    expect(completeRefusal(open(), { taskId: 't-draft', actor: as(stranger), values: { theme: '垃圾分类' } })).toMatchObject({ kind: 'FORBIDDEN', zh: '此待办未分派给您' });
  });

  it('is refused once done, and unknown ones are not found', () => {
    const done = view({ tasks: [task({ status: 'completed' })] });
    expect(completeRefusal(done, { taskId: 't-draft', actor: as(organiser), values: { theme: 'x' } })).toMatchObject({ kind: 'CONFLICT', en: 'This task is completed, not open' });
    expect(completeRefusal(open(), { taskId: 'nope', actor: as(organiser), values: {} })).toMatchObject({ kind: 'NOT_FOUND' });
  });

  it('names the fields a form gets wrong', () => {
    const refusal = completeRefusal(open(), { taskId: 't-draft', actor: as(organiser), values: { theme: '' } });
    expect(refusal).toMatchObject({ kind: 'INVALID', zh: '表单填写有误：theme', en: 'Form errors in: theme' });
    expect(refusal!.details!.map((d) => d.field)).toEqual(['theme']);
  });

  it('is refused in a cancelled or archived event, and from the moment a cancellation is accepted', () => {
    const values = { theme: '垃圾分类' };
    expect(completeRefusal(view({ tasks: [task({})], cancelling: true }), { taskId: 't-draft', actor: as(organiser), values })).toMatchObject({
      kind: 'CONFLICT',
      zh: '活动正在取消，不能再办理',
      en: 'The event is being cancelled',
    });
    for (const status of ['cancelled', 'archived'] as const) {
      expect(completeRefusal(view({ tasks: [task({})], state: { status } }), { taskId: 't-draft', actor: as(organiser), values })).toMatchObject({ kind: 'CONFLICT', en: 'The event is closed' });
    }
  });
});

describe('a sign-off (同意 / 退回 / 撤回)', () => {
  it('is decided by its holder', () => {
    expect(approveRefusal(view(), { taskId: 't-head', actor: as(head) })).toBeUndefined();
  });

  it('is never decided by the one who submitted the work, nor by an administrator', () => {
    const own = view({ tasks: [signOff({ assignees: [organiser] })] });
    expect(approveRefusal(own, { taskId: 't-head', actor: as(organiser) })).toMatchObject({ kind: 'FORBIDDEN', en: 'You cannot sign off your own submission' });
    const admin = view({ tasks: [signOff({ assignees: [stranger] })] });
    expect(approveRefusal(admin, { taskId: 't-head', actor: as(stranger, { isAdmin: true }) })).toMatchObject({ kind: 'FORBIDDEN', zh: '系统管理员可以改派审批，但不能审批' });
  });

  it('is refused to someone who already decided another level of the same round', () => {
    const tasks = [signOff({ status: 'approved', actedBy: head }), signOff({ id: 't-vice', level: 1, levelName: { 'zh-CN': '分管副主席审批', en: 'Vice-chair approves' }, assignees: [head] })];
    expect(approveRefusal(view({ tasks }), { taskId: 't-vice', actor: as(head) })).toMatchObject({
      kind: 'FORBIDDEN',
      en: 'You already decided "Head reviews" in this round; one person cannot decide two levels of one round',
    });
    // The next round is another matter.
    const nextRound = [signOff({ status: 'approved', actedBy: head }), signOff({ id: 't-vice', round: 2, level: 1, assignees: [head] })];
    expect(approveRefusal(view({ tasks: nextRound }), { taskId: 't-vice', actor: as(head) })).toBeUndefined();
  });

  it('needs a comment to be rejected', () => {
    expect(rejectRefusal(view(), { taskId: 't-head', actor: as(head), comment: '  ' })).toMatchObject({ kind: 'INVALID', details: [{ field: 'comment' }] });
    expect(rejectRefusal(view(), { taskId: 't-head', actor: as(head), comment: '预算不清' })).toBeUndefined();
  });

  it('is withdrawn by its submitter only, and only while pending', () => {
    expect(withdrawRefusal(view(), { taskId: 't-head', actor: as(organiser) })).toBeUndefined();
    expect(withdrawRefusal(view(), { taskId: 't-head', actor: as(head) })).toMatchObject({ kind: 'FORBIDDEN', en: 'Only the submitter can withdraw' });
    const decided = view({ tasks: [signOff({ status: 'approved', actedBy: head })] });
    expect(withdrawRefusal(decided, { taskId: 't-head', actor: as(organiser) })).toMatchObject({ kind: 'CONFLICT', en: 'This sign-off is no longer pending' });
    const asked = view({ withdrawals: new Map([['plan-approval', {}]]) });
    expect(withdrawRefusal(asked, { taskId: 't-head', actor: as(organiser) })).toMatchObject({ kind: 'CONFLICT' });
  });

  it('is handed on (转交) only to someone who could hold it, never to the submitter', () => {
    const to = (p: Person, roles = [{ role: 'department-head' as const, unitCode: 'family-children' }]) => ({ taskId: 't-head', actor: as(head), to: p, toRoles: roles });
    expect(delegateRefusal(view(), to(stranger))).toBeUndefined();
    expect(delegateRefusal(view(), to(organiser))).toMatchObject({ kind: 'FORBIDDEN', en: 'A sign-off cannot go to the submitter' });
    expect(delegateRefusal(view(), to(stranger, [{ role: 'department-head', unitCode: 'publicity' }]))).toMatchObject({ kind: 'FORBIDDEN' });
    expect(delegateRefusal(view(), { taskId: 't-head', actor: as(head), to: { id: '', displayName: '' } })).toMatchObject({ kind: 'INVALID', details: [{ field: 'toUserId' }] });
  });
});

describe('a change of date (改期 / 延期 / 恢复)', () => {
  const actor = as(organiser);

  it('moves an event that has not begun to a later date', () => {
    expect(rescheduleRefusal(view(), { actor, startsAt: later(40) })).toBeUndefined();
  });

  it('refuses a date in the past, an end before the start, and a date it already has', () => {
    expect(rescheduleRefusal(view(), { actor, startsAt: later(-1) })).toMatchObject({ kind: 'INVALID', details: [{ field: 'startsAt' }] });
    expect(rescheduleRefusal(view(), { actor, startsAt: 'next Tuesday' })).toMatchObject({ kind: 'INVALID', en: 'startsAt is not a valid date' });
    expect(rescheduleRefusal(view(), { actor, startsAt: later(40), endsAt: later(39) })).toMatchObject({ kind: 'INVALID', details: [{ field: 'endsAt' }] });
    expect(rescheduleRefusal(view(), { actor, startsAt: later(30) })).toMatchObject({ kind: 'CONFLICT', en: 'The event is already at that date and time; nothing to reschedule' });
  });

  it('refuses to move an event that has begun, or a postponed one (it is resumed instead)', () => {
    const begun = view({ state: { startsAt: later(-0.1), endsAt: later(0.1) } });
    expect(rescheduleRefusal(begun, { actor, startsAt: later(5) })).toMatchObject({ kind: 'CONFLICT', en: 'The event has already begun' });
    const postponed = view({ state: { status: 'postponed' } });
    expect(rescheduleRefusal(postponed, { actor, startsAt: later(40) })).toMatchObject({ kind: 'CONFLICT', en: 'The event is postponed: resume it with a new date' });
    expect(resumeRefusal(postponed, { actor, startsAt: later(40) })).toBeUndefined();
    expect(resumeRefusal(view(), { actor, startsAt: later(40) })).toMatchObject({ kind: 'CONFLICT', en: 'The event is not postponed' });
  });

  it(`stops at ${MAX_DATE_CHANGES} changes of date`, () => {
    expect(rescheduleRefusal(view({ dateChanges: MAX_DATE_CHANGES - 1 }), { actor, startsAt: later(40) })).toBeUndefined();
    expect(rescheduleRefusal(view({ dateChanges: MAX_DATE_CHANGES }), { actor, startsAt: later(40) })).toMatchObject({ kind: 'CONFLICT', zh: expect.stringContaining('请取消后重新发起') });
    expect(postponeRefusal(view({ dateChanges: MAX_DATE_CHANGES }), { actor, reason: '场地' })).toMatchObject({ kind: 'CONFLICT' });
  });

  it('needs a reason to postpone, and postpones once', () => {
    expect(postponeRefusal(view(), { actor, reason: '' })).toMatchObject({ kind: 'INVALID', details: [{ field: 'reason' }] });
    expect(postponeRefusal(view(), { actor, reason: '场地维修' })).toBeUndefined();
    expect(postponeRefusal(view({ state: { status: 'postponed' } }), { actor, reason: '场地维修' })).toMatchObject({ kind: 'CONFLICT', en: 'The event is already postponed' });
  });
});

describe('a cancellation (取消活动)', () => {
  const actor = as(organiser);

  it('needs a reason, and cannot cancel an event that is over', () => {
    expect(cancelRefusal(view(), { actor, reason: ' ' })).toMatchObject({ kind: 'INVALID', details: [{ field: 'reason' }] });
    expect(cancelRefusal(view(), { actor, reason: '上级通知取消' })).toBeUndefined();
    expect(cancelRefusal(view({ state: { status: 'archived' } }), { actor, reason: '上级通知取消' })).toMatchObject({ kind: 'CONFLICT', en: 'The event is archived' });
  });

  it('once accepted, refuses every other action while its notice is still going out', () => {
    const cancelling = view({ cancelling: true });
    const refused = { kind: 'CONFLICT', zh: '活动正在取消，不能再办理', en: 'The event is being cancelled' };
    expect(rescheduleRefusal(cancelling, { actor, startsAt: later(40) })).toEqual(refused);
    expect(postponeRefusal(cancelling, { actor, reason: '场地' })).toEqual(refused);
    expect(cancelRefusal(cancelling, { actor, reason: '再取消一次' })).toEqual(refused);
    expect(approveRefusal(cancelling, { taskId: 't-head', actor: as(head) })).toEqual(refused);
    expect(acknowledgeRefusal(cancelling, { stepId: 'notice', unitCode: 'yuzhong', actor: as(liaison), values: { contactPerson: '张三' } })).toEqual(refused);
    expect(urgeRefusal(cancelling, { actor, stepId: 'notice', unitCode: 'yuzhong' })).toEqual(refused);
    // Each of these would be taken were it not for the cancellation (see the cases above).
    expect(resumeRefusal(view({ cancelling: true, state: { status: 'postponed' } }), { actor, startsAt: later(40) })).toEqual(refused);
    expect(rejectRefusal(cancelling, { taskId: 't-head', actor: as(head), comment: '预算不清' })).toEqual(refused);
    expect(withdrawRefusal(cancelling, { taskId: 't-head', actor: as(organiser) })).toEqual(refused);
    const roles = [{ role: 'department-head' as const, unitCode: 'family-children' }];
    expect(delegateRefusal(cancelling, { taskId: 't-head', actor: as(head), to: stranger, toRoles: roles })).toEqual(refused);
    // An administrator reassigning it is refused too.
    expect(delegateRefusal(view(), { taskId: 't-head', actor: as(organiser, { isAdmin: true }), to: stranger, toRoles: roles })).toBeUndefined();
    expect(delegateRefusal(cancelling, { taskId: 't-head', actor: as(organiser, { isAdmin: true }), to: stranger, toRoles: roles })).toEqual(refused);
    // Once it is done the event says so.
    expect(rescheduleRefusal(view({ cancelling: true, state: { status: 'cancelled' } }), { actor, startsAt: later(40) })).toMatchObject({ kind: 'CONFLICT', en: 'The event is cancelled' });
  });
});

describe('a receipt (签收)', () => {
  const values = { contactPerson: '张三 13800000000' };

  it("is given by the unit's liaison, or anyone the directory names its liaison", () => {
    expect(acknowledgeRefusal(view(), { stepId: 'notice', unitCode: 'yuzhong', actor: as(liaison), values })).toBeUndefined();
    expect(acknowledgeRefusal(view(), { stepId: 'notice', unitCode: 'yuzhong', actor: as(stranger, { liaisonOf: ['yuzhong'] }), values })).toBeUndefined();
    expect(acknowledgeRefusal(view(), { stepId: 'notice', unitCode: 'yuzhong', actor: as(stranger), values })).toMatchObject({ kind: 'FORBIDDEN', en: "Only the unit's liaison can acknowledge" });
  });

  it('is given once, for a unit the notice went to, with its form filled in', () => {
    const done = view({ receipts: [receipt({ status: 'acknowledged' })] });
    expect(acknowledgeRefusal(done, { stepId: 'notice', unitCode: 'yuzhong', actor: as(liaison), values })).toMatchObject({ kind: 'CONFLICT', en: 'This unit has already acknowledged' });
    expect(acknowledgeRefusal(view(), { stepId: 'notice', unitCode: 'wansheng', actor: as(liaison), values })).toMatchObject({ kind: 'NOT_FOUND' });
    expect(acknowledgeRefusal(view(), { stepId: 'notice', unitCode: 'yuzhong', actor: as(liaison), values: {} })).toMatchObject({
      kind: 'INVALID',
      en: 'Receipt errors in: contactPerson',
      details: [{ field: 'contactPerson' }],
    });
  });
});

describe('催办 (urge)', () => {
  const actor = as(organiser);

  it('urges an open task or a unit yet to acknowledge, at most once an hour each', () => {
    expect(urgeRefusal(view(), { actor, taskId: 't-head' })).toBeUndefined();
    const urged = view({ lastUrged: new Map([['t-head', NOW - HOUR + 60_000], ['notice/yuzhong', NOW - HOUR]]) });
    expect(urgeRefusal(urged, { actor, taskId: 't-head' })).toMatchObject({ kind: 'TOO_MANY', en: 'Already urged within the hour; try again later' });
    expect(urgeRefusal(urged, { actor, stepId: 'notice', unitCode: 'yuzhong' })).toBeUndefined();
  });

  it('has nothing to urge once the task is done or the unit has acknowledged', () => {
    expect(urgeRefusal(view({ tasks: [signOff({ status: 'approved' })] }), { actor, taskId: 't-head' })).toMatchObject({ kind: 'CONFLICT', en: 'This task is no longer open' });
    expect(urgeRefusal(view({ receipts: [receipt({ status: 'acknowledged' })] }), { actor, stepId: 'notice', unitCode: 'yuzhong' })).toMatchObject({ kind: 'CONFLICT' });
    expect(urgeRefusal(view(), { actor, stepId: 'notice', unitCode: 'nowhere' })).toMatchObject({ kind: 'NOT_FOUND' });
  });

  it(`stops at ${MAX_URGES_PER_DAY} in any 24 hours for one event`, () => {
    const busy = (n: number) => view({ urgedAt: Array.from({ length: n }, (_, i) => NOW - 23 * HOUR + i * 1000) });
    expect(urgeRefusal(busy(MAX_URGES_PER_DAY - 1), { actor, taskId: 't-head' })).toBeUndefined();
    expect(urgeRefusal(busy(MAX_URGES_PER_DAY), { actor, taskId: 't-head' })).toMatchObject({ kind: 'TOO_MANY', en: expect.stringContaining('try again tomorrow') });
    // A day later they count no more.
    expect(urgeRefusal({ ...busy(MAX_URGES_PER_DAY), now: NOW + 2 * HOUR }, { actor, taskId: 't-head' })).toBeUndefined();
  });
});
