// The body of every refusal, and the decorator that documents which refusals a route gives: the
// OpenAPI document promises exactly what the API answers (the fuzz tests in test/fuzz hold it to it).
// A refusal travels as data — a code, the message in both languages, the fields at fault — and the
// client picks the language.
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { DomainErrorCode } from './domain-error';

/** A text in the two languages the product speaks. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** One field at fault, with what is wrong with it. */
export interface FieldProblem {
  /** The field's path in the request: `startsAt`, `robots.0.url`, `values.theme`, or `body`. */
  field: string;
  message: Bilingual;
}

/**
 * Every code an error answer carries: a domain refusal's, a reused Idempotency-Key (422), or
 * INTERNAL for a failure of ours (500).
 */
export type ApiErrorCode = DomainErrorCode | 'IDEMPOTENCY_KEY_REUSED' | 'INTERNAL';

export const API_ERROR_CODES: readonly ApiErrorCode[] = [
  'INVALID',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PASSWORD_CHANGE_REQUIRED',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY',
  'UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'INTERNAL',
];

export interface ApiErrorBody {
  statusCode: number;
  code: ApiErrorCode;
  message: Bilingual;
  details?: FieldProblem[];
}

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

/**
 * "中文 / English" (how the product's messages are written at the source) → its two halves. The
 * split is at the first " / " with no Chinese after it; a text with no such split is both halves.
 */
export function bilingualOf(text: string): Bilingual {
  for (let at = text.indexOf(' / '); at >= 0; at = text.indexOf(' / ', at + 1)) {
    const en = text.slice(at + 3);
    if (!CJK.test(en)) return { 'zh-CN': text.slice(0, at), en };
  }
  return { 'zh-CN': text, en: text };
}

/** An error answer's body, for the few places that answer before Nest's exception filter can. */
export function errorBody(statusCode: number, code: ApiErrorCode, message: Bilingual | string, details?: FieldProblem[]): ApiErrorBody {
  return { statusCode, code, message: typeof message === 'string' ? bilingualOf(message) : message, ...(details?.length ? { details } : {}) };
}

export class BilingualMessageDto implements Bilingual {
  @ApiProperty({ example: '开始时间须晚于现在' }) 'zh-CN': string;
  @ApiProperty({ example: 'startsAt must be in the future' }) en: string;
}

export class FieldProblemDto implements FieldProblem {
  @ApiProperty({ example: 'startsAt', description: 'The path of the field in the request (`robots.0.url`, `values.theme`), or `body`' }) field: string;
  @ApiProperty({ type: BilingualMessageDto }) message: BilingualMessageDto;
}

export class ErrorResponseDto implements ApiErrorBody {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode: number;
  @ApiProperty({ enum: API_ERROR_CODES, enumName: 'ApiErrorCode', example: 'INVALID', description: 'What kind of refusal, whatever the language' })
  code: ApiErrorCode;
  @ApiProperty({ type: BilingualMessageDto, description: 'The refusal in both languages; for request validation, every problem in one sentence' })
  message: BilingualMessageDto;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The fields at fault, each with its own message' }) details?: FieldProblemDto[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const MEANING: Record<ErrorStatus, string> = {
  400: 'Bad input: `details` names the fields (请求有误)',
  401: 'No valid login token (未登录或令牌无效)',
  403: 'The signed-in user may not do this (无权操作); PASSWORD_CHANGE_REQUIRED: a temporary password must be changed first (请先修改临时密码)',
  404: 'No such resource, or not visible to this user (不存在)',
  409: "The event's state does not allow this now (当前状态不允许)",
  413: 'The request body is too large',
  422: 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used with a different request',
  429: 'Too many requests: try again later (过于频繁)',
  503: 'Temporal or the database cannot be reached; nothing was done (服务暂不可用)',
};

/** Documents the refusals a route (or, on a class, every route of it) can answer, all with ErrorResponseDto. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponseDto, FieldProblemDto, BilingualMessageDto),
    ...statuses.map((status) => ApiResponse({ status, description: MEANING[status], type: ErrorResponseDto })),
  );
}
