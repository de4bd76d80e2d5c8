// Domain errors carry a code; one filter maps every code to its HTTP status. Messages are in both
// languages the product speaks, Chinese first: "活动已取消 / The event is cancelled".
import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

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

export interface FieldProblem {
  field: string;
  message: { 'zh-CN': string; en: string } | string;
}

export class DomainError extends Error {
  /** With TOO_MANY: seconds until trying again makes sense, sent as the Retry-After header. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: DomainErrorCode,
    zh: string,
    en: string,
    readonly details?: FieldProblem[],
  ) {
    super(`${zh} / ${en}`);
    this.name = 'DomainError';
  }
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

/**
 * Domain errors → their status; the database being unreachable → 503 (the person can try again
 * shortly; /health says which part is down); everything else as Nest answers it.
 */
@Catch()
export class DomainErrorFilter extends BaseExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (error instanceof DomainError) {
      const status = statusOf(error.code);
      const response = host.switchToHttp().getResponse<Response>();
      if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      response
        .status(status)
        .json({ statusCode: status, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      const unavailable = new DomainError('UNAVAILABLE', '数据库暂时无法访问，请稍后重试', 'The database cannot be reached right now; try again shortly');
      this.catch(unavailable, host);
      return;
    }
    super.catch(error, host);
  }
}
