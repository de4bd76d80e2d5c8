// Domain errors carry a code; one filter maps every code to its HTTP status and answers every
// error, ours or Nest's, with one body: { statusCode, code, message: { 'zh-CN', en }, details }.
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { bilingualOf, errorBody, type ApiErrorBody, type ApiErrorCode, type Bilingual, type FieldProblem } from './api-errors';

export type { FieldProblem } from './api-errors';

export type DomainErrorCode =
  | 'INVALID'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  /** 403 while the account's password is a temporary one an administrator set: change it first. */
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY'
  | 'UNAVAILABLE';

export class DomainError extends Error {
  /** With TOO_MANY: seconds until trying again makes sense, sent as the Retry-After header. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: DomainErrorCode,
    zh: string,
    en: string,
    readonly details?: FieldProblem[],
  ) {
    // The one-line form is for logs; the answer carries the two texts apart (`text`).
    super(`${zh} / ${en}`);
    this.name = 'DomainError';
    this.text = { 'zh-CN': zh, en };
  }

  /** The refusal in both languages, as the answer carries it. */
  readonly text: Bilingual;
}

export function statusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case 'INVALID':
      return HttpStatus.BAD_REQUEST;
    case 'UNAUTHENTICATED':
      return HttpStatus.UNAUTHORIZED;
    case 'FORBIDDEN':
    case 'PASSWORD_CHANGE_REQUIRED':
      return HttpStatus.FORBIDDEN;
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'CONFLICT':
      return HttpStatus.CONFLICT;
    case 'TOO_MANY':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped domain error code ${String(code)}`);
}

/** PostgreSQL error codes and socket errors that mean "the database cannot be reached now". */
const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** A failure to reach PostgreSQL (through TypeORM or pg), as opposed to a bug in a query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed: errors raised by Node's sockets need not be instances of this realm's Error.
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } };
  const code = e.driverError?.code ?? e.code;
  if (typeof code === 'string' && DATABASE_DOWN.has(code)) return true;
  const message = e.driverError?.message ?? e.message;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|the database system is (starting up|shutting down)/i.test(message);
}

/** The code an HTTP status stands for when the error is not a domain error (Nest's own, a guard's). */
const CODE_OF_STATUS: Partial<Record<number, ApiErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'TOO_MANY',
  503: 'UNAVAILABLE',
};

function codeOfStatus(status: number): ApiErrorCode {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID');
}

const API_ERROR_CODE_SET = new Set<string>(['INVALID', 'UNAUTHENTICATED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY', 'UNAVAILABLE', 'IDEMPOTENCY_KEY_REUSED', 'INTERNAL']);

/** Nest's HttpException (thrown by us with a "中文 / English" text, or by Nest itself) → our body. */
function bodyOfHttpException(error: HttpException): ApiErrorBody {
  const status = error.getStatus();
  const response = error.getResponse();
  const r = (typeof response === 'object' && response !== null ? response : { message: response }) as { code?: unknown; message?: unknown; details?: FieldProblem[] };
  const code = typeof r.code === 'string' && API_ERROR_CODE_SET.has(r.code) ? (r.code as ApiErrorCode) : codeOfStatus(status);
  // Already in our shape (the validation pipe's refusals).
  if (isBilingual(r.message)) return errorBody(status, code, r.message, r.details);
  const text = Array.isArray(r.message) ? r.message.map(String).join('; ') : typeof r.message === 'string' ? r.message : error.message;
  // Nest's own English texts ("Cannot GET /api/nope") get a Chinese half that says the same.
  const message = bilingualOf(text);
  if (message['zh-CN'] === message.en && status === 404) message['zh-CN'] = `未找到：${text}`;
  return errorBody(status, code, message);
}

function isBilingual(value: unknown): value is Bilingual {
  return typeof value === 'object' && value !== null && typeof (value as Bilingual)['zh-CN'] === 'string' && typeof (value as Bilingual).en === 'string';
}

const INTERNAL: Bilingual = { 'zh-CN': '服务器内部错误', en: 'Internal server error' };

/**
 * Domain errors → their status; the database being unreachable → 503 (the person can try again
 * shortly; /health says which part is down); Nest's HTTP errors with their status; anything else
 * is a 500, logged with its stack and answered without it.
 */
@Catch()
export class DomainErrorFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      // Too late for a refusal (a stream failed half-way): say so in the log and end the answer.
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      if (!response.writableEnded) response.end();
      return;
    }
    if (isDatabaseUnavailable(error) && !(error instanceof DomainError)) {
      error = new DomainError('UNAVAILABLE', '数据库暂时无法访问，请稍后重试', 'The database cannot be reached right now; try again shortly');
    }
    let body: ApiErrorBody;
    if (error instanceof DomainError) {
      body = errorBody(statusOf(error.code), error.code, error.text, error.details);
      if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    } else if (error instanceof HttpException) {
      const own = error.getResponse();
      // An answer with a shape of its own, not a refusal (/health's report of what is down): as it is.
      if (typeof own === 'object' && own !== null && !('message' in own)) {
        response.status(error.getStatus()).json(own);
        return;
      }
      body = bodyOfHttpException(error);
    } else {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      body = errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL', INTERNAL);
    }
    response.status(body.statusCode).json(body);
  }
}
