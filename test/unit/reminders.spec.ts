// The reminder planner: which reminders (提醒), chasers (催办) and escalations (督办) an event owes,
// when they fire and who hears them, from the event's state alone.
import type { EventState, NoticeState, Person, ReceiptState, TaskState } from '../../workflows/event-model';
import { pendingReminders, plannedReminders, type Reminder, type ReminderContext } from '../../workflows/reminders';
import type { NotifyStep, ReminderPolicy } from '../../workflows/template-types';

const person = (id: string, displayName = id): Person => ({ id, displayName });
const organiser = person('organiser-family-children', '王芳');
const alice = person('alice', '李小明');
const bob = person('bob', '张伟');
const chair = person('head-family-children', '赵敏');

// Times are written in China Standard Time, as organisers think of them.
const cst = (local: string) => new Date(`${local}+08:00`).toISOString();
const ms = (local: string) => Date.parse(`${local}+08:00`);

function event(overrides: Partial<EventState> = {}): EventState {
  return {
    eventId: 'e1',
    title: '六一亲子活动',
    templateCode: 'childrens-day-sorting',
    templateVersion: 1,
    leadUnit: 'dept-family-children',
    organiser,
    status: 'active',
    startsAt: cst('2027-06-01T09:30:00'),
    endsAt: cst('2027-06-01T12:00:00'),
    participants: [alice],
    steps: [],
    tasks: [],
    notices: [],
    values: {},
    ...overrides,
  };
}

function task(overrides: Partial<TaskState> & Pick<TaskState, 'id'>): TaskState {
  return {
    stepId: `step-${overrides.id}`,
    kind: 'task',
    round: 1,
    name: { 'zh-CN': '制定活动方案', en: 'Draft the plan' },
    assignees: [bob],
    status: 'open',
    createdAt: cst('2027-05-10T09:00:00'),
    ...overrides,
  };
}

function context(policy: ReminderPolicy, overrides: Partial<ReminderContext> = {}): ReminderContext {
  return { policy, notifySteps: new Map(), scheduleSetAt: ms('2027-05-01T09:00:00'), ...overrides };
}

const ofKind = (planned: Reminder[], kind: Reminder['kind']) => planned.filter((r) => r.kind === kind);
const fires = (r: Reminder) => new Date(r.fireAt).toISOString();
const names = (people: Person[]) => people.map((p) => p.id).sort();

describe('before the event', () => {
  it('reminds 7 days and 1 day before, at the clock time of the start, the participants, the owners of open tasks and the organiser, once each', () => {
    const state = event({ participants: [alice, bob], tasks: [task({ id: 't1', assignees: [bob] })] });
    const planned = ofKind(plannedReminders(state, context({ beforeEvent: ['-7d', '-1d'] })), 'before-event');

    expect(planned.map(fires)).toEqual([cst('2027-05-25T09:30:00'), cst('2027-05-31T09:30:00')]);
    for (const r of planned) expect(names(r.recipients)).toEqual(['alice', 'bob', 'organiser-family-children']);
    expect(planned[0].subject['zh-CN']).toBe('【提醒】六一亲子活动将于2027年6月1日 09:30举行');
    expect(planned[0].message['zh-CN']).toContain('距活动开始还有7天');
    expect(planned[1].message.en).toContain('1 day(s) to go');
  });

  it('counts working days over a weekend: two working days before a Monday is the Thursday before', () => {
    // 2027-06-07 is a Monday.
    const state = event({ startsAt: cst('2027-06-07T09:30:00'), endsAt: cst('2027-06-07T12:00:00') });
    const [r] = plannedReminders(state, context({ beforeEvent: ['-2wd'] }));
    expect(fires(r)).toBe(cst('2027-06-03T09:30:00'));
  });

  it('skips the National Day holiday and counts the make-up working Saturday (调休)', () => {
    // 2026: 1–7 October off; Saturday 10 October is worked.
    const afterHoliday = event({ startsAt: cst('2026-10-08T14:00:00'), endsAt: cst('2026-10-08T17:00:00') });
    expect(fires(plannedReminders(afterHoliday, context({ beforeEvent: ['-2wd'] }, { scheduleSetAt: ms('2026-09-01T09:00:00') }))[0])).toBe(
      cst('2026-09-29T14:00:00'),
    );
    const mondayAfterMakeUpDay = event({ startsAt: cst('2026-10-12T14:00:00'), endsAt: cst('2026-10-12T17:00:00') });
    expect(fires(plannedReminders(mondayAfterMakeUpDay, context({ beforeEvent: ['-1wd'] }, { scheduleSetAt: ms('2026-09-01T09:00:00') }))[0])).toBe(
      cst('2026-10-10T14:00:00'),
    );
  });

  it('moves with a new date: the same reminder, at the new time, to be sent again', () => {
    const ctx = context({ beforeEvent: ['-1d'] });
    const [before] = plannedReminders(event(), ctx);
    const moved = event({ startsAt: cst('2027-06-15T09:30:00'), endsAt: cst('2027-06-15T12:00:00') });
    const [after] = plannedReminders(moved, { ...ctx, scheduleSetAt: ms('2027-05-20T10:00:00') });

    expect(after.id).toBe(before.id);
    expect(fires(after)).toBe(cst('2027-06-14T09:30:00'));
    expect(after.subject['zh-CN']).toContain('2027年6月15日 09:30');
    // Sent at the old time, it is owed again at the new one.
    expect(pendingReminders([after], new Set([before.key]))).toEqual([after]);
  });

  it('plans nothing while the date is to be decided (延期待定)', () => {
    const state = event({ status: 'postponed', postponedAt: cst('2027-05-20T10:00:00') });
    expect(ofKind(plannedReminders(state, context({ beforeEvent: ['-7d', '-1d'] })), 'before-event')).toEqual([]);
  });
});

describe('nothing in the past', () => {
  it('does not send a reminder whose time had passed when the date was set: an event moved to 3 days from now gets its 1-day reminder only', () => {
    const setAt = ms('2027-05-29T10:00:00');
    const state = event(); // 1 June
    const planned = plannedReminders(state, context({ beforeEvent: ['-7d', '-1d'] }, { scheduleSetAt: setAt }));
    const pending = pendingReminders(planned, new Set());
    expect(pending.map(fires)).toEqual([cst('2027-05-31T09:30:00')]);
  });

  it('does not send twice what was sent', () => {
    const planned = plannedReminders(event(), context({ beforeEvent: ['-7d', '-1d'] }));
    expect(pendingReminders(planned, new Set([planned[0].key])).map(fires)).toEqual([cst('2027-05-31T09:30:00')]);
  });

  it('owes nothing for a cancelled or archived event', () => {
    const tasks = [task({ id: 't1' })];
    const ctx = context({ beforeEvent: ['-1d'], taskSla: '2d' });
    expect(plannedReminders(event({ status: 'cancelled', tasks }), ctx)).toEqual([]);
    expect(plannedReminders(event({ status: 'archived', tasks }), ctx)).toEqual([]);
  });
});

describe('催办 and 督办 of open tasks', () => {
  it('chases the assignee after the SLA, then escalates after twice the SLA', () => {
    const state = event({ tasks: [task({ id: 't1', createdAt: cst('2027-05-10T09:00:00') })] });
    const planned = plannedReminders(state, context({ taskSla: '2d' }));
    const [chase] = ofKind(planned, 'task-sla');
    const [escalation] = ofKind(planned, 'task-escalation');

    expect(fires(chase)).toBe(cst('2027-05-12T09:00:00'));
    expect(chase.escalation).toBe(false);
    expect(chase.subject['zh-CN']).toBe('【催办】请尽快办理“制定活动方案”');
    expect(names(chase.recipients)).toEqual(['bob']);
    expect(fires(escalation)).toBe(cst('2027-05-14T09:00:00'));
    expect(escalation.escalation).toBe(true); // the assignee's superiors hear it
    expect(escalation.subject['zh-CN']).toBe('【督办】“制定活动方案”超时未办理');
    expect(escalation.message['zh-CN']).toContain('张伟的待办超时未办理');
    expect(planned.indexOf(chase)).toBeLessThan(planned.indexOf(escalation));
  });

  it('counts a working-day SLA over the weekend', () => {
    // Created on Friday 2027-05-14: 2 working days later is Tuesday the 18th.
    const state = event({ tasks: [task({ id: 't1', createdAt: cst('2027-05-14T16:00:00') })] });
    const [chase] = ofKind(plannedReminders(state, context({ taskSla: '2wd' })), 'task-sla');
    expect(fires(chase)).toBe(cst('2027-05-18T16:00:00'));
  });

  it("takes a sign-off level's deadline as its SLA", () => {
    const signOff = task({ id: 's1', kind: 'sign-off', assignees: [chair], createdAt: cst('2027-05-10T09:00:00'), dueAt: cst('2027-05-11T09:00:00') });
    const planned = plannedReminders(event({ tasks: [signOff] }), context({ signOffSla: '5d' }));
    expect(ofKind(planned, 'task-sla').map(fires)).toEqual([cst('2027-05-11T09:00:00')]);
    expect(ofKind(planned, 'task-escalation').map(fires)).toEqual([cst('2027-05-12T09:00:00')]);
  });

  it("tells the assignee when a task's deadline comes", () => {
    const state = event({ tasks: [task({ id: 't1', dueAt: cst('2027-05-20T18:00:00') })] });
    const [due] = ofKind(plannedReminders(state, context({})), 'task-overdue');
    expect(fires(due)).toBe(cst('2027-05-20T18:00:00'));
    expect(due.subject['zh-CN']).toBe('【到期提醒】“制定活动方案”今日到期');
  });

  it('stops chasing a task once it is done', () => {
    const state = event({ tasks: [task({ id: 't1', status: 'completed', closedAt: cst('2027-05-11T09:00:00') })] });
    expect(plannedReminders(state, context({ taskSla: '2d' }))).toEqual([]);
  });

  it('reminds nobody of a task that has no one to do it', () => {
    const state = event({ tasks: [task({ id: 't1', assignees: [] })] });
    expect(plannedReminders(state, context({ taskSla: '2d' }))).toEqual([]);
  });
});

describe('the report', () => {
  it('is announced the day before it is due, chased the day after, and escalated three days after', () => {
    const report = task({ id: 'r1', kind: 'report', createdAt: cst('2027-06-01T12:00:00'), dueAt: cst('2027-06-08T18:00:00') });
    const planned = plannedReminders(event({ tasks: [report] }), context({ taskSla: '1d' }));
    expect(planned.map((r) => [r.kind, fires(r), r.escalation])).toEqual([
      ['report-due', cst('2027-06-07T18:00:00'), false],
      ['report-overdue', cst('2027-06-09T18:00:00'), false],
      ['report-escalation', cst('2027-06-11T18:00:00'), true],
    ]);
  });
});

describe('acknowledgements of an official notice (签收)', () => {
  const receipt = (unitCode: string, status: ReceiptState['status'], liaison: Person): ReceiptState => ({
    unitCode,
    unitName: { yuzhong: '渝中区妇联', jiangbei: '江北区妇联', shapingba: '沙坪坝区妇联' }[unitCode] ?? unitCode,
    liaisons: [liaison],
    status,
  });
  const notice = (receipts: ReceiptState[]): NoticeState => ({
    stepId: 'notice',
    round: 1,
    noticeId: 'n1',
    docNumber: '渝妇发〔2027〕12号',
    subject: '关于开展六一亲子活动的通知',
    issuedAt: cst('2027-05-10T09:00:00'),
    recipientCount: receipts.length,
    receiptsDueAt: cst('2027-05-15T17:00:00'),
    receipts,
  });
  const notifySteps = new Map([['notice', { receipt: { escalateAfter: '2d' } } as NotifyStep]]);

  it('reminds the units that have not acknowledged by the deadline, then escalates naming them', () => {
    const state = event({
      notices: [
        notice([
          receipt('yuzhong', 'pending', person('liaison-yuzhong')),
          receipt('jiangbei', 'acknowledged', person('liaison-jiangbei')),
          receipt('shapingba', 'pending', person('liaison-shapingba')),
        ]),
      ],
    });
    const planned = plannedReminders(state, context({}, { notifySteps }));
    const [remind] = ofKind(planned, 'receipt');
    const [escalate] = ofKind(planned, 'receipt-escalation');

    expect(fires(remind)).toBe(cst('2027-05-15T17:00:00'));
    expect(names(remind.recipients)).toEqual(['liaison-shapingba', 'liaison-yuzhong']);
    expect(remind.unitCodes).toEqual(['yuzhong', 'shapingba']);
    expect(remind.subject['zh-CN']).toBe('【签收提醒】请尽快签收《关于开展六一亲子活动的通知》（渝妇发〔2027〕12号）');
    expect(fires(escalate)).toBe(cst('2027-05-17T17:00:00'));
    expect(escalate.escalation).toBe(true);
    expect(escalate.message['zh-CN']).toBe('以下单位逾期未签收：渝中区妇联、沙坪坝区妇联。请督促办理。');
  });

  it('owes nothing once every unit has acknowledged, nor while the event is postponed', () => {
    const all = notice([receipt('yuzhong', 'acknowledged', person('liaison-yuzhong'))]);
    expect(plannedReminders(event({ notices: [all] }), context({}, { notifySteps }))).toEqual([]);
    const pending = notice([receipt('yuzhong', 'pending', person('liaison-yuzhong'))]);
    expect(plannedReminders(event({ status: 'postponed', notices: [pending] }), context({}, { notifySteps }))).toEqual([]);
  });
});

describe('the plan as a whole', () => {
  it('lists every reminder in firing order, each with a key of its own', () => {
    const state = event({
      tasks: [task({ id: 't1', createdAt: cst('2027-05-20T09:00:00') }), task({ id: 't2', createdAt: cst('2027-05-10T09:00:00') })],
    });
    const planned = plannedReminders(state, context({ beforeEvent: ['-7d', '-1d'], taskSla: '3d' }));
    const times = planned.map((r) => r.fireAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(planned.map((r) => r.key)).size).toBe(planned.length);
    expect(planned).toHaveLength(6);
  });
});
