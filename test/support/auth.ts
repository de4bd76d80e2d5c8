// Signing in from tests: every API route but /health, sign-in and the docs needs a Bearer token.

/** The demo password global setup seeds every demo user with. */
export const DEMO_PASSWORD = 'demo';

export interface Session {
  token: string;
  user: { id: string; username: string; displayName: string; unitCode: string; roles: { role: string; unitCode: string }[] };
  /** Headers for fetch: the Bearer token, plus JSON when there is a body. */
  headers: Record<string, string>;
}

export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`Login as ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string; user: Session['user'] };
  return {
    token: body.accessToken,
    user: body.user,
    headers: { authorization: `Bearer ${body.accessToken}`, 'content-type': 'application/json' },
  };
}
