// One way to call the API: the signed-in user's token, JSON both ways, and errors that carry the
// server's own refusal ({ code, message: { 'zh-CN', en }, details }), shown in the UI's language.
import i18n from '../i18n';
import type { ApiErrorCode, ErrorResponse, Localized } from './types';

const TOKEN_KEY = 'fulian.token';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** A field at fault, its message in the UI's language. */
export interface FieldMessage {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's code for the refusal; absent when the server could not be reached or answered something else. */
    readonly code?: ApiErrorCode,
    readonly fields: FieldMessage[] = [],
    /** The server's message in both languages, for a page that shows it after the language changes. */
    readonly text?: Localized,
  ) {
    super(message);
  }

  /** The message of one field at fault, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

/** Listeners told when the server says the session is over (401), so the app returns to login. */
const unauthorisedListeners = new Set<() => void>();
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

/** A bilingual text in the UI's language. */
function inLanguage(text: Localized): string {
  return i18n.language === 'en' ? text.en : text['zh-CN'];
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  const m = (body as Partial<ErrorResponse> | null)?.message;
  return typeof m === 'object' && m !== null && typeof m['zh-CN'] === 'string' && typeof m.en === 'string';
}

export function errorFrom(status: number, body: unknown): ApiError {
  // Anything else (a proxy's HTML page, an empty 502) is said by its status alone.
  if (!isErrorResponse(body)) return new ApiError(status, i18n.t('error.http', { status }));
  const fields = (body.details ?? []).map((d) => ({ field: d.field, message: inLanguage(d.message) }));
  return new ApiError(status, inLanguage(body.message) || i18n.t('error.http', { status }), body.code, fields, body.message);
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
