// Input the database or the body parser would choke on, refused up front with a 400 that says what
// is wrong (both found by fuzzing the API: they answered 500 and 404).
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
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
  app.useBodyParser('json');
  app.useBodyParser('urlencoded', { extended: true });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = (err ?? {}) as BodyParserError;
    if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || !e.expose || res.headersSent) return next(err);
    const [zh, en] = BODY_PROBLEMS[e.status] ?? ['请求体有误', 'The request body cannot be read'];
    res.status(e.status).json({
      statusCode: e.status,
      code: 'INVALID',
      message: `${zh} / ${en}${e.message ? `: ${e.message}` : ''}`,
    });
  });
}
