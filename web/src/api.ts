// One way to call the API: the signed-in user's token, JSON both ways, and errors that carry the
// server's own message (the API answers "中文 / English"; we show the half in the UI's language).
import i18n from './i18n';

const TOKEN_KEY = 'fulian.token';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** Listeners told when the server says the session is over (401), so the app returns to login. */
const unauthorisedListeners = new Set<() => void>();
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

/** "中文 / English" → the half for the current language; other texts unchanged. */
export function pickLanguage(text: string): string {
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return i18n.language === 'en' ? parts[1] : parts[0];
}

function localized(value: unknown): string | undefined {
  if (typeof value === 'string') return pickLanguage(value);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const text = i18n.language === 'en' ? (v.en ?? v['zh-CN']) : (v['zh-CN'] ?? v.en);
    if (typeof text === 'string') return text;
  }
  return undefined;
}

function errorFrom(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(b.details)
    ? (b.details as Record<string, unknown>[]).map((d) => ({ field: typeof d.field === 'string' ? d.field : '', message: localized(d.message) ?? '' }))
    : [];
  let message: string | undefined;
  if (Array.isArray(b.message)) message = (b.message as unknown[]).map((m) => localized(m) ?? String(m)).join('；');
  else message = localized(b.message) ?? localized(b.error);
  return new ApiError(status, message || i18n.t('error.http', { status }), fields);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, i18n.t('error.network'));
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && token) unauthorisedListeners.forEach((l) => l());
    throw errorFrom(res.status, parsed);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
