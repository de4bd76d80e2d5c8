// What an organiser sees and does over a running event through the API: the schedule of reminders
// and deadlines (and what a new date moved), the receipt roll-up of a notice, and manual 催办.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import type { EventSchedule } from '../../workflows/event-model';
import { login, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv } from '../support/time-skipping';

const DAY = 24 * 3600_000;

describe('event oversight API', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  let organiser: Session;
  let liaison: Session;
  let eventId: string;

  const api = async <T>(who: Session, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api${path}`, { method, headers: who.headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
    organiser = await login(t.baseUrl, 'organiser-family-children');
    liaison = await login(t.baseUrl, 'liaison-yuzhong');
    const startsAt = new Date((await env.currentTimeMs()) + 40 * DAY).toISOString();
    const created = await api<{ id: string }>(organiser, 'POST', '/events', { templateCode: 'childrens-day-sorting', title: '六一亲子活动', startsAt });
    expect(created.status).toBe(201);
    eventId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await env?.teardown();
  });

  it('lists pending reminders and deadlines with their recipients, and after a new date what moved', async () => {
    let schedule = await api<EventSchedule>(organiser, 'GET', `/events/${eventId}/schedule`);
    for (let i = 0; i < 50 && !schedule.body.deadlines.some((d) => d.kind === 'task'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      schedule = await api<EventSchedule>(organiser, 'GET', `/events/${eventId}/schedule`);
    }
    expect(schedule.status).toBe(200);
    const draft = schedule.body.deadlines.find((d) => d.kind === 'task')!;
    expect(draft.who.map((p) => p.id)).toEqual([organiser.user.id]);
    const beforeEvent = schedule.body.reminders.filter((r) => r.kind === 'before-event');
    expect(beforeEvent.map((r) => r.subject['zh-CN'])).toEqual([expect.stringContaining('【提醒】'), expect.stringContaining('【提醒】')]);
    expect(schedule.body.reminders.find((r) => r.kind === 'task-sla')!.recipients.map((p) => p.id)).toEqual([organiser.user.id]);

    const startsAt = Date.parse(schedule.body.deadlines.find((d) => d.kind === 'event-start')!.at!);
    const moved = await api(organiser, 'POST', `/events/${eventId}/reschedule`, { startsAt: new Date(startsAt + 7 * DAY).toISOString(), reason: '场地调整' });
    expect(moved.status).toBe(200);
    const after = await api<EventSchedule>(organiser, 'GET', `/events/${eventId}/schedule`);
    expect(after.body.moved).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: draft.id, kind: 'task', name: draft.name, from: draft.at, to: new Date(Date.parse(draft.at!) + 7 * DAY).toISOString() }),
        expect.objectContaining({ id: 'event-start', kind: 'event-start', from: new Date(startsAt).toISOString(), to: new Date(startsAt + 7 * DAY).toISOString() }),
      ]),
    );
    // An event can have reminders of its own; a nonsense offset is refused, naming it.
    const bad = await api<{ details: { field: string }[] }>(organiser, 'POST', '/events', {
      templateCode: 'childrens-day-sorting', title: '自定义提醒', startsAt: new Date(startsAt + 30 * DAY).toISOString(), reminders: { beforeEvent: ['-3d', '2d'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.field)).toEqual(['reminders.beforeEvent[1]']);
    const own = await api<{ id: string }>(organiser, 'POST', '/events', {
      templateCode: 'childrens-day-sorting', title: '自定义提醒', startsAt: new Date(startsAt + 30 * DAY).toISOString(), reminders: { beforeEvent: ['-3d'] },
    });
    expect(own.status).toBe(201);
    const ownSchedule = await api<EventSchedule>(organiser, 'GET', `/events/${own.body.id}/schedule`);
    expect(ownSchedule.body.reminders.filter((r) => r.kind === 'before-event').map((r) => r.id)).toEqual(['before-event:-3d']);
    // A district liaison has no business in the organiser's schedule.
    expect((await api(liaison, 'GET', `/events/${eventId}/schedule`)).status).toBe(403);
  });

  it('lets the organiser urge (催办) a pending task once an hour, and records it', async () => {
    const [task] = (await api<{ items: { id: string }[] }>(organiser, 'GET', '/tasks')).body.items;
    const head = await login(t.baseUrl, 'head-family-children');
    expect((await api(head, 'POST', `/events/${eventId}/urge`, {})).status).toBe(400);
    const urged = await api<{ notified: number }>(head, 'POST', `/events/${eventId}/urge`, { taskId: task.id });
    expect(urged).toEqual({ status: 200, body: { notified: 1 } });
    const again = await api<{ message: { 'zh-CN': string; en: string } }>(head, 'POST', `/events/${eventId}/urge`, { taskId: task.id });
    expect(again.status).toBe(429);
    expect(again.body.message['zh-CN']).toContain('一小时内已催办过');
    expect((await api(liaison, 'POST', `/events/${eventId}/urge`, { taskId: task.id })).status).toBe(403);

    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND recipient_id = $2 AND subject->>'zh-CN' LIKE '【催办】%'`,
      [eventId, organiser.user.id],
    );
    await db.end();
    expect(rows[0].n).toBe(1);
    const audit = await api<{ action: string; actorName: string }[]>(organiser, 'GET', `/events/${eventId}/audit`);
    expect(audit.body.filter((a) => a.action === 'task.urged')).toEqual([expect.objectContaining({ actorName: head.user.displayName })]);
  });

  it('rolls up receipts per unit across the 40 district federations', async () => {
    // Through planning and sign-off to the notice, as the people who do it.
    const people = ['organiser-family-children', 'head-family-children', 'vice-chair-2'];
    const sessions = await Promise.all(people.map((u) => login(t.baseUrl, u)));
    for (let round = 0; round < 30; round++) {
      const detail = await api<{ state: { notices: { stepId: string; receipts?: unknown[] }[] } }>(organiser, 'GET', `/events/${eventId}`);
      if (detail.body.state.notices.some((n) => n.receipts)) break;
      for (const s of sessions) {
        for (const task of (await api<{ items: { id: string; kind: string; stepId: string }[] }>(s, 'GET', '/tasks')).body.items) {
          if (task.kind === 'sign-off') await api(s, 'POST', `/tasks/${task.id}/approve`, {});
          else await api(s, 'POST', `/tasks/${task.id}/complete`, { values: await valuesFor(task.stepId) });
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ack = await api(liaison, 'POST', `/events/${eventId}/notices/activity-notice/acknowledge`, {
      values: { familiesRecommended: ['王芳一家'], localActivitiesPlanned: 3, contactPerson: '张晓梅 13800000000' },
    });
    expect(ack.status).toBe(200);
    const rollup = await api<{ totals: Record<string, number>; units: { unitCode: string; status: string }[]; docNumber: string }>(
      organiser,
      'GET',
      `/events/${eventId}/notices/activity-notice/receipts`,
    );
    expect(rollup.status).toBe(200);
    expect(rollup.body.docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);
    expect(rollup.body.totals).toEqual({ units: 40, acknowledged: 1, pending: 39, overdue: 0 });
    expect(rollup.body.units.find((u) => u.unitCode === 'district-yuzhong')!.status).toBe('acknowledged');
    expect((await api(organiser, 'GET', `/events/${eventId}/notices/no-such-step/receipts`)).status).toBe(404);
  });

  async function valuesFor(stepId: string): Promise<Record<string, unknown>> {
    const { sampleValues, formOf } = await import('../support/event-driver');
    const template = (await api<Parameters<typeof formOf>[0]>(organiser, 'GET', '/templates/childrens-day-sorting')).body;
    return sampleValues(formOf(template, stepId));
  }
});
