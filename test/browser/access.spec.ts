// What the web app shows each role is what the API gives it: a district liaison opening the city's
// event (活动详情) sees its outline — steps, who, when — and its own unit's receipt, never another
// district's receipt values or the plan's form contents; the organiser sees them all.
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { assertLooksFinished, browserTestFile, screenshot } from '../support/browser';
import { formOf, sampleValues } from '../support/event-driver';

jest.setTimeout(300_000);

const { signIn, problems, baseUrl } = browserTestFile('access');
const { api, as } = apiClient(baseUrl);

const ID_NUMBER = '500229201506061234';

it("shows a district liaison the outline of the city's event and its own receipt only", async () => {
  const organiser = await as('organiser-family-children');
  const template = (await api<EventTemplate>(organiser, 'GET', '/templates/childrens-day-sorting')).body;
  const created = await api<{ id: string }>(organiser, 'POST', '/events', {
    templateCode: 'childrens-day-sorting',
    title: '六一亲子活动（权限）',
    startsAt: new Date(Date.now() + 60 * 24 * 3600_000).toISOString(),
  });
  expect(created.status).toBe(201);
  const eventId = created.body.id;
  const people = await Promise.all(['organiser-family-children', 'head-family-children', 'vice-chair-2'].map((u) => as(u)));
  for (let i = 0; i < 200; i++) {
    const { state } = (await api<{ state: EventState }>(organiser, 'GET', `/events/${eventId}`)).body;
    if (state.notices.some((n) => n.stepId === 'activity-notice' && n.receipts)) break;
    for (const s of people) {
      const [task] = (await api<{ items: { id: string; kind: string; stepId: string }[] }>(s, 'GET', `/tasks?eventId=${eventId}`)).body.items;
      if (!task) continue;
      if (task.kind === 'sign-off') await api(s, 'POST', `/tasks/${task.id}/approve`, { comment: '同意，经费控制在两万元以内' });
      else await api(s, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId), task.stepId === 'draft-plan' ? { theme: '垃圾分类从我做起' } : {}) });
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const ack = await api(await as('liaison-yuzhong'), 'POST', `/events/${eventId}/notices/activity-notice/acknowledge`, {
    values: { familiesRecommended: [`王芳一家 ${ID_NUMBER}`], localActivitiesPlanned: 2, contactPerson: '张晓梅 13812345678' },
  });
  expect(ack.status).toBe(200);

  const page = await signIn('liaison-jiangbei');
  await page.goto(`${baseUrl()}/events/${eventId}`);
  await page.getByTestId('step-draft-plan').waitFor();
  await page.getByTestId('outline-only').waitFor();
  await page.getByTestId('own-receipt-district-jiangbei').getByText('本单位待签收').waitFor();
  const text = await page.locator('body').innerText();
  // The outline: the steps and who does them.
  expect(text).toContain('活动方案起草');
  // Not the plan's contents, the leaders' opinions, nor 渝中区's receipt.
  for (const secret of ['垃圾分类从我做起', '两万元', '王芳', '张晓梅', '5678', '1/40']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
  // No empty management tabs pretending to hold something.
  for (const tab of ['签收情况', '操作记录', '提醒与期限']) expect(await page.getByRole('tab', { name: tab }).count()).toBe(0);
  await assertLooksFinished(page);
  await screenshot(page, 'access-liaison-other-district');

  // 渝中区's liaison sees its own receipt acknowledged; the organiser sees the plan and the roll-up.
  const own = await signIn('liaison-yuzhong');
  await own.goto(`${baseUrl()}/events/${eventId}`);
  await own.getByTestId('own-receipt-district-yuzhong').getByText('本单位已签收').waitFor();
  const lead = await signIn('organiser-family-children');
  await lead.goto(`${baseUrl()}/events/${eventId}`);
  await lead.getByText('两万元', { exact: false }).first().waitFor();
  expect(await lead.getByTestId('outline-only').count()).toBe(0);
  await lead.getByRole('tab', { name: '签收情况' }).click();
  await lead.getByTestId('receipts-activity-notice').getByText('1/40').waitFor();
  expect(problems).toEqual([]);
});
