// In a real browser, in Chinese: a half-filled task form survives a reload (草稿, autosaved), and
// after 退回 the second round opens filled with the first round's values, the approver's comment
// above it and the earlier round listed with its opinions.
import type { Page } from 'playwright-core';
import type { FormSpec } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { assertLooksFinished, browserTestFile, screenshot } from '../support/browser';
import { sampleValues } from '../support/event-driver';

jest.setTimeout(300_000);

const ORGANISER = 'organiser-family-children';
const HEAD = 'head-family-children';
const DAY = 24 * 3600_000;

const { signIn, problems, baseUrl } = browserTestFile('task-rounds');
const { api, as } = apiClient(baseUrl);

interface Task {
  id: string;
  stepId: string;
  kind: string;
  round: number;
  form?: FormSpec;
}

/** Waits (real time) until `username` has an open task of this event and step, and returns it with its form. */
async function openTask(username: string, eventId: string, stepId: string, round = 1): Promise<Task> {
  const who = await as(username);
  for (const until = Date.now() + 30_000; ; ) {
    const { body } = await api<{ items: Task[] }>(who, 'GET', `/tasks?status=open&eventId=${eventId}`);
    const found = body.items.find((x) => x.stepId === stepId && x.round === round);
    if (found) return (await api<Task>(who, 'GET', `/tasks/${found.id}`)).body;
    if (Date.now() > until) throw new Error(`${username} has no open ${stepId} (round ${round}) of event ${eventId}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function completeByApi(eventId: string, stepId: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const task = await openTask(ORGANISER, eventId, stepId);
  const res = await api(await as(ORGANISER), 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(task.form, overrides) });
  expect(res.status).toBe(200);
}

const themeInput = (page: Page) => page.locator('.ant-form-item').filter({ has: page.locator('label[title="活动主题"]') }).locator('input');

test('a draft survives a reload; the second round starts from the first, with the 退回 comment', async () => {
  const created = await api<{ id: string }>(await as(ORGANISER), 'POST', '/events', {
    templateCode: 'childrens-day-sorting',
    title: '2027年“六一”垃圾分类亲子活动（草稿与退回）',
    startsAt: new Date(Date.now() + 60 * DAY).toISOString(),
  });
  expect(created.status).toBe(201);
  const eventId = created.body.id;
  const plan = await openTask(ORGANISER, eventId, 'draft-plan');

  // Half-filled, then the page is reloaded: the draft comes back.
  const page = await signIn(ORGANISER);
  await page.goto(`${baseUrl()}/tasks/${plan.id}`);
  await themeInput(page).fill('垃圾分类 从我做起');
  await page.getByText('草稿已于', { exact: false }).waitFor();
  await page.reload();
  await page.getByText('已恢复您于', { exact: false }).waitFor();
  expect(await themeInput(page).inputValue()).toBe('垃圾分类 从我做起');

  // Submitted (through the API, for speed) and sent back by the department head.
  await completeByApi(eventId, 'draft-plan', { theme: '垃圾分类 亲子同行' });
  for (const stepId of ['budget', 'venue', 'guest-list']) await completeByApi(eventId, stepId);
  const signOff = await openTask(HEAD, eventId, 'plan-approval');
  expect((await api(await as(HEAD), 'POST', `/tasks/${signOff.id}/reject`, { comment: '请补充安全预案' })).status).toBe(200);

  // The second round: the first round's values, the comment above them, the round listed.
  const redo = await openTask(ORGANISER, eventId, 'draft-plan', 2);
  await page.goto(`${baseUrl()}/tasks/${redo.id}`);
  await page.getByText('意见：请补充安全预案').first().waitFor();
  await page.getByText('已填入上一轮提交的内容', { exact: false }).waitFor();
  expect(await themeInput(page).inputValue()).toBe('垃圾分类 亲子同行');
  const history = page.locator('.ant-card').filter({ hasText: '历次提交与审批意见' });
  await history.getByText('第 1 轮').waitFor();
  await history.getByText('退回', { exact: true }).waitFor();
  await assertLooksFinished(page);
  await screenshot(page, 'task-round-2');

  // Resubmitted with a new theme: the head's sign-off lists both rounds, the theme marked as changed.
  const resubmit = await api(await as(ORGANISER), 'POST', `/tasks/${redo.id}/complete`, { values: sampleValues(redo.form, { theme: '垃圾分类 亲子同行 安全第一' }) });
  expect(resubmit.status).toBe(200);
  const again = await openTask(HEAD, eventId, 'plan-approval', 2);
  const head = await signIn(HEAD);
  await head.goto(`${baseUrl()}/tasks/${again.id}`);
  const rounds = head.locator('.ant-card').filter({ hasText: '历次提交与审批意见' });
  await rounds.getByText('较上一轮改动 1 项').waitFor();
  const latest = rounds.locator('[data-round="2"]');
  await expect(latest.locator('[data-change="changed"]').allInnerTexts()).resolves.toEqual(['已修改']);
  await latest.locator('mark').filter({ hasText: '垃圾分类 亲子同行 安全第一' }).waitFor();
  await assertLooksFinished(head);
  await screenshot(head, 'sign-off-round-2');
  expect(problems).toEqual([]);
});
