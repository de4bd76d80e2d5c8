// Personal data in a receipt (参会回执) — a child's ID number and a contact's phone — as each role
// sees it through the API: the district that wrote it and the lead department unmasked, leaders
// masked, admin and other districts not at all; the same in the audit trail, the roll-up and the
// task views. Also: what a district liaison gets of another unit's event is its outline.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { DAY, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';

const ID_NUMBER = '500229201506061234';
const PHONE = '13812345678';
const RECEIPT = { familiesRecommended: [`王芳一家 ${ID_NUMBER}`], localActivitiesPlanned: 3, contactPerson: `张晓梅 ${PHONE}` };
const MASKED = { familiesRecommended: ['王*** 500229********1234'], localActivitiesPlanned: 3, contactPerson: '张** 138****5678' };

interface Detail {
  state: EventState;
  visibility: { details: string; stepsWithDetails: string[]; receipts: string; personalMasked: boolean };
}

describe('personal data as each role sees it', () => {
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);
  let eventId: string;
  let planTaskId: string;

  const detail = async (username: string) => api<Detail>(await as(username), 'GET', `/events/${eventId}`);
  const receiptOf = (d: Detail, unit: string) => d.state.notices.find((n) => n.stepId === 'activity-notice')?.receipts?.find((r) => r.unitCode === unit);

  beforeAll(async () => {
    // Real time on the shared dev server: nothing here waits for a date.
    t = await startTestApp();
    const organiser = await as('organiser-family-children');
    const template = (await api<EventTemplate>(organiser, 'GET', '/templates/childrens-day-sorting')).body;
    const startsAt = new Date(Date.now() + 40 * DAY).toISOString();
    const created = await api<{ id: string }>(organiser, 'POST', '/events', { templateCode: 'childrens-day-sorting', title: '六一亲子活动', startsAt });
    expect(created.status).toBe(201);
    eventId = created.body.id;
    // Through planning and sign-off to the notice, as the people who do it.
    const people = await Promise.all(['organiser-family-children', 'head-family-children', 'vice-chair-2'].map((u) => as(u)));
    for (let round = 0; round < 40; round++) {
      const d = await api<Detail>(organiser, 'GET', `/events/${eventId}`);
      if (d.body.state.notices.some((n) => n.stepId === 'activity-notice' && n.receipts)) break;
      for (const s of people) {
        for (const task of (await api<{ items: { id: string; kind: string; stepId: string }[] }>(s, 'GET', '/tasks')).body.items) {
          if (task.kind === 'sign-off') await api(s, 'POST', `/tasks/${task.id}/approve`, { comment: '同意，预算请控制在两万元内' });
          else await api(s, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) });
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ack = await api(await as('liaison-yuzhong'), 'POST', `/events/${eventId}/notices/activity-notice/acknowledge`, { values: RECEIPT });
    expect(ack.status).toBe(200);
    const d = (await detail('organiser-family-children')).body;
    planTaskId = d.state.tasks.find((x) => x.stepId === 'draft-plan')!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows a receipt unmasked to its own district and the lead department, masked to leaders, and not at all to another district or admin", async () => {
    const own = (await detail('liaison-yuzhong')).body;
    expect(receiptOf(own, 'district-yuzhong')?.values).toEqual(RECEIPT);
    // The district sees its own receipt, not the 39 others, and none of the plan's form values.
    expect(own.state.notices.find((n) => n.stepId === 'activity-notice')!.receipts!.map((r) => r.unitCode)).toEqual(['district-yuzhong']);
    expect(own.state.values).toEqual({});
    expect(own.state.tasks.every((x) => x.values === undefined && x.comment === undefined)).toBe(true);
    expect(own.visibility).toMatchObject({ details: 'none', receipts: 'own' });

    const other = await detail('liaison-jiangbei');
    expect(other.status).toBe(200);
    expect(receiptOf(other.body, 'district-yuzhong')).toBeUndefined();
    expect(JSON.stringify(other.body)).not.toContain('王芳');
    expect(JSON.stringify(other.body)).not.toContain('5678');
    expect(JSON.stringify(other.body)).not.toContain('两万元');

    expect(receiptOf((await detail('organiser-family-children')).body, 'district-yuzhong')?.values).toEqual(RECEIPT);
    expect(receiptOf((await detail('head-family-children')).body, 'district-yuzhong')?.values).toEqual(RECEIPT);
    const leader = (await detail('chair')).body;
    expect(receiptOf(leader, 'district-yuzhong')?.values).toEqual(MASKED);
    expect(leader.visibility).toMatchObject({ details: 'all', receipts: 'all', personalMasked: true });
    // Leaders read the plan and the sign-off opinions in full: they are not personal.
    expect(Object.keys(leader.state.values)).toContain('draft-plan');

    const admin = (await detail('admin')).body;
    expect(receiptOf(admin, 'district-yuzhong')).toMatchObject({ status: 'acknowledged' });
    expect(receiptOf(admin, 'district-yuzhong')?.values).toBeUndefined();
    expect(admin.state.values).toEqual({});
    expect(JSON.stringify(admin)).not.toContain('两万元');

    // An executive committee member sees the outline the annual plan shares: steps, who, when.
    const exec = (await detail('exec-1')).body;
    expect(exec.state.steps.length).toBeGreaterThan(3);
    expect(exec.state.tasks.length).toBeGreaterThan(0);
    expect(JSON.stringify(exec)).not.toContain(ID_NUMBER);
    expect(exec.visibility).toMatchObject({ details: 'none', receipts: 'none' });
  });

  it('cuts the audit trail and the receipt roll-up the same way', async () => {
    type Audit = { action: string; after: { unitCode?: string; values?: unknown } | null; comment: string | null }[];
    const ackOf = (a: Audit) => a.find((e) => e.action === 'notice.acknowledged')!.after;
    const audit = async (u: string) => (await api<Audit>(await as(u), 'GET', `/events/${eventId}/audit`)).body;
    expect(ackOf(await audit('organiser-family-children'))).toEqual({ unitCode: 'district-yuzhong', values: RECEIPT });
    expect(ackOf(await audit('vice-chair-2'))).toEqual({ unitCode: 'district-yuzhong', values: MASKED });
    const adminAudit = await audit('admin');
    expect(ackOf(adminAudit)).toEqual({ unitCode: 'district-yuzhong' });
    expect(adminAudit.find((e) => e.action === 'task.completed')!.after).toBeNull();
    expect(adminAudit.filter((e) => e.action === 'sign-off.approved').map((e) => e.comment)).toEqual([null, null]);
    expect(JSON.stringify(adminAudit)).not.toContain(ID_NUMBER);
    expect((await api(await as('liaison-yuzhong'), 'GET', `/events/${eventId}/audit`)).status).toBe(403);

    type Rollup = { units: { unitCode: string; values?: unknown }[] };
    const rollup = async (u: string) => (await api<Rollup>(await as(u), 'GET', `/events/${eventId}/notices/activity-notice/receipts`)).body;
    const yuzhong = (r: Rollup) => r.units.find((x) => x.unitCode === 'district-yuzhong')!;
    expect(yuzhong(await rollup('organiser-family-children')).values).toEqual(RECEIPT);
    expect(yuzhong(await rollup('chair')).values).toEqual(MASKED);
    expect(yuzhong(await rollup('admin')).values).toBeUndefined();
  });

  it('cuts the read model the same way when the workflow cannot answer', async () => {
    // A copy of the event's read model whose workflow does not exist: GET /events/:id falls back to it.
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    const ghost = randomUUID();
    try {
      for (let i = 0; i < 100; i++) {
        const { rows } = await db.query(
          `SELECT 1 FROM notice_receipts r JOIN notices n ON n.id = r.notice_id
            WHERE n.event_id = $1 AND r.unit_code = 'district-yuzhong' AND r.status = 'acknowledged'`,
          [eventId],
        );
        if (rows.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await db.query(
        `INSERT INTO events (id, workflow_id, template_code, template_version, title, lead_unit, organiser_id, starts_at, ends_at, venue, participant_ids, status)
         SELECT $2::uuid, 'event-' || $2::text, template_code, template_version, title, lead_unit, organiser_id, starts_at, ends_at, venue, participant_ids, status
           FROM events WHERE id = $1`,
        [eventId, ghost],
      );
      await db.query(
        `INSERT INTO event_steps (event_id, step_id, parent_step_id, type, name, status, round, started_at, finished_at, until, position)
         SELECT $2::uuid, step_id, parent_step_id, type, name, status, round, started_at, finished_at, until, position FROM event_steps WHERE event_id = $1`,
        [eventId, ghost],
      );
      await db.query(
        `INSERT INTO tasks (id, event_id, step_id, kind, round, name, status, assignee_ids, assignees, due_at, created_at, closed_at, acted_by, comment,
                            form_values, level, level_name, mode, submitter_id, delegations)
         SELECT gen_random_uuid(), $2::uuid, step_id, kind, round, name, status, assignee_ids, assignees, due_at, created_at, closed_at, acted_by, comment,
                form_values, level, level_name, mode, submitter_id, delegations FROM tasks WHERE event_id = $1`,
        [eventId, ghost],
      );
      await db.query(
        `INSERT INTO notices (id, event_id, step_id, round, subject, body, recipient_count, issued_at, receipts_due_at)
         SELECT id || '-copy', $2::uuid, step_id, round, subject, body, recipient_count, issued_at, receipts_due_at FROM notices WHERE event_id = $1`,
        [eventId, ghost],
      );
      await db.query(
        `INSERT INTO notice_receipts (notice_id, unit_code, status, acknowledged_by, acknowledged_at, late, form_values)
         SELECT r.notice_id || '-copy', r.unit_code, r.status, r.acknowledged_by, r.acknowledged_at, r.late, r.form_values
           FROM notice_receipts r JOIN notices n ON n.id = r.notice_id WHERE n.event_id = $1`,
        [eventId],
      );
    } finally {
      await db.end();
    }
    // The read model answers in the live state's shape (values, unitCode), cut the same way.
    type ReadModel = { source: string; state: { tasks: { values?: unknown; comment?: string }[]; notices: { receipts?: { unitCode: string; values?: unknown }[] }[] } };
    const seen = async (u: string) => (await api<ReadModel>(await as(u), 'GET', `/events/${ghost}`)).body;
    const yuzhong = (d: ReadModel) => d.state.notices.flatMap((n) => n.receipts ?? []).find((r) => r.unitCode === 'district-yuzhong');
    const organiserView = await seen('organiser-family-children');
    expect(organiserView.source).toBe('read-model');
    expect(yuzhong(organiserView)?.values).toEqual(RECEIPT);
    expect(yuzhong(await seen('chair'))?.values).toEqual(MASKED);
    expect(yuzhong(await seen('liaison-yuzhong'))?.values).toEqual(RECEIPT);
    const other = await seen('liaison-jiangbei');
    expect(yuzhong(other)).toBeUndefined();
    expect(other.state.tasks.length).toBeGreaterThan(0);
    expect(other.state.tasks.every((x) => x.values === undefined && x.comment === undefined)).toBe(true);
    const admin = await seen('admin');
    expect(yuzhong(admin)).toBeDefined();
    expect(yuzhong(admin)?.values).toBeUndefined();
    expect(JSON.stringify(admin)).not.toContain('两万元');
  });

  it('shows a task with its form values to who takes part in it and to leaders, without them to admin', async () => {
    type Task = { values: Record<string, unknown> | null; comment: string | null };
    const task = async (u: string) => api<Task>(await as(u), 'GET', `/tasks/${planTaskId}`);
    expect((await task('organiser-family-children')).body.values).not.toBeNull();
    expect((await task('vice-chair-2')).body.values).not.toBeNull();
    const admin = await task('admin');
    expect(admin.status).toBe(200);
    expect(admin.body.values).toBeNull();
    for (const u of ['liaison-yuzhong', 'exec-1', 'member-education', 'district-chair-yuzhong']) expect([u, (await task(u)).status]).toEqual([u, 403]);
  });

  it("masks in a co-assignee's inbox the ID number that another person wrote into the form", async () => {
    // A done task shared with a colleague who did not fill it in (co-assignees of one role): the
    // writer sees what they wrote, the colleague the task with the number masked.
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      await db.query(
        `UPDATE tasks SET form_values = form_values || jsonb_build_object('note', $2::text),
                          assignee_ids = assignee_ids || (SELECT id FROM users WHERE username = 'exec-1')
          WHERE id = $1`,
        [planTaskId, `联系人身份证 ${ID_NUMBER}`],
      );
    } finally {
      await db.end();
    }
    type Inbox = { items: { id: string; values: Record<string, unknown> | null }[] };
    const noteIn = async (u: string) => (await api<Inbox>(await as(u), 'GET', '/tasks?status=done')).body.items.find((x) => x.id === planTaskId)?.values?.note;
    expect(await noteIn('organiser-family-children')).toBe(`联系人身份证 ${ID_NUMBER}`);
    expect(await noteIn('exec-1')).toBe('联系人身份证 500229********1234');
  });
});
