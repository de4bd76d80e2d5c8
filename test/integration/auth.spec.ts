// Sign-in, the token every API route requires, and admin-only routes, on the whole application.
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { login, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/shared';

const WRONG_CREDENTIALS = { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' };
const MISSING_TOKEN = { 'zh-CN': '缺少或无效的登录令牌', en: 'Missing or invalid token' };

describe('authentication', () => {
  let t: TestApp;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.baseUrl}${path}`, { headers });
  type Refusal = { message: { 'zh-CN': string; en: string }; details?: { field: string; message: { 'zh-CN': string; en: string } }[] };
  const message = async (res: Response) => ((await res.json()) as Refusal).message;
  /** Each field problem of a refusal, in both languages: "中文 / English". */
  const problems = async (res: Response) => (((await res.json()) as Refusal).details ?? []).map((d) => `${d.message['zh-CN']} / ${d.message.en}`);
  const withToken = (token: string) => ({ authorization: `Bearer ${token}` });
  async function sql(query: string, params: unknown[] = []) {
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as Record<string, unknown>[];
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /api/auth/login', () => {
    it('signs in with the demo password and returns a Bearer token and the user', async () => {
      const res = await post('/api/auth/login', { username: 'organiser-family-children', password: 'demo' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: 'Bearer',
        expiresIn: 12 * 3600,
        user: {
          id: expect.any(String),
          username: 'organiser-family-children',
          displayName: '蒋晓燕',
          unitCode: 'dept-family-children',
          unitName: '家庭和儿童工作部',
          locale: 'zh-CN',
          roles: [{ role: 'organiser', unitCode: 'dept-family-children' }],
          inChargeOf: [],
          mustChangePassword: false,
        },
      });
    });

    it('accepts the username in any case', async () => {
      expect((await post('/api/auth/login', { username: ' Vice-Chair-2', password: 'demo' })).status).toBe(200);
    });

    it('answers 401 with the same message for a wrong password and for an unknown user', async () => {
      const wrong = await post('/api/auth/login', { username: 'admin', password: 'not-it' });
      expect(wrong.status).toBe(401);
      expect(await message(wrong)).toEqual(WRONG_CREDENTIALS);
      const unknown = await post('/api/auth/login', { username: 'nobody', password: 'demo' });
      expect(unknown.status).toBe(401);
      expect(await message(unknown)).toEqual(WRONG_CREDENTIALS);
    });

    it('answers 400 naming a missing or invalid field', async () => {
      const noPassword = await post('/api/auth/login', { username: 'admin' });
      expect(noPassword.status).toBe(400);
      const messages = await problems(noPassword);
      expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('password')]));
      expect(JSON.stringify(messages)).not.toContain('username');

      const badUsername = await post('/api/auth/login', { username: 42, password: 'demo' });
      expect(badUsername.status).toBe(400);
      expect(await problems(badUsername)).toEqual(expect.arrayContaining(['用户名（username）必须是文本 / username must be a string']));

      const extra = await post('/api/auth/login', { username: 'admin', password: 'demo', role: 'admin' });
      expect(extra.status).toBe(400);
      expect(await problems(extra)).toEqual(expect.arrayContaining([expect.stringContaining('role')]));
    });

    it('refuses a deactivated account at sign-in, and its tokens at the next request', async () => {
      const session = await login(t.baseUrl, 'exec-8');
      await sql("UPDATE users SET active = false WHERE username = 'exec-8'");
      try {
        const me = await get('/api/auth/me', session.headers);
        expect(me.status).toBe(401);
        expect(await message(me)).toEqual(MISSING_TOKEN);
        const again = await post('/api/auth/login', { username: 'exec-8', password: 'demo' });
        expect(again.status).toBe(401);
        expect(await message(again)).toEqual(WRONG_CREDENTIALS);
      } finally {
        await sql("UPDATE users SET active = true WHERE username = 'exec-8'");
      }
    });
  });

  describe('the token', () => {
    let viceChair: Session;
    beforeAll(async () => {
      viceChair = await login(t.baseUrl, 'vice-chair-2');
    });

    it('is required on /api/auth/me', async () => {
      const none = await get('/api/auth/me');
      expect(none.status).toBe(401);
      expect(await message(none)).toEqual(MISSING_TOKEN);
      expect((await get('/api/auth/me', { authorization: viceChair.token })).status).toBe(401); // no "Bearer"
      expect((await get('/api/auth/me', withToken('not.a.token'))).status).toBe(401);
    });

    it('gives the current user, roles and portfolio (分管) included', async () => {
      const res = await get('/api/auth/me', viceChair.headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        username: 'vice-chair-2',
        displayName: '王丽娟',
        unitCode: 'fed-leadership',
        unitName: '市妇联领导班子',
        roles: [{ role: 'vice-chair', unitCode: 'fed-leadership' }],
        inChargeOf: ['dept-rights', 'dept-family-children', 'dept-development', 'dept-liaison'],
      });
    });

    it('is refused when signed with another secret, or altered', async () => {
      const claims = { sub: viceChair.user.id, username: 'vice-chair-2', displayName: '王丽娟', unitCode: 'fed-leadership', roles: [{ role: 'admin', unitCode: 'fed-office' }], inChargeOf: [] };
      const forged = await new JwtService({ secret: 'someone-elses-secret-0123456789' }).signAsync(claims, { issuer: 'fulian-flow' });
      const res = await get('/api/auth/me', withToken(forged));
      expect(res.status).toBe(401);
      expect(await message(res)).toEqual(MISSING_TOKEN);

      // the real token with its payload swapped for one that claims admin
      const [header, , signature] = viceChair.token.split('.');
      const payload = Buffer.from(JSON.stringify({ ...claims, iss: 'fulian-flow', iat: Math.floor(Date.now() / 1000) })).toString('base64url');
      expect((await get('/api/auth/me', withToken(`${header}.${payload}.${signature}`))).status).toBe(401);
    });

    it('is refused once expired', async () => {
      const expired = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync(
        { sub: viceChair.user.id, ver: 0 },
        { issuer: 'fulian-flow', expiresIn: -10 },
      );
      expect((await get('/api/auth/me', withToken(expired))).status).toBe(401);
    });
  });

  describe('public routes', () => {
    it('keeps /health, the API docs and sign-in open', async () => {
      expect((await get('/health')).status).toBe(200);
      expect((await get('/api/docs-json')).status).toBe(200);
      expect((await get('/api/docs')).status).toBe(200);
    });

    it('documents the Bearer scheme on protected routes', async () => {
      const doc = (await (await get('/api/docs-json')).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
      expect(doc.paths['/api/auth/me'].get.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/api/auth/login'].post.security).toBeUndefined();
    });
  });

  describe('admin-only routes', () => {
    it('answers 403 to an organiser and runs for the admin', async () => {
      const organiser = await login(t.baseUrl, 'organiser-family-children');
      const refused = await fetch(`${t.baseUrl}/api/system/self-check`, { method: 'POST', headers: organiser.headers });
      expect(refused.status).toBe(403);
      expect(await message(refused)).toEqual({ 'zh-CN': '需要管理员权限', en: 'Admin only' });

      const admin = await login(t.baseUrl, 'admin');
      const ran = await fetch(`${t.baseUrl}/api/system/self-check`, { method: 'POST', headers: admin.headers });
      expect(ran.status).toBe(201);
      expect(await ran.json()).toMatchObject({ requestedBy: 'admin' });
    });

    it('answers 401, not 403, without a token', async () => {
      expect((await fetch(`${t.baseUrl}/api/system/self-check`, { method: 'POST' })).status).toBe(401);
    });
  });

  describe('organisation pickers', () => {
    let session: Session;
    beforeAll(async () => {
      session = await login(t.baseUrl, 'organiser-publicity');
    });

    it('list units by kind and users by role and unit', async () => {
      const units = await get('/api/org/units?kind=district', session.headers);
      expect(units.status).toBe(200);
      const list = (await units.json()) as { code: string; nameZh: string }[];
      expect(list).toHaveLength(40);
      expect(list).toContainEqual(expect.objectContaining({ code: 'district-yuzhong', nameZh: '渝中区妇联' }));

      const users = await get('/api/org/users?role=department-head&unit=dept-publicity', session.headers);
      expect(((await users.json()) as { username: string }[]).map((u) => u.username)).toEqual(['head-publicity']);
    });

    it('list people without their email addresses: a picker shows who and where, not how to reach them', async () => {
      const users = (await (await get('/api/org/users', session.headers)).json()) as Record<string, unknown>[];
      expect(users.length).toBeGreaterThan(100);
      expect(users.filter((u) => 'email' in u)).toEqual([]);
      expect(JSON.stringify(users)).not.toContain('@fulian.example');
    });

    it('answer 400 to an unknown kind or role, and 401 without a token', async () => {
      const bad = await get('/api/org/units?kind=planet', session.headers);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await problems(bad))).toContain('kind');
      expect((await get('/api/org/users?role=emperor', session.headers)).status).toBe(400);
      expect((await get('/api/org/units')).status).toBe(401);
    });
  });
});
