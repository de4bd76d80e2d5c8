// The whole life of an A2 event (六一 garbage-sorting family activity) in a real browser, in
// Chinese, against the real server, Temporal dev server and PostgreSQL: the organiser starts it and
// does the planning tasks, the department head and the vice-chair in charge sign off, a district
// liaison acknowledges the notice, the organiser moves the day to now, holds it and writes the
// report, the report is signed off and the event is archived. Screenshots of the pages a person
// sees, at 1280×800 and at a phone's width, go to test-artifacts/screenshots.
import type { Locator, Page } from 'playwright-core';
import type { FormField, FormSpec } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { assertLooksFinished, browserTestFile, DESKTOP, PHONE, screenshot } from '../support/browser';
import { sampleValue } from '../support/event-driver';

jest.setTimeout(600_000);

const ORGANISER = 'organiser-family-children';
const HEAD = 'head-family-children';
const VICE_CHAIR = 'vice-chair-2';
const LIAISON = 'liaison-yuzhong';

const { signIn, problems, baseUrl } = browserTestFile('lifecycle');
const { api, as } = apiClient(baseUrl);

function formItem(page: Page, scope: Locator, label: string): Locator {
  return scope.locator('.ant-form-item').filter({ has: page.locator(`label[title="${label}"]`) });
}

/** Types a date (and time) into an antd DatePicker as a person would, and confirms it. */
async function pickDate(_page: Page, input: Locator, text: string): Promise<void> {
  await input.click();
  await input.fill(text);
  await input.press('Tab');
}

/** Fills one field of a template form the way its widget is used. */
async function fill(page: Page, scope: Locator, field: FormField): Promise<void> {
  const item = formItem(page, scope, field.label['zh-CN']);
  const value = sampleValue(field);
  switch (field.type) {
    case 'boolean':
      await item.getByRole('radio', { name: value ? '是' : '否' }).check();
      return;
    case 'select':
    case 'multiselect': {
      await item.locator('.ant-select').click();
      const label = field.options!.find((o) => o.value === (Array.isArray(value) ? value[0] : value))!.label['zh-CN'];
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
      if (field.type === 'multiselect') await page.keyboard.press('Escape');
      return;
    }
    case 'list':
      for (const entry of value as string[]) {
        await item.locator('input').fill(entry);
        await item.locator('input').press('Enter');
      }
      return;
    case 'date':
      await pickDate(page, item.locator('input'), value as string);
      return;
    case 'datetime':
      await pickDate(page, item.locator('input'), '2027-03-08 09:00');
      return;
    default:
      await item.locator('input, textarea').first().fill(String(value));
  }
}

async function fillForm(page: Page, scope: Locator, form: FormSpec | undefined): Promise<void> {
  for (const field of form?.fields ?? []) if (field.required) await fill(page, scope, field);
}

interface InboxRow {
  id: string;
  eventId: string;
  stepId: string;
  kind: string;
  form?: FormSpec;
}

async function openTasksOf(username: string, eventId: string): Promise<InboxRow[]> {
  const res = await api<{ items: InboxRow[] }>(await as(username), 'GET', `/tasks?status=open&eventId=${eventId}`);
  return res.body.items;
}

/** Waits (real time) until `username` has an open task of this event, and returns it. */
async function nextTask(username: string, eventId: string, timeoutMs = 30_000): Promise<InboxRow> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [task] = await openTasksOf(username, eventId);
    if (task) return task;
    if (Date.now() > until) throw new Error(`${username} has no open task of event ${eventId} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** From the inbox (待办), opens the task, fills its form and submits it. */
async function doTask(page: Page, task: InboxRow): Promise<void> {
  const { body: detail } = await api<InboxRow>(await as(ORGANISER), 'GET', `/tasks/${task.id}`);
  await page.getByRole('link', { name: /待办/ }).first().click();
  await page.getByRole('heading', { name: '待办' }).waitFor();
  await page.locator(`a[href="/tasks/${task.id}"]`).first().click();
  const card = page.locator('.ant-card').filter({ has: page.locator('form') });
  await card.waitFor();
  await fillForm(page, card, detail.form);
  await card.getByRole('button', { name: /提\s*交/ }).click();
  await page.getByRole('heading', { name: '待办' }).waitFor();
}

/** An approver signs off the event's pending sign-off from their own login. */
async function signOff(username: string, eventId: string, check?: (page: Page) => Promise<void>): Promise<void> {
  const task = await nextTask(username, eventId);
  const page = await signIn(username);
  await page.getByRole('link', { name: /待办/ }).first().click();
  await page.locator(`a[href="/tasks/${task.id}"]`).first().click();
  await page.getByText('待审批内容', { exact: false }).waitFor();
  if (check) await check(page);
  await page.getByRole('button', { name: /同\s*意/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: /同\s*意/ }).click();
  await page.getByText('已同意').first().waitFor();
  await page.close();
}

function beijing(ms: number): string {
  // "YYYY-MM-DD HH:mm" in Beijing time, as the DatePicker shows it.
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

test('an A2 event from start to archive, in the browser, in Chinese', async () => {
  // ---- the organiser starts the event --------------------------------------------------------
  const organiser = await signIn(ORGANISER);
  await expectText(organiser, '蒋晓燕');
  await expectText(organiser, '家庭和儿童工作部');
  await screenshot(organiser, 'dashboard-empty');
  await organiser.getByRole('link', { name: '发起活动' }).first().click();
  await organiser.locator('[data-template="childrens-day-sorting"]').click();
  await expectText(organiser, '活动方案审批'); // the template's steps, before anything starts
  const title = '2027年庆祝"六一"垃圾分类亲子主题活动';
  await organiser.getByLabel('活动名称').fill(title);
  // Submitting without a date: the form says so in Chinese, and nothing is sent.
  await organiser.getByRole('button', { name: /发起活动/ }).last().click();
  await expectText(organiser, '请选择活动开始时间');
  const day = Date.now() + 20 * 24 * 3600_000;
  await pickDate(organiser, organiser.getByLabel('活动开始时间'), beijing(day).slice(0, 10) + ' 09:30');
  await organiser.getByLabel('活动地点').fill('重庆市妇女儿童活动中心');
  await screenshot(organiser, 'start-event');
  await organiser.getByRole('button', { name: /发起活动/ }).last().click();
  await organiser.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  const eventId = organiser.url().split('/').pop()!;
  await organiser.getByRole('heading', { name: title }).waitFor();
  await expectText(organiser, '进行中');
  await organiser.locator('[data-testid="step-draft-plan"][data-status="active"]').waitFor();

  // ---- planning tasks: the plan, then budget, venue and guests in parallel -------------------
  for (let i = 0; i < 4; i++) await doTask(organiser, await nextTask(ORGANISER, eventId));
  await screenshot(organiser, 'inbox-after-planning');

  // ---- sign-off: the department head (with a failed 退回 first), then the vice-chair -----------
  await signOff(HEAD, eventId, async (page) => {
    await expectText(page, '示例内容'); // the plan being signed, as the organiser wrote it
    await screenshot(page, 'sign-off');
    await page.getByRole('button', { name: /退\s*回/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /退\s*回/ }).click();
    await expectText(page, '退回时须填写意见');
    await page.getByRole('dialog').getByRole('button', { name: /关\s*闭/ }).last().click();
  });
  await signOff(VICE_CHAIR, eventId);

  // ---- the notice reaches the 40 districts; 渝中区 acknowledges it -----------------------------
  const liaison = await signIn(LIAISON);
  await liaison.getByRole('link', { name: '通知签收' }).first().click();
  const notice = liaison.locator('[data-testid^="notice-"]').filter({ hasText: '六一' }).first();
  await notice.waitFor({ timeout: 30_000 });
  await expectText(liaison, '渝妇发〔');
  await screenshot(liaison, 'notices-liaison');
  await notice.getByRole('button', { name: /签\s*收/ }).click();
  const dialog = liaison.getByRole('dialog');
  await dialog.getByTestId('notice-body').waitFor();
  const { body: templ } = await api<{ steps: { id: string; receipt?: { form?: FormSpec } }[] }>(await as(LIAISON), 'GET', '/templates/childrens-day-sorting');
  await fillForm(liaison, dialog, templ.steps.find((s) => s.id === 'activity-notice')!.receipt?.form);
  await dialog.getByRole('button', { name: /确认签收/ }).click();
  await expectText(liaison, '已签收');
  await liaison.close();

  // The organiser sees the roll-up: 1 of 40 acknowledged.
  await organiser.goto(`${baseUrl()}/events/${eventId}`);
  await organiser.getByRole('tab', { name: '签收情况' }).click();
  await organiser.getByTestId('receipts-activity-notice').getByText('1/40').waitFor();
  await screenshot(organiser, 'receipts-rollup');

  // ---- the day moved to now (改期), so the test need not wait 20 days; then preparation ----------
  // (the notice collects receipts until its deadline, 14 days before the day: moving the day
  // moves that deadline into the past, and the preparation tasks open)
  await organiser.goto(`${baseUrl()}/events/${eventId}`);
  await organiser.getByRole('button', { name: /改\s*期/ }).click();
  const move = organiser.getByRole('dialog');
  const soon = Math.ceil((Date.now() + 50_000) / 60_000) * 60_000;
  await pickDate(organiser, move.getByLabel('活动开始时间'), beijing(soon));
  await pickDate(organiser, move.getByLabel('活动结束时间（可选）'), beijing(soon + 60_000));
  await move.getByLabel('原因').fill('场地调整，提前举办');
  // The dialog first previews what the new date moves: the receipt deadline falls in the past.
  await move.getByRole('button', { name: /预览调整/ }).click();
  await move.getByTestId('reschedule-preview').getByText(/个单位的签收将立即逾期/).waitFor();
  await move.getByRole('button', { name: /确认改期/ }).click();
  await expectText(organiser, '已改期');
  await organiser.getByRole('tab', { name: '提醒与期限' }).click();
  await screenshot(organiser, 'schedule-after-reschedule');
  for (let i = 0; i < 3; i++) await doTask(organiser, await nextTask(ORGANISER, eventId));

  // The day comes (real time): the organiser records it and writes the report.
  await doTask(organiser, await nextTask(ORGANISER, eventId, 240_000));
  const report = await nextTask(ORGANISER, eventId);
  expect(report.kind).toBe('report');
  await doTask(organiser, report);

  // ---- the report is signed off; the event is archived ----------------------------------------
  await signOff(HEAD, eventId);
  await signOff(VICE_CHAIR, eventId);
  await organiser.goto(`${baseUrl()}/events/${eventId}`);
  await organiser.getByText('已归档').first().waitFor({ timeout: 30_000 });
  await screenshot(organiser, 'event-timeline');
  await assertLooksFinished(organiser);
  await organiser.getByRole('tab', { name: '操作记录' }).click();
  await expectText(organiser, '审批同意');
  await expectText(organiser, '签收通知');
  await organiser.goto(`${baseUrl()}/events/${eventId}/report`);
  await organiser.getByTestId('report-sheet').getByText('审批通过并归档', { exact: false }).waitFor();
  await screenshot(organiser, 'report');

  // ---- in English on request: the same data, every label translated ---------------------------
  await organiser.goto(baseUrl());
  await organiser.getByText('EN', { exact: true }).click();
  await organiser.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await expectText(organiser, 'Events I run');
  await assertLooksFinished(organiser);
  await screenshot(organiser, 'dashboard-en');
  await organiser.getByText('中文', { exact: true }).click();
  await organiser.getByRole('heading', { name: '工作台' }).waitFor();

  // The next event of the plan, so that the dashboard and the inbox have something open.
  const next = await api<{ id: string }>(await as(ORGANISER), 'POST', '/events', {
    templateCode: 'family-reading',
    title: '2027年"书香润万家"家庭阅读系列活动',
    startsAt: new Date(Date.now() + 150 * 24 * 3600_000).toISOString(),
    venue: '重庆图书馆',
  });
  expect(next.status).toBe(201);
  await nextTask(ORGANISER, next.body.id);

  // ---- the same pages at 1280×800 and at a phone's width look finished -----------------------
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await signIn(ORGANISER, viewport);
    const pages: [string, string, Locator][] = [
      ['dashboard', '/', page.locator('.timeline-chart canvas')],
      ['event', `/events/${eventId}`, page.getByTestId('step-summary-report')],
      ['inbox', '/tasks', page.getByText('书香润万家')], // the next event's first task
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${baseUrl()}${path}`);
      await ready.first().waitFor();
      await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' });
      await assertLooksFinished(page);
      await screenshot(page, `final-${name}`);
    }
    await page.close();
  }

  expect(problems).toEqual([]);
});

async function expectText(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
}
