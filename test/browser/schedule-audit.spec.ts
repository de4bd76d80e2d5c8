// 改期 and 操作记录 in the browser: the dialog previews what a new date moves (the receipt deadline
// named) before it is confirmed, 提醒与期限 then lists every move labelled, and at a phone's width the
// 操作记录 is a list that reads as people say it, no entry hundreds of pixels tall.
import type { Locator, Page } from 'playwright-core';
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { assertLooksFinished, browserTestFile, PHONE, screenshot } from '../support/browser';
import { formOf, sampleValues } from '../support/event-driver';

jest.setTimeout(300_000);

const DAY = 24 * 3600_000;
const ORGANISER = 'organiser-family-children';
const { signIn, problems, baseUrl } = browserTestFile('schedule-audit');
const { api, as } = apiClient(baseUrl);

/** "YYYY-MM-DD HH:mm" in Beijing time, as the DatePicker shows it. */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function pickDate(input: Locator, text: string): Promise<void> {
  await input.click();
  await input.fill(text);
  await input.press('Tab');
}

/** A2 planned, signed off and its notice out, 渝中区 acknowledged: as the people who do it. */
async function eventWithNoticeOut(startsAt: number): Promise<string> {
  const organiser = await as(ORGANISER);
  const template = (await api<EventTemplate>(organiser, 'GET', '/templates/childrens-day-sorting')).body;
  const created = await api<{ id: string }>(organiser, 'POST', '/events', { templateCode: 'childrens-day-sorting', title: '六一亲子活动（改期）', startsAt: new Date(startsAt).toISOString() });
  expect(created.status).toBe(201);
  const eventId = created.body.id;
  const people = await Promise.all([ORGANISER, 'head-family-children', 'vice-chair-2'].map((u) => as(u)));
  for (let i = 0; i < 200; i++) {
    const { state } = (await api<{ state: EventState }>(organiser, 'GET', `/events/${eventId}`)).body;
    if (state.notices.some((n) => n.stepId === 'activity-notice' && n.receipts)) break;
    for (const s of people) {
      const [task] = (await api<{ items: { id: string; kind: string; stepId: string }[] }>(s, 'GET', `/tasks?eventId=${eventId}`)).body.items;
      if (!task) continue;
      if (task.kind === 'sign-off') await api(s, 'POST', `/tasks/${task.id}/approve`, { comment: '同意' });
      else await api(s, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) });
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const ack = await api(await as('liaison-yuzhong'), 'POST', `/events/${eventId}/notices/activity-notice/acknowledge`, {
    values: { familiesRecommended: ['王芳一家'], localActivitiesPlanned: 2, contactPerson: '张晓梅' },
  });
  expect(ack.status).toBe(200);
  return eventId;
}

async function tallest(items: Locator): Promise<number> {
  const boxes = await Promise.all((await items.all()).map((x) => x.boundingBox()));
  return Math.max(...boxes.map((b) => b?.height ?? 0));
}

async function openTab(page: Page, eventId: string, tab: string): Promise<void> {
  await page.goto(`${baseUrl()}/events/${eventId}`);
  await page.getByRole('tab', { name: tab }).click();
}

it('previews a new date before confirming it, and shows a readable 操作记录 on a phone', async () => {
  const startsAt = Date.now() + 60 * DAY;
  const eventId = await eventWithNoticeOut(startsAt);

  const page = await signIn(ORGANISER);
  await page.goto(`${baseUrl()}/events/${eventId}`);
  await page.getByRole('button', { name: /改\s*期/ }).click();
  const dialog = page.getByRole('dialog');
  await pickDate(dialog.getByLabel('活动开始时间'), beijing(startsAt + 7 * DAY));
  await dialog.getByRole('button', { name: /预览调整/ }).click();
  const preview = dialog.getByTestId('reschedule-preview');
  await preview.getByText('回执截止 · 下发活动通知').waitFor();
  await preview.getByText('签收提醒 · 下发活动通知').waitFor();
  await screenshot(page, 'reschedule-preview');
  await dialog.getByRole('button', { name: /确认改期/ }).click();
  await page.getByText('已改期').first().waitFor();

  // 提醒与期限: the heading counts exactly the lines below it, each saying what it is.
  await openTab(page, eventId, '提醒与期限');
  const moves = page.getByTestId('schedule-moves').locator('li');
  await moves.first().waitFor();
  const count = await moves.count();
  await page.getByText(`上次日期变更调整了 ${count} 项`).waitFor();
  expect(await moves.filter({ hasText: ' · ' }).count()).toBe(count);
  await screenshot(page, 'schedule-moves');

  // 操作记录 at 390 px: a list, step names and units spelled out, the date change from → to.
  const phone = await signIn(ORGANISER, PHONE);
  await openTab(phone, eventId, '操作记录');
  const list = phone.getByTestId('audit-list');
  await list.getByText('活动改期').waitFor();
  expect(await phone.getByTestId('audit-table').count()).toBe(0);
  const text = await list.innerText();
  for (const words of ['活动方案起草', '单位：渝中区妇联', '签收通知', '→']) expect([words, text.includes(words)]).toEqual([words, true]);
  expect(text).not.toContain('draft-plan');
  expect(await tallest(list.locator('.ant-list-item'))).toBeLessThan(200);
  await assertLooksFinished(phone);
  await screenshot(phone, 'audit-phone');

  expect(problems).toEqual([]);
});
