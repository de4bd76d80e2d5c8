// The edge of the API over real HTTP, with the whole application running: the security headers on
// every answer, bad input refused with a 400 that names the problem (JSON nested too deeply, a
// body too large, a title of blanks, a malformed id), and no secret in the logs of real requests.
import type { INestApplication } from '@nestjs/common';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApi } from '../../src/bootstrap';
import { useSecurityHeaders } from '../../src/common/security-headers';
import { apiClient } from '../support/api-client';
import { createTestDatabase, servers, testConfig } from '../support/shared';

interface Problem {
  statusCode: number;
  code: string;
  message: { 'zh-CN': string; en: string };
  details?: { field: string; message: { 'zh-CN': string; en: string } }[];
}
interface EventRow {
  id: string;
  title: string;
  venue: string | null;
}

const DAY = 24 * 60 * 60 * 1000;
const TEMPLATE = 'womens-day-110'; // led by dept-organisation
const DEPTH_REFUSAL = { 'zh-CN': '请求体嵌套过深（最多 32 层）', en: 'The request body is nested too deeply (at most 32 levels)' };
/** Each field problem of a refusal, in both languages: "中文 / English". */
const messages = (p: Problem) => (p.details ?? []).map((d) => `${d.message['zh-CN']} / ${d.message.en}`);

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{"a":1}' + '}'.repeat(depth - 1);

describe('the edge of the API: headers, bad input, secrets in logs', () => {
  let app: INestApplication;
  let baseUrl = '';
  /** Every line the application logged, as written. */
  const logLines: string[] = [];
  const { as, api } = apiClient(() => baseUrl);

  beforeAll(async () => {
    // The application's own logger, at info, so that every request is logged as in production.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const config = testConfig({ DATABASE_URL: await createTestDatabase(), LOG_LEVEL: 'info' });
    app = await createApi({ config, logger: pino({ level: 'info' }, sink), workflows: { workflowBundle: { codePath: servers().workflowBundlePath } } });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  const raw = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });

  // ---- headers -------------------------------------------------------------------------------
  describe('security headers', () => {
    it('sends a Content-Security-Policy, nosniff, no framing and no referrer on the web app, the API, the docs and /health, no X-Powered-By, HSTS only behind https', async () => {
      const admin = await as('admin');
      const answers = [
        ['/', await raw('GET', '/')],
        ['/api/templates', await raw('GET', '/api/templates', undefined, admin.headers)],
        ['/api/auth/me (401)', await raw('GET', '/api/auth/me')],
        ['/api/docs', await raw('GET', '/api/docs')],
        ['/health', await raw('GET', '/health')],
        ['/api/auth/login (invalid JSON)', await raw('POST', '/api/auth/login', '{"username":')],
      ] as const;
      for (const [what, res] of answers) {
        const csp = res.headers.get('content-security-policy') ?? '';
        const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
        expect([what, directives]).toEqual([
          what,
          expect.objectContaining({
            'default-src': "'self'",
            'script-src': "'self'",
            'object-src': "'none'",
            'base-uri': "'self'",
            'frame-ancestors': "'none'",
          }),
        ]);
        expect([what, res.headers.get('x-content-type-options'), res.headers.get('x-frame-options'), res.headers.get('referrer-policy')]).toEqual([
          what,
          'nosniff',
          'DENY',
          'no-referrer',
        ]);
        expect([what, res.headers.get('x-powered-by')]).toEqual([what, null]);
        // PUBLIC_URL is http here: no HSTS, which would lock an http intranet address out.
        expect([what, res.headers.get('strict-transport-security')]).toEqual([what, null]);
        expect([what, csp]).not.toEqual([what, expect.stringContaining('upgrade-insecure-requests')]);
      }
      // The web app itself is served under it.
      const index = answers[0][1];
      expect([index.status, index.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/html/)]);

      // HSTS and upgrade-insecure-requests only when PUBLIC_URL is https.
      const probe = async (publicUrl: string) => {
        const server = express();
        useSecurityHeaders(server as unknown as NestExpressApplication, publicUrl);
        server.get('/', (_req, res) => void res.send('ok'));
        const listening = server.listen(0, '127.0.0.1');
        await new Promise((resolve) => listening.once('listening', resolve));
        try {
          const res = await fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/`);
          return { hsts: res.headers.get('strict-transport-security'), csp: res.headers.get('content-security-policy') ?? '', poweredBy: res.headers.get('x-powered-by') };
        } finally {
          await new Promise((resolve) => listening.close(resolve));
        }
      };
      const https = await probe('https://flow.cqfl.example');
      expect(https.hsts).toBe('max-age=15552000');
      expect(https.csp).toContain('upgrade-insecure-requests');
      expect(https.poweredBy).toBeNull();
      const http = await probe('http://10.1.2.3:3000');
      expect(http.hsts).toBeNull();
      expect(http.csp).not.toContain('upgrade-insecure-requests');
    });
  });

  // ---- bad input -----------------------------------------------------------------------------
  describe('bad input', () => {
    it('refuses JSON nested thousands deep with a 400 naming the limit, on login and on a signed-in route, a body over 100 kB with 413, and keeps answering', async () => {
      const organiser = await as('organiser-organisation');
      for (const body of [nested(3000), '['.repeat(5000) + ']'.repeat(5000), `{"username":${nested(2500)},"password":"x"}`]) {
        const login = await raw('POST', '/api/auth/login', body);
        expect(login.status).toBe(400);
        const problem = (await login.json()) as Problem;
        expect([problem.code, problem.message]).toEqual(['INVALID', DEPTH_REFUSAL]);
      }
      const create = await raw('POST', '/api/events', `{"templateCode":"${TEMPLATE}","title":"深","startsAt":"2099-01-01T00:00:00Z","reminders":${nested(2000)}}`, organiser.headers);
      expect(create.status).toBe(400);
      expect(((await create.json()) as Problem).message).toEqual(DEPTH_REFUSAL);
      const task = await raw('POST', '/api/tasks/00000000-0000-4000-8000-000000000000/complete', `{"values":${nested(40)}}`, organiser.headers);
      expect([task.status, ((await task.json()) as Problem).message]).toEqual([400, DEPTH_REFUSAL]);

      // 32 levels are accepted as JSON (and refused by what the route expects, not by the depth).
      const deepButAllowed = await raw('POST', '/api/auth/login', nested(32));
      expect(deepButAllowed.status).toBe(400);
      expect(((await deepButAllowed.json()) as Problem).message).not.toEqual(DEPTH_REFUSAL);
      // Brackets inside strings are text, not nesting.
      const bracketsInText = await raw('POST', '/api/auth/login', JSON.stringify({ username: '{['.repeat(40), password: 'x' }));
      expect(bracketsInText.status).toBe(401);
      // A form body nested too deeply: the same refusal.
      const form = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username${'[a]'.repeat(40)}=x` });
      expect([form.status, ((await form.json()) as Problem).message]).toEqual([400, DEPTH_REFUSAL]);

      // A body over 100 kB: 413.
      const large = await raw('POST', '/api/auth/login', JSON.stringify({ username: 'admin', password: 'x'.repeat(120 * 1024) }));
      expect(large.status).toBe(413);
      expect(((await large.json()) as Problem).message).toEqual({ 'zh-CN': expect.stringMatching(/^请求体过大/), en: expect.stringMatching(/^The request body is too large/) });
      // The server still answers, at once.
      expect((await raw('GET', '/health')).status).toBe(200);
      expect((await api(organiser, 'GET', '/auth/me')).status).toBe(200);
    });

    it('refuses a title of spaces or invisible characters, and stores titles, venues and reasons trimmed', async () => {
      const organiser = await as('organiser-organisation');
      const startsAt = new Date(Date.now() + 60 * DAY).toISOString();
      for (const title of ['   ', '\u200B\u200B', '\u3000\u00A0\uFEFF\u2060', ' \u200C\u200D\t\n']) {
        const res = await api<Problem>(organiser, 'POST', '/events', { templateCode: TEMPLATE, title, startsAt });
        expect([JSON.stringify(title), res.status]).toEqual([JSON.stringify(title), 400]);
        expect(messages(res.body)).toContain('title 不能为空 / title should not be empty');
      }
      const created = await api<EventRow>(organiser, 'POST', '/events', { templateCode: TEMPLATE, title: '\u3000 2027年三八表彰大会\u200B ', venue: '\u200B ', startsAt });
      expect(created.status).toBe(201);
      expect([created.body.title, created.body.venue]).toEqual(['2027年三八表彰大会', null]);
      const stored = await api<{ event: EventRow }>(organiser, 'GET', `/events/${created.body.id}`);
      expect(stored.body.event.title).toBe('2027年三八表彰大会');

      const blankReason = await api<Problem>(organiser, 'POST', `/events/${created.body.id}/cancel`, { reason: '\u200B\u3000' });
      expect(blankReason.status).toBe(400);
      expect(messages(blankReason.body)).toContain('须填写原因 / reason is required');
    });

    it('answers a malformed id in the path with 400 naming the parameter, as the OpenAPI document declares, an unknown one still with 404', async () => {
      const admin = await as('admin');
      const refusal = { 'zh-CN': '路径参数 id 须为 UUID（如 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d）', en: 'path parameter id must be a UUID (such as 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d)' };
      for (const [method, path, body] of [
        ['GET', '/events/not-a-uuid', undefined],
        ['GET', '/events/not-a-uuid/schedule', undefined],
        ['POST', '/events/1234/cancel', { reason: '原因' }],
        ['GET', '/tasks/not-a-uuid', undefined],
        ['POST', '/tasks/00000000-0000-4000-8000-00000000000/approve', {}],
        ['POST', '/notifications/not-a-uuid/read', undefined],
        ['POST', '/notifications/dead-letters/not-a-uuid/retry', undefined],
      ] as const) {
        const res = await api<Problem>(admin, method, path, body);
        expect([path, res.status, res.body.code, res.body.message]).toEqual([path, 400, 'INVALID', refusal]);
        expect(res.body.details?.map((d) => d.field)).toEqual(['id']);
      }
      expect((await api(admin, 'GET', '/events/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await api(admin, 'GET', '/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(404);

      // The OpenAPI document says so on every route with a uuid path parameter.
      const doc = (await (await raw('GET', '/api/docs-json')).json()) as {
        paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { format?: string } }[]; responses: Record<string, unknown> }>>;
      };
      const uuidRoutes: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          if (!op.parameters?.some((p) => p.in === 'path' && p.schema?.format === 'uuid')) continue;
          uuidRoutes.push(`${method.toUpperCase()} ${path}`);
          expect([method, path, Object.keys(op.responses)]).toEqual([method, path, expect.arrayContaining(['400'])]);
        }
      }
      expect(uuidRoutes).toEqual(expect.arrayContaining(['GET /api/events/{id}', 'GET /api/tasks/{id}', 'POST /api/notifications/{id}/read']));
    });
  });

  // ---- logs ----------------------------------------------------------------------------------
  describe('secrets in the logs', () => {
    it('logs requests without the bearer token, the calendar feed token or a password', async () => {
      const liaison = await as('liaison-yuzhong');
      const wrongPassword = 'Wrong-Password-7f3kQz';
      expect((await raw('POST', '/api/auth/login', JSON.stringify({ username: 'liaison-yuzhong', password: wrongPassword }))).status).toBe(401);
      expect((await api(liaison, 'GET', '/auth/me')).status).toBe(200);
      const calendar = await api<{ url: string }>(liaison, 'GET', '/me/calendar');
      const feedPath = new URL(calendar.body.url).pathname;
      const feedToken = /\/api\/calendar\/(.+)\.ics$/.exec(feedPath)![1];
      expect((await raw('GET', feedPath)).status).toBe(200);
      expect((await raw('GET', `${feedPath}?token=${feedToken}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the request log is written as the answer finishes

      const requestLogs = logLines.map((l) => JSON.parse(l) as { req?: { url?: string; headers?: Record<string, string> } }).filter((l) => l.req);
      // The requests were logged, with their headers, and the secrets censored.
      const me = requestLogs.find((l) => l.req?.url === '/api/auth/me' && l.req.headers?.authorization);
      expect(me?.req?.headers?.authorization).toBe('[redacted]');
      expect(requestLogs.map((l) => l.req?.url)).toEqual(expect.arrayContaining(['/api/calendar/[redacted].ics', '/api/calendar/[redacted].ics?token=[redacted]', '/api/auth/login']));

      const all = logLines.join('\n');
      const [, , signature] = liaison.token.split('.');
      for (const secret of [liaison.token, signature, feedToken, wrongPassword]) expect(all).not.toContain(secret);
    });
  });
});
