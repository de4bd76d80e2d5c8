// Campaigns (目标管理) over real HTTP, with the whole application and its worker on the shared dev
// server, in real time: the lead department starts 清风常伴廉洁齐家 (once: a second start is refused),
// allocates it through its allocation event, and the districts report; each role sees what the
// policy says — a district its own unit only, the staff every unit's roll-up and its workbook.
// The API reads the wall clock, so the campaign's calendar is moved to it (test/support/campaign-calendar.ts):
// a first period ended and its report past due, and a second one under way.
import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { chinaYearOf } from '../../src/common/china-time';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.tokens';
import type { Allocation } from '../../workflows/campaign-types';
import type { Rollup } from '../../workflows/campaign-model';
import { apiClient } from '../support/api-client';
import type { Session } from '../support/auth';
import { templatesWithCalendarAround } from '../support/campaign-calendar';
import { runCampaign } from '../support/campaign-driver';
import { startTestApp, type TestApp } from '../support/shared';
import { until } from '../support/until';

const CODE = 'clean-family-campaign';
const ORGANISER = 'organiser-family-children';
const HEAD = 'head-family-children';
const YUZHONG = 'district-yuzhong';
const JIANGBEI = 'district-jiangbei';

interface Refusal {
  message: { 'zh-CN': string; en: string };
}

interface Detail {
  id: string;
  title: string;
  status: string;
  allocationEventId: string | null;
  periods: { index: number; label: { 'zh-CN': string; en: string }; startsOn: string; dueAt: string }[];
  units: { code: string; name: string }[];
  allocation: Allocation | null;
  visibility: 'all' | 'own-units';
  ownUnits: string[];
}

interface UnitPage {
  unit: { code: string };
  targets: { key: string; target: number; done: number; standing: string }[];
  periods: {
    index: number;
    report: { revision: number; figures: Record<string, number>; attachments: { id: string; name: string }[] } | null;
    revisions: { revision: number }[];
    missing: boolean;
  }[];
  dueNext: { periodIndex: number; overdue: boolean } | null;
  canReport: boolean;
}

/** A one-page PDF: an activity's record, as a district would attach it. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('campaigns over HTTP (目标管理)', () => {
  let t: TestApp;
  const client = apiClient(() => t.baseUrl);
  const { as, api } = client;
  let year = 0;
  let id = '';

  const detailAs = async (who: string) => (await api<Detail>(await as(who), 'GET', `/campaigns/${id}`)).body;

  async function upload(who: Session, unitCode: string): Promise<{ status: number; body: { id: string; name: string; campaignId: string } }> {
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), '清风大讲堂活动记录.pdf');
    const res = await fetch(`${t.baseUrl}/api/campaigns/${id}/units/${unitCode}/attachments`, { method: 'POST', headers: { authorization: who.headers.authorization }, body: form });
    return { status: res.status, body: (await res.json()) as { id: string; name: string; campaignId: string } };
  }

  beforeAll(async () => {
    const moved = templatesWithCalendarAround(CODE);
    year = moved.year;
    t = await startTestApp({ TEMPLATES_DIR: moved.templatesDir });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('lists the campaign templates to everyone signed in', async () => {
    const res = await api<{ code: string; targets: { key: string }[] }[]>(await as('liaison-yuzhong'), 'GET', '/campaign-templates');
    expect(res.status).toBe(200);
    expect(res.body.map((x) => x.code)).toEqual(['children-care-campaign', 'clean-family-campaign', 'family-reading-campaign', 'four-actions-targets']);
    expect(res.body.find((x) => x.code === CODE)!.targets.map((x) => x.key)).toEqual(['activitiesHeld', 'familiesReached']);
  });

  it('is started by the lead department only, once per template and year', async () => {
    for (const who of ['organiser-organisation', 'liaison-yuzhong']) {
      expect((await api(await as(who), 'POST', '/campaigns', { templateCode: CODE, year })).status).toBe(403);
    }
    const bad = await api<Refusal>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: 'no-such-campaign', year });
    expect(bad.status).toBe(400);

    const started = await api<Detail>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: CODE, year });
    expect(started.status).toBe(201);
    id = started.body.id;
    expect(started.body).toMatchObject({ title: `${year}年"清风常伴廉洁齐家"家庭助廉立德活动目标任务`, status: 'allocating', units: [], allocation: null, visibility: 'all' });
    expect(started.body.periods.map((p) => p.startsOn)).toHaveLength(2);

    const again = await api<Refusal>(await as(HEAD), 'POST', '/campaigns', { templateCode: CODE, year, title: '再发起一次' });
    expect(again.status).toBe(409);
    expect(again.body.message['zh-CN']).toContain(`${year}年已发起此目标管理活动`);
    expect(again.body.message.en).toContain(`already been started for ${year}`);

    // No report before the targets are allocated: "not yet", in both languages.
    const early = await api<Refusal>(await as('liaison-yuzhong'), 'POST', `/campaigns/${id}/units/${YUZHONG}/reports`, { periodIndex: 0, figures: { activitiesHeld: 1 } });
    expect(early.status).toBe(409);
    expect(early.body.message).toEqual({ 'zh-CN': '任务尚未分解完毕，暂不能报送', en: 'The targets are not allocated yet: reports open once the allocation is approved' });

    const listed = await api<{ id: string; status: string; completion: number | null }[]>(await as('liaison-yuzhong'), 'GET', `/campaigns?year=${year}`);
    expect(listed.body).toEqual([expect.objectContaining({ id, status: 'allocating', completion: null })]);
  });

  it('is refused for a year with nothing left to report, or more than a year ahead, in both languages', async () => {
    const thisYear = chinaYearOf(Date.now());
    // Last year's last 督办 may still be ahead in early January (test/unit/campaign-startable-year.spec.ts); the year before's never is.
    const y = thisYear - 2;
    const over = await api<Refusal>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: 'family-reading-campaign', year: y });
    expect(over.status).toBe(400);
    expect(over.body.message['zh-CN']).toMatch(new RegExp(`^${y}年的最后一期（${y}年第四季度）已于${y + 1}年1月\\d+日 \\d\\d:\\d\\d过督办期限，已无可报送的进度，不能再发起$`));
    expect(over.body.message.en).toMatch(new RegExp(`^The ${y} campaign has nothing left to report: its last period \\(Q4 ${y}\\) was past supervision on \\d+ January ${y + 1}, \\d\\d:\\d\\d, so it can no longer be started$`));
    const far = await api<Refusal>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: 'family-reading-campaign', year: thisYear + 2 });
    expect(far.status).toBe(400);
    expect(far.body.message).toEqual({ 'zh-CN': `目标管理活动最多提前一年发起（至${thisYear + 1}年）`, en: `A campaign can be started at most a year ahead (up to ${thisYear + 1})` });
    for (const refused of [y, thisYear + 2]) {
      expect((await api<unknown[]>(await as(HEAD), 'GET', `/campaigns?year=${refused}`)).body).toEqual([]);
    }
  });

  it('leaves nothing behind when Temporal refuses the start: 503 in both languages, and a retry starts it', async () => {
    const workflows = t.app.get<Client>(TEMPORAL_CLIENT).workflow;
    const start = jest.spyOn(workflows, 'start').mockRejectedValueOnce(new Error('14 UNAVAILABLE: connection refused'));
    try {
      const refused = await api<Refusal>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: 'family-reading-campaign', year });
      expect(refused.status).toBe(503);
      expect(refused.body.message).toEqual({ 'zh-CN': '流程服务暂不可用，目标管理活动未发起', en: 'The workflow service is unavailable; the campaign was not started' });
    } finally {
      start.mockRestore();
    }
    const listed = await api<{ templateCode: string }[]>(await as(HEAD), 'GET', `/campaigns?year=${year}`);
    expect(listed.body.map((c) => c.templateCode)).toEqual([CODE]);
    const retried = await api<Detail>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: 'family-reading-campaign', year });
    expect(retried.status).toBe(201);
    expect((await api(await as(HEAD), 'POST', `/campaigns/${retried.body.id}/cancel`, { reason: '测试重试后取消' })).status).toBe(200);
  });

  it('runs once the allocation is signed off and issued: every district given its targets', async () => {
    // 渝中区 is given twice its share of lectures; the plan's 400 is a floor (至少), so the table still fits.
    const allocationOf = (districts: string[]): Allocation =>
      Object.fromEntries(districts.map((code) => [code, { activitiesHeld: code === YUZHONG ? 20 : 10, familiesReached: 2500 }]));
    const { districts } = await runCampaign(client, id, { organiser: ORGANISER, approvers: [HEAD, 'vice-chair-2'] }, allocationOf);
    const allocation = allocationOf(districts);
    const running = await detailAs(ORGANISER);
    expect(running).toMatchObject({ status: 'running', allocation });
    expect(running.units).toHaveLength(40);
    expect(running.units[0]).toEqual({ code: districts[0], name: expect.stringMatching(/妇联$/) });

    // The 任务分解表 is sent to every unit, so a district sees all of it; its progress it sees for its own unit only.
    const seen = await detailAs('liaison-yuzhong');
    expect(seen).toMatchObject({ visibility: 'own-units', ownUnits: [YUZHONG] });
    expect(seen.allocation).toEqual(allocation);
  }, 600_000);

  it('answers a report that comes before the unit’s workflow is up: not open yet, in both languages', async () => {
    // Just after the sign-off the read model says "running" while the unit workflows are being
    // started: stood for here by pointing the report at a unit workflow that was never started.
    const workflows = t.app.get<Client>(TEMPORAL_CLIENT).workflow;
    const real = workflows.getHandle.bind(workflows);
    const getHandle = jest.spyOn(workflows, 'getHandle').mockImplementationOnce(() => real(`${id}-unit-not-started`));
    try {
      const early = await api<Refusal>(await as('liaison-yuzhong'), 'POST', `/campaigns/${id}/units/${YUZHONG}/reports`, { periodIndex: 0, figures: { activitiesHeld: 1, familiesReached: 100 } });
      expect(early.status).toBe(409);
      expect(early.body.message).toEqual({ 'zh-CN': '该单位的报送尚未开放，请稍后再试', en: 'Reporting for this unit is not open yet; try again shortly' });
    } finally {
      getHandle.mockRestore();
    }
  });

  it('keeps each district to its own figures: its page and reports, not another district’s nor the roll-up', async () => {
    const liaison = await as('liaison-yuzhong');
    expect((await api(liaison, 'GET', `/campaigns/${id}/units/${JIANGBEI}`)).status).toBe(403);
    expect((await api(liaison, 'GET', `/campaigns/${id}/rollup`)).status).toBe(403);
    expect((await api(liaison, 'GET', `/campaigns/${id}/rollup.xlsx`)).status).toBe(403);
    expect((await api(liaison, 'GET', `/campaigns/${id}/assessment`)).status).toBe(403);
    expect((await api(liaison, 'POST', `/campaigns/${id}/units/${JIANGBEI}/reports`, { periodIndex: 0, figures: { activitiesHeld: 1 } })).status).toBe(403);
    expect((await upload(liaison, JIANGBEI)).status).toBe(403);
    expect((await api(await as('district-chair-yuzhong'), 'GET', `/campaigns/${id}/units/${YUZHONG}`)).status).toBe(200);

    const own = await api<UnitPage>(liaison, 'GET', `/campaigns/${id}/units/${YUZHONG}`);
    expect(own.status).toBe(200);
    // The first period was due before the targets were issued (yesterday): not owed, so what is due next is the current one.
    expect(own.body).toMatchObject({ unit: { code: YUZHONG }, canReport: true, dueNext: { periodIndex: 1, overdue: false } });
    expect(own.body.targets.map((x) => [x.key, x.target, x.done])).toEqual([
      ['activitiesHeld', 20, 0],
      ['familiesReached', 2500, 0],
    ]);
    // The staff read any unit, and the chair cannot report for the district.
    expect((await api<UnitPage>(await as(HEAD), 'GET', `/campaigns/${id}/units/${JIANGBEI}`)).body.canReport).toBe(false);
  });

  it('takes the past period’s report and the current one with a photo, after refusing bad figures in both languages', async () => {
    const detail = await detailAs(ORGANISER);
    const liaison = await as('liaison-yuzhong');
    const report = (periodIndex: number, figures: Record<string, number>, extra: Record<string, unknown> = {}) =>
      api<Refusal & { reports: { periodIndex: number; revision: number; late: boolean; attachments?: { id: string; name: string }[] }[] }>(
        liaison,
        'POST',
        `/campaigns/${id}/units/${YUZHONG}/reports`,
        { periodIndex, figures, ...extra },
      );

    const negative = await report(0, { activitiesHeld: -2, familiesReached: 300 });
    expect(negative.status).toBe(400);
    expect(negative.body.message['zh-CN']).toContain('不能为负数');
    expect(negative.body.message.en).toContain('must not be negative');

    // The first period, past its due time: taken, and not late, as it was due before the district
    // could report (its workflow started after). Its answer is lost (503) after the workflow took
    // it; the retry with the same requestId is the same report.
    const workflows = t.app.get<Client>(TEMPORAL_CLIENT).workflow;
    const real = workflows.getHandle.bind(workflows);
    const answerLost = jest.spyOn(workflows, 'getHandle').mockImplementationOnce((workflowId: string) => {
      const handle = real(workflowId);
      const send = handle.executeUpdate.bind(handle);
      handle.executeUpdate = (async (...args: Parameters<typeof send>) => {
        await send(...args);
        throw new WorkflowUpdateRPCTimeoutOrCancelledError('the answer was lost');
      });
      return handle;
    });
    const requestId = randomUUID();
    try {
      const lost = await report(0, { activitiesHeld: 2, familiesReached: 300 }, { requestId });
      expect(lost.status).toBe(503);
    } finally {
      answerLost.mockRestore();
    }
    const first = await report(0, { activitiesHeld: 2, familiesReached: 300 }, { requestId });
    expect(first.status).toBe(200);
    expect(first.body.reports).toEqual([expect.objectContaining({ periodIndex: 0, revision: 1, late: false })]);
    const again = await report(0, { activitiesHeld: 2, familiesReached: 300 }, { requestId });
    expect(again.body.reports).toEqual(first.body.reports);

    // A running total that goes down needs a reason.
    const down = await report(1, { activitiesHeld: 1, familiesReached: 500 });
    expect(down.status).toBe(400);
    expect(down.body.message['zh-CN']).toContain('须填写说明');
    expect(down.body.message.en).toContain('say why in a comment');

    const photo = await upload(liaison, YUZHONG);
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ campaignId: id, name: '清风大讲堂活动记录.pdf' });
    const current = await report(1, { activitiesHeld: 4, familiesReached: 800 }, { comment: '举办清风大讲堂2场', attachments: [{ id: photo.body.id }] });
    expect(current.status).toBe(200);
    expect(current.body.reports[1]).toMatchObject({ periodIndex: 1, revision: 1, late: false, attachments: [{ id: photo.body.id, name: '清风大讲堂活动记录.pdf' }] });

    const page = await until('the reports in the read model', async () => {
      const p = (await api<UnitPage>(liaison, 'GET', `/campaigns/${id}/units/${YUZHONG}`)).body;
      return p.periods[1].report ? p : undefined;
    });
    expect(page.periods[0].report).toMatchObject({ revision: 1, figures: { activitiesHeld: 2, familiesReached: 300 } });
    expect(page.periods[0].revisions).toHaveLength(1);
    expect(page.periods[1].report).toMatchObject({ revision: 1, figures: { activitiesHeld: 4, familiesReached: 800 }, attachments: [{ id: photo.body.id }] });
    expect(page.targets.find((x) => x.key === 'activitiesHeld')).toMatchObject({ target: 20, done: 4 });
    expect(page.dueNext).toBeNull();
    expect(detail.periods[1].dueAt > new Date().toISOString()).toBe(true);
    // The photo is read by exactly those who read the district's page: its own people and the
    // staff, not another district (404, as for any file one may not see).
    expect((await api(await as(HEAD), 'GET', `/attachments/${photo.body.id}/meta`)).status).toBe(200);
    expect((await api(await as('district-chair-yuzhong'), 'GET', `/attachments/${photo.body.id}/meta`)).status).toBe(200);
    expect((await api(await as('liaison-jiangbei'), 'GET', `/attachments/${photo.body.id}/meta`)).status).toBe(404);
    for (const who of [ORGANISER, 'vice-chair-1', 'organiser-organisation', 'liaison-jiangbei', 'district-chair-jiangbei']) {
      const session = await as(who);
      const pageOpens = (await api(session, 'GET', `/campaigns/${id}/units/${YUZHONG}`)).status === 200;
      expect([who, (await api(session, 'GET', `/attachments/${photo.body.id}/meta`)).status]).toEqual([who, pageOpens ? 200 : 404]);
    }
  }, 120_000);

  it('rolls the reports up for the staff: figures, reports in, a district with nothing done at risk, nothing missing that was not owed', async () => {
    const rollup = await api<Rollup>(await as('vice-chair-1'), 'GET', `/campaigns/${id}/rollup`);
    expect(rollup.status).toBe(200);
    expect(rollup.body.units).toHaveLength(40);
    const unit = (code: string) => rollup.body.units.find((u) => u.unitCode === code)!;
    expect(unit(YUZHONG)).toMatchObject({ reportsIn: 2, reportsLate: 0, reportsMissing: 0, targets: { activitiesHeld: { target: 20, done: 4, completion: 0.2 } } });
    // The first period was due before the targets were issued: not missing (as the workflow does not urge it nor count it in the assessment).
    expect(unit(JIANGBEI)).toMatchObject({ reportsIn: 0, reportsMissing: 0, standing: 'at-risk' });
    expect(rollup.body.totals.activitiesHeld).toMatchObject({ planFigure: 400, allocated: 410, done: 4 });
    expect(rollup.body.trend.map((p) => p.done.activitiesHeld)).toEqual([2, 4]);

    const missed = await api<UnitPage>(await as('liaison-jiangbei'), 'GET', `/campaigns/${id}/units/${JIANGBEI}`);
    expect(missed.body.periods[0].missing).toBe(false);
    expect(missed.body.dueNext).toMatchObject({ periodIndex: 1, overdue: false });

    const list = await api<{ id: string; completion: number | null; reportsIn: number; reportsDue: number; units: number }[]>(await as(HEAD), 'GET', `/campaigns?year=${year}`);
    // Due by now: only 渝中区's first report, which it sent though it did not owe it.
    expect(list.body[0]).toMatchObject({ id, units: 40, reportsIn: 2, reportsDue: 1 });
    expect(list.body[0].completion).toBeGreaterThan(0);
    // A district counts its own unit's reports only, and has no city completion.
    const ownList = async (who: string) => (await api<typeof list.body>(await as(who), 'GET', `/campaigns?year=${year}`)).body[0];
    expect(await ownList('liaison-yuzhong')).toMatchObject({ id, reportsIn: 2, reportsDue: 1, completion: null });
    expect(await ownList('liaison-jiangbei')).toMatchObject({ id, reportsIn: 0, reportsDue: 0, completion: null });
  });

  it('exports the roll-up as .xlsx: 汇总 and 趋势 with Chinese headers and English under them', async () => {
    const { periods } = await detailAs(HEAD);
    const res = await fetch(`${t.baseUrl}/api/campaigns/${id}/rollup.xlsx`, { headers: { authorization: (await as(HEAD)).headers.authorization } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('进度汇总.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '趋势']);
    const rowsOf = (name: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const summary = rowsOf('汇总');
    expect(summary[0].slice(0, 7)).toEqual(['单位', '指标', '计量单位', '目标', '完成', '完成率', '进度']);
    expect(summary[1].slice(0, 7)).toEqual(['Unit', 'Target', 'Measured in', 'Target figure', 'Done', 'Completion', 'Standing']);
    expect(summary).toContainEqual(['渝中区妇联', '清风大讲堂、主题展览、书写诵读等活动', '场', 20, 4, '20%', expect.stringMatching(/^(正常|滞后|预警) /), 2, 0, 0]);
    expect(summary).toContainEqual(['江北区妇联', '参与家庭', '人次', 2500, 0, '0%', '预警 At risk', 0, 0, 0]);
    // Two city rows, then a row per district and target.
    expect(summary).toHaveLength(2 + 2 + 40 * 2);
    const trend = rowsOf('趋势');
    expect(trend[0]).toEqual(['报告期', '清风大讲堂、主题展览、书写诵读等活动（场）', '参与家庭（人次）']);
    expect(trend.slice(2)).toEqual([
      [`${periods[0].label['zh-CN']} ${periods[0].label.en}`, 2, 300],
      [`${periods[1].label['zh-CN']} ${periods[1].label.en}`, 4, 800],
    ]);
  });
  it('has no assessment before the close, and is cancelled by the lead department’s head, not its organiser', async () => {
    const early = await api<Refusal>(await as(HEAD), 'GET', `/campaigns/${id}/assessment`);
    expect(early.status).toBe(409);
    expect(early.body.message['zh-CN']).toContain('年度考核尚未进行');
    expect((await api(await as(ORGANISER), 'POST', `/campaigns/${id}/cancel`, { reason: '计划调整' })).status).toBe(403);
    const cancelled = await api<{ status: string }>(await as(HEAD), 'POST', `/campaigns/${id}/cancel`, { reason: '计划调整' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await until('cancelled in the read model', async () => ((await detailAs(HEAD)).status === 'cancelled' ? true : undefined));
    const stopped = await api<Refusal>(await as('liaison-yuzhong'), 'POST', `/campaigns/${id}/units/${YUZHONG}/reports`, { periodIndex: 1, figures: { activitiesHeld: 5 } });
    expect(stopped.status).toBe(409);
  });
});
