// A real Chromium (Debian's package) driven by playwright-core, for the browser tests. Without the
// browser the tests fail saying how to install it — they never pass without having run.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/project-root';
import { webRoot } from '../../src/web/web.module';
import { startTestApp, type TestApp } from './shared';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(projectRoot(), 'test-artifacts', 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser tests need a real browser. ` +
        'Install it with `apt-get install chromium fonts-noto-cjk` (or set CHROMIUM_PATH).',
    );
  }
  if (!existsSync(join(webRoot(), 'index.html'))) {
    throw new Error(`The web app is not built (${webRoot()} has no index.html): run \`npm run build:web\` (npm test does it first).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * One browser for a test file against one running app: windows signed in as demo users through
 * the login page (in Chinese, in the office's time zone), every problem they meet collected, what
 * each still shows after a test saved as a screenshot (on a failure, the first thing anyone wants
 * to see), everything closed at the end.
 */
export function browserSession(baseUrl: () => string, name: string) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  return {
    problems,
    async launch(): Promise<void> {
      browser = await launchBrowser();
    },
    async signIn(username: string, viewport = DESKTOP): Promise<Page> {
      if (!browser) throw new Error('launch() the browser session first');
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      contexts.push(context);
      const page = await context.newPage();
      watchProblems(page, problems);
      await page.goto(baseUrl());
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill('demo');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      return page;
    },
    async screenshotOpenPages(): Promise<void> {
      let n = 0;
      for (const c of contexts) for (const p of c.pages()) await screenshot(p, `${name}-last-seen-${++n}`).catch(() => undefined);
    },
    async close(): Promise<void> {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
    },
  };
}

/**
 * A browser test file's set-up: the app (real server, Temporal, PostgreSQL) and a browser session
 * for the whole file, screenshots of the open windows after each test, everything stopped at the end.
 * `appEnv` overrides the app's environment (e.g. TEMPLATES_DIR).
 */
export function browserTestFile(name: string, appEnv: Record<string, string> = {}) {
  let app: TestApp | undefined;
  const baseUrl = () => {
    if (!app) throw new Error('the app is not started yet');
    return app.baseUrl;
  };
  const session = browserSession(baseUrl, name);
  beforeAll(async () => {
    await session.launch();
    app = await startTestApp(appEnv);
  });
  afterEach(() => session.screenshotOpenPages());
  afterAll(async () => {
    await session.close();
    await app?.close();
  });
  return { ...session, baseUrl };
}

/**
 * Collects what a person should never meet: uncaught page errors, console errors (a missing
 * translation logs one, see web/src/i18n.ts) and answers of 500 or more from the server.
 */
export function watchProblems(page: Page, problems: string[] = []): string[] {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize();
  const path = join(SCREENSHOT_DIR, `${name}-${size?.width ?? 0}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** No raw JSON on the page, no i18n key left untranslated, nothing wider than the window. */
export async function assertLooksFinished(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  const problems: string[] = [];
  if (/[{[]\s*"[a-zA-Z]+"\s*:/.test(text)) problems.push('raw JSON on the page');
  const keys = text.match(/\b(?:nav|dashboard|detail|task|inbox|notices|receipts|report|start|settings|common|eventStatus|taskStatus|stepStatus|stepType|auditAction)\.[a-zA-Z_.-]+\b/g);
  if (keys) problems.push(`untranslated keys: ${[...new Set(keys)].join(', ')}`);
  const overflow = await page
    .locator('html')
    .evaluate((html) => html.scrollWidth - html.clientWidth);
  if (overflow > 1) problems.push(`the page is ${overflow}px wider than the window`);
  if (problems.length) throw new Error(`${page.url()}: ${problems.join('; ')}`);
}
