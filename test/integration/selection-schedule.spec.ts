// The monthly 时代女性榜 on a real Temporal Schedule (the dev server: the time-skipping server has no
// Schedules). The publicity department's head enables it, the admin skips the second of three
// coming months through the API, and Temporal's backfill runs the three months as if they had come:
// exactly two events exist, for the right months, with their titles and publication days, the
// districts get the month's call for nominations, and the skipped month shows as skipped. A month
// that was due and never ran is run on request (补跑), once; nobody starts one by hand.
import type { Client, ScheduleHandle } from '@temporalio/client';
import type { EventState, EventStatus } from '../../workflows/event-model';
import { monthlySelectionWorkflow } from '../../workflows/monthly-selection.workflow';
import { chinaMonthOf, selectionTitle, type MonthlySelectionInput, type MonthlySelectionResult } from '../../workflows/selection-model';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.tokens';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/shared';
import { removeWomenListSchedule } from '../support/women-list-cleanup';

interface WomenList {
  scheduleId: string;
  enabled: boolean;
  paused: boolean;
  note: string | null;
  publicationDay: number | null;
  nextRuns: { month: string; startsAt: string; publishesAt: string }[];
  skipped: { month: string; by: string | null }[];
  months: { month: string; eventId: string; title: string; status: EventStatus; publishesAt: string }[];
  missedMonths: string[];
  canManage: boolean;
}
interface Problem {
  message: { 'zh-CN': string; en: string };
}

/** 'YYYY-MM' of the n-th month after the current one, in Beijing. */
function monthAhead(n: number): string {
  const [y, m] = chinaMonthOf(Date.now()).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
const firstOf = (month: string) => new Date(`${month}-01T00:00:00Z`);

describe('the monthly 时代女性榜 on a Temporal Schedule', () => {
  let t: TestApp;
  let temporal: Client;
  let schedule: ScheduleHandle | undefined;
  const { as, api } = apiClient(() => t.baseUrl);
  const PATH = '/selections/women-list';
  const [first, second, third] = [1, 2, 3].map(monthAhead);

  beforeAll(async () => {
    t = await startTestApp();
    temporal = t.app.get<Client>(TEMPORAL_CLIENT);
  });
  afterAll(async () => {
    if (t) await removeWomenListSchedule(t);
    await t?.close();
  });

  async function womenList(who = 'organiser-publicity'): Promise<WomenList> {
    const res = await api<WomenList>(await as(who), 'GET', PATH);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const found = await probe();
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${what} did not happen`);
  }

  it('is off until enabled; everyone on the staff may read it, a district may not', async () => {
    const before = await womenList();
    expect(before).toMatchObject({ enabled: false, paused: false, nextRuns: [], skipped: [], months: [], canManage: false });
    expect((await api(await as('liaison-yuzhong'), 'GET', PATH)).status).toBe(403);
    expect((await womenList('head-publicity')).canManage).toBe(true);
  });

  it("only the admin and the publicity department's head may enable it", async () => {
    for (const who of ['organiser-publicity', 'head-family-children', 'liaison-yuzhong']) {
      const refused = await api<Problem>(await as(who), 'POST', `${PATH}/enable`, {});
      expect({ who, status: refused.status }).toEqual({ who, status: 403 });
      expect(refused.body.message['zh-CN']).toContain('宣传部负责人');
    }
    const early = await api<Problem>(await as('head-publicity'), 'POST', `${PATH}/enable`, { dayOfMonth: 5 });
    expect(early.status).toBe(400);
    expect(early.body.message['zh-CN']).toContain('不得早于15日');
    expect(early.body.message.en).toContain('15th or later');

    const enabled = await api<WomenList>(await as('head-publicity'), 'POST', `${PATH}/enable`, {});
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, paused: false, publicationDay: 25 });
    // The 1st at 09:00 Beijing starts each month; its list goes out on the 25th at 10:00.
    expect(enabled.body.nextRuns.slice(0, 3)).toEqual(
      [first, second, third].map((month) => ({ month, startsAt: `${month}-01T01:00:00.000Z`, publishesAt: `${month}-25T02:00:00.000Z` })),
    );
    schedule = temporal.schedule.getHandle(enabled.body.scheduleId);
  });

  it('is paused with a note and resumed', async () => {
    const noNote = await api<Problem>(await as('head-publicity'), 'POST', `${PATH}/pause`, { note: '  ' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message['zh-CN']).toContain('须填写暂停原因');
    const paused = await api<WomenList>(await as('head-publicity'), 'POST', `${PATH}/pause`, { note: '春节期间暂停' });
    expect(paused.body).toMatchObject({ paused: true });
    expect(paused.body.note).toContain('春节期间暂停');
    const resumed = await api<WomenList>(await as('admin'), 'POST', `${PATH}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.paused).toBe(false);
  });

  it('skips a month the admin leaves out: Temporal no longer plans it', async () => {
    const past = await api<Problem>(await as('admin'), 'POST', `${PATH}/skip`, { month: monthAhead(-1) });
    expect(past.status).toBe(400);
    expect((await api(await as('admin'), 'POST', `${PATH}/skip`, { month: '2027-13' })).status).toBe(400);

    const skipped = await api<WomenList>(await as('admin'), 'POST', `${PATH}/skip`, { month: second });
    expect(skipped.status).toBe(200);
    expect(skipped.body.skipped).toEqual([{ month: second, by: (await as('admin')).user.displayName }]);
    expect(skipped.body.nextRuns.map((r) => r.month)).toEqual(expect.arrayContaining([first, third]));
    expect(skipped.body.nextRuns.map((r) => r.month)).not.toContain(second);
  });

  it('runs three months (one skipped) as exactly two events, for the right months', async () => {
    // As if the three months had passed: Temporal evaluates its own spec over them, skip included.
    await schedule!.backfill([{ start: firstOf(first), end: new Date(firstOf(monthAhead(4)).getTime() - 1), overlap: 'ALLOW_ALL' }]);
    const months = await eventually('two months run', async () => {
      const list = await womenList();
      return list.months.length >= 2 ? list.months : undefined;
    });
    const title = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月巴渝最具引领力的时代女性榜`;
    expect(months.map(({ month, title, publishesAt }) => ({ month, title, publishesAt }))).toEqual(
      [third, first].map((month) => ({ month, title: title(month), publishesAt: `${month}-25T02:00:00.000Z` })),
    );
    const list = await womenList();
    expect(list.skipped.map((s) => s.month)).toEqual([second]);

    // Each is an ordinary event of the publicity department: the districts are called to nominate.
    const firstEvent = months.find((m) => m.month === first)!;
    const detail = async () => (await api<{ state: EventState }>(await as('organiser-publicity'), 'GET', `/events/${firstEvent.eventId}`)).body.state;
    const notice = await eventually('the call for nominations', async () => (await detail()).notices.find((n) => n.stepId === 'nomination-notice'));
    expect(notice.docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);
    expect(notice.receipts).toHaveLength(40);
    expect(notice.subject).toContain(`关于推荐${title(first)}人选的通知`);
    // 渝中区's liaison finds it in 通知签收, to nominate through its receipt.
    const liaison = await as('liaison-yuzhong');
    const toSign = await eventually('the notice in 通知签收', async () => {
      const mine = await api<{ eventId: string; stepId: string; docNumber: string }[]>(liaison, 'GET', '/notices');
      return mine.body.find((n) => n.eventId === firstEvent.eventId);
    });
    expect(toSign).toMatchObject({ stepId: 'nomination-notice', docNumber: notice.docNumber });
  });

  it('makes no second event when a month runs again', async () => {
    const selection = (await schedule!.describe()).action.args?.[0] as MonthlySelectionInput;
    const again = await temporal.workflow.execute(monthlySelectionWorkflow, {
      workflowId: `${selection.scheduleId}-again-${first}`,
      taskQueue: t.config.temporal.taskQueue,
      args: [{ ...selection, month: first }],
    });
    expect(again).toEqual<MonthlySelectionResult>({ month: first, eventId: (await womenList()).months.find((m) => m.month === first)!.eventId, eventStatus: 'started-before' });
    expect((await womenList()).months).toHaveLength(2);
  });

  it('runs a month that was due and never started (补跑), once', async () => {
    // Enabled after this month's 1st 09:00 Beijing, the Schedule never ran this month: it is offered.
    const thisMonth = monthAhead(0);
    expect((await womenList()).missedMonths).toEqual(Date.now() >= Date.parse(`${thisMonth}-01T01:00:00Z`) ? [thisMonth] : []);
    const last = monthAhead(-1);
    expect((await api(await as('organiser-publicity'), 'POST', `${PATH}/run`, { month: last })).status).toBe(403);
    expect((await api(await as('admin'), 'POST', `${PATH}/run`, { month: '2027-13' })).status).toBe(400);
    const refusals = [
      { month: second, zh: '已跳过', en: 'is skipped' },
      { month: first, zh: '已开始', en: 'has started already' },
      { month: monthAhead(5), zh: '尚未到开始时间', en: 'not due yet' },
    ];
    for (const { month, zh, en } of refusals) {
      const refused = await api<Problem>(await as('head-publicity'), 'POST', `${PATH}/run`, { month });
      expect({ month, status: refused.status, zh: refused.body.message['zh-CN'], en: refused.body.message.en }).toEqual({
        month,
        status: 409,
        zh: expect.stringContaining(zh),
        en: expect.stringContaining(en),
      });
    }

    // The answer comes with the month's event, made by the Schedule's own run of that month.
    const ran = await api<WomenList>(await as('head-publicity'), 'POST', `${PATH}/run`, { month: last });
    expect(ran.status).toBe(200);
    expect(ran.body.months.find((m) => m.month === last)).toMatchObject({ title: selectionTitle(last), publishesAt: `${last}-25T02:00:00.000Z` });
    expect((await schedule!.describe()).info.recentActions.map((a) => a.scheduledAt.toISOString())).toContain(`${last}-01T01:00:00.000Z`);
    const again = await api<Problem>(await as('admin'), 'POST', `${PATH}/run`, { month: last });
    expect(again.status).toBe(409);
    expect(again.body.message).toEqual({ 'zh-CN': `${last} 的评选已开始，不能补跑`, en: `The selection of ${last} has started already` });
    expect((await womenList()).months.map((m) => m.month).sort()).toEqual([last, first, third].sort());
  });

  it('refuses to skip a month that has run, and takes a skip back', async () => {
    const started = await api<Problem>(await as('admin'), 'POST', `${PATH}/skip`, { month: first });
    expect(started.status).toBe(409);
    expect(started.body.message['zh-CN']).toContain('已开始');
    const unskipped = await api<WomenList>(await as('head-publicity'), 'POST', `${PATH}/unskip`, { month: second });
    expect(unskipped.body.skipped).toEqual([]);
    expect(unskipped.body.nextRuns.map((r) => r.month)).toContain(second);
  });

  it('is never started by hand in 发起活动: the refusal points to 补跑, and no list is made', async () => {
    const before = (await womenList()).months;
    const byHand = await api<Problem>(await as('organiser-publicity'), 'POST', '/events', {
      templateCode: 'monthly-women-list',
      title: selectionTitle(monthAhead(4)),
      startsAt: `${monthAhead(4)}-25T02:00:00.000Z`,
    });
    expect(byHand.status).toBe(400);
    expect(byHand.body.message['zh-CN']).toContain('由每月定时任务自动发起');
    expect(byHand.body.message['zh-CN']).toContain('补跑');
    expect(byHand.body.message.en).toContain('is started each month by its schedule');
    expect((await womenList()).months).toEqual(before);
  });
});
