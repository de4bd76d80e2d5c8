// The Content-Security-Policy in a real browser: the Swagger UI at /api/docs runs under it (its
// scripts are files, its inline styles allowed), while a script injected into a page is refused.
// The web app's own pages run under it in event-lifecycle.spec.ts and settings.spec.ts, which
// fail on any console error — a CSP violation is one.
import { launchBrowser, screenshot, watchProblems } from '../support/browser';
import { startTestApp, type TestApp } from '../support/shared';
import type { Browser } from 'playwright-core';

jest.setTimeout(180_000);

let app: TestApp | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startTestApp();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('shows the API documentation under the Content-Security-Policy, and refuses a script injected into a page', async () => {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${app!.baseUrl}/api/docs`);
    // The operations are listed and one opens: the Swagger UI's scripts ran.
    await page.locator('.opblock-summary-path', { hasText: '/api/events/{id}' }).first().click();
    await page.getByText('The event id').first().waitFor();
    await screenshot(page, 'api-docs');
    expect(problems).toEqual([]);

    // An injected inline script does not run, and the browser says why.
    await page.evaluate("document.head.appendChild(Object.assign(document.createElement('script'), { textContent: 'window.injected = true' }))");
    expect(await page.evaluate('window.injected')).toBeUndefined();
    expect(problems).toEqual([expect.stringContaining('Content Security Policy')]);
  } finally {
    await context.close();
  }
});
