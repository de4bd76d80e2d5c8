// Calling the API over real HTTP as signed-in demo users, with one login per user per test file.
import { login, type Session } from './auth';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Reply<T> {
  status: number;
  body: T;
}

/**
 * Every item of a paged list, 100 a page, each page fetched by `get` (given `path` with its page
 * added); stops at the first refusal, answering its status with what was read before it.
 */
export async function allPages<T>(path: string, get: (pagePath: string) => Promise<Reply<Page<T>> | undefined>): Promise<Reply<T[]> | undefined> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const reply = await get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&pageSize=100`);
    if (reply?.status !== 200) return reply && { status: reply.status, body: items };
    items.push(...reply.body.items);
    if (!reply.body.items.length || items.length >= reply.body.total) return { status: 200, body: items };
  }
}

/** `baseUrl` is read at each call: the app is booted in beforeAll, after the client is made. */
export function apiClient(baseUrl: () => string) {
  const sessions = new Map<string, Session>();

  async function as(username: string): Promise<Session> {
    let s = sessions.get(username);
    if (!s) {
      s = await login(baseUrl(), username);
      sessions.set(username, s);
    }
    return s;
  }

  /** JSON bodies are parsed; anything else (an .ics feed) is returned as text. */
  async function api<T = unknown>(who: Session | null, method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await fetch(`${baseUrl()}/api${path}`, {
      method,
      headers: who ? who.headers : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T };
  }

  /** Every item of a paged list (`path` without `page`). */
  async function all<T>(who: Session | null, path: string): Promise<Reply<T[]>> {
    return (await allPages<T>(path, (pagePath) => api<Page<T>>(who, 'GET', pagePath)))!;
  }

  return { sessions, as, api, all };
}
