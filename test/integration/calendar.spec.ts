// The working-day calendar as an admin keeps it (工作日历): seeded from chinese-days, read by anyone
// signed in, changed by the admin alone, with bilingual refusals; a change reaches the running
// events, whose pending working-day deadlines move (the Done-when: a 2027 holiday moves a
// pending 5wd deadline).
import { join } from 'node:path';
import { apiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/shared';

interface Day {
  date: string;
  kind: 'off' | 'work';
  name: string;
  source: string;
}
interface Year {
  year: number;
  covered: boolean;
  notice: { 'zh-CN': string; en: string } | null;
  version: string;
  days: Day[];
}
interface Outcome {
  version: string;
  summary: { 'zh-CN': string; en: string };
  eventsTold: number;
  moved: { eventId: string; title: string; moved: { label: string; from: string; to: string }[] }[];
  skipped: { eventId: string; reason: { 'zh-CN': string; en: string } }[];
}
interface Refusal {
  code: string;
  message: { 'zh-CN': string; en: string };
}
interface TaskView {
  id: string;
  stepId: string;
  status: string;
  dueAt?: string | null;
}

describe('working-day calendar (工作日历)', () => {
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp({ TEMPLATES_DIR: join(__dirname, '../fixtures/calendar-templates') });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("has 2026's Spring Festival from the seed, for anyone signed in", async () => {
    const res = await api<Year>(await as('liaison-yuzhong'), 'GET', '/calendar?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.covered).toBe(true);
    const festival = res.body.days.filter((d) => d.name === '春节');
    expect(festival.map((d) => d.date)).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(festival.every((d) => d.kind === 'off' && d.source === 'chinese-days')).toBe(true);
    expect(res.body.days.find((d) => d.date === '2026-02-14')).toMatchObject({ kind: 'work', name: '春节调休' });
  });

  it('says when a year is not entered yet', async () => {
    const res = await api<Year>(await as('organiser-family-children'), 'GET', '/calendar?year=2027');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2027, covered: false, days: [] });
    expect(res.body.notice?.['zh-CN']).toBe('2027年节假日安排尚未录入，期限只按周末计算');
  });

  it('lets the admin add a 2027 holiday and take it out again; a liaison may not', async () => {
    const admin = await as('admin');
    const refused = await api<Refusal>(await as('liaison-yuzhong'), 'PUT', '/calendar/days/2027-01-01', { kind: 'off', name: '元旦' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toEqual({ 'zh-CN': '只有管理员可以修改工作日历', en: 'Only an admin can change the working-day calendar' });

    const before = (await api<Year>(admin, 'GET', '/calendar?year=2027')).body.version;
    const added = await api<Outcome>(admin, 'PUT', '/calendar/days/2027-01-01', { kind: 'off', name: '元旦' });
    expect(added.status).toBe(200);
    expect(Number(added.body.version)).toBeGreaterThan(Number(before));
    const year = (await api<Year>(admin, 'GET', '/calendar?year=2027')).body;
    expect(year.covered).toBe(true);
    expect(year.days).toEqual([expect.objectContaining({ date: '2027-01-01', kind: 'off', name: '元旦', source: 'admin' })]);

    expect((await api(admin, 'DELETE', '/calendar/days/2027-01-01')).status).toBe(200);
    expect((await api<Year>(admin, 'GET', '/calendar?year=2027')).body.covered).toBe(false);
    const again = await api<Refusal>(admin, 'DELETE', '/calendar/days/2027-01-01');
    expect(again.status).toBe(404);
    expect(again.body.message['zh-CN']).toBe('工作日历中没有 2027-01-01');
  });

  it.each([
    ['a date that is not one', '/calendar/days/2027-02-30', { kind: 'off', name: '春节' }, /日期“2027-02-30”无效/, /not a real date/],
    ['a weekday marked as a make-up working day', '/calendar/days/2027-02-10', { kind: 'work', name: '春节调休' }, /周三，本就是工作日/, /Wednesday, a working day already/],
    ['a kind that is neither', '/calendar/days/2027-02-10', { kind: 'holiday', name: '春节' }, /off（休）或 work（班）/, /off \(holiday\) or work/],
    ['a year far away', '/calendar?year=2150', undefined, /年份须在 2000 至 2099 之间/, /year from 2000 to 2099/],
  ])('refuses %s with 400 in both languages', async (_what, path, body, zh, en) => {
    const res = await api<Refusal>(await as('admin'), body ? 'PUT' : 'GET', path, body);
    expect(res.status).toBe(400);
    expect(res.body.message['zh-CN']).toMatch(zh);
    expect(res.body.message.en).toMatch(en);
  });

  it('refuses a year list with a day of another year, and takes a whole year at once', async () => {
    const admin = await as('admin');
    const wrong = await api<Refusal>(admin, 'PUT', '/calendar/years/2028', { days: [{ date: '2029-01-01', kind: 'off', name: '元旦' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toEqual({ 'zh-CN': '2029-01-01 不在 2028 年内', en: 'days.0.date 2029-01-01 is not in 2028' });
    const list = [
      { date: '2028-01-01', kind: 'off', name: '元旦' },
      { date: '2028-01-29', kind: 'work', name: '春节调休' },
    ];
    expect((await api(admin, 'PUT', '/calendar/years/2028', { days: list })).status).toBe(200);
    expect((await api<Year>(admin, 'GET', '/calendar?year=2028')).body.days.map((d) => [d.date, d.kind])).toEqual([
      ['2028-01-01', 'off'],
      ['2028-01-29', 'work'],
    ]);
  });

  it("moves a pending 5wd deadline one working day later when the admin adds a 2027 holiday inside it", async () => {
    const organiser = await as('organiser-family-children');
    const admin = await as('admin');
    // Monday 1 March 2027, 09:00–10:00 China time: the press release is due five working days after, Monday 8 March 10:00.
    const created = await api<{ id: string }>(organiser, 'POST', '/events', {
      templateCode: 'calendar-w1',
      title: '2027年工作日历测试活动',
      startsAt: '2027-03-01T01:00:00Z',
      endsAt: '2027-03-01T02:00:00Z',
    });
    expect(created.status).toBe(201);
    const eventId = created.body.id;
    const openTask = async (): Promise<TaskView | undefined> => {
      const s = (await api<{ state: { tasks: TaskView[] } }>(organiser, 'GET', `/events/${eventId}`)).body.state;
      return s?.tasks.find((x) => x.stepId === 'press-release' && x.status === 'open');
    };
    let task: TaskView | undefined;
    for (let i = 0; i < 100 && !task; i++) {
      task = await openTask();
      if (!task) await new Promise((r) => setTimeout(r, 100));
    }
    expect(task?.dueAt).toBe('2027-03-08T02:00:00.000Z');

    // Wednesday 3 March 2027 becomes a holiday: the fifth working day after the event is Tuesday 9 March.
    const outcome = await api<Outcome>(admin, 'PUT', '/calendar/days/2027-03-03', { kind: 'off', name: '测试假日' });
    expect(outcome.status).toBe(200);
    const mine = outcome.body.moved.find((e) => e.eventId === eventId);
    expect(mine?.moved).toContainEqual({ label: '办理期限 · 宣传稿报送（活动后5个工作日内）', from: '2027-03-08T02:00:00.000Z', to: '2027-03-09T02:00:00.000Z' });
    expect(outcome.body.summary['zh-CN']).toMatch(/^已调整 \d+ 个活动的 \d+ 项期限$/);

    expect((await openTask())?.dueAt).toBe('2027-03-09T02:00:00.000Z');
    const viaTask = await api<{ dueAt?: string }>(organiser, 'GET', `/tasks/${task!.id}`);
    expect(viaTask.status).toBe(200);
    expect(viaTask.body.dueAt).toBe('2027-03-09T02:00:00.000Z');

    // Taken out again, the deadline goes back to Monday 8 March.
    const back = await api<Outcome>(admin, 'DELETE', '/calendar/days/2027-03-03');
    expect(back.body.moved.find((e) => e.eventId === eventId)?.moved).toContainEqual(expect.objectContaining({ from: '2027-03-09T02:00:00.000Z', to: '2027-03-08T02:00:00.000Z' }));
  }, 120_000);
});
