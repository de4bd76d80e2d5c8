// Reminders, 催办 and 督办 on the time-skipping server with the real activities: they follow the
// event's date, reach exactly the units that have not acknowledged, and document numbers stay
// unique and consecutive under concurrent notices.
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import type { DeliveredNotice, DeliverNoticeInput, EventActivities } from '../../activities/event.activities';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import { acknowledgeUpdate, eventWorkflowId, rescheduleUpdate, scheduleQuery, stateQuery, type Person } from '../../workflows/event-model';
import { DAY, driveToEnd, eventually, sampleValues, startEvent, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const A2 = loadTemplates(join(projectRoot(), 'templates')).find((t) => t.code === 'childrens-day-sorting')!;
const TASK_QUEUE = 'reminders';

describe('reminders and escalations', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let organiser: Person;

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
    organiser = await userByName(ds, 'organiser-family-children');
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  const told = (eventId: string, prefix: string) =>
    ds.query<{ recipient_id: string; idempotency_key: string }[]>(
      `SELECT recipient_id, idempotency_key FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE $2 ORDER BY recipient_id`,
      [eventId, `${prefix}%`],
    );

  it('fires the before-event reminders at the new times only after a reschedule, and lists what moved', async () => {
    const participant = await userByName(ds, 'liaison-yuzhong');
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, {
      organiser,
      participants: [participant],
      startsInDays: 30,
      reminders: { beforeEvent: ['-7d', '-1d'] },
    });
    const first = await eventually(env, handle, (s) => s.tasks.length > 0);
    const oldStart = Date.parse(first.startsAt);
    const before = await handle.query(scheduleQuery);
    expect(before.reminders.filter((r) => r.kind === 'before-event').map((r) => r.at)).toEqual([
      new Date(oldStart - 7 * DAY).toISOString(),
      new Date(oldStart - DAY).toISOString(),
    ]);

    const newStart = oldStart + 20 * DAY;
    await handle.executeUpdate(rescheduleUpdate, { args: [{ actor: organiser, startsAt: new Date(newStart).toISOString(), reason: '改期' }] });
    const after = await handle.query(scheduleQuery);
    expect(after.moved).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'before-event:-7d', kind: 'before-event', from: new Date(oldStart - 7 * DAY).toISOString(), to: new Date(newStart - 7 * DAY).toISOString() }),
        expect.objectContaining({ id: 'event-start', kind: 'event-start', from: new Date(oldStart).toISOString(), to: new Date(newStart).toISOString() }),
      ]),
    );

    // Past the old T-1d: nothing was sent for the old date.
    await env.sleep(oldStart - (await env.currentTimeMs()));
    await eventually(env, handle, () => true);
    expect(await told(eventId, '【提醒】')).toEqual([]);

    // Past the new T-7d: one reminder to each participant and task owner, and no more.
    await env.sleep(newStart - 7 * DAY - (await env.currentTimeMs()) + 60_000);
    await eventually(env, handle, () => true);
    let rows = await told(eventId, '【提醒】');
    for (let i = 0; i < 20 && rows.length === 0; i++) {
      await env.sleep(2000);
      rows = await told(eventId, '【提醒】');
    }
    expect(new Set(rows.map((r) => r.recipient_id))).toEqual(new Set([participant.id, organiser.id]));
    expect(rows.every((r) => r.idempotency_key.includes(new Date(newStart - 7 * DAY).toISOString()))).toBe(true);
    expect(rows).toHaveLength(2);
  });

  it('reminds exactly the districts that have not acknowledged, then escalates to their chairs', async () => {
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser, startsInDays: 60, reminders: {} });
    await driveToEnd(env, handle, A2, { until: (s) => s.notices.some((n) => n.receipts?.length) });
    const state = await handle.query(stateQuery);
    const notice = state.notices[0];
    expect(notice.receipts).toHaveLength(40);
    const form = (A2.steps.find((s) => s.id === notice.stepId) as { receipt: { form: Parameters<typeof sampleValues>[0] } }).receipt.form;
    const acknowledging = notice.receipts!.slice(0, 12);
    for (const r of acknowledging) {
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ stepId: notice.stepId, unitCode: r.unitCode, actor: r.liaisons[0], values: sampleValues(form) }] });
    }
    const pending = notice.receipts!.slice(12);
    const due = Date.parse(notice.receiptsDueAt!);

    await env.sleep(due - (await env.currentTimeMs()) + 3600_000);
    await eventually(env, handle, () => true);
    let reminded = await told(eventId, '【签收提醒】');
    for (let i = 0; i < 20 && reminded.length < 28; i++) {
      await env.sleep(2000);
      reminded = await told(eventId, '【签收提醒】');
    }
    expect(new Set(reminded.map((r) => r.recipient_id))).toEqual(new Set(pending.flatMap((r) => r.liaisons.map((p) => p.id))));

    await env.sleep(2 * DAY);
    let escalated = await told(eventId, '【签收督办】');
    for (let i = 0; i < 20 && escalated.length < 28; i++) {
      await env.sleep(2000);
      escalated = await told(eventId, '【签收督办】');
    }
    const chairs = await ds.query<{ id: string }[]>(
      `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'district-chair' AND r.unit_code = ANY($1::text[])`,
      [pending.map((r) => r.unitCode)],
    );
    expect(new Set(escalated.map((r) => r.recipient_id))).toEqual(new Set(chairs.map((c) => c.id)));
    expect(chairs).toHaveLength(28);
  });

  it('numbers 50 concurrent official notices uniquely and consecutively, 渝妇发〔YYYY〕N号', async () => {
    const activities = createActivities({ dataSource: ds, workerIdentity: 'doc-numbers' });
    const eventId = randomUUID();
    const [{ id: organiserId }] = await ds.query<{ id: string }[]>(`SELECT id FROM users WHERE username = 'organiser-family-children'`);
    await ds.query(
      `INSERT INTO template_versions (code, version, content, content_hash) VALUES ('childrens-day-sorting', 1, '{}', 'x') ON CONFLICT DO NOTHING`,
    );
    await ds.query(
      `INSERT INTO events (id, workflow_id, template_code, template_version, title, lead_unit, organiser_id, starts_at, ends_at, status)
       VALUES ($1, $2, 'childrens-day-sorting', 1, '编号测试', 'dept-family-children', $3, now() + interval '30 days', now() + interval '31 days', 'active')`,
      [eventId, eventWorkflowId(eventId), organiserId],
    );
    const [{ last }] = await ds.query<{ last: number | null }[]>(
      `SELECT max(last_seq) AS last FROM document_numbers WHERE year = extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')`,
    );
    const issue = (i: number) =>
      new MockActivityEnvironment().run<[DeliverNoticeInput], DeliveredNotice, EventActivities['deliverNotice']>(activities.deliverNotice, {
        eventId,
        stepId: `notice-${i}`,
        round: 1,
        audience: [{ unit: 'district-yuzhong' }],
        official: true,
        subject: { 'zh-CN': `通知${i}`, en: `Notice ${i}` },
        message: { 'zh-CN': '正文', en: 'Body' },
        participantIds: [],
        leadUnit: 'dept-family-children',
        organiserId,
      });
    const delivered = await Promise.all(Array.from({ length: 50 }, (_, i) => issue(i)));
    const numbers = delivered.map((d) => Number(/〔(\d{4})〕(\d+)号$/.exec(d.docNumber!)![2])).sort((a, b) => a - b);
    const start = (last ?? 0) + 1;
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => start + i));
    // A retried delivery keeps its number.
    const again = await issue(7);
    expect(again.docNumber).toBe(delivered[7].docNumber);
  });
});
