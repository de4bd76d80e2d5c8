// Refusals of bad request bodies and queries, as the API's ValidationPipe words them: in Chinese and
// in English, each problem with its field.
import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { LoginDto } from '../../src/auth/auth.dto';
import { AcknowledgeDto, CreateEventDto, ListEventsQuery, RescheduleDto, UrgeDto } from '../../src/events/events.dto';
import { ListNotificationsQuery, MyChannelsDto, UnitChannelsDto } from '../../src/notifications/notifications.dto';
import type { ApiErrorBody, FieldProblem } from '../../src/common/api-errors';
import { BilingualValidationPipe, bilingual } from '../../src/common/validation-messages';
import { DelegateDto, ListTasksQuery } from '../../src/tasks/tasks.dto';

const pipe = new BilingualValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** The answer a request is refused with (fails the test if it is accepted). */
async function refusalBody(metatype: ArgumentMetadata['metatype'], value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<ApiErrorBody> {
  try {
    await pipe.transform(value, { type, metatype });
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).getResponse() as ApiErrorBody;
  }
  throw new Error(`accepted: ${JSON.stringify(value)}`);
}

/** The problems a request is refused for, each with its field. */
const refusal = async (metatype: ArgumentMetadata['metatype'], value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<FieldProblem[]> =>
  (await refusalBody(metatype, value, type)).details ?? [];

const problem = (field: string, zh: string, en: string): FieldProblem => ({ field, message: { 'zh-CN': zh, en } });

describe('validation messages', () => {
  it('words the usual refusals in Chinese and in English, naming the field', async () => {
    expect(await refusal(DelegateDto, {})).toEqual([problem('toUserId', 'toUserId 须为 UUID', 'toUserId must be a UUID')]);
    expect(await refusal(DelegateDto, { toUserId: '00000000-0000-4000-8000-000000000000', comment: '意'.repeat(2001) })).toEqual([
      problem('comment', 'comment 最多 2000 个字符', 'comment must be shorter than or equal to 2000 characters'),
    ]);
    expect(await refusal(CreateEventDto, { templateCode: 'childrens-day-sorting', title: '', startsAt: '2027-06-01T09:30:00+08:00', venue: 7, colour: 'red' })).toEqual(
      expect.arrayContaining([
        problem('colour', '不允许的字段 colour', 'property colour should not exist'),
        problem('title', 'title 不能为空', 'title should not be empty'),
        problem('venue', 'venue 须为文本', 'venue must be a string'),
      ]),
    );
    expect(await refusal(CreateEventDto, { templateCode: 'childrens-day-sorting', title: '活动', startsAt: '2027-06-01T09:30:00+08:00', participants: ['someone'] })).toEqual([
      problem('participants', '每一项：participants 须为 UUID', 'each value in participants must be a UUID'),
    ]);
    expect(await refusal(ListTasksQuery, { pageSize: 'x' }, 'query')).toEqual([problem('pageSize', 'pageSize 须为 1 至 100 的整数', 'pageSize must be an integer from 1 to 100')]);
    expect(await refusal(ListEventsQuery, { status: 'done', page: '0' }, 'query')).toEqual(
      expect.arrayContaining([
        problem('status', 'status 须为以下值之一：active, postponed, cancelled, archived', 'status must be one of the following values: active, postponed, cancelled, archived'),
      ]),
    );
  });

  it('names the path of a nested field, and says every problem in one message in each language', async () => {
    const body = await refusalBody(UnitChannelsDto, { robots: [{ channel: 'wecom', url: 'not a url' }] });
    expect(body.details).toEqual(expect.arrayContaining([problem('robots.0.url', 'robots.0.url 须为 http:// 或 https:// 开头的地址', 'robots.0.url must be an http(s) URL')]));
    expect([body.statusCode, body.code]).toEqual([400, 'INVALID']);
    const two = await refusalBody(CreateEventDto, { templateCode: 'childrens-day-sorting', title: '', startsAt: '2027-06-01T09:30:00+08:00', endsAt: 'soon' });
    expect(two.message).toEqual({
      'zh-CN': 'title 不能为空；endsAt 须为日期时间，如 2027-06-01T09:30:00+08:00',
      en: 'title should not be empty; endsAt must be a valid ISO 8601 date-time such as 2027-06-01T09:30:00+08:00',
    });
  });

  it('has Chinese in every refusal of a request that gets everything wrong', async () => {
    const everythingWrong: [ArgumentMetadata['metatype'], unknown, ArgumentMetadata['type']][] = [
      [CreateEventDto, { templateCode: 'A1!', title: 5, startsAt: 'soon', endsAt: 3, venue: [], participants: 'all', reminders: { beforeEvent: 'x', taskSla: 1 }, x: 1 }, 'body'],
      [CreateEventDto, { templateCode: 'a', title: 'a'.repeat(201), startsAt: '2027-06-01', participants: Array(501).fill('x'), reminders: 'none' }, 'body'],
      [ListTasksQuery, { status: 'late', kind: 'memo', eventId: 'nope', page: 'x', pageSize: '1000' }, 'query'],
      [ListEventsQuery, { status: 'x', from: 'yesterday', to: '2027-13-01T00:00:00Z', page: '-1', pageSize: '0', template: ['a', 'b'] }, 'query'],
      [DelegateDto, { toUserId: 1, comment: {} }, 'body'],
      [UrgeDto, { taskId: 'x', stepId: 3, unitCode: [] }, 'body'],
      [AcknowledgeDto, { values: 'yes' }, 'body'],
      [RescheduleDto, { startsAt: 1, endsAt: 'later', reason: 5 }, 'body'],
      [MyChannelsDto, { email: { enabled: 'yes', address: 'nobody' } }, 'body'],
      [UnitChannelsDto, { robots: [{ channel: 'sms', url: 'ftp://x', secret: 3 }, 'robot'] }, 'body'],
      [UnitChannelsDto, { robots: 'none' }, 'body'],
      [ListNotificationsQuery, { unread: 'maybe', page: '0' }, 'query'],
      [LoginDto, { username: 3, password: [] }, 'body'],
    ];
    for (const [metatype, value, type] of everythingWrong) {
      const problems = await refusal(metatype, value, type);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect([p, /[\u4e00-\u9fff]/.test(p.message['zh-CN'])]).toEqual([p, true]);
        expect([p, /[\u4e00-\u9fff]/.test(p.message.en)]).toEqual([p, false]);
        expect([p, p.field.length > 0]).toEqual([p, true]);
      }
    }
  });

  it('splits a message a DTO words in both languages into its halves', () => {
    expect(bilingual('须填写原因 / reason is required')).toEqual({ 'zh-CN': '须填写原因', en: 'reason is required' });
    expect(bilingual('请先修改临时密码（POST /api/auth/password） / Change your temporary password first (POST /api/auth/password)')).toEqual({
      'zh-CN': '请先修改临时密码（POST /api/auth/password）',
      en: 'Change your temporary password first (POST /api/auth/password)',
    });
    expect(bilingual('robots.0.url must be a URL address')).toEqual({ 'zh-CN': 'robots.0.url 须为网址', en: 'robots.0.url must be a URL address' });
  });
});
