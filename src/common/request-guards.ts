// Input the database or the body parser would choke on, refused up front with a 400 that says what
// is wrong (found by fuzzing the API and by hand: they answered 500 and 404).
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './api-errors';
import { DomainError } from './domain-error';

/**
 * PostgreSQL text cannot hold NUL (U+0000): a string with one reaching a query fails with
 * "invalid byte sequence", a 500. This pipe runs before validation on every body, query and path
 * parameter and names the field instead.
 */
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const at = findNul(value, metadata.data ?? '');
    if (at !== undefined) {
      const field = at || metadata.type;
      throw new DomainError('INVALID', `${field}：不能含有空字符（\\u0000）`, `${field}: must not contain NUL (\\u0000) characters`, [
        { field, message: { 'zh-CN': '不能含有空字符（\\u0000）', en: 'must not contain NUL (\\u0000) characters' } },
      ]);
    }
    return value;
  }
}

/** The path of the first string (or key) holding a NUL, or undefined. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const innerPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return innerPath;
    const found = findNul(inner, innerPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What body-parser attaches to the errors it raises (http-errors). */
interface BodyParserError {
  status?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

/**
 * How deeply a JSON body may nest objects and arrays. The deepest real request (a task's form values
 * holding a list) is 3 levels; a body nested a few thousand deep took class-transformer's recursion
 * past the stack (a 500 on any route, login too). Also the urlencoded parser's depth.
 */
export const MAX_JSON_DEPTH = 32;

/** The error `verify` raises for a body nested too deeply; answered 400 below. */
const TOO_DEEP = 'entity.too.deep';

/**
 * Counts the nesting of a JSON text without parsing it: `{` and `[` outside strings open a level.
 * Throws a 400 past `limit`; anything malformed is left for JSON.parse to refuse.
 */
export function assertJsonDepth(text: Buffer | string, limit = MAX_JSON_DEPTH): void {
  // The bytes that matter are ASCII, and in UTF-8 no byte of a multi-byte character is ASCII.
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++; // a backslash escapes the next character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) {
      inString = true;
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) throw Object.assign(new Error(`nested deeper than ${limit} levels`), { status: 400, type: TOO_DEEP });
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
    }
  }
}

/** body-parser's `verify`: the depth check on the raw body, before JSON.parse and validation. */
function verifyJsonDepth(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (!encoding || /^utf-?8$/i.test(encoding)) return assertJsonDepth(body);
  // Other charsets (UTF-16 …) are decoded first: their code units may hold a bracket's byte.
  let text: string;
  try {
    text = new TextDecoder(encoding).decode(body);
  } catch {
    throw Object.assign(new Error(`unsupported charset "${encoding}"`), { status: 415, type: 'charset.unsupported' });
  }
  assertJsonDepth(text);
}

/** The largest request body accepted; a larger one is answered 413. */
export const MAX_BODY_BYTES = 100 * 1024;

const BODY_PROBLEMS: Record<number, [string, string]> = {
  400: ['请求体不是有效的 JSON', 'The request body is not valid JSON'],
  413: ['请求体过大', 'The request body is too large'],
  415: ['不支持的请求体编码', 'The request body has an unsupported encoding or charset'],
};

/**
 * JSON and form bodies, parsed as Nest would, with their errors answered right there: a later
 * error handler (ServeStaticModule's, for routes it excludes such as /api) would turn them into
 * "404 Cannot POST". Call before the app is initialised, with `bodyParser: false` at creation.
 */
export function useBodyParsers(app: NestExpressApplication): void {
  // 100 kB (body-parser's default) holds the largest real request many times over.
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, verify: verifyJsonDepth });
  app.useBodyParser('urlencoded', { extended: true, limit: MAX_BODY_BYTES, depth: MAX_JSON_DEPTH });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = (err ?? {}) as BodyParserError;
    if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || !e.expose || res.headersSent) return next(err);
    if (e.type === TOO_DEEP || e.type === 'querystring.parse.rangeError') {
      const zh = `请求体嵌套过深（最多 ${MAX_JSON_DEPTH} 层）`;
      const en = `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`;
      res.status(400).json(errorBody(400, 'INVALID', { 'zh-CN': zh, en }, [{ field: 'body', message: { 'zh-CN': zh, en } }]));
      return;
    }
    const [zh, en] = BODY_PROBLEMS[e.status] ?? ['请求体有误', 'The request body cannot be read'];
    const cause = e.message ? `: ${e.message}` : '';
    res.status(e.status).json(errorBody(e.status, 'INVALID', { 'zh-CN': `${zh}${cause}`, en: `${en}${cause}` }));
  });
}
