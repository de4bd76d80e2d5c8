// The body of every refusal, and the decorator that documents which refusals a route gives: the
// OpenAPI document promises exactly what the API answers (the fuzz tests in test/fuzz hold it to it).
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { DomainErrorCode } from './domain-error';

const DOMAIN_ERROR_CODES: DomainErrorCode[] = ['INVALID', 'UNAUTHENTICATED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY', 'UNAVAILABLE'];

export class BilingualMessageDto {
  @ApiProperty({ example: '须晚于现在' }) 'zh-CN': string;
  @ApiProperty({ example: 'must be in the future' }) en: string;
}

export class FieldProblemDto {
  @ApiProperty({ example: 'startsAt' }) field: string;
  @ApiProperty({ oneOf: [{ $ref: getSchemaPath(BilingualMessageDto) }, { type: 'string' }] }) message: BilingualMessageDto | string;
}

export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode: number;
  @ApiPropertyOptional({
    type: 'string',
    example: 'INVALID',
    description: `A domain refusal: the code behind the status, one of ${DOMAIN_ERROR_CODES.join(', ')}, or IDEMPOTENCY_KEY_REUSED (422)`,
  })
  code?: DomainErrorCode | 'IDEMPOTENCY_KEY_REUSED';
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'Chinese first, then English; request validation lists one message per problem',
    example: '开始时间须晚于现在 / startsAt must be in the future',
  })
  message: string | string[];
  @ApiPropertyOptional({ example: 'Bad Request' }) error?: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The fields at fault, each with its message' }) details?: FieldProblemDto[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const MEANING: Record<ErrorStatus, string> = {
  400: 'Bad input: the message names the field (请求有误)',
  401: 'No valid login token (未登录或令牌无效)',
  403: 'The signed-in user may not do this (无权操作); PASSWORD_CHANGE_REQUIRED: a temporary password must be changed first (请先修改临时密码)',
  404: 'No such resource, or not visible to this user (不存在)',
  409: "The event's state does not allow this now (当前状态不允许)",
  413: 'The request body is too large',
  422: 'The Idempotency-Key was used with a different request',
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
