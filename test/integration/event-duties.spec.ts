// Separation of duties and bounds on noise in the event workflow, on the time-skipping server with the
// real activities and PostgreSQL: who a task may be handed to (转交), that nobody decides two levels of
// one round, that an administrator reassigns but never decides, and that a burst of date changes is
// told once with the final date.
import { temporal } from '@temporalio/proto';
import { WorkflowUpdateStage } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/infra/project-root';
import { DirectoryService } from '../../src/org/directory.service';
import { loadTemplates } from '../../src/templates/template-loader';
import {
  approveUpdate,
  cancelUpdate,
  completeTaskUpdate,
  delegateUpdate,
  postponeUpdate,
  rejectUpdate,
  rescheduleUpdate,
  resumeUpdate,
  stateQuery,
  type Actor,
  type Person,
  type TaskState,
} from '../../workflows/event-model';
import type { ApprovalStep, EventTemplate } from '../../workflows/template-types';
import { DAY, formOf, keepHistory, openTasks, sampleValues, startEvent, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TEMPLATES = new Map(loadTemplates(join(projectRoot(), 'templates')).map((t) => [t.code, t]));
const A2 = TEMPLATES.get('childrens-day-sorting')!;
const TASK_QUEUE = 'event-duties';
const { EventType } = temporal.api.enums.v1;

/** A2 with a plan sign-off whose two levels one vice-chair could both hold: herself by name, then the vice-chair in charge. */
const TWO_VICE_CHAIR_LEVELS: EventTemplate = {
  ...A2,
  version: A2.version + 1000,
  steps: A2.steps.map((s) =>
    s.id === 'plan-approval'
      ? ({
          ...s,
          levels: [
            { name: { 'zh-CN': '分管副主席初审', en: 'Vice-chair reviews' }, mode: 'any', approvers: [{ user: 'vice-chair-2' }] },
            { name: { 'zh-CN': '分管副主席审批', en: 'Vice-chair in charge approves' }, mode: 'sequential', approvers: [{ role: 'vice-chair', inChargeOf: '$lead' }] },
          ],
        } as ApprovalStep)
      : s,
  ),
};

type Handle = Awaited<ReturnType<typeof startEvent>>['handle'];

describe('separation of duties and bounds on noise', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let directory: DirectoryService;
  const people: Record<string, Person> = {};

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
    directory = new DirectoryService(ds);
    for (const name of ['organiser-family-children', 'head-family-children', 'head-publicity', 'vice-chair-2', 'chair', 'admin', 'liaison-yuzhong']) {
      people[name] = await userByName(ds, name);
    }
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  const state = (h: Handle) => h.query(stateQuery);
  const refusal = (kind: string, message?: RegExp) => ({ cause: expect.objectContaining({ type: kind, ...(message ? { message: expect.stringMatching(message) } : {}) }) });
  const admin = (): Actor => ({ ...people['admin'], isAdmin: true });

  /** 转交 as TasksService sends it: with the posts the person handed to holds now. */
  const delegate = async (h: Handle, t: TaskState, actor: Actor, to: Person, comment?: string) =>
    h.executeUpdate(delegateUpdate, {
      args: [{ taskId: t.id, actor, to, toRoles: await directory.rolesOf(to.id), toInChargeOf: await directory.inChargeOf(to.id), comment }],
    });

  /** Completes open work tasks (not sign-offs) until a sign-off of the plan is open. */
  async function untilSignOff(h: Handle, template: EventTemplate, level = 0): Promise<TaskState> {
    for (let i = 0; i < 100; i++) {
      const s = await state(h);
      const signOff = openTasks(s).find((t) => t.kind === 'sign-off' && t.stepId === 'plan-approval' && t.level === level);
      if (signOff) return signOff;
      const work = openTasks(s).filter((x) => x.kind !== 'sign-off');
      for (const t of work) {
        await h.executeUpdate(completeTaskUpdate, { args: [{ taskId: t.id, actor: t.assignees[0], values: sampleValues(formOf(template, t.stepId)) }] });
      }
      if (!work.length) await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no sign-off of level ${level} opened`);
  }

  /** A second department head of 家庭和儿童工作部 (副部长), created after the level opened: she is not in its pool, only of its post. */
  async function deputyHead(): Promise<Person> {
    const [row] = await ds.query<{ id: string; display_name: string }[]>(
      `INSERT INTO users (username, display_name, unit_code, password_hash, active)
       SELECT 'deputy-head-family-children', '周副部长', 'dept-family-children', password_hash, true FROM users WHERE username = 'head-family-children'
       ON CONFLICT (username) DO UPDATE SET active = true RETURNING id, display_name`,
    );
    await ds.query(`INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, 'department-head', 'dept-family-children') ON CONFLICT DO NOTHING`, [row.id]);
    return { id: row.id, displayName: row.display_name };
  }
  /** Later events must not find her among the heads. */
  const retire = (p: Person) => ds.query('UPDATE users SET active = false WHERE id = $1', [p.id]);

  const delegations = (eventId: string) =>
    ds.query<{ actor_id: string; before: unknown; after: unknown }[]>(`SELECT actor_id, before, after FROM audit_log WHERE event_id = $1 AND action = 'task.delegated' ORDER BY seq`, [eventId]);

  it('refuses handing a sign-off to a district liaison, to another department, or to the next level’s approver, and records nothing', async () => {
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const level1 = await untilSignOff(handle, A2);
    expect(level1.assignees).toEqual([people['head-family-children']]);
    expect(level1.post).toEqual({ role: 'department-head', unitCode: 'dept-family-children' });

    const notThisPost = refusal('FORBIDDEN', /^只能转交给可担任“部门负责人审核”的人员/);
    await expect(delegate(handle, level1, people['head-family-children'], people['liaison-yuzhong'], '请代签')).rejects.toMatchObject(notThisPost);
    await expect(delegate(handle, level1, people['head-family-children'], people['head-publicity'])).rejects.toMatchObject(notThisPost);
    await expect(delegate(handle, level1, people['head-family-children'], people['vice-chair-2'])).rejects.toMatchObject(notThisPost);

    const after = (await state(handle)).tasks.find((t) => t.id === level1.id)!;
    expect(after.assignees).toEqual([people['head-family-children']]);
    expect(after.delegations ?? []).toEqual([]);
    expect(await delegations(eventId)).toEqual([]);
  });

  it('keeps work with the unit it is done for: a draft goes to a colleague of the lead department, never to a district', async () => {
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    let draft: TaskState | undefined;
    for (let i = 0; i < 100 && !draft; i++) {
      draft = openTasks(await state(handle)).find((t) => t.stepId === 'draft-plan');
      if (!draft) await new Promise((r) => setTimeout(r, 50));
    }
    await expect(delegate(handle, draft!, people['organiser-family-children'], people['liaison-yuzhong'])).rejects.toMatchObject(
      refusal('FORBIDDEN', /^只能转交给承办单位（dept-family-children）的人员/),
    );
    const handed = await delegate(handle, draft!, people['organiser-family-children'], people['head-family-children'], '请部长起草');
    expect(handed.assignees).toEqual([people['head-family-children']]);
    expect(handed.delegations).toEqual([expect.objectContaining({ from: people['organiser-family-children'], to: people['head-family-children'], comment: '请部长起草' })]);
    expect(await delegations(eventId)).toEqual([
      expect.objectContaining({ actor_id: people['organiser-family-children'].id, after: expect.objectContaining({ from: people['organiser-family-children'], to: people['head-family-children'] }) }),
    ]);
  });

  it('lets an administrator reassign a sign-off to someone of its post, but not to themself, and never decide one', async () => {
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const level1 = await untilSignOff(handle, A2);
    const deputy = await deputyHead();
    try {
      await expect(delegate(handle, level1, admin(), people['admin'])).rejects.toMatchObject(refusal('FORBIDDEN', /^系统管理员可以改派待办，但不能转交给自己/));
      await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: level1.id, actor: admin() }] })).rejects.toMatchObject(refusal('FORBIDDEN'));
      // An account that holds the administrator's role never decides, even a level it holds.
      const headAsAdmin: Actor = { ...people['head-family-children'], isAdmin: true };
      await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: level1.id, actor: headAsAdmin }] })).rejects.toMatchObject(
        refusal('FORBIDDEN', /^系统管理员可以改派审批，但不能审批/),
      );
      await expect(handle.executeUpdate(rejectUpdate, { args: [{ taskId: level1.id, actor: headAsAdmin, comment: '退回' }] })).rejects.toMatchObject(refusal('FORBIDDEN'));

      // Reassigned (改派) to the other head of the department: audited from the head to her, by the administrator.
      const reassigned = await delegate(handle, level1, admin(), deputy, '部长出差，改派副部长');
      expect(reassigned.assignees).toEqual([deputy]);
      expect(reassigned.delegations).toEqual([expect.objectContaining({ from: people['head-family-children'], to: deputy, by: { id: people['admin'].id, displayName: people['admin'].displayName } })]);
      expect(await delegations(eventId)).toEqual([
        { actor_id: people['admin'].id, before: { assignees: [people['head-family-children']] }, after: expect.objectContaining({ from: people['head-family-children'], to: deputy }) },
      ]);
      const approved = await handle.executeUpdate(approveUpdate, { args: [{ taskId: level1.id, actor: deputy, comment: '同意' }] });
      expect(approved).toMatchObject({ status: 'approved', actedBy: deputy });
    } finally {
      await retire(deputy);
    }
  });

  it('never lets one person decide two levels of one round: the next level goes to her superior, and cannot be handed back to her', async () => {
    const { handle } = await startEvent(env, ds, TASK_QUEUE, TWO_VICE_CHAIR_LEVELS, { organiser: people['organiser-family-children'] });
    const level1 = await untilSignOff(handle, TWO_VICE_CHAIR_LEVELS);
    expect(level1.assignees).toEqual([people['vice-chair-2']]);
    await handle.executeUpdate(approveUpdate, { args: [{ taskId: level1.id, actor: people['vice-chair-2'] }] });

    const level2 = await untilSignOff(handle, TWO_VICE_CHAIR_LEVELS, 1);
    expect(level2.assignees).toEqual([people['chair']]);
    await expect(handle.executeUpdate(approveUpdate, { args: [{ taskId: level2.id, actor: people['vice-chair-2'] }] })).rejects.toMatchObject(refusal('FORBIDDEN'));
    await expect(delegate(handle, level2, people['chair'], people['vice-chair-2'])).rejects.toMatchObject(refusal('FORBIDDEN', /^该人员已参与本轮审批/));
    await expect(delegate(handle, level2, admin(), people['vice-chair-2'])).rejects.toMatchObject(refusal('FORBIDDEN', /^该人员已参与本轮审批/));

    const done = await handle.executeUpdate(approveUpdate, { args: [{ taskId: level2.id, actor: people['chair'], comment: '同意' }] });
    expect(done.actedBy).toEqual(people['chair']);
    const deciders = (await state(handle)).tasks.filter((t) => t.stepId === 'plan-approval' && t.status === 'approved').map((t) => t.actedBy!.id);
    expect(deciders).toEqual([people['vice-chair-2'].id, people['chair'].id]);
    await keepHistory(handle, 'sign-off-one-person-two-levels');
  });

  describe('changes of date', () => {
    // Short enough that it closes in wall-clock time too: the test server runs its clock at the
    // wall's pace whenever it cannot skip, and then a window of minutes would outlast the test.
    const WINDOW = 15_000;
    const organiser = () => people['organiser-family-children'];
    const told = (eventId: string, prefix: string) =>
      ds.query<{ recipient_id: string; subject: { 'zh-CN': string }; calendar: { sequence: number; method: string; start: string } | null }[]>(
        `SELECT recipient_id, subject, calendar FROM notifications WHERE event_id = $1 AND kind = 'event' AND subject->>'zh-CN' LIKE $2 ORDER BY recipient_id`,
        [eventId, `${prefix}%`],
      );
    const reschedule = (h: Handle, startsAt: number, reason?: string) =>
      h.executeUpdate(rescheduleUpdate, { args: [{ actor: organiser(), startsAt: new Date(startsAt).toISOString(), reason }] });
    /** Lets the change window close, then waits until the workflow has done what it does then (no activity, no task outstanding). */
    async function pastWindow(h: Handle): Promise<void> {
      await env.sleep(WINDOW + 2000);
      for (let i = 0; i < 200; i++) {
        const { raw, status } = await h.describe();
        if (status.name !== 'RUNNING') return;
        const events = (await h.fetchHistory()).events ?? [];
        const last = events[events.length - 1]?.eventType;
        if (!raw.pendingActivities?.length && last !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED && last !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the workflow stayed busy');
    }

    it('refuses a reschedule to the date the event already has', async () => {
      const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: organiser(), dateChangeNoticeWindowMs: WINDOW });
      const s = await state(handle);
      const same = /^活动已定于该时间，无需改期/;
      await expect(reschedule(handle, Date.parse(s.startsAt))).rejects.toMatchObject(refusal('CONFLICT', same));
      await expect(
        handle.executeUpdate(rescheduleUpdate, { args: [{ actor: organiser(), startsAt: s.startsAt, endsAt: s.endsAt, reason: '重复提交' }] }),
      ).rejects.toMatchObject(refusal('CONFLICT', same));
      expect((await state(handle)).startsAt).toBe(s.startsAt);
    });

    it('tells each person of six quick reschedules once, with the final date; of a change and its undoing nothing; and of a cancellation at once', async () => {
      const participants = [people['liaison-yuzhong'], people['head-publicity']];
      const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: organiser(), participants, dateChangeNoticeWindowMs: WINDOW });
      const start = Date.parse((await state(handle)).startsAt);
      const everyone = [organiser(), ...participants].map((p) => p.id).sort();

      for (let i = 1; i <= 6; i++) await reschedule(handle, start + i * DAY, `第${i}次调整`);
      expect(await told(eventId, '【改期】')).toEqual([]); // the window is still open
      await pastWindow(handle);
      const final = new Date(start + 6 * DAY).toISOString();
      const once = await told(eventId, '【改期】');
      expect(once.map((n) => n.recipient_id)).toEqual(everyone);
      for (const n of once) {
        expect(n.subject['zh-CN']).toContain('改至');
        // The one REQUEST carries the final date and the latest SEQUENCE, superseding every earlier one.
        expect(n.calendar).toMatchObject({ method: 'REQUEST', start: final, sequence: 6 });
      }

      // Moved and moved back (or postponed and resumed at the same date) within a window: no news.
      await reschedule(handle, start + 10 * DAY, '临时调整');
      await reschedule(handle, start + 6 * DAY, '恢复原定');
      await handle.executeUpdate(postponeUpdate, { args: [{ actor: organiser(), reason: '待定' }] });
      await handle.executeUpdate(resumeUpdate, { args: [{ actor: organiser(), startsAt: final }] });
      await pastWindow(handle);
      expect(await told(eventId, '【')).toHaveLength(everyone.length);

      // A change still in its window when the event is cancelled is never sent; the cancellation is, at once.
      await reschedule(handle, start + 8 * DAY, '再次调整');
      await handle.executeUpdate(cancelUpdate, { args: [{ actor: organiser(), reason: '上级通知取消' }] });
      const cancelled = await told(eventId, '【取消】');
      expect(cancelled.map((n) => n.recipient_id)).toEqual(everyone);
      expect(cancelled[0].calendar).toMatchObject({ method: 'CANCEL' });
      expect(cancelled[0].calendar!.sequence).toBeGreaterThan(6);
      await pastWindow(handle);
      expect(await told(eventId, '【改期】')).toHaveLength(everyone.length);
      await handle.result();
      await keepHistory(handle, 'date-changes-told-once');
    });

    it('refuses a reschedule sent while a cancellation is being told, so no REQUEST follows the CANCEL', async () => {
      const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: organiser() });
      const start = Date.parse((await state(handle)).startsAt);
      // Accepted, its notice not yet sent: the event's status is still active.
      const cancelling = await handle.startUpdate(cancelUpdate, { args: [{ actor: organiser(), reason: '上级通知取消' }], waitForStage: WorkflowUpdateStage.ACCEPTED });
      await expect(reschedule(handle, start + 3 * DAY, '改期')).rejects.toMatchObject(refusal('CONFLICT', /^活动正在取消|^活动已取消/));
      await expect(handle.executeUpdate(postponeUpdate, { args: [{ actor: organiser(), reason: '待定' }] })).rejects.toMatchObject(refusal('CONFLICT'));
      expect((await cancelling.result()).status).toBe('cancelled');
      expect(await told(eventId, '【改期】')).toEqual([]);
      expect((await told(eventId, '【取消】')).length).toBeGreaterThan(0);
    });

    it(`refuses a change of date past the twentieth`, async () => {
      const { handle } = await startEvent(env, ds, TASK_QUEUE, A2, { organiser: organiser(), dateChangeNoticeWindowMs: WINDOW });
      const start = Date.parse((await state(handle)).startsAt);
      for (let i = 1; i <= 20; i++) await reschedule(handle, start + i * DAY);
      await expect(reschedule(handle, start + 30 * DAY)).rejects.toMatchObject(refusal('CONFLICT', /^此活动已改期、延期或恢复20次/));
      await expect(handle.executeUpdate(postponeUpdate, { args: [{ actor: organiser(), reason: '待定' }] })).rejects.toMatchObject(refusal('CONFLICT'));
      expect((await state(handle)).startsAt).toBe(new Date(start + 20 * DAY).toISOString());
    });
  });
});
