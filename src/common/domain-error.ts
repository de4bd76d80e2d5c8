// Domain errors carry a code; one filter maps every code to its HTTP status. Messages are in both
// languages the product speaks, Chinese first: "活动已取消 / The event is cancelled".
import { ArgumentsHost, Catch, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

export type DomainErrorCode = 'INVALID' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY' | 'UNAVAILABLE';

export interface FieldProblem {
  field: string;
  message: { 'zh-CN': string; en: string } | string;
}

export class DomainError extends Error {
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

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const status = statusOf(error.code);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
  }
}
