// Data between events through the API, the whole application on the time-skipping server: M2
// (表彰会) cannot start before an A1 decision is issued; once it is, the start page names the
// decision it will read, M2's meeting plan starts from A1's honourees, and the event keeps the copy.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import { Client } from 'pg';
import { chinaYearOf } from '../../src/common/china-time';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import { eventWorkflowId, type EventState } from '../../workflows/event-model';
import { apiClient } from '../support/api-client';
import { DAY, driveToEnd } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv } from '../support/time-skipping';

const TEMPLATES = loadTemplates(join(projectRoot(), 'templates'));
const A1 = TEMPLATES.find((t) => t.code === 'womens-day-110')!;

const HONOUREES = ['王红梅', '李小华', '张秀英', '刘芳', '陈静', '杨丽', '赵敏', '黄燕', '周婷', '吴娟'];
const COLLECTIVES = ['渝中区妇联', '江北区妇联', '重庆市第一人民医院妇产科'];

interface Problem {
  statusCode: number;
  message: { 'zh-CN': string; en: string };
}
interface Source {
  eventId: string;
  title: string;
  startsAt: string;
  year: number;
  sameYear: boolean;
  docNumber: string | null;
  noticeSubject: { 'zh-CN': string } | null;
}

describe('M2 reads the honourees of the Women\'s Day decision', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  let db: Client;
  const { as, api } = apiClient(() => t.baseUrl);
  const organiser = () => as('organiser-organisation');
  let a1Id: string;
  let a1StartsAt: string;

  /** A future date on both clocks: the API's, and the test server's, which runs ahead once time skips. */
  const daysAhead = async (days: number) => new Date(Math.max(Date.now(), await env.currentTimeMs()) + days * DAY).toISOString();
  const startM2 = async (title: string, startsAt?: string) =>
    api<Problem & { id: string }>(await organiser(), 'POST', '/events', {
      templateCode: 'red-banner-commendation',
      title,
      startsAt: startsAt ?? (await daysAhead(30)),
      venue: '重庆市人民大礼堂',
    });
  /** The meeting plan task of an M2, once its workflow has opened it. */
  const meetingPlan = async (eventId: string) => {
    let plan: { id: string } | undefined;
    for (let i = 0; i < 100 && !plan; i++) {
      const inbox = await api<{ items: { id: string; stepId: string }[] }>(await organiser(), 'GET', `/tasks?eventId=${eventId}&status=open`);
      plan = inbox.body.items.find((x) => x.stepId === 'meeting-plan');
      if (!plan) await new Promise((r) => setTimeout(r, 100));
    }
    return api<{ startFrom: { source: string; values: Record<string, unknown>; from: Source[] } | null }>(await organiser(), 'GET', `/tasks/${plan!.id}`);
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
    db = new Client({ connectionString: t.config.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    await env?.teardown();
  });

  it('refuses to start M2 before any A1 decision is issued, naming what it would read, in both languages', async () => {
    const refused = await startM2('2027年三八红旗手表彰会（过早）');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toEqual({
      'zh-CN': '须待“纪念"三八"国际妇女节110周年系列活动”完成“印发表彰决定”后才能发起：本活动要读取其“重庆市三八红旗手名单”、“重庆市三八红旗集体名单”',
      en: 'This needs an event of "Women\'s Day 110th anniversary series" past "Issue the commendation decision" first: this event reads its "三八红旗手 honoured", "Collectives honoured"',
    });
    const preview = await api<{ template: string; source: Source | null; counts: Record<string, number> }[]>(
      await organiser(),
      'GET',
      '/templates/red-banner-commendation/handoff',
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual([expect.objectContaining({ template: 'womens-day-110', source: null, counts: { honourees: 0, collectiveHonourees: 0 } })]);
  });

  it('shows provides and reads in the template API', async () => {
    const a1 = await api<{ provides: Record<string, unknown> }>(await organiser(), 'GET', '/templates/womens-day-110');
    expect(a1.body.provides).toEqual({
      honourees: { step: 'draft-decision', field: 'honourees', after: 'issue-decision' },
      collectiveHonourees: { step: 'draft-decision', field: 'collectiveHonourees', after: 'issue-decision' },
    });
    const list = await api<{ code: string; reads?: unknown[] }[]>(await as('liaison-yuzhong'), 'GET', '/templates');
    expect(list.body.find((x) => x.code === 'red-banner-commendation')?.reads).toEqual([
      { from: 'womens-day-110', value: 'honourees', into: { step: 'meeting-plan', field: 'honourees' } },
      { from: 'womens-day-110', value: 'collectiveHonourees', into: { step: 'meeting-plan', field: 'collectiveHonourees' } },
    ]);
  });

  it('once A1 has issued its decision, M2 starts from its honourees and says where they came from', async () => {
    a1StartsAt = await daysAhead(70);
    const created = await api<{ id: string }>(await organiser(), 'POST', '/events', {
      templateCode: A1.code,
      title: '2027年纪念“三八”国际妇女节系列活动',
      startsAt: a1StartsAt,
    });
    expect(created.status).toBe(201);
    a1Id = created.body.id;
    const handle = env.client.workflow.getHandle(eventWorkflowId(a1Id));
    await driveToEnd(env, handle, A1, {
      values: { 'draft-decision': { honourees: HONOUREES, collectiveHonourees: COLLECTIVES } },
      until: (s: EventState) => s.steps.some((x) => x.id === 'issue-decision' && x.status === 'done'),
    });
    // The start reads the read model, which the workflow's activities write a moment later.
    for (let i = 0; i < 100; i++) {
      const { rows } = await db.query("SELECT 1 FROM event_steps WHERE event_id = $1 AND step_id = 'issue-decision' AND status = 'done'", [a1Id]);
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [{ doc_number: docNumber }] = (await db.query("SELECT doc_number FROM notices WHERE event_id = $1 AND step_id = 'issue-decision'", [a1Id])).rows;
    expect(docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);

    // The start page: which event it will read from, and how many names, before anyone starts.
    const preview = await api<{ source: Source | null; counts: Record<string, number> }[]>(
      await organiser(),
      'GET',
      `/templates/red-banner-commendation/handoff?startsAt=${encodeURIComponent(await daysAhead(30))}`,
    );
    expect(preview.body[0].source).toMatchObject({ eventId: a1Id, title: '2027年纪念“三八”国际妇女节系列活动', docNumber, sameYear: true });
    expect(preview.body[0].counts).toEqual({ honourees: 10, collectiveHonourees: 3 });
    // Only those who may start the template see it.
    expect((await api(await as('organiser-family-children'), 'GET', '/templates/red-banner-commendation/handoff')).status).toBe(403);

    const m2 = await startM2('2027年重庆市三八红旗手表彰大会');
    expect(m2.status).toBe(201);

    const task = await meetingPlan(m2.body.id);
    expect(task.body.startFrom?.source).toBe('handoff');
    expect(task.body.startFrom?.values).toEqual({ honourees: HONOUREES, collectiveHonourees: COLLECTIVES });
    expect(task.body.startFrom?.from).toEqual([
      expect.objectContaining({ eventId: a1Id, docNumber, sameYear: true, noticeSubject: expect.objectContaining({ 'zh-CN': '关于表彰重庆市三八红旗手（集体）的决定' }) }),
    ]);

    const detail = await api<{ handoffs: { source: Source; values: Record<string, unknown>; copiedAt: string }[] }>(await organiser(), 'GET', `/events/${m2.body.id}`);
    expect(detail.body.handoffs).toEqual([
      expect.objectContaining({ source: expect.objectContaining({ eventId: a1Id, docNumber }), values: { honourees: HONOUREES, collectiveHonourees: COLLECTIVES } }),
    ]);
    // A liaison sees the event's outline, not the plan's values: the copy is withheld as the step is.
    const liaisonView = await api<{ handoffs: { values: Record<string, unknown> }[] }>(await as('liaison-yuzhong'), 'GET', `/events/${m2.body.id}`);
    expect(liaisonView.body.handoffs.map((h) => h.values)).toEqual([{}]);

    // The copy is a snapshot taken at the start: the database refuses to change it.
    await expect(db.query("UPDATE event_handoffs SET handed_values = '{}' WHERE event_id = $1", [m2.body.id])).rejects.toThrow(/snapshot/);
  });

  it("reads the latest decision of another year when the event's own year has none yet, and says so", async () => {
    const a1Year = chinaYearOf(a1StartsAt);
    const nextYear = `${a1Year + 1}-06-01T02:00:00.000Z`;
    const a1OfAnotherYear = { eventId: a1Id, startsAt: new Date(a1StartsAt).toISOString(), year: a1Year, sameYear: false };

    const preview = await api<{ source: Source | null }[]>(await organiser(), 'GET', `/templates/red-banner-commendation/handoff?startsAt=${encodeURIComponent(nextYear)}`);
    expect(preview.body[0].source).toMatchObject(a1OfAnotherYear);

    const m2 = await startM2(`${a1Year + 1}年重庆市三八红旗手表彰大会`, nextYear);
    expect(m2.status).toBe(201);
    const task = await meetingPlan(m2.body.id);
    expect(task.body.startFrom?.values).toEqual({ honourees: HONOUREES, collectiveHonourees: COLLECTIVES });
    expect(task.body.startFrom?.from).toEqual([expect.objectContaining(a1OfAnotherYear)]);
    const detail = await api<{ handoffs: { source: Source }[] }>(await organiser(), 'GET', `/events/${m2.body.id}`);
    expect(detail.body.handoffs.map((h) => h.source)).toEqual([expect.objectContaining(a1OfAnotherYear)]);
  });
});
