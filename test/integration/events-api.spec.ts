// The events and tasks API over real HTTP, with the whole application (API and worker) running
// against the time-skipping server: what a user sees — status codes, messages naming the field, the
// inbox (待办) of each login — while the test moves the server's clock to reach an event's dates.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import { eventWorkflowId, type EventState, type NoticeState, type Person, type TaskState } from '../../workflows/event-model';
import { addOffset } from '../../workflows/working-days';
import type { EventTemplate, LocalizedText, NotifyStep } from '../../workflows/template-types';
import type { Session } from '../support/auth';
import { apiClient, type Reply } from '../support/api-client';
import { DAY, findStep, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv, settleWorkflow } from '../support/time-skipping';

// ---- what the API answers --------------------------------------------------------------------
interface EventRow {
  id: string;
  templateCode: string;
  title: string;
  leadUnit: string;
  organiserId: string;
  startsAt: string;
  endsAt: string;
  status: 'active' | 'postponed' | 'cancelled' | 'archived';
  postponedAt: string | null;
  cancelReason: string | null;
  archivedAt: string | null;
}
interface EventDetail {
  event: EventRow;
  state: EventState;
  source: 'workflow' | 'read-model';
}
interface EventPage {
  items: EventRow[];
  total: number;
}
interface InboxTask {
  id: string;
  eventId: string;
  eventTitle: string;
  templateCode: string;
  stepId: string;
  kind: 'task' | 'report' | 'sign-off';
  name: LocalizedText;
  status: TaskState['status'];
  assignees: Person[];
  dueAt: string | null;
  level: number | null;
  levelName: LocalizedText | null;
  mode: string | null;
  submitterId: string | null;
  actedBy: Person | null;
}
interface Problem {
  statusCode: number;
  code: string;
  message: LocalizedText;
  details?: { field: string; message: LocalizedText }[];
}
interface AuditRow {
  action: string;
  actorName: string | null;
  stepId: string | null;
  at: string;
}

const A1 = 'womens-day-110'; // lead: dept-organisation
const A2 = 'childrens-day-sorting'; // lead: dept-family-children
const NOT_YOURS = { 'zh-CN': '此待办未分派给您', en: 'This task is not assigned to you' };
const NOT_YOUR_EVENT = { 'zh-CN': '只能管理本部门牵头的活动', en: 'You can manage only events of your department' };
const MISSING_TOKEN = { 'zh-CN': '缺少或无效的登录令牌', en: 'Missing or invalid token' };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Each field problem of a refusal, in both languages: "中文 / English". */
const messages = (p: Problem) => (p.details ?? []).map((d) => `${d.message['zh-CN']} / ${d.message.en}`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('events and tasks API on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  const { sessions, as, api } = apiClient(() => t.baseUrl);
  const templates = new Map<string, EventTemplate>();

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
  });
  afterAll(async () => {
    await t?.close();
    await env?.teardown();
  });

  // ---- helpers -------------------------------------------------------------------------------
  const get = <T>(who: Session | null, path: string) => api<T>(who, 'GET', path);
  const post = <T>(who: Session | null, path: string, body: unknown = {}) => api<T>(who, 'POST', path, body);

  async function sql<R>(query: string, params: unknown[] = []): Promise<R[]> {
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as R[];
    } finally {
      await db.end();
    }
  }

  async function template(code: string): Promise<EventTemplate> {
    let found = templates.get(code);
    if (!found) {
      const res = await get<EventTemplate>(await as('admin'), `/templates/${code}`);
      expect(res.status).toBe(200);
      found = res.body;
      templates.set(code, found);
    }
    return found;
  }

  /** Polls in real time: the read model follows the workflow through an activity. */
  async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await pause(50);
    }
  }

  async function startEvent(username: string, code: string, inDays: number, title?: string): Promise<EventRow> {
    const startsAt = iso((await env.currentTimeMs()) + inDays * DAY);
    const res = await post<EventRow>(await as(username), '/events', { templateCode: code, title: title ?? `${code} ${startsAt}`, startsAt });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function detail(eventId: string, who?: Session): Promise<EventDetail> {
    const res = await get<EventDetail>(who ?? (await as('admin')), `/events/${eventId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function inbox(who: Session, eventId: string): Promise<InboxTask[]> {
    const res = await get<{ items: InboxTask[] }>(who, `/tasks?eventId=${eventId}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  const settle = (eventId: string) => settleWorkflow(env, eventWorkflowId(eventId));

  /** Waits until the login's inbox holds an open task of this step, and returns it. */
  async function waitForTask(who: Session, eventId: string, stepId: string): Promise<InboxTask> {
    return eventually(`${stepId} in the inbox of ${who.user.username}`, async () => {
      await settle(eventId);
      return (await inbox(who, eventId)).find((x) => x.stepId === stepId);
    });
  }

  async function complete(who: Session, task: InboxTask, overrides: Record<string, unknown> = {}): Promise<Reply<TaskState>> {
    return post<TaskState>(who, `/tasks/${task.id}/complete`, { values: sampleValues(formOf(await template(task.templateCode), task.stepId), overrides) });
  }

  /** Completes the draft plan and the three planning tasks: the plan's sign-off opens. */
  async function planUpToSignOff(eventId: string): Promise<void> {
    const organiser = await as('organiser-organisation');
    expect((await complete(organiser, await waitForTask(organiser, eventId, 'draft-plan'))).status).toBe(200);
    for (const stepId of ['budget', 'venue', 'guest-list']) {
      expect((await complete(organiser, await waitForTask(organiser, eventId, stepId))).status).toBe(200);
    }
  }

  /** The people who run an A1 event; every task of the drive must land in one of their inboxes. */
  const A1_CAST = ['organiser-organisation', 'head-organisation', 'head-publicity', 'vice-chair-1', 'chair'];

  /**
   * Works every open task of the event from the inboxes of the cast, and moves the server's clock to
   * the next date-relative wait when nobody has anything open, until `done` holds.
   */
  async function drive(eventId: string, done: (d: EventDetail) => boolean, log: { user: string; task: InboxTask }[] = []): Promise<EventDetail> {
    const cast = await Promise.all(A1_CAST.map(as));
    for (let round = 0; round < 300; round++) {
      const d = await detail(eventId);
      if (done(d)) return d;
      let acted = false;
      for (const who of cast) {
        for (const task of await inbox(who, eventId)) {
          const res = task.kind === 'sign-off' ? await post<TaskState>(who, `/tasks/${task.id}/approve`, { comment: '同意' }) : await complete(who, task);
          if (res.status !== 200) throw new Error(`${who.user.username} on ${task.stepId}: ${res.status} ${JSON.stringify(res.body)}`);
          log.push({ user: who.user.username, task });
          acted = true;
        }
      }
      if (acted) continue;
      const open = d.state.tasks.filter((x) => x.status === 'open');
      const strangers = open.filter((x) => !x.assignees.some((p) => cast.some((c) => c.user.id === p.id)));
      if (strangers.length) throw new Error(`tasks for people outside the cast: ${JSON.stringify(strangers)}`);
      // Nothing to act on this round: first the workflow's activities finish (the read model's
      // writes among them), so that no skip of the clock cuts one short.
      await settle(eventId);
      if (open.length) {
        // Opened by the workflow, not yet in the inboxes: wait for that, not for a number of rounds
        // (on a loaded machine the read model's write takes longer than any fixed count of looks).
        await eventually('the open tasks in the inboxes of the cast', async () => {
          const listed = new Set((await Promise.all(cast.map((who) => inbox(who, eventId)))).flat().map((x) => x.id));
          return open.every((x) => listed.has(x.id)) ? true : undefined;
        }, 60_000);
        continue;
      }
      const now = await env.currentTimeMs();
      const nextDue = d.state.steps
        .filter((s) => s.status === 'active' && s.until)
        .map((s) => Date.parse(s.until!))
        .filter((ms) => ms > now)
        .sort((a, b) => a - b)[0];
      if (nextDue === undefined) await pause(50); // the next step follows at once
      else await env.sleep(nextDue - now + 1000);
    }
    throw new Error(`event ${eventId} did not get there: ${JSON.stringify((await detail(eventId)).state.steps.filter((s) => s.status === 'active'))}`);
  }

  // ---- 1. templates --------------------------------------------------------------------------
  describe('templates', () => {
    it("lists the 13 templates of the annex, the monthly 时代女性榜 and the campaigns' district activity with their Chinese and English names", async () => {
      const res = await get<{ code: string; name: LocalizedText; leadDepartment: string; startedBy?: LocalizedText }[]>(await as('organiser-organisation'), '/templates');
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(15);
      expect(res.body.map((x) => x.code).sort()).toEqual(
        [
          'childrens-day-sorting', 'children-care-camp', 'clean-family', 'domestic-skills-contest', 'exec-committee-plenary',
          'family-education-meeting', 'family-reading', 'four-actions-onsite', 'poverty-showcase', 'public-welfare-launch',
          'red-banner-commendation', 'women-children-committee', 'womens-day-110', 'monthly-women-list', 'district-campaign-activity',
        ].sort(),
      );
      for (const x of res.body) {
        expect(x.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(x.name.en).toMatch(/[A-Za-z]{4,} [a-z]/); // English words, Chinese terms of art allowed
      }
      expect(res.body.find((x) => x.code === A1)).toMatchObject({
        name: { 'zh-CN': '纪念"三八"国际妇女节110周年系列活动', en: "Women's Day 110th anniversary series" },
        leadDepartment: 'dept-organisation',
      });
      // 发起活动 leaves out what nobody starts by hand, and the list says who starts it.
      expect(Object.fromEntries(res.body.filter((x) => x.startedBy).map((x) => [x.code, x.startedBy]))).toEqual({
        'monthly-women-list': { 'zh-CN': '由每月定时任务发起', en: 'started by its monthly schedule' },
        'district-campaign-activity': { 'zh-CN': '由区县在目标管理活动中发起', en: 'started by a district in its campaign' },
      });
    });

    it('gives one template whole, and 404 for an unknown code', async () => {
      const admin = await as('admin');
      const one = await get<EventTemplate>(admin, `/templates/${A1}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ code: A1, leadDepartment: 'dept-organisation' });
      expect(findStep(one.body.steps, 'draft-plan')).toMatchObject({ type: 'task', form: { fields: expect.any(Array) } });

      const unknown = await get<Problem>(admin, '/templates/no-such-template');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toEqual({ 'zh-CN': '没有此模板：no-such-template', en: 'No template with code no-such-template' });
    });
  });

  // ---- 3. bad input --------------------------------------------------------------------------
  describe('bad input answers 400 naming the field', () => {
    let drafting: EventRow;
    beforeAll(async () => {
      drafting = await startEvent('organiser-organisation', A1, 70, '输入校验用活动');
    });

    it('refuses an event without a title, with a malformed date or an unknown template, or ending before it starts, in Chinese and English', async () => {
      const organiser = await as('organiser-organisation');
      const startsAt = iso((await env.currentTimeMs()) + 30 * DAY);
      const before = (await get<EventPage>(organiser, '/events')).body.total;

      const noTitle = await post<Problem>(organiser, '/events', { templateCode: A1, startsAt });
      expect(noTitle.status).toBe(400);
      expect(messages(noTitle.body)).toEqual(expect.arrayContaining([expect.stringMatching(/^title /)]));

      const blankTitle = await post<Problem>(organiser, '/events', { templateCode: A1, title: '', startsAt });
      expect(blankTitle.status).toBe(400);
      expect(messages(blankTitle.body)).toContain('title 不能为空 / title should not be empty');

      const badDate = await post<Problem>(organiser, '/events', { templateCode: A1, title: '日期有误', startsAt: 'not-a-date' });
      expect(badDate.status).toBe(400);
      expect(messages(badDate.body)).toEqual([
        'startsAt 须为日期时间，如 2027-06-01T09:30:00+08:00 / startsAt must be a valid ISO 8601 date-time such as 2027-06-01T09:30:00+08:00',
      ]);

      const unknown = await post<Problem>(organiser, '/events', { templateCode: 'no-such-template', title: '模板不存在', startsAt });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toEqual({ 'zh-CN': '没有此模板：no-such-template', en: 'templateCode: no template no-such-template' });
      expect(unknown.body.details).toEqual([{ field: 'templateCode', message: { 'zh-CN': '没有此模板', en: 'unknown template' } }]);

      const backwards = await post<Problem>(organiser, '/events', { templateCode: A1, title: '倒序', startsAt, endsAt: iso(Date.parse(startsAt) - 3600_000) });
      expect(backwards.status).toBe(400);
      expect(backwards.body.message).toEqual({ 'zh-CN': '结束时间须晚于开始时间', en: 'endsAt must be after startsAt' });
      expect(backwards.body.details?.map((x) => x.field)).toEqual(['endsAt']);

      const past = await post<Problem>(organiser, '/events', { templateCode: A1, title: '过去', startsAt: '2020-03-08T01:00:00.000Z' });
      expect(past.status).toBe(400);
      expect(past.body.details?.map((x) => x.field)).toEqual(['startsAt']);

      const stranger = await post<Problem>(organiser, '/events', { templateCode: A1, title: '参与人不存在', startsAt, participants: ['00000000-0000-4000-8000-000000000000'] });
      expect(stranger.status).toBe(400);
      expect(stranger.body.details?.map((x) => x.field)).toEqual(['participants']);

      const unknownField = await post<Problem>(organiser, '/events', { templateCode: A1, title: '多余字段', startsAt, status: 'archived' });
      expect(unknownField.status).toBe(400);
      expect(messages(unknownField.body)).toContain('不允许的字段 status / property status should not exist');

      expect((await get<EventPage>(organiser, '/events')).body.total).toBe(before);
    });

    it('refuses a task form with a required field missing, naming the field key, and keeps the task open', async () => {
      const organiser = await as('organiser-organisation');
      const task = await waitForTask(organiser, drafting.id, 'draft-plan');
      const values = sampleValues(formOf(await template(A1), 'draft-plan'));
      delete values.theme;
      const res = await post<Problem>(organiser, `/tasks/${task.id}/complete`, { values });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID');
      expect(res.body.message).toEqual({ 'zh-CN': '表单填写有误：theme', en: 'Form errors in: theme' });
      expect(res.body.details).toEqual([{ field: 'theme', message: { 'zh-CN': '活动主题为必填项', en: 'Theme is required' } }]);

      const wrongType = await post<Problem>(organiser, `/tasks/${task.id}/complete`, { values: { ...values, theme: '主题', individualQuota: 0 } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.details?.map((x) => x.field)).toEqual(['individualQuota']);

      const noValues = await post<Problem>(organiser, `/tasks/${task.id}/complete`, {});
      expect(noValues.status).toBe(400);
      expect(messages(noValues.body)).toEqual(expect.arrayContaining([expect.stringMatching(/^values /)]));

      // A refused action leaves no trace: the task is still open and the audit has no completion.
      expect((await inbox(organiser, drafting.id)).map((x) => x.id)).toContain(task.id);
      const audit = await get<AuditRow[]>(organiser, `/events/${drafting.id}/audit`);
      expect(audit.body.map((a) => a.action)).not.toContain('task.completed');
    });

    it('refuses a rejection without a comment, and a postponement without a reason', async () => {
      const organiser = await as('organiser-organisation');
      const task = await waitForTask(organiser, drafting.id, 'draft-plan');
      const reject = await post<Problem>(organiser, `/tasks/${task.id}/reject`, {});
      expect(reject.status).toBe(400);
      expect(messages(reject.body)).toContain('退回须填写意见 / comment is required when rejecting');
      const blank = await post<Problem>(organiser, `/tasks/${task.id}/reject`, { comment: '' });
      expect(blank.status).toBe(400);
      expect(messages(blank.body)).toContain('退回须填写意见 / comment is required when rejecting');

      const postpone = await post<Problem>(organiser, `/events/${drafting.id}/postpone`, {});
      expect(postpone.status).toBe(400);
      expect(messages(postpone.body)).toContain('须填写原因 / reason is required');
      expect((await detail(drafting.id)).event.status).toBe('active');
    });

    it('answers 404 for unknown event and task ids and 400 for malformed ones, never 500', async () => {
      const admin = await as('admin');
      const organiser = await as('organiser-organisation');
      const nobody = '00000000-0000-4000-8000-000000000000';
      for (const path of [`/events/${nobody}`, `/events/${nobody}/audit`, `/tasks/${nobody}`]) {
        const res = await get<Problem>(admin, path);
        expect([path, res.status]).toEqual([path, 404]);
      }
      for (const path of ['/events/not-a-uuid', '/events/not-a-uuid/audit', '/tasks/42']) {
        const res = await get<Problem>(admin, path);
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'INVALID']);
      }
      const unknownEvent = await get<Problem>(admin, `/events/${nobody}`);
      expect(unknownEvent.body.message).toEqual({ 'zh-CN': `没有此活动：${nobody}`, en: `No event ${nobody}` });
      const unknownTask = await get<Problem>(admin, `/tasks/${nobody}`);
      expect(unknownTask.body.message).toEqual({ 'zh-CN': `没有此待办：${nobody}`, en: `No task ${nobody}` });

      for (const [path, body, status] of [
        [`/events/${nobody}/postpone`, { reason: '测试' }, 404],
        ['/events/not-a-uuid/cancel', { reason: '测试' }, 400],
        [`/events/${nobody}/reschedule`, { startsAt: '2099-01-01T00:00:00.000Z' }, 404],
        [`/events/${nobody}/notices/selection-notice/acknowledge`, {}, 404],
        [`/tasks/${nobody}/complete`, { values: {} }, 404],
        ['/tasks/not-a-uuid/approve', {}, 400],
        [`/tasks/${nobody}/reject`, { comment: '不行' }, 404],
      ] as const) {
        const res = await post<Problem>(organiser, path, body);
        expect([path, res.status]).toEqual([path, status]);
      }
    });
  });

  // ---- the inbox, paged ----------------------------------------------------------------------
  describe('the inbox (待办), paged', () => {
    it('pages the open tasks soonest deadline first with their total, lists what is overdue, and what is done', async () => {
      const M1 = 'exec-committee-plenary'; // led by the federation office: nobody else in this file has its tasks
      const organiser = await as('organiser-fed-office');
      // The plenary's meeting plan is due 30 days before the meeting: for one a day away it is already overdue.
      const now = Math.max(Date.now(), await env.currentTimeMs());
      const start = async (inDays: number, title: string) => {
        const res = await post<EventRow>(organiser, '/events', { templateCode: M1, title, startsAt: iso(now + inDays * DAY) });
        expect(res.status).toBe(201);
        return res.body;
      };
      // Two meetings with no working day between their dates (a weekend, a holiday) share one
      // deadline, and their order would be whichever workflow opened its task first: the second
      // late meeting is the first day after tomorrow whose plan is due later.
      const dueOf = (inDays: number) => addOffset(now + inDays * DAY, '-30d');
      let second = 2;
      while (dueOf(second) <= dueOf(1)) second++;
      expect(dueOf(second)).toBeLessThan(Date.now());
      const late = [await start(1, '执委会议（明天）'), await start(second, '执委会议（稍后）')];
      const later = await start(60, '执委会议（两个月后）');
      await eventually('three meeting plans in the inbox', async () => {
        const res = await get<{ total: number }>(organiser, '/tasks?status=open');
        return res.body.total === 3 ? true : undefined;
      });

      const page1 = await get<{ items: InboxTask[]; total: number; page: number; pageSize: number }>(organiser, '/tasks?status=open&pageSize=2');
      const page2 = await get<{ items: InboxTask[]; total: number; page: number; pageSize: number }>(organiser, '/tasks?status=open&pageSize=2&page=2');
      expect([page1.status, page1.body.total, page1.body.page, page1.body.pageSize, page1.body.items.length]).toEqual([200, 3, 1, 2, 2]);
      expect([page2.body.total, page2.body.page, page2.body.items.length]).toEqual([3, 2, 1]);
      expect([...page1.body.items, ...page2.body.items].map((x) => x.eventId)).toEqual([late[0].id, late[1].id, later.id]);

      const overdue = await get<{ items: InboxTask[]; total: number }>(organiser, '/tasks?status=overdue');
      expect(overdue.body.total).toBe(2);
      expect(overdue.body.items.map((x) => x.eventId).sort()).toEqual(late.map((e) => e.id).sort());

      // Done: the completed plan leaves the open and overdue lists for the done list.
      const [first] = page1.body.items;
      const values = sampleValues(formOf(await template(M1), first.stepId));
      expect((await post(organiser, `/tasks/${first.id}/complete`, { values })).status).toBe(200);
      await eventually('the plan done in the read model', async () => {
        const res = await get<{ items: InboxTask[]; total: number }>(organiser, '/tasks?status=done');
        return res.body.items.some((x) => x.id === first.id) ? true : undefined;
      });
      // The plan done, the meeting moves on to its planning tasks, the organiser's too: the lists are
      // compared once each of its active task steps has its task in the organiser's inbox, not while
      // those are still being opened and written.
      await eventually('the planning tasks in the inbox', async () => {
        const { state } = await detail(first.eventId);
        const mine = await inbox(organiser, first.eventId);
        const ready = state.steps
          .filter((x) => x.status === 'active' && x.type === 'task')
          .every((x) => state.tasks.some((task) => task.stepId === x.id && task.status === 'open' && mine.some((m) => m.id === task.id)));
        return ready ? true : undefined;
      });
      const overdueIds = (await get<{ items: InboxTask[] }>(organiser, '/tasks?status=overdue&pageSize=100')).body.items.map((x) => x.id);
      expect(overdueIds).not.toContain(first.id);
      expect(overdueIds).toContain(page1.body.items[1].id);
      const open = await get<{ items: InboxTask[]; total: number }>(organiser, '/tasks?status=open&pageSize=100');
      expect(open.body.items.map((x) => x.id)).not.toContain(first.id);

      // Past the last page: an empty page, still with the total.
      const beyond = await get<{ items: InboxTask[]; total: number }>(organiser, '/tasks?status=open&page=9');
      expect([beyond.status, beyond.body.items, beyond.body.total]).toEqual([200, [], open.body.total]);
    });

    it('refuses a page, page size or filter it cannot answer, naming it', async () => {
      const organiser = await as('organiser-fed-office');
      for (const [query, field] of [
        ['pageSize=0', 'pageSize'],
        ['pageSize=101', 'pageSize'],
        ['page=0', 'page'],
        ['page=x', 'page'],
        ['status=late', 'status'],
      ]) {
        const res = await get<Problem>(organiser, `/tasks?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
        expect(messages(res.body).join(' ')).toContain(field);
      }
    });
  });

  // ---- 4. authorization ----------------------------------------------------------------------
  describe('authorization', () => {
    let signing: EventRow;
    beforeAll(async () => {
      signing = await startEvent('organiser-organisation', A1, 70, '权限测试用活动');
      await planUpToSignOff(signing.id);
    });

    it('answers 401 without a token', async () => {
      for (const res of [
        await get<Problem>(null, '/events'),
        await get<Problem>(null, `/events/${signing.id}`),
        await get<Problem>(null, '/tasks'),
        await get<Problem>(null, '/templates'),
        await post<Problem>(null, '/events', { templateCode: A1, title: '无令牌', startsAt: '2099-03-08T01:00:00.000Z' }),
        await post<Problem>(null, `/events/${signing.id}/cancel`, { reason: '无令牌' }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body.message).toEqual(MISSING_TOKEN);
      }
    });

    it("refuses an organiser starting another department's event, and writes nothing", async () => {
      const admin = await as('admin');
      const before = (await get<EventPage>(admin, '/events')).body.total;
      const startsAt = iso((await env.currentTimeMs()) + 50 * DAY);
      const res = await post<Problem>(await as('organiser-organisation'), '/events', { templateCode: A2, title: '跨部门发起', startsAt });
      expect(res.status).toBe(403);
      expect(res.body.message).toEqual({ 'zh-CN': '只能发起本部门牵头的活动', en: 'Only organisers of dept-family-children can start this event' });
      expect((await get<EventPage>(admin, '/events')).body.total).toBe(before);
      const used = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM template_versions WHERE code = $1 AND first_used_at IS NOT NULL`, [A2]);
      expect(used[0].n).toBe(0);

      // The department's own organiser may.
      const own = await post<EventRow>(await as('organiser-family-children'), '/events', { templateCode: A2, title: '家儿部发起', startsAt });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ templateCode: A2, leadUnit: 'dept-family-children', status: 'active' });
      expect((await get<EventPage>(admin, '/events')).body.total).toBe(before + 1);
    });

    it('refuses a district liaison rescheduling, postponing or cancelling an event', async () => {
      const liaison = await as('liaison-yuzhong');
      const startsAt = iso((await env.currentTimeMs()) + 90 * DAY);
      for (const [action, body] of [
        ['reschedule', { startsAt }],
        ['postpone', { reason: '区县想改期' }],
        ['cancel', { reason: '区县想取消' }],
      ] as const) {
        const res = await post<Problem>(liaison, `/events/${signing.id}/${action}`, body);
        expect([action, res.status, res.body.message]).toEqual([action, 403, NOT_YOUR_EVENT]);
      }
      // Nor may a vice-chair whose portfolio (分管) does not include the lead department.
      const otherVc = await post<Problem>(await as('vice-chair-2'), `/events/${signing.id}/postpone`, { reason: '非分管' });
      expect([otherVc.status, otherVc.body.message]).toEqual([403, NOT_YOUR_EVENT]);
      const after = await detail(signing.id);
      expect(after.event).toMatchObject({ status: 'active', startsAt: signing.startsAt });
      // The audit trail is for the event's managers and the leaders, not for the districts.
      expect((await get<Problem>(liaison, `/events/${signing.id}/audit`)).status).toBe(403);
      expect((await get<AuditRow[]>(await as('admin'), `/events/${signing.id}/audit`)).body.map((a) => a.action)).not.toContain('event.postponed');
    });

    it("refuses an approver acting on another approver's sign-off, and anyone seeing a task they have no part in", async () => {
      const headOrg = await as('head-organisation');
      const headPub = await as('head-publicity');
      const theirs = await waitForTask(headPub, signing.id, 'plan-approval');
      const res = await post<Problem>(headOrg, `/tasks/${theirs.id}/approve`, { comment: '代签' });
      expect(res.status).toBe(403);
      expect(res.body.message).toEqual(NOT_YOURS);
      const reject = await post<Problem>(await as('chair'), `/tasks/${theirs.id}/reject`, { comment: '越级退回' });
      expect(reject.status).toBe(403);
      expect(reject.body.message).toEqual(NOT_YOURS);

      const peek = await get<Problem>(await as('liaison-yuzhong'), `/tasks/${theirs.id}`);
      expect(peek.status).toBe(403);
      expect(peek.body.message).toEqual({ 'zh-CN': '无权查看此待办', en: 'You may not see this task' });
      expect((await get<InboxTask>(headPub, `/tasks/${theirs.id}`)).status).toBe(200);
      expect((await inbox(headPub, signing.id)).find((x) => x.id === theirs.id)?.status).toBe('open');
    });

    it('never lets the submitter sign off their own plan: a sign-off cannot be handed to them', async () => {
      const organiser = await as('organiser-organisation');
      const headOrg = await as('head-organisation');
      const task = await waitForTask(headOrg, signing.id, 'plan-approval');
      expect(task.submitterId).toBe(organiser.user.id);
      // The submitter is not among the approvers, so the sign-off is not in their inbox.
      expect((await inbox(organiser, signing.id)).filter((x) => x.kind === 'sign-off')).toEqual([]);

      const approveOwn = await post<Problem>(organiser, `/tasks/${task.id}/approve`, {});
      expect(approveOwn.status).toBe(403);
      expect(approveOwn.body.message).toEqual(NOT_YOURS);

      const handOver = await post<Problem>(headOrg, `/tasks/${task.id}/delegate`, { toUserId: organiser.user.id, comment: '请你来签' });
      expect(handOver.status).toBe(403);
      expect(handOver.body.message).toEqual({ 'zh-CN': '不能转交给提交人本人审批', en: 'A sign-off cannot go to the submitter' });
      const byAdmin = await post<Problem>(await as('admin'), `/tasks/${task.id}/delegate`, { toUserId: organiser.user.id });
      expect(byAdmin.status).toBe(403);
      expect(byAdmin.body.message).toEqual({ 'zh-CN': '不能转交给提交人本人审批', en: 'A sign-off cannot go to the submitter' });
      const nobody = await post<Problem>(headOrg, `/tasks/${task.id}/delegate`, { toUserId: '00000000-0000-4000-8000-000000000000' });
      expect(nobody.status).toBe(400);
      expect(nobody.body.details?.map((x) => x.field)).toEqual(['toUserId']);
      expect((await inbox(organiser, signing.id)).filter((x) => x.kind === 'sign-off')).toEqual([]);
      expect((await inbox(headOrg, signing.id)).map((x) => x.id)).toContain(task.id);
    });

    it('lets the admin list and view every event, its audit and its tasks', async () => {
      const admin = await as('admin');
      const list = await get<EventPage>(admin, '/events');
      expect(list.status).toBe(200);
      expect(list.body.items.map((e) => e.id)).toContain(signing.id);
      const one = await detail(signing.id, admin);
      expect(one).toMatchObject({ event: { id: signing.id, templateCode: A1 }, source: 'workflow', state: { status: 'active' } });
      const audit = await get<AuditRow[]>(admin, `/events/${signing.id}/audit`);
      expect(audit.status).toBe(200);
      expect(audit.body[0]).toMatchObject({ action: 'event.started' });
      const task = one.state.tasks.find((x) => x.stepId === 'plan-approval')!;
      const viewed = await get<InboxTask>(admin, `/tasks/${task.id}`);
      expect(viewed.status).toBe(200);
      expect(viewed.body).toMatchObject({ id: task.id, eventId: signing.id, kind: 'sign-off', status: 'open' });
    });
  });

  // ---- 5. state conflicts --------------------------------------------------------------------
  describe('state conflicts answer 409', () => {
    let event: EventRow;
    beforeAll(async () => {
      event = await startEvent('organiser-organisation', A1, 70, '冲突测试用活动');
      await planUpToSignOff(event.id);
    });

    it('refuses resuming an event that is not postponed, and postponing one twice', async () => {
      const organiser = await as('organiser-organisation');
      const startsAt = iso((await env.currentTimeMs()) + 80 * DAY);
      const resume = await post<Problem>(organiser, `/events/${event.id}/resume`, { startsAt });
      expect(resume.status).toBe(409);
      expect(resume.body.message).toEqual({ 'zh-CN': '活动未处于延期待定状态', en: 'The event is not postponed' });

      expect((await post<EventState>(organiser, `/events/${event.id}/postpone`, { reason: '场地冲突' })).status).toBe(200);
      const again = await post<Problem>(organiser, `/events/${event.id}/postpone`, { reason: '再次延期' });
      expect(again.status).toBe(409);
      expect(again.body.message).toEqual({ 'zh-CN': '活动已处于延期待定状态', en: 'The event is already postponed' });
      const reschedule = await post<Problem>(organiser, `/events/${event.id}/reschedule`, { startsAt });
      expect(reschedule.status).toBe(409);
      expect(reschedule.body.message).toEqual({ 'zh-CN': '活动已延期待定，请使用“恢复”并给出新日期', en: 'The event is postponed: resume it with a new date' });

      const past = await post<Problem>(organiser, `/events/${event.id}/resume`, { startsAt: iso((await env.currentTimeMs()) - DAY) });
      expect(past.status).toBe(400);
      expect(past.body.details?.map((x) => x.field)).toEqual(['startsAt']);

      expect((await post<EventState>(organiser, `/events/${event.id}/resume`, { startsAt })).status).toBe(200);
      expect((await detail(event.id)).event).toMatchObject({ status: 'active', startsAt: startsAt });
    });

    it('refuses approving a sign-off that is already approved', async () => {
      const headOrg = await as('head-organisation');
      const task = await waitForTask(headOrg, event.id, 'plan-approval');
      const first = await post<TaskState>(headOrg, `/tasks/${task.id}/approve`, { comment: '同意' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: task.id, status: 'approved', actedBy: { id: headOrg.user.id } });
      const second = await post<Problem>(headOrg, `/tasks/${task.id}/approve`, { comment: '再次同意' });
      expect(second.status).toBe(409);
      expect(second.body.message).toEqual({ 'zh-CN': '此待办当前状态为“approved”，不能办理', en: 'This task is approved, not open' });
      expect((await inbox(headOrg, event.id)).map((x) => x.id)).not.toContain(task.id);
    });
  });

  // ---- 6. cancelling in the middle of a sign-off ---------------------------------------------
  describe('cancelling during a sign-off', () => {
    it("closes the open sign-offs, empties the approvers' inboxes and tells them, and refuses acting afterwards", async () => {
      const event = await startEvent('organiser-organisation', A1, 70, '取消测试用活动');
      await planUpToSignOff(event.id);
      const organiser = await as('organiser-organisation');
      const headOrg = await as('head-organisation');
      const headPub = await as('head-publicity');
      const mine = await waitForTask(headOrg, event.id, 'plan-approval');
      const theirs = await waitForTask(headPub, event.id, 'plan-approval');
      expect((await post(headOrg, `/tasks/${mine.id}/approve`, { comment: '同意' })).status).toBe(200);

      const res = await post<EventState>(organiser, `/events/${event.id}/cancel`, { reason: '上级通知暂停举办' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '上级通知暂停举办' });

      expect(await inbox(headPub, event.id)).toEqual([]);
      expect(await inbox(headOrg, event.id)).toEqual([]);
      const closed = await get<InboxTask>(headPub, `/tasks/${theirs.id}`);
      expect(closed.body.status).toBe('cancelled');
      const d = await detail(event.id);
      expect(d.event).toMatchObject({ status: 'cancelled', cancelReason: '上级通知暂停举办' });
      expect((await get<EventPage>(organiser, '/events?status=cancelled')).body.items.map((e) => e.id)).toContain(event.id);

      const toldIds = await sql<{ recipient_id: string }>(`SELECT recipient_id FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE '【取消】%'`, [event.id]);
      expect(toldIds.map((r) => r.recipient_id)).toEqual(expect.arrayContaining([organiser.user.id, headPub.user.id]));
      const told = await sql<{ subject: LocalizedText; body: LocalizedText }>(
        `SELECT subject, body FROM notifications WHERE event_id = $1 AND recipient_id = $2 AND kind = 'event'`,
        [event.id, headPub.user.id],
      );
      expect(told).toEqual([
        { subject: { 'zh-CN': '【取消】取消测试用活动已取消', en: 'Cancelled: 取消测试用活动' }, body: { 'zh-CN': '原因：上级通知暂停举办', en: 'Reason: 上级通知暂停举办' } },
      ]);

      // Nothing more can happen to a cancelled event.
      const approve = await post<Problem>(headPub, `/tasks/${theirs.id}/approve`, { comment: '同意' });
      expect(approve.status).toBe(409);
      const again = await post<Problem>(organiser, `/events/${event.id}/cancel`, { reason: '再次取消' });
      expect(again.status).toBe(409);
      const postpone = await post<Problem>(organiser, `/events/${event.id}/postpone`, { reason: '延期' });
      expect(postpone.status).toBe(409);
      const audit = (await get<AuditRow[]>(organiser, `/events/${event.id}/audit`)).body.map((a) => a.action);
      expect(audit.filter((a) => a === 'event.cancelled')).toHaveLength(1);
      expect(audit).not.toContain('event.postponed');
    });
  });

  // ---- 2. a whole A1 event, as the people who run it -----------------------------------------
  describe('the new-user flow (issue 3): 纪念"三八"国际妇女节110周年系列活动 from start to archive', () => {
    it('plans, signs off, notifies, postpones, resumes, reschedules, holds, reports and archives', async () => {
      const tpl = await template(A1);
      const organiser = await as('organiser-organisation');
      const [headOrg, headPub, vc1, chair, liaison] = await Promise.all(['head-organisation', 'head-publicity', 'vice-chair-1', 'chair', 'liaison-yuzhong'].map(as));

      // Start it ten weeks ahead, on the server's clock.
      const startsAt = iso((await env.currentTimeMs()) + 70 * DAY);
      const created = await post<EventRow>(organiser, '/events', { templateCode: A1, title: '2027年纪念"三八"国际妇女节系列活动', startsAt, venue: '重庆市人民大礼堂' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ templateCode: A1, leadUnit: 'dept-organisation', organiserId: organiser.user.id, status: 'active', startsAt: startsAt });
      const eventId = created.body.id;

      // Planning: the draft plan, then budget, venue and guests side by side.
      const draft = await waitForTask(organiser, eventId, 'draft-plan');
      expect(draft).toMatchObject({ kind: 'task', name: { en: 'Draft the series plan' }, dueAt: iso(Date.parse(startsAt) - 60 * DAY) });
      expect(await inbox(headOrg, eventId)).toEqual([]);
      expect((await complete(organiser, draft)).body).toMatchObject({ status: 'completed' });
      for (const stepId of ['budget', 'venue', 'guest-list']) {
        expect((await complete(organiser, await waitForTask(organiser, eventId, stepId))).status).toBe(200);
      }

      // 会签: both department heads, each from their own inbox; the vice-chair only after both.
      const orgSign = await waitForTask(headOrg, eventId, 'plan-approval');
      const pubSign = await waitForTask(headPub, eventId, 'plan-approval');
      expect(orgSign).toMatchObject({ kind: 'sign-off', level: 0, levelName: { en: 'Department heads co-sign' }, mode: 'all', submitterId: organiser.user.id });
      expect(pubSign.id).not.toBe(orgSign.id);
      expect(await inbox(vc1, eventId)).toEqual([]);
      expect((await post(headOrg, `/tasks/${orgSign.id}/approve`, { comment: '同意' })).status).toBe(200);
      expect(await inbox(vc1, eventId)).toEqual([]);
      expect((await post(headPub, `/tasks/${pubSign.id}/approve`, { comment: '宣传部同意' })).status).toBe(200);
      const vcSign = await waitForTask(vc1, eventId, 'plan-approval');
      expect(vcSign).toMatchObject({ level: 1, levelName: { en: 'Vice-chair in charge approves' } });
      expect(await inbox(chair, eventId)).toEqual([]);
      expect((await post(vc1, `/tasks/${vcSign.id}/approve`, {})).status).toBe(200);
      const chairSign = await waitForTask(chair, eventId, 'plan-approval');
      expect(chairSign).toMatchObject({ level: 2, levelName: { en: 'Chair decides' } });
      expect((await post(chair, `/tasks/${chairSign.id}/approve`, { comment: '同意，按方案实施' })).status).toBe(200);

      // The selection notice reaches the districts; 渝中区 acknowledges with its nominations.
      const notice = await eventually('the selection notice', async () => (await detail(eventId)).state.notices.find((n) => n.stepId === 'selection-notice'));
      expect(notice.docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);
      expect(notice.receiptsDueAt).toBe(iso(Date.parse(startsAt) - 35 * DAY));
      expect(notice.receipts?.find((r) => r.unitCode === 'district-yuzhong')).toMatchObject({ status: 'pending' });
      const receiptForm = (findStep(tpl.steps, 'selection-notice') as NotifyStep).receipt!.form;
      const incomplete = await post<Problem>(liaison, `/events/${eventId}/notices/selection-notice/acknowledge`, { values: { nominees: ['张三'] } });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.details?.map((x) => x.field)).toEqual(['vettedByPartyCommittee']);
      const forOther = await post<Problem>(liaison, `/events/${eventId}/notices/selection-notice/acknowledge`, { unitCode: 'district-wanzhou', values: sampleValues(receiptForm) });
      expect(forOther.status).toBe(403);
      const ack = await post<{ status: string; acknowledgedBy: Person }>(liaison, `/events/${eventId}/notices/selection-notice/acknowledge`, { values: sampleValues(receiptForm) });
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { id: liaison.user.id } });
      const twice = await post<Problem>(liaison, `/events/${eventId}/notices/selection-notice/acknowledge`, { values: sampleValues(receiptForm) });
      expect(twice.status).toBe(409);
      const receipts = (await detail(eventId, liaison)).state.notices.find((n: NoticeState) => n.stepId === 'selection-notice')!.receipts!;
      expect(receipts.find((r) => r.unitCode === 'district-yuzhong')).toMatchObject({ status: 'acknowledged', values: sampleValues(receiptForm) });

      // The other districts never answer: the receipts close at their deadline and the review opens.
      const log: { user: string; task: InboxTask }[] = [];
      await drive(eventId, (d) => d.state.tasks.some((x) => x.stepId === 'eligibility-review' && x.status === 'open'), log);
      const review = await waitForTask(organiser, eventId, 'eligibility-review');
      const reviewDue = Date.parse(startsAt) - 28 * DAY;
      expect(review.dueAt).toBe(iso(reviewDue));

      // Postponed, date to be decided: the deadline hangs on the date.
      const postponed = await post<EventState>(organiser, `/events/${eventId}/postpone`, { reason: '疫情防控，时间另行通知' });
      expect(postponed.status).toBe(200);
      const whilePostponed = await detail(eventId);
      expect(whilePostponed.event.status).toBe('postponed');
      expect(whilePostponed.event.postponedAt).not.toBeNull();
      expect(whilePostponed.state.status).toBe('postponed');
      expect((await get<InboxTask>(organiser, `/tasks/${review.id}`)).body.dueAt).toBeNull();
      expect((await get<EventPage>(organiser, '/events?status=postponed')).body.items.map((e) => e.id)).toContain(eventId);

      // Resumed two weeks later than planned, then moved one more week: the deadline follows.
      const resumedAt = iso(Date.parse(startsAt) + 14 * DAY);
      expect((await post(organiser, `/events/${eventId}/resume`, { startsAt: resumedAt, reason: '疫情缓解' })).status).toBe(200);
      expect((await detail(eventId)).event).toMatchObject({ status: 'active', startsAt: resumedAt, postponedAt: null });
      expect((await get<InboxTask>(organiser, `/tasks/${review.id}`)).body.dueAt).toBe(iso(reviewDue + 14 * DAY));
      const finalStart = iso(Date.parse(startsAt) + 21 * DAY);
      const moved = await post<EventState>(organiser, `/events/${eventId}/reschedule`, { startsAt: finalStart, reason: '与全市大会错开' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ status: 'active', startsAt: finalStart, endsAt: iso(Date.parse(finalStart) + DAY) });
      expect((await get<InboxTask>(organiser, `/tasks/${review.id}`)).body.dueAt).toBe(iso(reviewDue + 21 * DAY));
      expect((await inbox(organiser, eventId)).find((x) => x.id === review.id)?.dueAt).toBe(iso(reviewDue + 21 * DAY));

      // On to the day and the report, skipping time whenever nobody has anything to do.
      await drive(eventId, (d) => d.state.tasks.some((x) => x.kind === 'report' && x.status === 'open'), log);
      expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(finalStart));
      const held = (await detail(eventId)).state.steps.find((s) => s.id === 'wait-event-day')!;
      expect(held).toMatchObject({ status: 'done' });
      expect(Date.parse(held.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(finalStart));
      const report = await waitForTask(organiser, eventId, 'summary-report');
      expect(report).toMatchObject({ kind: 'report', dueAt: iso(Date.parse(finalStart) + DAY + 7 * DAY) });
      const shortReport = await complete(organiser, report, { outcomes: '太短' });
      expect(shortReport.status).toBe(400);
      expect((shortReport.body as unknown as Problem).details?.map((x) => x.field)).toEqual(['outcomes']);
      expect((await complete(organiser, report)).body).toMatchObject({ kind: 'report', status: 'completed' });

      // The report's sign-off: the department head, then the vice-chair in charge.
      const reportHead = await waitForTask(headOrg, eventId, 'summary-report');
      expect(reportHead).toMatchObject({ kind: 'sign-off', level: 0, submitterId: organiser.user.id });
      expect((await post(headOrg, `/tasks/${reportHead.id}/approve`, {})).status).toBe(200);
      const reportVc = await waitForTask(vc1, eventId, 'summary-report');
      expect((await post(vc1, `/tasks/${reportVc.id}/approve`, { comment: '同意归档' })).status).toBe(200);

      const archived = await eventually('the archived event', async () => {
        const d = await detail(eventId);
        return d.event.status === 'archived' ? d : undefined;
      });
      expect(archived.event.archivedAt).not.toBeNull();
      expect(archived.event.startsAt).toBe(finalStart);
      expect(archived.state.tasks.filter((x) => x.status === 'open' || x.status === 'waiting')).toEqual([]);
      for (const who of [organiser, headOrg, headPub, vc1, chair]) expect(await inbox(who, eventId)).toEqual([]);
      const archivedList = await get<EventPage>(organiser, `/events?status=archived&template=${A1}`);
      expect(archivedList.body.items.map((e) => e.id)).toContain(eventId);
      expect((await get<EventPage>(organiser, '/events?status=active')).body.items.map((e) => e.id)).not.toContain(eventId);

      // An archived event is closed to every action.
      for (const [path, body] of [
        [`/events/${eventId}/cancel`, { reason: '归档后取消' }],
        [`/events/${eventId}/postpone`, { reason: '归档后延期' }],
        [`/events/${eventId}/reschedule`, { startsAt: iso((await env.currentTimeMs()) + 30 * DAY) }],
        [`/tasks/${reportVc.id}/approve`, {}],
      ] as const) {
        const res = await post<Problem>(path.startsWith('/tasks') ? vc1 : organiser, path, body);
        expect([path, res.status]).toEqual([path, 409]);
      }

      // Every sign-off was made by someone other than the submitter, from their own login.
      const signOffs = archived.state.tasks.filter((x) => x.kind === 'sign-off' && x.status === 'approved');
      for (const s of signOffs) expect(s.actedBy?.id).not.toBe(s.submitter?.id);
      expect(log.filter((l) => l.task.kind === 'sign-off').every((l) => l.task.assignees.some((p) => p.id === sessions.get(l.user)!.user.id))).toBe(true);

      // The audit trail tells the story in order.
      const audit = await get<AuditRow[]>(organiser, `/events/${eventId}/audit`);
      expect(audit.status).toBe(200);
      const actions = audit.body.map((a) => a.action);
      const story = ['event.started', 'sign-off.approved', 'event.postponed', 'event.resumed', 'event.rescheduled', 'report.submitted', 'event.archived'];
      const positions = story.map((action) => actions.indexOf(action));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(actions[0]).toBe('event.started');
      // The last sign-off and the archiving happen at the same workflow instant; the trail keeps their order.
      expect(actions.slice(-2)).toEqual(['sign-off.approved', 'event.archived']);
      expect(audit.body.find((a) => a.action === 'event.postponed')).toMatchObject({ actorName: organiser.user.displayName });
    });
  });
});
