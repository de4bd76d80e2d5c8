// Separation of duties and bounds on noise through the API, the whole application on the
// time-skipping server: 转交 carries the target's posts from the directory to the workflow, which
// refuses whoever could not hold the task; a reschedule that changes nothing and an event with more
// participants than any meeting has are refused with a message naming the problem.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import type { EventState, TaskState } from '../../workflows/event-model';
import { apiClient } from '../support/api-client';
import { DAY, formOf, sampleValues } from '../support/event-driver';
import { addDeputyHead } from '../support/org-fixtures';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv } from '../support/time-skipping';

const A2 = loadTemplates(join(projectRoot(), 'templates')).find((t) => t.code === 'childrens-day-sorting')!;

interface Problem {
  statusCode: number;
  message: { 'zh-CN': string; en: string };
  details?: { field: string; message: { 'zh-CN': string; en: string } }[];
}
interface InboxTask {
  id: string;
  stepId: string;
  kind: string;
  status: string;
  assignees: { id: string }[];
}

describe('separation of duties and bounds on noise through the API', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);
  let eventId: string;
  let startsAt: string;

  const inbox = async (username: string) =>
    (await api<{ items: InboxTask[] }>(await as(username), 'GET', `/tasks?eventId=${eventId}&status=open&pageSize=100`)).body.items;

  /** The organiser completes the plan and the planning tasks until the department head has the plan's sign-off. */
  async function planSignOff(): Promise<InboxTask> {
    const organiser = await as('organiser-family-children');
    for (let i = 0; i < 200; i++) {
      const signOff = (await inbox('head-family-children')).find((x) => x.kind === 'sign-off' && x.stepId === 'plan-approval');
      if (signOff) return signOff;
      const work = (await inbox('organiser-family-children')).filter((x) => x.kind === 'task');
      for (const task of work) {
        const done = await api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(A2, task.stepId)) });
        expect(done.status).toBe(200);
      }
      if (!work.length) await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the plan sign-off did not reach the department head');
  }

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
    startsAt = new Date((await env.currentTimeMs()) + 40 * DAY).toISOString();
    const created = await api<{ id: string }>(await as('organiser-family-children'), 'POST', '/events', { templateCode: A2.code, title: '六一亲子活动（分工测试）', startsAt });
    expect(created.status).toBe(201);
    eventId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await env?.teardown();
  });

  it('refuses handing a sign-off to a district liaison or to the administrator, and keeps it with its approver', async () => {
    const signOff = await planSignOff();
    const head = await as('head-family-children');
    const liaison = await as('liaison-yuzhong');
    const toLiaison = await api<Problem>(head, 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: liaison.user.id, comment: '请代签' });
    expect(toLiaison.status).toBe(403);
    expect(toLiaison.body.message).toEqual({ 'zh-CN': '只能转交给可担任“部门负责人审核”的人员：同单位同职务者，或本层级的审批人', en: 'A sign-off can go only to someone who could hold "Department head reviews": the same role in the same unit, or one of the level\'s approvers' });
    const toVc = await api<Problem>(head, 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: (await as('vice-chair-2')).user.id });
    expect(toVc.status).toBe(403);

    const admin = await as('admin');
    const toSelf = await api<Problem>(admin, 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: admin.user.id });
    expect(toSelf.status).toBe(403);
    expect(toSelf.body.message).toEqual({ 'zh-CN': '系统管理员可以改派待办，但不能转交给自己', en: 'An administrator may reassign a task but not to themself' });
    const toAdmin = await api<Problem>(head, 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: admin.user.id });
    expect(toAdmin.status).toBe(403);
    expect(toAdmin.body.message).toEqual({ 'zh-CN': '不能转交给系统管理员：管理员不办理、不审批', en: 'A task cannot go to an administrator: administrators neither act nor decide' });

    const task = await api<TaskState>(head, 'GET', `/tasks/${signOff.id}`);
    expect(task.body.assignees.map((p) => p.id)).toEqual([head.user.id]);
    expect(task.body.delegations ?? []).toEqual([]);
  });

  it('refuses handing a task to a deactivated account', async () => {
    const signOff = await planSignOff();
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      const [{ id }] = (
        await db.query<{ id: string }>(
          `INSERT INTO users (username, display_name, unit_code, password_hash, active)
           SELECT 'former-head-family-children', '原部长', 'dept-family-children', password_hash, false FROM users WHERE username = 'head-family-children'
           RETURNING id`,
        )
      ).rows;
      await db.query(`INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, 'department-head', 'dept-family-children')`, [id]);
      const res = await api<Problem>(await as('head-family-children'), 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: id });
      expect(res.status).toBe(400);
      expect(res.body.details?.map((d) => d.field)).toEqual(['toUserId']);
    } finally {
      await db.end();
    }
  });

  it('lists for a sign-off the same post and its pool, never a district liaison, the submitter or an administrator, and each one listed is accepted', async () => {
    const signOff = await planSignOff();
    const { id: deputyId } = await addDeputyHead(t.config.database.url);
    const head = await as('head-family-children');
    const admin = await as('admin');
    interface Candidate {
      id: string;
      displayName: string;
      unitCode: string;
      unitName: { 'zh-CN': string; en: string };
      roles: { role: string; unitCode: string }[];
    }
    const res = await api<Candidate[]>(head, 'GET', `/tasks/${signOff.id}/delegates`);
    expect(res.status).toBe(200);
    const deputy = res.body.find((p) => p.id === deputyId);
    expect(deputy).toEqual({
      id: deputyId,
      displayName: '副部长',
      unitCode: 'dept-family-children',
      unitName: expect.objectContaining({ 'zh-CN': expect.any(String), en: expect.any(String) }),
      roles: [{ role: 'department-head', unitCode: 'dept-family-children' }],
    });
    const ids = res.body.map((p) => p.id);
    const submitterId = (await api<{ submitterId: string }>(head, 'GET', `/tasks/${signOff.id}`)).body.submitterId;
    for (const never of [(await as('liaison-yuzhong')).user.id, (await as('vice-chair-2')).user.id, submitterId, admin.user.id, head.user.id]) {
      expect(ids).not.toContain(never);
    }
    expect(res.body.flatMap((p) => p.roles).filter((r) => r.role === 'district-liaison' || r.role === 'admin')).toEqual([]);

    // Each one listed is taken by the workflow; the administrator hands it back between tries.
    for (const p of res.body) {
      const handed = await api<Problem>(head, 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: p.id, comment: '请代为审核' });
      expect([p.displayName, handed.status]).toEqual([p.displayName, 200]);
      const fromAdmin = await api<Candidate[]>(admin, 'GET', `/tasks/${signOff.id}/delegates`);
      expect(fromAdmin.body.map((c) => c.id)).toContain(head.user.id);
      expect(fromAdmin.body.map((c) => c.id)).not.toContain(admin.user.id);
      const back = await api<Problem>(admin, 'POST', `/tasks/${signOff.id}/delegate`, { toUserId: head.user.id });
      expect(back.status).toBe(200);
    }
    // Someone who no longer holds the task may not ask whom it could go to.
    const other = await api<Problem>(await as('liaison-yuzhong'), 'GET', `/tasks/${signOff.id}/delegates`);
    expect(other.status).toBe(403);
  });

  it('refuses a reschedule to the date the event already has, with 409', async () => {
    const organiser = await as('organiser-family-children');
    const res = await api<Problem>(organiser, 'POST', `/events/${eventId}/reschedule`, { startsAt, reason: '再确认一次' });
    expect(res.status).toBe(409);
    expect(res.body.message).toEqual({ 'zh-CN': '活动已定于该时间，无需改期', en: 'The event is already at that date and time; nothing to reschedule' });
    const detail = await api<{ state: EventState }>(organiser, 'GET', `/events/${eventId}`);
    expect(detail.body.state.startsAt).toBe(startsAt);
  });

  it('refuses an event with more participants than the bound, naming the field', async () => {
    const res = await api<Problem>(await as('organiser-family-children'), 'POST', '/events', {
      templateCode: A2.code,
      title: '参与人过多',
      startsAt,
      participants: Array.from({ length: 501 }, () => randomUUID()),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual({ 'zh-CN': 'participants 最多 500 项', en: 'participants must contain no more than 500 elements' });
    expect(res.body.details).toEqual([{ field: 'participants', message: { 'zh-CN': 'participants 最多 500 项', en: 'participants must contain no more than 500 elements' } }]);
  });
});
