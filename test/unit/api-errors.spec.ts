// Every error answer has one body — { statusCode, code, message: { 'zh-CN', en }, details } — whoever
// raised it: a domain refusal, the validation pipe, a guard's HttpException, Nest itself, or a bug.
import { Logger, NotFoundException, ServiceUnavailableException, UnauthorizedException, UnprocessableEntityException, type ArgumentsHost } from '@nestjs/common';
import type { ApiErrorBody } from '../../src/common/api-errors';
import { bilingualOf } from '../../src/common/api-errors';
import { DomainError, DomainErrorFilter } from '../../src/common/domain-error';
import { BilingualValidationPipe } from '../../src/common/validation-messages';
import { DelegateDto } from '../../src/tasks/tasks.dto';

/** What the filter answers for an error: status, headers and body. */
function answer(error: unknown): { status: number; headers: Record<string, string>; body: ApiErrorBody } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown as ApiErrorBody };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => void (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: ApiErrorBody) {
      sent.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(error, host);
  return sent;
}

describe('error answers', () => {
  it('sends a domain refusal with its code, its two texts apart, and its fields', () => {
    const error = new DomainError('INVALID', '结束时间须晚于开始时间', 'endsAt must be after startsAt', [
      { field: 'endsAt', message: { 'zh-CN': '须晚于开始时间', en: 'must be after startsAt' } },
    ]);
    expect(answer(error)).toEqual({
      status: 400,
      headers: {},
      body: {
        statusCode: 400,
        code: 'INVALID',
        message: { 'zh-CN': '结束时间须晚于开始时间', en: 'endsAt must be after startsAt' },
        details: [{ field: 'endsAt', message: { 'zh-CN': '须晚于开始时间', en: 'must be after startsAt' } }],
      },
    });
  });

  it('keeps Retry-After on a refusal that says when to try again', () => {
    const error = new DomainError('TOO_MANY', '过于频繁', 'Too many attempts');
    error.retryAfterSeconds = 89.2;
    expect(answer(error)).toMatchObject({ status: 429, headers: { 'Retry-After': '90' }, body: { code: 'TOO_MANY' } });
  });

  it('answers a validation failure with one message in each language and each problem with its field', async () => {
    const refused = await new BilingualValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true })
      .transform({ toUserId: 'x', colour: 'red' }, { type: 'body', metatype: DelegateDto })
      .catch((e: unknown) => e);
    expect(answer(refused).body).toEqual({
      statusCode: 400,
      code: 'INVALID',
      message: { 'zh-CN': '不允许的字段 colour；toUserId 须为 UUID', en: 'property colour should not exist; toUserId must be a UUID' },
      details: [
        { field: 'colour', message: { 'zh-CN': '不允许的字段 colour', en: 'property colour should not exist' } },
        { field: 'toUserId', message: { 'zh-CN': 'toUserId 须为 UUID', en: 'toUserId must be a UUID' } },
      ],
    });
  });

  it("turns an HttpException's \"中文 / English\" text into its two halves, with the status's code", () => {
    expect(answer(new UnauthorizedException('缺少或无效的登录令牌 / Missing or invalid token')).body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: { 'zh-CN': '缺少或无效的登录令牌', en: 'Missing or invalid token' },
    });
    const reused = new UnprocessableEntityException({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED', message: '此键已用于另一个请求 / This key was used with another request' });
    expect(answer(reused).body).toEqual({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED', message: { 'zh-CN': '此键已用于另一个请求', en: 'This key was used with another request' } });
  });

  it("gives Nest's own English 404 a Chinese half", () => {
    expect(answer(new NotFoundException('Cannot GET /api/nowhere')).body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: { 'zh-CN': '未找到：Cannot GET /api/nowhere', en: 'Cannot GET /api/nowhere' },
    });
  });

  it('leaves an answer with a shape of its own as it is (the health report)', () => {
    const report = { status: 'error', info: {}, error: { temporal: { status: 'down', message: 'Temporal unreachable' } }, details: {} };
    expect(answer(new ServiceUnavailableException(report))).toEqual({ status: 503, headers: {}, body: report });
  });

  it('answers an unreachable database with 503, and a bug with 500 that tells nothing of it', () => {
    expect(answer(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).body).toMatchObject({
      statusCode: 503,
      code: 'UNAVAILABLE',
      message: { 'zh-CN': '数据库暂时无法访问，请稍后重试', en: 'The database cannot be reached right now; try again shortly' },
    });
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const bug = answer(new TypeError("Cannot read properties of undefined (reading 'steps')"));
    expect(bug.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: { 'zh-CN': '服务器内部错误', en: 'Internal server error' } });
    // The stack goes to the log, for whoever runs the server.
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("reading 'steps'"));
    logged.mockRestore();
  });

  it('splits "中文 / English" at the slash that has only English after it', () => {
    expect(bilingualOf('请先修改临时密码（POST /api/auth/password） / Change your temporary password first (POST /api/auth/password)')).toEqual({
      'zh-CN': '请先修改临时密码（POST /api/auth/password）',
      en: 'Change your temporary password first (POST /api/auth/password)',
    });
    expect(bilingualOf('甲 / 乙 / Both halves')).toEqual({ 'zh-CN': '甲 / 乙', en: 'Both halves' });
    expect(bilingualOf('No self-check with id x')).toEqual({ 'zh-CN': 'No self-check with id x', en: 'No self-check with id x' });
  });
});
