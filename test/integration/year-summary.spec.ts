// 年度工作总结素材 over real HTTP, with the whole application running against the time-skipping
// server: a year seeded through the API — an event driven to its archived report with one receipt on
// time and one late, another at its notice with one receipt, one rescheduled, one cancelled, one of
// the next year — and two campaigns of the year, one with reports, one cancelled; then the summary,
// its workbook and its PDF say exactly that, to the staff only.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createCampaignActivities } from '../../activities/campaign.activities';
import { CampaignReadModel } from '../../src/campaigns/campaign-read-model';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { projectRoot } from '../../src/infra/project-root';
import { DirectoryService } from '../../src/org/directory.service';
import { loadTemplates } from '../../src/templates/template-loader';
import { campaignWorkflowId, type CampaignStatus } from '../../workflows/campaign-model';
import type { Allocation, ProgressFigures } from '../../workflows/campaign-types';
import { reportingPeriods } from '../../workflows/campaign/periods';
import { eventWorkflowId, type EventState } from '../../workflows/event-model';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import type { YearSummary } from '../../src/years/year-summary';
import { apiClient } from '../support/api-client';
import { acknowledge, pendingNoticeOf } from '../support/api-walk';
import type { Session } from '../support/auth';
import { DAY, formOf, sampleValues, userByName } from '../support/event-driver';
import { pdfText, squeezed } from '../support/pdf-text';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv, settleWorkflow } from '../support/time-skipping';

const A2 = 'childrens-day-sorting';
const CAST = ['organiser-family-children', 'head-family-children', 'vice-chair-2'];
const YEAR = 2027;
const REPORT = { participants: 168, unitsCovered: ['渝中区妇联', '江北区妇联', '万盛经开区妇联'], childrenTakingPart: 95, districtActivitiesHeld: 12, greenFamiliesPledged: 40 };

const EVENT_CODES = new Set(loadTemplates(join(projectRoot(), 'templates')).map((t) => t.code));
const campaignTemplate = (code: string) => loadCampaignTemplates(join(projectRoot(), 'campaigns'), EVENT_CODES).find((t) => t.code === code)!;

/**
 * A campaign of the year as its workflows leave it in the read model, written by their own activities:
 * started, its allocation approved, then each report as the unit's workflow records it. Driving the
 * campaigns themselves is campaigns-api.spec's and campaign-workflow.spec's; here it is what the
 * year's summary makes of what they write.
 */
async function seedCampaign(
  ds: DataSource,
  code: string,
  status: CampaignStatus,
  shareOf: (unitCode: string) => Record<string, number>,
  reports: { unitCode: string; periodIndex: number; figures: ProgressFigures }[],
): Promise<{ id: string; title: string }> {
  const template = campaignTemplate(code);
  const [{ id }] = await ds.query<{ id: string }[]>('SELECT gen_random_uuid() AS id');
  const organiser = await userByName(ds, 'organiser-family-children');
  const title = `${YEAR}年${template.name['zh-CN']}`;
  const readModel = new CampaignReadModel(ds);
  expect(await readModel.insertUnlessTaken({ id, workflowId: campaignWorkflowId(id), template, title, year: YEAR, leadUnit: template.leadDepartment, periods: reportingPeriods(template, YEAR), organiserId: organiser.id })).toEqual({});

  const districts = await new DirectoryService(ds).listUnits('district');
  const allocation: Allocation = Object.fromEntries(districts.map((d) => [d.code, shareOf(d.code)]));
  const activities = createCampaignActivities({ dataSource: ds, directory: new DirectoryService(ds) });
  const header = { campaignId: id, status, allocation, allocationEventId: null, assessment: null, assessmentEventId: null, archivedAt: null, cancelledAt: null };
  await activities.syncCampaign({ campaign: { ...header, status: 'running' }, units: districts.map((d, position) => ({ unitCode: d.code, unitName: d.nameZh, position, targets: allocation[d.code] })) });
  const periods = reportingPeriods(template, YEAR);
  for (const r of reports) {
    const report = { periodIndex: r.periodIndex, figures: r.figures, submittedBy: organiser, submittedAt: new Date().toISOString(), late: false, revision: 1 };
    const progress = { campaignId: id, unitCode: r.unitCode, soFar: r.figures, status: 'running' as const, closedAt: null };
    await activities.recordCampaignReport({ campaignId: id, unitCode: r.unitCode, report, dueAt: periods[r.periodIndex].dueAt, progress });
  }
  if (status === 'cancelled') await activities.syncCampaign({ campaign: { ...header, cancelledAt: new Date().toISOString() } });
  return { id, title };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (ms: number) => new Date(ms).toISOString();

interface Problem {
  message: LocalizedText;
}

describe("the year's summary (年度工作总结素材)", () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  const client = apiClient(() => t.baseUrl);
  const { as, api } = client;
  let template: EventTemplate;
  const ids: Record<'archived' | 'notice' | 'moved' | 'cancelled' | 'nextYear', string> = { archived: '', notice: '', moved: '', cancelled: '', nextYear: '' };
  let firstDay = '';
  let campaign = { id: '', title: '' };
  let cancelledCampaign = { id: '' };

  const state = async (eventId: string) => (await api<{ state: EventState }>(await as('admin'), 'GET', `/events/${eventId}`)).body.state;

  const settle = (eventId: string) => settleWorkflow(env, eventWorkflowId(eventId));

  async function start(title: string, inDays: number): Promise<string> {
    const startsAt = iso((await env.currentTimeMs()) + inDays * DAY);
    const res = await api<{ id: string }>(await as(CAST[0]), 'POST', '/events', { templateCode: A2, title, startsAt });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** Works the cast's open tasks, skipping the clock to the next wait when nobody has one, until `done`. */
  async function drive(eventId: string, done: (s: EventState) => boolean): Promise<EventState> {
    const cast = await Promise.all(CAST.map((u) => as(u)));
    for (let round = 0; round < 400; round++) {
      const s = await state(eventId);
      if (done(s)) return s;
      let acted = false;
      for (const who of cast) {
        const tasks = (await api<{ items: { id: string; kind: string; stepId: string }[] }>(who, 'GET', `/tasks?status=open&eventId=${eventId}`)).body.items;
        for (const task of tasks) {
          const values = task.stepId === 'summary-report' ? REPORT : {};
          const res =
            task.kind === 'sign-off'
              ? await api(who, 'POST', `/tasks/${task.id}/approve`, { comment: '同意' })
              : await api(who, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId), values) });
          if (res.status !== 200) throw new Error(`${who.user.username} on ${task.stepId}: ${res.status} ${JSON.stringify(res.body)}`);
          acted = true;
        }
      }
      if (acted) continue;
      await settle(eventId);
      if (s.tasks.some((x) => x.status === 'open')) {
        await pause(100); // opened, not yet in the inboxes
        continue;
      }
      const now = await env.currentTimeMs();
      const nextDue = s.steps
        .filter((x) => x.status === 'active' && x.until)
        .map((x) => Date.parse(x.until!))
        .filter((ms) => ms > now)
        .sort((a, b) => a - b)[0];
      if (nextDue === undefined) await pause(50);
      else await env.sleep(nextDue - now + 1000);
    }
    throw new Error(`event ${eventId} did not get there`);
  }

  const noticeOut = (s: EventState) => s.notices.some((n) => n.stepId === 'activity-notice' && n.receipts?.length);

  async function download(who: Session | null, path: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
    const res = await fetch(`${t.baseUrl}/api${path}`, { headers: who ? { authorization: who.headers.authorization } : {} });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
    template = (await api<EventTemplate>(await as('admin'), 'GET', `/templates/${A2}`)).body;
    // The server's clock starts at the wall clock's (December 2026): these days fall in 2027, the last in 2028.
    ids.notice = await start('年度总结：通知阶段', 90);
    ids.archived = await start('年度总结：已归档', 60);
    ids.moved = await start('年度总结：改期', 120);
    ids.cancelled = await start('年度总结：已取消', 150);
    ids.nextYear = await start('年度总结：下一年度', 400);

    // One receipt on the notice of an event that stays at its notice.
    await drive(ids.notice, noticeOut);
    await acknowledge(client, 'liaison-wansheng', await pendingNoticeOf(client, 'liaison-wansheng', ids.notice));

    // One on time, then the clock past the due date, one late; then on to the archived report.
    const issued = await drive(ids.archived, noticeOut);
    await acknowledge(client, 'liaison-yuzhong', await pendingNoticeOf(client, 'liaison-yuzhong', ids.archived));
    await settle(ids.archived);
    const due = Date.parse(issued.notices.find((n) => n.stepId === 'activity-notice')!.receiptsDueAt!);
    await env.sleep(due - (await env.currentTimeMs()) + DAY);
    await acknowledge(client, 'liaison-jiangbei', await pendingNoticeOf(client, 'liaison-jiangbei', ids.archived));
    await drive(ids.archived, (s) => s.status === 'archived');

    const organiser = await as(CAST[0]);
    firstDay = (await state(ids.moved)).startsAt;
    const moved = await api(organiser, 'POST', `/events/${ids.moved}/reschedule`, { startsAt: iso(Date.parse(firstDay) + 10 * DAY), reason: '场地调整' });
    expect(moved.status).toBe(200);
    expect((await api(organiser, 'POST', `/events/${ids.cancelled}/cancel`, { reason: '计划调整' })).status).toBe(200);
    for (const id of [ids.moved, ids.cancelled]) await settle(id);

    // 清风常伴廉洁齐家: ten 场 and 2500 人次 for each district; 渝中区 has reported two quarters (a running
    // total: its second report is its figure so far), 江北区 one.
    const ds = t.app.get(DataSource);
    campaign = await seedCampaign(ds, 'clean-family-campaign', 'running', () => ({ activitiesHeld: 10, familiesReached: 2500 }), [
      { unitCode: 'district-yuzhong', periodIndex: 0, figures: { activitiesHeld: 3, familiesReached: 900 } },
      { unitCode: 'district-yuzhong', periodIndex: 1, figures: { activitiesHeld: 7, familiesReached: 2100 } },
      { unitCode: 'district-jiangbei', periodIndex: 0, figures: { activitiesHeld: 4, familiesReached: 1000 } },
    ]);
    cancelledCampaign = await seedCampaign(ds, 'family-reading-campaign', 'cancelled', () => ({ readingActivities: 10, familiesReached: 2500 }), [
      { unitCode: 'district-yuzhong', periodIndex: 0, figures: { readingActivities: 5, familiesReached: 1200 } },
    ]);
  }, 900_000);
  afterAll(async () => {
    await t?.close();
    await env?.teardown();
  });

  async function summary(): Promise<YearSummary> {
    const res = await api<YearSummary>(await as('chair'), 'GET', `/years/${YEAR}/summary`);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('lists every event of the year with its status, dates, documents, receipts and report figures', async () => {
    const s = await summary();
    const byId = new Map(s.events.map((e) => [e.id, e]));
    expect(s.events.map((e) => e.title).sort()).toEqual(['年度总结：已取消', '年度总结：已归档', '年度总结：改期', '年度总结：通知阶段'].sort());
    expect(byId.has(ids.nextYear)).toBe(false);

    const archived = byId.get(ids.archived)!;
    const issued = (await state(ids.archived)).notices.filter((n) => n.docNumber);
    expect(archived).toMatchObject({
      status: 'archived',
      templateName: template.name,
      leadUnit: { code: 'dept-family-children', name: { 'zh-CN': '家庭和儿童工作部' } },
      originalStartsAt: null,
      receipts: { onTime: 1, late: 1, missing: 38, pending: 0 },
    });
    expect(archived.notices.map((n) => n.docNumber)).toEqual(issued.map((n) => n.docNumber));
    expect(archived.notices[0].subject['zh-CN']).toBe('关于开展庆祝"六一"国际儿童节垃圾分类亲子主题活动的通知');
    expect(archived.report!.figures.map((f) => [f.key, f.value])).toEqual([
      ['participants', 168],
      ['unitsCovered', 3],
      ['childrenTakingPart', 95],
      ['districtActivitiesHeld', 12],
      ['greenFamiliesPledged', 40],
    ]);

    // The notice's due date is still ahead on the wall clock, which the summary reads: not missing yet.
    expect(byId.get(ids.notice)).toMatchObject({ status: 'active', receipts: { onTime: 1, late: 0, missing: 0, pending: 39 }, report: null });
    expect(byId.get(ids.moved)).toMatchObject({ status: 'active', originalStartsAt: firstDay, notices: [] });
    expect(byId.get(ids.moved)!.startsAt).toBe(iso(Date.parse(firstDay) + 10 * DAY));
    expect(byId.get(ids.cancelled)).toMatchObject({ status: 'cancelled', notices: [] });
  });

  it('adds them up per month, department, status and district', async () => {
    const s = await summary();
    expect(s.totals).toEqual({ events: 4, notices: 2, documents: 2, receipts: { onTime: 2, late: 1, missing: 38, pending: 39 }, participants: 168, reports: 1 });
    expect(s.byMonth.reduce((n, m) => n + m.events, 0)).toBe(4);
    const monthOf = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).getUTCMonth() + 1;
    for (const e of s.events) expect(s.byMonth[monthOf(e.startsAt) - 1].events).toBeGreaterThan(0);
    expect(s.byDepartment).toEqual([{ unitCode: 'dept-family-children', name: { 'zh-CN': '家庭和儿童工作部', en: expect.any(String) }, events: 4 }]);
    expect(s.byStatus).toEqual([
      { status: 'active', events: 2 },
      { status: 'postponed', events: 0 },
      { status: 'cancelled', events: 1 },
      { status: 'archived', events: 1 },
    ]);
    expect(s.districts).toHaveLength(40);
    const district = (code: string) => s.districts.find((d) => d.unitCode === code)!;
    expect(district('district-yuzhong')).toMatchObject({ onTime: 1, late: 0, missing: 0, pending: 1 });
    expect(district('district-jiangbei')).toMatchObject({ onTime: 0, late: 1, missing: 0, pending: 1 });
    expect(district('district-wansheng')).toMatchObject({ onTime: 1, late: 0, missing: 1, pending: 0 });
  });

  it("gives the targets of the year's campaigns with their figures so far, a cancelled campaign's not", async () => {
    const s = await summary();
    expect(s.targets.map((x) => x.campaignId)).toEqual([campaign.id, campaign.id]);
    const listed = await api<{ id: string; status: string }[]>(await as('admin'), 'GET', `/campaigns?year=${YEAR}`);
    expect(listed.body.find((c) => c.id === cancelledCampaign.id)?.status).toBe('cancelled');
    // The year has not begun on the wall clock, which the summary reads: nothing is behind yet.
    expect(s.targets).toEqual([
      expect.objectContaining({ campaign: campaign.title, campaignStatus: 'running', key: 'activitiesHeld', unit: '场', planFigure: 400, allocated: 400, done: 11, completion: 11 / 400, standing: 'on-track' }),
      expect.objectContaining({ key: 'familiesReached', label: { 'zh-CN': '参与家庭', en: 'Families taking part' }, planFigure: 100000, allocated: 100000, done: 3100, completion: 3100 / 100000 }),
    ]);
    // The same city line as the campaign's own roll-up.
    const rollup = await api<{ totals: Record<string, { allocated: number; done: number; completion: number; standing: string }> }>(await as('admin'), 'GET', `/campaigns/${campaign.id}/rollup`);
    expect(rollup.status).toBe(200);
    for (const x of s.targets) expect(rollup.body.totals[x.key]).toMatchObject({ allocated: x.allocated, done: x.done, completion: x.completion, standing: x.standing });
  });

  it('exports the same rows as .xlsx: sheets 活动, 签收, 按区县 and 目标任务 with Chinese headers and English under them', async () => {
    const s = await summary();
    const file = await download(await as('head-organisation'), `/years/${YEAR}/summary.xlsx`);
    expect(file.status).toBe(200);
    expect(file.disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${YEAR}年度工作总结素材.xlsx`)}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['活动', '签收', '按区县', '目标任务']);
    const rowsOf = (name: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const events = rowsOf('活动');
    expect(events[0].slice(0, 3)).toEqual(['活动', '模板', '牵头部门']);
    expect(events[1].slice(0, 3)).toEqual(['Event', 'Template', 'Lead department']);
    expect(events.slice(2).map((r) => r[0])).toEqual(s.events.map((e) => e.title));
    const archived = events.find((r) => r[0] === '年度总结：已归档')!;
    expect(archived.slice(8, 14)).toEqual([1, 1, 38, 0, 168, 3]);
    expect(archived[6]).toBe('已归档 Archived');
    const notices = rowsOf('签收').slice(2);
    expect(notices.map((r) => r[1]).sort()).toEqual(s.events.flatMap((e) => e.notices.map((n) => n.docNumber)).sort());
    const districts = rowsOf('按区县').slice(2);
    expect(districts).toHaveLength(40);
    expect(districts.find((r) => r[0] === '江北区妇联')!.slice(1)).toEqual([0, 1, 0, 1, '0%']);
    const targets = rowsOf('目标任务');
    expect(targets[0].slice(0, 3)).toEqual(['目标管理', '状态', '指标']);
    expect(targets[1].slice(0, 3)).toEqual(['Campaign', 'Status', 'Target']);
    expect(targets.slice(2).map((r) => r.slice(3))).toEqual([
      ['场', 400, 400, 11, '2.8%', '正常 On track'],
      ['人次', 100000, 100000, 3100, '3.1%', '正常 On track'],
    ]);
    expect(targets[2].slice(0, 2)).toEqual([campaign.title, '进行中 Running']);
  });

  it("draws up a PDF naming the year, the events, their documents and the campaigns' targets", async () => {
    const s = await summary();
    const file = await download(await as('organiser-publicity'), `/years/${YEAR}/summary.pdf`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    const text = squeezed(await pdfText(file.body));
    expect(text).toContain(`${YEAR}年度工作总结素材`);
    // A record of the year under the federation's name, not a red-header 文件.
    expect(text).toContain('重庆市妇女联合会');
    expect(text).not.toContain('重庆市妇女联合会文件');
    for (const e of s.events) expect(text).toContain(squeezed(e.title));
    for (const n of s.events.flatMap((e) => e.notices)) expect(text).toContain(n.docNumber!);
    expect(text).toContain('江北区妇联');
    // The campaign's long name wraps in its cell; the target's row reads whole, the cancelled one's not at all.
    const targets = text.slice(text.indexOf('目标任务完成情况'));
    expect(targets).toContain('清风大讲堂、主题展览、书写诵读等活动（场）400400112.8%正常');
    expect(targets).toContain('参与家庭（人次）10000010000031003.1%正常');
    expect(targets).not.toContain('家庭阅读活动');
  });

  it('is for the federation staff: a district liaison and an executive member are refused, in both languages', async () => {
    for (const who of ['liaison-yuzhong', 'exec-1']) {
      for (const path of [`/years/${YEAR}/summary`, `/years/${YEAR}/summary.xlsx`, `/years/${YEAR}/summary.pdf`]) {
        const res = await api<Problem>(await as(who), 'GET', path);
        expect(res.status).toBe(403);
        expect(res.body.message).toEqual({ 'zh-CN': '年度总结仅供市妇联机关工作人员查看', en: "The year's summary is for the federation's own staff" });
      }
    }
    expect((await api(null, 'GET', `/years/${YEAR}/summary`)).status).toBe(401);
  });

  it('refuses a year that is not one, in both languages', async () => {
    for (const bad of ['0', '20271', 'abc', '2100']) {
      const res = await api<Problem>(await as('admin'), 'GET', `/years/${bad}/summary`);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual({ 'zh-CN': `年份须在 2000 至 2099 之间：${bad}`, en: `year must be a year from 2000 to 2099: ${bad}` });
    }
  });
});
