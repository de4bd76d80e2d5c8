// Office work at volume through the API: search over 活动一览 and 待办, batch 签收 by a liaison,
// 一键催办 of every pending unit, and the .xlsx exports of receipts, nominations and the 操作记录.
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { DAY, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';

type Bilingual = { 'zh-CN': string; en: string };
const NOTICE = 'activity-notice';

describe('office work at volume', () => {
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);
  let template: EventTemplate;
  /** Two events with their notice out, and one still at its first task. */
  let first: string;
  let second: string;
  let planning: string;
  const firstStartsAt = Date.now() + 40 * DAY;

  const organiser = () => as('organiser-family-children');
  const state = async (id: string) => (await api<{ state: EventState }>(await organiser(), 'GET', `/events/${id}`)).body.state;
  const receiptValues = { familiesRecommended: ['王芳一家', '李明一家'], localActivitiesPlanned: 3, contactPerson: '张晓梅 13800000000' };

  async function startEvent(title: string, startsAt: number): Promise<string> {
    const created = await api<{ id: string }>(await organiser(), 'POST', '/events', { templateCode: 'childrens-day-sorting', title, startsAt: new Date(startsAt).toISOString() });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** Acts on the event's open tasks as the people who do them until its notice is out. */
  async function driveToNotice(eventId: string): Promise<void> {
    const people = await Promise.all(['organiser-family-children', 'head-family-children', 'vice-chair-2'].map((u) => as(u)));
    for (let round = 0; round < 100; round++) {
      if ((await state(eventId)).notices.some((n) => n.stepId === NOTICE && n.receipts)) return;
      let acted = false;
      for (const who of people) {
        const [task] = (await api<{ items: { id: string; kind: string; stepId: string }[] }>(who, 'GET', `/tasks?eventId=${eventId}`)).body.items;
        if (!task) continue;
        if (task.kind === 'sign-off') await api(who, 'POST', `/tasks/${task.id}/approve`, {});
        else await api(who, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) });
        acted = true;
      }
      if (!acted) await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`event ${eventId} did not issue its notice`);
  }

  async function download(who: string, path: string): Promise<{ status: number; disposition: string | null; book?: ExcelJS.Workbook }> {
    const res = await fetch(`${t.baseUrl}/api${path}`, { headers: (await as(who)).headers });
    if (res.status !== 200) return { status: res.status, disposition: null };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    return { status: 200, disposition: res.headers.get('content-disposition'), book };
  }
  const rowsOf = (book: ExcelJS.Workbook): unknown[][] =>
    book.worksheets[0].getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));

  beforeAll(async () => {
    t = await startTestApp();
    template = (await api<EventTemplate>(await organiser(), 'GET', '/templates/childrens-day-sorting')).body;
    [first, second, planning] = await Promise.all([
      startEvent('2027年垃圾分类亲子活动（渝中专场）', firstStartsAt),
      startEvent('2027年垃圾分类亲子活动（江北专场）', firstStartsAt + 20 * DAY),
      startEvent('2028年家庭教育周筹备', firstStartsAt + 200 * DAY),
    ]);
    await Promise.all([driveToNotice(first), driveToNotice(second)]);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finds exactly the events whose title, status and date match, and refuses a range that ends before it starts', async () => {
    const me = await organiser();
    const ids = async (query: string) => (await api<{ items: { id: string }[]; total: number }>(me, 'GET', `/events?${query}`)).body;
    expect((await ids(`q=${encodeURIComponent('专场')}`)).items.map((e) => e.id).sort()).toEqual([first, second].sort());
    expect((await ids(`q=${encodeURIComponent('江北')}`)).items.map((e) => e.id)).toEqual([second]);
    expect((await ids(`q=${encodeURIComponent('家庭教育')}&status=active&unit=dept-family-children`)).items.map((e) => e.id)).toEqual([planning]);
    expect((await ids(`q=${encodeURIComponent('家庭教育')}&status=cancelled`)).total).toBe(0);
    // A literal % finds titles with a % in them, none here.
    expect((await ids('q=%25')).total).toBe(0);
    const from = new Date(firstStartsAt + 10 * DAY).toISOString();
    const to = new Date(firstStartsAt + 100 * DAY).toISOString();
    expect((await ids(`template=childrens-day-sorting&from=${from}&to=${to}`)).items.map((e) => e.id)).toEqual([second]);

    const backwards = await api<{ message: Bilingual; details: { field: string }[] }>(me, 'GET', `/events?from=${to}&to=${from}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.message['zh-CN']).toContain('结束日期须晚于开始日期');
    expect(backwards.body.message.en).toContain('"to" must be after "from"');
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
  });

  it("searches the 待办 by the event's title, the template and the event's date", async () => {
    const me = await organiser();
    const tasks = async (query: string) => (await api<{ items: { eventId: string; name: Bilingual }[] }>(me, 'GET', `/tasks?status=all&${query}`)).body.items;
    const all = await tasks('');
    const ofPlanning = all.filter((x) => x.eventId === planning);
    expect(ofPlanning.length).toBeGreaterThan(0);
    expect(await tasks(`q=${encodeURIComponent('家庭教育周')}`)).toEqual(ofPlanning);
    expect((await tasks(`q=${encodeURIComponent('江北')}`)).every((x) => x.eventId === second)).toBe(true);
    const to = new Date(firstStartsAt + 100 * DAY).toISOString();
    expect((await tasks(`template=childrens-day-sorting&from=${new Date(firstStartsAt + 150 * DAY).toISOString()}`)).map((x) => x.eventId)).toEqual(ofPlanning.map(() => planning));
    expect(new Set((await tasks(`to=${to}`)).map((x) => x.eventId))).toEqual(new Set([first, second]));
    expect((await api(me, 'GET', `/tasks?from=${to}&to=${to}`)).status).toBe(400);

    // A sign-off names its step as well as its level (活动方案审批 · 部门负责人审核).
    const head = await as('head-family-children');
    const signed = (await api<{ items: { kind: string; stepName: Bilingual | null; name: Bilingual }[] }>(head, 'GET', `/tasks?status=done&eventId=${first}`)).body.items;
    expect(signed.filter((x) => x.kind === 'sign-off').map((x) => [x.stepName?.['zh-CN'], x.name['zh-CN']])).toEqual([['活动方案审批', '部门负责人审核']]);
  });

  it('refuses a title longer than 200 characters rather than cutting it', async () => {
    const long = await api<{ message: Bilingual }>(await organiser(), 'POST', '/events', {
      templateCode: 'childrens-day-sorting', title: '长'.repeat(201), startsAt: new Date(firstStartsAt).toISOString(),
    });
    expect(long.status).toBe(400);
    expect(long.body.message['zh-CN']).toContain('200');
  });

  it('acknowledges several notices in one batch and reports a refused one per item', async () => {
    const liaison = await as('liaison-yuzhong');
    const pending = (await api<{ eventId: string; stepId: string; unitCode: string }[]>(liaison, 'GET', '/notices?status=pending')).body;
    expect(pending.map((n) => n.eventId).sort()).toEqual([first, second].sort());
    const batch = await api<{ acknowledged: number; refused: number; items: { eventId: string; ok: boolean; status?: number; message?: Bilingual }[] }>(
      liaison,
      'POST',
      '/notices/acknowledge',
      {
        items: [
          { eventId: first, stepId: NOTICE, unitCode: 'district-yuzhong', values: receiptValues },
          { eventId: second, stepId: NOTICE, unitCode: 'district-yuzhong', values: receiptValues },
          // Its receipt asks for values: refused alone, nothing recorded.
          { eventId: first, stepId: NOTICE, unitCode: 'district-jiangbei' },
        ],
      },
    );
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ acknowledged: 2, refused: 1 });
    expect(batch.body.items.map((i) => i.ok)).toEqual([true, true, false]);
    expect(batch.body.items[2].status).toBe(403);
    expect(batch.body.items[2].message!['zh-CN']).toContain('联络员');
    expect((await api(liaison, 'GET', '/notices?status=pending')).body).toEqual([]);

    // Again: each is already signed, each says so; and a receipt without its values is refused for them.
    const again = await api<{ items: { ok: boolean; status: number }[] }>(liaison, 'POST', '/notices/acknowledge', {
      items: [{ eventId: first, stepId: NOTICE, unitCode: 'district-yuzhong', values: receiptValues }],
    });
    expect(again.body.items).toEqual([expect.objectContaining({ ok: false, status: 409 })]);
    const jiangbei = await as('liaison-jiangbei');
    const noValues = await api<{ items: { ok: boolean; status: number; message: Bilingual }[] }>(jiangbei, 'POST', '/notices/acknowledge', {
      items: [{ eventId: first, stepId: NOTICE, unitCode: 'district-jiangbei' }],
    });
    expect(noValues.body.items).toEqual([expect.objectContaining({ ok: false, status: 400 })]);
    expect((await api<{ totals: { acknowledged: number } }>(await organiser(), 'GET', `/events/${first}/notices/${NOTICE}/receipts`)).body.totals.acknowledged).toBe(1);
    expect((await api(liaison, 'POST', '/notices/acknowledge', { items: [] })).status).toBe(400);
  });

  it('一键催办 tells every pending unit’s liaisons once, and a second click within the hour is refused', async () => {
    const me = await organiser();
    // 江北区 urged alone minutes before: 一键催办 leaves it out, so no liaison is told twice.
    expect((await api(me, 'POST', `/events/${second}/urge`, { stepId: NOTICE, unitCode: 'district-jiangbei' })).status).toBe(200);
    const urged = await api<{ notified: number }>(me, 'POST', `/events/${second}/urge`, { stepId: NOTICE });
    expect(urged.status).toBe(200);

    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      const { rows: liaisons } = await db.query<{ id: string }>(
        `SELECT DISTINCT l->>'id' AS id FROM notice_receipts r JOIN notices n ON n.id = r.notice_id, jsonb_array_elements(r.liaisons) l
          WHERE n.event_id = $1 AND n.step_id = $2 AND r.status = 'pending'`,
        [second, NOTICE],
      );
      const { rows: jiangbei } = await db.query<{ id: string }>(
        `SELECT DISTINCT l->>'id' AS id FROM notice_receipts r JOIN notices n ON n.id = r.notice_id, jsonb_array_elements(r.liaisons) l
          WHERE n.event_id = $1 AND n.step_id = $2 AND r.unit_code = 'district-jiangbei'`,
        [second, NOTICE],
      );
      expect(liaisons.length).toBeGreaterThan(30);
      expect(urged.body.notified).toBe(liaisons.length - jiangbei.length);
      const { rows: told } = await db.query<{ recipient_id: string; n: number }>(
        `SELECT recipient_id, count(*)::int AS n FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE '【催办】请尽快签收%' GROUP BY recipient_id`,
        [second],
      );
      expect(told.map((r) => r.recipient_id).sort()).toEqual(liaisons.map((l) => l.id).sort());
      expect(told.every((r) => r.n === 1)).toBe(true);
      // 渝中区 has signed: its liaison is not urged.
      expect(told.map((r) => r.recipient_id)).not.toContain((await as('liaison-yuzhong')).user.id);
    } finally {
      await db.end();
    }

    const again = await api<{ message: Bilingual }>(me, 'POST', `/events/${second}/urge`, { stepId: NOTICE });
    expect(again.status).toBe(429);
    expect(again.body.message['zh-CN']).toContain('一小时内已催办过');
    expect(again.body.message.en).toContain('within the hour');
    // Each unit counts as urged too.
    expect((await api(me, 'POST', `/events/${second}/urge`, { stepId: NOTICE, unitCode: 'district-jiangbei' })).status).toBe(429);
    expect((await api(await as('liaison-yuzhong'), 'POST', `/events/${first}/urge`, { stepId: NOTICE })).status).toBe(403);
    const audit = await api<{ action: string; after: { unitCodes: string[] } }[]>(me, 'GET', `/events/${second}/audit`);
    expect(audit.body.filter((a) => a.action === 'receipts.urged').map((a) => a.after.unitCodes.length)).toEqual([38]);
  });

  it('exports the receipts to .xlsx with Chinese headers, English under them, and each unit’s values', async () => {
    const file = await download('organiser-family-children', `/events/${first}/notices/${NOTICE}/receipts.xlsx`);
    expect(file.status).toBe(200);
    expect(file.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('2027年垃圾分类亲子活动（渝中专场）-签收情况.xlsx')}`);
    const rows = rowsOf(file.book!);
    expect(rows[0]).toEqual(['单位', '状态', '签收人', '签收时间', '逾期签收', '推荐参与家庭（家长及儿童姓名）', '本地计划开展活动场次', '联系人及电话']);
    expect(rows[1].slice(0, 3)).toEqual(['Unit', 'Status', 'Acknowledged by']);
    expect(rows).toHaveLength(2 + 40);
    const yuzhong = rows.find((r) => r[0] === '渝中区妇联')!;
    // The organiser's department processes what units send: personal fields unmasked.
    expect(yuzhong.slice(0, 3)).toEqual(['渝中区妇联', '已签收 Acknowledged', (await as('liaison-yuzhong')).user.displayName]);
    expect(yuzhong[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(yuzhong.slice(4)).toEqual(['否 No', '王芳一家、李明一家', 3, '张晓梅 13800000000']);
    expect(rows.filter((r) => r[1] === '待签收 Pending')).toHaveLength(39);

    // A leader sees the values with personal fields masked, as in the roll-up.
    const chair = rowsOf((await download('chair', `/events/${first}/notices/${NOTICE}/receipts.xlsx`)).book!);
    expect(chair.find((r) => r[0] === '渝中区妇联')![7]).not.toContain('13800000000');

    const nominations = rowsOf((await download('organiser-family-children', `/events/${first}/notices/${NOTICE}/nominations.xlsx`)).book!);
    expect(nominations[0]).toEqual(['推荐单位', '类别', '序号', '推荐人选', '填报人', '填报时间']);
    expect(nominations.slice(2).map((r) => r.slice(0, 4))).toEqual([
      ['渝中区妇联', '推荐参与家庭（家长及儿童姓名）', 1, '王芳一家'],
      ['渝中区妇联', '推荐参与家庭（家长及儿童姓名）', 2, '李明一家'],
    ]);
  });

  it('exports the 操作记录 with readable rows, and refuses whoever may not see what is exported', async () => {
    const file = await download('organiser-family-children', `/events/${second}/audit.xlsx`);
    expect(file.status).toBe(200);
    const rows = rowsOf(file.book!);
    expect(rows[0]).toEqual(['序号', '时间', '操作人', '操作', '步骤', '意见', '变更前', '变更后']);
    const actions = rows.slice(2).map((r) => r[3]);
    expect(actions).toEqual(expect.arrayContaining(['发起活动', '完成任务', '审批同意', '下发通知', '签收通知', '一键催办']));
    const issued = rows.find((r) => r[3] === '下发通知')!;
    expect(issued[4]).toBe('下发活动通知');
    expect(issued[2]).toBe('系统 System');
    // Units and people by name, as the page shows them: 催签收 of 江北区 names it and who was told.
    const jiangbei = rows.find((r) => r[3] === '催签收')!;
    expect(jiangbei[7]).toContain('单位：江北区妇联');
    expect(jiangbei[7]).toContain('通知：');
    expect(JSON.stringify(rows.slice(2).map((r) => r[7]))).not.toContain('district-');

    for (const who of ['liaison-yuzhong', 'organiser-organisation']) {
      expect((await download(who, `/events/${first}/notices/${NOTICE}/receipts.xlsx`)).status).toBe(403);
      expect((await download(who, `/events/${first}/notices/${NOTICE}/nominations.xlsx`)).status).toBe(403);
      expect((await download(who, `/events/${first}/audit.xlsx`)).status).toBe(403);
    }
    expect((await download('organiser-family-children', `/events/${first}/notices/no-such-step/receipts.xlsx`)).status).toBe(404);
  });

  it("no longer counts a cancelled event's notice as waiting for 签收", async () => {
    const jiangbei = await as('liaison-jiangbei');
    const pending = async () => (await api<{ eventId: string }[]>(jiangbei, 'GET', '/notices?status=pending')).body.map((n) => n.eventId).sort();
    expect(await pending()).toEqual([first, second].sort());
    expect((await api(await organiser(), 'POST', `/events/${second}/cancel`, { reason: '计划调整' })).status).toBe(200);
    expect(await pending()).toEqual([first]);
    // It is still listed among all of the unit's notices, with its event's status.
    expect((await api<{ eventId: string; eventStatus: string }[]>(jiangbei, 'GET', '/notices')).body.find((n) => n.eventId === second)?.eventStatus).toBe('cancelled');
  });
});
