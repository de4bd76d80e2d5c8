// Turn notifications (轮到你了) through the whole application on the real Temporal dev server and
// PostgreSQL: an A1 event (womens-day-110) walked through the API as its people would, each of them
// told in the inbox when it is their turn, linking to the task, and by email through a real SMTP
// server as their 通知设置 say; never a unit's robot, and never twice.
import { DataSource } from 'typeorm';
import { turnsOf } from '../../activities/notifications';
import { dataSourceOptions } from '../../src/database/data-source';
import { ReadModelRepository } from '../../src/read-model/read-model.repository';
import type { ReadModelBatch } from '../../src/read-model/rows';
import type { EventTemplate } from '../../workflows/template-types';
import type { Session } from '../support/auth';
import { apiClient } from '../support/api-client';
import { formOf, sampleValues } from '../support/event-driver';
import { eventually, startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startSmtpCapture, type SmtpCapture } from '../support/mail-capture';
import { startTestApp, type TestApp } from '../support/shared';

const A1 = 'womens-day-110'; // lead: dept-organisation; 方案审批: both heads (会签), then vice-chair-1, then the chair

interface Notification {
  id: string;
  kind: string;
  eventId: string | null;
  taskId: string | null;
  link: string | null;
  subject: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
}
interface Task {
  id: string;
  stepId: string;
  kind: string;
  round: number;
  status: string;
}

describe('turn notifications', () => {
  let smtp: SmtpCapture;
  let robots: HttpReceiver;
  let t: TestApp;
  let ds: DataSource;
  let template: EventTemplate;
  let eventId: string;
  const title = `三八妇女节110周年（轮到你了 ${Date.now()}）`;
  const { as, api } = apiClient(() => t.baseUrl);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    robots = await startHttpReceiver(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }));
    t = await startTestApp({ SMTP_URL: smtp.url, WECOM_ROBOT_URL: `${robots.url}/wecom/send`, OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    ds = new DataSource(dataSourceOptions(t.config.database.url!, 2));
    await ds.initialize();
    // The lead department has a group robot: it must hear no one's turn.
    const robot = await api(await as('admin'), 'PUT', '/units/dept-organisation/channels', { robots: [{ channel: 'wecom', url: `${robots.url}/wecom/send?key=org` }] });
    expect(robot.status).toBe(200);
    template = (await api<EventTemplate>(await as('admin'), 'GET', `/templates/${A1}`)).body;
  });

  afterAll(async () => {
    await t?.close();
    await ds?.destroy();
    await smtp?.close();
    await robots?.close();
  });

  const notifications = async (who: Session) => (await api<{ items: Notification[] }>(who, 'GET', '/notifications?pageSize=100')).body.items.filter((n) => n.eventId === eventId);

  /** Polls the caller's inbox (the read model follows the workflow through an activity). */
  const told = (who: Session, pred: (n: Notification) => boolean, what: string) =>
    eventually(`${who.user.username}: ${what}`, async () => (await notifications(who)).find(pred));

  const openTask = (who: Session, stepId: string, round = 1) =>
    eventually(`${stepId} (round ${round}) open for ${who.user.username}`, async () =>
      (await api<{ items: Task[] }>(who, 'GET', `/tasks?eventId=${eventId}&status=open`)).body.items.find((x) => x.stepId === stepId && x.round === round),
    );

  const complete = async (who: Session, task: Task) =>
    expect((await api(who, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) })).status).toBe(200);

  const deliveriesOf = (notificationId: string) =>
    ds.query<{ channel: string; target: string }[]>('SELECT channel, target FROM notification_deliveries WHERE notification_id = $1 ORDER BY channel', [notificationId]);

  async function planUpToSignOff(round: number): Promise<void> {
    const organiser = await as('organiser-organisation');
    await complete(organiser, await openTask(organiser, 'draft-plan', round));
    if (round === 1) for (const stepId of ['budget', 'venue', 'guest-list']) await complete(organiser, await openTask(organiser, stepId));
  }

  it('tells the organiser of each task assigned, linking to it, by email and never on the unit robot', async () => {
    // The head of the lead department wants sign-offs in the inbox only.
    const head = await as('head-organisation');
    const set = await api<{ kinds: { kind: string; email: boolean; mustAct: boolean }[] }>(head, 'PUT', '/me/notification-settings', {
      kinds: [{ kind: 'sign-off-waiting', email: false }],
    });
    expect(set.status).toBe(200);
    expect(set.body.kinds.find((k) => k.kind === 'sign-off-waiting')).toMatchObject({ email: false, mustAct: true });
    expect(set.body.kinds.find((k) => k.kind === 'decision')).toMatchObject({ email: true });
    const bad = await api<{ details: { field: string }[] }>(head, 'PUT', '/me/notification-settings', { kinds: [{ kind: 'no-such-kind', email: false }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.field)).toEqual(['kinds.0.kind']);

    const organiser = await as('organiser-organisation');
    const startsAt = new Date(Date.now() + 60 * 24 * 3600_000).toISOString();
    const created = await api<{ id: string }>(organiser, 'POST', '/events', { templateCode: A1, title, startsAt });
    expect(created.status).toBe(201);
    eventId = created.body.id;

    const draft = await openTask(organiser, 'draft-plan');
    const n = await told(organiser, (x) => x.taskId === draft.id, 'the draft plan is assigned');
    expect(n).toMatchObject({ kind: 'task-assigned', link: `/tasks/${draft.id}` });
    expect(n.subject['zh-CN']).toBe(`待办理：${title} · 系列活动方案起草`);
    const mail = await eventually('the email of the draft plan', () =>
      smtp.messages.find((m) => m.rcptTo.includes('organiser-organisation@fulian.example') && m.parsed.subject?.startsWith('待办理：') === true),
    );
    expect(mail.parsed.text).toContain(`/tasks/${draft.id}`);
    expect((await deliveriesOf(n.id)).map((d) => d.channel)).toEqual(['email']);
  });

  it('tells both heads when the plan sign-off waits for them: by email, or in the inbox only as one of them chose', async () => {
    await planUpToSignOff(1);
    const [headOrg, headPub] = [await as('head-organisation'), await as('head-publicity')];
    const toOrg = await told(headOrg, (x) => x.kind === 'sign-off-waiting', 'the plan sign-off waits');
    const toPub = await told(headPub, (x) => x.kind === 'sign-off-waiting', 'the plan sign-off waits');
    for (const [who, n] of [[headOrg, toOrg], [headPub, toPub]] as const) {
      const task = await openTask(who, 'plan-approval');
      expect(n).toMatchObject({ taskId: task.id, link: `/tasks/${task.id}` });
      expect(n.subject['zh-CN']).toBe(`待审批：${title} · 方案审批 · 部门负责人会签`);
    }
    await eventually('the email to head-publicity', () =>
      smtp.messages.find((m) => m.rcptTo.includes('head-publicity@fulian.example') && m.parsed.subject?.startsWith('待审批：') === true),
    );
    // Written in one transaction with the notification: no delivery now means none ever.
    expect(await deliveriesOf(toOrg.id)).toEqual([]);
    expect((await deliveriesOf(toPub.id)).map((d) => d.channel)).toEqual(['email']);
  });

  it('does not tell anyone twice when the same state is sent again', async () => {
    const count = async () => (await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM notifications WHERE event_id = $1', [eventId]))[0].n;
    const deliveries = async () =>
      (await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.event_id = $1', [eventId]))[0].n;
    const before = [await count(), await deliveries()];
    // The whole state the workflow last wrote, sent again as one batch (a retried activity, or a
    // batch the workflow sends again after the database refused it).
    const repository = new ReadModelRepository(ds);
    const state = (await repository.eventState(eventId))!;
    const batch: ReadModelBatch = {
      event: {
        eventId,
        status: state.status,
        startsAt: state.startsAt,
        endsAt: state.endsAt,
        postponedAt: state.postponedAt ?? null,
        cancelReason: state.cancelReason ?? null,
        archivedAt: state.archivedAt ?? null,
        currentStepIds: state.steps.filter((s) => s.status === 'active').map((s) => s.id),
      },
      steps: state.steps,
      tasks: state.tasks,
      notices: [],
      audit: [],
    };
    expect(batch.tasks.some((x) => x.status === 'open')).toBe(true);
    const turns = turnsOf(batch);
    await repository.sync(batch, turns.after, turns.before);
    expect([await count(), await deliveries()]).toEqual(before);

    // Turns that began before turn notifications existed (their rows carry no turn key): a batch
    // that touches those tasks again tells no one of a turn they have long had.
    const openIds = batch.tasks.filter((x) => x.status === 'open').map((x) => x.id);
    await ds.query(`UPDATE notifications SET idempotency_key = 'before-the-feature:' || id WHERE task_id = ANY($1::uuid[])`, [openIds]);
    const again = turnsOf(batch);
    await repository.sync(batch, again.after, again.before);
    expect([await count(), await deliveries()]).toEqual(before);
  });

  it('tells the organiser of a 退回 with its comment, linking to the round-2 plan, once', async () => {
    const headPub = await as('head-publicity');
    const signOff = await openTask(headPub, 'plan-approval');
    expect((await api(headPub, 'POST', `/tasks/${signOff.id}/reject`, { comment: '预算需细化到每一项' })).status).toBe(200);
    const organiser = await as('organiser-organisation');
    const round2 = await openTask(organiser, 'draft-plan', 2);
    const n = await told(organiser, (x) => x.taskId === round2.id, 'the plan came back');
    expect(n).toMatchObject({ kind: 'decision', link: `/tasks/${round2.id}` });
    expect(n.subject['zh-CN']).toBe(`已退回：${title} · 系列活动方案起草`);
    expect(n.body['zh-CN']).toContain('退回意见：预算需细化到每一项');
    expect(n.body.en).toContain('Comment: 预算需细化到每一项');
    expect((await notifications(organiser)).filter((x) => x.taskId === round2.id)).toHaveLength(1);
    await eventually('the email of the 退回', () =>
      smtp.messages.find((m) => m.rcptTo.includes('organiser-organisation@fulian.example') && m.parsed.subject?.startsWith('已退回：') === true),
    );
  });

  it('tells the approvers whose sign-off vanished when the organiser withdraws the resubmission (撤回)', async () => {
    await planUpToSignOff(2);
    const [headOrg, headPub] = [await as('head-organisation'), await as('head-publicity')];
    const tasks = [await openTask(headOrg, 'plan-approval', 2), await openTask(headPub, 'plan-approval', 2)];
    for (const [who, task] of [[headOrg, tasks[0]], [headPub, tasks[1]]] as const) {
      await told(who, (x) => x.taskId === task.id && x.kind === 'sign-off-waiting', 'the round-2 sign-off waits');
    }
    const organiser = await as('organiser-organisation');
    expect((await api(organiser, 'POST', `/tasks/${tasks[0].id}/withdraw`, { comment: '补充场地安全方案' })).status).toBe(200);
    for (const [who, task] of [[headOrg, tasks[0]], [headPub, tasks[1]]] as const) {
      const n = await told(who, (x) => x.taskId === task.id && x.kind === 'sign-off-withdrawn', 'the sign-off was withdrawn');
      expect(n.link).toBe(`/tasks/${task.id}`);
      expect(n.subject['zh-CN']).toBe(`已撤回：${title} · 方案审批 · 部门负责人会签`);
      expect(n.body['zh-CN']).toContain('补充场地安全方案');
    }
    // The organiser's own withdrawal brings the plan back as a plain task, not a 退回.
    const round3 = await openTask(organiser, 'draft-plan', 3);
    expect(await told(organiser, (x) => x.taskId === round3.id, 'the plan is back')).toMatchObject({ kind: 'task-assigned' });
  });

  it('tells each level its turn as the chain moves on, and the organiser once the plan passed every level', async () => {
    await planUpToSignOff(3);
    for (const username of ['head-organisation', 'head-publicity', 'vice-chair-1', 'chair']) {
      const who = await as(username);
      const task = await openTask(who, 'plan-approval', 3);
      await told(who, (x) => x.taskId === task.id && x.kind === 'sign-off-waiting', 'the round-3 sign-off waits');
      expect((await api(who, 'POST', `/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
    }
    const organiser = await as('organiser-organisation');
    const n = await told(organiser, (x) => x.kind === 'decision' && x.subject['zh-CN'].startsWith('审批通过：'), 'the plan passed');
    expect(n.subject['zh-CN']).toBe(`审批通过：${title} · 方案审批`);
    expect(n.link).toBe(`/events/${eventId}`);
    expect((await notifications(organiser)).filter((x) => x.subject['zh-CN'].startsWith('审批通过：'))).toHaveLength(1);
  });

  it('tells the organiser once that the event is cancelled, and no turn reached the unit robot', async () => {
    const organiser = await as('organiser-organisation');
    expect((await api(organiser, 'POST', `/events/${eventId}/cancel`, { reason: '场地检修' })).status).toBe(200);
    const n = await told(organiser, (x) => x.subject['zh-CN'].startsWith('【取消】'), 'the cancellation');
    expect(n.link).toBe(`/events/${eventId}`);
    await eventually('the event cancelled in the read model', async () =>
      (await ds.query<{ status: string }[]>('SELECT status FROM events WHERE id = $1', [eventId]))[0].status === 'cancelled' ? true : undefined,
    );
    // The announcement to everyone concerned told the organiser and the heads; the turn
    // notifications add no second message of the cancellation.
    const cancellations = await ds.query<{ recipient_id: string }[]>(
      `SELECT recipient_id FROM notifications WHERE event_id = $1 AND (kind = 'event-closed' OR idempotency_key LIKE '%:cancelled-%')`,
      [eventId],
    );
    expect(cancellations.filter((r) => r.recipient_id === organiser.user.id)).toHaveLength(1);
    // The robot works, and hears the cancellation (a message to everyone concerned)…
    await eventually('the cancellation on the robot', () => robots.requests.find((r) => r.body.includes('【取消】')));
    // …but no one's turn: a turn's deliveries are written with it, so none now means none ever.
    const robotTurns = await ds.query<{ kind: string }[]>(
      `SELECT n.kind FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.event_id = $1 AND d.channel <> 'email' AND n.kind <> 'event'`,
      [eventId],
    );
    expect(robotTurns).toEqual([]);
  });
});
