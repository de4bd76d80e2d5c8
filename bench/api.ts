// The product's HTTP API as people use it: signed in as demo users, JSON in and out.
import { Client as PgClient } from 'pg';

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export class Api {
  /** One sign-in per user, however many callers ask at once (a password hash costs ~100 ms). */
  private readonly tokens = new Map<string, Promise<string>>();
  private usernames = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** Signs in once per user (password `demo`) and remembers the token. */
  as(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.call<{ accessToken: string }>(undefined, 'POST', '/auth/login', { username, password: 'demo' }).then((b) => b.accessToken);
      this.tokens.set(username, token);
    }
    return token;
  }

  async call<T>(token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.baseUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Calls as a demo user. */
  async by<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(await this.as(username), method, path, body);
  }

  /** Who a user id is, to act as the assignee of a task. */
  async loadUsers(databaseUrl: string): Promise<void> {
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ id: string; username: string }>('SELECT id, username FROM users');
      this.usernames = new Map(rows.map((r) => [r.id, r.username]));
    } finally {
      await pg.end();
    }
  }

  username(userId: string): string {
    const name = this.usernames.get(userId);
    if (!name) throw new Error(`unknown user ${userId}`);
    return name;
  }
}
