// Turn notifications (轮到你了) from a read-model batch: who is told, of what, with which key, and
// what is not announced (a turn already over, a waiting approver, a unit's robot).
import { rejectionsOf, type ClosedSignOff } from '../../activities/notifications/announce-turns';
import { turnNotifications, type TurnContext } from '../../activities/notifications/turns';
import type { OutboundMessage } from '../../src/notifications/channels/channel';
import { isPersonalKind } from '../../src/notifications/kinds';
import { emailHtml, emailText } from '../../src/notifications/message';
import type { ReadModelBatch } from '../../src/read-model/rows';
import type { Person, StepState, TaskState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';

const person = (id: string, displayName = id): Person => ({ id, displayName });
const organiser = person('organiser', '王芳');
const head = person('head', '赵敏');
const vice = person('vice', '刘副主席');
const deputy = person('deputy', '陈晨');

const planStep = { 'zh-CN': '方案审批', en: 'Plan sign-off' };
const headLevel = { 'zh-CN': '部门负责人会签', en: 'Department heads' };

function context(over: Partial<TurnContext> = {}): TurnContext {
  return {
    title: '庆祝三八妇女节110周年',
    organiserId: organiser.id,
    leadHeadIds: [head.id],
    stepNames: new Map([
      ['plan-approval', planStep],
      ['draft-plan', { 'zh-CN': '拟定方案', en: 'Draft the plan' }],
    ]),
    returnedBy: new Map(),
    before: new Map(),
    toldOf: new Map(),
    submitterOf: new Map(),
    withdrawals: new Map(),
    toldOfCancellation: new Set(),
    ...over,
  };
}

function signOff(over: Partial<TaskState> = {}): TaskState {
  return {
    id: 's1',
    stepId: 'plan-approval',
    kind: 'sign-off',
    round: 1,
    name: headLevel,
    levelName: headLevel,
    level: 0,
    mode: 'sequential',
    assignees: [head],
    submitter: organiser,
    status: 'open',
    createdAt: '2027-02-01T01:00:00.000Z',
    dueAt: '2027-02-03T01:00:00.000Z',
    ...over,
  };
}

function work(over: Partial<TaskState> = {}): TaskState {
  return {
    id: 'w1',
    stepId: 'draft-plan',
    kind: 'task',
    round: 1,
    name: { 'zh-CN': '拟定方案', en: 'Draft the plan' },
    assignees: [organiser],
    status: 'open',
    createdAt: '2027-02-01T01:00:00.000Z',
    ...over,
  };
}

function batch(over: { tasks?: TaskState[]; steps?: StepState[]; status?: string; cancelReason?: string } = {}): ReadModelBatch {
  return {
    event: {
      eventId: 'e1',
      status: over.status ?? 'active',
      startsAt: '2027-03-08T01:30:00.000Z',
      endsAt: '2027-03-08T04:00:00.000Z',
      postponedAt: null,
      cancelReason: over.cancelReason ?? null,
      archivedAt: null,
      currentStepIds: [],
    },
    steps: over.steps ?? [],
    tasks: over.tasks ?? [],
    notices: [],
    audit: [],
  };
}

describe('turn notifications', () => {
  it('tells each approver of an open sign-off, naming the event, the step and the level, linking to the task', () => {
    const rows = turnNotifications(batch({ tasks: [signOff({ assignees: [head, deputy] })] }), context());
    expect(rows.map((r) => [r.recipientId, r.kind, r.taskId, r.key])).toEqual([
      ['head', 'sign-off-waiting', 's1', 'turn:s1:2027-02-01T01:00:00.000Z:head'],
      ['deputy', 'sign-off-waiting', 's1', 'turn:s1:2027-02-01T01:00:00.000Z:deputy'],
    ]);
    expect(rows[0].subject['zh-CN']).toBe('待审批：庆祝三八妇女节110周年 · 方案审批 · 部门负责人会签');
    expect(rows[0].subject.en).toBe('To sign off: 庆祝三八妇女节110周年 · Plan sign-off · Department heads');
    expect(rows[0].body['zh-CN']).toContain('提交人：王芳');
    expect(rows[0].body['zh-CN']).toContain('2027年2月3日 09:00');
  });

  it('does not tell a sequential approver who is still waiting, and tells them once it is their turn', () => {
    expect(turnNotifications(batch({ tasks: [signOff({ assignees: [vice], status: 'waiting' })] }), context())).toEqual([]);
    const rows = turnNotifications(batch({ tasks: [signOff({ assignees: [vice], status: 'open' })] }), context());
    expect(rows.map((r) => r.recipientId)).toEqual(['vice']);
  });

  it('tells an approver again when their turn comes back after a signer added before them (前加签)', () => {
    const first = turnNotifications(batch({ tasks: [signOff()] }), context());
    const waiting = turnNotifications(batch({ tasks: [signOff({ status: 'waiting' })] }), context());
    const again = turnNotifications(batch({ tasks: [signOff({ createdAt: '2027-02-02T03:00:00.000Z' })] }), context());
    expect(waiting).toEqual([]);
    expect(again.map((r) => r.key)).toEqual(['turn:s1:2027-02-02T03:00:00.000Z:head']);
    expect(again[0].key).not.toBe(first[0].key);
  });

  it('announces no turn that is already over when the task is first seen closed', () => {
    const rows = turnNotifications(batch({ tasks: [work({ status: 'completed' }), signOff({ status: 'closed' })] }), context());
    expect(rows).toEqual([]);
  });

  it('tells whoever a work task is assigned to, and the same batch again gives the same keys', () => {
    const b = batch({ tasks: [work()] });
    const first = turnNotifications(b, context());
    expect(first.map((r) => [r.recipientId, r.kind, r.subject['zh-CN']])).toEqual([['organiser', 'task-assigned', '待办理：庆祝三八妇女节110周年 · 拟定方案']]);
    expect(turnNotifications(b, context()).map((r) => r.key)).toEqual(first.map((r) => r.key));
  });

  it('makes a resubmission after 退回 one message to the submitter with the comment, linking to the round-2 task', () => {
    const round2 = work({ id: 'w2', round: 2 });
    const rows = turnNotifications(
      batch({ tasks: [signOff({ status: 'rejected', actedBy: head, comment: '预算偏高' }), round2] }),
      context({ returnedBy: new Map([['w2', { actedBy: head, comment: '预算偏高', submitter: organiser }]]) }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recipientId: 'organiser', kind: 'decision', taskId: 'w2', key: 'turn:w2:2027-02-01T01:00:00.000Z:organiser' });
    expect(rows[0].subject['zh-CN']).toBe('已退回：庆祝三八妇女节110周年 · 拟定方案');
    expect(rows[0].body['zh-CN']).toContain('赵敏退回了您的提交。退回意见：预算偏高');
    expect(rows[0].body.en).toContain('Comment: 预算偏高');
  });

  it('tells the round’s submitter of a 退回 that reopened a step someone else holds, linking to the event', () => {
    const round2 = work({ id: 'w2', round: 2, stepId: 'draft-plan', assignees: [deputy] });
    const rows = turnNotifications(batch({ tasks: [round2] }), context({ returnedBy: new Map([['w2', { actedBy: head, comment: '预算偏高', submitter: organiser }]]) }));
    expect(rows.map((r) => [r.recipientId, r.kind, r.taskId, r.key])).toEqual([
      ['deputy', 'decision', 'w2', 'turn:w2:2027-02-01T01:00:00.000Z:deputy'],
      ['organiser', 'decision', null, 'returned:w2:2027-02-01T01:00:00.000Z:organiser'],
    ]);
    expect(rows[1].body['zh-CN']).toBe('赵敏退回了您的提交。退回意见：预算偏高。此步骤已退回给陈晨重新办理（第 2 轮）。');
    expect(rows[1].stepId).toBe('draft-plan');
  });

  it('announces no turn for a task that was open before the batch with the same start (a deadline moved, a handover seen again)', () => {
    const t = signOff({ assignees: [deputy, vice], dueAt: '2027-02-05T01:00:00.000Z' });
    const open = { status: 'open', createdAt: t.createdAt, delegations: 0 };
    expect(turnNotifications(batch({ tasks: [t] }), context({ before: new Map([['s1', open]]) }))).toEqual([]);
    // Seen before as waiting: the turn begins now. Opened again (前加签): a new start.
    expect(turnNotifications(batch({ tasks: [t] }), context({ before: new Map([['s1', { ...open, status: 'waiting' }]]) }))).toHaveLength(2);
    expect(turnNotifications(batch({ tasks: [t] }), context({ before: new Map([['s1', { ...open, createdAt: '2027-01-30T01:00:00.000Z' }]]) }))).toHaveLength(2);
    const handedOver = { ...t, delegations: [{ from: head, to: deputy, at: '2027-02-01T02:00:00.000Z' }] };
    const rows = turnNotifications(batch({ tasks: [handedOver] }), context({ before: new Map([['s1', open]]) }));
    expect(rows.map((r) => [r.recipientId, r.kind])).toEqual([['deputy', 'delegated']]);
    expect(turnNotifications(batch({ tasks: [handedOver] }), context({ before: new Map([['s1', { ...open, delegations: 1 }]]) }))).toEqual([]);
  });

  it('finds the 退回 behind a resubmission by the template’s onReject, never another branch’s rejection', () => {
    const template: Pick<EventTemplate, 'steps'> = {
      steps: [
        { id: 'draft-plan', type: 'task', name: planStep, assignee: { role: 'organiser' } },
        {
          id: 'branches',
          type: 'parallel',
          name: planStep,
          branches: [
            {
              name: planStep,
              steps: [
                { id: 'budget', type: 'task', name: planStep, assignee: { role: 'organiser' } },
                { id: 'budget-approval', type: 'approval', name: planStep, subject: 'budget', onReject: 'draft-plan', levels: [] },
              ],
            },
            {
              name: planStep,
              steps: [
                { id: 'venue', type: 'task', name: planStep, assignee: { role: 'organiser' } },
                { id: 'venue-approval', type: 'approval', name: planStep, subject: 'venue', levels: [] },
              ],
            },
          ],
        },
      ],
    } as unknown as Pick<EventTemplate, 'steps'>;
    const closed = (over: Partial<ClosedSignOff>): ClosedSignOff => ({
      id: 'x', stepId: 'budget-approval', kind: 'sign-off', round: 1, status: 'rejected', assignees: [], createdAt: '2027-02-01T00:00:00.000Z', closedAt: '2027-02-01T02:00:00.000Z', ...over,
    });
    const signOffs = [
      // The venue branch's rejection is later, and about another step: it must not be the draft's.
      closed({ id: 'v', stepId: 'venue-approval', actedBy: vice, comment: '场地太小', submitter: deputy, closedAt: '2027-02-01T03:00:00.000Z' }),
      closed({ id: 'b', actedBy: head, comment: '预算偏高', submitter: deputy }),
    ];
    const draft2 = work({ id: 'w2', round: 2, createdAt: '2027-02-01T03:30:00.000Z' });
    const venue2 = work({ id: 'w3', stepId: 'venue', round: 2, assignees: [deputy], createdAt: '2027-02-01T03:30:00.000Z' });
    const budget2 = work({ id: 'w4', stepId: 'budget', round: 2, assignees: [deputy], createdAt: '2027-02-01T03:30:00.000Z' });
    const found = rejectionsOf(template, signOffs, [draft2, venue2, budget2]);
    expect([...found]).toEqual([
      ['w2', { actedBy: head, comment: '预算偏高', submitter: deputy }],
      ['w3', { actedBy: vice, comment: '场地太小', submitter: deputy }],
    ]);
    // A 撤回 of the venue's sign-off after its 退回 makes the venue's resubmission a plain task again.
    const taken = closed({ id: 'v2', round: 2, status: 'withdrawn', stepId: 'venue-approval', closedAt: '2027-02-01T03:20:00.000Z' });
    expect([...rejectionsOf(template, [...signOffs, taken], [draft2, venue2]).keys()]).toEqual(['w2']);
  });

  it('tells the new assignee of a handover (转交) instead of announcing a plain turn', () => {
    const t = signOff({ assignees: [deputy], delegations: [{ from: head, to: deputy, at: '2027-02-01T02:00:00.000Z', comment: '出差' }] });
    const rows = turnNotifications(batch({ tasks: [t] }), context());
    expect(rows.map((r) => [r.recipientId, r.kind, r.key])).toEqual([['deputy', 'delegated', 'delegated:s1:0:deputy']]);
    expect(rows[0].body['zh-CN']).toContain('赵敏将此待办转交给您。说明：出差');
  });

  it('tells of a withdrawal (撤回) only the approvers who had been told of the turn', () => {
    const t = signOff({ assignees: [head], status: 'withdrawn' });
    const waiting = signOff({ id: 's2', assignees: [vice], status: 'withdrawn' });
    const rows = turnNotifications(
      batch({ tasks: [t, waiting] }),
      context({ toldOf: new Map([['s1', new Set(['head'])]]), withdrawals: new Map([['plan-approval', { actorName: '王芳', comment: '补充预算' }]]) }),
    );
    expect(rows.map((r) => [r.recipientId, r.kind, r.taskId])).toEqual([['head', 'sign-off-withdrawn', 's1']]);
    expect(rows[0].body['zh-CN']).toBe('王芳已撤回提交，此审批无需再办理。说明：补充预算。');
  });

  it('tells the submitter once an approval step has passed every level', () => {
    const step: StepState = { id: 'plan-approval', type: 'approval', name: planStep, position: 1, status: 'done', round: 2 };
    const rows = turnNotifications(batch({ steps: [step] }), context({ submitterOf: new Map([['plan-approval', organiser]]) }));
    expect(rows.map((r) => [r.recipientId, r.kind, r.key, r.subject['zh-CN']])).toEqual([
      ['organiser', 'decision', 'passed:e1:plan-approval:2:organiser', '审批通过：庆祝三八妇女节110周年 · 方案审批'],
    ]);
    const active = { ...step, status: 'active' as const };
    expect(turnNotifications(batch({ steps: [active] }), context({ submitterOf: new Map([['plan-approval', organiser]]) }))).toEqual([]);
  });

  it('tells the organiser and the lead department’s heads that the event was archived', () => {
    const rows = turnNotifications(batch({ status: 'archived' }), context());
    expect(rows.map((r) => [r.recipientId, r.kind, r.key])).toEqual([
      ['organiser', 'event-closed', 'event:e1:archived:organiser'],
      ['head', 'event-closed', 'event:e1:archived:head'],
    ]);
  });

  it('tells of a cancellation, with its reason, only those the announcement to everyone left out; no turn in an ended event', () => {
    const rows = turnNotifications(
      batch({ status: 'cancelled', cancelReason: '场地不可用', tasks: [work()] }),
      context({ toldOfCancellation: new Set(['organiser']) }),
    );
    expect(rows.map((r) => [r.recipientId, r.kind, r.body['zh-CN']])).toEqual([['head', 'event-closed', '原因：场地不可用']]);
  });

  it('marks every turn kind personal, so a unit’s robot never hears one', () => {
    const rows = turnNotifications(batch({ status: 'archived', tasks: [work(), signOff()] }), context());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => isPersonalKind(r.kind))).toBe(true);
    expect(isPersonalKind('notice')).toBe(false);
  });

  it('puts the page where the recipient acts into a turn’s email, and leaves other kinds’ emails as they were', () => {
    const message = (kind: string): OutboundMessage => ({
      notificationId: 'n1',
      kind,
      eventId: 'e1',
      eventTitle: '庆祝三八妇女节110周年',
      stepId: 'plan-approval',
      taskId: kind === 'notice' ? null : 's1',
      subject: { 'zh-CN': '待审批：庆祝三八妇女节110周年', en: 'To sign off' },
      body: { 'zh-CN': '请办理。', en: 'Please handle it.' },
      calendar: null,
      createdAt: new Date('2027-02-01T01:00:00Z'),
      recipient: { id: 'head', username: 'head-organisation', displayName: '赵敏' },
      unit: { code: 'dept-organisation', nameZh: '组织部', nameEn: 'Organisation Department' },
      audience: 'person',
      secret: null,
    });
    const turn = emailText(message('sign-off-waiting'), 'https://oa.fulian.example/');
    expect(turn).toContain('办理或查看：https://oa.fulian.example/tasks/s1');
    expect(turn).toContain('Open: https://oa.fulian.example/tasks/s1');
    expect(emailHtml(message('sign-off-waiting'), 'https://oa.fulian.example')).toContain('https://oa.fulian.example/tasks/s1');
    expect(emailText(message('notice'), 'https://oa.fulian.example')).not.toContain('办理或查看');
  });
});
