// 加签 and 抄送 refused as people would meet it, from the workflow's validators as pure functions:
// an event in the middle of its plan sign-off and a request in, the refusal (or none) out. No server.
import type { AddSignerInput, EventState, Person, TaskState } from '../../workflows/event-model';
import { addSignerRefusal, ccRefusal, MAX_ADDED_SIGNERS, type EventView } from '../../workflows/event/validators';

const NOW = Date.parse('2027-01-10T02:00:00Z');
const organiser: Person = { id: 'u-organiser', displayName: '刘组织' };
const head: Person = { id: 'u-head', displayName: '王部长' };
const publicityHead: Person = { id: 'u-publicity', displayName: '李部长' };
const viceChair: Person = { id: 'u-vice', displayName: '赵副主席' };
const rightsHead: Person = { id: 'u-rights', displayName: '陈部长' };
const stranger: Person = { id: 'u-stranger', displayName: '路人' };

const levelName = (i: number) => [{ 'zh-CN': '部门负责人会签', en: 'Department heads co-sign' }, { 'zh-CN': '分管副主席审批', en: 'Vice-chair in charge approves' }][i];
const signOff = (id: string, who: Person, level: number, over: Partial<TaskState> = {}): TaskState => ({
  id,
  stepId: 'plan-approval',
  kind: 'sign-off',
  round: 1,
  name: levelName(level),
  levelName: levelName(level),
  level,
  mode: level === 0 ? 'all' : 'sequential',
  assignees: [who],
  submitter: organiser,
  status: 'open',
  createdAt: new Date(NOW).toISOString(),
  ...over,
});

/** A1's 方案审批 at the vice-chair's level: both heads signed, the vice-chair's task is open. */
function view(extra: TaskState[] = [], over: Partial<EventState> = {}): EventView {
  return {
    state: {
      eventId: 'e1',
      title: '三八系列活动',
      templateCode: 'womens-day-110',
      templateVersion: 1,
      leadUnit: 'dept-organisation',
      organiser,
      status: 'active',
      startsAt: new Date(NOW + 60 * 86400_000).toISOString(),
      endsAt: new Date(NOW + 61 * 86400_000).toISOString(),
      participants: [],
      steps: [],
      tasks: [
        { id: 't-draft', stepId: 'draft-plan', kind: 'task', round: 1, name: { 'zh-CN': '方案起草', en: 'Draft' }, assignees: [organiser], status: 'completed', actedBy: organiser, createdAt: new Date(NOW).toISOString() },
        signOff('t-head', head, 0, { status: 'approved', actedBy: head }),
        signOff('t-publicity', publicityHead, 0, { status: 'approved', actedBy: publicityHead }),
        signOff('t-vice', viceChair, 1),
        ...extra,
      ],
      notices: [],
      values: {},
      ...over,
    },
    stepDefs: new Map(),
    cancelling: false,
    dateChanges: 0,
    withdrawals: new Map(),
    lastUrged: new Map(),
    urgedAt: [],
    now: NOW,
  };
}
const add = (signer: Person, over: Partial<AddSignerInput> = {}): AddSignerInput => ({ taskId: 't-vice', actor: viceChair, signer, position: 'before', ...over });

describe('加签 (add a signer)', () => {
  it('lets the approver of an open sign-off add someone who takes no part in the round, before or after themselves', () => {
    expect(addSignerRefusal(view(), add(rightsHead))).toBeUndefined();
    expect(addSignerRefusal(view(), add(rightsHead, { position: 'after' }))).toBeUndefined();
  });

  it('refuses the submitter, in both languages', () => {
    expect(addSignerRefusal(view(), add(organiser))).toMatchObject({ kind: 'FORBIDDEN', zh: expect.stringContaining('不能加签提交人'), en: expect.stringContaining('cannot sign it off') });
  });

  it('refuses someone who decided a level of this round', () => {
    expect(addSignerRefusal(view(), add(head))).toMatchObject({ kind: 'FORBIDDEN', zh: expect.stringContaining('已审批本轮的“部门负责人会签”'), en: expect.stringContaining('already decided "Department heads co-sign"') });
  });

  it('refuses someone who already signs this level, the approver themself included', () => {
    expect(addSignerRefusal(view([signOff('t-added', rightsHead, 1, { status: 'waiting', addedFor: 't-vice', addedHow: 'after' })]), add(rightsHead))).toMatchObject({ kind: 'CONFLICT', en: expect.stringContaining('already signs this level') });
    expect(addSignerRefusal(view(), add(viceChair))).toMatchObject({ kind: 'CONFLICT' });
  });

  it('refuses anyone but the task’s assignee, an administrator, and a task that is not open', () => {
    expect(addSignerRefusal(view(), add(rightsHead, { actor: stranger }))).toMatchObject({ kind: 'FORBIDDEN', en: 'This task is not assigned to you' });
    expect(addSignerRefusal(view(), add(rightsHead, { signerIsAdmin: true }))).toMatchObject({ kind: 'FORBIDDEN', en: expect.stringContaining('administrator') });
    expect(addSignerRefusal(view(), add(rightsHead, { taskId: 't-head', actor: head }))).toMatchObject({ kind: 'CONFLICT' });
  });

  it('refuses a position other than before or after, naming the field', () => {
    expect(addSignerRefusal(view(), add(rightsHead, { position: 'instead' as never }))).toMatchObject({ kind: 'INVALID', details: [{ field: 'position' }] });
  });

  it('refuses an added signer adding another, and more than the bound on one task', () => {
    const added = signOff('t-added', rightsHead, 1, { addedFor: 't-vice', addedHow: 'before' });
    expect(addSignerRefusal(view([added]), { taskId: 't-added', actor: rightsHead, signer: stranger, position: 'after' })).toMatchObject({ kind: 'FORBIDDEN', en: expect.stringContaining('cannot add further signers') });
    const many = Array.from({ length: MAX_ADDED_SIGNERS }, (_, i) =>
      signOff(`t-a${i}`, { id: `u-a${i}`, displayName: `审批人${i}` }, 1, { status: 'approved', actedBy: { id: `u-a${i}`, displayName: `审批人${i}` }, addedFor: 't-vice', addedHow: 'before' }),
    );
    expect(addSignerRefusal(view(many), add(rightsHead))).toMatchObject({ kind: 'CONFLICT', en: `An approver may add at most ${MAX_ADDED_SIGNERS} signers` });
  });
});

describe('抄送 (CC) from a task', () => {
  const cc = (actor: Person, taskId = 't-draft') => ({ taskId, actor, recipients: [{ ...rightsHead, unitCode: 'dept-rights' }] });

  it('is taken from the submitter — whoever completed the work task, or submitted the sign-off — and from the event’s managers', () => {
    expect(ccRefusal(view(), cc(organiser))).toBeUndefined();
    expect(ccRefusal(view(), cc(organiser, 't-vice'))).toBeUndefined();
    expect(ccRefusal(view(), { ...cc(head, 't-vice'), byManager: true })).toBeUndefined();
  });

  it('is refused to an approver who did not submit, in both languages', () => {
    expect(ccRefusal(view(), cc(viceChair, 't-vice'))).toMatchObject({ kind: 'FORBIDDEN', zh: expect.stringContaining('只有提交人或活动负责人'), en: expect.stringContaining("submitter or the event's managers") });
    expect(ccRefusal(view(), cc(publicityHead, 't-publicity'))).toMatchObject({ kind: 'FORBIDDEN' });
  });

  it('is refused to someone outside the task, with nobody named, and once the event is closed', () => {
    expect(ccRefusal(view(), cc(stranger))).toMatchObject({ kind: 'FORBIDDEN' });
    expect(ccRefusal(view(), { ...cc(organiser), recipients: [] })).toMatchObject({ kind: 'INVALID', details: [{ field: 'personIds' }] });
    expect(ccRefusal(view([], { status: 'archived' }), cc(organiser))).toMatchObject({ kind: 'CONFLICT', zh: '活动已归档' });
  });
});
